/**
 * Identity v3 regions: the places endpoints live in (`/v3/regions`), nested by `parent_region_id`.
 *
 * @example
 * import { Effect } from "effect"
 * import { Identity } from "effect-openstack"
 *
 * const program = Effect.gen(function* () {
 *   const identity = yield* Identity.Identity
 *   const region = yield* identity.regions.findOrCreate("RegionThree", { description: "third" })
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
 * The declaration of a region.
 *
 * @example
 * const regions = Resource.make(Regions.Region, identity)
 */
export const Region = Resource.define({
  service: services.identity,
  key: "region",
  fields: {
    /** Keystone makes one up when none is given at create. */
    id: field(Schema.String).create,
    description: field(Schema.String).optional.create.update,
    parentRegionId: field(Schema.NullOr(Schema.String)).optional.create.update.filterAs(Schema.String)
  },
  operations: ["list", "get", "create", "update", "delete"]
})

/**
 * A region, as decoded.
 *
 * @example
 * const region: Regions.Region = yield* identity.regions.get("RegionOne")
 */
export type Region = Resource.Item<typeof Region>

/**
 * The regions client.
 *
 * @example
 * const regions = Regions.make(identity)
 * const region = yield* regions.get("RegionOne")
 */
export const make = (adapter: AdapterShape) => Resource.make(Region, adapter)

/**
 * The regions client's type.
 *
 * @example
 * const regions: Regions.RegionsClient = Regions.make(identity)
 */
export type RegionsClient = ReturnType<typeof make>

/**
 * The regions client as a service of its own: `.make(adapter)`, `.layer()` on a Session, and provided by
 * `Identity.layer` and the Connection (so that a test can `Layer.mock` it).
 *
 * @example
 * const all = yield* Effect.flatMap(Regions.Regions, (regions) => regions.list())
 */
export class Regions extends Resource.Service<Regions>()("effect-openstack/identity/Regions", services.identity, make) {}
