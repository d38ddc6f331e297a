/**
 * The fake Keystone's domains, projects (tags and their filters, the hierarchy as lists and as trees of ids), users
 * (password change, their projects and groups) and groups (membership), with Keystone's policy and messages.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import { type FakeRequest, type Handler, ok, param, type Route, route } from "../http.ts"
import { newId } from "../ids.ts"
import { drop, put, type Rec, rows, type World } from "../world.ts"
import {
  adminOf,
  ancestorsOf,
  bodyOf,
  callerOf,
  effectiveRoles,
  fail,
  filtered,
  found,
  groupsOf,
  listOf,
  stringIn,
  withLinks
} from "./common.ts"
import { pick, readable, tableRoutes, type TableSpec } from "./table.ts"

/** The records with these ids, in order, those that exist. */
const recordsOf = (world: World, table: "projects" | "groups", ids: ReadonlyArray<string>): ReadonlyArray<Rec> =>
  ids.flatMap((id) => {
    const record = world.tables[table].get(id)
    return record === undefined ? [] : [record]
  })

const sameName = (record: Rec, other: Rec) => record.name === other.name && record.domain_id === other.domain_id

/** A world without what hangs on a user, a group or a project: grants, memberships, tokens. */
const withoutActor = (world: World, id: string): World => ({
  ...world,
  grants: world.grants.filter((g) => g.user !== id && g.group !== id && g.project !== id && g.domain !== id),
  memberships: new Set([...world.memberships].filter((m) => !m.split("/").includes(id)))
})

const validTags = (tags: unknown) => {
  if (tags === undefined) return Effect.succeed(undefined)
  const list = Array.isArray(tags) ? tags.map(String) : []
  const bad = list.find((tag) => tag.length === 0 || tag.length > 255 || /[/,]/.test(tag))
  if (!Array.isArray(tags) || bad !== undefined || new Set(list).size !== list.length || list.length > 80) {
    return fail(400, `Invalid input for field 'tags': ${JSON.stringify(tags)} is not valid under any of the given schemas`)
  }
  return Effect.succeed(list)
}

// ---------------------------------------------------------------------------------------------------------------------
// Domains
// ---------------------------------------------------------------------------------------------------------------------

const domains: TableSpec = {
  table: "domains",
  key: "domain",
  filters: ["name", "enabled"],
  clashes: (record, other) => record.name === other.name,
  create: (body) =>
    Effect.gen(function* () {
      const name = yield* stringIn(body, "name", true)
      const tags = yield* validTags(body.tags)
      const id = typeof body.explicit_domain_id === "string" ? body.explicit_domain_id.replaceAll("-", "") : newId("hex")
      return { id, name, description: body.description ?? "", enabled: body.enabled ?? true, tags: tags ?? [], options: body.options ?? {} }
    }),
  update: (record, body) =>
    Effect.map(validTags(body.tags), (tags) => ({
      ...record, ...pick(body, ["name", "description", "enabled", "options"]), ...(tags === undefined ? {} : { tags })
    })),
  remove: (record, world) => {
    if (record.enabled !== false) return fail(403, "Cannot delete a domain that is enabled, please disable it first.")
    const id = String(record.id)
    const owned = (["projects", "users", "groups"] as const).flatMap((t) => rows(world, t).filter((r) => r.domain_id === id).map((r) => [t, String(r.id)] as const))
    return Effect.succeed(owned.reduce((w, [t, r]) => withoutActor(drop(w, t, r), r), withoutActor(drop(world, "domains", id), id)))
  },
  mayRead: (caller, record) => caller.scope.domain === record.id
}

// ---------------------------------------------------------------------------------------------------------------------
// Projects
// ---------------------------------------------------------------------------------------------------------------------

const domainAsProject = (domain: Rec): Rec => ({
  id: domain.id, name: domain.name, domain_id: null, description: domain.description, enabled: domain.enabled,
  parent_id: null, is_domain: true, tags: domain.tags ?? [], options: {}
})

const tagFilter = (request: FakeRequest, name: string) => param(request, name)?.split(",").filter((t) => t !== "")

const byTags = (request: FakeRequest) => (project: Rec) => {
  const tags = (project.tags as ReadonlyArray<string> | undefined) ?? []
  const all = tagFilter(request, "tags")
  const any = tagFilter(request, "tags-any")
  const notAll = tagFilter(request, "not-tags")
  const notAny = tagFilter(request, "not-tags-any")
  return (all === undefined || all.every((t) => tags.includes(t)))
    && (any === undefined || any.some((t) => tags.includes(t)))
    && (notAll === undefined || !notAll.every((t) => tags.includes(t)))
    && (notAny === undefined || !notAny.some((t) => tags.includes(t)))
}

const projectSpec: TableSpec = {
  table: "projects",
  key: "project",
  filters: ["name", "domain_id", "enabled", "parent_id"],
  clashes: sameName,
  listed: (request, world) => {
    const asDomains = param(request, "is_domain")
    const projects = asDomains === "true" || asDomains === "1" ? rows(world, "domains").map(domainAsProject) : rows(world, "projects")
    return projects.filter(byTags(request))
  },
  create: (body, world, caller) =>
    Effect.gen(function* () {
      const name = yield* stringIn(body, "name", true)
      const tags = yield* validTags(body.tags)
      const parent = typeof body.parent_id === "string" ? yield* found(world, "projects", "project", body.parent_id) : undefined
      const domainId = typeof body.domain_id === "string"
        ? body.domain_id
        : parent?.domain_id ?? world.tables.projects.get(caller.scope.project ?? "")?.domain_id ?? "default"
      if (!world.tables.domains.has(String(domainId))) return yield* fail(404, `Could not find domain: ${String(domainId)}.`)
      return {
        id: newId("hex"), name, domain_id: domainId, description: body.description ?? "", enabled: body.enabled ?? true,
        parent_id: parent?.id ?? domainId, is_domain: false, tags: tags ?? [], options: body.options ?? {}
      }
    }),
  update: (record, body) =>
    Effect.map(validTags(body.tags), (tags) => ({
      ...record, ...pick(body, ["name", "description", "enabled", "options"]), ...(tags === undefined ? {} : { tags })
    })),
  remove: (record, world) =>
    rows(world, "projects").some((p) => p.parent_id === record.id)
      ? fail(403, `cannot delete the project ${String(record.id)} since it is not a leaf in the hierarchy. Use the cascade option if you want to delete a whole subtree.`)
      : Effect.succeed(withoutActor(drop(world, "projects", String(record.id)), String(record.id))),
  mayRead: (caller, record, world) => effectiveRoles(world, caller.userId, { project: String(record.id) }).length > 0
}

/** The tree of ids above a project (up to its domain) or below it. */
const idTree = (world: World, id: string, direction: "parents" | "subtree"): Rec | null => {
  if (direction === "parents") {
    const chain = [...ancestorsOf(world, id), String(world.tables.projects.get(id)?.domain_id)]
    return chain.reduceRight<Rec | null>((inner, ancestor) => ({ [ancestor]: inner }), null)
  }
  const children = rows(world, "projects").filter((p) => p.parent_id === id)
  return children.length === 0 ? null : Object.fromEntries(children.map((c) => [String(c.id), idTree(world, String(c.id), "subtree")]))
}

const below = (world: World, id: string): ReadonlyArray<Rec> =>
  rows(world, "projects").filter((p) => p.parent_id === id).flatMap((child) => [child, ...below(world, String(child.id))])

const getProject: Handler = (request, params, world) =>
  Effect.gen(function* () {
    const project = yield* readable(projectSpec, request, world, params.id ?? "")
    const caller = yield* callerOf(request, world)
    const id = String(project.id)
    const visible = (p: Rec) => effectiveRoles(world, caller.userId, { project: String(p.id) }).length > 0
    const wrap = (ps: ReadonlyArray<Rec>) => ps.filter(visible).map((p) => ({ project: withLinks(world, "projects", p) }))
    const has = (name: string) => request.url.searchParams.has(name)
    return ok(200, {
      project: {
        ...withLinks(world, "projects", project),
        ...(has("parents_as_list") ? { parents: wrap(recordsOf(world, "projects", ancestorsOf(world, id))) } : {}),
        ...(has("subtree_as_list") ? { subtree: wrap(below(world, id)) } : {}),
        ...(has("parents_as_ids") ? { parents: idTree(world, id, "parents") } : {}),
        ...(has("subtree_as_ids") ? { subtree: idTree(world, id, "subtree") } : {})
      }
    })
  })

// Tags: GET / PUT / DELETE /projects/:id/tags, GET (HEAD) / PUT / DELETE /projects/:id/tags/:tag

const withTags = (world: World, project: Rec, tags: ReadonlyArray<string>) => put(world, "projects", { ...project, tags })
const tagsOf = (project: Rec) => (project.tags as ReadonlyArray<string> | undefined) ?? []

const tagRoutes: ReadonlyArray<Route> = [
  route("GET", "/v3/projects/:id/tags", (request, params, world) =>
    Effect.map(readable(projectSpec, request, world, params.id ?? ""), (p) => ok(200, { tags: tagsOf(p) }))),
  route("PUT", "/v3/projects/:id/tags", (request, params, world) =>
    Effect.gen(function* () {
      yield* adminOf(request, world, "identity:update_project_tags")
      const project = yield* found(world, "projects", "project", params.id ?? "")
      const tags = (yield* validTags((request.body as Rec | undefined)?.tags)) ?? []
      return ok(200, { tags }, undefined, withTags(world, project, tags))
    })),
  route("DELETE", "/v3/projects/:id/tags", (request, params, world) =>
    Effect.gen(function* () {
      yield* adminOf(request, world, "identity:delete_project_tags")
      const project = yield* found(world, "projects", "project", params.id ?? "")
      return ok(204, undefined, undefined, withTags(world, project, []))
    })),
  route("GET", "/v3/projects/:id/tags/:tag", (request, params, world) =>
    Effect.gen(function* () {
      const project = yield* readable(projectSpec, request, world, params.id ?? "")
      return tagsOf(project).includes(params.tag ?? "") ? ok(204) : yield* fail(404, `Could not find tag: ${params.tag ?? ""}.`)
    })),
  route("PUT", "/v3/projects/:id/tags/:tag", (request, params, world) =>
    Effect.gen(function* () {
      yield* adminOf(request, world, "identity:create_project_tag")
      const project = yield* found(world, "projects", "project", params.id ?? "")
      const tags = (yield* validTags([...tagsOf(project), params.tag ?? ""])) ?? []
      return ok(201, { tags }, undefined, withTags(world, project, tags))
    })),
  route("DELETE", "/v3/projects/:id/tags/:tag", (request, params, world) =>
    Effect.gen(function* () {
      yield* adminOf(request, world, "identity:delete_project_tag")
      const project = yield* found(world, "projects", "project", params.id ?? "")
      if (!tagsOf(project).includes(params.tag ?? "")) return yield* fail(404, `Could not find tag: ${params.tag ?? ""}.`)
      return ok(204, undefined, undefined, withTags(world, project, tagsOf(project).filter((t) => t !== params.tag)))
    }))
]

// ---------------------------------------------------------------------------------------------------------------------
// Users and groups
// ---------------------------------------------------------------------------------------------------------------------

const userFields = ["name", "enabled", "default_project_id", "description", "email", "options", "federated"]

const withPassword = (world: World, id: string, password: unknown): World =>
  typeof password === "string"
    ? {
        ...world,
        secrets: new Map(world.secrets).set(id, password),
        tokens: new Map([...world.tokens].filter(([, t]) => t.userId !== id))
      }
    : world

const users: TableSpec = {
  table: "users",
  key: "user",
  filters: ["name", "domain_id", "enabled"],
  clashes: sameName,
  create: (body, world) =>
    Effect.gen(function* () {
      const name = yield* stringIn(body, "name", true)
      const domainId = typeof body.domain_id === "string" ? body.domain_id : "default"
      if (!world.tables.domains.has(domainId)) return yield* fail(404, `Could not find domain: ${domainId}.`)
      return { id: newId("hex"), domain_id: domainId, enabled: true, password_expires_at: null, options: {}, ...pick(body, userFields), name }
    }),
  update: (record, body) => Effect.succeed({ ...record, ...pick(body, userFields) }),
  remove: (record, world) =>
    Effect.succeed(withoutActor({ ...drop(world, "users", String(record.id)), tokens: new Map([...world.tokens].filter(([, t]) => t.userId !== record.id)) }, String(record.id))),
  mayRead: (caller, record) => caller.userId === record.id
}

/** A user's password is kept apart (never shown); creating or changing it goes there. */
const userRoutes: ReadonlyArray<Route> = tableRoutes(users).map((r) => {
  if (r.method === "POST" || r.method === "PATCH") {
    return {
      ...r,
      handler: (request, params, world) =>
        Effect.map(r.handler(request, params, world), (result) => {
          const password = ((request.body as Rec | undefined)?.user as Rec | undefined)?.password
          const record = (result.response.body as Rec | undefined)?.user as Rec | undefined
          return result.world === undefined || record === undefined
            ? result
            : { ...result, world: withPassword(result.world, String(record.id), password) }
        })
    }
  }
  return r
})

const changePassword: Handler = (request, params, world) =>
  Effect.gen(function* () {
    const caller = yield* callerOf(request, world)
    const user = yield* found(world, "users", "user", params.id ?? "")
    const body = yield* bodyOf(request, "user")
    if (caller.userId !== user.id) yield* adminOf(request, world, "identity:change_password")
    if (world.secrets.get(String(user.id)) !== body.original_password) return yield* fail(401, "The request you have made requires authentication.")
    return ok(204, undefined, undefined, withPassword(world, String(user.id), body.password))
  })

const groups: TableSpec = {
  table: "groups",
  key: "group",
  filters: ["name", "domain_id"],
  clashes: sameName,
  create: (body) =>
    Effect.map(stringIn(body, "name", true), (name) => ({
      id: newId("hex"), name, domain_id: typeof body.domain_id === "string" ? body.domain_id : "default", description: body.description ?? ""
    })),
  update: (record, body) => Effect.succeed({ ...record, ...pick(body, ["name", "description"]) }),
  remove: (record, world) => Effect.succeed(withoutActor(drop(world, "groups", String(record.id)), String(record.id)))
}

const member = (request: FakeRequest, params: Readonly<Record<string, string>>, world: World) =>
  Effect.gen(function* () {
    yield* adminOf(request, world, "identity:check_user_in_group")
    const group = yield* found(world, "groups", "group", params.id ?? "")
    const user = yield* found(world, "users", "user", params.userId ?? "")
    return `${String(group.id)}/${String(user.id)}`
  })

const membershipRoutes: ReadonlyArray<Route> = [
  route("PUT", "/v3/groups/:id/users/:userId", (request, params, world) =>
    Effect.map(member(request, params, world), (key) =>
      ok(204, undefined, undefined, { ...world, memberships: new Set(world.memberships).add(key) }))),
  route("GET", "/v3/groups/:id/users/:userId", (request, params, world) =>
    Effect.flatMap(member(request, params, world), (key) =>
      world.memberships.has(key) ? Effect.succeed(ok(204)) : fail(404, `User ${params.userId ?? ""} is not a member of group ${params.id ?? ""}.`))),
  route("DELETE", "/v3/groups/:id/users/:userId", (request, params, world) =>
    Effect.flatMap(member(request, params, world), (key) => {
      if (!world.memberships.has(key)) return fail(404, `User ${params.userId ?? ""} is not a member of group ${params.id ?? ""}.`)
      const memberships = new Set(world.memberships)
      memberships.delete(key)
      return Effect.succeed(ok(204, undefined, undefined, { ...world, memberships }))
    })),
  route("GET", "/v3/groups/:id/users", (request, params, world) =>
    Effect.gen(function* () {
      yield* adminOf(request, world, "identity:list_users_in_group")
      const group = yield* found(world, "groups", "group", params.id ?? "")
      const members = rows(world, "users").filter((u) => world.memberships.has(`${String(group.id)}/${String(u.id)}`))
      return { response: listOf(world, request, "users", filtered(request, members, ["name", "domain_id", "enabled"]).map((u) => withLinks(world, "users", u))) }
    })),
  route("GET", "/v3/users/:id/groups", (request, params, world) =>
    Effect.gen(function* () {
      const user = yield* readable(users, request, world, params.id ?? "")
      const mine = recordsOf(world, "groups", groupsOf(world, String(user.id)))
      return { response: listOf(world, request, "groups", filtered(request, mine, ["name"]).map((g) => withLinks(world, "groups", g))) }
    })),
  route("GET", "/v3/users/:id/projects", (request, params, world) =>
    Effect.gen(function* () {
      const user = yield* readable(users, request, world, params.id ?? "")
      const theirs = rows(world, "projects").filter((p) => effectiveRoles(world, String(user.id), { project: String(p.id) }).length > 0)
      return { response: listOf(world, request, "projects", filtered(request, theirs, ["name", "domain_id", "enabled"]).map((p) => withLinks(world, "projects", p))) }
    })),
  route("POST", "/v3/users/:id/password", changePassword)
]

/**
 * The routes of domains, projects, users and groups.
 *
 * @example
 * const routes = peopleRoutes
 */
export const peopleRoutes: ReadonlyArray<Route> = [
  ...tableRoutes(domains),
  route("GET", "/v3/projects/:id", getProject),
  ...tableRoutes(projectSpec).filter((r) => !(r.method === "GET" && r.segments.length === 3)),
  ...tagRoutes,
  ...userRoutes,
  ...tableRoutes(groups),
  ...membershipRoutes
]
