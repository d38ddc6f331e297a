/**
 * The fake Keystone's roles (global and domain-specific, implications), grants (a user's or a group's roles on a
 * project, a domain or the system, inherited by the projects below) and role assignments (direct, or effective:
 * groups, inheritance and implied roles expanded), with Keystone's links and names.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import { type FakeRequest, type Handler, ok, type Params, param, type Route, route } from "../http.ts"
import { newId } from "../ids.ts"
import { drop, type Grant, type Rec, rows, type World } from "../world.ts"
import { adminOf, ancestorsOf, fail, found, listOf, stringIn, withLinks } from "./common.ts"
import { pick, tableRoutes } from "./table.ts"

const roles = tableRoutes({
  table: "roles",
  key: "role",
  filters: ["name"],
  clashes: (record, other) => record.name === other.name && record.domain_id === other.domain_id,
  listed: (request, world) => rows(world, "roles").filter((r) => r.domain_id === (param(request, "domain_id") ?? null)),
  create: (body) =>
    Effect.map(stringIn(body, "name", true), (name) => ({
      id: newId("hex"), name, domain_id: body.domain_id ?? null, description: body.description ?? null, options: body.options ?? {}
    })),
  update: (record, body) => Effect.succeed({ ...record, ...pick(body, ["name", "description", "options"]) }),
  remove: (record, world) => {
    const id = String(record.id)
    return Effect.succeed({
      ...drop(world, "roles", id),
      grants: world.grants.filter((g) => g.role !== id),
      implies: new Set([...world.implies].filter((rule) => !rule.split("/").includes(id)))
    })
  }
})

// ---------------------------------------------------------------------------------------------------------------------
// Implications
// ---------------------------------------------------------------------------------------------------------------------

const ref = (world: World, id: string) => ({ id, name: world.tables.roles.get(id)?.name })

const rule = (request: FakeRequest, params: Params, world: World) =>
  Effect.gen(function* () {
    yield* adminOf(request, world, "identity:create_implied_role")
    const prior = yield* found(world, "roles", "role", params.prior ?? "")
    const implied = yield* found(world, "roles", "role", params.implied ?? "")
    return `${String(prior.id)}/${String(implied.id)}`
  })

const inferenceOf = (world: World, prior: string) => ({
  prior_role: ref(world, prior),
  implies: [...world.implies].filter((r) => r.startsWith(`${prior}/`)).map((r) => ref(world, r.split("/")[1] ?? ""))
})

const implicationRoutes: ReadonlyArray<Route> = [
  route("PUT", "/v3/roles/:prior/implies/:implied", (request, params, world) =>
    Effect.map(rule(request, params, world), (key) =>
      ok(201, { role_inference: { prior_role: ref(world, params.prior ?? ""), implies: ref(world, params.implied ?? "") } }, undefined, {
        ...world, implies: new Set(world.implies).add(key)
      }))),
  route("GET", "/v3/roles/:prior/implies/:implied", (request, params, world) =>
    Effect.flatMap(rule(request, params, world), (key) =>
      world.implies.has(key) ? Effect.succeed(ok(204)) : fail(404, `Could not find implied role: ${params.implied ?? ""}.`))),
  route("DELETE", "/v3/roles/:prior/implies/:implied", (request, params, world) =>
    Effect.flatMap(rule(request, params, world), (key) => {
      if (!world.implies.has(key)) return fail(404, `Could not find implied role: ${params.implied ?? ""}.`)
      const implies = new Set(world.implies)
      implies.delete(key)
      return Effect.succeed(ok(204, undefined, undefined, { ...world, implies }))
    })),
  route("GET", "/v3/roles/:prior/implies", (request, params, world) =>
    Effect.gen(function* () {
      yield* adminOf(request, world, "identity:list_implied_roles")
      const prior = yield* found(world, "roles", "role", params.prior ?? "")
      return ok(200, { role_inference: inferenceOf(world, String(prior.id)) })
    })),
  route("GET", "/v3/role_inferences", (request, _params, world) =>
    Effect.map(adminOf(request, world, "identity:list_role_inference_rules"), () => {
      const priors = [...new Set([...world.implies].map((r) => r.split("/")[0] ?? ""))]
      return ok(200, { role_inferences: priors.map((prior) => inferenceOf(world, prior)) })
    }))
]

// ---------------------------------------------------------------------------------------------------------------------
// Grants
// ---------------------------------------------------------------------------------------------------------------------

interface Where {
  readonly actor: { readonly user: string } | { readonly group: string }
  readonly target: { readonly project: string } | { readonly domain: string } | { readonly system: true }
  readonly inherited: boolean
}

const whereOf = (world: World, params: Params, inherited: boolean) =>
  Effect.gen(function* () {
    const actor = params.user !== undefined
      ? { user: String((yield* found(world, "users", "user", params.user)).id) }
      : { group: String((yield* found(world, "groups", "group", params.group ?? "")).id) }
    const target = params.project !== undefined
      ? { project: String((yield* found(world, "projects", "project", params.project)).id) }
      : params.domain !== undefined
        ? { domain: String((yield* found(world, "domains", "domain", params.domain)).id) }
        : { system: true as const }
    return { actor, target, inherited } satisfies Where
  })

const matches = (where: Where) => (grant: Grant) =>
  grant.inherited === where.inherited
  && ("user" in where.actor ? grant.user === where.actor.user : grant.group === where.actor.group)
  && ("project" in where.target
    ? grant.project === where.target.project
    : "domain" in where.target ? grant.domain === where.target.domain : grant.system === true)

const grantOf = (where: Where, role: string): Grant => ({
  role, ...where.actor, ...where.target, inherited: where.inherited
})

const grantHandlers = (inherited: boolean) => {
  const located = (request: FakeRequest, params: Params, world: World) =>
    Effect.gen(function* () {
      yield* adminOf(request, world, "identity:create_grant")
      const where = yield* whereOf(world, params, inherited)
      const role = params.role === undefined ? undefined : String((yield* found(world, "roles", "role", params.role)).id)
      return { where, role }
    })
  const held = (world: World, where: Where, role: string | undefined) =>
    world.grants.some((g) => matches(where)(g) && g.role === role)
  const put: Handler = (request, params, world) =>
    Effect.map(located(request, params, world), ({ where, role }) =>
      ok(204, undefined, undefined, held(world, where, role) ? world : { ...world, grants: [...world.grants, grantOf(where, role ?? "")] }))
  const check: Handler = (request, params, world) =>
    Effect.flatMap(located(request, params, world), ({ where, role }) =>
      held(world, where, role) ? Effect.succeed(ok(204)) : fail(404, `Could not find role assignment with role: ${role ?? ""}.`))
  const revoke: Handler = (request, params, world) =>
    Effect.flatMap(located(request, params, world), ({ where, role }) =>
      held(world, where, role)
        ? Effect.succeed(ok(204, undefined, undefined, {
            ...world,
            grants: world.grants.filter((g) => !(matches(where)(g) && g.role === role))
          }))
        : fail(404, `Could not find role assignment with role: ${role ?? ""}.`))
  const list: Handler = (request, params, world) =>
    Effect.map(located(request, params, world), ({ where }) => {
      const held = world.grants.filter(matches(where)).flatMap((g) => world.tables.roles.get(g.role) ?? [])
      return { response: listOf(world, request, "roles", (held as ReadonlyArray<Rec>).map((r) => withLinks(world, "roles", r))) }
    })
  return { put, check, revoke, list }
}

const grantRoutes = (): ReadonlyArray<Route> => {
  const direct = grantHandlers(false)
  const inherited = grantHandlers(true)
  const owners = ["projects/:project", "domains/:domain", "system"]
  const actors = ["users/:user", "groups/:group"]
  return owners.flatMap((owner) =>
    actors.flatMap((actor) => {
      const base = `/v3/${owner}/${actor}/roles`
      const routes = [
        route("PUT", `${base}/:role`, direct.put),
        route("GET", `${base}/:role`, direct.check),
        route("DELETE", `${base}/:role`, direct.revoke),
        route("GET", base, direct.list)
      ]
      if (owner === "system") return routes
      const inheritedBase = `/v3/OS-INHERIT/${owner}/${actor}/roles`
      return [
        ...routes,
        route("PUT", `${inheritedBase}/:role/inherited_to_projects`, inherited.put),
        route("GET", `${inheritedBase}/:role/inherited_to_projects`, inherited.check),
        route("DELETE", `${inheritedBase}/:role/inherited_to_projects`, inherited.revoke),
        route("GET", `${inheritedBase}/inherited_to_projects`, inherited.list)
      ]
    }))
}

// ---------------------------------------------------------------------------------------------------------------------
// Role assignments
// ---------------------------------------------------------------------------------------------------------------------

interface Assignment {
  readonly grant: Grant
  /** The user (a member of the grant's group, when expanded). */
  readonly user?: string
  /** The project an inherited grant lands on. */
  readonly project?: string
  readonly role: string
  readonly prior?: string
}

const grantPath = (world: World, grant: Grant) => {
  const owner = grant.project !== undefined ? `projects/${grant.project}` : grant.domain !== undefined ? `domains/${grant.domain}` : "system"
  const actor = grant.user !== undefined ? `users/${grant.user}` : `groups/${grant.group ?? ""}`
  return grant.inherited
    ? `${world.baseUrl}/identity/v3/OS-INHERIT/${owner}/${actor}/roles/${grant.role}/inherited_to_projects`
    : `${world.baseUrl}/identity/v3/${owner}/${actor}/roles/${grant.role}`
}

/** Group grants for each member, inherited grants on each project below, implied roles. */
const expand = (world: World, grants: ReadonlyArray<Grant>): ReadonlyArray<Assignment> => {
  const members = (g: Grant) => g.group === undefined ? [g.user] : [...world.memberships].filter((m) => m.startsWith(`${g.group}/`)).map((m) => m.split("/")[1])
  const landings = (g: Grant): ReadonlyArray<string | undefined> =>
    !g.inherited
      ? [undefined]
      : rows(world, "projects").filter((p) => (g.domain !== undefined && p.domain_id === g.domain) || (g.project !== undefined && ancestorsOf(world, String(p.id)).includes(g.project))).map((p) => String(p.id))
  const direct = grants.flatMap((grant) => members(grant).flatMap((user) => landings(grant).map((project) => ({
    grant, role: grant.role, ...(user === undefined ? {} : { user }), ...(project === undefined ? {} : { project })
  }))))
  const implied = direct.flatMap((a) => [...world.implies].filter((r) => r.startsWith(`${a.role}/`)).map((r) => ({ ...a, role: r.split("/")[1] ?? "", prior: a.role })))
  return [...direct, ...implied]
}

const named = (world: World, table: "users" | "groups" | "projects" | "domains", id: string, names: boolean): Rec => {
  if (!names) return { id }
  const record = world.tables[table].get(id)
  const domain = record?.domain_id === undefined ? undefined : world.tables.domains.get(String(record.domain_id))
  return { id, name: record?.name, ...(domain === undefined ? {} : { domain: { id: domain.id, name: domain.name } }) }
}

const render = (world: World, a: Assignment, names: boolean): Rec => {
  const g = a.grant
  const project = a.project ?? g.project
  const scope = {
    ...(project !== undefined ? { project: named(world, "projects", project, names) } : {}),
    ...(project === undefined && g.domain !== undefined
      ? { domain: { id: g.domain, ...(names ? { name: world.tables.domains.get(g.domain)?.name } : {}) } }
      : {}),
    ...(g.system === true ? { system: { all: true } } : {}),
    ...(g.inherited ? { "OS-INHERIT:inherited_to": "projects" } : {})
  }
  const user = a.user ?? g.user
  return {
    role: { id: a.role, ...(names ? { name: world.tables.roles.get(a.role)?.name } : {}) },
    ...(user !== undefined ? { user: named(world, "users", user, names) } : { group: named(world, "groups", g.group ?? "", names) }),
    scope,
    links: {
      assignment: grantPath(world, g),
      ...(g.group !== undefined && user !== undefined ? { membership: `${world.baseUrl}/identity/v3/groups/${g.group}/users/${user}` } : {}),
      ...(a.prior === undefined ? {} : { prior_role: `${world.baseUrl}/identity/v3/roles/${a.prior}` })
    }
  }
}

const flag = (request: FakeRequest, name: string) => {
  const value = param(request, name)
  return value !== undefined && value !== "0" && value.toLowerCase() !== "false"
}

const listAssignments: Handler = (request, _params, world) =>
  Effect.map(adminOf(request, world, "identity:list_role_assignments"), () => {
    const q = (name: string) => param(request, name)
    const effective = flag(request, "effective") || request.url.searchParams.get("effective") === ""
    const projects = q("scope.project.id") === undefined
      ? undefined
      : [q("scope.project.id") ?? "", ...(flag(request, "include_subtree") ? rows(world, "projects").filter((p) => ancestorsOf(world, String(p.id)).includes(q("scope.project.id") ?? "")).map((p) => String(p.id)) : [])]
    const base = effective
      ? expand(world, world.grants).filter((a) => !a.grant.inherited || a.project !== undefined)
      : world.grants.map((grant) => ({ grant, role: grant.role }))
    const selected = base.filter((a: Assignment) => {
      const g = a.grant
      const user = a.user ?? g.user
      const project = a.project ?? g.project
      return (q("user.id") === undefined || user === q("user.id"))
        && (q("group.id") === undefined || (!effective && g.group === q("group.id")))
        && (!effective || user !== undefined)
        && (q("role.id") === undefined || a.role === q("role.id"))
        && (projects === undefined || (project !== undefined && projects.includes(project)))
        && (q("scope.domain.id") === undefined || (a.project === undefined && g.domain === q("scope.domain.id")))
        && (q("scope.system") === undefined || g.system === true)
        && (q("scope.OS-INHERIT:inherited_to") === undefined || g.inherited)
        && (!effective || !(g.inherited && a.project === undefined))
    })
    return { response: listOf(world, request, "role_assignments", selected.map((a) => render(world, a, flag(request, "include_names")))) }
  })

/**
 * The routes of roles, implications, grants and role assignments.
 *
 * @example
 * const routes = roleRoutes
 */
export const roleRoutes: ReadonlyArray<Route> = [
  ...roles,
  ...implicationRoutes,
  ...grantRoutes(),
  route("GET", "/v3/role_assignments", listAssignments)
]
