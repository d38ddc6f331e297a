/**
 * Network v2 networks (`/v2.0/networks`): the L2 segments everything else attaches to — with their MTU, port security,
 * external flag, provider attributes (network type, physical network, segmentation id) or several segments, and
 * availability zones. Tags, filters on any attribute (several values each), pages, and conditional writes on the
 * revision number.
 *
 * @example
 * import { Effect } from "effect"
 * import { Network } from "effect-openstack"
 *
 * const program = Effect.gen(function* () {
 *   const network = yield* Network.Network
 *   const jenkins = yield* network.networks.findOrCreate("jenkins", { mtu: 1450 })
 *   yield* network.networks.addTag(jenkins.id, "ci")
 *   yield* network.networks.update(jenkins.id, { description: "CI" }, { ifRevision: jenkins.revisionNumber })
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
 * One segment of a network with several (the multi-provider extension).
 *
 * @example
 * const segment: Networks.Segment = { networkType: "vlan", physicalNetwork: "physnet1", segmentationId: 101 }
 */
export const Segment = Schema.Struct({
  networkType: Schema.optionalKey(Schema.String),
  physicalNetwork: Schema.optionalKey(Schema.NullOr(Schema.String)),
  segmentationId: Schema.optionalKey(Schema.NullOr(Schema.Int))
}).pipe(Schema.encodeKeys({
  networkType: "provider:network_type",
  physicalNetwork: "provider:physical_network",
  segmentationId: "provider:segmentation_id"
}))

/**
 * @see {@link Segment}
 *
 * @example
 * const flat: Networks.Segment = { networkType: "flat", physicalNetwork: "public" }
 */
export type Segment = typeof Segment.Type

/**
 * The declaration of a network. Provider attributes (`providerNetworkType`, `providerPhysicalNetwork`,
 * `providerSegmentationId`, on the wire `provider:…`) and `routerExternal` (`router:external`) need an admin to set
 * them; `segments` replaces the provider attributes on a network of several segments.
 *
 * @example
 * const networks = Resource.make(Networks.Network, network)
 */
export const Network = Resource.define({
  service: services.network,
  key: "network",
  fields: {
    ...identity,
    ...ownership,
    ...standard,
    adminStateUp: field(Schema.Boolean).create.update.filter,
    status: field(Schema.String).filterIn,
    subnets: field(Schema.Array(Schema.String)),
    shared: field(Schema.Boolean).create.update.filter,
    mtu: field(Schema.Int).optional.create.update.filterIn,
    portSecurityEnabled: field(Schema.Boolean).optional.create.update.filter,
    routerExternal: field(Schema.Boolean).optional.create.update.filter.wire("router:external"),
    providerNetworkType: field(Schema.String).optional.create.update.filterIn.wire("provider:network_type"),
    providerPhysicalNetwork: field(Schema.NullOr(Schema.String)).optional.create.update.filterIn.wire("provider:physical_network"),
    providerSegmentationId: field(Schema.NullOr(Schema.Int)).optional.create.update.filterIn.wire("provider:segmentation_id"),
    segments: field(Schema.Array(Segment)).optional.create.update,
    availabilityZoneHints: field(Schema.Array(Schema.String)).optional.create,
    availabilityZones: field(Schema.Array(Schema.String)).optional,
    ipv4AddressScope: field(Schema.NullOr(Schema.String)).optional,
    ipv6AddressScope: field(Schema.NullOr(Schema.String)).optional,
    /** The default external network (for auto-allocated topologies). */
    isDefault: field(Schema.Boolean).optional.create.update.filter,
    dnsDomain: field(Schema.String).optional.create.update,
    qosPolicyId: field(Schema.NullOr(Schema.String)).optional.create.update
  },
  tags: true,
  revision: true,
  updateMethod: "PUT",
  operations: ["list", "get", "create", "update", "delete"]
})

/**
 * A network, as decoded.
 *
 * @example
 * const jenkins: Networks.Network = yield* network.networks.find("jenkins")
 */
export type Network = Resource.Item<typeof Network>

/**
 * The networks client.
 *
 * @example
 * const networks = Networks.make(network)
 * const external = yield* networks.list({ routerExternal: true })
 */
export const make = (adapter: AdapterShape) => Resource.make(Network, adapter)

/**
 * The networks client's type.
 *
 * @example
 * const networks: Networks.NetworksClient = Networks.make(network)
 */
export type NetworksClient = ReturnType<typeof make>

/**
 * The networks client as a service of its own: `.make(adapter)`, `.layer()` on a Session, and provided by
 * `Network.layer` and the Connection (so that a test can `Layer.mock` it).
 *
 * @example
 * const jenkins = yield* Effect.flatMap(Networks.Networks, (networks) => networks.find("jenkins"))
 */
export class Networks extends Resource.Service<Networks>()("effect-openstack/network/Networks", services.network, make) {}
