/**
 * Identity v3 application credentials (`/v3/users/{userId}/application_credentials`): a secret a user creates for an
 * application, bound to the project (and roles) of the token that created it, optionally expiring and restricted by
 * access rules (`/v3/users/{userId}/access_rules`). Keystone shows the secret once, in the answer to `create`; it has
 * no update. A user can create credentials for itself only, with a project-scoped token.
 *
 * @example
 * import { Effect, Redacted } from "effect"
 * import { Auth, type Adapter } from "effect-openstack"
 * import * as ApplicationCredentials from "./ApplicationCredentials.ts"
 *
 * const program = (identity: Adapter.AdapterShape, userId: string) =>
 *   Effect.gen(function* () {
 *     const credentials = ApplicationCredentials.make(identity).forUser(userId)
 *     const created = yield* credentials.create({ name: "ci", roles: [{ name: "reader" }] })
 *     return yield* Auth.v3ApplicationCredential({
 *       authUrl: "https://keystone.example/v3",
 *       applicationCredentialId: created.id,
 *       applicationCredentialSecret: created.secret ?? Redacted.make("")
 *     })
 *   })
 *
 * @module
 */
import { Schema } from "effect"
import type { AdapterShape } from "../../Adapter.ts"
import * as Resource from "../../Resource.ts"
import { RoleRef, RoleSpec } from "./Roles.ts"

/** The parent of the nested resources: the user. */
interface UserParent {
  readonly userId: string
}

const userPath = (parent: UserParent) => `/users/${encodeURIComponent(parent.userId)}`

/**
 * What an access rule allows: one method on one path (`*` and `**` wildcards) of one service type.
 *
 * @example
 * const rule: ApplicationCredentials.AccessRuleSpec = { service: "compute", method: "GET", path: "/v2.1/servers" }
 */
export const AccessRuleSpec = Schema.Struct({
  id: Schema.optionalKey(Schema.String),
  service: Schema.optionalKey(Schema.String),
  method: Schema.optionalKey(Schema.Literals(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"])),
  path: Schema.optionalKey(Schema.String)
})

/**
 * @see {@link AccessRuleSpec}
 *
 * @example
 * const readOnly = (rule: ApplicationCredentials.AccessRuleSpec) => rule.method === "GET"
 */
export type AccessRuleSpec = typeof AccessRuleSpec.Type

/**
 * The declaration of an application credential, under its user.
 *
 * @example
 * const credentials = Resource.make(ApplicationCredentials.ApplicationCredential, identity, { userId })
 */
export const ApplicationCredential = Resource.define({
  name: "application credential",
  key: "application_credential",
  collectionKey: "application_credentials",
  path: (parent: UserParent) => `${userPath(parent)}/application_credentials`,
  fields: {
    id: Schema.String,
    name: Schema.String,
    description: Schema.optionalKey(Schema.NullOr(Schema.String)),
    userId: Schema.optionalKey(Schema.String),
    projectId: Schema.optionalKey(Schema.NullOr(Schema.String)),
    expiresAt: Schema.optionalKey(Schema.NullOr(Schema.String)),
    /** May the credential create or delete application credentials and trusts? */
    unrestricted: Schema.optionalKey(Schema.NullOr(Schema.Boolean)),
    roles: Schema.optionalKey(Schema.Array(RoleRef)),
    accessRules: Schema.optionalKey(Schema.Array(AccessRuleSpec)),
    /** Only in the answer to `create`: Keystone keeps a hash of it. */
    secret: Schema.optionalKey(Schema.RedactedFromValue(Schema.String))
  },
  query: { name: Schema.optionalKey(Schema.String) },
  create: {
    name: Schema.String,
    description: Schema.optionalKey(Schema.NullOr(Schema.String)),
    /** Keystone generates one when none is given. */
    secret: Schema.optionalKey(Schema.RedactedFromValue(Schema.String)),
    /** ISO 8601; none: it never expires. */
    expiresAt: Schema.optionalKey(Schema.NullOr(Schema.String)),
    /** Roles of the creating token to delegate (default: all of them). */
    roles: Schema.optionalKey(Schema.Array(RoleSpec)),
    unrestricted: Schema.optionalKey(Schema.Boolean),
    accessRules: Schema.optionalKey(Schema.Array(AccessRuleSpec))
  },
  operations: ["list", "get", "create", "delete"]
})

/**
 * An application credential, as decoded (`secret` only when just created).
 *
 * @example
 * const credential: ApplicationCredentials.ApplicationCredential = yield* credentials.get(id)
 */
export type ApplicationCredential = Resource.Item<typeof ApplicationCredential.fields>

/**
 * The declaration of an access rule, under its user (created with application credentials; no names).
 *
 * @example
 * const rules = Resource.make(ApplicationCredentials.AccessRule, identity, { userId })
 */
export const AccessRule = Resource.define({
  name: "access rule",
  key: "access_rule",
  collectionKey: "access_rules",
  path: (parent: UserParent) => `${userPath(parent)}/access_rules`,
  fields: {
    id: Schema.String,
    service: Schema.String,
    method: Schema.String,
    path: Schema.String
  },
  query: {
    service: Schema.optionalKey(Schema.String),
    method: Schema.optionalKey(Schema.String),
    path: Schema.optionalKey(Schema.String)
  },
  findBy: undefined,
  operations: ["list", "get", "delete"]
})

/**
 * An access rule, as decoded.
 *
 * @example
 * const rule: ApplicationCredentials.AccessRule = yield* rules.get(id)
 */
export type AccessRule = Resource.Item<typeof AccessRule.fields>

/**
 * The application credentials client: a user's credentials (`forUser`) and access rules (`accessRules`).
 *
 * @example
 * const credentials = ApplicationCredentials.make(identity)
 * const mine = yield* credentials.forUser(userId).list({ name: "ci" })
 * const rules = yield* credentials.accessRules(userId).list({ service: "compute" })
 */
export const make = (adapter: AdapterShape) => ({
  /**
   * The application credentials of a user: list, stream, get, find (by id or name), create, delete, findOrCreate.
   *
   * @example
   * const created = yield* credentials.forUser(userId).create({ name: "ci", expiresAt: "2030-01-01T00:00:00Z" })
   */
  forUser: (userId: string) => {
    const { list, stream, get, find, create, delete: remove, findOrCreate, decode, path } = Resource.make(
      ApplicationCredential,
      adapter,
      { userId }
    )
    return { list, stream, get, find, create, delete: remove, findOrCreate, decode, path }
  },
  /**
   * The access rules of a user: list (filters service, method, path), stream, get, delete (once no credential uses
   * the rule).
   *
   * @example
   * yield* credentials.accessRules(userId).delete(ruleId)
   */
  accessRules: (userId: string) => {
    const { list, stream, get, find, delete: remove, decode, path } = Resource.make(AccessRule, adapter, { userId })
    return { list, stream, get, find, delete: remove, decode, path }
  }
})

/**
 * The application credentials client's operations.
 *
 * @example
 * const credentials: ApplicationCredentials.Client = ApplicationCredentials.make(identity)
 */
export type Client = ReturnType<typeof make>
