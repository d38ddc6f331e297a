/**
 * What every fake Neutron collection shares: NeutronError bodies, the caller (Keystone's token, its project, admin or
 * not), visibility by project, the standard attributes (description, tags, times, revision number) and conditional
 * writes (`If-Match: revision_number=N`), lists with Neutron's filters (any attribute, several values), tag filters,
 * sorting, `fields` and pages (`limit`, `marker`, `<collection>_links`), and the tag sub-resource.
 *
 * @internal
 */
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import { type FakeRequest, type FakeResponse, type Handler, ok, type Reply as ReplyType, Reply, route, type Route } from "../http.ts"
import { isAdmin, validToken } from "../keystone/common.ts"
import { drop, put, type Rec, rows, type TableName, type Token, type World } from "../world.ts"

/**
 * Neutron's error body, as an answer.
 *
 * @example
 * neutronError(404, "NetworkNotFound", "Network n1 could not be found.")
 */
export const neutronError = (status: number, type: string, message: string): FakeResponse => ({
  status,
  body: { NeutronError: { type, message, detail: "" } }
})

/**
 * Ends the handler with Neutron's error.
 *
 * @example
 * return yield* fail(409, "IpAddressAlreadyAllocated", `IP address ${ip} already allocated in subnet ${subnet}`)
 */
export const fail = (status: number, type: string, message: string) =>
  Effect.fail(new Reply({ response: neutronError(status, type, message) }))

/**
 * Neutron's 400 for an attribute.
 *
 * @example
 * return yield* invalid("cidr", `'${cidr}' is not a valid IP subnet.`)
 */
export const invalid = (attribute: string, reason: string) =>
  fail(400, "HTTPBadRequest", `Invalid input for ${attribute}. Reason: ${reason}`)

/** The caller of a request: its token, its project, and whether it is an admin. */
export interface Caller {
  readonly token: Token
  readonly project: string
  readonly admin: boolean
}

/**
 * The caller, else keystonemiddleware's 401.
 *
 * @example
 * const caller = yield* callerOf(request, world)
 */
export const callerOf = (request: FakeRequest, world: World): Effect.Effect<Caller, ReplyType> =>
  Effect.flatMap(validToken(world, request.headers["x-auth-token"]), (token) =>
    token === undefined || token.scope.project === undefined
      ? Effect.fail(new Reply({
          response: { status: 401, body: { error: { code: 401, title: "Unauthorized", message: "The request you have made requires authentication." } } }
        }))
      : Effect.succeed({ token, project: token.scope.project, admin: isAdmin(world, token) }))

/**
 * Neutron's time format (`2026-01-01T00:00:00Z`), at the Effect clock's time.
 *
 * @example
 * const createdAt = yield* now
 */
export const now = Effect.map(Clock.currentTimeMillis, (ms) => new Date(ms).toISOString().replace(/\.\d+Z$/, "Z"))

/**
 * A Neutron collection: its table and body keys, its not-found error type, who sees what, and its own create,
 * update and delete.
 *
 * @example
 * const networks: Collection = { table: "networks", key: "network", path: "networks", notFound: "NetworkNotFound", … }
 */
export interface Collection {
  readonly table: TableName
  readonly key: string
  readonly path: string
  /** The NeutronError type of a missing item, and its noun ("Network"). */
  readonly notFound: readonly [type: string, noun: string]
  readonly tags: boolean
  readonly revision: boolean
  /** Whether the caller sees a record (default: an admin, or the record's project). */
  readonly visible?: (caller: Caller, record: Rec, world: World) => boolean
  /** A new record (standard attributes added here) and the world with whatever else it made, or a 4xx. */
  readonly create: (
    body: Rec,
    caller: Caller,
    world: World
  ) => Effect.Effect<{ readonly record: Rec, readonly world: World }, ReplyType>
  /** The changed record and world, or a 4xx. */
  readonly update?: (
    record: Rec,
    body: Rec,
    caller: Caller,
    world: World
  ) => Effect.Effect<{ readonly record: Rec, readonly world: World }, ReplyType>
  /** The world without the record, or a refusal. */
  readonly remove?: (record: Rec, world: World) => Effect.Effect<World, ReplyType>
  /** A list's own filters (a port's `fixed_ips=ip_address=…`): the parameters they read, and the test. */
  readonly filter?: {
    readonly params: ReadonlyArray<string>
    readonly matches: (request: FakeRequest, record: Rec) => boolean
  }
  /** A record as answered, when it shows more than it keeps (a security group's rules). */
  readonly render?: (record: Rec, world: World) => Rec
  /** What the caller's first look at the collection makes (a project's default security group). */
  readonly prepare?: (caller: Caller, world: World) => Effect.Effect<World>
}

const visibleTo = (collection: Collection, caller: Caller, record: Rec, world: World) =>
  caller.admin || (collection.visible?.(caller, record, world) ?? record.project_id === caller.project)

/**
 * The record, if the caller may see it; else Neutron's 404.
 *
 * @example
 * const network = yield* itemOf(networks, caller, world, id)
 */
export const itemOf = (collection: Collection, caller: Caller, world: World, id: string) => {
  const record = world.tables[collection.table].get(id)
  const [type, noun] = collection.notFound
  return record !== undefined && visibleTo(collection, caller, record, world)
    ? Effect.succeed(record)
    : fail(404, type, `${noun} ${id} could not be found.`)
}

/**
 * The standard attributes of a new record.
 *
 * @example
 * const record = { id, name, ...(yield* standard(collection, body, caller)) }
 */
export const standard = (collection: Collection, body: Rec, caller: Caller) =>
  Effect.map(now, (time) => ({
    project_id: caller.admin && typeof body.project_id === "string" ? body.project_id : caller.project,
    tenant_id: caller.admin && typeof body.project_id === "string" ? body.project_id : caller.project,
    description: typeof body.description === "string" ? body.description : "",
    created_at: time,
    updated_at: time,
    revision_number: 0,
    ...(collection.tags ? { tags: [] } : {})
  }))

/**
 * The record one revision on (its `updated_at` now).
 *
 * @example
 * const next = yield* revised(record)
 */
export const revised = (record: Rec) =>
  Effect.map(now, (time): Rec => ({
    ...record,
    ...(record.revision_number === undefined
      ? {}
      : { revision_number: Number(record.revision_number) + 1, updated_at: time })
  }))

/** `If-Match: revision_number=N` against the record: Neutron's 412 when it moved. */
const checkRevision = (request: FakeRequest, record: Rec) => {
  const header = request.headers["if-match"]
  const wanted = header?.match(/^revision_number=(\d+)$/)?.[1]
  if (header === undefined || wanted === undefined) return Effect.void
  return Number(wanted) === record.revision_number
    ? Effect.void
    : fail(412, "RevisionNumberConstraintFailed", `Constrained to ${wanted}, but current revision is ${String(record.revision_number)}`)
}

/**
 * The JSON object under `key` of the request's body, else Neutron's 400.
 *
 * @example
 * const body = yield* bodyOf(request, "network")
 */
export const bodyOf = (request: FakeRequest, key: string) => {
  const body = request.body
  const member = typeof body === "object" && body !== null ? (body as Rec)[key] : undefined
  return typeof member === "object" && member !== null && !Array.isArray(member)
    ? Effect.succeed(member as Rec)
    : fail(400, "HTTPBadRequest", "Resource body required")
}

// ---------------------------------------------------------------------------------------------------------------------
// Lists
// ---------------------------------------------------------------------------------------------------------------------

const special = new Set(["limit", "marker", "sort_key", "sort_dir", "fields", "page_reverse", "tags", "tags-any", "not-tags", "not-tags-any"])

const sameValue = (value: unknown, wanted: string) =>
  typeof value === "boolean" ? value === (wanted.toLowerCase() === "true") : value === null ? wanted === "" : String(value) === wanted

const byAttributes = (request: FakeRequest, own: ReadonlyArray<string>) => (record: Rec) =>
  [...new Set(request.url.searchParams.keys())]
    .filter((name) => !special.has(name) && !own.includes(name) && name in record)
    .every((name) => request.url.searchParams.getAll(name).some((wanted) => sameValue(record[name], wanted)))

const byTags = (request: FakeRequest) => (record: Rec) => {
  const tags = (record.tags as ReadonlyArray<string> | undefined) ?? []
  const list = (name: string) => request.url.searchParams.getAll(name).flatMap((v) => v.split(",")).filter((t) => t !== "")
  const [all, any, notAll, notAny] = ["tags", "tags-any", "not-tags", "not-tags-any"].map(list)
  return (all === undefined || all.every((t) => tags.includes(t)))
    && (any === undefined || any.length === 0 || any.some((t) => tags.includes(t)))
    && (notAll === undefined || notAll.length === 0 || !notAll.every((t) => tags.includes(t)))
    && (notAny === undefined || !notAny.some((t) => tags.includes(t)))
}

const sorted = (request: FakeRequest, records: ReadonlyArray<Rec>): ReadonlyArray<Rec> => {
  const keys = request.url.searchParams.getAll("sort_key")
  const dirs = request.url.searchParams.getAll("sort_dir")
  const order = [...keys.map((key, i) => [key, dirs[i] === "desc" ? -1 : 1] as const), ["id", 1] as const]
  return [...records].sort((a, b) => {
    for (const [key, dir] of order) {
      const x = String(a[key] ?? "")
      const y = String(b[key] ?? "")
      if (x !== y) return x < y ? -dir : dir
    }
    return 0
  })
}

/** One page of a sorted list, and the link to the next when there may be one (Neutron's own rule: a full page). */
const paged = (request: FakeRequest, records: ReadonlyArray<Rec>, pageSize: number | undefined) => {
  const asked = Number(request.url.searchParams.get("limit") ?? Number.NaN)
  const limit = Number.isFinite(asked) && asked > 0 ? Math.min(asked, pageSize ?? asked) : pageSize
  const marker = request.url.searchParams.get("marker")
  const start = marker === null ? 0 : records.findIndex((r) => r.id === marker) + 1
  if (limit === undefined) return { page: records.slice(start), next: undefined }
  const page = records.slice(start, start + limit)
  if (page.length < limit) return { page, next: undefined }
  const next = new URL(request.url)
  next.searchParams.set("limit", String(limit))
  next.searchParams.set("marker", String(page.at(-1)?.id))
  return { page, next: next.href }
}

const shownOf = (collection: Collection, record: Rec, world: World): Rec => collection.render?.(record, world) ?? record

const selected = (request: FakeRequest, record: Rec): Rec => {
  const fields = request.url.searchParams.getAll("fields")
  return fields.length === 0 ? record : Object.fromEntries(fields.filter((f) => f in record).map((f) => [f, record[f]]))
}

/** The collection's list handler: visible records, filtered, sorted, paged at `pageSize` (Neutron's own limit). */
const list = (collection: Collection, pageSize: number | undefined): Handler => (request, _params, current) =>
  Effect.gen(function* () {
    const caller = yield* callerOf(request, current)
    const world = collection.prepare === undefined ? current : yield* collection.prepare(caller, current)
    const matching = rows(world, collection.table)
      .filter((r) => visibleTo(collection, caller, r, world))
      .filter(byAttributes(request, collection.filter?.params ?? []))
      .filter(byTags(request))
      .filter((r) => collection.filter?.matches(request, r) ?? true)
    const { page, next } = paged(request, sorted(request, matching), pageSize)
    return ok(200, {
      [collection.path.replaceAll("-", "_")]: page.map((r) => selected(request, shownOf(collection, r, world))),
      ...(next === undefined ? {} : { [`${collection.path.replaceAll("-", "_")}_links`]: [{ rel: "next", href: next }] })
    }, undefined, world === current ? undefined : world)
  })

// ---------------------------------------------------------------------------------------------------------------------
// One item
// ---------------------------------------------------------------------------------------------------------------------

const create = (collection: Collection): Handler => (request, _params, world) =>
  Effect.gen(function* () {
    const caller = yield* callerOf(request, world)
    const body = yield* bodyOf(request, collection.key)
    const made = yield* collection.create(body, caller, world)
    const next = put(made.world, collection.table, made.record)
    return ok(201, { [collection.key]: shownOf(collection, made.record, next) }, undefined, next)
  })

const get = (collection: Collection): Handler => (request, params, world) =>
  Effect.gen(function* () {
    const caller = yield* callerOf(request, world)
    const record = yield* itemOf(collection, caller, world, params.id ?? "")
    return ok(200, { [collection.key]: selected(request, shownOf(collection, record, world)) })
  })

const update = (collection: Collection): Handler => (request, params, world) =>
  Effect.gen(function* () {
    const caller = yield* callerOf(request, world)
    const record = yield* itemOf(collection, caller, world, params.id ?? "")
    yield* checkRevision(request, record)
    const body = yield* bodyOf(request, collection.key)
    const changed = yield* (collection.update ?? (() => fail(405, "HTTPMethodNotAllowed", "Method not allowed")))(record, body, caller, world)
    const next = yield* revised(changed.record)
    const after = put(changed.world, collection.table, next)
    return ok(200, { [collection.key]: shownOf(collection, next, after) }, undefined, after)
  })

const remove = (collection: Collection): Handler => (request, params, world) =>
  Effect.gen(function* () {
    const caller = yield* callerOf(request, world)
    const record = yield* itemOf(collection, caller, world, params.id ?? "")
    yield* checkRevision(request, record)
    const remove = collection.remove ?? ((r: Rec, w: World) => Effect.succeed(drop(w, collection.table, String(r.id))))
    const next = yield* remove(record, world)
    return ok(204, undefined, undefined, next)
  })

// ---------------------------------------------------------------------------------------------------------------------
// Tags
// ---------------------------------------------------------------------------------------------------------------------

const tagged = (collection: Collection, request: FakeRequest, params: Readonly<Record<string, string>>, world: World) =>
  Effect.flatMap(callerOf(request, world), (caller) => itemOf(collection, caller, world, params.id ?? ""))

const tagsOf = (record: Rec) => (record.tags as ReadonlyArray<string> | undefined) ?? []

const retag = (collection: Collection, world: World, record: Rec, tags: ReadonlyArray<string>) =>
  Effect.map(revised({ ...record, tags }), (next) => put(world, collection.table, next))

const validTags = (tags: unknown) =>
  Array.isArray(tags) && tags.every((t) => typeof t === "string" && t.length > 0 && t.length <= 255 && !t.includes(","))
    ? Effect.succeed(tags as ReadonlyArray<string>)
    : invalid("tags", `${JSON.stringify(tags)} is not a valid list of tags.`)

const tagRoutes = (collection: Collection): ReadonlyArray<Route> => {
  const base = `/v2.0/${collection.path}/:id/tags`
  return [
    route("GET", base, (request, params, world) => Effect.map(tagged(collection, request, params, world), (r) => ok(200, { tags: tagsOf(r) }))),
    route("PUT", base, (request, params, world) =>
      Effect.gen(function* () {
        const record = yield* tagged(collection, request, params, world)
        const tags = yield* validTags((request.body as Rec | undefined)?.tags)
        return ok(200, { tags }, undefined, yield* retag(collection, world, record, [...new Set(tags)]))
      })),
    route("DELETE", base, (request, params, world) =>
      Effect.gen(function* () {
        const record = yield* tagged(collection, request, params, world)
        return ok(204, undefined, undefined, yield* retag(collection, world, record, []))
      })),
    route("GET", `${base}/:tag`, (request, params, world) =>
      Effect.flatMap(tagged(collection, request, params, world), (record) =>
        tagsOf(record).includes(params.tag ?? "") ? Effect.succeed(ok(204)) : fail(404, "TagNotFound", `Tag ${params.tag ?? ""} could not be found.`))),
    route("PUT", `${base}/:tag`, (request, params, world) =>
      Effect.gen(function* () {
        const record = yield* tagged(collection, request, params, world)
        const tag = params.tag ?? ""
        yield* validTags([tag])
        if (tagsOf(record).includes(tag)) return ok(201)
        return ok(201, undefined, undefined, yield* retag(collection, world, record, [...tagsOf(record), tag]))
      })),
    route("DELETE", `${base}/:tag`, (request, params, world) =>
      Effect.gen(function* () {
        const record = yield* tagged(collection, request, params, world)
        const tag = params.tag ?? ""
        if (!tagsOf(record).includes(tag)) return yield* fail(404, "TagNotFound", `Tag ${tag} could not be found.`)
        const next = yield* retag(collection, world, record, tagsOf(record).filter((t) => t !== tag))
        return ok(204, undefined, undefined, next)
      }))
  ]
}

/**
 * The routes of a collection: list, create, get, update (PUT), delete, and its tags.
 *
 * @example
 * const routes = collectionRoutes(networks, 3)
 */
export const collectionRoutes = (collection: Collection, pageSize: number | undefined): ReadonlyArray<Route> => [
  route("GET", `/v2.0/${collection.path}`, list(collection, pageSize)),
  route("POST", `/v2.0/${collection.path}`, create(collection)),
  route("GET", `/v2.0/${collection.path}/:id`, get(collection)),
  route("PUT", `/v2.0/${collection.path}/:id`, update(collection)),
  route("DELETE", `/v2.0/${collection.path}/:id`, remove(collection)),
  ...(collection.tags ? tagRoutes(collection) : [])
]
