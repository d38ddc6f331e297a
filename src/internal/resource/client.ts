/**
 * The operations every declared resource may have — list, stream, select, get, find, create, update, delete,
 * findOrCreate — each a small function of the resource's {@link Target} and each a span named after the resource
 * (`Network.networks.create`) with the resource and the id as attributes.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import type { AdapterShape } from "../../Adapter.ts"
import { InvalidResponse, NotFound, NoUniqueMatch, ValidationError } from "../../Errors.ts"
import * as Pagination from "../../Pagination.ts"
import type { Response, SessionError } from "../../Session.ts"
import { redactUrl } from "../redact.ts"
import { codecOf, type Fields } from "./field.ts"
import { type Compiled, compiledOf, type Definition, type RecordCodec, wireName } from "./declaration.ts"

/**
 * A declared resource on an adapter, at its collection's path.
 *
 * @example
 * const target: Target = targetOf(Networks.Network, network, "/networks")
 */
export interface Target {
  readonly definition: Definition
  readonly compiled: Compiled
  readonly adapter: AdapterShape
  readonly path: string
}

/**
 * The target of a declaration on an adapter.
 *
 * @example
 * const target = targetOf(Ports.Port, network, Resource.pathOf(Ports.Port))
 */
export const targetOf = (definition: Definition, adapter: AdapterShape, path: string): Target => ({
  definition,
  // Compiled on first use: a Connection makes a client per resource, a program uses a few.
  get compiled() {
    return compiledOf(definition)
  },
  adapter,
  path
})

/**
 * How a list is asked for, besides its filters: the page size (`limit`), the order (`sort`: fields and directions,
 * Neutron's `sort_key` / `sort_dir`).
 *
 * @example
 * const options: Resource.ListOptions = { limit: 100, sort: [["name", "asc"]] }
 */
export interface ListOptions<K extends string = string> {
  readonly limit?: number | undefined
  readonly sort?: ReadonlyArray<readonly [K, "asc" | "desc"]> | undefined
}

/**
 * A conditional write (Neutron): only if the item's `revision_number` is still this one, else `PreconditionFailed`.
 *
 * @example
 * yield* networks.update(network.id, { mtu: 1400 }, { ifRevision: network.revisionNumber })
 */
export interface WriteOptions {
  readonly ifRevision?: number | undefined
}

// ---------------------------------------------------------------------------------------------------------------------
// Spans, bodies, decoding
// ---------------------------------------------------------------------------------------------------------------------

/**
 * Runs `effect` in the span of an operation on the resource (and on one item when `id` is given).
 *
 * @example
 * traced(target, "addTag", Effect.asVoid(adapter.put(path)), id) // span Network.networks.addTag
 */
export const traced = <A, E, R>(target: Target, operation: string, effect: Effect.Effect<A, E, R>, id?: string) =>
  Effect.withSpan(effect, `${target.compiled.spanPrefix}.${operation}`, {
    attributes: { "openstack.resource": target.compiled.name, ...(id === undefined ? {} : { "openstack.resource.id": id }) }
  })

/**
 * A response's JSON body; one that does not parse is an `InvalidResponse`.
 *
 * @example
 * const body = yield* Effect.flatMap(adapter.get("/networks"), readJson)
 */
export const readJson = (response: Response): Effect.Effect<unknown, SessionError> => response.json

const oneLine = (message: string) => message.replace(/\s*\n\s*/g, " ")

/**
 * Encodes a body or a query with a codec of the declaration; a value that does not fit is a `ValidationError`.
 *
 * @example
 * const body = yield* encodeWith(target, target.compiled.create, { name: "x" }, "the attributes")
 */
export const encodeWith = (
  target: Target,
  codec: Schema.Codec<unknown, unknown>,
  value: unknown,
  what: string
): Effect.Effect<Readonly<Record<string, unknown>>, ValidationError> =>
  Effect.mapError(
    Schema.encodeUnknownEffect(codec)(value) as Effect.Effect<Readonly<Record<string, unknown>>, Schema.SchemaError>,
    (error) => new ValidationError({ message: `${what} of the ${target.compiled.name}: ${oneLine(error.message)}` })
  )

const isRecord = (u: unknown): u is Readonly<Record<string, unknown>> =>
  typeof u === "object" && u !== null && !Array.isArray(u)

/**
 * Decodes an item with a codec; what the codec does not know is kept in `extra`.
 *
 * @example
 * const item = yield* decodeWith("network", codec, new Set(["id", "name"]), json)
 */
export const decodeWith = <A>(
  name: string,
  codec: RecordCodec,
  knownWire: ReadonlySet<string>,
  json: unknown
): Effect.Effect<A, InvalidResponse> =>
  Effect.mapBoth(Schema.decodeUnknownEffect(codec)(json), {
    onFailure: (error) => new InvalidResponse({ message: `a ${name} does not decode: ${oneLine(error.message)}` }),
    onSuccess: (fields) => {
      const wire = isRecord(json) ? json : {}
      const extra = Object.fromEntries(Object.entries(wire).filter(([key]) => !knownWire.has(key)))
      return { ...fields, extra } as A
    }
  })

/**
 * Decodes one item of the resource.
 *
 * @example
 * const network = yield* decodeItem<Network>(target, { id: "n1", name: "jenkins" })
 */
export const decodeItem = <A>(target: Target, json: unknown): Effect.Effect<A, InvalidResponse> =>
  decodeWith(target.compiled.name, target.compiled.item, target.compiled.knownWire, json)

/**
 * The answer's body under `key`: an `InvalidResponse` when it has none.
 *
 * @example
 * const json = yield* memberOf(response, "network") // the body's "network", or InvalidResponse
 */
export const memberOf = (
  response: Response,
  key: string
): Effect.Effect<unknown, SessionError> =>
  Effect.flatMap(readJson(response), (body) => {
    const member = isRecord(body) ? body[key] : undefined
    return member === undefined
      ? Effect.fail(
          new InvalidResponse({
            message: `${response.request.method} ${redactUrl(response.request.url)} answered without a "${key}"`,
            method: response.request.method,
            url: redactUrl(response.request.url),
            status: response.status
          })
        )
      : Effect.succeed(member)
  })

/**
 * The path of one item.
 *
 * @example
 * itemPath(target, "n1") // "/networks/n1"
 */
export const itemPath = (target: Target, id: string): string => `${target.path}/${encodeURIComponent(id)}`

const decodeMember = <A>(target: Target) => (response: Response) =>
  Effect.flatMap(memberOf(response, target.compiled.key), (member) => decodeItem<A>(target, member))

// ---------------------------------------------------------------------------------------------------------------------
// Lists
// ---------------------------------------------------------------------------------------------------------------------

type Params = Record<string, string | ReadonlyArray<string>>

/** Wire values as URL parameters: strings, numbers and booleans as text, lists repeated. */
const toUrlParams = (wire: Readonly<Record<string, unknown>>): Params =>
  Object.fromEntries(
    Object.entries(wire)
      .filter(([, value]) => value !== undefined && value !== null)
      .map(([key, value]) => [key, Array.isArray(value) ? value.map(String) : String(value)])
  )

const optionParams = (target: Target, options: ListOptions): Params => ({
  ...(options.limit === undefined ? {} : { limit: String(options.limit) }),
  ...(options.sort === undefined || options.sort.length === 0
    ? {}
    : {
        sort_key: options.sort.map(([field]) => wireName(field, target.compiled.fields[field]?.wireName)),
        sort_dir: options.sort.map(([, direction]) => direction)
      })
})

/** The collection's path for a query: under another collection when a `listUnder` filter is given. */
const listPath = (
  target: Target,
  query: Readonly<Record<string, unknown>>
): Effect.Effect<{ readonly path: string, readonly rest: Readonly<Record<string, unknown>> }, ValidationError> => {
  const under = Object.entries(target.definition.listUnder ?? {}).filter(([name]) => query[name] !== undefined)
  const [first, second] = under
  if (first === undefined) return Effect.succeed({ path: target.path, rest: query })
  if (second !== undefined) {
    return Effect.fail(new ValidationError({
      message: `the ${target.compiled.collectionKey} can be listed under one of ${under.map(([name]) => name).join(", ")}, not all`
    }))
  }
  const [name, pathOf] = first
  const { [name]: id, ...rest } = query
  return Effect.succeed({ path: pathOf(String(id)), rest })
}

/** The absolute URL of a collection's first page: the endpoint, the path, the parameters. */
const firstPage = (target: Target, path: string, params: Params) =>
  Effect.map(target.adapter.getEndpoint(), (endpoint) => {
    const url = new URL(`${endpoint.replace(/\/+$/, "")}${path}`)
    for (const [param, value] of Object.entries(params)) {
      for (const each of typeof value === "string" ? [value] : value) url.searchParams.append(param, each)
    }
    return url.href
  })

/** Keystone answers at most `list_limit` items with `"truncated": true` (it does not page): say so. */
const warnIfTruncated = (page: Pagination.Page, name: string) =>
  isRecord(page.body) && page.body.truncated === true
    ? Effect.logWarning(`the server truncated the list of ${name}s at its list limit (GET ${redactUrl(page.url)}): narrow the filters`)
    : Effect.void

/**
 * The wire items of every page of a list, lazily.
 *
 * @example
 * const count = yield* Stream.runCount(wireItems(target, { shared: true }, { limit: 100 }))
 */
export const wireItems = (
  target: Target,
  query: unknown,
  options: ListOptions & { readonly fields?: ReadonlyArray<string> | undefined, readonly params?: Params } = {}
): Stream.Stream<unknown, SessionError> =>
  Stream.unwrap(
    Effect.gen(function* () {
      const { path, rest } = yield* listPath(target, isRecord(query) ? query : {})
      const filters = yield* encodeWith(target, target.compiled.filter, rest, "the filters")
      const selected = options.fields === undefined ? {} : { fields: options.fields }
      const params = { ...toUrlParams(filters), ...optionParams(target, options), ...selected, ...options.params }
      const first = yield* firstPage(target, path, params)
      const fetch = (url: string) =>
        Effect.flatMap(target.adapter.get(url), (response) =>
          Effect.tap(
            Effect.map(readJson(response), (body): Pagination.Page => ({ url, body })),
            (page) => warnIfTruncated(page, target.compiled.name)
          ))
      const { collectionKey } = target.compiled
      return Pagination.pages({ kind: target.definition.pagination ?? "links", collectionKey, first, fetch, limit: options.limit })
    })
  )

/**
 * Every item, lazily, page by page.
 *
 * @example
 * const first = yield* Stream.runHead(stream<Network>(target, { name: "jenkins" }))
 */
export const stream = <A>(target: Target, query?: unknown, options?: ListOptions): Stream.Stream<A, SessionError> =>
  wireItems(target, query, options).pipe(
    Stream.mapEffect((json) => decodeItem<A>(target, json)),
    Stream.withSpan(`${target.compiled.spanPrefix}.stream`, { attributes: { "openstack.resource": target.compiled.name } })
  )

/** Every item, all pages. */
/**
 * Every item of a stream, as an array.
 *
 * @example
 * const all = yield* collect(stream<Network>(target))
 */
export const collect = <A, E>(stream: Stream.Stream<A, E>): Effect.Effect<ReadonlyArray<A>, E> =>
  Effect.map(Stream.runCollect(stream), (items) => [...items])

/**
 * Every item, all pages.
 *
 * @example
 * const networks = yield* list<Network>(target, { shared: false })
 */
export const list = <A>(
  target: Target,
  query?: unknown,
  options?: ListOptions
): Effect.Effect<ReadonlyArray<A>, SessionError> =>
  traced(target, "list", collect(Stream.mapEffect(wireItems(target, query, options), (json) => decodeItem<A>(target, json))))

/**
 * Only some fields of every item (Neutron's `fields`): less to send, less to decode.
 *
 * @example
 * const names = yield* select<{ name: string }>(target, ["name"])
 */
export const select = <A>(
  target: Target,
  names: ReadonlyArray<string>,
  query?: unknown,
  options: ListOptions = {}
): Effect.Effect<ReadonlyArray<A>, SessionError> => {
  const picked: Fields = Object.fromEntries(names.flatMap((name) => {
    const spec = target.compiled.fields[name]
    return spec === undefined ? [] : [[name, spec]]
  }))
  const { codec, wire } = codecOf(picked, "read")
  const known = new Set(wire)
  const decode = (json: unknown) => decodeWith<A>(target.compiled.name, codec, known, json)
  return traced(
    target,
    "select",
    collect(Stream.mapEffect(wireItems(target, query, { ...options, fields: wire }), decode))
  )
}

// ---------------------------------------------------------------------------------------------------------------------
// One item
// ---------------------------------------------------------------------------------------------------------------------

/**
 * The item with this id.
 *
 * @example
 * const network = yield* get<Network>(target, "n1")
 */
export const get = <A>(target: Target, id: string): Effect.Effect<A, SessionError> =>
  traced(target, "get", Effect.flatMap(target.adapter.get(itemPath(target, id)), decodeMember<A>(target)), id)

const notFound = (target: Target, nameOrId: string) =>
  new NotFound({
    status: 404,
    method: "GET",
    url: target.path,
    message: `no ${target.compiled.name} has the id or the name "${nameOrId}"`
  })

/** The one item whose `findBy` field is `value` among the list's answer (servers that ignore the filter included). */
const byName = <A>(target: Target, value: string, query?: unknown): Effect.Effect<A, SessionError | NoUniqueMatch> =>
  Effect.gen(function* () {
    const { findBy, collectionKey, name } = target.compiled
    if (findBy === undefined) return yield* notFound(target, value)
    // The lookup field is sent as it is, filter or not: a server that ignores it answers everything, and the exact
    // matches are kept below.
    const params = { [wireName(findBy, target.compiled.fields[findBy]?.wireName)]: value }
    const items = yield* Stream.runCollect(
      Stream.mapEffect(wireItems(target, query, { params }), (json) => decodeItem<A>(target, json))
    )
    const exact = items.filter((item) => (item as Record<string, unknown>)[findBy] === value)
    if (exact.length > 1) {
      return yield* new NoUniqueMatch({
        message: `${exact.length} ${collectionKey} are named "${value}": use an id`,
        resource: name,
        nameOrId: value,
        matches: exact.length
      })
    }
    return exact[0] ?? (yield* notFound(target, value))
  })

/**
 * By id where `get` is allowed, else (or then) by name where `list` is.
 *
 * @example
 * const jenkins = yield* find<Network>(target, "jenkins")
 */
export const find = <A>(
  target: Target,
  nameOrId: string,
  query?: unknown
): Effect.Effect<A, SessionError | NoUniqueMatch> => {
  const operations: ReadonlyArray<string> = target.definition.operations
  const named = operations.includes("list") ? byName<A>(target, nameOrId, query) : Effect.fail(notFound(target, nameOrId))
  const found = operations.includes("get")
    ? Effect.catchTag(get<A>(target, nameOrId), "NotFound", () => named)
    : named
  return traced(target, "find", found, nameOrId)
}

/** Creates items in one request, all or none (`POST {collectionKey: [...]}`); answers them in order. */
const createBatch = <A>(target: Target, items: ReadonlyArray<unknown>): Effect.Effect<ReadonlyArray<A>, SessionError> =>
  Effect.gen(function* () {
    if (items.length === 0) return []
    const bodies = yield* Effect.forEach(items, (item) => encodeWith(target, target.compiled.create, item, "the attributes"))
    const { collectionKey } = target.compiled
    const response = yield* target.adapter.post(target.path, { json: { [collectionKey]: bodies } })
    const created = yield* memberOf(response, collectionKey)
    if (!Array.isArray(created) || created.length !== items.length) {
      return yield* new InvalidResponse({
        message: `creating ${items.length === 1 ? `one ${target.compiled.name}` : `${items.length} ${collectionKey}`} answered ${
          Array.isArray(created) ? created.length : "no list"}`,
        method: "POST",
        url: redactUrl(response.request.url),
        status: response.status
      })
    }
    return yield* Effect.forEach(created, (json) => decodeItem<A>(target, json))
  })

/**
 * Creates items in one request (declarations with `batchCreate`).
 *
 * @example
 * const limits = yield* createMany<Limit>(target, [{ serviceId, resourceName: "cores", resourceLimit: 10 }])
 */
export const createMany = <A>(
  target: Target,
  items: ReadonlyArray<unknown>
): Effect.Effect<ReadonlyArray<A>, SessionError> =>
  traced(target, "createMany", createBatch<A>(target, items))

const createOne = <A>(target: Target, attributes: unknown): Effect.Effect<A, SessionError> =>
  Effect.gen(function* () {
    const body = yield* encodeWith(target, target.compiled.create, attributes, "the attributes")
    const response = yield* target.adapter.post(target.path, { json: { [target.compiled.key]: body } })
    return yield* decodeMember<A>(target)(response)
  })

/**
 * Creates an item (a batch of one for declarations with `batchCreate`).
 *
 * @example
 * const network = yield* create<Network>(target, { name: "jenkins" })
 */
export const create = <A>(target: Target, attributes: unknown): Effect.Effect<A, SessionError> =>
  traced(
    target,
    "create",
    target.definition.batchCreate === true
      ? Effect.map(createBatch<A>(target, [attributes]), (created) => created[0] as A)
      : createOne<A>(target, attributes)
  )

const conditional = (
  target: Target,
  options: WriteOptions
): Effect.Effect<Readonly<Record<string, string>>, ValidationError> => {
  if (options.ifRevision === undefined) return Effect.succeed({})
  return target.definition.revision === true
    ? Effect.succeed({ "If-Match": `revision_number=${options.ifRevision}` })
    : Effect.fail(new ValidationError({ message: `the ${target.compiled.name} resource has no revision numbers to match` }))
}

/**
 * Changes an item (PATCH or PUT, as declared), optionally only at a revision.
 *
 * @example
 * yield* update<Network>(target, "n1", { mtu: 1400 }, { ifRevision: 2 })
 */
export const update = <A>(
  target: Target,
  id: string,
  attributes: unknown,
  options: WriteOptions = {}
): Effect.Effect<A, SessionError> =>
  traced(
    target,
    "update",
    Effect.gen(function* () {
      const body = yield* encodeWith(target, target.compiled.update, attributes, "the changes")
      const headers = yield* conditional(target, options)
      const send = target.definition.updateMethod === "PUT" ? target.adapter.put : target.adapter.patch
      const response = yield* send(itemPath(target, id), { json: { [target.compiled.key]: body }, headers })
      return yield* decodeMember<A>(target)(response)
    }),
    id
  )

/**
 * Deletes an item, optionally only at a revision.
 *
 * @example
 * yield* remove(target, "n1")
 */
export const remove = (target: Target, id: string, options: WriteOptions = {}): Effect.Effect<void, SessionError> =>
  traced(
    target,
    "delete",
    Effect.flatMap(
      conditional(target, options),
      (headers) => Effect.asVoid(target.adapter.delete(itemPath(target, id), { headers }))
    ),
    id
  )

/**
 * `find(name)`, else `create` with that name (the id, for resources found by id only) and the other attributes.
 *
 * @example
 * const jenkins = yield* findOrCreate<Network>(target, "jenkins", {})
 */
export const findOrCreate = <A>(
  target: Target,
  name: string,
  attributes: object
): Effect.Effect<A, SessionError | NoUniqueMatch> =>
  traced(
    target,
    "findOrCreate",
    Effect.catchTag(find<A>(target, name), "NotFound", () =>
      create<A>(target, { ...attributes, [target.compiled.findBy ?? "id"]: name })),
    name
  )
