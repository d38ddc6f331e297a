/**
 * The network side of the command line against the real Keystone and Neutron, compared with python-openstackclient:
 * on scratch resources made as scripts/cli/record_osc.py made them (a network, a subnet, a port, a router, a security
 * group and a rule, an external network and subnet, a floating IP), the keys of every `-f json` create / list /
 * list --long / show equal those `openstack` printed (test/fixtures/cli/osc-keys.json), and every set / add / remove /
 * unset / delete exits 0 and prints nothing, as it did there. Everything made is deleted in afterAll, even after a
 * failure.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { adminCli, recorded } from "./cli-rig.ts"
import { user } from "./rig.ts"

const prefix = `eos-cli-net-${Date.now().toString(36)}-`

/** Runs the CLI with `args` as the rig's admin in RegionOne (the region whose network endpoint has Neutron). */
const run = adminCli("effect-openstack-cli-network", { OS_REGION_NAME: "RegionOne" })

/** The `-f json` output of `args`, which must succeed. */
const json = async (args: ReadonlyArray<string>): Promise<unknown> => {
  const ran = await run([...args, "-f", "json"])
  expect(ran.code, `${args.join(" ")}: ${ran.stderr}`).toBe(0)
  return JSON.parse(ran.stdout)
}

const keysOf = (value: unknown): ReadonlyArray<string> => {
  const first = Array.isArray(value) ? (value[0] as unknown) : value
  return typeof first === "object" && first !== null ? Object.keys(first).sort() : []
}

/** The keys openstackclient printed for `label`. */
const expected = (label: string) => {
  const keys = recorded.commands[label]
  expect(keys, `no fixture for ${label}`).toBeTruthy()
  return [...(keys ?? [])].sort()
}

/** What the scratch resources are: the create outputs, by fixture label, and the ids. */
const created = new Map<string, unknown>()
const ids: Record<string, string> = {}

/** Creates one scratch resource with `-f json`, its output kept for its label and its id under `key`. */
const make = async (key: string, label: string | undefined, args: ReadonlyArray<string>) => {
  const out = (await json(args)) as { readonly id: string }
  ids[key] = out.id
  if (label !== undefined) created.set(label, out)
}

/** Deletes what is left, in dependency order, each step on its own (a failure there is not this suite's). */
const cleanUp = async () => {
  const steps: ReadonlyArray<ReadonlyArray<string | undefined>> = [
    ["floating", "ip", "delete", ids.fip],
    ["router", "remove", "subnet", ids.router, ids.subnet],
    ["router", "unset", "--external-gateway", ids.router],
    ["router", "delete", ids.router],
    ["port", "delete", ids.port],
    ["security", "group", "rule", "delete", ids.rule],
    ["security", "group", "delete", ids.sg],
    ["subnet", "delete", ids.subnet],
    ["subnet", "delete", ids.extSubnet],
    ["network", "delete", ids.net],
    ["network", "delete", ids.ext]
  ]
  for (const step of steps) {
    if (step.every((arg) => arg !== undefined)) await run(step as ReadonlyArray<string>)
  }
}

describe("the network CLI against the real Neutron: the keys python-openstackclient prints", () => {
  beforeAll(async () => {
    await make("net", "network create", ["network", "create", "--description", "scratch", `${prefix}net`])
    await make("subnet", "subnet create", ["subnet", "create", "--network", ids.net ?? "", "--subnet-range", "10.231.0.0/24", `${prefix}subnet`])
    await make("port", "port create", ["port", "create", "--network", ids.net ?? "", "--fixed-ip", `subnet=${ids.subnet ?? ""}`, `${prefix}port`])
    await make("router", "router create", ["router", "create", `${prefix}router`])
    await make("sg", "security group create", ["security", "group", "create", "--description", "scratch", `${prefix}sg`])
    await make("rule", "security group rule create", [
      "security", "group", "rule", "create", "--protocol", "tcp", "--dst-port", "22", "--remote-ip", "192.0.2.0/24", ids.sg ?? ""
    ])
    await make("ext", undefined, ["network", "create", "--external", "--description", "scratch", `${prefix}ext`])
    await make("extSubnet", undefined, [
      "subnet", "create", "--network", ids.ext ?? "", "--subnet-range", "198.51.100.0/24", "--no-dhcp", `${prefix}ext-subnet`
    ])
  }, 300_000)

  afterAll(cleanUp, 300_000)

  /**
   * A command that prints nothing: exit 0 and empty stdout, as openstackclient's (recorded under `label`); the ids it
   * deleted (`gone`) are not cleaned up again.
   */
  const quiet = (label: string, args: () => ReadonlyArray<string>, gone: ReadonlyArray<string> = []) =>
    it(`${label}: exit 0, nothing printed`, async () => {
      expect(recorded.quiet[label], `no fixture for ${label}`).toEqual({ exit: 0, stdout: "" })
      const ran = await run(args())
      expect([ran.code, ran.stdout, ran.stderr]).toEqual([0, "", ""])
      for (const key of gone) delete ids[key]
    }, 60_000)

  for (const label of ["network create", "subnet create", "port create", "router create", "security group create", "security group rule create"]) {
    it(label, () => {
      expect(keysOf(created.get(label))).toEqual(expected(label))
    })
  }

  quiet("router set --external-gateway", () => ["router", "set", "--external-gateway", ids.ext ?? "", ids.router ?? ""])
  quiet("router add subnet", () => ["router", "add", "subnet", ids.router ?? "", ids.subnet ?? ""])

  it("floating ip create", async () => {
    await make("fip", "floating ip create", ["floating", "ip", "create", "--description", `${prefix}fip`, ids.ext ?? ""])
    expect(keysOf(created.get("floating ip create"))).toEqual(expected("floating ip create"))
  }, 60_000)

  quiet("floating ip set --port", () => ["floating", "ip", "set", "--port", ids.port ?? "", ids.fip ?? ""])

  const reads: ReadonlyArray<readonly [string, () => ReadonlyArray<string>]> = [
    ["network list", () => ["network", "list"]],
    ["network list --long", () => ["network", "list", "--long"]],
    ["network show", () => ["network", "show", ids.net ?? ""]],
    ["subnet list", () => ["subnet", "list"]],
    ["subnet list --long", () => ["subnet", "list", "--long"]],
    ["subnet show", () => ["subnet", "show", ids.subnet ?? ""]],
    ["port list", () => ["port", "list"]],
    ["port list --long", () => ["port", "list", "--long"]],
    ["port show", () => ["port", "show", ids.port ?? ""]],
    ["router list", () => ["router", "list"]],
    ["router list --long", () => ["router", "list", "--long"]],
    ["router show", () => ["router", "show", ids.router ?? ""]],
    ["security group list", () => ["security", "group", "list"]],
    ["security group show", () => ["security", "group", "show", ids.sg ?? ""]],
    ["security group rule list", () => ["security", "group", "rule", "list"]],
    ["security group rule show", () => ["security", "group", "rule", "show", ids.rule ?? ""]],
    ["floating ip list", () => ["floating", "ip", "list"]],
    ["floating ip show", () => ["floating", "ip", "show", ids.fip ?? ""]]
  ]
  for (const [label, args] of reads) {
    it(label, async () => {
      expect(keysOf(await json(args()))).toEqual(expected(label))
    }, 60_000)
  }

  quiet("network set", () => ["network", "set", "--description", "scratch, changed", ids.net ?? ""])
  quiet("subnet set", () => ["subnet", "set", "--description", "scratch, changed", ids.subnet ?? ""])
  quiet("port set", () => ["port", "set", "--description", "scratch, changed", ids.port ?? ""])
  quiet("router set", () => ["router", "set", "--description", "scratch, changed", ids.router ?? ""])
  quiet("security group set", () => ["security", "group", "set", "--description", "scratch, changed", ids.sg ?? ""])

  it("the sets changed what they were asked to", async () => {
    const shown = await Promise.all([
      json(["network", "show", ids.net ?? "", "-c", "description"]),
      json(["router", "show", ids.router ?? "", "-c", "description", "-c", "interfaces_info"]),
      json(["floating", "ip", "show", ids.fip ?? "", "-c", "port_id"])
    ])
    expect(shown[0]).toEqual({ description: "scratch, changed" })
    const router = shown[1] as { readonly description: string, readonly interfaces_info: ReadonlyArray<{ readonly subnet_id: string }> }
    expect(router.description).toBe("scratch, changed")
    expect(router.interfaces_info.map((i) => i.subnet_id)).toEqual([ids.subnet])
    expect(shown[2]).toEqual({ port_id: ids.port })
  }, 60_000)

  it("network list --project as a user who may not look projects up: the value taken as the id (Keystone's 403)", async () => {
    const asDemo = adminCli("effect-openstack-cli-demo", { OS_USERNAME: "demo", OS_PASSWORD: user("demo").password, OS_PROJECT_NAME: "demo" })
    const listed = await asDemo(["network", "list", "--project", "demo", "-f", "value", "-c", "ID"])
    expect([listed.code, listed.stdout, listed.stderr]).toEqual([0, "", ""])
  }, 60_000)

  it("network set --mtu, and network list's filters, on Neutron", async () => {
    expect((await run(["network", "set", "--mtu", "1400", ids.net ?? ""])).code).toBe(0)
    expect(await json(["network", "show", ids.net ?? "", "-c", "mtu"])).toEqual({ mtu: 1400 })
    const names = async (args: ReadonlyArray<string>) =>
      ((await json(["network", "list", ...args])) as ReadonlyArray<{ readonly Name: string }>).map((row) => row.Name).sort()
    expect(await names(["--external", "--name", `${prefix}ext`])).toEqual([`${prefix}ext`])
    expect(await names(["--internal", "--name", `${prefix}ext`])).toEqual([])
    expect(await names(["--internal", "--no-share", "--enable", "--name", `${prefix}net`])).toEqual([`${prefix}net`])
    expect(await names(["--project", "admin", "--status", "ACTIVE", "--name", `${prefix}net`])).toEqual([`${prefix}net`])
  }, 60_000)

  it("unset: --tag, --all-tag, subnet --dns-nameserver, port --security-group, on Neutron", async () => {
    const ok = async (args: ReadonlyArray<string>) => expect((await run(args)).code, args.join(" ")).toBe(0)
    await ok(["network", "set", "--tag", "x", "--tag", "y", ids.net ?? ""])
    const tagged = async (args: ReadonlyArray<string>) =>
      ((await json(["network", "list", "--name", `${prefix}net`, ...args])) as ReadonlyArray<{ readonly ID: string }>).map((row) => row.ID)
    expect(await tagged(["--tags", "x,y"])).toEqual([ids.net])
    expect(await tagged(["--tags", "x,z"])).toEqual([])
    expect(await tagged(["--any-tags", "x,z"])).toEqual([ids.net])
    await ok(["network", "unset", "--tag", "x", ids.net ?? ""])
    expect(await json(["network", "show", ids.net ?? "", "-c", "tags"])).toEqual({ tags: ["y"] })
    await ok(["network", "unset", "--all-tag", ids.net ?? ""])
    expect(await json(["network", "show", ids.net ?? "", "-c", "tags"])).toEqual({ tags: [] })
    await ok(["subnet", "set", "--dns-nameserver", "192.0.2.53", "--dns-nameserver", "192.0.2.54", ids.subnet ?? ""])
    await ok(["subnet", "unset", "--dns-nameserver", "192.0.2.53", ids.subnet ?? ""])
    expect(await json(["subnet", "show", ids.subnet ?? "", "-c", "dns_nameservers"])).toEqual({ dns_nameservers: ["192.0.2.54"] })
    await ok(["port", "set", "--security-group", ids.sg ?? "", ids.port ?? ""])
    await ok(["port", "unset", "--security-group", ids.sg ?? "", ids.port ?? ""])
    const groups = (await json(["port", "show", ids.port ?? "", "-c", "security_group_ids"])) as { security_group_ids: ReadonlyArray<string> }
    expect(groups.security_group_ids).not.toContain(ids.sg)
  }, 60_000)

  quiet("floating ip unset --port", () => ["floating", "ip", "unset", "--port", ids.fip ?? ""])
  quiet("floating ip delete", () => ["floating", "ip", "delete", ids.fip ?? ""], ["fip"])
  quiet("router remove subnet", () => ["router", "remove", "subnet", ids.router ?? "", ids.subnet ?? ""])
  quiet("router unset --external-gateway", () => ["router", "unset", "--external-gateway", ids.router ?? ""])
  quiet("router delete", () => ["router", "delete", ids.router ?? ""], ["router"])
  quiet("port delete", () => ["port", "delete", ids.port ?? ""], ["port"])
  quiet("security group rule delete", () => ["security", "group", "rule", "delete", ids.rule ?? ""], ["rule"])
  quiet("security group delete", () => ["security", "group", "delete", ids.sg ?? ""], ["sg"])
  quiet("subnet delete", () => ["subnet", "delete", ids.subnet ?? "", ids.extSubnet ?? ""], ["subnet", "extSubnet"])
  quiet("network delete", () => ["network", "delete", ids.net ?? "", ids.ext ?? ""], ["net", "ext"])

  it("nothing of this run is left", async () => {
    const names = await Promise.all([["network", "list"], ["router", "list"], ["port", "list"], ["security", "group", "list"]]
      .map(async (args) => ((await json(args)) as ReadonlyArray<{ readonly Name: string }>).map((row) => row.Name)))
    expect(names.flat().filter((name) => name.startsWith(prefix))).toEqual([])
  }, 60_000)
})
