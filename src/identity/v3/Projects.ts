/**
 * Identity v3 projects (`/v3/projects`): the tenants that own resources, in a hierarchy under their domain
 * (`parent_id`), with tags. Besides the CRUD operations the client walks the hierarchy (`parents`, `subtree`, as items
 * or as trees of ids) and edits tags one by one or all at once.
 *
 * @example
 * import { Effect } from "effect"
 * import { Identity } from "effect-openstack"
 *
 * const program = Effect.gen(function* () {
 *   const identity = yield* Identity.Identity
 *   const project = yield* identity.projects.findOrCreate("ci", { domainId: "default", tags: ["ci"] })
 *   const tagged = yield* identity.projects.list({ tagsAny: ["ci", "nightly"], enabled: true })
 *   yield* identity.projects.addTag(project.id, "keep")
 * })
 *
 * @module
 */
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import type { AdapterShape } from "../../Adapter.ts"
import { decodeOrInvalid } from "../../internal/decode.ts"
import * as services from "../../internal/services.ts"
import * as Resource from "../../Resource.ts"
import { field } from "../../Resource.ts"

/**
 * The declaration of a project. List filters: `name`, `domainId`, `enabled`, `parentId`, `isDomain` (Keystone lists
 * only non-domain projects unless it is given), the tag filters `tags` (all of), `tagsAny` (any of), `notTags` (not
 * all of), `notTagsAny` (none of), and `userId`: the projects a user has a role on, directly or through a group
 * (`GET /users/{userId}/projects`, keystoneclient's `projects.list(user=…)`).
 *
 * @example
 * const projects = Resource.make(Projects.Project, identity)
 */
export const Project = Resource.define({
  service: services.identity,
  key: "project",
  fields: {
    id: field(Schema.String),
    name: field(Schema.String).required.update.filter,
    /** `null` for a project that is a domain. */
    domainId: field(Schema.NullOr(Schema.String)).create.filter,
    description: field(Schema.NullOr(Schema.String)).optional.create.update,
    enabled: field(Schema.Boolean).create.update.filter,
    /** The parent project, or the domain for a top-level project (`null` for a domain). */
    parentId: field(Schema.NullOr(Schema.String)).create.filter,
    isDomain: field(Schema.Boolean).create.filter,
    tags: field(Schema.Array(Schema.String)).optional.create.update,
    options: field(Schema.Record(Schema.String, Schema.Unknown)).optional.create.update
  },
  tags: true,
  listUnder: { userId: (userId: string) => `/users/${encodeURIComponent(userId)}/projects` },
  operations: ["list", "get", "create", "update", "delete"]
})

/**
 * A project, as decoded.
 *
 * @example
 * const project: Projects.Project = yield* identity.projects.find("demo")
 */
export type Project = Resource.Item<typeof Project>

/**
 * A hierarchy as ids: each key a project id, each value the next level (`null` where it ends). Parents go upwards
 * (the nearest parent first, the domain last); a subtree goes downwards.
 *
 * @example
 * const parents: Projects.ProjectTree = { [childId]: { [parentId]: { default: null } } }
 */
export interface ProjectTree {
  readonly [id: string]: ProjectTree | null
}

const ProjectTree: Schema.Codec<ProjectTree> = Schema.Record(
  Schema.String,
  Schema.NullOr(Schema.suspend((): Schema.Codec<ProjectTree> => ProjectTree))
)

const Wrapped = Schema.NullOr(Schema.Array(Schema.Struct({ project: Schema.Unknown })))

const isRecord = (u: unknown): u is Readonly<Record<string, unknown>> => typeof u === "object" && u !== null

/**
 * A project's place in the hierarchy: its ancestors and descendants, as projects or as trees of ids.
 *
 * @example
 * const hierarchy: Projects.Hierarchy = Projects.make(identity)
 */
export interface Hierarchy {
  /**
   * The project's ancestors, nearest first, as projects (`GET /projects/{id}?parents_as_list`). Keystone lists only
   * the ancestors the caller has a role assignment on; `parentIds` gives them all.
   *
   * @example
   * const ancestors = yield* projects.parents(child.id) // [parent, grandparent, …]
   */
  readonly parents: (id: string) => Effect.Effect<ReadonlyArray<Project>, Resource.ResourceError>
  /**
   * The project's descendants, as projects (`GET /projects/{id}?subtree_as_list`). Keystone lists only the
   * descendants the caller has a role assignment on; `subtreeIds` gives them all.
   *
   * @example
   * const below = yield* projects.subtree(parent.id)
   */
  readonly subtree: (id: string) => Effect.Effect<ReadonlyArray<Project>, Resource.ResourceError>
  /**
   * The project's ancestors as a tree of ids, up to its domain (`GET /projects/{id}?parents_as_ids`).
   *
   * @example
   * yield* projects.parentIds(child.id) // { [parentId]: { default: null } }
   */
  readonly parentIds: (id: string) => Effect.Effect<ProjectTree, Resource.ResourceError>
  /**
   * The project's descendants as a tree of ids (`GET /projects/{id}?subtree_as_ids`); `{}` for a leaf.
   *
   * @example
   * yield* projects.subtreeIds(parent.id) // { [childId]: { [grandchildId]: null } }
   */
  readonly subtreeIds: (id: string) => Effect.Effect<ProjectTree, Resource.ResourceError>
}

type Direction = "parents" | "subtree"

/** The project's `parents` or `subtree` field when the project is read with `?param`, and where it came from. */
const expansion = (adapter: AdapterShape, id: string, param: string, key: Direction) =>
  Effect.gen(function* () {
    const url = `${Resource.pathOf(Project)}/${encodeURIComponent(id)}`
    const response = yield* adapter.get(url, { urlParams: { [param]: "true" } })
    const body = yield* Resource.readJson(response)
    const project = isRecord(body) && isRecord(body.project) ? body.project : {}
    return { value: project[key], origin: { method: "GET", url: response.request.url, status: response.status } }
  })

const asList = (adapter: AdapterShape, key: Direction) => (id: string) =>
  Effect.gen(function* () {
    const { value, origin } = yield* expansion(adapter, id, `${key}_as_list`, key)
    const wrapped = yield* decodeOrInvalid(Wrapped, value, `the ${key} of project ${id}`, origin)
    return yield* Effect.forEach(wrapped ?? [], (each) => Resource.make(Project, adapter).decode(each.project))
  })

const asIds = (adapter: AdapterShape, key: Direction) => (id: string) =>
  Effect.gen(function* () {
    const { value, origin } = yield* expansion(adapter, id, `${key}_as_ids`, key)
    const tree = yield* decodeOrInvalid(Schema.NullOr(ProjectTree), value, `the ${key} of project ${id}`, origin)
    return tree ?? {}
  })

const hierarchy = (adapter: AdapterShape): Hierarchy => ({
  parents: asList(adapter, "parents"),
  subtree: asList(adapter, "subtree"),
  parentIds: asIds(adapter, "parents"),
  subtreeIds: asIds(adapter, "subtree")
})

/**
 * The projects client: the Resource operations, the tag operations (`listTags`, `addTag`, `hasTag`, `removeTag`,
 * `replaceTags`, `removeAllTags`; Keystone answers `BadRequest` to `addTag` of a tag the project already has: check
 * with `hasTag` first, or use `replaceTags`), and the hierarchy.
 *
 * @example
 * const projects = Projects.make(identity)
 * const children = yield* projects.list({ parentId: parent.id })
 */
export const make = (adapter: AdapterShape) => ({ ...Resource.make(Project, adapter), ...hierarchy(adapter) })

/**
 * The projects client's type.
 *
 * @example
 * const projects: Projects.ProjectsClient = Projects.make(identity)
 */
export type ProjectsClient = ReturnType<typeof make>

/**
 * The projects client as a service of its own: `.make(adapter)`, `.layer()` on a Session, and provided by
 * `Identity.layer` and the Connection (so that a test can `Layer.mock` it).
 *
 * @example
 * const demo = yield* Effect.flatMap(Projects.Projects, (projects) => projects.find("demo"))
 */
export class Projects extends Resource.Service<Projects>()("effect-openstack/identity/Projects", services.identity, make) {}
