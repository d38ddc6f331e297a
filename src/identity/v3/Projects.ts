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
import { Effect, Schema, SchemaTransformation } from "effect"
import type { HttpClientResponse } from "effect/http"
import type { AdapterShape } from "../../Adapter.ts"
import { ValidationError } from "../../Errors.ts"
import { decodeOrInvalid } from "../../internal/decode.ts"
import * as Resource from "../../Resource.ts"

/** Tags as Keystone's tag filters take them: one comma-separated parameter (a repeated parameter counts once). */
const CommaList = Schema.String.pipe(
  Schema.decodeTo(
    Schema.Array(Schema.String),
    SchemaTransformation.transform({
      decode: (text: string): ReadonlyArray<string> => (text === "" ? [] : text.split(",")),
      encode: (tags: ReadonlyArray<string>) => tags.join(",")
    })
  )
)

/**
 * The declaration of a project. List filters: `name`, `domainId`, `enabled`, `parentId`, `isDomain` (Keystone lists
 * only non-domain projects unless it is given), and the tag filters `tags` (all of), `tagsAny` (any of), `notTags`
 * (not all of), `notTagsAny` (none of).
 *
 * @example
 * const projects = Resource.make(Projects.Project, identity)
 */
export const Project = Resource.define({
  name: "project",
  key: "project",
  collectionKey: "projects",
  path: () => "/projects",
  fields: {
    id: Schema.String,
    name: Schema.String,
    /** `null` for a project that is a domain. */
    domainId: Schema.NullOr(Schema.String),
    description: Schema.optionalKey(Schema.NullOr(Schema.String)),
    enabled: Schema.Boolean,
    /** The parent project, or the domain for a top-level project (`null` for a domain). */
    parentId: Schema.NullOr(Schema.String),
    isDomain: Schema.Boolean,
    tags: Schema.optionalKey(Schema.Array(Schema.String)),
    options: Schema.optionalKey(Schema.Record(Schema.String, Schema.Unknown))
  },
  wireNames: { tagsAny: "tags-any", notTags: "not-tags", notTagsAny: "not-tags-any" },
  query: {
    name: Schema.optionalKey(Schema.String),
    domainId: Schema.optionalKey(Schema.String),
    enabled: Schema.optionalKey(Schema.Boolean),
    parentId: Schema.optionalKey(Schema.String),
    isDomain: Schema.optionalKey(Schema.Boolean),
    tags: Schema.optionalKey(CommaList),
    tagsAny: Schema.optionalKey(CommaList),
    notTags: Schema.optionalKey(CommaList),
    notTagsAny: Schema.optionalKey(CommaList)
  },
  create: {
    name: Schema.String,
    domainId: Schema.optionalKey(Schema.String),
    parentId: Schema.optionalKey(Schema.String),
    description: Schema.optionalKey(Schema.NullOr(Schema.String)),
    enabled: Schema.optionalKey(Schema.Boolean),
    isDomain: Schema.optionalKey(Schema.Boolean),
    tags: Schema.optionalKey(Schema.Array(Schema.String)),
    options: Schema.optionalKey(Schema.Record(Schema.String, Schema.Unknown))
  },
  update: {
    name: Schema.optionalKey(Schema.String),
    description: Schema.optionalKey(Schema.NullOr(Schema.String)),
    enabled: Schema.optionalKey(Schema.Boolean),
    tags: Schema.optionalKey(Schema.Array(Schema.String)),
    options: Schema.optionalKey(Schema.Record(Schema.String, Schema.Unknown))
  },
  operations: ["list", "get", "create", "update", "delete"]
})

/**
 * A project, as decoded.
 *
 * @example
 * const project: Projects.Project = yield* identity.projects.find("demo")
 */
export type Project = Resource.Item<typeof Project.fields>

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
const Tags = Schema.Struct({ tags: Schema.Array(Schema.String) })

const isRecord = (u: unknown): u is Readonly<Record<string, unknown>> => typeof u === "object" && u !== null

/**
 * The projects client: the Resource operations and the hierarchy and tag operations.
 *
 * @example
 * const projects = Projects.make(identity)
 * const children = yield* projects.list({ parentId: parent.id })
 */
export const make = (adapter: AdapterShape) => {
  const client = Resource.make(Project, adapter)
  const itemPath = (id: string) => `/projects/${encodeURIComponent(id)}`
  const tagPath = (id: string, tag: string) => `${itemPath(id)}/tags/${encodeURIComponent(tag)}`

  /** The project's `key` field when the project is read with `?param`. */
  const expansion = (id: string, param: string, key: "parents" | "subtree") =>
    Effect.gen(function* () {
      const response = yield* adapter.get(itemPath(id), { urlParams: { [param]: "true" } })
      const body = yield* Resource.readJson(response)
      const project = isRecord(body) && isRecord(body.project) ? body.project : {}
      return { value: project[key], origin: { method: "GET", url: response.request.url, status: response.status } }
    })

  const asList = (id: string, param: string, key: "parents" | "subtree") =>
    Effect.gen(function* () {
      const { value, origin } = yield* expansion(id, param, key)
      const wrapped = yield* decodeOrInvalid(Wrapped, value, `the ${key} of project ${id}`, origin)
      return yield* Effect.forEach(wrapped ?? [], (each) => client.decode(each.project))
    })

  const asIds = (id: string, param: string, key: "parents" | "subtree") =>
    Effect.gen(function* () {
      const { value, origin } = yield* expansion(id, param, key)
      const tree = yield* decodeOrInvalid(Schema.NullOr(ProjectTree), value, `the ${key} of project ${id}`, origin)
      return tree ?? {}
    })

  const tagsOf = (response: HttpClientResponse.HttpClientResponse, id: string) =>
    Effect.flatMap(Resource.readJson(response), (body) =>
      Effect.map(
        decodeOrInvalid(Tags, body, `the tags of project ${id}`, { method: response.request.method, url: response.request.url }),
        (decoded) => decoded.tags
      ))

  /**
   * The project's ancestors, nearest first, as projects (`GET /projects/{id}?parents_as_list`). Keystone lists only
   * the ancestors the caller has a role assignment on; {@link parentIds} gives them all.
   *
   * @example
   * const ancestors = yield* projects.parents(child.id) // [parent, grandparent, …]
   */
  const parents = (id: string): Effect.Effect<ReadonlyArray<Project>, Resource.ResourceError> =>
    asList(id, "parents_as_list", "parents")

  /**
   * The project's descendants, as projects (`GET /projects/{id}?subtree_as_list`). Keystone lists only the
   * descendants the caller has a role assignment on; {@link subtreeIds} gives them all.
   *
   * @example
   * const below = yield* projects.subtree(parent.id)
   */
  const subtree = (id: string): Effect.Effect<ReadonlyArray<Project>, Resource.ResourceError> =>
    asList(id, "subtree_as_list", "subtree")

  /**
   * The project's ancestors as a tree of ids, up to its domain (`GET /projects/{id}?parents_as_ids`).
   *
   * @example
   * yield* projects.parentIds(child.id) // { [parentId]: { default: null } }
   */
  const parentIds = (id: string): Effect.Effect<ProjectTree, Resource.ResourceError> =>
    asIds(id, "parents_as_ids", "parents")

  /**
   * The project's descendants as a tree of ids (`GET /projects/{id}?subtree_as_ids`); `{}` for a leaf.
   *
   * @example
   * yield* projects.subtreeIds(parent.id) // { [childId]: { [grandchildId]: null } }
   */
  const subtreeIds = (id: string): Effect.Effect<ProjectTree, Resource.ResourceError> =>
    asIds(id, "subtree_as_ids", "subtree")

  /**
   * The project's tags (`GET /projects/{id}/tags`).
   *
   * @example
   * const tags = yield* projects.listTags(project.id) // ["ci", "keep"]
   */
  const listTags = (id: string): Effect.Effect<ReadonlyArray<string>, Resource.ResourceError> =>
    Effect.flatMap(adapter.get(`${itemPath(id)}/tags`), (response) => tagsOf(response, id))

  /**
   * Adds one tag (`PUT /projects/{id}/tags/{tag}`). A tag is 1 to 255 characters without `/` or `,` (else
   * `ValidationError`, before any request), and a project has at most 80. Keystone answers `BadRequest` for a tag the
   * project already has (it validates the list with the tag added twice): check with {@link hasTag} first, or use
   * {@link replaceTags}, to add one idempotently.
   *
   * @example
   * yield* projects.addTag(project.id, "keep")
   */
  const addTag = (id: string, tag: string): Effect.Effect<void, Resource.ResourceError> =>
    /[/,]/.test(tag)
      ? Effect.fail(new ValidationError({ message: `the project tag "${tag}" contains "/" or ",", which tags cannot` }))
      : Effect.asVoid(adapter.put(tagPath(id, tag)))

  /**
   * Whether the project has the tag (`HEAD /projects/{id}/tags/{tag}`): `false` when Keystone answers 404, which it
   * also does for a project that does not exist.
   *
   * @example
   * if (yield* projects.hasTag(project.id, "keep")) yield* Effect.log("kept")
   */
  const hasTag = (id: string, tag: string): Effect.Effect<boolean, Resource.ResourceError> =>
    Resource.exists(adapter, tagPath(id, tag))

  /**
   * Removes one tag (`DELETE /projects/{id}/tags/{tag}`): `NotFound` when the project does not have it.
   *
   * @example
   * yield* projects.removeTag(project.id, "keep")
   */
  const removeTag = (id: string, tag: string): Effect.Effect<void, Resource.ResourceError> =>
    Effect.asVoid(adapter.delete(tagPath(id, tag)))

  /**
   * Replaces all of the project's tags (`PUT /projects/{id}/tags`) and answers the tags it now has; `[]` removes them
   * all.
   *
   * @example
   * const tags = yield* projects.replaceTags(project.id, ["a", "b"])
   */
  const replaceTags = (
    id: string,
    tags: ReadonlyArray<string>
  ): Effect.Effect<ReadonlyArray<string>, Resource.ResourceError> =>
    Effect.flatMap(adapter.put(`${itemPath(id)}/tags`, { json: { tags } }), (response) => tagsOf(response, id))

  return { ...client, parents, subtree, parentIds, subtreeIds, listTags, addTag, hasTag, removeTag, replaceTags }
}

/**
 * The projects client's type.
 *
 * @example
 * const projects: Projects.ProjectsClient = Projects.make(identity)
 */
export type ProjectsClient = ReturnType<typeof make>
