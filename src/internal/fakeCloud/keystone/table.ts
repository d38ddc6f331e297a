/**
 * A Keystone collection in the fake, from a small description: list (with exact-match filters), create (with the
 * description's own validation and a conflict check), get, update (PATCH), delete — each behind Keystone's policy
 * (admin, unless a read is allowed to the caller), with Keystone's bodies, links and messages.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import { type FakeRequest, type Handler, ok, type Reply, route, type Route } from "../http.ts"
import { drop, put, type Rec, rows, type TableName, type Token, type World } from "../world.ts"
import { adminOf, bodyOf, callerOf, fail, filtered, forbidden, isAdmin, listOf, withLinks } from "./common.ts"

/**
 * A Keystone collection, described.
 *
 * @example
 * const services: TableSpec = { table: "services", key: "service", filters: ["type", "name"], create, update }
 */
export interface TableSpec {
  readonly table: TableName
  /** The body key of one record ("project"); the collection key and path are its plural. */
  readonly key: string
  readonly path?: string
  readonly filters: ReadonlyArray<string>
  /** A new record from the create body (the id made here), or Keystone's 400. */
  readonly create: (body: Rec, world: World, caller: Token) => Effect.Effect<Rec, Reply>
  /** The record with the update body's changes, or Keystone's 400. */
  readonly update?: (record: Rec, body: Rec, world: World) => Effect.Effect<Rec, Reply>
  /** Another record this one would clash with (same name in the same domain), for the 409. */
  readonly clashes?: (record: Rec, other: Rec) => boolean
  /** The world without the record and what hangs on it, or Keystone's refusal. */
  readonly remove?: (record: Rec, world: World) => Effect.Effect<World, Reply>
  /** Who other than an admin may read one record. */
  readonly mayRead?: (caller: Token, record: Rec, world: World) => boolean
  /** Narrows or widens a list (e.g. projects as domains). */
  readonly listed?: (request: FakeRequest, world: World) => ReadonlyArray<Rec>
}

const pathOf = (spec: TableSpec) => spec.path ?? `${spec.key}s`

/** The record, or 404 naming it; a caller who may not read it gets a 403 first. */
export const readable = (spec: TableSpec, request: FakeRequest, world: World, id: string) =>
  Effect.gen(function* () {
    const caller = yield* callerOf(request, world)
    const record = world.tables[spec.table].get(id)
    if (!isAdmin(world, caller) && (record === undefined || spec.mayRead?.(caller, record, world) !== true)) {
      return yield* forbidden(`identity:get_${spec.key}`)
    }
    return record === undefined ? yield* fail(404, `Could not find ${spec.key.replaceAll("_", " ")}: ${id}.`) : record
  })

const conflict = (spec: TableSpec, world: World, record: Rec) => {
  const other = rows(world, spec.table).find((r) => r.id !== record.id && spec.clashes?.(record, r) === true)
  return other === undefined
    ? Effect.void
    : fail(409, `Conflict occurred attempting to store ${spec.key} - Duplicate entry found with name ${String(record.name)}.`)
}

const list = (spec: TableSpec): Handler => (request, _params, world) =>
  Effect.map(adminOf(request, world, `identity:list_${pathOf(spec)}`), () => {
    const records = spec.listed?.(request, world) ?? rows(world, spec.table)
    const matching = filtered(request, records, spec.filters)
    return { response: listOf(world, request, pathOf(spec), matching.map((r) => withLinks(world, pathOf(spec), r))) }
  })

const create = (spec: TableSpec): Handler => (request, _params, world) =>
  Effect.gen(function* () {
    const caller = yield* adminOf(request, world, `identity:create_${spec.key}`)
    const record = yield* spec.create(yield* bodyOf(request, spec.key), world, caller)
    if (world.tables[spec.table].has(String(record.id))) {
      return yield* fail(409, `Conflict occurred attempting to store ${spec.key} - Duplicate ID, ${String(record.id)}.`)
    }
    yield* conflict(spec, world, record)
    return ok(201, { [spec.key]: withLinks(world, pathOf(spec), record) }, undefined, put(world, spec.table, record))
  })

const get = (spec: TableSpec): Handler => (request, params, world) =>
  Effect.map(readable(spec, request, world, params.id ?? ""), (record) => ok(200, { [spec.key]: withLinks(world, pathOf(spec), record) }))

const update = (spec: TableSpec): Handler => (request, params, world) =>
  Effect.gen(function* () {
    yield* adminOf(request, world, `identity:update_${spec.key}`)
    const record = yield* readable(spec, request, world, params.id ?? "")
    const changed = yield* (spec.update ?? (() => fail(405, "Method not allowed")))(record, yield* bodyOf(request, spec.key), world)
    yield* conflict(spec, world, changed)
    return ok(200, { [spec.key]: withLinks(world, pathOf(spec), changed) }, undefined, put(world, spec.table, changed))
  })

const remove = (spec: TableSpec): Handler => (request, params, world) =>
  Effect.gen(function* () {
    yield* adminOf(request, world, `identity:delete_${spec.key}`)
    const record = yield* readable(spec, request, world, params.id ?? "")
    const remove = spec.remove ?? ((r: Rec, w: World) => Effect.succeed(drop(w, spec.table, String(r.id))))
    const next = yield* remove(record, world)
    return ok(204, undefined, undefined, next)
  })

/**
 * The five routes of a collection (`/v3/<path>` and `/v3/<path>/:id`).
 *
 * @example
 * const routes = tableRoutes(services)
 */
export const tableRoutes = (spec: TableSpec): ReadonlyArray<Route> => [
  route("GET", `/v3/${pathOf(spec)}`, list(spec)),
  route("POST", `/v3/${pathOf(spec)}`, create(spec)),
  route("GET", `/v3/${pathOf(spec)}/:id`, get(spec)),
  ...(spec.update === undefined ? [] : [route("PATCH", `/v3/${pathOf(spec)}/:id`, update(spec))]),
  route("DELETE", `/v3/${pathOf(spec)}/:id`, remove(spec))
]

/**
 * The attributes of a body that a record takes (and only those), over the record's.
 *
 * @example
 * const changed = { ...record, ...pick(body, ["name", "description", "enabled"]) }
 */
export const pick = (body: Rec, names: ReadonlyArray<string>): Rec =>
  Object.fromEntries(names.filter((name) => body[name] !== undefined).map((name) => [name, body[name]]))
