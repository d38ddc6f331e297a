/**
 * Identity v3 token operations: validate, check and revoke another token (`/v3/auth/tokens` with `X-Subject-Token`,
 * as a service does with the tokens it is given), and what the adapter's own token may be scoped to
 * (`/v3/auth/projects`, `/v3/auth/domains`, `/v3/auth/system`) and its catalog (`/v3/auth/catalog`).
 *
 * @example
 * import { Effect, type Redacted } from "effect"
 * import type { Adapter } from "effect-openstack"
 * import * as Tokens from "./Tokens.ts"
 *
 * const whoIs = (identity: Adapter.AdapterShape, token: Redacted.Redacted<string>) =>
 *   Effect.gen(function* () {
 *     const access = yield* Tokens.make(identity).validate(token)
 *     return { user: access.userId, project: access.projectId, roles: access.roleNames }
 *   })
 *
 * @module
 */
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import type { AccessInfo } from "../../AccessInfo.ts"
import { fromV3Response } from "../../AccessInfo.ts"
import type { AdapterShape } from "../../Adapter.ts"
import { memberOf } from "../../internal/decode.ts"
import * as services from "../../internal/services.ts"
import * as Resource from "../../Resource.ts"
import { field } from "../../Resource.ts"
import { ServiceCatalog } from "../../ServiceCatalog.ts"
import type { SessionError } from "../../Session.ts"

/**
 * The declaration of a project the token may be scoped to (`GET /auth/projects`).
 *
 * @example
 * const scopes = Resource.make(Tokens.AuthProject, identity)
 */
export const AuthProject = Resource.define({
  service: services.identity,
  key: "project",
  attribute: "authProjects",
  path: () => "/auth/projects",
  fields: {
    id: field(Schema.String),
    name: field(Schema.String),
    domainId: field(Schema.String),
    description: field(Schema.NullOr(Schema.String)).optional,
    enabled: field(Schema.Boolean).optional,
    parentId: field(Schema.NullOr(Schema.String)).optional,
    isDomain: field(Schema.Boolean).optional,
    tags: field(Schema.Array(Schema.String)).optional
  },
  operations: ["list"]
})

/**
 * A project the token may be scoped to.
 *
 * @example
 * const project: Tokens.AuthProject | undefined = (yield* tokens.projects())[0]
 */
export type AuthProject = Resource.Item<typeof AuthProject>

/**
 * The declaration of a domain the token may be scoped to (`GET /auth/domains`).
 *
 * @example
 * const scopes = Resource.make(Tokens.AuthDomain, identity)
 */
export const AuthDomain = Resource.define({
  service: services.identity,
  key: "domain",
  attribute: "authDomains",
  path: () => "/auth/domains",
  fields: {
    id: field(Schema.String),
    name: field(Schema.String),
    description: field(Schema.NullOr(Schema.String)).optional,
    enabled: field(Schema.Boolean).optional
  },
  operations: ["list"]
})

/**
 * A domain the token may be scoped to.
 *
 * @example
 * const domain: Tokens.AuthDomain | undefined = (yield* tokens.domains())[0]
 */
export type AuthDomain = Resource.Item<typeof AuthDomain>

/**
 * A system scope the token may take (`{ all: true }`: the whole deployment).
 *
 * @example
 * const scope: Tokens.SystemScope = { all: true }
 */
export const SystemScope = Schema.Struct({ all: Schema.Boolean })

/**
 * @see {@link SystemScope}
 *
 * @example
 * const scopes: ReadonlyArray<Tokens.SystemScope> = yield* tokens.system()
 */
export type SystemScope = typeof SystemScope.Type

/**
 * How a token is validated.
 *
 * @example
 * const options: Tokens.ValidateOptions = { allowExpired: true, includeCatalog: false }
 */
export interface ValidateOptions {
  /** Accept a token that expired within Keystone's `allow_expired_window` (for long operations of services). */
  readonly allowExpired?: boolean | undefined
  /** `false`: leave the catalog out of the answer (`?nocatalog`). */
  readonly includeCatalog?: boolean | undefined
}

/**
 * The token operations.
 *
 * @example
 * const tokens: Tokens.Client = Tokens.make(identity)
 */
export interface Client {
  /**
   * Validates a token (`GET /auth/tokens`): its AccessInfo; `NotFound` when it is invalid, expired or revoked.
   *
   * @example
   * const access = yield* tokens.validate(token, { includeCatalog: false })
   * access.userId
   */
  readonly validate: (
    token: Redacted.Redacted<string>,
    options?: ValidateOptions
  ) => Effect.Effect<AccessInfo, SessionError>
  /**
   * Whether a token is valid (`HEAD /auth/tokens`): `false` when it is invalid, expired or revoked.
   *
   * @example
   * if (!(yield* tokens.check(token))) yield* Effect.fail(new Error("token revoked"))
   */
  readonly check: (token: Redacted.Redacted<string>) => Effect.Effect<boolean, SessionError>
  /**
   * Revokes a token (`DELETE /auth/tokens`): it is no longer valid anywhere.
   *
   * @example
   * yield* tokens.revoke(token)
   */
  readonly revoke: (token: Redacted.Redacted<string>) => Effect.Effect<void, SessionError>
  /**
   * The projects the adapter's token may be scoped to (its user's, directly or through groups).
   *
   * @example
   * const names = (yield* tokens.projects()).map((project) => project.name)
   */
  readonly projects: () => Effect.Effect<ReadonlyArray<AuthProject>, SessionError>
  /**
   * The domains the adapter's token may be scoped to.
   *
   * @example
   * const domains = yield* tokens.domains()
   */
  readonly domains: () => Effect.Effect<ReadonlyArray<AuthDomain>, SessionError>
  /**
   * The system scopes the adapter's token may take: `[{ all: true }]` when its user holds a system role, else `[]`.
   *
   * @example
   * const canScopeToSystem = (yield* tokens.system()).some((scope) => scope.all)
   */
  readonly system: () => Effect.Effect<ReadonlyArray<SystemScope>, SessionError>
  /**
   * The service catalog of the adapter's token (`GET /auth/catalog`; Keystone wants a project-scoped token).
   *
   * @example
   * const catalog = yield* tokens.catalog()
   * catalog.urlFor({ serviceType: "compute", interface: "public" })
   */
  readonly catalog: () => Effect.Effect<ServiceCatalog, SessionError>
}

const subject = (token: Redacted.Redacted<string>) => ({ "X-Subject-Token": Redacted.value(token) })

const validateParams = (options: ValidateOptions) => ({
  ...(options.allowExpired === true ? { allow_expired: "true" } : {}),
  ...(options.includeCatalog === false ? { nocatalog: "" } : {})
})

/**
 * The token operations, on an adapter whose own token authorizes them (validating another user's token needs the
 * `service` or `admin` role, or a system-scoped reader; any token may validate itself).
 *
 * @example
 * const tokens = Tokens.make(identity)
 * const valid = yield* tokens.check(token)
 */
export const make = (adapter: AdapterShape): Client => {
  // What a token may be scoped to is asked of the Keystone it came from (keystoneclient's `AUTH_INTERFACE`): an
  // unscoped token has no catalog to find Keystone in.
  const authAdapter = adapter.withOptions({ interface: "auth" })
  return {
    validate: (token, options = {}) =>
      Effect.flatMap(adapter.get("/auth/tokens", { headers: subject(token), urlParams: validateParams(options) }), fromV3Response),
    check: (token) => Resource.exists(adapter, "/auth/tokens", { headers: subject(token) }),
    revoke: (token) => Effect.asVoid(adapter.delete("/auth/tokens", { headers: subject(token) })),
    projects: () => Resource.make(AuthProject, authAdapter).list(),
    domains: () => Resource.make(AuthDomain, authAdapter).list(),
    system: () =>
      memberOf(authAdapter.legacyJson.get("/auth/system"), "system", Schema.Array(SystemScope), "the system scopes"),
    catalog: () =>
      Effect.flatMap(
        memberOf(adapter.legacyJson.get("/auth/catalog"), "catalog", Schema.Unknown, "the service catalog"),
        ServiceCatalog.decodeV3
      )
  }
}

/**
 * The token operations as a service of their own (provided by `Identity.layer` and the Connection).
 *
 * @example
 * const valid = yield* Effect.flatMap(Tokens.Tokens, (tokens) => tokens.check(token))
 */
export class Tokens extends Resource.Service<Tokens>()("effect-openstack/identity/Tokens", services.identity, make) {}
