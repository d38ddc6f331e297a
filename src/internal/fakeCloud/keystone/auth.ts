/**
 * The fake Keystone's authentication: version discovery, tokens issued with every method the SDK's plugins send
 * (password, token, application credential, TOTP) and every scope (project, domain, system, none — a user's default
 * project when it has a role there), the catalog in the token, expiry on the Effect clock, validation, check,
 * revocation, and what a token may scope to.
 *
 * @internal
 */
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import { type FakeRequest, type Handler, ok, type Reply, route, type Route } from "../http.ts"
import { newId } from "../ids.ts"
import { type Rec, rows, type Token, type World } from "../world.ts"
import { callerOf, effectiveRoles, fail, isAdmin, listOf, unauthorized, validToken, withImplied } from "./common.ts"
import { totpMatches } from "./totp.ts"

type Json = Readonly<Record<string, unknown>>
const objectAt = (value: unknown, key: string): Json | undefined => {
  const member = typeof value === "object" && value !== null ? (value as Json)[key] : undefined
  return typeof member === "object" && member !== null ? (member as Json) : undefined
}
const stringAt = (value: unknown, key: string): string | undefined => {
  const member = typeof value === "object" && value !== null ? (value as Json)[key] : undefined
  return typeof member === "string" ? member : undefined
}

// ---------------------------------------------------------------------------------------------------------------------
// Who: the methods
// ---------------------------------------------------------------------------------------------------------------------

/** A domain by `{id}` or `{name}`. */
const domainOf = (world: World, spec: Json | undefined): Rec | undefined => {
  const id = stringAt(spec, "id")
  const name = stringAt(spec, "name")
  return id !== undefined ? world.tables.domains.get(id) : rows(world, "domains").find((d) => d.name === name)
}

/** A user by `{id}` or `{name, domain}`. */
const userOf = (world: World, spec: Json | undefined): Rec | undefined => {
  const id = stringAt(spec, "id")
  if (id !== undefined) return world.tables.users.get(id)
  const domain = domainOf(world, objectAt(spec, "domain"))
  return rows(world, "users").find((u) => u.name === stringAt(spec, "name") && u.domain_id === domain?.id)
}

interface Identified {
  readonly userId: string
  readonly applicationCredential?: Rec
}

const byPassword = (world: World, spec: Json | undefined): Effect.Effect<Identified, Reply> => {
  const user = userOf(world, objectAt(spec, "user"))
  const password = stringAt(objectAt(spec, "user"), "password")
  return user !== undefined && password !== undefined && world.secrets.get(String(user.id)) === password
    ? Effect.succeed({ userId: String(user.id) })
    : unauthorized()
}

const byToken = (world: World, spec: Json | undefined) =>
  Effect.flatMap(validToken(world, stringAt(spec, "id")), (token) =>
    token === undefined ? fail(404, "Failed to validate token") : Effect.succeed({ userId: token.userId }))

const byApplicationCredential = (world: World, spec: Json | undefined) =>
  Effect.gen(function* () {
    const id = stringAt(spec, "id")
    const user = userOf(world, objectAt(spec, "user"))
    const credential = id !== undefined
      ? world.tables.application_credentials.get(id)
      : rows(world, "application_credentials").find((c) => c.name === stringAt(spec, "name") && c.user_id === user?.id)
    const now = yield* Clock.currentTimeMillis
    const expires = typeof credential?.expires_at === "string" ? Date.parse(credential.expires_at) : Number.POSITIVE_INFINITY
    if (credential === undefined || world.secrets.get(String(credential.id)) !== stringAt(spec, "secret") || expires <= now) {
      return yield* unauthorized()
    }
    return { userId: String(credential.user_id), applicationCredential: credential }
  })

const byTotp = (world: World, spec: Json | undefined) =>
  Effect.gen(function* () {
    const user = userOf(world, objectAt(spec, "user"))
    const secret = user === undefined ? undefined : world.secrets.get(`totp:${String(user.id)}`)
    const passcode = stringAt(objectAt(spec, "user"), "passcode")
    const now = yield* Clock.currentTimeMillis
    if (user === undefined || secret === undefined || passcode === undefined) return yield* unauthorized()
    return (yield* totpMatches(secret, passcode, now)) ? { userId: String(user.id) } : yield* unauthorized()
  })

/** The user every method of the request identifies (all must agree), else 401. */
const identify = (world: World, identity: Json | undefined) =>
  Effect.gen(function* () {
    const methods = identity?.methods
    if (!Array.isArray(methods) || methods.length === 0) return yield* fail(400, "Invalid input for field 'identity': 'methods' is a required property")
    const found: Array<Identified> = []
    for (const method of methods) {
      const spec = objectAt(identity, String(method))
      if (method === "password") found.push(yield* byPassword(world, spec))
      else if (method === "token") found.push(yield* byToken(world, spec))
      else if (method === "application_credential") found.push(yield* byApplicationCredential(world, spec))
      else if (method === "totp") found.push(yield* byTotp(world, spec))
      else return yield* unauthorized()
    }
    const [first] = found
    if (first === undefined || found.some((f) => f.userId !== first.userId)) return yield* unauthorized()
    const credential = found.find((f) => f.applicationCredential !== undefined)?.applicationCredential
    return {
      ...first,
      ...(credential === undefined ? {} : { applicationCredential: credential }),
      methods: methods.map(String)
    }
  })

// ---------------------------------------------------------------------------------------------------------------------
// What: the scope
// ---------------------------------------------------------------------------------------------------------------------

const projectOf = (world: World, spec: Json | undefined): Rec | undefined => {
  const id = stringAt(spec, "id")
  if (id !== undefined) return world.tables.projects.get(id)
  const domain = domainOf(world, objectAt(spec, "domain"))
  return rows(world, "projects").find((p) => p.name === stringAt(spec, "name") && p.domain_id === domain?.id)
}

const requestedScope = (world: World, scope: unknown, user: Rec): Effect.Effect<Token["scope"], Reply> => {
  if (scope === undefined || scope === "unscoped") {
    const home = typeof user.default_project_id === "string" ? user.default_project_id : undefined
    return Effect.succeed(
      home !== undefined && effectiveRoles(world, String(user.id), { project: home }).length > 0
        ? { project: home }
        : {}
    )
  }
  if (objectAt(scope, "system") !== undefined) return Effect.succeed({ system: true })
  const project = objectAt(scope, "project")
  if (project !== undefined) {
    const found = projectOf(world, project)
    return found !== undefined && found.enabled === true
      ? Effect.succeed({ project: String(found.id) })
      : unauthorized()
  }
  const domain = domainOf(world, objectAt(scope, "domain"))
  return domain !== undefined && domain.enabled === true
    ? Effect.succeed({ domain: String(domain.id) })
    : unauthorized()
}

// ---------------------------------------------------------------------------------------------------------------------
// The token
// ---------------------------------------------------------------------------------------------------------------------

const named = (world: World, table: "domains" | "projects" | "roles", id: string) => ({ id, name: world.tables[table].get(id)?.name })

/** The token's catalog, from the services and endpoints Keystone has. */
export const catalogOf = (world: World): ReadonlyArray<Rec> =>
  rows(world, "services").filter((s) => s.enabled !== false).map((service) => ({
    id: service.id,
    type: service.type,
    name: service.name,
    endpoints: rows(world, "endpoints")
      .filter((e) => e.service_id === service.id && e.enabled !== false)
      .map((e) => ({ id: e.id, interface: e.interface, region: e.region_id, region_id: e.region_id, url: e.url }))
  }))

/** A token's body, as Keystone answers it. */
export const tokenBody = (world: World, token: Token, catalog: boolean): Rec => {
  const user = world.tables.users.get(token.userId) ?? {}
  const project = token.scope.project === undefined ? undefined : world.tables.projects.get(token.scope.project)
  return {
    token: {
      methods: token.methods,
      user: { id: token.userId, name: user.name, domain: named(world, "domains", String(user.domain_id)), password_expires_at: null },
      audit_ids: [token.auditId],
      expires_at: new Date(token.expiresAt).toISOString().replace(/Z$/, "000Z"),
      issued_at: new Date(token.issuedAt).toISOString().replace(/Z$/, "000Z"),
      ...(project === undefined
        ? {}
        : {
            project: { id: project.id, name: project.name, domain: named(world, "domains", String(project.domain_id)) },
            is_domain: false
          }),
      ...(token.scope.domain === undefined ? {} : { domain: named(world, "domains", token.scope.domain) }),
      ...(token.scope.system === true ? { system: { all: true } } : {}),
      ...(token.roles.length === 0 ? {} : { roles: token.roles.map((role) => named(world, "roles", role)) }),
      ...(token.applicationCredential === undefined
        ? {}
        : {
            application_credential: { id: token.applicationCredential, restricted: true }
          }),
      ...(catalog && (token.roles.length > 0) ? { catalog: catalogOf(world) } : {})
    }
  }
}

const issue: Handler = (request, _params, world) =>
  Effect.gen(function* () {
    const auth = objectAt(request.body, "auth")
    const who = yield* identify(world, objectAt(auth, "identity"))
    const user = world.tables.users.get(who.userId)
    if (user === undefined || user.enabled !== true) return yield* unauthorized()
    const credential = who.applicationCredential
    const scope = credential === undefined
      ? yield* requestedScope(world, auth?.scope, user)
      : { project: String(credential.project_id) }
    const held = effectiveRoles(world, who.userId, scope)
    // An application credential delegates its roles (those its user still holds there), and what they imply.
    const roles = credential === undefined
      ? held
      : withImplied(world, held.filter((role) => (credential.roles as ReadonlyArray<Rec>).some((r) => r.id === role)))
    if (Object.keys(scope).length > 0 && roles.length === 0) return yield* unauthorized()
    const now = yield* Clock.currentTimeMillis
    const token: Token = {
      id: `fake-${newId("hex")}${newId("hex")}`, userId: who.userId, methods: who.methods, scope, roles,
      issuedAt: now, expiresAt: now + world.tokenLifetimeMs, auditId: newId("hex").slice(0, 22),
      ...(credential === undefined ? {} : { applicationCredential: String(credential.id) })
    }
    const next = { ...world, tokens: new Map(world.tokens).set(token.id, token) }
    return ok(201, tokenBody(next, token, !request.url.searchParams.has("nocatalog")), { "x-subject-token": token.id }, next)
  })

/** The caller's token, and the subject token when it is valid; 404 otherwise. */
const subjectOf = (request: FakeRequest, world: World) =>
  Effect.gen(function* () {
    const caller = yield* callerOf(request, world)
    const id = request.headers["x-subject-token"]
    const subject = yield* validToken(world, id)
    if (subject === undefined) {
      return yield* fail(404, id !== undefined && world.tokens.has(id) ? "Failed to validate token" : "Could not recognize Fernet token")
    }
    if (subject.id !== caller.id && !isAdmin(world, caller) && !caller.roles.some((r) => world.tables.roles.get(r)?.name === "service")) {
      return yield* fail(403, "You are not authorized to perform the requested action: identity:validate_token.")
    }
    return subject
  })

const validate: Handler = (request, _params, world) =>
  Effect.map(subjectOf(request, world), (subject) =>
    ok(200, tokenBody(world, subject, !request.url.searchParams.has("nocatalog")), { "x-subject-token": subject.id }))

const revoke: Handler = (request, _params, world) =>
  Effect.map(subjectOf(request, world), (subject) =>
    ok(204, undefined, undefined, {
      ...world,
      tokens: new Map(world.tokens).set(subject.id, { ...subject, revoked: true })
    }))

// ---------------------------------------------------------------------------------------------------------------------
// What a token may scope to; the catalog; versions
// ---------------------------------------------------------------------------------------------------------------------

const scopesOf = (table: "projects" | "domains"): Handler => (request, _params, world) =>
  Effect.map(callerOf(request, world), (caller) => {
    const scoped = rows(world, table).filter((r) =>
      r.enabled === true && effectiveRoles(world, caller.userId, table === "projects" ? { project: String(r.id) } : { domain: String(r.id) }).length > 0)
    return { response: listOf(world, request, table, scoped.map((r) => ({ ...r, links: { self: `${world.baseUrl}/identity/v3/${table}/${String(r.id)}` } }))) }
  })

const system: Handler = (request, _params, world) =>
  Effect.map(callerOf(request, world), (caller) =>
    ok(200, { system: effectiveRoles(world, caller.userId, { system: true }).length > 0 ? [{ all: true }] : [], links: { self: `${world.baseUrl}/identity/v3/auth/system` } }))

const catalog: Handler = (request, _params, world) =>
  Effect.flatMap(callerOf(request, world), (caller) =>
    caller.scope.project === undefined
      ? fail(403, "A project-scoped token is required to produce a service catalog.")
      : Effect.succeed(ok(200, { catalog: catalogOf(world), links: { self: `${world.baseUrl}/identity/v3/auth/catalog` } })))

const v3 = (world: World) => ({
  id: "v3.14",
  status: "stable",
  updated: "2020-04-07T00:00:00Z",
  links: [{ rel: "self", href: `${world.baseUrl}/identity/v3/` }],
  "media-types": [{ base: "application/json", type: "application/vnd.openstack.identity-v3+json" }]
})

/**
 * The routes of Keystone's authentication and discovery.
 *
 * @example
 * const routes = authRoutes
 */
export const authRoutes: ReadonlyArray<Route> = [
  route("GET", "/", (_request, _params, world) => Effect.succeed(ok(300, { versions: { values: [v3(world)] } }))),
  route("GET", "/v3", (_request, _params, world) => Effect.succeed(ok(200, { version: v3(world) }))),
  route("POST", "/v3/auth/tokens", issue),
  route("GET", "/v3/auth/tokens", validate),
  route("DELETE", "/v3/auth/tokens", revoke),
  route("GET", "/v3/auth/projects", scopesOf("projects")),
  route("GET", "/v3/auth/domains", scopesOf("domains")),
  route("GET", "/v3/auth/system", system),
  route("GET", "/v3/auth/catalog", catalog)
]
