/**
 * A REST resource, declared once, turned into a typed client: `list` (all pages), `stream` (lazily, page by page),
 * `get`, `find(nameOrId)`, `create`, `update`, `delete`, `findOrCreate` — python-keystoneclient's `CrudManager` and
 * openstacksdk's resource proxies, for any OpenStack service.
 *
 * A declaration gives the resource's fields in camelCase with their Schemas; the wire names are the snake_case of the
 * field names unless declared otherwise (`wireNames`), once, for the item, the query, the create and the update
 * bodies alike. Fields the server sends that the declaration does not know are kept, in `extra`.
 *
 * @example
 * import { Effect, Schema } from "effect"
 * import { Adapter, Resource } from "effect-openstack"
 *
 * const Region = Resource.define({
 *   name: "region", key: "region", collectionKey: "regions", path: () => "/regions",
 *   fields: {
 *     id: Schema.String,
 *     description: Schema.optionalKey(Schema.String),
 *     parentRegionId: Schema.NullOr(Schema.String)
 *   },
 *   create: { id: Schema.optionalKey(Schema.String), description: Schema.optionalKey(Schema.String) },
 *   update: { description: Schema.optionalKey(Schema.String) },
 *   operations: ["list", "get", "create", "update", "delete"]
 * })
 * const regions = (identity: Adapter.AdapterShape) => Resource.make(Region, identity)
 * // regions(identity).find("RegionOne"): Effect<Region & { extra }, ResourceError>
 *
 * @module
 */
import { Effect, Schema, Stream } from "effect"
import type { HttpClientResponse } from "effect/http"
import type { AdapterShape } from "./Adapter.ts"
import {
  fromHttpClientError,
  InvalidResponse,
  NotFound,
  NoUniqueMatch,
  ValidationError
} from "./Errors.ts"
import { decodeOrInvalid } from "./internal/decode.ts"
import { redactUrl } from "./internal/redact.ts"
import * as Pagination from "./Pagination.ts"
import type { SessionError } from "./Session.ts"

// ---------------------------------------------------------------------------------------------------------------------
// Declarations
// ---------------------------------------------------------------------------------------------------------------------

type Fields = Schema.Struct.Fields

/**
 * What a client may do with a resource.
 *
 * @example
 * const operations: ReadonlyArray<Resource.Operation> = ["list", "get"]
 */
export type Operation = "list" | "get" | "create" | "update" | "delete"

/**
 * A resource, declared once.
 *
 * @example
 * const Service = Resource.define({
 *   name: "service", key: "service", collectionKey: "services", path: () => "/services",
 *   fields: { id: Schema.String, type: Schema.String }, operations: ["list", "get"]
 * })
 */
export interface Definition<
  F extends Fields,
  Q extends Fields,
  C extends Fields,
  U extends Fields,
  P,
  O extends Operation = Operation
> {
  /** Singular, for messages: "project". */
  readonly name: string
  /** The body key of one item: `{"project": {...}}`. */
  readonly key: string
  /** The body key of a list: `{"projects": [...]}`. */
  readonly collectionKey: string
  /** The collection's path under the service's endpoint, from its parent's ids for a nested resource. */
  readonly path: (parent: P) => string
  /** The item's fields, camelCase, with their Schemas. */
  readonly fields: F
  /** Wire names that are not the snake_case of the field name (e.g. `{ federation: "OS-FEDERATION" }`). */
  readonly wireNames?: Readonly<Record<string, string>> | undefined
  /** The list filters. */
  readonly query?: Q | undefined
  /** The fields of a create body. */
  readonly create?: C | undefined
  /** The fields of an update body. */
  readonly update?: U | undefined
  /** Default PATCH (Keystone, Neutron); PUT for services that replace. */
  readonly updateMethod?: "PATCH" | "PUT" | undefined
  /** How the list is paged (default "links"). */
  readonly pagination?: Pagination.Kind | undefined
  /** The field `find` lists by when no id matches (default "name"); `undefined`: ids only. */
  readonly findBy?: string | undefined
  /** What the server allows; the client offers only these (and what follows from them, e.g. `find` from `list`). */
  readonly operations: ReadonlyArray<O>
}

/**
 * Declares a resource (the identity function, for inference).
 *
 * @example
 * const Domain = Resource.define({ name: "domain", key: "domain", collectionKey: "domains", path: () => "/domains",
 *   fields: { id: Schema.String, name: Schema.String }, operations: ["list", "get"] })
 */
export const define = <
  F extends Fields,
  Q extends Fields = Record<never, never>,
  C extends Fields = Record<never, never>,
  U extends Fields = Record<never, never>,
  P = void,
  O extends Operation = Operation
>(definition: Definition<F, Q, C, U, P, O>): Definition<F, Q, C, U, P, O> => definition

/**
 * A decoded item: the declared fields, and every other field the server sent, unchanged, in `extra`.
 *
 * @example
 * type Project = Resource.Item<typeof ProjectFields>
 */
export type Item<F extends Fields> = Schema.Struct.Type<F> & { readonly extra: Readonly<Record<string, unknown>> }

/**
 * Everything a resource operation can fail with.
 *
 * @example
 * const orNothing = (e: Resource.ResourceError) => e._tag === "NotFound" ? Effect.succeed(undefined) : Effect.fail(e)
 */
export type ResourceError = SessionError | InvalidResponse | ValidationError | NoUniqueMatch | NotFound

// ---------------------------------------------------------------------------------------------------------------------
// Wire names
// ---------------------------------------------------------------------------------------------------------------------

/**
 * The wire name of a field: its declared name, else its snake_case (`domainId` → `domain_id`).
 *
 * @example
 * Resource.wireName("passwordExpiresAt") // "password_expires_at"
 */
export const wireName = (field: string, overrides: Readonly<Record<string, string>> = {}): string =>
  overrides[field] ?? field.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`)

/** The Schema of some fields as they are on the wire, decoding to camelCase. */
const onWire = <F extends Fields>(
  fields: F,
  overrides: Readonly<Record<string, string>> = {}
): Schema.Codec<Schema.Struct.Type<F>, Readonly<Record<string, unknown>>> => {
  const mapping = Object.fromEntries(Object.keys(fields).map((field) => [field, wireName(field, overrides)]))
  // The declared fields need no services to decode or encode; the generic F hides that from the compiler.
  const schema = Schema.Struct(fields).pipe(Schema.encodeKeys(mapping as { readonly [K in keyof F]?: string }))
  return schema as unknown as Schema.Codec<Schema.Struct.Type<F>, Readonly<Record<string, unknown>>>
}

/** Wire values as URL parameters: strings, numbers and booleans as text, lists repeated. */
const toUrlParams = (wire: Readonly<Record<string, unknown>>): Record<string, string | ReadonlyArray<string>> =>
  Object.fromEntries(
    Object.entries(wire)
      .filter(([, value]) => value !== undefined && value !== null)
      .map(([key, value]) => [key, Array.isArray(value) ? value.map(String) : String(value)])
  )

// ---------------------------------------------------------------------------------------------------------------------
// The client
// ---------------------------------------------------------------------------------------------------------------------

/**
 * A resource's operations.
 *
 * @example
 * const project = yield* projects.find("demo")
 * yield* projects.update(project.id, { description: "updated" })
 */
export interface Client<A, Q, C, U> {
  /** Every item, all pages. */
  readonly list: (query?: Q) => Effect.Effect<ReadonlyArray<A>, ResourceError>
  /** Every item, lazily: a page is fetched when the stream gets there. */
  readonly stream: (query?: Q) => Stream.Stream<A, ResourceError>
  /** The item with this id (`NotFound` when there is none). */
  readonly get: (id: string) => Effect.Effect<A, ResourceError>
  /** The item with this id, else the one with this name: `NotFound` for none, `NoUniqueMatch` for several. */
  readonly find: (nameOrId: string, query?: Q) => Effect.Effect<A, ResourceError>
  readonly create: (attributes: C) => Effect.Effect<A, ResourceError>
  readonly update: (id: string, attributes: U) => Effect.Effect<A, ResourceError>
  readonly delete: (id: string) => Effect.Effect<void, ResourceError>
  /** `find(name)`, else `create` with that name (the id, for resources without names) and the other attributes. */
  readonly findOrCreate: (name: string, attributes: Omit<C, "name">) => Effect.Effect<A, ResourceError>
  /** Decodes one item from its wire JSON (for operations a declaration does not cover). */
  readonly decode: (json: unknown) => Effect.Effect<A, InvalidResponse>
  /** The collection's path (under the service's endpoint). */
  readonly path: string
}

/**
 * The client methods that declared operations give: `stream` and `find` come with `list` (`find` with `get` too, for
 * ids), `findOrCreate` with `create` and a way to find.
 *
 * @example
 * type ReadOnly = Resource.MethodsOf<"list" | "get"> // "list" | "stream" | "find" | "get" | "decode" | "path"
 */
export type MethodsOf<O extends Operation> =
  | "decode"
  | "path"
  | ("list" extends O ? "list" | "stream" : never)
  | ("get" extends O ? "get" : never)
  | ("update" extends O ? "update" : never)
  | ("delete" extends O ? "delete" : never)
  | ([Extract<O, "list" | "get">] extends [never] ? never : "find" | ("create" extends O ? "findOrCreate" | "create" : never))
  | ("create" extends O ? "create" : never)

/**
 * A resource's client with only the operations its declaration allows.
 *
 * @example
 * type ReadOnlyServices = Resource.ClientFor<Service, ServiceQuery, never, never, "list" | "get">
 * const services: ReadOnlyServices = Resource.make(Service, identity)
 */
export type ClientFor<A, Q, C, U, O extends Operation> = Pick<Client<A, Q, C, U>, MethodsOf<O>>

/**
 * A response's JSON body; one that does not parse is an `InvalidResponse`.
 *
 * @example
 * const body = yield* Effect.flatMap(adapter.get("/projects/p1/tags"), Resource.readJson)
 */
export const readJson = (response: HttpClientResponse.HttpClientResponse): Effect.Effect<unknown, ResourceError> =>
  Effect.catchTag(response.json, "HttpClientError", fromHttpClientError)

/**
 * Whether something exists, by a `HEAD`: 2xx is `true`, 404 is `false` (Keystone's answer to a check that does not
 * hold), any other status its typed error.
 *
 * @example
 * const member = yield* Resource.exists(identity, `/groups/${groupId}/users/${userId}`)
 */
export const exists = (
  adapter: AdapterShape,
  path: string,
  options: { readonly headers?: Readonly<Record<string, string>> } = {}
): Effect.Effect<boolean, ResourceError> =>
  adapter.head(path, options).pipe(
    Effect.as(true),
    Effect.catchTag("NotFound", () => Effect.succeed(false))
  )

/**
 * The client of a resource, on a service adapter (the adapter gives the service type, interface, region, …); a
 * nested resource takes its parent's ids.
 *
 * @example
 * const projects = Resource.make(Project, identity)
 * const credentials = Resource.make(ApplicationCredential, identity, { userId })
 */
export const make = <F extends Fields, Q extends Fields, C extends Fields, U extends Fields, P, O extends Operation>(
  definition: Definition<F, Q, C, U, P, O>,
  adapter: AdapterShape,
  ...parent: [P] extends [void] ? [] : [P]
): ClientFor<Item<F>, Schema.Struct.Type<Q>, Schema.Struct.Type<C>, Schema.Struct.Type<U>, O> => {
  const path = definition.path(parent[0] as P)
  const overrides = definition.wireNames ?? {}
  const itemSchema = onWire(definition.fields, overrides)
  const knownWire = new Set(Object.keys(definition.fields).map((field) => wireName(field, overrides)))
  const querySchema = onWire(definition.query ?? {}, overrides)
  const createSchema = onWire(definition.create ?? {}, overrides)
  const updateSchema = onWire(definition.update ?? {}, overrides)
  const { name, key, collectionKey } = definition

  const allows = (operation: Operation) => (definition.operations as ReadonlyArray<Operation>).includes(operation)
  const allowed = (operation: Operation) =>
    allows(operation)
      ? Effect.void
      : Effect.fail(new ValidationError({ message: `the ${name} resource does not support ${operation}` }))

  const decode = (json: unknown): Effect.Effect<Item<F>, InvalidResponse> =>
    Effect.map(decodeOrInvalid(itemSchema, json, `a ${name}`), (fields) => {
      const wire = typeof json === "object" && json !== null ? (json as Record<string, unknown>) : {}
      const extra = Object.fromEntries(Object.entries(wire).filter(([field]) => !knownWire.has(field)))
      return { ...fields, extra }
    })

  const encode = <T>(schema: Schema.Codec<T, Readonly<Record<string, unknown>>>, value: unknown, what: string) =>
    Effect.mapError(
      Schema.encodeUnknownEffect(schema)(value),
      (error) => new ValidationError({ message: `${what} of the ${name}: ${error.message.replace(/\s*\n\s*/g, " ")}` })
    )

  const itemPath = (id: string) => `${path}/${encodeURIComponent(id)}`

  /** The field `find` falls back to (a declared `findBy: undefined` means ids only). */
  const lookupField = () => ("findBy" in definition ? definition.findBy : "name")

  const decodeMember = (response: HttpClientResponse.HttpClientResponse) =>
    Effect.flatMap(readJson(response), (body) => {
      const member = typeof body === "object" && body !== null ? (body as Record<string, unknown>)[key] : undefined
      return member === undefined
        ? Effect.fail(new InvalidResponse({
            message: `${response.request.method} ${redactUrl(response.request.url)} answered without a "${key}"`,
            method: response.request.method,
            url: redactUrl(response.request.url),
            status: response.status
          }))
        : decode(member)
    })

  const stream = (query?: Schema.Struct.Type<Q>): Stream.Stream<Item<F>, ResourceError> =>
    Stream.unwrap(
      Effect.gen(function* () {
        yield* allowed("list")
        const params = toUrlParams(yield* encode(querySchema, query ?? {}, "the filters"))
        const endpoint = yield* adapter.getEndpoint()
        const first = new URL(`${endpoint.replace(/\/+$/, "")}${path}`)
        for (const [param, value] of Object.entries(params)) {
          for (const each of typeof value === "string" ? [value] : value) first.searchParams.append(param, each)
        }
        const fetch = (url: string) =>
          Effect.flatMap(adapter.get(url), (response) =>
            Effect.tap(
              Effect.map(readJson(response), (body): Pagination.Page => ({ url, body })),
              (page) => warnIfTruncated(page, name)
            ))
        return Pagination.pages({ kind: definition.pagination ?? "links", collectionKey, first: first.href, fetch }).pipe(
          Stream.mapEffect(decode)
        )
      })
    )

  const list = (query?: Schema.Struct.Type<Q>) => Effect.map(Stream.runCollect(stream(query)), (items) => [...items])

  const get = (id: string) =>
    Effect.andThen(allowed("get"), Effect.flatMap(adapter.get(itemPath(id)), decodeMember))

  const findByName = (nameOrId: string, query?: Schema.Struct.Type<Q>) =>
    Effect.gen(function* () {
      const filter = lookupField()
      if (filter === undefined) return yield* notFound(nameOrId)
      const endpoint = yield* adapter.getEndpoint()
      const url = new URL(`${endpoint.replace(/\/+$/, "")}${path}`)
      for (const [param, value] of Object.entries(toUrlParams(yield* encode(querySchema, query ?? {}, "the filters")))) {
        for (const each of typeof value === "string" ? [value] : value) url.searchParams.append(param, each)
      }
      url.searchParams.set(wireName(filter, overrides), nameOrId)
      const page = yield* Effect.flatMap(adapter.get(url.href), readJson)
      const items = yield* Pagination.itemsOf({ url: url.href, body: page }, collectionKey)
      const matches = yield* Effect.forEach(items, decode)
      // Servers that ignore an unknown filter answer everything: keep the exact matches only.
      const exact = matches.filter((item) => (item as Record<string, unknown>)[filter] === nameOrId)
      if (exact.length === 1 && exact[0] !== undefined) return exact[0]
      if (exact.length > 1) {
        return yield* new NoUniqueMatch({
          message: `${exact.length} ${collectionKey} are named "${nameOrId}": use an id`,
          resource: name,
          nameOrId,
          matches: exact.length
        })
      }
      return yield* notFound(nameOrId)
    })

  const notFound = (nameOrId: string) =>
    Effect.fail(
      new NotFound({
        status: 404,
        method: "GET",
        url: path,
        message: `no ${name} has the id or the name "${nameOrId}"`
      })
    )

  /** By id where `get` is allowed, else (or then) by name where `list` is. */
  const find = (nameOrId: string, query?: Schema.Struct.Type<Q>) => {
    const byName = allows("list") ? findByName(nameOrId, query) : notFound(nameOrId)
    return allows("get") ? get(nameOrId).pipe(Effect.catchTag("NotFound", () => byName)) : byName
  }

  const create = (attributes: Schema.Struct.Type<C>) =>
    Effect.gen(function* () {
      yield* allowed("create")
      const body = yield* encode(createSchema, attributes, "the attributes")
      return yield* Effect.flatMap(adapter.post(path, { json: { [key]: body } }), decodeMember)
    })

  const update = (id: string, attributes: Schema.Struct.Type<U>) =>
    Effect.gen(function* () {
      yield* allowed("update")
      const body = yield* encode(updateSchema, attributes, "the changes")
      const send = definition.updateMethod === "PUT" ? adapter.put : adapter.patch
      return yield* Effect.flatMap(send(itemPath(id), { json: { [key]: body } }), decodeMember)
    })

  const remove = (id: string) => Effect.andThen(allowed("delete"), Effect.asVoid(adapter.delete(itemPath(id))))

  const findOrCreate = (nameOrId: string, attributes: Omit<Schema.Struct.Type<C>, "name">) =>
    find(nameOrId).pipe(Effect.catchTag("NotFound", () =>
      create({ ...attributes, [lookupField() ?? "id"]: nameOrId } as Schema.Struct.Type<C>)))

  const client: Client<Item<F>, Schema.Struct.Type<Q>, Schema.Struct.Type<C>, Schema.Struct.Type<U>> = {
    list, stream, get, find, create, update, delete: remove, findOrCreate, decode, path
  }
  return client
}

/** Keystone answers at most `list_limit` items with `"truncated": true` (it does not page): say so. */
const warnIfTruncated = (page: Pagination.Page, name: string) =>
  typeof page.body === "object" && page.body !== null && (page.body as Record<string, unknown>).truncated === true
    ? Effect.logWarning(
        `the server truncated the list of ${name}s at its list limit (GET ${redactUrl(page.url)}): narrow the filters`
      )
    : Effect.void
