/**
 * Identity v3 groups (`/v3/groups`): sets of users of a domain, to which roles can be given at once; and their
 * membership (`/v3/groups/{id}/users/{userId}`).
 *
 * @example
 * import { Effect } from "effect"
 * import { Identity } from "effect-openstack"
 *
 * const program = Effect.gen(function* () {
 *   const identity = yield* Identity.Identity
 *   const group = yield* identity.groups.findOrCreate("ops", { domainId: "default" })
 *   const user = yield* identity.users.find("alice")
 *   yield* identity.groups.addUser(group.id, user.id)
 *   const members = yield* identity.groups.users(group.id)
 * })
 *
 * @module
 */
import { Effect, Schema } from "effect"
import type { AdapterShape } from "../../Adapter.ts"
import * as Resource from "../../Resource.ts"
// Users.ts imports this module too: the Users declaration is only read inside `make` (never at the top level), so
// that either module may be loaded first.
import * as Users from "./Users.ts"

/**
 * The declaration of a group. List filters: `name`, `domainId`.
 *
 * @example
 * const groups = Resource.make(Groups.Group, identity)
 */
export const Group = Resource.define({
  name: "group",
  key: "group",
  collectionKey: "groups",
  path: () => "/groups",
  fields: {
    id: Schema.String,
    name: Schema.String,
    domainId: Schema.String,
    description: Schema.optionalKey(Schema.NullOr(Schema.String))
  },
  query: {
    name: Schema.optionalKey(Schema.String),
    domainId: Schema.optionalKey(Schema.String)
  },
  create: {
    name: Schema.String,
    domainId: Schema.optionalKey(Schema.String),
    description: Schema.optionalKey(Schema.NullOr(Schema.String))
  },
  update: {
    name: Schema.optionalKey(Schema.String),
    description: Schema.optionalKey(Schema.NullOr(Schema.String))
  },
  operations: ["list", "get", "create", "update", "delete"]
})

/**
 * A group, as decoded.
 *
 * @example
 * const group: Groups.Group = yield* identity.groups.find("ops")
 */
export type Group = Resource.Item<typeof Group.fields>

/**
 * The filters of a group's member list.
 *
 * @example
 * const filter: Groups.MemberQuery = { enabled: true }
 */
export interface MemberQuery {
  readonly name?: string
  readonly domainId?: string
  readonly enabled?: boolean
  /** An operator and a time, e.g. `"lt:2030-01-01T00:00:00Z"` (`lt`, `lte`, `gt`, `gte`, `eq`, `neq`). */
  readonly passwordExpiresAt?: string
}

/**
 * The groups client: the Resource operations and membership.
 *
 * @example
 * const groups = Groups.make(identity)
 * const isMember = yield* groups.hasUser(group.id, user.id)
 */
export const make = (adapter: AdapterShape) => {
  const client = Resource.make(Group, adapter)
  const memberPath = (groupId: string, userId: string) =>
    `/groups/${encodeURIComponent(groupId)}/users/${encodeURIComponent(userId)}`
  const Members = Resource.define({
    ...Users.User,
    path: (parent: { readonly groupId: string }) => `/groups/${encodeURIComponent(parent.groupId)}/users`,
    query: {
      name: Schema.optionalKey(Schema.String),
      domainId: Schema.optionalKey(Schema.String),
      enabled: Schema.optionalKey(Schema.Boolean),
      passwordExpiresAt: Schema.optionalKey(Schema.String)
    },
    operations: ["list"]
  })

  /**
   * Adds a user to the group (`PUT /groups/{groupId}/users/{userId}`); adding a member again changes nothing.
   *
   * @example
   * yield* groups.addUser(group.id, user.id)
   */
  const addUser = (groupId: string, userId: string): Effect.Effect<void, Resource.ResourceError> =>
    Effect.asVoid(adapter.put(memberPath(groupId, userId)))

  /**
   * Whether the user is a member of the group (`HEAD /groups/{groupId}/users/{userId}`): `false` when Keystone
   * answers 404, which it also does when the group or the user does not exist.
   *
   * @example
   * const isMember = yield* groups.hasUser(group.id, user.id)
   */
  const hasUser = (groupId: string, userId: string): Effect.Effect<boolean, Resource.ResourceError> =>
    Resource.exists(adapter, memberPath(groupId, userId))

  /**
   * Removes a user from the group (`DELETE /groups/{groupId}/users/{userId}`): `NotFound` when the user is not a
   * member. Keystone revokes the user's tokens that carried the group's roles.
   *
   * @example
   * yield* groups.removeUser(group.id, user.id)
   */
  const removeUser = (groupId: string, userId: string): Effect.Effect<void, Resource.ResourceError> =>
    Effect.asVoid(adapter.delete(memberPath(groupId, userId)))

  /**
   * The group's members (`GET /groups/{groupId}/users`), optionally filtered.
   *
   * @example
   * const members = yield* groups.users(group.id, { enabled: true })
   */
  const users = (
    groupId: string,
    query?: MemberQuery
  ): Effect.Effect<ReadonlyArray<Users.User>, Resource.ResourceError> =>
    Resource.make(Members, adapter, { groupId }).list(query)

  return { ...client, addUser, hasUser, removeUser, users }
}

/**
 * The groups client's type.
 *
 * @example
 * const groups: Groups.GroupsClient = Groups.make(identity)
 */
export type GroupsClient = ReturnType<typeof make>
