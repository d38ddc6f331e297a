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
import { Effect, Schema } from "effect"
import type { AdapterShape } from "../../Adapter.ts"
import { InvalidResponse, ValidationError } from "../../Errors.ts"
import { decodeOrInvalid } from "../../internal/decode.ts"
import * as Resource from "../../Resource.ts"

const registeredLimitCreate = {
  serviceId: Schema.String,
  regionId: Schema.optionalKey(Schema.NullOr(Schema.String)),
  resourceName: Schema.String,
  /** -1: unlimited. */
  defaultLimit: Schema.Int,
  description: Schema.optionalKey(Schema.NullOr(Schema.String))
}

/**
 * The declaration of a registered limit (created in batches: see {@link make}; no names: `find` takes an id).
 *
 * @example
 * const registered = Resource.make(Limits.RegisteredLimit, identity)
 */
export const RegisteredLimit = Resource.define({
  name: "registered limit",
  key: "registered_limit",
  collectionKey: "registered_limits",
  path: () => "/registered_limits",
  fields: {
    id: Schema.String,
    serviceId: Schema.String,
    regionId: Schema.optionalKey(Schema.NullOr(Schema.String)),
    resourceName: Schema.String,
    defaultLimit: Schema.Int,
    description: Schema.optionalKey(Schema.NullOr(Schema.String))
  },
  query: {
    serviceId: Schema.optionalKey(Schema.String),
    regionId: Schema.optionalKey(Schema.String),
    resourceName: Schema.optionalKey(Schema.String)
  },
  create: registeredLimitCreate,
  update: {
    serviceId: Schema.optionalKey(Schema.String),
    regionId: Schema.optionalKey(Schema.NullOr(Schema.String)),
    resourceName: Schema.optionalKey(Schema.String),
    defaultLimit: Schema.optionalKey(Schema.Int),
    description: Schema.optionalKey(Schema.NullOr(Schema.String))
  },
  findBy: undefined,
  // Keystone has no single create: the client's `create` sends a batch.
  operations: ["list", "get", "update", "delete"]
})

/**
 * A registered limit, as decoded.
 *
 * @example
 * const registered: Limits.RegisteredLimit = yield* limits.registeredLimits.get(id)
 */
export type RegisteredLimit = Resource.Item<typeof RegisteredLimit.fields>

/**
 * What a registered limit is created with.
 *
 * @example
 * const spec: Limits.RegisteredLimitCreate = { serviceId, resourceName: "cores", defaultLimit: 10 }
 */
export type RegisteredLimitCreate = Schema.Struct.Type<typeof registeredLimitCreate>

const limitCreate = {
  projectId: Schema.optionalKey(Schema.String),
  domainId: Schema.optionalKey(Schema.String),
  serviceId: Schema.String,
  regionId: Schema.optionalKey(Schema.String),
  resourceName: Schema.String,
  /** -1: unlimited. */
  resourceLimit: Schema.Int,
  description: Schema.optionalKey(Schema.NullOr(Schema.String))
}

/**
 * The declaration of a limit (created in batches: see {@link make}; no names: `find` takes an id).
 *
 * @example
 * const own = Resource.make(Limits.Limit, identity)
 */
export const Limit = Resource.define({
  name: "limit",
  key: "limit",
  collectionKey: "limits",
  path: () => "/limits",
  fields: {
    id: Schema.String,
    projectId: Schema.optionalKey(Schema.NullOr(Schema.String)),
    domainId: Schema.optionalKey(Schema.NullOr(Schema.String)),
    serviceId: Schema.String,
    regionId: Schema.optionalKey(Schema.NullOr(Schema.String)),
    resourceName: Schema.String,
    resourceLimit: Schema.Int,
    description: Schema.optionalKey(Schema.NullOr(Schema.String))
  },
  query: {
    serviceId: Schema.optionalKey(Schema.String),
    regionId: Schema.optionalKey(Schema.String),
    resourceName: Schema.optionalKey(Schema.String),
    projectId: Schema.optionalKey(Schema.String),
    domainId: Schema.optionalKey(Schema.String)
  },
  create: limitCreate,
  update: {
    resourceLimit: Schema.optionalKey(Schema.Int),
    description: Schema.optionalKey(Schema.NullOr(Schema.String))
  },
  findBy: undefined,
  operations: ["list", "get", "update", "delete"]
})

/**
 * A limit, as decoded.
 *
 * @example
 * const limit: Limits.Limit = yield* limits.limits.get(id)
 */
export type Limit = Resource.Item<typeof Limit.fields>

type LimitCommon = Omit<Schema.Struct.Type<typeof limitCreate>, "projectId" | "domainId">

/**
 * What a limit is created with: the limit of a project or of a domain.
 *
 * @example
 * const spec: Limits.LimitCreate = { domainId, serviceId, resourceName: "cores", resourceLimit: 100 }
 */
export type LimitCreate =
  | LimitCommon & { readonly projectId: string, readonly domainId?: never }
  | LimitCommon & { readonly domainId: string, readonly projectId?: never }

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

const snakeKeys = <F extends Schema.Struct.Fields>(fields: F) =>
  Object.fromEntries(Object.keys(fields).map((field) => [field, Resource.wireName(field)])) as {
    readonly [K in keyof F]: string
  }

const registeredLimitWire = Schema.Struct(registeredLimitCreate).pipe(
  Schema.encodeKeys(snakeKeys(registeredLimitCreate))
)
const limitWire = Schema.Struct(limitCreate).pipe(Schema.encodeKeys(snakeKeys(limitCreate)))

/** `POST {collectionKey: [...]}`, answered with the created items, in order. */
const batchCreate = <A, T>(
  adapter: AdapterShape,
  what: { readonly name: string, readonly collectionKey: string, readonly path: string },
  encodeOne: (item: T) => Effect.Effect<unknown, Schema.SchemaError>,
  decode: (json: unknown) => Effect.Effect<A, InvalidResponse>,
  items: ReadonlyArray<T>
): Effect.Effect<ReadonlyArray<A>, Resource.ResourceError> =>
  Effect.gen(function* () {
    if (items.length === 0) return []
    const wire = yield* Effect.mapError(
      Effect.forEach(items, encodeOne),
      (error) => new ValidationError({ message: `the attributes of the ${what.name}: ${error.message.replace(/\s*\n\s*/g, " ")}` })
    )
    const { body } = yield* adapter.legacyJson.post(what.path, { json: { [what.collectionKey]: wire } })
    const decoded = yield* decodeOrInvalid(
      Schema.Struct({ [what.collectionKey]: Schema.Array(Schema.Unknown) }),
      body,
      `the created ${what.name}s`
    )
    return yield* Effect.forEach(decoded[what.collectionKey] ?? [], decode)
  })

/** The one item of a batch of one. */
const single = <A>(name: string) => (created: ReadonlyArray<A>): Effect.Effect<A, InvalidResponse> =>
  created.length === 1 && created[0] !== undefined
    ? Effect.succeed(created[0])
    : Effect.fail(new InvalidResponse({ message: `creating one ${name} answered ${created.length}` }))

/**
 * The unified limits client: `registeredLimits` and `limits` (each list, stream, get, find by id, create, createMany,
 * update, delete), and the limit `model`.
 *
 * @example
 * const limits = Limits.make(identity)
 * const created = yield* limits.registeredLimits.createMany([
 *   { serviceId, resourceName: "cores", defaultLimit: 10 },
 *   { serviceId, resourceName: "ram_mb", defaultLimit: 51200 }
 * ])
 */
export const make = (adapter: AdapterShape) => {
  const registered = Resource.make(RegisteredLimit, adapter)
  const own = Resource.make(Limit, adapter)

  const registeredMeta = {
    name: RegisteredLimit.name,
    collectionKey: RegisteredLimit.collectionKey,
    path: registered.path
  }
  const limitMeta = { name: Limit.name, collectionKey: Limit.collectionKey, path: own.path }

  /**
   * Creates registered limits in one request (all or none); answers them in order.
   *
   * @example
   * yield* limits.registeredLimits.createMany([{ serviceId, resourceName: "cores", defaultLimit: 10 }])
   */
  const createRegisteredLimits = (
    items: ReadonlyArray<RegisteredLimitCreate>
  ): Effect.Effect<ReadonlyArray<RegisteredLimit>, Resource.ResourceError> =>
    batchCreate(adapter, registeredMeta, Schema.encodeEffect(registeredLimitWire), registered.decode, items)

  /**
   * Creates limits in one request (all or none); answers them in order.
   *
   * @example
   * yield* limits.limits.createMany([{ projectId, serviceId, resourceName: "cores", resourceLimit: 20 }])
   */
  const createLimits = (
    items: ReadonlyArray<LimitCreate>
  ): Effect.Effect<ReadonlyArray<Limit>, Resource.ResourceError> =>
    batchCreate(adapter, limitMeta, Schema.encodeEffect(limitWire), own.decode, items)

  /**
   * The deployment's limit model (`GET /limits/model`).
   *
   * @example
   * const { name } = yield* limits.model() // "flat"
   */
  const model = (): Effect.Effect<Model, Resource.ResourceError> =>
    Effect.flatMap(adapter.legacyJson.get(`${own.path}/model`), ({ body }) =>
      Effect.map(decodeOrInvalid(Schema.Struct({ model: Model }), body, "the limit model"), (decoded) => decoded.model))

  return {
    registeredLimits: {
      list: registered.list,
      stream: registered.stream,
      get: registered.get,
      find: registered.find,
      /**
       * Creates one registered limit (a batch of one).
       *
       * @example
       * const cores = yield* limits.registeredLimits.create({ serviceId, resourceName: "cores", defaultLimit: 10 })
       */
      create: (item: RegisteredLimitCreate) =>
        Effect.flatMap(createRegisteredLimits([item]), single<RegisteredLimit>(RegisteredLimit.name)),
      createMany: createRegisteredLimits,
      update: registered.update,
      delete: registered.delete,
      decode: registered.decode,
      path: registered.path
    },
    limits: {
      list: own.list,
      stream: own.stream,
      get: own.get,
      find: own.find,
      /**
       * Creates one limit (a batch of one).
       *
       * @example
       * const cores = yield* limits.limits.create({ projectId, serviceId, resourceName: "cores", resourceLimit: 20 })
       */
      create: (item: LimitCreate) => Effect.flatMap(createLimits([item]), single<Limit>(Limit.name)),
      createMany: createLimits,
      update: own.update,
      delete: own.delete,
      decode: own.decode,
      path: own.path
    },
    model
  }
}

/**
 * The unified limits client's operations.
 *
 * @example
 * const limits: Limits.Client = Limits.make(identity)
 */
export type Client = ReturnType<typeof make>
