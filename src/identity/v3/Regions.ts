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
import { Schema } from "effect"
import type { AdapterShape } from "../../Adapter.ts"
import * as Resource from "../../Resource.ts"

/**
 * The declaration of a region.
 *
 * @example
 * const regions = Resource.make(Regions.Region, identity)
 */
export const Region = Resource.define({
  name: "region",
  key: "region",
  collectionKey: "regions",
  path: () => "/regions",
  fields: {
    id: Schema.String,
    description: Schema.optionalKey(Schema.String),
    parentRegionId: Schema.optionalKey(Schema.NullOr(Schema.String))
  },
  query: { parentRegionId: Schema.optionalKey(Schema.String) },
  create: {
    id: Schema.optionalKey(Schema.String),
    description: Schema.optionalKey(Schema.String),
    parentRegionId: Schema.optionalKey(Schema.String)
  },
  update: {
    description: Schema.optionalKey(Schema.String),
    parentRegionId: Schema.optionalKey(Schema.NullOr(Schema.String))
  },
  // Regions have no names: `find` looks a region up by id only.
  findBy: undefined,
  operations: ["list", "get", "create", "update", "delete"]
})

/**
 * A region, as decoded.
 *
 * @example
 * const region: Regions.Region = yield* identity.regions.get("RegionOne")
 */
export type Region = Resource.Item<typeof Region.fields>

/**
 * The regions client.
 *
 * @example
 * const regions = Regions.make(identity)
 * const region = yield* regions.get("RegionOne")
 */
export const make = (adapter: AdapterShape) => Resource.make(Region, adapter)
