/**
 * The command line against the real Keystone, compared with python-openstackclient: for each command it has, the keys
 * of its `-f json` output are those `openstack` printed for the same command on the same kind of server (for `user
 * show`, a user with an email and a default project, as the recorded one had)
 * (test/fixtures/cli/osc-keys.json, recorded by scripts/cli/record-osc.sh).
 */
import { afterAll, describe, expect, it } from "vitest"
import { adminCli, recorded } from "./cli-rig.ts"

/** The CLI run with `args`, as the rig's admin. */
const cli = adminCli("effect-openstack-cli")

/** The CLI's `-f json` output for `args`, as the rig's admin. */
const json = async (args: ReadonlyArray<string>): Promise<unknown> => {
  const ran = await cli([...args, "-f", "json"])
  expect(ran.code, ran.stderr).toBe(0)
  return JSON.parse(ran.stdout)
}

const keysOf = (value: unknown): ReadonlyArray<string> => {
  const first = Array.isArray(value) ? (value[0] as unknown) : value
  return typeof first === "object" && first !== null ? Object.keys(first).sort() : []
}

/** Expects the keys `openstack` printed for `command` of the CLI's `-f json` output for `args`; answers the output. */
const sameKeys = async (command: string, args: ReadonlyArray<string>): Promise<unknown> => {
  const expected = recorded.commands[command]
  expect(expected, `no fixture for ${command}`).toBeDefined()
  const output = await json(args)
  expect(keysOf(output)).toEqual([...(expected ?? [])].sort())
  return output
}

/** Expects what `openstack` did for `command` (exit 0, nothing on stdout) of the CLI run with `args`. */
const sameQuiet = async (command: string, args: ReadonlyArray<string>) => {
  const expected = recorded.quiet[command]
  expect(expected, `no fixture for ${command}`).toBeDefined()
  const ran = await cli(args)
  expect({ exit: ran.code, stdout: ran.stdout }, ran.stderr).toEqual(expected)
}

const idOf = (output: unknown): string => String((output as { readonly id?: unknown }).id)

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
    ["role show", ["role", "show", "member"]],
    ["role assignment list", ["role", "assignment", "list"]],
    ["role assignment list --names", ["role", "assignment", "list", "--names"]],
    ["role assignment list --effective", ["role", "assignment", "list", "--effective"]],
    ["catalog list", ["catalog", "list"]],
    ["catalog show identity", ["catalog", "show", "identity"]],
    ["endpoint list", ["endpoint", "list"]],
    ["service list", ["service", "list"]],
    ["service show identity", ["service", "show", "identity"]],
    ["region list", ["region", "list"]],
    ["region show", ["region", "show", "RegionOne"]]
  ]
  for (const [command, args] of cases) {
    it(command, () => sameKeys(command, args), 60_000)
  }

  it("endpoint show", async () => {
    const endpoints = await json(["endpoint", "list", "--service", "identity", "--interface", "public"])
    const [first] = endpoints as ReadonlyArray<{ readonly ID: string }>
    expect(first).toBeDefined()
    await sameKeys("endpoint show", ["endpoint", "show", first?.ID ?? ""])
  }, 60_000)
})

/**
 * Scratch resources, each made by the CLI (their create's keys compared), changed, related and deleted by it (exit 0
 * and nothing printed, as `openstack` did); whatever a failed test leaves is deleted in `afterAll`.
 */
describe("the CLI against the real Keystone: create, set, add, remove and delete as openstackclient", () => {
  const prefix = `eos-cli-${Date.now().toString(36)}-`
  const made: Record<string, string> = {}
  const make = async (kind: string, command: string, args: ReadonlyArray<string>) => {
    made[kind] = idOf(await sameKeys(command, args))
    return made[kind]
  }

  afterAll(async () => {
    for (const kind of ["application credential", "user", "group", "project", "role"]) {
      const id = made[kind]
      if (id !== undefined) await cli([...kind.split(" "), "delete", id])
    }
    if (made.domain !== undefined) {
      await cli(["domain", "set", "--disable", made.domain])
      await cli(["domain", "delete", made.domain])
    }
  }, 120_000)

  it("domain, project, user, group, role and application credential create", async () => {
    await make("domain", "domain create", ["domain", "create", "--description", "scratch", `${prefix}domain`])
    const project = await make("project", "project create", [
      "project", "create", "--domain", "Default", "--description", "scratch", `${prefix}project`
    ])
    await make("user", "user create", [
      "user", "create", "--domain", "Default", "--password", "eos-cli-secret", "--project", project, "--email",
      "fixture@example.org", `${prefix}user`
    ])
    await make("group", "group create", ["group", "create", "--domain", "Default", "--description", "scratch", `${prefix}group`])
    await make("role", "role create", ["role", "create", `${prefix}role`])
    const credential = await make("application credential", "application credential create", [
      "application", "credential", "create", "--description", "scratch", `${prefix}appcred`
    ])
    await sameKeys("application credential list", ["application", "credential", "list"])
    await sameKeys("application credential show", ["application", "credential", "show", credential])
    await sameKeys("user show", ["user", "show", made.user ?? ""])
    // --or-show: Keystone answers 409 for a taken name, and the item that has it is shown.
    for (const kind of ["domain", "project", "user", "group", "role"]) {
      const inDomain = kind === "domain" || kind === "role" ? [] : ["--domain", "Default"]
      const shown = await cli([kind, "create", ...inDomain, "--or-show", `${prefix}${kind}`, "-f", "value", "-c", "id"])
      expect([shown.code, shown.stdout.trim(), kind]).toEqual([0, made[kind], kind])
    }
  }, 180_000)

  it("group add user, role add, and the set commands", async () => {
    const { domain = "", group = "", project = "", role = "", user: scratchUser = "" } = made
    await sameQuiet("group add user", ["group", "add", "user", group, scratchUser])
    await sameQuiet("role add", ["role", "add", "--project", project, "--user", scratchUser, role])
    const names = await json(["role", "assignment", "list", "--names", "--user", scratchUser])
    expect(names).toEqual([{
      Role: `${prefix}role`, User: `${prefix}user@Default`, Group: "", Project: `${prefix}project@Default`, Domain: "",
      System: "", Inherited: false
    }])
    // Names looked up in the domain --user-domain / --project-domain / --group-domain name (Keystone's filters).
    const inDefault = ["--user", `${prefix}user`, "--user-domain", "Default", "--project", `${prefix}project`, "--project-domain", "default"]
    expect((await cli(["role", "add", ...inDefault, `${prefix}role`])).code).toBe(0)
    const byNames = await json(["role", "assignment", "list", "--names", ...inDefault])
    expect(byNames).toEqual(names)
    const grouped = await cli(["role", "add", "--group", `${prefix}group`, "--group-domain", "Default", "--project", project, `${prefix}role`])
    expect([grouped.code, grouped.stderr]).toEqual([0, ""])
    expect((await cli(["role", "remove", "--group", group, "--project", project, role])).code).toBe(0)
    for (const verb of ["add", "remove"]) {
      const nowhere = await cli(["role", verb, "--user", `${prefix}user`, "--user-domain", `${prefix}nosuch`, "--project", project, role])
      expect([nowhere.code, nowhere.stderr]).toEqual([1, `no domain has the id or the name "${prefix}nosuch"\n`])
    }
    await sameQuiet("project set", ["project", "set", "--description", "scratch, changed", project])
    await sameQuiet("user set", ["user", "set", "--email", "changed@example.org", scratchUser])
    await sameQuiet("group set", ["group", "set", "--description", "scratch, changed", group])
    await sameQuiet("role set", ["role", "set", "--description", "scratch, changed", role])
    await sameQuiet("domain set", ["domain", "set", "--description", "scratch, changed", domain])
  }, 180_000)

  it("application credential delete, role remove, group remove user, and the deletes", async () => {
    const { domain = "", group = "", project = "", role = "", user: scratchUser = "" } = made
    const forget = (kind: string) => delete made[kind]
    await sameQuiet("application credential delete", ["application", "credential", "delete", made["application credential"] ?? ""])
    forget("application credential")
    await sameQuiet("role remove", ["role", "remove", "--project", project, "--user", scratchUser, role])
    await sameQuiet("group remove user", ["group", "remove", "user", group, scratchUser])
    for (const kind of ["user", "group", "project", "role"]) {
      await sameQuiet(`${kind} delete`, [kind, "delete", made[kind] ?? ""])
      forget(kind)
    }
    await sameQuiet("domain set --disable", ["domain", "set", "--disable", domain])
    await sameQuiet("domain delete", ["domain", "delete", domain])
    forget("domain")
  }, 180_000)
})

describe("the CLI's diagnostics against the real Keystone", () => {
  it("--debug: Keystone's requests as curl lines, the token hashed; --timing: the request's row and Total", async () => {
    const token = (await cli(["token", "issue", "-f", "value", "-c", "id"])).stdout.trim()
    expect(token.length).toBeGreaterThan(20)
    const debugged = await cli(["--debug", "project", "show", "admin", "-f", "value", "-c", "name"])
    expect([debugged.code, debugged.stdout]).toEqual([0, "admin\n"])
    expect(debugged.stderr).toMatch(/REQ: curl -g -i -X GET "http:\/\/127\.0\.0\.1:\d+\/v3\/projects\/admin"/)
    expect(debugged.stderr).toMatch(/X-Auth-Token: \{SHA256\}[0-9a-f]{64}/)
    expect(debugged.stderr).not.toContain(token)
    const timed = await cli(["--timing", "project", "list", "-f", "value", "-c", "Name"])
    expect(timed.code, timed.stderr).toBe(0)
    const rows = timed.stdout.split("\n").filter((line) => line.startsWith("| ") && !line.startsWith("| URL "))
    expect(rows.map((row) => row.split("|")[1]?.trim())).toEqual([expect.stringMatching(/^GET http:\/\/127\.0\.0\.1:\d+\/v3\/projects$/), "Total"])
  }, 60_000)
})
