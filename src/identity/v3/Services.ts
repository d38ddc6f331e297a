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
import * as Schema from "effect/Schema"
import type { AdapterShape } from "../../Adapter.ts"
import * as services from "../../internal/services.ts"
import * as Resource from "../../Resource.ts"
import { field } from "../../Resource.ts"

/**
 * The declaration of a service. List filters: `type`, `name`. `find` looks a service up by id, then by name.
 *
 * @example
 * const services = Resource.make(Services.Service, identity)
 */
export const Service = Resource.define({
  service: services.identity,
  key: "service",
  fields: {
    id: field(Schema.String),
    type: field(Schema.String).required.update.filter,
    name: field(Schema.String).optional.create.update.filter,
    description: field(Schema.NullOr(Schema.String)).optional.create.update,
    enabled: field(Schema.Boolean).create.update
  },
  operations: ["list", "get", "create", "update", "delete"]
})

/**
 * A service, as decoded.
 *
 * @example
 * const service: Services.Service = yield* identity.services.find("nova")
 */
export type Service = Resource.Item<typeof Service>

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

/**
 * The services client as a service of its own: `.make(adapter)`, `.layer()` on a Session, and provided by
 * `Identity.layer` and the Connection (so that a test can `Layer.mock` it).
 *
 * @example
 * const all = yield* Effect.flatMap(Services.Services, (services) => services.list())
 */
export class Services extends Resource.Service<Services>()("effect-openstack/identity/Services", services.identity, make) {}
