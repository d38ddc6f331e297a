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
import { Schema } from "effect"
import type { AdapterShape } from "../../Adapter.ts"
import * as Resource from "../../Resource.ts"

const Interface = Schema.Literals(["public", "internal", "admin"])

/**
 * The declaration of an endpoint. List filters: `serviceId`, `interface`, `regionId`. Endpoints have no names:
 * `find` looks one up by id only.
 *
 * @example
 * const endpoints = Resource.make(Endpoints.Endpoint, identity)
 */
export const Endpoint = Resource.define({
  name: "endpoint",
  key: "endpoint",
  collectionKey: "endpoints",
  path: () => "/endpoints",
  fields: {
    id: Schema.String,
    serviceId: Schema.String,
    interface: Interface,
    url: Schema.String,
    regionId: Schema.optionalKey(Schema.NullOr(Schema.String)),
    /** The legacy name of `regionId`. */
    region: Schema.optionalKey(Schema.NullOr(Schema.String)),
    enabled: Schema.Boolean
  },
  query: {
    serviceId: Schema.optionalKey(Schema.String),
    interface: Schema.optionalKey(Interface),
    regionId: Schema.optionalKey(Schema.String)
  },
  create: {
    serviceId: Schema.String,
    interface: Interface,
    url: Schema.String,
    regionId: Schema.optionalKey(Schema.String),
    enabled: Schema.optionalKey(Schema.Boolean)
  },
  update: {
    serviceId: Schema.optionalKey(Schema.String),
    interface: Schema.optionalKey(Interface),
    url: Schema.optionalKey(Schema.String),
    regionId: Schema.optionalKey(Schema.String),
    enabled: Schema.optionalKey(Schema.Boolean)
  },
  findBy: undefined,
  operations: ["list", "get", "create", "update", "delete"]
})

/**
 * An endpoint, as decoded.
 *
 * @example
 * const endpoint: Endpoints.Endpoint = yield* identity.endpoints.get(id)
 */
export type Endpoint = Resource.Item<typeof Endpoint.fields>

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
