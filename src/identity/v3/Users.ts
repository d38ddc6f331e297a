/**
 * Identity v3 users (`/v3/users`): the people (and services) that authenticate. Besides the CRUD operations: a user's
 * own password change. A group's members are `users.list({ groupId })` (keystoneclient's `users.list(group=…)`).
 *
 * Passwords are `Redacted`: they are revealed only in the request body (and the Session's Debug lines mask them).
 * Keystone never returns a password.
 *
 * @example
 * import { Effect, Redacted } from "effect"
 * import { Identity } from "effect-openstack"
 *
 * const program = Effect.gen(function* () {
 *   const identity = yield* Identity.Identity
 *   const user = yield* identity.users.create({
 *     name: "alice", domainId: "default", password: Redacted.make("s3cret"), email: "alice@example.org"
 *   })
 *   const projects = yield* identity.projects.list({ userId: user.id })
 * })
 *
 * @module
 */
import * as Schema from "effect/Schema"
import type { AdapterShape } from "../../Adapter.ts"
import * as services from "../../internal/services.ts"
import * as Resource from "../../Resource.ts"
import { field, filterOnly } from "../../Resource.ts"

const Password = Schema.RedactedFromValue(Schema.String)

/** A user's identity at a federated identity provider. */
const Federated = Schema.Struct({
  idpId: Schema.String,
  protocols: Schema.Array(Resource.body({ protocolId: Schema.String, uniqueId: Schema.String }))
}).pipe(Schema.encodeKeys({ idpId: "idp_id" }))

/**
 * A password change: the current password and the new one.
 *
 * @example
 * const change: Users.PasswordChange = { originalPassword: Redacted.make("old"), password: Redacted.make("new") }
 */
export const PasswordChange = Resource.body({ originalPassword: Password, password: Password })

/**
 * @see {@link PasswordChange}
 *
 * @example
 * const change = (old: string, next: string): Users.PasswordChange =>
 *   ({ originalPassword: Redacted.make(old), password: Redacted.make(next) })
 */
export type PasswordChange = typeof PasswordChange.Type

/**
 * The declaration of a user. List filters: `name`, `domainId`, `enabled`, `idpId`, `protocolId`, `uniqueId` (the
 * federated ones), `passwordExpiresAt` (an operator and a time, e.g. `"lt:2030-01-01T00:00:00Z"`), and `groupId`: the
 * members of a group (`GET /groups/{groupId}/users`). `changePassword(userId, change)` proves the current password
 * (`POST /users/{id}/password`): Keystone revokes the user's tokens, and one issued in the same second as the change is
 * rejected too, so wait a second before authenticating with the new password; a wrong current password fails with
 * `Unauthorized`.
 *
 * @example
 * const users = Resource.make(Users.User, identity)
 */
export const User = Resource.define({
  service: services.identity,
  key: "user",
  fields: {
    id: field(Schema.String),
    name: field(Schema.String).required.update.filter,
    domainId: field(Schema.String).create.filter,
    enabled: field(Schema.Boolean).create.update.filter,
    password: field(Password).writeOnly.create.update,
    defaultProjectId: field(Schema.NullOr(Schema.String)).optional.create.update,
    description: field(Schema.NullOr(Schema.String)).optional.create.update,
    email: field(Schema.NullOr(Schema.String)).optional.create.update,
    passwordExpiresAt: field(Schema.NullOr(Schema.String)).optional.filterAs(Schema.String),
    options: field(Schema.Record(Schema.String, Schema.Unknown)).optional.create.update,
    federated: field(Schema.Array(Federated)).optional.create.update,
    idpId: filterOnly(Schema.String),
    protocolId: filterOnly(Schema.String),
    uniqueId: filterOnly(Schema.String)
  },
  listUnder: { groupId: (groupId: string) => `/groups/${encodeURIComponent(groupId)}/users` },
  actions: { changePassword: { method: "POST", path: "password", wrap: "user", input: PasswordChange } },
  operations: ["list", "get", "create", "update", "delete"]
})

/**
 * A user, as decoded.
 *
 * @example
 * const user: Users.User = yield* identity.users.find("demo")
 */
export type User = Resource.Item<typeof User>

/**
 * The users client: the Resource operations and `changePassword`.
 *
 * @example
 * const users = Users.make(identity)
 * const members = yield* users.list({ groupId })
 */
export const make = (adapter: AdapterShape) => Resource.make(User, adapter)

/**
 * The users client's type.
 *
 * @example
 * const users: Users.UsersClient = Users.make(identity)
 */
export type UsersClient = ReturnType<typeof make>

/**
 * The users client as a service of its own: `.make(adapter)`, `.layer()` on a Session, and provided by
 * `Identity.layer` and the Connection (so that a test can `Layer.mock` it).
 *
 * @example
 * const alice = yield* Effect.flatMap(Users.Users, (users) => users.find("alice"))
 */
export class Users extends Resource.Service<Users>()("effect-openstack/identity/Users", services.identity, make) {}
