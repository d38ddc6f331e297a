/**
 * Network v2 IP availability (`/v2.0/network-ip-availabilities`): how many addresses each network, and each of its
 * subnets, has and uses. `get(networkId)` for one network. Needs an admin.
 *
 * @example
 * import { Effect } from "effect"
 * import { Network } from "effect-openstack"
 *
 * const free = (networkId: string) => Effect.gen(function* () {
 *   const network = yield* Network.Network
 *   const availability = yield* network.networkIpAvailabilities.get(networkId)
 *   return availability.totalIps - availability.usedIps
 * })
 *
 * @module
 */
import * as Schema from "effect/Schema"
import type { AdapterShape } from "../../Adapter.ts"
import * as services from "../../internal/services.ts"
import * as Resource from "../../Resource.ts"
import { field, filterOnly } from "../../Resource.ts"
import { ownership } from "./StandardAttributes.ts"

/**
 * The IP availability of one subnet.
 *
 * @example
 * const used = (subnet: Schema.Schema.Type<typeof NetworkIpAvailabilities.SubnetIpAvailability>) => subnet.usedIps
 */
export const SubnetIpAvailability = Resource.body({
  subnetId: Schema.String,
  subnetName: Schema.String,
  cidr: Schema.String,
  ipVersion: Schema.Literals([4, 6]),
  totalIps: Schema.Number,
  usedIps: Schema.Number
})

/**
 * The declaration of a network's IP availability (found by network id, else by network name).
 *
 * @example
 * const networkIpAvailabilities = Resource.make(NetworkIpAvailabilities.NetworkIpAvailability, network)
 */
export const NetworkIpAvailability = Resource.define({
  service: services.network,
  key: "network_ip_availability",
  findBy: "networkName",
  fields: {
    networkId: field(Schema.String).filterIn,
    networkName: field(Schema.String).filterIn,
    ...ownership,
    /** IPv6 subnets have more addresses than a double holds exactly: a rough count there. */
    totalIps: field(Schema.Number),
    usedIps: field(Schema.Number),
    subnetIpAvailability: field(Schema.Array(SubnetIpAvailability)),
    ipVersion: filterOnly(Schema.Literals([4, 6]))
  },
  operations: ["list", "get"]
})

/**
 * A network's IP availability, as decoded.
 *
 * @example
 * const all = yield* network.networkIpAvailabilities.list() // ReadonlyArray<NetworkIpAvailability>
 */
export type NetworkIpAvailability = Resource.Item<typeof NetworkIpAvailability>

/**
 * The network IP availability client.
 *
 * @example
 * const networkIpAvailabilities = NetworkIpAvailabilities.make(network)
 */
export const make = (adapter: AdapterShape) => Resource.make(NetworkIpAvailability, adapter)

/**
 * The network IP availability client's type.
 *
 * @example
 * const client: NetworkIpAvailabilities.NetworkIpAvailabilitiesClient = NetworkIpAvailabilities.make(network)
 */
export type NetworkIpAvailabilitiesClient = ReturnType<typeof make>

/**
 * The network IP availability client as a service of its own: `.make(adapter)`, `.layer()` on a Session, provided by
 * `Network.layer` and the Connection (so that a test can `Layer.mock` it).
 *
 * @example
 * const networkIpAvailabilities = yield* NetworkIpAvailabilities.NetworkIpAvailabilities
 */
export class NetworkIpAvailabilities extends Resource.Service<NetworkIpAvailabilities>()("effect-openstack/network/NetworkIpAvailabilities", services.network, make) {}
