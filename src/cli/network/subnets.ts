/**
 * `subnet list | show | create | set | delete`, as python-openstackclient has them.
 *
 * @example
 * // effect-openstack subnet create --network ci-net --subnet-range 10.0.0.0/24 ci-subnet
 * const command = Subnets.command
 *
 * @module
 */
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Command from "effect/cli/Command"
import * as Flag from "effect/cli/Flag"
import type { ConnectionShape } from "../../Connection.ts"
import * as Subnets from "../../network/v2/Subnets.ts"
import * as Options from "../options.ts"
import * as Resource from "../resource.ts"
import * as Format from "./format.ts"

type Subnet = Subnets.Subnet

const client = (conn: ConnectionShape) => conn.network.subnets

/** The fields openstackclient prints of a subnet (its SDK's attributes, `tenant_id` and write-only ones left out). */
const view = Format.view([
  "allocation_pools", "cidr", "created_at", "description", "dns_nameservers", "dns_publish_fixed_ip", "enable_dhcp",
  "gateway_ip", "host_routes", "id", "ip_version", "ipv6_address_mode", "ipv6_ra_mode", "name", "network_id",
  "project_id", "revision_number", "segment_id", "service_types", "subnetpool_id", "tags", "updated_at"
], { table: { allocation_pools: Format.pools, dns_nameservers: Format.unsorted, host_routes: Format.routes } })

const list = Resource.list({
  description: "List subnets",
  example: "effect-openstack subnet list --long",
  columns: [
    ["ID", (s: Subnet) => s.id],
    ["Name", (s: Subnet) => s.name],
    ["Network", (s: Subnet) => s.networkId],
    ["Subnet", (s: Subnet) => s.cidr]
  ],
  long: [
    ["Project", (s: Subnet) => s.projectId],
    ["DHCP", (s: Subnet) => s.enableDhcp],
    ["Name Servers", (s: Subnet) => Format.unsorted(s.dnsNameservers)],
    ["Allocation Pools", (s: Subnet) => Format.pools(s.allocationPools)],
    ["Host Routes", (s: Subnet) => Format.routes(s.hostRoutes)],
    ["IP Version", (s: Subnet) => s.ipVersion],
    ["Gateway", (s: Subnet) => s.gatewayIp],
    ["Service Types", (s: Subnet) => s.serviceTypes],
    ["Tags", (s: Subnet) => s.tags]
  ],
  items: (conn) => client(conn).list()
})

const show = Resource.show({
  noun: "subnet",
  description: "Display subnet details",
  example: "effect-openstack subnet show ci-subnet",
  definition: Subnets.Subnet,
  view,
  client
})

/** The options `create` and `set` share. */
const common = {
  description: Options.text("description", "subnet description"),
  dhcp: Options.toggle("dhcp", "enable DHCP (--no-dhcp: disable it)"),
  gateway: Options.text("gateway", "gateway: an IP address, 'none' (no gateway), or 'auto' (create only: chosen by Neutron)"),
  dnsNameserver: Options.repeated("dns-nameserver", "DNS server for this subnet (repeat option to set multiple DNS servers)"),
  allocationPool: Options.keyValues("allocation-pool", "allocation pool IP addresses for this subnet", ["start", "end"], ["start", "end"]),
  tag: Options.tags("subnet")
}

type Common = Command.Command.Config.InferValue<typeof common>

/** `--gateway`: an address, `none` (null), or `auto` (left to Neutron). */
const gatewayOf = (gateway: Option.Option<string>) =>
  Option.match(gateway, {
    onNone: () => ({}),
    onSome: (text) => {
      const lower = text.toLowerCase()
      return lower === "auto" ? {} : { gatewayIp: lower === "none" ? null : text }
    }
  })

const attributesOf = (options: Common) => ({
  ...Options.given({ description: options.description, enableDhcp: options.dhcp }),
  ...gatewayOf(options.gateway)
})

const pools = (given: ReadonlyArray<Readonly<Record<string, string>>>) =>
  given.map((pool) => ({ start: pool.start ?? "", end: pool.end ?? "" }))

const create = Resource.create({
  noun: "subnet",
  description: "Create a subnet",
  example: "effect-openstack subnet create --network ci-net --subnet-range 10.0.0.0/24 --dns-nameserver 10.0.0.2 ci-subnet",
  definition: Subnets.Subnet,
  view,
  options: {
    network: Flag.String("network").pipe(Flag.withDescription("network this subnet belongs to (name or ID)")),
    subnetRange: Options.text("subnet-range", "subnet range in CIDR notation"),
    ipVersion: Flag.Literals("ip-version", ["4", "6"] as const).pipe(Flag.withDescription("IP version (default is 4)"), Flag.withDefault("4" as const)),
    ...common
  },
  attributes: (conn, name, options) =>
    Effect.map(conn.network.networks.find(options.network), (network) => ({
      name,
      networkId: network.id,
      ipVersion: options.ipVersion === "6" ? 6 as const : 4 as const,
      ...Options.given({ cidr: options.subnetRange }),
      ...attributesOf(options),
      ...(options.dnsNameserver.length > 0 ? { dnsNameservers: options.dnsNameserver } : {}),
      ...(options.allocationPool.length > 0 ? { allocationPools: pools(options.allocationPool) } : {})
    })),
  then: Format.tagAfterCreate(client),
  client
})

/** `set`'s DNS servers and allocation pools: added to the subnet's (`--no-…`: instead of them). */
const listsOf = (
  subnet: Subnet,
  options: Common & { readonly noDnsNameservers: boolean, readonly noAllocationPool: boolean }
) => ({
  ...(options.dnsNameserver.length > 0 || options.noDnsNameservers
    ? { dnsNameservers: [...(options.noDnsNameservers ? [] : subnet.dnsNameservers), ...options.dnsNameserver] }
    : {}),
  ...(options.allocationPool.length > 0 || options.noAllocationPool
    ? {
        allocationPools: [...(options.noAllocationPool ? [] : subnet.allocationPools), ...pools(options.allocationPool)]
      }
    : {})
})

const set = Resource.set({
  noun: "subnet",
  description: "Set subnet properties",
  example: "effect-openstack subnet set --no-dhcp --dns-nameserver 10.0.0.3 ci-subnet",
  definition: Subnets.Subnet,
  options: {
    name: Options.text("name", "updated name of the subnet"),
    ...common,
    noDnsNameservers: Flag.Boolean("no-dns-nameservers").pipe(
      Flag.withDescription("clear the subnet's DNS servers"), Flag.withDefault(false), Flag.withoutNegation),
    noAllocationPool: Flag.Boolean("no-allocation-pool").pipe(
      Flag.withDescription("clear the subnet's allocation pools"), Flag.withDefault(false), Flag.withoutNegation),
    noTag: Options.noTag("subnet")
  },
  changes: (_conn, options) => Effect.succeed({ ...Options.given({ name: options.name }), ...attributesOf(options) }),
  then: (conn, subnet, options) =>
    Effect.gen(function* () {
      const lists = listsOf(subnet, options)
      if (Object.keys(lists).length > 0) yield* client(conn).update(subnet.id, lists)
      yield* Format.tagAfterSet(client)(conn, subnet, options)
    }),
  client
})

const unset = Resource.set({
  noun: "subnet",
  command: "unset",
  description: "Unset subnet properties",
  example: "effect-openstack subnet unset --dns-nameserver 10.0.0.3 --tag ci ci-subnet",
  definition: Subnets.Subnet,
  options: {
    dnsNameserver: Options.repeated("dns-nameserver", "DNS server to be removed from this subnet (repeat option to remove multiple)"),
    ...Options.untag("subnet")
  },
  changes: (_conn, options, subnet) =>
    Effect.succeed(
      options.dnsNameserver.length === 0
        ? {}
        : { dnsNameservers: subnet.dnsNameservers.filter((server) => !options.dnsNameserver.includes(server)) }
    ),
  then: Format.tagAfterUnset(client),
  client
})

const remove = Resource.remove({
  noun: "subnet",
  description: "Delete subnet(s)",
  example: "effect-openstack subnet delete ci-subnet",
  definition: Subnets.Subnet,
  client
})

/**
 * The `subnet` command family.
 *
 * @example
 * Command.withSubcommands(root, [Subnets.command])
 */
export const command = Command.make("subnet").pipe(
  Command.withDescription("Subnets (Network v2)"),
  Command.withSubcommands([list, show, create, set, unset, remove])
)
