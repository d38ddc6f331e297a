/**
 * Identity v3 endpoints (`/v3/endpoints`): the catalog's URLs — one per service, interface (`public`, `internal`,
 * `admin`) and region.
 *
 * Keystone answers both `region_id` and the legacy `region` (the same value); set `regionId`. A URL may hold
 * substitutions such as `$(project_id)s`, which Keystone fills in the token's catalog.
 *
 * @example
 * import { Effect } from "effect"
 * import { Identity } from "effect-openstack"
 *
 * const program = Effect.gen(function* () {
 *   const identity = yield* Identity.Identity
 *   const nova = yield* identity.services.find("nova")
 *   yield* identity.endpoints.create({
 *     serviceId: nova.id, interface: "public", url: "https://nova.example/v2.1", regionId: "RegionOne"
 *   })
 *   const publics = yield* identity.endpoints.list({ serviceId: nova.id, interface: "public" })
 * })
 *
 * @module
 */
import * as Schema from "effect/Schema"
import type { AdapterShape } from "../../Adapter.ts"
import * as services from "../../internal/services.ts"
import * as Resource from "../../Resource.ts"
import { field } from "../../Resource.ts"

const Interface = Schema.Literals(["public", "internal", "admin"])

/**
 * The declaration of an endpoint. List filters: `serviceId`, `interface`, `regionId`. Endpoints have no names:
 * `find` looks one up by id only.
 *
 * @example
 * const endpoints = Resource.make(Endpoints.Endpoint, identity)
 */
export const Endpoint = Resource.define({
  service: services.identity,
  key: "endpoint",
  fields: {
    id: field(Schema.String),
    serviceId: field(Schema.String).required.update.filter,
    interface: field(Interface).required.update.filter,
    url: field(Schema.String).required.update,
    regionId: field(Schema.NullOr(Schema.String)).optional.create.update.filterAs(Schema.String),
    /** The legacy name of `regionId`. */
    region: field(Schema.NullOr(Schema.String)).optional,
    enabled: field(Schema.Boolean).create.update
  },
  operations: ["list", "get", "create", "update", "delete"]
})

/**
 * An endpoint, as decoded.
 *
 * @example
 * const endpoint: Endpoints.Endpoint = yield* identity.endpoints.get(id)
 */
export type Endpoint = Resource.Item<typeof Endpoint>

/**
 * The endpoints client.
 *
 * @example
 * const endpoints = Endpoints.make(identity)
 * yield* endpoints.update(endpoint.id, { url: "https://nova2.example/v2.1" })
 */
export const make = (adapter: AdapterShape) => Resource.make(Endpoint, adapter)

/**
 * The endpoints client's type.
 *
 * @example
 * const endpoints: Endpoints.EndpointsClient = Endpoints.make(identity)
 */
export type EndpointsClient = ReturnType<typeof make>

/**
 * The endpoints client as a service of its own: `.make(adapter)`, `.layer()` on a Session, and provided by
 * `Identity.layer` and the Connection (so that a test can `Layer.mock` it).
 *
 * @example
 * const all = yield* Effect.flatMap(Endpoints.Endpoints, (endpoints) => endpoints.list())
 */
export class Endpoints extends Resource.Service<Endpoints>()("effect-openstack/identity/Endpoints", services.identity, make) {}
