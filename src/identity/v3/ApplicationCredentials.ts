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
import * as Schema from "effect/Schema"
import type { AdapterShape } from "../../Adapter.ts"
import * as services from "../../internal/services.ts"
import * as Resource from "../../Resource.ts"
import { field } from "../../Resource.ts"
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
  service: services.identity,
  key: "application_credential",
  path: (parent: UserParent) => `${userPath(parent)}/application_credentials`,
  fields: {
    id: field(Schema.String),
    name: field(Schema.String).required.filter,
    description: field(Schema.NullOr(Schema.String)).optional.create,
    userId: field(Schema.String).optional,
    projectId: field(Schema.NullOr(Schema.String)).optional,
    /** ISO 8601; none: it never expires. */
    expiresAt: field(Schema.NullOr(Schema.String)).optional.create,
    /** May the credential create or delete application credentials and trusts? */
    unrestricted: field(Schema.NullOr(Schema.Boolean)).optional.createAs(Schema.Boolean),
    /** The delegated roles; at create, roles of the creating token by id or name (default: all of them). */
    roles: field(Schema.Array(RoleRef)).optional.createAs(Schema.Array(RoleSpec)),
    accessRules: field(Schema.Array(AccessRuleSpec)).optional.create,
    /** Keystone generates one when none is given, and shows it only in the answer to `create` (it keeps a hash). */
    secret: field(Schema.RedactedFromValue(Schema.String)).optional.create
  },
  operations: ["list", "get", "create", "delete"]
})

/**
 * An application credential, as decoded (`secret` only when just created).
 *
 * @example
 * const credential: ApplicationCredentials.ApplicationCredential = yield* credentials.get(id)
 */
export type ApplicationCredential = Resource.Item<typeof ApplicationCredential>

/**
 * The declaration of an access rule, under its user (created with application credentials; no names).
 *
 * @example
 * const rules = Resource.make(ApplicationCredentials.AccessRule, identity, { userId })
 */
export const AccessRule = Resource.define({
  service: services.identity,
  key: "access_rule",
  path: (parent: UserParent) => `${userPath(parent)}/access_rules`,
  fields: {
    id: field(Schema.String),
    service: field(Schema.String).filter,
    method: field(Schema.String).filter,
    path: field(Schema.String).filter
  },
  operations: ["list", "get", "delete"]
})

/**
 * An access rule, as decoded.
 *
 * @example
 * const rule: ApplicationCredentials.AccessRule = yield* rules.get(id)
 */
export type AccessRule = Resource.Item<typeof AccessRule>

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
  forUser: (userId: string) => Resource.make(ApplicationCredential, adapter, { userId }),
  /**
   * The access rules of a user: list (filters service, method, path), stream, get, delete (once no credential uses
   * the rule).
   *
   * @example
   * yield* credentials.accessRules(userId).delete(ruleId)
   */
  accessRules: (userId: string) => Resource.make(AccessRule, adapter, { userId })
})

/**
 * The application credentials client's operations.
 *
 * @example
 * const credentials: ApplicationCredentials.Client = ApplicationCredentials.make(identity)
 */
export type Client = ReturnType<typeof make>

/**
 * The application credentials client as a service of its own: `.make(adapter)`, `.layer()` on a Session, provided by
 * `Identity.layer` and the Connection (so that a test can `Layer.mock` it).
 *
 * @example
 * const credentials = yield* ApplicationCredentials.ApplicationCredentials
 */
export class ApplicationCredentials extends Resource.Service<ApplicationCredentials>()("effect-openstack/identity/ApplicationCredentials", services.identity, make) {}
