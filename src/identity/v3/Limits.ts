/**
 * Identity v3 unified limits: registered limits (`/v3/registered_limits`, the default limit of a resource of a
 * service, optionally per region) and limits (`/v3/limits`, a project's or a domain's own limit of such a resource).
 * Keystone creates both in batches: `createMany` sends one batch, `create` a batch of one. A limit needs the registered
 * limit of its service, region and resource first. Keystone lists to a project-scoped token only that project's limits:
 * use a system-scoped token to see them all.
 *
 * @example
 * import { Effect } from "effect"
 * import type { Adapter } from "effect-openstack"
 * import * as Limits from "./Limits.ts"
 *
 * const program = (identity: Adapter.AdapterShape, serviceId: string, projectId: string) =>
 *   Effect.gen(function* () {
 *     const limits = Limits.make(identity)
 *     yield* limits.registeredLimits.create({ serviceId, resourceName: "cores", defaultLimit: 10 })
 *     const own = yield* limits.limits.create({ projectId, serviceId, resourceName: "cores", resourceLimit: 20 })
 *     return yield* limits.limits.update(own.id, { resourceLimit: 40 })
 *   })
 *
 * @module
 */
import type * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import type { AdapterShape } from "../../Adapter.ts"
import { memberOf } from "../../internal/decode.ts"
import * as services from "../../internal/services.ts"
import * as Resource from "../../Resource.ts"
import { field } from "../../Resource.ts"

/**
 * The declaration of a registered limit (created in batches; no names: `find` takes an id).
 *
 * @example
 * const registered = Resource.make(Limits.RegisteredLimit, identity)
 */
export const RegisteredLimit = Resource.define({
  service: services.identity,
  key: "registered_limit",
  fields: {
    id: field(Schema.String),
    serviceId: field(Schema.String).required.update.filter,
    regionId: field(Schema.NullOr(Schema.String)).optional.create.update.filterAs(Schema.String),
    resourceName: field(Schema.String).required.update.filter,
    /** -1: unlimited. */
    defaultLimit: field(Schema.Int).required.update,
    description: field(Schema.NullOr(Schema.String)).optional.create.update
  },
  batchCreate: true,
  operations: ["list", "get", "create", "update", "delete"]
})

/**
 * A registered limit, as decoded.
 *
 * @example
 * const registered: Limits.RegisteredLimit = yield* limits.registeredLimits.get(id)
 */
export type RegisteredLimit = Resource.Item<typeof RegisteredLimit>

/**
 * What a registered limit is created with.
 *
 * @example
 * const spec: Limits.RegisteredLimitCreate = { serviceId, resourceName: "cores", defaultLimit: 10 }
 */
export type RegisteredLimitCreate = Resource.Create<typeof RegisteredLimit>

/**
 * The declaration of a limit: a project's or a domain's (give one of `projectId`, `domainId`); created in batches; no
 * names: `find` takes an id.
 *
 * @example
 * const own = Resource.make(Limits.Limit, identity)
 */
export const Limit = Resource.define({
  service: services.identity,
  key: "limit",
  fields: {
    id: field(Schema.String),
    projectId: field(Schema.NullOr(Schema.String)).optional.createAs(Schema.String).filterAs(Schema.String),
    domainId: field(Schema.NullOr(Schema.String)).optional.createAs(Schema.String).filterAs(Schema.String),
    serviceId: field(Schema.String).required.filter,
    regionId: field(Schema.NullOr(Schema.String)).optional.createAs(Schema.String).filterAs(Schema.String),
    resourceName: field(Schema.String).required.filter,
    /** -1: unlimited. */
    resourceLimit: field(Schema.Int).required.update,
    description: field(Schema.NullOr(Schema.String)).optional.create.update
  },
  batchCreate: true,
  operations: ["list", "get", "create", "update", "delete"]
})

/**
 * A limit, as decoded.
 *
 * @example
 * const limit: Limits.Limit = yield* limits.limits.get(id)
 */
export type Limit = Resource.Item<typeof Limit>

/**
 * What a limit is created with: the limit of a project or of a domain.
 *
 * @example
 * const spec: Limits.LimitCreate = { domainId, serviceId, resourceName: "cores", resourceLimit: 100 }
 */
export type LimitCreate = Resource.Create<typeof Limit>

/**
 * The limit model of the deployment: `flat`, or `strict-two-level` (a project's limit bounded by its parent's).
 *
 * @example
 * const model: Limits.Model = { name: "flat", description: "…" }
 */
export const Model = Schema.Struct({ name: Schema.String, description: Schema.optionalKey(Schema.String) })

/**
 * @see {@link Model}
 *
 * @example
 * const model: Limits.Model = yield* limits.model()
 */
export type Model = typeof Model.Type

/**
 * The unified limits client: `registeredLimits` and `limits` (each list, stream, get, find by id, create, createMany,
 * update, delete), and the limit `model`.
 *
 * @example
 * const { registeredLimits, limits, model } = Limits.make(identity)
 */
export const make = (adapter: AdapterShape) => {
  return {
    registeredLimits: Resource.make(RegisteredLimit, adapter),
    limits: Resource.make(Limit, adapter),
    /**
     * The deployment's limit model (`GET /limits/model`).
     *
     * @example
     * const { name } = yield* limits.model() // "flat"
     */
    model: (): Effect.Effect<Model, Resource.ResourceError> =>
      memberOf(adapter.legacyJson.get(`${Resource.pathOf(Limit)}/model`), "model", Model, "the limit model")
  }
}

/**
 * The unified limits client's operations.
 *
 * @example
 * const limits: Limits.Client = Limits.make(identity)
 */
export type Client = ReturnType<typeof make>

/**
 * The unified limits client as a service of its own: `.make(adapter)`, `.layer()` on a Session, and provided by
 * `Identity.layer` and the Connection (so that a test can `Layer.mock` it).
 *
 * @example
 * const { limits } = yield* Limits.Limits
 */
export class Limits extends Resource.Service<Limits>()("effect-openstack/identity/Limits", services.identity, make) {}
