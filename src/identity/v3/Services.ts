/**
 * Identity v3 services (`/v3/services`): the catalog's services — a type (`compute`, `network`, …), a name, a
 * description — whose endpoints are in the `Endpoints` module.
 *
 * @example
 * import { Effect } from "effect"
 * import { Identity } from "effect-openstack"
 *
 * const program = Effect.gen(function* () {
 *   const identity = yield* Identity.Identity
 *   const nova = yield* identity.services.findOrCreate("nova", { type: "compute", description: "Compute" })
 *   const computes = yield* identity.services.list({ type: "compute" })
 * })
 *
 * @module
 */
import { Schema } from "effect"
import type { AdapterShape } from "../../Adapter.ts"
import * as Resource from "../../Resource.ts"

/**
 * The declaration of a service. List filters: `type`, `name`. `find` looks a service up by id, then by name.
 *
 * @example
 * const services = Resource.make(Services.Service, identity)
 */
export const Service = Resource.define({
  name: "service",
  key: "service",
  collectionKey: "services",
  path: () => "/services",
  fields: {
    id: Schema.String,
    type: Schema.String,
    name: Schema.optionalKey(Schema.String),
    description: Schema.optionalKey(Schema.NullOr(Schema.String)),
    enabled: Schema.Boolean
  },
  query: {
    type: Schema.optionalKey(Schema.String),
    name: Schema.optionalKey(Schema.String)
  },
  create: {
    type: Schema.String,
    name: Schema.optionalKey(Schema.String),
    description: Schema.optionalKey(Schema.String),
    enabled: Schema.optionalKey(Schema.Boolean)
  },
  update: {
    type: Schema.optionalKey(Schema.String),
    name: Schema.optionalKey(Schema.String),
    description: Schema.optionalKey(Schema.String),
    enabled: Schema.optionalKey(Schema.Boolean)
  },
  operations: ["list", "get", "create", "update", "delete"]
})

/**
 * A service, as decoded.
 *
 * @example
 * const service: Services.Service = yield* identity.services.find("nova")
 */
export type Service = Resource.Item<typeof Service.fields>

/**
 * The services client. Deleting a service deletes its endpoints.
 *
 * @example
 * const services = Services.make(identity)
 * yield* services.update(service.id, { enabled: false })
 */
export const make = (adapter: AdapterShape) => Resource.make(Service, adapter)

/**
 * The services client's type.
 *
 * @example
 * const services: Services.ServicesClient = Services.make(identity)
 */
export type ServicesClient = ReturnType<typeof make>
