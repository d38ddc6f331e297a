/**
 * Network v2 subnets (`/v2.0/subnets`): an IP range of a network (IPv4 or IPv6), with its gateway, allocation pools,
 * host routes, DNS servers, DHCP and the IPv6 address and router-advertisement modes; given a CIDR, or drawn from a
 * subnet pool (`subnetpoolId` and `prefixlen`, or `useDefaultSubnetpool`).
 *
 * @example
 * import { Effect } from "effect"
 * import { Network } from "effect-openstack"
 *
 * const program = (networkId: string) => Effect.gen(function* () {
 *   const network = yield* Network.Network
 *   return yield* network.subnets.create({
 *     networkId, ipVersion: 4, cidr: "10.0.0.0/24", allocationPools: [{ start: "10.0.0.10", end: "10.0.0.99" }],
 *     dnsNameservers: ["10.0.0.2"], hostRoutes: [{ destination: "10.1.0.0/16", nexthop: "10.0.0.254" }]
 *   })
 * })
 *
 * @module
 */
import * as Schema from "effect/Schema"
import type { AdapterShape } from "../../Adapter.ts"
import * as services from "../../internal/services.ts"
import * as Resource from "../../Resource.ts"
import { field } from "../../Resource.ts"
import { identity, ownership, standard } from "./StandardAttributes.ts"

/**
 * An IP version: 4 or 6.
 *
 * @example
 * const version: Subnets.IpVersion = 6
 */
export const IpVersion = Schema.Literals([4, 6])

/**
 * @see {@link IpVersion}
 *
 * @example
 * const v4: Subnets.IpVersion = 4
 */
export type IpVersion = typeof IpVersion.Type

/**
 * How IPv6 addresses are given or routers advertised.
 *
 * @example
 * const mode: Subnets.Ipv6Mode = "slaac"
 */
export const Ipv6Mode = Schema.Literals(["slaac", "dhcpv6-stateful", "dhcpv6-stateless"])

/**
 * A range addresses are allocated from.
 *
 * @example
 * const pool: Subnets.AllocationPool = { start: "10.0.0.10", end: "10.0.0.99" }
 */
export const AllocationPool = Schema.Struct({ start: Schema.String, end: Schema.String })

/**
 * @see {@link AllocationPool}
 *
 * @example
 * const pools: ReadonlyArray<Subnets.AllocationPool> = subnet.allocationPools
 */
export type AllocationPool = typeof AllocationPool.Type

/**
 * A route given to the subnet's hosts (by DHCP).
 *
 * @example
 * const route: Subnets.HostRoute = { destination: "10.1.0.0/16", nexthop: "10.0.0.254" }
 */
export const HostRoute = Schema.Struct({ destination: Schema.String, nexthop: Schema.String })

/**
 * @see {@link HostRoute}
 *
 * @example
 * const routes: ReadonlyArray<Subnets.HostRoute> = subnet.hostRoutes
 */
export type HostRoute = typeof HostRoute.Type

/**
 * The declaration of a subnet. `ipv6RaMode` / `ipv6AddressMode`: `slaac`, `dhcpv6-stateful`, `dhcpv6-stateless`.
 *
 * @example
 * const subnets = Resource.make(Subnets.Subnet, network)
 */
export const Subnet = Resource.define({
  service: services.network,
  key: "subnet",
  fields: {
    ...identity,
    ...ownership,
    ...standard,
    networkId: field(Schema.String).required.filterIn,
    ipVersion: field(IpVersion).required.filterIn,
    cidr: field(Schema.String).create.filterIn,
    gatewayIp: field(Schema.NullOr(Schema.String)).create.update.filterIn,
    allocationPools: field(Schema.Array(AllocationPool)).create.update,
    dnsNameservers: field(Schema.Array(Schema.String)).create.update,
    hostRoutes: field(Schema.Array(HostRoute)).create.update,
    enableDhcp: field(Schema.Boolean).create.update.filter,
    ipv6RaMode: field(Schema.NullOr(Ipv6Mode)).create.filterIn,
    ipv6AddressMode: field(Schema.NullOr(Ipv6Mode)).create.filterIn,
    subnetpoolId: field(Schema.NullOr(Schema.String)).optional.create.filterIn,
    /** With `subnetpoolId`: the size of the prefix drawn from the pool. */
    prefixlen: field(Schema.Int).writeOnly.create,
    /** Draw the CIDR from the default subnet pool of the IP version. */
    useDefaultSubnetpool: field(Schema.Boolean).writeOnly.create,
    serviceTypes: field(Schema.Array(Schema.String)).optional.create.update,
    segmentId: field(Schema.NullOr(Schema.String)).optional.create.update.filterIn,
    dnsPublishFixedIp: field(Schema.Boolean).optional.create.update
  },
  tags: true,
  revision: true,
  updateMethod: "PUT",
  operations: ["list", "get", "create", "update", "delete"]
})

/**
 * A subnet, as decoded.
 *
 * @example
 * const first: Subnets.Subnet | undefined = (yield* network.subnets.list())[0]
 */
export type Subnet = Resource.Item<typeof Subnet>

/**
 * The subnets client.
 *
 * @example
 * const subnets = Subnets.make(network)
 */
export const make = (adapter: AdapterShape) => Resource.make(Subnet, adapter)

/**
 * The subnets client's type.
 *
 * @example
 * const subnets: Subnets.SubnetsClient = Subnets.make(network)
 */
export type SubnetsClient = ReturnType<typeof make>

/**
 * The subnets client as a service of its own: `.make(adapter)`, `.layer()` on a Session, and provided by
 * `Network.layer` and the Connection (so that a test can `Layer.mock` it).
 *
 * @example
 * const all = yield* Effect.flatMap(Subnets.Subnets, (subnets) => subnets.list())
 */
export class Subnets extends Resource.Service<Subnets>()("effect-openstack/network/Subnets", services.network, make) {}
