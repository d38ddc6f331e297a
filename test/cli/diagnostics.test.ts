/**
 * The CLI's diagnostics against FakeCloud: `--timing` (osc-lib's timing table after the output), `--debug` (the
 * Session's redacted curl lines and a failure's whole cause on stderr), and `fake-cloud` (a cloud served for the CLI).
 */
import { spawn } from "node:child_process"
import { mkdtempSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { cliEntry } from "../support/cli.ts"
import { cli, type Ran, withCloud } from "./harness.ts"

/** The rows of the timing table at the end of `stdout`: [URL, seconds]. */
const timingRows = (stdout: string): ReadonlyArray<readonly [string, number]> => {
  const table = stdout.slice(stdout.lastIndexOf("\n\n+") + 2)
  return table.split("\n")
    .filter((line) => line.startsWith("| ") && !line.startsWith("| URL "))
    .map((line) => line.split("|").map((cell) => cell.trim()))
    .map((cells) => [cells[1] ?? "", Number(cells[2])] as const)
}

describe("--timing and --debug", () => {
  it.live("--timing: after the output, a blank line and a table of each request and authentication, then Total", () =>
    withCloud((cloud, cache) =>
      Effect.gen(function* () {
        const ran = yield* cli(cloud, cache, ["--timing", "project", "list", "-f", "value", "-c", "Name"])
        assert.strictEqual(ran.code, 0, ran.stderr)
        assert.isTrue(ran.stdout.startsWith("admin\ndemo\n\n+"), ran.stdout)
        const rows = timingRows(ran.stdout)
        assert.deepStrictEqual(rows.map(([url]) => url), [
          "authentication (password)",
          `GET ${cloud.authUrl}/projects`,
          "Total"
        ])
        for (const [, seconds] of rows) assert.isTrue(seconds > 0 && seconds < 30, String(seconds))
        const total = rows.at(-1)?.[1] ?? 0
        const sum = rows.slice(0, -1).reduce((all, [, seconds]) => all + seconds, 0)
        assert.approximately(total, sum, 0.00001)
        // The token is cached now: no authentication in the next command's table.
        const again = yield* cli(cloud, cache, ["--timing", "project", "list"])
        assert.deepStrictEqual(timingRows(again.stdout).map(([url]) => url), [`GET ${cloud.authUrl}/projects`, "Total"])
      })), 30_000)

  it.live("--debug: the requests as curl lines and the answers on stderr, the token and the password never", () =>
    withCloud((cloud, cache) =>
      Effect.gen(function* () {
        const ran = yield* cli(cloud, cache, ["--debug", "project", "show", "demo", "-f", "value", "-c", "name"])
        assert.strictEqual(ran.code, 0, ran.stderr)
        assert.strictEqual(ran.stdout, "demo\n")
        assert.include(ran.stderr, `REQ: curl -g -i -X POST "${cloud.authUrl}/auth/tokens"`)
        assert.include(ran.stderr, `REQ: curl -g -i -X GET "${cloud.authUrl}/projects/demo"`)
        assert.match(ran.stderr, /X-Auth-Token: \{SHA256\}[0-9a-f]{64}/)
        assert.match(ran.stderr, /RESP: \[200\]/)
        const token = (yield* cli(cloud, cache, ["token", "issue", "-f", "value", "-c", "id"])).stdout.trim()
        assert.isAbove(token.length, 10)
        assert.notInclude(ran.stderr, token)
        assert.notInclude(ran.stderr, "admin-secret")
        const quiet = yield* cli(cloud, cache, ["project", "show", "demo", "-f", "value", "-c", "name"])
        assert.strictEqual(quiet.stderr, "")
      })), 30_000)

  it.live("a failure: one line without --debug; with it, the whole cause before that line", () =>
    withCloud((cloud, cache) =>
      Effect.gen(function* () {
        const plain = yield* cli(cloud, cache, ["project", "show", "nope"])
        assert.deepStrictEqual([plain.code, plain.stderr], [1, "no project has the id or the name \"nope\"\n"])
        const debugged = yield* cli(cloud, cache, ["--debug", "project", "show", "nope"])
        assert.strictEqual(debugged.code, 1)
        const lines = debugged.stderr.trim().split("\n")
        assert.strictEqual(lines.at(-1), "no project has the id or the name \"nope\"")
        assert.include(debugged.stderr, "NotFound")
      })), 30_000)
})

/** Starts `fake-cloud`, answers the variables it printed and the process (to kill). */
const startFakeCloud = Effect.acquireRelease(
  Effect.callback<{ readonly env: Record<string, string>, readonly stop: () => void }>((resume) => {
    const child = spawn(process.execPath, [cliEntry, "fake-cloud"], {
      env: { PATH: process.env.PATH ?? "" },
      stdio: ["ignore", "pipe", "pipe"]
    })
    let out = ""
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString()
      if (!out.includes("OS_REGION_NAME")) return
      const env = Object.fromEntries(out.trim().split("\n").map((line) => {
        const [name, ...value] = line.replace(/^export /, "").split("=")
        return [name ?? "", value.join("=")]
      }))
      resume(Effect.succeed({ env, stop: () => void child.kill() }))
    })
  }).pipe(Effect.timeout("20 seconds")),
  (served) => Effect.sync(served.stop)
)

describe("fake-cloud", () => {
  it.live("serves FakeCloud on a free port and prints its admin's OS_* variables, which the next command uses", () =>
    Effect.gen(function* () {
      const served = yield* startFakeCloud
      assert.match(served.env.OS_AUTH_URL ?? "", /^http:\/\/127\.0\.0\.1:\d+\/identity\/v3$/)
      assert.strictEqual(served.env.OS_USERNAME, "admin")
      const cache = mkdtempSync(join(tmpdir(), "cli-fake-"))
      const listed = yield* Effect.promise(() => new Promise<Ran>((resolve) => {
        const child = spawn(process.execPath, [cliEntry, "project", "list", "-f", "value", "-c", "Name", "--sort-column", "Name"], {
          env: { PATH: process.env.PATH ?? "", HOME: cache, XDG_CACHE_HOME: cache, ...served.env }
        })
        let stdout = ""
        let stderr = ""
        child.stdout.on("data", (chunk: Buffer) => void (stdout += chunk.toString()))
        child.stderr.on("data", (chunk: Buffer) => void (stderr += chunk.toString()))
        child.on("exit", (code) => resolve({ code: code ?? 1, stdout, stderr }))
      }))
      assert.deepStrictEqual([listed.code, listed.stdout], [0, "admin\ndemo\n"], listed.stderr)
    }).pipe(Effect.scoped), 40_000)
})
