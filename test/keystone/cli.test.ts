/**
 * The command line against the real Keystone, compared with python-openstackclient: for each command it has, the keys
 * of its `-f json` output are those `openstack` printed for the same command on the same kind of server (for `user
 * show`, a user with an email and a default project, as the recorded one had)
 * (test/fixtures/cli/osc-keys.json, recorded by scripts/cli/record-osc.sh).
 */
import { execFile } from "node:child_process"
import { mkdtempSync, readFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { promisify } from "node:util"
import { describe, expect, it } from "vitest"
import { facts, user } from "./rig.ts"

const run = promisify(execFile)
const main = new URL("../../src/cli/main.ts", import.meta.url).pathname
const scratch = mkdtempSync(join(tmpdir(), "effect-openstack-cli-"))
const recorded = JSON.parse(readFileSync(new URL("../fixtures/cli/osc-keys.json", import.meta.url), "utf8")) as {
  readonly commands: Readonly<Record<string, ReadonlyArray<string>>>
}

/** The CLI's `-f json` output for `args`, as the rig's admin. */
const json = async (args: ReadonlyArray<string>): Promise<unknown> => {
  const { stdout } = await run(process.execPath, ["--conditions=effect-openstack/source", main, ...args, "-f", "json"], {
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
      OS_IDENTITY_API_VERSION: "3"
    },
    timeout: 60_000
  })
  return JSON.parse(stdout)
}

const keysOf = (value: unknown): ReadonlyArray<string> => {
  const first = Array.isArray(value) ? (value[0] as unknown) : value
  return typeof first === "object" && first !== null ? Object.keys(first).sort() : []
}

describe("the CLI against the real Keystone: the keys python-openstackclient prints", () => {
  const cases: ReadonlyArray<readonly [string, ReadonlyArray<string>]> = [
    ["token issue", ["token", "issue"]],
    ["project list", ["project", "list"]],
    ["project list --long", ["project", "list", "--long"]],
    ["project show", ["project", "show", "admin"]],
    ["user list", ["user", "list"]],
    ["user list --long", ["user", "list", "--long"]],
    ["user show", ["user", "show", "demo"]],
    ["domain list", ["domain", "list"]],
    ["domain show", ["domain", "show", "Default"]],
    ["group list", ["group", "list"]],
    ["group show", ["group", "show", "demo-group"]],
    ["role list", ["role", "list"]],
    ["role show", ["role", "show", "member"]]
  ]
  for (const [command, args] of cases) {
    it(command, async () => {
      const expected = recorded.commands[command]
      expect(expected, `no fixture for ${command}`).toBeDefined()
      expect(keysOf(await json(args))).toEqual([...(expected ?? [])].sort())
    }, 60_000)
  }
})
