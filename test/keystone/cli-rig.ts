/**
 * The command line against the rig, for the real-server CLI suites (cli.test.ts, cli-network.test.ts): the bundle as
 * it ships run as the rig's admin with a token cache of the suite's own, and python-openstackclient's recorded
 * answers (test/fixtures/cli/osc-keys.json, recorded by scripts/cli/record-osc.sh).
 */
import { execFile } from "node:child_process"
import { mkdtempSync, readFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { cliEntry } from "../support/cli.ts"
import { facts, user } from "./rig.ts"

/** What a run of the CLI answered. */
export interface Ran {
  readonly code: number
  readonly stdout: string
  readonly stderr: string
}

/** What openstackclient printed: each command's `-f json` keys, and the stdout and exit code of the quiet ones. */
export const recorded = JSON.parse(readFileSync(new URL("../fixtures/cli/osc-keys.json", import.meta.url), "utf8")) as {
  readonly commands: Readonly<Record<string, ReadonlyArray<string> | null>>
  readonly quiet: Readonly<Record<string, { readonly exit: number, readonly stdout: string }>>
}

/**
 * A runner of the CLI as the rig's admin, its token cache in a new directory named `name-…`; `env` adds variables
 * (`OS_REGION_NAME`, …).
 */
export const adminCli = (name: string, env: Readonly<Record<string, string>> = {}) => {
  const scratch = mkdtempSync(join(tmpdir(), `${name}-`))
  return (args: ReadonlyArray<string>): Promise<Ran> =>
    new Promise<Ran>((resolve) => {
      execFile(process.execPath, [cliEntry, ...args], {
        env: {
          PATH: process.env.PATH ?? "",
          HOME: scratch,
          XDG_CACHE_HOME: join(scratch, "cache"),
          OS_AUTH_URL: facts.auth_url,
          OS_USERNAME: "admin",
          OS_PASSWORD: user("admin").password,
          OS_PROJECT_NAME: "admin",
          OS_USER_DOMAIN_NAME: "Default",
          OS_PROJECT_DOMAIN_NAME: "Default",
          OS_IDENTITY_API_VERSION: "3",
          ...env
        },
        timeout: 60_000
      }, (error, stdout, stderr) => resolve({ code: error === null ? 0 : Number(error.code ?? 1), stdout, stderr }))
    })
}
