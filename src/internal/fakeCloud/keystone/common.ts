/**
 * What every fake Keystone handler shares: Keystone's error bodies, the caller's token (validated on the Effect
 * clock), the admin check, a user's effective roles on a scope, links and list envelopes, filters.
 *
 * @internal
 */
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import { type FakeRequest, type FakeResponse, Reply } from "../http.ts"
import type { Rec, TableName, Token, World } from "../world.ts"

const titles: Readonly<Record<number, string>> = {
  400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found", 405: "Method Not Allowed", 409: "Conflict"
}

/**
 * Keystone's error body, as an answer.
 *
 * @example
 * keystoneError(404, "Could not find project: p1.")
 */
export const keystoneError = (status: number, message: string): FakeResponse => ({
  status,
  body: { error: { code: status, message, title: titles[status] ?? "Error" } }
})

/**
 * Ends the handler with Keystone's error.
 *
 * @example
 * return yield* fail(404, `Could not find project: ${id}.`)
 */
export const fail = (status: number, message: string) =>
  Effect.fail(new Reply({ response: keystoneError(status, message) }))

/** Keystone's 401, the same for every failed authentication. */
export const unauthorized = () => fail(401, "The request you have made requires authentication.")

/**
 * The record with this id, else Keystone's 404 naming it.
 *
 * @example
 * const project = yield* found(world, "projects", "project", id)
 */
export const found = (world: World, table: TableName, what: string, id: string) => {
  const record = world.tables[table].get(id)
  return record === undefined ? fail(404, `Could not find ${what}: ${id}.`) : Effect.succeed(record)
}

/**
 * A token that is still valid at the Effect clock's time, or `undefined`.
 *
 * @example
 * const token = yield* validToken(world, request.headers["x-subject-token"])
 */
export const validToken = (world: World, id: string | undefined): Effect.Effect<Token | undefined> =>
  Effect.map(Clock.currentTimeMillis, (now) => {
    const token = id === undefined ? undefined : world.tokens.get(id)
    const user = token === undefined ? undefined : world.tables.users.get(token.userId)
    return token !== undefined && token.revoked !== true && token.expiresAt > now && user?.enabled === true
      ? token
      : undefined
  })

/**
 * The caller's token (`X-Auth-Token`), else Keystone's 401.
 *
 * @example
 * const caller = yield* callerOf(request, world)
 */
export const callerOf = (request: FakeRequest, world: World) =>
  Effect.flatMap(validToken(world, request.headers["x-auth-token"]), (token) =>
    token === undefined ? unauthorized() : Effect.succeed(token))

/**
 * Whether a token holds the admin role.
 *
 * @example
 * if (!isAdmin(world, caller)) return yield* forbidden("identity:create_project")
 */
export const isAdmin = (world: World, token: Token): boolean =>
  token.roles.some((role) => world.tables.roles.get(role)?.name === "admin")

/**
 * Keystone's 403 for a policy the caller does not pass.
 *
 * @example
 * return yield* forbidden("identity:list_projects")
 */
export const forbidden = (action: string) => fail(403, `You are not authorized to perform the requested action: ${action}.`)

/**
 * The caller's token when it holds the admin role, else Keystone's 401 or 403.
 *
 * @example
 * yield* adminOf(request, world, "identity:create_project")
 */
export const adminOf = (request: FakeRequest, world: World, action: string) =>
  Effect.flatMap(callerOf(request, world), (token) =>
    (isAdmin(world, token) ? Effect.succeed(token) : forbidden(action)))

/**
 * A record with its `links.self`.
 *
 * @example
 * withLinks(world, "projects", project)
 */
export const withLinks = (world: World, path: string, record: Rec): Rec => ({
  ...record,
  links: { self: `${world.baseUrl}/identity/v3/${path}/${String(record.id)}` }
})

/**
 * A list answer: the collection under its key, with Keystone's `links`.
 *
 * @example
 * listOf(world, request, "projects", projects)
 */
export const listOf = (world: World, request: FakeRequest, key: string, records: ReadonlyArray<Rec>): FakeResponse => ({
  status: 200,
  body: { [key]: records, links: { next: null, self: `${world.baseUrl}/identity${request.url.pathname.replace(/^\/identity/, "")}`, previous: null } }
})

const truthy = (value: string) => !["false", "0", "no", "off"].includes(value.toLowerCase())

/**
 * The records whose attributes equal the query's values for these filters (booleans as Keystone reads them).
 *
 * @example
 * const matching = filtered(request, rows(world, "users"), ["name", "domain_id", "enabled"])
 */
export const filtered = (
  request: FakeRequest,
  records: ReadonlyArray<Rec>,
  filters: ReadonlyArray<string>
): ReadonlyArray<Rec> =>
  records.filter((record) =>
    filters.every((name) => {
      const wanted = request.url.searchParams.get(name)
      if (wanted === null) return true
      const value = record[name]
      return typeof value === "boolean" ? value === truthy(wanted) : String(value) === wanted
    }))

/**
 * The JSON object under `key` of the request's body, else Keystone's 400.
 *
 * @example
 * const body = yield* bodyOf(request, "project")
 */
export const bodyOf = (request: FakeRequest, key: string) => {
  const body = request.body
  const member = typeof body === "object" && body !== null ? (body as Record<string, unknown>)[key] : undefined
  return typeof member === "object" && member !== null && !Array.isArray(member)
    ? Effect.succeed(member as Rec)
    : fail(400, `Invalid input for field '${key}': ${JSON.stringify(member ?? null)} is not of type 'object'`)
}

/**
 * A string attribute of a body: required or optional, else Keystone's 400 naming it.
 *
 * @example
 * const name = yield* stringIn(body, "name", true)
 */
export const stringIn = (body: Rec, name: string, required: boolean) => {
  const value = body[name]
  if (value === undefined || (value === null && !required)) {
    return required ? fail(400, `Invalid input for field '${name}': '${name}' is a required property`) : Effect.succeed(undefined)
  }
  return typeof value === "string" && value.length > 0
    ? Effect.succeed(value)
    : fail(400, `Invalid input for field '${name}': ${JSON.stringify(value)} is not of type 'string'`)
}

// ---------------------------------------------------------------------------------------------------------------------
// Roles
// ---------------------------------------------------------------------------------------------------------------------

/** The projects above a project, nearest first, up to (not including) its domain. */
export const ancestorsOf = (world: World, projectId: string): ReadonlyArray<string> => {
  const above: Array<string> = []
  let parent = world.tables.projects.get(projectId)?.parent_id
  while (typeof parent === "string" && world.tables.projects.has(parent) && !above.includes(parent)) {
    above.push(parent)
    parent = world.tables.projects.get(parent)?.parent_id
  }
  return above
}

/** The groups a user is a member of. */
export const groupsOf = (world: World, userId: string): ReadonlyArray<string> =>
  [...world.memberships].flatMap((membership) => {
    const [group, user] = membership.split("/")
    return user === userId && group !== undefined ? [group] : []
  })

/** The roles and the roles they imply, transitively. */
export const withImplied = (world: World, roles: Iterable<string>): ReadonlyArray<string> => {
  const all = new Set(roles)
  for (const role of all) {
    for (const rule of world.implies) {
      const [prior, implied] = rule.split("/")
      if (prior === role && implied !== undefined) all.add(implied)
    }
  }
  return [...all]
}

/**
 * The role ids a user holds on a scope: directly or through a group, inherited from the project's domain or its
 * ancestors, and the roles those imply.
 *
 * @example
 * const roles = effectiveRoles(world, userId, { project: projectId })
 */
export const effectiveRoles = (world: World, userId: string, scope: Token["scope"]): ReadonlyArray<string> => {
  const actors = new Set([userId, ...groupsOf(world, userId)])
  const holds = (grant: World["grants"][number]) => actors.has(grant.user ?? grant.group ?? "")
  const direct = world.grants.filter((grant) => holds(grant) && !grant.inherited && (
    (scope.project !== undefined && grant.project === scope.project)
    || (scope.domain !== undefined && grant.domain === scope.domain)
    || (scope.system === true && grant.system === true)
  ))
  const project = scope.project === undefined ? undefined : world.tables.projects.get(scope.project)
  const above = scope.project === undefined ? [] : ancestorsOf(world, scope.project)
  const inherited = project === undefined
    ? []
    : world.grants.filter((grant) => holds(grant) && grant.inherited
      && (grant.domain === project.domain_id || (grant.project !== undefined && above.includes(grant.project))))
  return withImplied(world, [...direct, ...inherited].map((grant) => grant.role))
}
