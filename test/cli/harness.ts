/**
 * The command line as a user runs it, for the CLI's tests: a child process (the bundle as it ships, test/support/cli.ts)
 * against FakeCloud served on 127.0.0.1, with the OS_* variables of its admin and a token cache of the test's own.
 */
import { execFile } from "node:child_process"
import { mkdtempSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Effect } from "effect"
import { FakeCloud } from "effect-openstack/testing"
import { cliEntry } from "../support/cli.ts"

/** What a run of the CLI answered. */
export interface Ran {
  readonly code: number
  readonly stdout: string
  readonly stderr: string
}

/** Runs the CLI with `args` against `cloud`, as its admin (or as `env` says), the token cache in `cache`. */
export const cli = (cloud: FakeCloud.FakeCloudShape, cache: string, args: ReadonlyArray<string>, env: Record<string, string> = {}) =>
  Effect.promise(() => new Promise<Ran>((resolve) => {
    execFile(process.execPath, [cliEntry, ...args], {
      env: {
        PATH: process.env.PATH ?? "",
        HOME: cache,
        XDG_CACHE_HOME: cache,
        OS_AUTH_URL: cloud.authUrl,
        OS_USERNAME: "admin",
        OS_PASSWORD: "admin-secret",
        OS_PROJECT_NAME: "admin",
        OS_USER_DOMAIN_NAME: "Default",
        OS_PROJECT_DOMAIN_NAME: "Default",
        OS_IDENTITY_API_VERSION: "3",
        ...env
      },
      timeout: 30_000
    }, (error, stdout, stderr) => resolve({ code: error === null ? 0 : Number(error.code ?? 1), stdout, stderr }))
  }))

/** How many token POSTs `cloud` has answered. */
export const tokenPosts = (cloud: FakeCloud.FakeCloudShape) =>
  Effect.map(cloud.requests, (all) => all.filter((r) => r.method === "POST" && r.path.endsWith("/auth/tokens")).length)

/** Runs `body` with a FakeCloud (the default seed, or `options`'s) and a token cache directory of its own. */
export const withCloud = <A, E>(
  body: (cloud: FakeCloud.FakeCloudShape, cache: string) => Effect.Effect<A, E>,
  options: Parameters<typeof FakeCloud.serve>[0] = {}
) =>
  Effect.gen(function* () {
    const cloud = yield* FakeCloud.FakeCloud
    return yield* body(cloud, mkdtempSync(join(tmpdir(), "cli-test-")))
  }).pipe(Effect.provide(FakeCloud.serve(options)), Effect.scoped)
