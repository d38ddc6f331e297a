/**
 * Identity v3 users (`/v3/users`): the people (and services) that authenticate. Besides the CRUD operations: a user's
 * own password change, and the projects and groups a user is in.
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
 *   const projects = yield* identity.users.projects(user.id)
 * })
 *
 * @module
 */
import { Effect, Redacted, Schema } from "effect"
import type { AdapterShape } from "../../Adapter.ts"
import * as Resource from "../../Resource.ts"
// Groups.ts imports this module too: the Groups declaration is only read inside `make` (never at the top level), so
// that either module may be loaded first.
import * as Groups from "./Groups.ts"
import * as Projects from "./Projects.ts"

const Password = Schema.RedactedFromValue(Schema.String)

/** A user's identity at a federated identity provider. */
const Federated = Schema.Struct({
  idpId: Schema.String,
  protocols: Schema.Array(
    Schema.Struct({ protocolId: Schema.String, uniqueId: Schema.String }).pipe(
      Schema.encodeKeys({ protocolId: "protocol_id", uniqueId: "unique_id" })
    )
  )
}).pipe(Schema.encodeKeys({ idpId: "idp_id" }))

/**
 * The declaration of a user. List filters: `name`, `domainId`, `enabled`, `idpId`, `protocolId`, `uniqueId` (the
 * federated ones) and `passwordExpiresAt` (an operator and a time, e.g. `"lt:2030-01-01T00:00:00Z"`).
 *
 * @example
 * const users = Resource.make(Users.User, identity)
 */
export const User = Resource.define({
  name: "user",
  key: "user",
  collectionKey: "users",
  path: () => "/users",
  fields: {
    id: Schema.String,
    name: Schema.String,
    domainId: Schema.String,
    enabled: Schema.Boolean,
    defaultProjectId: Schema.optionalKey(Schema.NullOr(Schema.String)),
    description: Schema.optionalKey(Schema.NullOr(Schema.String)),
    email: Schema.optionalKey(Schema.NullOr(Schema.String)),
    passwordExpiresAt: Schema.optionalKey(Schema.NullOr(Schema.String)),
    options: Schema.optionalKey(Schema.Record(Schema.String, Schema.Unknown)),
    federated: Schema.optionalKey(Schema.Array(Federated))
  },
  query: {
    name: Schema.optionalKey(Schema.String),
    domainId: Schema.optionalKey(Schema.String),
    enabled: Schema.optionalKey(Schema.Boolean),
    idpId: Schema.optionalKey(Schema.String),
    protocolId: Schema.optionalKey(Schema.String),
    uniqueId: Schema.optionalKey(Schema.String),
    passwordExpiresAt: Schema.optionalKey(Schema.String)
  },
  create: {
    name: Schema.String,
    domainId: Schema.optionalKey(Schema.String),
    password: Schema.optionalKey(Password),
    enabled: Schema.optionalKey(Schema.Boolean),
    defaultProjectId: Schema.optionalKey(Schema.NullOr(Schema.String)),
    description: Schema.optionalKey(Schema.NullOr(Schema.String)),
    email: Schema.optionalKey(Schema.String),
    options: Schema.optionalKey(Schema.Record(Schema.String, Schema.Unknown)),
    federated: Schema.optionalKey(Schema.Array(Federated))
  },
  update: {
    name: Schema.optionalKey(Schema.String),
    password: Schema.optionalKey(Password),
    enabled: Schema.optionalKey(Schema.Boolean),
    defaultProjectId: Schema.optionalKey(Schema.NullOr(Schema.String)),
    description: Schema.optionalKey(Schema.NullOr(Schema.String)),
    email: Schema.optionalKey(Schema.String),
    options: Schema.optionalKey(Schema.Record(Schema.String, Schema.Unknown)),
    federated: Schema.optionalKey(Schema.Array(Federated))
  },
  operations: ["list", "get", "create", "update", "delete"]
})

/**
 * A user, as decoded.
 *
 * @example
 * const user: Users.User = yield* identity.users.find("demo")
 */
export type User = Resource.Item<typeof User.fields>

/**
 * A password change: the current password and the new one.
 *
 * @example
 * const change: Users.PasswordChange = { originalPassword: Redacted.make("old"), password: Redacted.make("new") }
 */
export interface PasswordChange {
  readonly originalPassword: Redacted.Redacted<string>
  readonly password: Redacted.Redacted<string>
}

/**
 * The filters of a user's project list.
 *
 * @example
 * const filter: Users.ProjectQuery = { enabled: true }
 */
export interface ProjectQuery {
  readonly name?: string
  readonly domainId?: string
  readonly enabled?: boolean
}

/**
 * The users client: the Resource operations, `changePassword`, and a user's projects and groups.
 *
 * @example
 * const users = Users.make(identity)
 * const groups = yield* users.groups(user.id)
 */
export const make = (adapter: AdapterShape) => {
  const client = Resource.make(User, adapter)
  const userPath = (userId: string) => `/users/${encodeURIComponent(userId)}`
  const UserProjects = Resource.define({
    ...Projects.Project,
    path: (parent: { readonly userId: string }) => `${userPath(parent.userId)}/projects`,
    query: {
      name: Schema.optionalKey(Schema.String),
      domainId: Schema.optionalKey(Schema.String),
      enabled: Schema.optionalKey(Schema.Boolean)
    },
    operations: ["list"]
  })
  const UserGroups = Resource.define({
    ...Groups.Group,
    path: (parent: { readonly userId: string }) => `${userPath(parent.userId)}/groups`,
    query: { name: Schema.optionalKey(Schema.String) },
    operations: ["list"]
  })

  /**
   * Changes a user's password, proving the current one (`POST /users/{id}/password`). Keystone revokes the user's
   * tokens; one issued in the same second as the change is rejected too, so wait a second before authenticating
   * with the new password. A wrong current password fails with `Unauthorized`.
   *
   * @example
   * yield* users.changePassword(user.id, { originalPassword: Redacted.make("old"), password: Redacted.make("new") })
   */
  const changePassword = (userId: string, change: PasswordChange): Effect.Effect<void, Resource.ResourceError> =>
    Effect.asVoid(
      adapter.post(`${userPath(userId)}/password`, {
        json: {
          user: {
            original_password: Redacted.value(change.originalPassword),
            password: Redacted.value(change.password)
          }
        }
      })
    )

  /**
   * The projects the user has a role on, directly or through a group (`GET /users/{id}/projects`).
   *
   * @example
   * const projects = yield* users.projects(user.id, { enabled: true })
   */
  const projects = (
    userId: string,
    query?: ProjectQuery
  ): Effect.Effect<ReadonlyArray<Projects.Project>, Resource.ResourceError> =>
    Resource.make(UserProjects, adapter, { userId }).list(query)

  /**
   * The groups the user is a member of (`GET /users/{id}/groups`).
   *
   * @example
   * const groups = yield* users.groups(user.id)
   */
  const groups = (
    userId: string,
    query?: { readonly name?: string }
  ): Effect.Effect<ReadonlyArray<Groups.Group>, Resource.ResourceError> =>
    Resource.make(UserGroups, adapter, { userId }).list(query)

  return { ...client, changePassword, projects, groups }
}

/**
 * The users client's type.
 *
 * @example
 * const users: Users.UsersClient = Users.make(identity)
 */
export type UsersClient = ReturnType<typeof make>
