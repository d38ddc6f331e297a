/**
 * Identity v3 groups (`/v3/groups`): sets of users of a domain, to which roles can be given at once; and their
 * membership (`/v3/groups/{id}/users/{userId}`). A group's members are `users.list({ groupId })`, a user's groups
 * `groups.list({ userId })` (keystoneclient's `users.list(group=…)` and `groups.list(user=…)`).
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
 *   const members = yield* identity.users.list({ groupId: group.id })
 * })
 *
 * @module
 */
import * as Schema from "effect/Schema"
import type { AdapterShape } from "../../Adapter.ts"
import * as services from "../../internal/services.ts"
import * as Resource from "../../Resource.ts"
import { field } from "../../Resource.ts"

/**
 * The declaration of a group. List filters: `name`, `domainId`, and `userId`: the groups a user is a member of
 * (`GET /users/{userId}/groups`). Membership: `addUser(groupId, userId)` (`PUT`; adding a member again changes
 * nothing), `hasUser` (`HEAD`: `false` when Keystone answers 404, which it also does when the group or the user does
 * not exist), `removeUser` (`DELETE`: `NotFound` when the user is not a member; Keystone revokes the user's tokens that
 * carried the group's roles).
 *
 * @example
 * const groups = Resource.make(Groups.Group, identity)
 */
export const Group = Resource.define({
  service: services.identity,
  key: "group",
  fields: {
    id: field(Schema.String),
    name: field(Schema.String).required.update.filter,
    domainId: field(Schema.String).create.filter,
    description: field(Schema.NullOr(Schema.String)).optional.create.update
  },
  listUnder: { userId: (userId: string) => `/users/${encodeURIComponent(userId)}/groups` },
  associations: { user: "users" },
  operations: ["list", "get", "create", "update", "delete"]
})

/**
 * A group, as decoded.
 *
 * @example
 * const group: Groups.Group = yield* identity.groups.find("ops")
 */
export type Group = Resource.Item<typeof Group>

/**
 * The groups client: the Resource operations and membership.
 *
 * @example
 * const groups = Groups.make(identity)
 * const isMember = yield* groups.hasUser(group.id, user.id)
 */
export const make = (adapter: AdapterShape) => Resource.make(Group, adapter)

/**
 * The groups client's type.
 *
 * @example
 * const groups: Groups.GroupsClient = Groups.make(identity)
 */
export type GroupsClient = ReturnType<typeof make>

/**
 * The groups client as a service of its own: `.make(adapter)`, `.layer()` on a Session, and provided by
 * `Identity.layer` and the Connection (so that a test can `Layer.mock` it).
 *
 * @example
 * const ops = yield* Effect.flatMap(Groups.Groups, (groups) => groups.find("ops"))
 */
export class Groups extends Resource.Service<Groups>()("effect-openstack/identity/Groups", services.identity, make) {}
