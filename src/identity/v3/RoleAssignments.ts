/**
 * Identity v3 role assignments: who holds which role where. `list` queries `/v3/role_assignments` (by user, group,
 * role, project, domain, system, inheritance; `effective` expands groups, inheritance and implied roles), and the
 * grant operations give, check, list and take away one actor's (a user's or a group's) roles on one target (a
 * project, a domain or the system), optionally inherited by every project under the target (OS-INHERIT).
 *
 * @example
 * import { Effect } from "effect"
 * import type { Adapter } from "effect-openstack"
 * import * as RoleAssignments from "./RoleAssignments.ts"
 *
 * const program = (identity: Adapter.AdapterShape, roleId: string, userId: string, projectId: string) =>
 *   Effect.gen(function* () {
 *     const assignments = RoleAssignments.make(identity)
 *     yield* assignments.grant(roleId, { user: userId }, { project: projectId })
 *     yield* assignments.check(roleId, { user: userId }, { project: projectId }) // true
 *     return yield* assignments.list({ userId, effective: true, includeNames: true })
 *   })
 *
 * @module
 */
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import * as SchemaTransformation from "effect/SchemaTransformation"
import type { AdapterShape } from "../../Adapter.ts"
import { ValidationError } from "../../Errors.ts"
import { memberOf } from "../../internal/decode.ts"
import * as services from "../../internal/services.ts"
import * as Resource from "../../Resource.ts"
import { field, filterOnly } from "../../Resource.ts"
import * as Roles from "./Roles.ts"

/**
 * A flag Keystone reads by presence: `true` is sent as `1`, `false` as `0` (Keystone takes any other value, `false`
 * included, as true).
 *
 * @example
 * Schema.encodeSync(RoleAssignments.Flag)(false) // "0"
 */
export const Flag = Schema.Literals(["0", "1"]).pipe(
  Schema.decodeTo(
    Schema.Boolean,
    SchemaTransformation.transform({ decode: (flag) => flag === "1", encode: (on) => (on ? "1" : "0") })
  )
)

const Named = Schema.Struct({ id: Schema.String, name: Schema.optionalKey(Schema.String) })

/** A user, group, project or role of an assignment: its id, and with `includeNames` its name and domain. */
const Party = Schema.Struct({ ...Named.fields, domain: Schema.optionalKey(Named) })

/**
 * Where an assignment applies: a project, a domain or the system; `inheritedTo: "projects"` for a role inherited by
 * the projects under it.
 *
 * @example
 * const scope: RoleAssignments.Scope = { project: { id: "p1" }, inheritedTo: "projects" }
 */
export const Scope = Schema.Struct({
  project: Schema.optionalKey(Party),
  domain: Schema.optionalKey(Named),
  system: Schema.optionalKey(Schema.Struct({ all: Schema.Boolean })),
  inheritedTo: Schema.optionalKey(Schema.Literal("projects"))
}).pipe(Schema.encodeKeys({ inheritedTo: "OS-INHERIT:inherited_to" }))

/**
 * @see {@link Scope}
 *
 * @example
 * const projectOf = (scope: RoleAssignments.Scope) => scope.project?.id
 */
export type Scope = typeof Scope.Type

/**
 * The declaration of a role assignment (list only: an assignment has no id of its own).
 *
 * @example
 * const assignments = Resource.make(RoleAssignments.RoleAssignment, identity)
 */
export const RoleAssignment = Resource.define({
  service: services.identity,
  key: "role_assignment",
  fields: {
    role: field(Party),
    user: field(Party).optional,
    group: field(Party).optional,
    scope: field(Scope),
    /** `assignment`: the grant this comes from; `membership`: the group membership; `prior_role`: the implication. */
    links: field(Schema.Record(Schema.String, Schema.String)).optional,
    // The filters are dotted paths, not the snake_case of their names.
    userId: filterOnly(Schema.String).wire("user.id"),
    groupId: filterOnly(Schema.String).wire("group.id"),
    roleId: filterOnly(Schema.String).wire("role.id"),
    projectId: filterOnly(Schema.String).wire("scope.project.id"),
    domainId: filterOnly(Schema.String).wire("scope.domain.id"),
    system: filterOnly(Schema.Literal("all")).wire("scope.system"),
    /** Only the assignments inherited by the projects under their target. */
    inheritedTo: filterOnly(Schema.Literal("projects")).wire("scope.OS-INHERIT:inherited_to"),
    /** Expand group memberships, inheritance and implied roles into what each user really holds. */
    effective: filterOnly(Flag),
    includeNames: filterOnly(Flag),
    /** With `projectId`: the project's subtree too. */
    includeSubtree: filterOnly(Flag)
  },
  operations: ["list"]
})

/**
 * A role assignment, as decoded.
 *
 * @example
 * const first: RoleAssignments.RoleAssignment | undefined = (yield* assignments.list({ userId }))[0]
 */
export type RoleAssignment = Resource.Item<typeof RoleAssignment>

/**
 * The filters of `list`.
 *
 * @example
 * const query: RoleAssignments.Query = { userId: "u1", projectId: "p1", effective: true }
 */
export type Query = Resource.Query<typeof RoleAssignment>

/**
 * Who holds a role: a user or a group.
 *
 * @example
 * const actor: RoleAssignments.Actor = { group: "g1" }
 */
export type Actor =
  | { readonly user: string, readonly group?: never }
  | { readonly group: string, readonly user?: never }

/**
 * Where a role is held: a project, a domain, or the whole system.
 *
 * @example
 * const target: RoleAssignments.Target = { system: "all" }
 */
export type Target =
  | { readonly project: string, readonly domain?: never, readonly system?: never }
  | { readonly domain: string, readonly project?: never, readonly system?: never }
  | { readonly system: "all", readonly project?: never, readonly domain?: never }

/**
 * How a grant is held: `inherited` by every project under the domain or project (not for the system).
 *
 * @example
 * const options: RoleAssignments.GrantOptions = { inherited: true }
 */
export interface GrantOptions {
  readonly inherited?: boolean | undefined
}

const segment = encodeURIComponent

const actorPath = (actor: Actor) =>
  actor.user === undefined ? `groups/${segment(actor.group)}` : `users/${segment(actor.user)}`

/** The path of the actor's roles on the target (the list of grants); the role's path is under it. */
const rolesPath = (
  actor: Actor,
  target: Target,
  options: GrantOptions = {}
): Effect.Effect<string, ValidationError> => {
  const inherited = options.inherited === true
  if (target.system !== undefined) {
    return inherited
      ? Effect.fail(new ValidationError({ message: "a system role cannot be inherited: only domains and projects have projects under them" }))
      : Effect.succeed(`/system/${actorPath(actor)}/roles`)
  }
  const owner = target.project === undefined ? `domains/${segment(target.domain)}` : `projects/${segment(target.project)}`
  return Effect.succeed(inherited ? `/OS-INHERIT/${owner}/${actorPath(actor)}/roles` : `/${owner}/${actorPath(actor)}/roles`)
}

const rolePath = (roleId: string, actor: Actor, target: Target, options?: GrantOptions) =>
  Effect.map(
    rolesPath(actor, target, options),
    (roles) => `${roles}/${segment(roleId)}${options?.inherited === true ? "/inherited_to_projects" : ""}`
  )

/**
 * An operation on one role of an actor on a target.
 *
 * @example
 * const grant: RoleAssignments.GrantOperation<void> = assignments.grant
 */
export type GrantOperation<A> = (
  roleId: string,
  actor: Actor,
  target: Target,
  options?: GrantOptions
) => Effect.Effect<A, Resource.ResourceError>

/**
 * The grants of roles: one actor's (a user's or a group's) roles on one target (a project, a domain or the system).
 *
 * @example
 * const grants: RoleAssignments.Grants = RoleAssignments.make(identity)
 */
export interface Grants {
  /**
   * Gives `actor` the role on `target` (`PUT …/roles/{role}`, under `/OS-INHERIT/…/inherited_to_projects` for an
   * inherited one). Granting a role already held does nothing.
   *
   * @example
   * yield* assignments.grant(member.id, { user: userId }, { project: projectId })
   */
  readonly grant: GrantOperation<void>
  /**
   * Takes the role away (`DELETE …/roles/{role}`); `NotFound` when the actor does not hold it so.
   *
   * @example
   * yield* assignments.revoke(member.id, { user: userId }, { project: projectId })
   */
  readonly revoke: GrantOperation<void>
  /**
   * Whether the actor holds the role on the target, directly (`HEAD …/roles/{role}`): `false` when not.
   *
   * @example
   * const isMember = yield* assignments.check(member.id, { user: userId }, { project: projectId })
   */
  readonly check: GrantOperation<boolean>
  /**
   * The roles the actor holds directly on the target (`GET …/roles`). Keystone lists inherited grants of domains
   * only (`{ inherited: true }` with a domain target).
   *
   * @example
   * const held = yield* assignments.listGrants({ user: userId }, { domain: "default" })
   */
  readonly listGrants: (
    actor: Actor,
    target: Target,
    options?: GrantOptions
  ) => Effect.Effect<ReadonlyArray<Roles.Role>, Resource.ResourceError>
}

const listGrants = (adapter: AdapterShape, actor: Actor, target: Target, options?: GrantOptions) =>
  Effect.gen(function* () {
    if (options?.inherited === true && target.domain === undefined) {
      return yield* new ValidationError({ message: "Keystone lists the inherited grants of domains only" })
    }
    const base = yield* rolesPath(actor, target, options)
    const url = options?.inherited === true ? `${base}/inherited_to_projects` : base
    const roles = yield* memberOf(adapter.legacyJson.get(url), "roles", Schema.Array(Schema.Unknown), "the grants")
    return yield* Effect.forEach(roles, Resource.make(Roles.Role, adapter).decode)
  })

const grants = (adapter: AdapterShape): Grants => ({
  grant: (roleId, actor, target, options) =>
    Effect.flatMap(rolePath(roleId, actor, target, options), (url) => Effect.asVoid(adapter.put(url))),
  revoke: (roleId, actor, target, options) =>
    Effect.flatMap(rolePath(roleId, actor, target, options), (url) => Effect.asVoid(adapter.delete(url))),
  check: (roleId, actor, target, options) =>
    Effect.flatMap(rolePath(roleId, actor, target, options), (url) => Resource.exists(adapter, url)),
  listGrants: (actor, target, options) => listGrants(adapter, actor, target, options)
})

/**
 * The role assignments client: `list` / `stream` / `select` of the assignments, and the grants.
 *
 * @example
 * const assignments = RoleAssignments.make(identity)
 * yield* assignments.grant(reader.id, { group: groupId }, { domain: "default" }, { inherited: true })
 */
export const make = (adapter: AdapterShape) => ({ ...Resource.make(RoleAssignment, adapter), ...grants(adapter) })

/**
 * The role assignments client's operations.
 *
 * @example
 * const assignments: RoleAssignments.Client = RoleAssignments.make(identity)
 */
export type Client = ReturnType<typeof make>

/**
 * The role assignments client as a service of its own: `.make(adapter)`, `.layer()` on a Session, and provided by
 * `Identity.layer` and the Connection (so that a test can `Layer.mock` it).
 *
 * @example
 * const assignments = yield* RoleAssignments.RoleAssignments
 */
export class RoleAssignments extends Resource.Service<RoleAssignments>()("effect-openstack/identity/RoleAssignments", services.identity, make) {}
