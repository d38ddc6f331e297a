/**
 * The network side of the command line as a user runs it (a child process against FakeCloud's Neutron): network,
 * subnet, port, router, security group (rule) and floating ip — list, show, create, set, unset, delete, router add /
 * remove — with openstackclient's options, columns, output and exit codes; ids piped from one command to the next.
 */
import { readFileSync } from "node:fs"
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import type { FakeCloud } from "effect-openstack/testing"
import { cli, withCloud } from "./harness.ts"

const recorded = JSON.parse(readFileSync(new URL("../fixtures/cli/osc-keys.json", import.meta.url), "utf8")) as {
  readonly commands: Readonly<Record<string, ReadonlyArray<string>>>
}

type Json = Record<string, unknown>

/** The CLI's run of `args`, which must succeed. */
const ok = (cloud: FakeCloud.FakeCloudShape, cache: string, args: ReadonlyArray<string>) =>
  Effect.map(cli(cloud, cache, args), (ran) => {
    assert.strictEqual(ran.code, 0, `${args.join(" ")}: ${ran.stderr}`)
    return ran.stdout
  })

/** The `-f json` output of `args`. */
const json = <A = Json>(cloud: FakeCloud.FakeCloudShape, cache: string, args: ReadonlyArray<string>) =>
  Effect.map(ok(cloud, cache, [...args, "-f", "json"]), (stdout) => JSON.parse(stdout) as A)

/** The id `args` (a create) printed with `-f value -c id`. */
const idOf = (cloud: FakeCloud.FakeCloudShape, cache: string, args: ReadonlyArray<string>) =>
  Effect.map(ok(cloud, cache, [...args, "-f", "value", "-c", "id"]), (stdout) => {
    assert.match(stdout, /^[0-9a-f-]{36}\n$/)
    return stdout.trim()
  })

/** Runs a set / add / remove / delete, which exits 0 and prints nothing. */
const quiet = (cloud: FakeCloud.FakeCloudShape, cache: string, args: ReadonlyArray<string>) =>
  Effect.map(cli(cloud, cache, args), (ran) => assert.deepStrictEqual([ran.code, ran.stdout, ran.stderr], [0, "", ""], args.join(" ")))

const sortedKeys = (value: Json) => Object.keys(value).sort()

describe("effect-openstack network … against FakeCloud", () => {
  it.live("network create | show | list | set | delete: options, openstackclient's keys and columns, tags set apart", () =>
    withCloud((cloud, cache) =>
      Effect.gen(function* () {
        const created = yield* json(cloud, cache, ["network", "create", "--description", "CI", "--disable", "--share", "--tag", "a", "--tag", "b", "ci-net"])
        assert.deepInclude(created, { name: "ci-net", description: "CI", admin_state_up: false, shared: true, "router:external": false, tags: ["a", "b"] })
        assert.deepStrictEqual(sortedKeys(created), [...(recorded.commands["network create"] ?? [])].sort())
        const shown = yield* json(cloud, cache, ["network", "show", "ci-net"])
        assert.deepStrictEqual(shown, { ...created, revision_number: shown.revision_number, updated_at: shown.updated_at })
        assert.deepStrictEqual(sortedKeys(shown), [...(recorded.commands["network show"] ?? [])].sort())
        const table = yield* ok(cloud, cache, ["network", "show", "ci-net", "-c", "admin_state_up", "-c", "router:external"])
        assert.include(table, "| admin_state_up  | DOWN     |")
        assert.include(table, "| router:external | Internal |")
        const value = yield* ok(cloud, cache, ["network", "show", "ci-net", "-f", "value", "-c", "admin_state_up"])
        assert.strictEqual(value, "False\n")

        yield* quiet(cloud, cache, ["network", "set", "--name", "ci-net2", "--enable", "--no-share", "--external", "--tag", "c", "ci-net"])
        const changed = yield* json(cloud, cache, ["network", "show", String(created.id), "-c", "name", "-c", "admin_state_up", "-c", "shared", "-c", "router:external", "-c", "tags"])
        assert.deepStrictEqual(changed, { admin_state_up: true, name: "ci-net2", "router:external": true, shared: false, tags: ["a", "b", "c"] })
        yield* quiet(cloud, cache, ["network", "set", "--no-tag", "--tag", "d", "--internal", "ci-net2"])
        assert.deepStrictEqual(yield* json(cloud, cache, ["network", "show", "ci-net2", "-c", "tags", "-c", "router:external"]), { "router:external": false, tags: ["d"] })

        const rows = yield* json<ReadonlyArray<Json>>(cloud, cache, ["network", "list"])
        assert.deepStrictEqual(rows, [{ ID: created.id, Name: "ci-net2", Subnets: [] }])
        const long = yield* json<ReadonlyArray<Json>>(cloud, cache, ["network", "list", "--long"])
        assert.deepStrictEqual(Object.keys(long[0] ?? {}).sort(), [...(recorded.commands["network list --long"] ?? [])].sort())
        assert.deepInclude(long[0], { State: true, Shared: false, "Router Type": false, Status: "ACTIVE", "Network Type": "vxlan", Tags: ["d"] })
        const longTable = yield* ok(cloud, cache, ["network", "list", "--long", "-c", "State", "-c", "Router Type"])
        assert.include(longTable, "| UP    | Internal    |")

        const removed = yield* cli(cloud, cache, ["network", "delete", "ci-net2", "nope"])
        assert.strictEqual(removed.code, 1)
        assert.strictEqual(removed.stdout, "")
        assert.strictEqual(removed.stderr, "Failed to delete network with name or ID 'nope': no network has the id or the name \"nope\"\n1 of 2 networks failed to delete.\n")
        assert.strictEqual(yield* ok(cloud, cache, ["network", "list", "-f", "value"]), "")
      })), 180_000)

  it.live("network create --mtu / --project / --provider-*, and network list's filters", () =>
    withCloud((cloud, cache) =>
      Effect.gen(function* () {
        const names = (args: ReadonlyArray<string>) =>
          Effect.map(json<ReadonlyArray<Json>>(cloud, cache, ["network", "list", ...args]), (rows) => rows.map((row) => row.Name).sort())
        const provider = yield* json(cloud, cache, [
          "network", "create", "--mtu", "1400", "--project", "demo", "--provider-network-type", "vlan",
          "--provider-physical-network", "physnet1", "--provider-segment", "100", "--external", "--tag", "a", "--tag", "b", "ext"
        ])
        assert.deepInclude(provider, {
          mtu: 1400, project_id: cloud.ids.projects.demo, "provider:network_type": "vlan",
          "provider:physical_network": "physnet1", "provider:segmentation_id": 100, "router:external": true
        })
        yield* ok(cloud, cache, ["network", "create", "--disable", "--share", "--tag", "b", "inside"])
        assert.deepStrictEqual(yield* names([]), ["ext", "inside"])
        assert.deepStrictEqual(yield* names(["--external"]), ["ext"])
        assert.deepStrictEqual(yield* names(["--internal"]), ["inside"])
        assert.deepStrictEqual(yield* names(["--disable"]), ["inside"])
        assert.deepStrictEqual(yield* names(["--share"]), ["inside"])
        assert.deepStrictEqual(yield* names(["--no-share"]), ["ext"])
        assert.deepStrictEqual(yield* names(["--name", "ext"]), ["ext"])
        assert.deepStrictEqual(yield* names(["--project", "demo"]), ["ext"])
        assert.deepStrictEqual(yield* names(["--provider-network-type", "vlan"]), ["ext"])
        assert.deepStrictEqual(yield* names(["--tags", "a,b"]), ["ext"])
        assert.deepStrictEqual(yield* names(["--any-tags", "a,b"]), ["ext", "inside"])
        assert.deepStrictEqual(yield* names(["--status", "DOWN"]), [])
        // A user who may not look projects up (Keystone's 403): --project is taken as the id, as openstackclient does.
        const asDemo = { OS_USERNAME: "demo", OS_PASSWORD: "demo-secret", OS_PROJECT_NAME: "demo" }
        const mine = yield* cli(cloud, cache, ["network", "list", "--project", cloud.ids.projects.demo ?? "", "-f", "value", "-c", "Name"], asDemo)
        assert.deepStrictEqual([mine.code, mine.stdout, mine.stderr], [0, "ext\n", ""])
        yield* quiet(cloud, cache, ["network", "set", "--mtu", "1300", "ext"])
        assert.deepStrictEqual(yield* json(cloud, cache, ["network", "show", "ext", "-c", "mtu"]), { mtu: 1300 })
        assert.strictEqual((yield* cli(cloud, cache, ["network", "list", "--external", "--internal"])).code, 2)
      })), 60_000)

  it.live("unset: --tag / --all-tag (not together: exit 2), subnet --dns-nameserver, port --security-group", () =>
    withCloud((cloud, cache) =>
      Effect.gen(function* () {
        const show = (args: ReadonlyArray<string>, column: string) =>
          Effect.map(json(cloud, cache, [...args, "-c", column]), (shown) => shown[column])
        yield* ok(cloud, cache, ["network", "create", "--tag", "a", "--tag", "b", "--tag", "c", "net"])
        yield* quiet(cloud, cache, ["network", "unset", "--tag", "a", "--tag", "c", "net"])
        assert.deepStrictEqual(yield* show(["network", "show", "net"], "tags"), ["b"])
        yield* quiet(cloud, cache, ["network", "unset", "--all-tag", "net"])
        assert.deepStrictEqual(yield* show(["network", "show", "net"], "tags"), [])
        const both = yield* cli(cloud, cache, ["network", "unset", "--tag", "a", "--all-tag", "net"])
        assert.strictEqual(both.code, 2)
        assert.include(both.stderr, "argument --all-tag: not allowed with argument --tag")

        yield* ok(cloud, cache, [
          "subnet", "create", "--network", "net", "--subnet-range", "10.8.0.0/24", "--dns-nameserver", "10.0.0.3",
          "--dns-nameserver", "10.0.0.4", "--tag", "t", "sub"
        ])
        yield* quiet(cloud, cache, ["subnet", "unset", "--dns-nameserver", "10.0.0.3", "--tag", "t", "sub"])
        assert.deepStrictEqual(yield* json(cloud, cache, ["subnet", "show", "sub", "-c", "dns_nameservers", "-c", "tags"]), {
          dns_nameservers: ["10.0.0.4"], tags: []
        })

        yield* ok(cloud, cache, ["security", "group", "create", "--tag", "s", "web"])
        yield* ok(cloud, cache, ["security", "group", "create", "db"])
        yield* ok(cloud, cache, ["port", "create", "--network", "net", "--security-group", "web", "--security-group", "db", "--tag", "p", "prt"])
        const db = yield* show(["security", "group", "show", "db"], "id")
        yield* quiet(cloud, cache, ["port", "unset", "--security-group", "web", "--all-tag", "prt"])
        assert.deepStrictEqual(yield* json(cloud, cache, ["port", "show", "prt", "-c", "security_group_ids", "-c", "tags"]), {
          security_group_ids: [db], tags: []
        })
        yield* quiet(cloud, cache, ["security", "group", "unset", "--tag", "s", "web"])
        assert.deepStrictEqual(yield* show(["security", "group", "show", "web"], "tags"), [])
        yield* ok(cloud, cache, ["router", "create", "--tag", "r", "--tag", "q", "rtr"])
        yield* quiet(cloud, cache, ["router", "unset", "--tag", "r", "rtr"])
        assert.deepStrictEqual(yield* show(["router", "show", "rtr"], "tags"), ["q"])
      })), 60_000)

  it.live("network → subnet → port → router add subnet | port: ids piped with -f value -c id; list columns formatted as openstackclient's", () =>
    withCloud((cloud, cache) =>
      Effect.gen(function* () {
        const net = yield* idOf(cloud, cache, ["network", "create", "app"])
        const subnet = yield* json(cloud, cache, [
          "subnet", "create", "--network", net, "--subnet-range", "10.0.0.0/24", "--gateway", "10.0.0.1", "--no-dhcp",
          "--dns-nameserver", "10.0.0.3", "--dns-nameserver", "10.0.0.2", "--allocation-pool", "start=10.0.0.10,end=10.0.0.99",
          "--description", "app tier", "app-subnet"
        ])
        assert.deepInclude(subnet, {
          name: "app-subnet", network_id: net, cidr: "10.0.0.0/24", gateway_ip: "10.0.0.1", enable_dhcp: false, ip_version: 4,
          dns_nameservers: ["10.0.0.3", "10.0.0.2"], allocation_pools: [{ start: "10.0.0.10", end: "10.0.0.99" }], description: "app tier"
        })
        assert.deepStrictEqual(sortedKeys(subnet), [...(recorded.commands["subnet show"] ?? [])].sort())
        const subnetId = String(subnet.id)
        assert.deepStrictEqual(yield* json<unknown>(cloud, cache, ["network", "list"]), [{ ID: net, Name: "app", Subnets: [subnetId] }])
        const subnets = yield* ok(cloud, cache, ["subnet", "list", "--long", "-c", "Name", "-c", "Subnet", "-c", "Name Servers", "-c", "Allocation Pools", "-c", "DHCP"])
        assert.include(subnets, "| app-subnet | 10.0.0.0/24 | False | 10.0.0.3, 10.0.0.2 | 10.0.0.10-10.0.0.99 |")

        const port = yield* json(cloud, cache, [
          "port", "create", "--network", "app", "--fixed-ip", "subnet=app-subnet,ip-address=10.0.0.50", "--description", "web",
          "--disable", "--mac-address", "fa:16:3e:00:00:50", "web-port"
        ])
        assert.deepInclude(port, {
          name: "web-port", network_id: net, admin_state_up: false, description: "web", mac_address: "fa:16:3e:00:00:50",
          fixed_ips: [{ subnet_id: subnetId, ip_address: "10.0.0.50" }]
        })
        assert.deepStrictEqual(sortedKeys(port), [...(recorded.commands["port show"] ?? [])].sort())
        const ports = yield* json<ReadonlyArray<Json>>(cloud, cache, ["port", "list"])
        assert.deepStrictEqual(ports, [{
          ID: port.id, Name: "web-port", "MAC Address": "fa:16:3e:00:00:50", "Fixed IP Addresses": [{ subnet_id: subnetId, ip_address: "10.0.0.50" }], Status: "DOWN"
        }])
        const portTable = yield* ok(cloud, cache, ["port", "list", "-c", "Fixed IP Addresses"])
        assert.include(portTable, `| ip_address='10.0.0.50', subnet_id='${subnetId}' |`)

        const router = yield* idOf(cloud, cache, ["router", "create", "--description", "edge", "edge"])
        yield* quiet(cloud, cache, ["router", "add", "subnet", router, subnetId])
        const other = yield* idOf(cloud, cache, ["network", "create", "db"])
        yield* idOf(cloud, cache, ["subnet", "create", "--network", other, "--subnet-range", "10.1.0.0/24", "db-subnet"])
        const dbPort = yield* idOf(cloud, cache, ["port", "create", "--network", "db", "--fixed-ip", "ip-address=10.1.0.9", "db-port"])
        yield* quiet(cloud, cache, ["router", "add", "port", "edge", "db-port"])
        const shown = yield* json(cloud, cache, ["router", "show", "edge"])
        assert.deepStrictEqual(sortedKeys(shown), [...(recorded.commands["router show"] ?? [])].sort())
        const interfaces = shown.interfaces_info as ReadonlyArray<Json>
        assert.deepStrictEqual(interfaces.map((i) => i.ip_address).sort(), ["10.0.0.1", "10.1.0.9"])
        assert.include(interfaces.map((i) => i.port_id), dbPort)

        const again = yield* cli(cloud, cache, ["router", "add", "subnet", "edge", "app-subnet"])
        assert.strictEqual(again.code, 1)
        assert.include(again.stderr, "already has a port on subnet")
        yield* quiet(cloud, cache, ["router", "remove", "subnet", "edge", "app-subnet"])
        yield* quiet(cloud, cache, ["router", "remove", "port", router, dbPort])
        assert.deepStrictEqual(yield* json(cloud, cache, ["router", "show", router, "-c", "interfaces_info"]), { interfaces_info: [] })
        const created = yield* json(cloud, cache, ["router", "create", "spare"])
        assert.deepStrictEqual(sortedKeys(created), [...(recorded.commands["router create"] ?? [])].sort())
      })), 180_000)

  it.live("router set --external-gateway, floating ip create | set --port | unset --port | show by address, router unset --external-gateway", () =>
    withCloud((cloud, cache) =>
      Effect.gen(function* () {
        const ext = yield* idOf(cloud, cache, ["network", "create", "--external", "public"])
        const extSubnet = yield* idOf(cloud, cache, ["subnet", "create", "--network", "public", "--subnet-range", "198.51.100.0/24", "--no-dhcp", "public-subnet"])
        yield* idOf(cloud, cache, ["network", "create", "app"])
        const appSubnet = yield* idOf(cloud, cache, ["subnet", "create", "--network", "app", "--subnet-range", "10.0.0.0/24", "app-subnet"])
        const port = yield* idOf(cloud, cache, ["port", "create", "--network", "app", "web"])
        const router = yield* idOf(cloud, cache, ["router", "create", "edge"])
        yield* quiet(cloud, cache, ["router", "set", "--external-gateway", "public", "edge"])
        yield* quiet(cloud, cache, ["router", "add", "subnet", "edge", appSubnet])
        const gateway = (yield* json(cloud, cache, ["router", "show", router, "-c", "external_gateway_info"])).external_gateway_info as Json
        assert.strictEqual(gateway.network_id, ext)
        const routers = yield* json<ReadonlyArray<Json>>(cloud, cache, ["router", "list", "--long"])
        assert.deepStrictEqual(Object.keys(routers[0] ?? {}).sort(), [...(recorded.commands["router list --long"] ?? [])].sort())
        assert.deepInclude(routers[0], { Name: "edge", State: true, Distributed: false, HA: false })
        assert.strictEqual((routers[0]?.["External gateway info"] as Json).network_id, ext)
        const gatewayTable = yield* ok(cloud, cache, ["router", "list", "--long", "-c", "External gateway info", "-c", "State"])
        assert.include(gatewayTable, `| UP    | {"network_id": "${ext}", "enable_snat": true, "external_fixed_ips": [{"subnet_id": "${extSubnet}", "ip_address": `)

        const fip = yield* json(cloud, cache, ["floating", "ip", "create", "--description", "web", "--subnet", "public-subnet", "public"])
        assert.deepStrictEqual(sortedKeys(fip), [...(recorded.commands["floating ip create"] ?? [])].sort())
        assert.deepInclude(fip, { floating_network_id: ext, description: "web", port_id: null, name: fip.floating_ip_address })
        const address = String(fip.floating_ip_address)
        yield* quiet(cloud, cache, ["floating", "ip", "set", "--port", "web", String(fip.id)])
        const byAddress = yield* json(cloud, cache, ["floating", "ip", "show", address])
        assert.deepInclude(byAddress, { id: fip.id, port_id: port, router_id: router })
        const listed = yield* json<ReadonlyArray<Json>>(cloud, cache, ["floating", "ip", "list"])
        assert.deepStrictEqual(listed, [{
          ID: fip.id, "Floating IP Address": address, "Fixed IP Address": byAddress.fixed_ip_address, Port: port, "Floating Network": ext, Project: fip.project_id
        }])
        yield* quiet(cloud, cache, ["floating", "ip", "unset", "--port", address])
        assert.deepStrictEqual(yield* json(cloud, cache, ["floating", "ip", "show", String(fip.id), "-c", "port_id"]), { port_id: null })
        yield* quiet(cloud, cache, ["floating", "ip", "delete", address])
        assert.strictEqual(yield* ok(cloud, cache, ["floating", "ip", "list", "-f", "value"]), "")

        yield* quiet(cloud, cache, ["router", "remove", "subnet", "edge", "app-subnet"])
        yield* quiet(cloud, cache, ["router", "unset", "--external-gateway", "edge"])
        assert.deepStrictEqual(yield* json(cloud, cache, ["router", "show", "edge", "-c", "external_gateway_info"]), { external_gateway_info: null })
        yield* quiet(cloud, cache, ["router", "set", "--name", "edge2", "--disable", "--description", "off", "edge"])
        assert.deepStrictEqual(
          yield* json(cloud, cache, ["router", "show", router, "-c", "name", "-c", "admin_state_up", "-c", "description"]),
          { admin_state_up: false, description: "off", name: "edge2" }
        )
        yield* quiet(cloud, cache, ["router", "delete", "edge2"])
        yield* quiet(cloud, cache, ["port", "delete", "web"])
        yield* quiet(cloud, cache, ["subnet", "delete", "app-subnet", "public-subnet"])
        yield* quiet(cloud, cache, ["network", "delete", "app", "public"])
      })), 180_000)

  it.live("security group and security group rule: create | show | list | set | delete side by side", () =>
    withCloud((cloud, cache) =>
      Effect.gen(function* () {
        const group = yield* json(cloud, cache, ["security", "group", "create", "web"])
        assert.deepInclude(group, { name: "web", description: "web" })
        assert.deepStrictEqual(sortedKeys(group), [...(recorded.commands["security group create"] ?? [])].sort())
        const groupId = String(group.id)
        yield* quiet(cloud, cache, ["security", "group", "set", "--description", "HTTP in", "--tag", "edge", "web"])
        assert.deepStrictEqual(
          yield* json(cloud, cache, ["security", "group", "show", groupId, "-c", "description", "-c", "tags"]),
          { description: "HTTP in", tags: ["edge"] }
        )
        const rule = yield* json(cloud, cache, ["security", "group", "rule", "create", "--protocol", "TCP", "--dst-port", "80:81", "--remote-ip", "192.0.2.0/24", "--description", "http", "web"])
        assert.deepStrictEqual(sortedKeys(rule), [...(recorded.commands["security group rule create"] ?? [])].sort())
        assert.deepInclude(rule, {
          security_group_id: groupId, direction: "ingress", ether_type: "IPv4", protocol: "tcp", port_range_min: 80, port_range_max: 81,
          remote_ip_prefix: "192.0.2.0/24", description: "http"
        })
        const dns = yield* idOf(cloud, cache, ["security", "group", "rule", "create", "--egress", "--protocol", "udp", "--dst-port", "53", "--ethertype", "IPv6", "--remote-group", "default", groupId])
        const inGroup = yield* json<ReadonlyArray<Json>>(cloud, cache, ["security", "group", "rule", "list", "web"])
        assert.deepStrictEqual(Object.keys(inGroup[0] ?? {}), ["ID", "IP Protocol", "Ethertype", "IP Range", "Port Range", "Direction", "Remote Security Group", "Remote Address Group"])
        const mine = inGroup.find((r) => r.ID === rule.id)
        assert.deepInclude(mine, { "IP Protocol": "tcp", "IP Range": "192.0.2.0/24", "Port Range": "80:81", Direction: "ingress" })
        const egress = yield* json<ReadonlyArray<Json>>(cloud, cache, ["security", "group", "rule", "list", "--egress", "--protocol", "udp", groupId])
        assert.deepStrictEqual(egress.map((r) => [r.ID, r["Port Range"], r.Ethertype, r["IP Range"]]), [[dns, "53:53", "IPv6", "::/0"]])
        const all = yield* json<ReadonlyArray<Json>>(cloud, cache, ["security", "group", "rule", "list"])
        assert.deepStrictEqual(Object.keys(all[0] ?? {}).sort(), [...(recorded.commands["security group rule list"] ?? [])].sort())
        assert.include(all.filter((r) => r["Security Group"] === groupId).map((r) => r.ID), dns)
        assert.deepStrictEqual(sortedKeys(yield* json(cloud, cache, ["security", "group", "rule", "show", dns])), [...(recorded.commands["security group rule show"] ?? [])].sort())

        const groups = yield* json<ReadonlyArray<Json>>(cloud, cache, ["security", "group", "list"])
        assert.deepStrictEqual(groups.map((g) => g.Name).sort(), ["default", "web"])
        assert.deepStrictEqual(Object.keys(groups[0] ?? {}).sort(), [...(recorded.commands["security group list"] ?? [])].sort())
        const shown = yield* ok(cloud, cache, ["security", "group", "show", "web", "-c", "rules"])
        assert.include(shown, "description='http', direction='ingress', ethertype='IPv4'")
        assert.notInclude(shown, "security_group_id")
        yield* quiet(cloud, cache, ["security", "group", "rule", "delete", String(rule.id), dns])
        const gone = yield* cli(cloud, cache, ["security", "group", "rule", "show", dns])
        assert.strictEqual(gone.code, 1)
        yield* quiet(cloud, cache, ["security", "group", "delete", "web"])
      })), 180_000)

  it.live("subnet set and port set: lists added to (or, with --no-…, instead of) what the item has", () =>
    withCloud((cloud, cache) =>
      Effect.gen(function* () {
        yield* idOf(cloud, cache, ["network", "create", "app"])
        yield* idOf(cloud, cache, ["subnet", "create", "--network", "app", "--subnet-range", "10.0.0.0/24", "--dns-nameserver", "10.0.0.2", "app-subnet"])
        yield* quiet(cloud, cache, ["subnet", "set", "--dns-nameserver", "10.0.0.3", "--allocation-pool", "start=10.0.0.200,end=10.0.0.210", "--name", "app2", "app-subnet"])
        assert.deepStrictEqual(yield* json(cloud, cache, ["subnet", "show", "app2", "-c", "dns_nameservers", "-c", "allocation_pools"]), {
          allocation_pools: [{ start: "10.0.0.2", end: "10.0.0.254" }, { start: "10.0.0.200", end: "10.0.0.210" }],
          dns_nameservers: ["10.0.0.2", "10.0.0.3"]
        })
        yield* quiet(cloud, cache, ["subnet", "set", "--no-dns-nameservers", "--dns-nameserver", "10.0.0.9", "--gateway", "none", "--dhcp", "app2"])
        assert.deepStrictEqual(yield* json(cloud, cache, ["subnet", "show", "app2", "-c", "dns_nameservers", "-c", "gateway_ip", "-c", "enable_dhcp"]), {
          dns_nameservers: ["10.0.0.9"], enable_dhcp: true, gateway_ip: null
        })

        const web = yield* idOf(cloud, cache, ["security", "group", "create", "web"])
        yield* idOf(cloud, cache, ["port", "create", "--network", "app", "--no-security-group", "p1"])
        assert.deepStrictEqual(yield* json(cloud, cache, ["port", "show", "p1", "-c", "security_group_ids"]), { security_group_ids: [] })
        yield* quiet(cloud, cache, ["port", "set", "--security-group", "web", "--security-group", "default", "--name", "p2", "--enable", "p1"])
        const port = yield* json(cloud, cache, ["port", "show", "p2", "-c", "security_group_ids", "-c", "admin_state_up"])
        assert.strictEqual(port.admin_state_up, true)
        assert.include(port.security_group_ids as ReadonlyArray<string>, web)
        assert.strictEqual((port.security_group_ids as ReadonlyArray<string>).length, 2)
        yield* quiet(cloud, cache, ["port", "set", "--no-security-group", "--security-group", web, "--fixed-ip", "ip-address=10.0.0.77", "p2"])
        const after = yield* json(cloud, cache, ["port", "show", "p2", "-c", "security_group_ids", "-c", "fixed_ips"])
        assert.deepStrictEqual(after.security_group_ids, [web])
        assert.deepStrictEqual((after.fixed_ips as ReadonlyArray<Json>).map((ip) => ip.ip_address).sort(), ["10.0.0.2", "10.0.0.77"])
        const longPorts = yield* json<ReadonlyArray<Json>>(cloud, cache, ["port", "list", "--long"])
        assert.deepStrictEqual(Object.keys(longPorts[0] ?? {}).sort(), [...(recorded.commands["port list --long"] ?? [])].sort())
      })), 180_000)

  it.live("wrong arguments exit 2 (missing --network, a bad --allocation-pool / --fixed-ip / --dst-port); what is not there exits 1", () =>
    withCloud((cloud, cache) =>
      Effect.gen(function* () {
        yield* idOf(cloud, cache, ["network", "create", "app"])
        for (const args of [
          ["subnet", "create", "--subnet-range", "10.0.0.0/24", "s"],
          ["subnet", "create", "--network", "app", "--allocation-pool", "start=10.0.0.2", "s"],
          ["port", "create", "--network", "app", "--fixed-ip", "subnet", "p"],
          ["port", "create", "p"],
          ["security", "group", "rule", "create", "--dst-port", "90:80", "default"],
          ["floating", "ip", "create"],
          ["router", "add", "subnet", "only-one"],
          ["security", "group", "rule", "set", "x"]
        ]) {
          const ran = yield* cli(cloud, cache, args)
          assert.strictEqual(ran.code, 2, `${args.join(" ")}: ${ran.stderr}`)
          assert.strictEqual(ran.stdout.includes("{"), false)
        }
        const missing = yield* cli(cloud, cache, ["subnet", "create", "--network", "nope", "--subnet-range", "10.0.0.0/24", "s"])
        assert.deepStrictEqual([missing.code, missing.stdout, missing.stderr], [1, "", "no network has the id or the name \"nope\"\n"])
        const noRouter = yield* cli(cloud, cache, ["router", "add", "subnet", "nope", "nope"])
        assert.deepStrictEqual([noRouter.code, noRouter.stderr], [1, "no router has the id or the name \"nope\"\n"])
        const noIp = yield* cli(cloud, cache, ["floating", "ip", "show", "203.0.113.99"])
        assert.strictEqual(noIp.code, 1)
        assert.include(noIp.stderr, "203.0.113.99")
        const removed = yield* cli(cloud, cache, ["port", "delete", "nope"])
        assert.strictEqual(removed.code, 1)
        assert.strictEqual(removed.stderr.split("\n").at(-2), "1 of 1 ports failed to delete.")
        // SNAT is a setting of the gateway: without --external-gateway, openstackclient's error, nothing changed.
        yield* idOf(cloud, cache, ["router", "create", "edge"])
        const snat = yield* cli(cloud, cache, ["router", "set", "--disable-snat", "edge"])
        assert.deepStrictEqual([snat.code, snat.stdout, snat.stderr], [
          1,
          "",
          "You must specify '--external-gateway' in order to update the SNAT or fixed-ip values\n"
        ])
      })), 180_000)
})
