/**
 * Network v2 floating IPs (`/v2.0/floatingips`): an address of an external network, associated with a port (its
 * fixed IP) through a router that has a gateway on that network. `associate(id, portId)` and `disassociate(id)`.
 * Tags, filters, pages, conditional writes.
 *
 * @example
 * import { Effect } from "effect"
 * import { Network } from "effect-openstack"
 *
 * const program = (externalNetworkId: string, portId: string) => Effect.gen(function* () {
 *   const network = yield* Network.Network
 *   const ip = yield* network.floatingIps.create({ floatingNetworkId: externalNetworkId })
 *   yield* network.floatingIps.associate(ip.id, portId)
 * })
 *
 * @module
 */
import type * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import type { AdapterShape } from "../../Adapter.ts"
import type { SessionError } from "../../Session.ts"
import * as services from "../../internal/services.ts"
import * as Resource from "../../Resource.ts"
import { field } from "../../Resource.ts"
import { ownership, standard } from "./StandardAttributes.ts"

/**
 * The declaration of a floating IP (no names: `find` takes an id, or lists by address with
 * `list({ floatingIpAddress })`).
 *
 * @example
 * const floatingIps = Resource.make(FloatingIps.FloatingIp, network)
 */
export const FloatingIp = Resource.define({
  service: services.network,
  key: "floatingip",
  attribute: "floatingIps",
  name: "floating IP",
  fields: {
    id: field(Schema.String).filterIn,
    ...ownership,
    ...standard,
    floatingIpAddress: field(Schema.String).create.filterIn,
    floatingNetworkId: field(Schema.String).required.filterIn,
    /** The subnet of the external network to take the address from. */
    subnetId: field(Schema.String).writeOnly.create,
    routerId: field(Schema.NullOr(Schema.String)).filterIn,
    portId: field(Schema.NullOr(Schema.String)).create.update.filterIn,
    fixedIpAddress: field(Schema.NullOr(Schema.String)).create.update.filterIn,
    status: field(Schema.String).filterIn,
    portDetails: field(Schema.NullOr(Schema.Record(Schema.String, Schema.Unknown))).optional,
    dnsName: field(Schema.String).optional.create,
    dnsDomain: field(Schema.String).optional.create,
    qosPolicyId: field(Schema.NullOr(Schema.String)).optional.create.update
  },
  tags: true,
  revision: true,
  updateMethod: "PUT",
  operations: ["list", "get", "create", "update", "delete"]
})

/**
 * A floating IP, as decoded.
 *
 * @example
 * const first: FloatingIps.FloatingIp | undefined = (yield* network.floatingIps.list())[0]
 */
export type FloatingIp = Resource.Item<typeof FloatingIp>

/**
 * The floating IPs client: the Resource operations, `associate` and `disassociate`.
 *
 * @example
 * const floatingIps = FloatingIps.make(network)
 */
export const make = (adapter: AdapterShape) => {
  const client = Resource.make(FloatingIp, adapter)
  return {
    ...client,
    /**
     * Associates the address with a port (with one of its fixed IPs when it has several); the port's network must
     * reach the floating IP's through a router with a gateway there.
     *
     * @example
     * yield* network.floatingIps.associate(ip.id, port.id)
     */
    associate: (id: string, portId: string, fixedIpAddress?: string): Effect.Effect<FloatingIp, SessionError> =>
      client.update(id, { portId, ...(fixedIpAddress === undefined ? {} : { fixedIpAddress }) }),
    /**
     * Takes the address off its port.
     *
     * @example
     * yield* network.floatingIps.disassociate(ip.id)
     */
    disassociate: (id: string): Effect.Effect<FloatingIp, SessionError> => client.update(id, { portId: null })
  }
}

/**
 * The floating IPs client's type.
 *
 * @example
 * const floatingIps: FloatingIps.FloatingIpsClient = FloatingIps.make(network)
 */
export type FloatingIpsClient = ReturnType<typeof make>

/**
 * The floating IPs client as a service of its own: `.make(adapter)`, `.layer()` on a Session, and provided by
 * `Network.layer` and the Connection (so that a test can `Layer.mock` it).
 *
 * @example
 * const floatingIps = yield* FloatingIps.FloatingIps
 */
export class FloatingIps extends Resource.Service<FloatingIps>()("effect-openstack/network/FloatingIps", services.network, make) {}
