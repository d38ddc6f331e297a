/**
 * The fake Keystone's application credentials (made by their user only, from a project-scoped token, with a subset of
 * its roles; the secret shown once) and access rules (deleted only once no credential uses them).
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import { type FakeRequest, type Handler, ok, type Params, type Route, route } from "../http.ts"
import { newId } from "../ids.ts"
import { drop, put, type Rec, rows, type World } from "../world.ts"
import { bodyOf, callerOf, fail, filtered, forbidden, found, isAdmin, listOf, stringIn } from "./common.ts"

const path = (world: World, userId: string, table: string, id: string) => `${world.baseUrl}/identity/v3/users/${userId}/${table}/${id}`

/** The caller, when it is the user of the path (or, to read, an admin). */
const ownerOf = (request: FakeRequest, params: Params, world: World, action: string, adminReads: boolean) =>
  Effect.gen(function* () {
    const caller = yield* callerOf(request, world)
    const user = yield* found(world, "users", "user", params.user ?? "")
    if (caller.userId !== user.id && !(adminReads && isAdmin(world, caller))) return yield* forbidden(`identity:${action}`)
    return caller
  })

const rolesFor = (world: World, held: ReadonlyArray<string>, asked: unknown) =>
  Effect.gen(function* () {
    if (asked === undefined) return held
    if (!Array.isArray(asked)) return yield* fail(400, "Invalid input for field 'roles'")
    const ids: Array<string> = []
    for (const spec of asked as ReadonlyArray<Rec>) {
      const role = held.find((id) => id === spec.id || world.tables.roles.get(id)?.name === spec.name)
      if (role === undefined) return yield* fail(404, `Could not find role: ${String(spec.id ?? spec.name)}.`)
      ids.push(role)
    }
    return ids
  })

/** The access rules of a request (new ones made, existing ones by id), and the world with the new ones. */
const rulesFor = (world: World, userId: string, asked: unknown) =>
  Effect.gen(function* () {
    if (asked === undefined) return { rules: [] as ReadonlyArray<Rec>, world }
    if (!Array.isArray(asked)) return yield* fail(400, "Invalid input for field 'access_rules'")
    let next = world
    const rules: Array<Rec> = []
    for (const spec of asked as ReadonlyArray<Rec>) {
      const existing = typeof spec.id === "string"
        ? world.tables.access_rules.get(spec.id)
        : rows(world, "access_rules").find((r) => r.user_id === userId && r.service === spec.service && r.method === spec.method && r.path === spec.path)
      const rule = existing ?? { id: newId("hex"), user_id: userId, service: spec.service, method: spec.method, path: spec.path }
      next = put(next, "access_rules", rule)
      rules.push(rule)
    }
    return { rules, world: next }
  })

const shown = (world: World, credential: Rec, secret?: string): Rec => ({
  id: credential.id,
  name: credential.name,
  description: credential.description,
  user_id: credential.user_id,
  project_id: credential.project_id,
  expires_at: credential.expires_at,
  unrestricted: credential.unrestricted,
  system: null,
  roles: (credential.roles as ReadonlyArray<Rec>).map((r) => ({
    id: r.id,
    name: world.tables.roles.get(String(r.id))?.name,
    domain_id: null
  })),
  access_rules: (credential.access_rules as ReadonlyArray<string>).flatMap((id) => {
    const rule = world.tables.access_rules.get(id)
    return rule === undefined ? [] : [{ id: rule.id, service: rule.service, method: rule.method, path: rule.path }]
  }),
  links: { self: path(world, String(credential.user_id), "application_credentials", String(credential.id)) },
  ...(secret === undefined ? {} : { secret })
})

const secretOf = () => `${newId("hex")}${newId("hex")}${newId("hex")}`.slice(0, 86)

const create: Handler = (request, params, world) =>
  Effect.gen(function* () {
    const caller = yield* ownerOf(request, params, world, "create_application_credential", false)
    if (caller.scope.project === undefined) return yield* fail(400, "Application credentials need a project-scoped token")
    const body = yield* bodyOf(request, "application_credential")
    const name = yield* stringIn(body, "name", true)
    if (rows(world, "application_credentials").some((c) => c.user_id === caller.userId && c.name === name)) {
      return yield* fail(409, `Conflict occurred attempting to store application_credential - Duplicate entry found with name ${String(name)}.`)
    }
    const roles = yield* rolesFor(world, caller.roles, body.roles)
    const { rules, world: withRules } = yield* rulesFor(world, caller.userId, body.access_rules)
    const secret = typeof body.secret === "string" ? body.secret : secretOf()
    const credential = {
      id: newId("hex"), name, description: body.description ?? null, user_id: caller.userId, project_id: caller.scope.project,
      expires_at: typeof body.expires_at === "string" ? body.expires_at : null, unrestricted: body.unrestricted === true,
      roles: roles.map((id) => ({ id })), access_rules: rules.map((r) => String(r.id))
    }
    const next = put({ ...withRules, secrets: new Map(withRules.secrets).set(credential.id, secret) }, "application_credentials", credential)
    return ok(201, { application_credential: shown(next, credential, secret) }, undefined, next)
  })

const credentialOf = (request: FakeRequest, params: Params, world: World, action: string) =>
  Effect.gen(function* () {
    yield* ownerOf(request, params, world, action, true)
    const credential = world.tables.application_credentials.get(params.id ?? "")
    return credential === undefined || credential.user_id !== params.user
      ? yield* fail(404, `Could not find Application Credential: ${params.id ?? ""}.`)
      : credential
  })

const ruleOf = (request: FakeRequest, params: Params, world: World, action: string) =>
  Effect.gen(function* () {
    yield* ownerOf(request, params, world, action, true)
    const rule = world.tables.access_rules.get(params.id ?? "")
    return rule === undefined || rule.user_id !== params.user ? yield* fail(404, `Could not find Access Rule: ${params.id ?? ""}.`) : rule
  })

const ruleShown = (world: World, rule: Rec): Rec => ({
  id: rule.id, service: rule.service, method: rule.method, path: rule.path,
  links: { self: path(world, String(rule.user_id), "access_rules", String(rule.id)) }
})

/**
 * The routes of application credentials and access rules.
 *
 * @example
 * const routes = applicationCredentialRoutes
 */
export const applicationCredentialRoutes: ReadonlyArray<Route> = [
  route("POST", "/v3/users/:user/application_credentials", create),
  route("GET", "/v3/users/:user/application_credentials", (request, params, world) =>
    Effect.map(ownerOf(request, params, world, "list_application_credentials", true), () => {
      const mine = rows(world, "application_credentials").filter((c) => c.user_id === params.user)
      return { response: listOf(world, request, "application_credentials", filtered(request, mine, ["name"]).map((c) => shown(world, c))) }
    })),
  route("GET", "/v3/users/:user/application_credentials/:id", (request, params, world) =>
    Effect.map(credentialOf(request, params, world, "get_application_credential"), (c) => ok(200, { application_credential: shown(world, c) }))),
  route("DELETE", "/v3/users/:user/application_credentials/:id", (request, params, world) =>
    Effect.map(credentialOf(request, params, world, "delete_application_credential"), (c) => {
      const tokens = new Map([...world.tokens].filter(([, t]) => t.applicationCredential !== c.id))
      return ok(204, undefined, undefined, { ...drop(world, "application_credentials", String(c.id)), tokens })
    })),
  route("GET", "/v3/users/:user/access_rules", (request, params, world) =>
    Effect.map(ownerOf(request, params, world, "list_access_rules", true), () => {
      const mine = rows(world, "access_rules").filter((r) => r.user_id === params.user)
      return { response: listOf(world, request, "access_rules", filtered(request, mine, ["service", "method", "path"]).map((r) => ruleShown(world, r))) }
    })),
  route("GET", "/v3/users/:user/access_rules/:id", (request, params, world) =>
    Effect.map(ruleOf(request, params, world, "get_access_rule"), (rule) => ok(200, { access_rule: ruleShown(world, rule) }))),
  route("DELETE", "/v3/users/:user/access_rules/:id", (request, params, world) =>
    Effect.flatMap(ruleOf(request, params, world, "delete_access_rule"), (rule) =>
      rows(world, "application_credentials").some((c) => (c.access_rules as ReadonlyArray<string>).includes(String(rule.id)))
        ? fail(403, `Cannot delete access rule ${String(rule.id)}: it is in use by an application credential.`)
        : Effect.succeed(ok(204, undefined, undefined, drop(world, "access_rules", String(rule.id))))))
]
