/**
 * Network v2 availability zones (`/v2.0/availability_zones`): the zones Neutron's agents report, for networks and
 * routers (`availabilityZoneHints`). A deployment without agents has none.
 *
 * @example
 * import { Effect } from "effect"
 * import { Network } from "effect-openstack"
 *
 * const zones = Effect.gen(function* () {
 *   const network = yield* Network.Network
 *   return yield* network.availabilityZones.list({ resource: "router", state: "available" })
 * })
 *
 * @module
 */
import * as Schema from "effect/Schema"
import type { AdapterShape } from "../../Adapter.ts"
import * as services from "../../internal/services.ts"
import * as Resource from "../../Resource.ts"
import { field } from "../../Resource.ts"

/**
 * The declaration of an availability zone (list only).
 *
 * @example
 * const availabilityZones = Resource.make(AvailabilityZones.AvailabilityZone, network)
 */
export const AvailabilityZone = Resource.define({
  service: services.network,
  key: "availability_zone",
  path: () => "/availability_zones",
  fields: {
    name: field(Schema.String).filterIn,
    /** `network` or `router`. */
    resource: field(Schema.String).filterIn,
    /** `available` or `unavailable`. */
    state: field(Schema.String).filterIn
  },
  operations: ["list"]
})

/**
 * An availability zone, as decoded.
 *
 * @example
 * const first: AvailabilityZones.AvailabilityZone | undefined = (yield* network.availabilityZones.list())[0]
 */
export type AvailabilityZone = Resource.Item<typeof AvailabilityZone>

/**
 * The availability zones client.
 *
 * @example
 * const availabilityZones = AvailabilityZones.make(network)
 */
export const make = (adapter: AdapterShape) => Resource.make(AvailabilityZone, adapter)

/**
 * The availability zones client's type.
 *
 * @example
 * const availabilityZones: AvailabilityZones.AvailabilityZonesClient = AvailabilityZones.make(network)
 */
export type AvailabilityZonesClient = ReturnType<typeof make>

/**
 * The availability zones client as a service of its own: `.make(adapter)`, `.layer()` on a Session, and provided by
 * `Network.layer` and the Connection (so that a test can `Layer.mock` it).
 *
 * @example
 * const availabilityZones = yield* AvailabilityZones.AvailabilityZones
 */
export class AvailabilityZones extends Resource.Service<AvailabilityZones>()("effect-openstack/network/AvailabilityZones", services.network, make) {}
