/**
 * A token Keystone issued, decoded: who it is for, what it is scoped to, when it expires, its service catalog — every
 * accessor of keystoneclient's `AccessInfo`, for identity v3 (`{"token": …}` + the `X-Subject-Token` header) and the
 * legacy v2.0 (`{"access": …}`).
 *
 * The token itself is `Redacted`: it never shows in `toString`, JSON or logs. {@link toStored} / {@link fromStored}
 * turn an AccessInfo into JSON and back without losing a byte of the server's body, so a token can be kept and reused
 * (seed 004's `token_ref`).
 *
 * @example
 * import { Effect } from "effect"
 * import { AccessInfo } from "effect-openstack"
 *
 * const program = (body: unknown, subjectToken: string) =>
 *   Effect.gen(function* () {
 *     const access = yield* AccessInfo.fromV3(body, subjectToken)
 *     const soon = yield* AccessInfo.willExpireSoon(access)
 *     return { user: access.username, project: access.projectName, roles: access.roleNames, soon }
 *   })
 *
 * @module
 */
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import type * as HttpClientResponse from "effect/http/HttpClientResponse"
import { InvalidResponse } from "./Errors.ts"
import { ServiceCatalog, V2Catalog, V3Catalog } from "./ServiceCatalog.ts"
import { decodeOrInvalid } from "./internal/decode.ts"
import { parseTimestamp, Timestamp } from "./internal/timestamp.ts"

// ---------------------------------------------------------------------------------------------------------------------
// Wire formats
// ---------------------------------------------------------------------------------------------------------------------

const Domain = Schema.Struct({ id: Schema.String, name: Schema.optionalKey(Schema.String) })
const Role = Schema.Struct({ id: Schema.String, name: Schema.String })

/**
 * The `token` object of an identity v3 token body. Fields not listed here are kept in the raw body, not dropped.
 *
 * @example
 * const projectOf = (token: typeof AccessInfo.V3Token.Type) => token.project?.id
 */
export const V3Token = Schema.Struct({
  methods: Schema.Array(Schema.String),
  user: Schema.Struct({
    id: Schema.String,
    name: Schema.String,
    domain: Domain,
    "OS-FEDERATION": Schema.optionalKey(Schema.Unknown)
  }),
  expires_at: Timestamp,
  issued_at: Timestamp,
  audit_ids: Schema.optionalKey(Schema.Array(Schema.String)),
  project: Schema.optionalKey(
    Schema.Struct({ id: Schema.String, name: Schema.optionalKey(Schema.String), domain: Schema.optionalKey(Domain) })
  ),
  domain: Schema.optionalKey(Domain),
  system: Schema.optionalKey(Schema.Record(Schema.String, Schema.Boolean)),
  roles: Schema.optionalKey(Schema.Array(Role)),
  catalog: Schema.optionalKey(V3Catalog),
  "OS-TRUST:trust": Schema.optionalKey(
    Schema.Struct({
      id: Schema.String,
      impersonation: Schema.optionalKey(Schema.Boolean),
      trustee_user: Schema.Struct({ id: Schema.String }),
      trustor_user: Schema.Struct({ id: Schema.String })
    })
  ),
  "OS-OAUTH1": Schema.optionalKey(Schema.Struct({ access_token_id: Schema.String, consumer_id: Schema.String })),
  application_credential: Schema.optionalKey(
    Schema.Struct({ id: Schema.String, name: Schema.optionalKey(Schema.String) })
  ),
  service_providers: Schema.optionalKey(
    Schema.Array(Schema.Struct({ id: Schema.String, auth_url: Schema.String, sp_url: Schema.String }))
  ),
  bind: Schema.optionalKey(Schema.Record(Schema.String, Schema.Unknown))
})

/**
 * An identity v3 token body: `{"token": {...}}`.
 *
 * @example
 * const { token } = yield* Schema.decodeUnknownEffect(AccessInfo.V3Body)(yield* response.json)
 */
export const V3Body = Schema.Struct({ token: V3Token })

/**
 * The `access` object of an identity v2.0 token body.
 *
 * @example
 * const tenantOf = (access: typeof AccessInfo.V2Access.Type) => access.token.tenant?.name
 */
export const V2Access = Schema.Struct({
  token: Schema.Struct({
    id: Schema.String,
    expires: Timestamp,
    issued_at: Schema.optionalKey(Timestamp),
    tenant: Schema.optionalKey(Schema.Struct({ id: Schema.String, name: Schema.optionalKey(Schema.String) })),
    audit_ids: Schema.optionalKey(Schema.Array(Schema.String)),
    bind: Schema.optionalKey(Schema.Record(Schema.String, Schema.Unknown))
  }),
  user: Schema.Struct({
    id: Schema.String,
    name: Schema.optionalKey(Schema.String),
    username: Schema.optionalKey(Schema.String),
    tenantId: Schema.optionalKey(Schema.String),
    tenantName: Schema.optionalKey(Schema.String),
    roles: Schema.optionalKey(Schema.Array(Schema.Struct({ name: Schema.String })))
  }),
  serviceCatalog: Schema.optionalKey(V2Catalog),
  metadata: Schema.optionalKey(Schema.Struct({ roles: Schema.optionalKey(Schema.Array(Schema.String)) })),
  trust: Schema.optionalKey(
    Schema.Struct({ id: Schema.String, trustee_user_id: Schema.String, trustor_user_id: Schema.String })
  )
})

/**
 * An identity v2.0 token body: `{"access": {...}}`.
 *
 * @example
 * Schema.is(AccessInfo.V2Body)(json) // true for a v2.0 `{"access": …}` body
 */
export const V2Body = Schema.Struct({ access: V2Access })

// ---------------------------------------------------------------------------------------------------------------------
// The model
// ---------------------------------------------------------------------------------------------------------------------

/**
 * A Keystone service provider (federation), from a v3 token.
 *
 * @example
 * const sp: AccessInfo.ServiceProvider = { id: "sp1", authUrl: "https://sp/v3/…/auth", spUrl: "https://sp/Shibboleth.sso" }
 */
export interface ServiceProvider {
  readonly id: string
  readonly authUrl: string
  readonly spUrl: string
}

/** Everything an AccessInfo says, read once from either body version. */
interface Fields {
  readonly version: "v3" | "v2.0"
  readonly expiresAt: number
  readonly issuedAt: number | undefined
  readonly methods: ReadonlyArray<string>
  readonly userId: string
  readonly username: string | undefined
  readonly userDomainId: string | undefined
  readonly userDomainName: string | undefined
  readonly roleIds: ReadonlyArray<string>
  readonly roleNames: ReadonlyArray<string>
  readonly projectId: string | undefined
  readonly projectName: string | undefined
  readonly projectDomainId: string | undefined
  readonly projectDomainName: string | undefined
  readonly domainId: string | undefined
  readonly domainName: string | undefined
  readonly systemScoped: boolean
  readonly trustId: string | undefined
  readonly trusteeUserId: string | undefined
  readonly trustorUserId: string | undefined
  readonly oauthAccessTokenId: string | undefined
  readonly oauthConsumerId: string | undefined
  readonly applicationCredentialId: string | undefined
  readonly isFederated: boolean
  readonly auditIds: ReadonlyArray<string>
  readonly hasServiceCatalog: boolean
  readonly serviceCatalog: ServiceCatalog
  readonly serviceProviders: ReadonlyArray<ServiceProvider> | undefined
  readonly bind: Readonly<Record<string, unknown>> | undefined
}

const v3Fields = ({ token }: Schema.Schema.Type<typeof V3Body>): Fields => {
  const trust = token["OS-TRUST:trust"]
  const oauth = token["OS-OAUTH1"]
  return {
    version: "v3",
    expiresAt: parseTimestamp(token.expires_at),
    issuedAt: parseTimestamp(token.issued_at),
    methods: token.methods,
    userId: token.user.id,
    username: token.user.name,
    userDomainId: token.user.domain.id,
    userDomainName: token.user.domain.name,
    roleIds: (token.roles ?? []).map((r) => r.id),
    roleNames: (token.roles ?? []).map((r) => r.name),
    projectId: token.project?.id,
    projectName: token.project?.name,
    projectDomainId: token.project?.domain?.id,
    projectDomainName: token.project?.domain?.name,
    domainId: token.domain?.id,
    domainName: token.domain?.name,
    systemScoped: token.system?.all === true,
    trustId: trust?.id,
    trusteeUserId: trust?.trustee_user.id,
    trustorUserId: trust?.trustor_user.id,
    oauthAccessTokenId: oauth?.access_token_id,
    oauthConsumerId: oauth?.consumer_id,
    applicationCredentialId: token.application_credential?.id,
    isFederated: token.user["OS-FEDERATION"] !== undefined,
    auditIds: token.audit_ids ?? [],
    hasServiceCatalog: token.catalog !== undefined,
    serviceCatalog: token.catalog === undefined ? ServiceCatalog.empty : ServiceCatalog.fromV3(token.catalog),
    serviceProviders: token.service_providers?.map((sp) => ({ id: sp.id, authUrl: sp.auth_url, spUrl: sp.sp_url })),
    bind: token.bind
  }
}

const v2Fields = ({ access }: Schema.Schema.Type<typeof V2Body>): Fields => {
  const { token, user, trust } = access
  // As keystoneclient: the project is the token's tenant, else the user's; v2 has one domain, "default".
  const projectId = token.tenant?.id ?? user.tenantId
  return {
    version: "v2.0",
    expiresAt: parseTimestamp(token.expires),
    issuedAt: token.issued_at === undefined ? undefined : parseTimestamp(token.issued_at),
    methods: [],
    userId: user.id,
    username: user.name ?? user.username,
    userDomainId: "default",
    userDomainName: "Default",
    roleIds: access.metadata?.roles ?? [],
    roleNames: (user.roles ?? []).map((r) => r.name),
    projectId,
    projectName: token.tenant?.name ?? user.tenantName,
    projectDomainId: projectId === undefined ? undefined : "default",
    projectDomainName: projectId === undefined ? undefined : "Default",
    domainId: undefined,
    domainName: undefined,
    systemScoped: false,
    trustId: trust?.id,
    trusteeUserId: trust?.trustee_user_id,
    trustorUserId: trust?.trustor_user_id,
    oauthAccessTokenId: undefined,
    oauthConsumerId: undefined,
    applicationCredentialId: undefined,
    isFederated: false,
    auditIds: token.audit_ids ?? [],
    hasServiceCatalog: access.serviceCatalog !== undefined,
    serviceCatalog:
      access.serviceCatalog === undefined ? ServiceCatalog.empty : ServiceCatalog.fromV2(access.serviceCatalog),
    serviceProviders: undefined,
    bind: token.bind
  }
}

const NodeInspect = Symbol.for("nodejs.util.inspect.custom")

/**
 * A decoded token. Build one with {@link fromV3}, {@link fromV2}, {@link fromBody}, {@link fromV3Response} or
 * {@link fromStored}.
 *
 * @example
 * const access = yield* AccessInfo.fromV3(body, subjectToken)
 * access.projectScoped // true
 * access.serviceCatalog.urlFor({ serviceType: "compute" })
 */
export class AccessInfo {
  /** The token to send as `X-Auth-Token`. */
  readonly authToken: Redacted.Redacted<string>
  readonly #fields: Fields
  readonly #body: unknown

  private constructor(authToken: string, fields: Fields, body: unknown) {
    this.authToken = Redacted.make(authToken, { label: "token" })
    this.#fields = fields
    this.#body = body
  }

  /** @internal */
  static make(authToken: string, fields: Fields, body: unknown): AccessInfo {
    return new AccessInfo(authToken, fields, body)
  }

  /** The body exactly as the server sent it. @internal */
  get body(): unknown {
    return this.#body
  }

  /** The identity API version that issued it: "v3" or "v2.0". */
  get version(): "v3" | "v2.0" {
    return this.#fields.version
  }

  /** When the token expires. */
  get expires(): Date {
    return new Date(this.#fields.expiresAt)
  }

  /** When the token was issued (v2.0 tokens may not say). */
  get issued(): Date | undefined {
    return this.#fields.issuedAt === undefined ? undefined : new Date(this.#fields.issuedAt)
  }

  /** The authentication methods used, e.g. ["password", "totp"] (v3; empty for v2.0). */
  get methods(): ReadonlyArray<string> {
    return this.#fields.methods
  }

  /** The user's id. */
  get userId(): string {
    return this.#fields.userId
  }

  /** The user's name (v2.0: `name`, else `username`). */
  get username(): string | undefined {
    return this.#fields.username
  }

  /** The user's domain id ("default" for v2.0). */
  get userDomainId(): string | undefined {
    return this.#fields.userDomainId
  }

  /** The user's domain name ("Default" for v2.0). */
  get userDomainName(): string | undefined {
    return this.#fields.userDomainName
  }

  /** The ids of the roles the token carries. */
  get roleIds(): ReadonlyArray<string> {
    return this.#fields.roleIds
  }

  /** The names of the roles the token carries. */
  get roleNames(): ReadonlyArray<string> {
    return this.#fields.roleNames
  }

  /** The domain a domain-scoped token is scoped to. */
  get domainId(): string | undefined {
    return this.#fields.domainId
  }

  /** The name of the domain a domain-scoped token is scoped to. */
  get domainName(): string | undefined {
    return this.#fields.domainName
  }

  /** The project a project-scoped token is scoped to. */
  get projectId(): string | undefined {
    return this.#fields.projectId
  }

  /** The name of that project. */
  get projectName(): string | undefined {
    return this.#fields.projectName
  }

  /** The domain of that project ("default" for a scoped v2.0 token). */
  get projectDomainId(): string | undefined {
    return this.#fields.projectDomainId
  }

  /** The name of the domain of that project ("Default" for a scoped v2.0 token). */
  get projectDomainName(): string | undefined {
    return this.#fields.projectDomainName
  }

  /** Synonym of {@link projectId} (v2.0 vocabulary). */
  get tenantId(): string | undefined {
    return this.projectId
  }

  /** Synonym of {@link projectName} (v2.0 vocabulary). */
  get tenantName(): string | undefined {
    return this.projectName
  }

  /** Scoped to a project. */
  get projectScoped(): boolean {
    return this.#fields.projectId !== undefined
  }

  /** Scoped to a domain. */
  get domainScoped(): boolean {
    return this.#fields.domainId !== undefined
  }

  /** Scoped to the system (`system: {all: true}`). */
  get systemScoped(): boolean {
    return this.#fields.systemScoped
  }

  /** Scoped to anything: a project, a domain or the system (keystoneauth1's meaning). */
  get scoped(): boolean {
    return this.projectScoped || this.domainScoped || this.systemScoped
  }

  /** The trust a trust-scoped token was issued from. */
  get trustId(): string | undefined {
    return this.#fields.trustId
  }

  /** Issued from a trust (OS-TRUST). */
  get trustScoped(): boolean {
    return this.#fields.trustId !== undefined
  }

  /** The trust's trustee. */
  get trusteeUserId(): string | undefined {
    return this.#fields.trusteeUserId
  }

  /** The trust's trustor. */
  get trustorUserId(): string | undefined {
    return this.#fields.trustorUserId
  }

  /** The OAuth1 access token, when OAuth1 was used. */
  get oauthAccessTokenId(): string | undefined {
    return this.#fields.oauthAccessTokenId
  }

  /** The OAuth1 consumer, when OAuth1 was used. */
  get oauthConsumerId(): string | undefined {
    return this.#fields.oauthConsumerId
  }

  /** The application credential the token was issued for. */
  get applicationCredentialId(): string | undefined {
    return this.#fields.applicationCredentialId
  }

  /** Obtained through federation (the user has OS-FEDERATION data). */
  get isFederated(): boolean {
    return this.#fields.isFederated
  }

  /** The token's audit id. */
  get auditId(): string | undefined {
    return this.#fields.auditIds[0]
  }

  /** For a rescoped token, the audit id of the token it came from. */
  get auditChainId(): string | undefined {
    return this.#fields.auditIds[1]
  }

  /** The audit id of the first token of the chain: {@link auditChainId}, else {@link auditId}. */
  get initialAuditId(): string | undefined {
    return this.auditChainId ?? this.auditId
  }

  /** The body has a catalog (it may still be empty). */
  get hasServiceCatalog(): boolean {
    return this.#fields.hasServiceCatalog
  }

  /** The token's catalog (empty when it has none). */
  get serviceCatalog(): ServiceCatalog {
    return this.#fields.serviceCatalog
  }

  /** The federation service providers the token may be used with (v3). */
  get serviceProviders(): ReadonlyArray<ServiceProvider> | undefined {
    return this.#fields.serviceProviders
  }

  /** The token's bind information, e.g. `{ kerberos: "user@REALM" }`. */
  get bind(): Readonly<Record<string, unknown>> | undefined {
    return this.#fields.bind
  }

  /** Milliseconds since the epoch when the token expires. */
  get expiresAtMillis(): number {
    return this.#fields.expiresAt
  }

  /** A summary without secrets, for logs and JSON. */
  toJSON(): unknown {
    return {
      _id: "AccessInfo",
      version: this.version,
      authToken: "<redacted>",
      userId: this.userId,
      username: this.username,
      projectId: this.projectId,
      domainId: this.domainId,
      systemScoped: this.systemScoped,
      expires: this.expires.toISOString()
    }
  }

  /** A summary without secrets. */
  toString(): string {
    return `AccessInfo(${JSON.stringify(this.toJSON())})`
  }

  [NodeInspect](): unknown {
    return this.toJSON()
  }
}

// ---------------------------------------------------------------------------------------------------------------------
// Decoding
// ---------------------------------------------------------------------------------------------------------------------

/**
 * Decodes an identity v3 token body; the token itself comes from the `X-Subject-Token` response header. A body that
 * does not decode fails with `InvalidResponse` naming the path that failed.
 *
 * @example
 * const access = yield* AccessInfo.fromV3(yield* response.json, response.headers["x-subject-token"])
 */
export const fromV3 = (body: unknown, subjectToken: string): Effect.Effect<AccessInfo, InvalidResponse> =>
  Effect.map(decodeOrInvalid(V3Body, body, "the v3 token body"), (decoded) =>
    AccessInfo.make(subjectToken, v3Fields(decoded), body)
  )

/**
 * Decodes an identity v2.0 token body (`{"access": …}`, which carries the token id itself). Legacy: v2.0 is gone from
 * Keystone since Queens, but stored tokens and old clouds may still have it.
 *
 * @example
 * const access = yield* AccessInfo.fromV2(body)
 */
export const fromV2 = (body: unknown): Effect.Effect<AccessInfo, InvalidResponse> =>
  Effect.map(decodeOrInvalid(V2Body, body, "the v2.0 token body"), (decoded) =>
    AccessInfo.make(decoded.access.token.id, v2Fields(decoded), body)
  )

const hasKey = (body: unknown, key: string): boolean => typeof body === "object" && body !== null && key in body

/**
 * Decodes either version, telling them apart by their top key (`token` or `access`), as keystoneclient's factory does.
 * A v3 body needs `subjectToken`.
 *
 * @example
 * const access = yield* AccessInfo.fromBody(stored.body, stored.authToken)
 */
export const fromBody = (body: unknown, subjectToken?: string): Effect.Effect<AccessInfo, InvalidResponse> => {
  if (hasKey(body, "access")) return fromV2(body)
  if (!hasKey(body, "token")) {
    return Effect.fail(new InvalidResponse({ message: "a token body has a \"token\" (v3) or \"access\" (v2.0) key; this has neither" }))
  }
  return subjectToken === undefined
    ? Effect.fail(new InvalidResponse({ message: "a v3 token body needs the X-Subject-Token that came with it" }))
    : fromV3(body, subjectToken)
}

/**
 * Decodes the answer to `POST /v3/auth/tokens`: the body and its `X-Subject-Token` header.
 *
 * @example
 * const access = yield* client.execute(request).pipe(Effect.flatMap(AccessInfo.fromV3Response))
 */
export const fromV3Response = (
  response: Pick<HttpClientResponse.HttpClientResponse, "request" | "status" | "headers"> & {
    readonly json: Effect.Effect<unknown, unknown>
  }
): Effect.Effect<AccessInfo, InvalidResponse> => {
  const origin = { method: response.request.method, url: response.request.url, status: response.status }
  const subjectToken = response.headers["x-subject-token"]
  if (subjectToken === undefined || subjectToken === "") {
    return Effect.fail(
      new InvalidResponse({ message: `${origin.method} ${origin.url} answered without an X-Subject-Token header`, ...origin })
    )
  }
  return response.json.pipe(
    Effect.mapError(() => new InvalidResponse({ message: `${origin.method} ${origin.url} answered with a body that is not JSON`, ...origin })),
    Effect.flatMap((body) => fromV3(body, subjectToken))
  )
}

// ---------------------------------------------------------------------------------------------------------------------
// Storing and expiry
// ---------------------------------------------------------------------------------------------------------------------

/**
 * An AccessInfo as JSON, to keep on disk or elsewhere: the token and the body exactly as the server sent it. Holds the
 * token in clear: store it as you would a password.
 *
 * @example
 * const stored: AccessInfo.Stored = { authToken: "gAAAA…", body: { token: { … } } }
 */
export const Stored = Schema.Struct({ authToken: Schema.String, body: Schema.Unknown })

/**
 * The JSON form of an AccessInfo; see {@link Stored}.
 *
 * @example
 * const stored: AccessInfo.Stored = AccessInfo.toStored(access)
 */
export type Stored = Schema.Schema.Type<typeof Stored>

/**
 * The JSON form of an AccessInfo, to keep (with care: it holds the token in clear).
 *
 * @example
 * await fs.writeFile(file, JSON.stringify(AccessInfo.toStored(access)), { mode: 0o600 })
 */
export const toStored = (access: AccessInfo): Stored => ({
  authToken: Redacted.value(access.authToken),
  body: access.body
})

/**
 * An AccessInfo from its JSON form: decoded again, so a tampered or truncated file fails with `InvalidResponse`.
 *
 * @example
 * const access = yield* AccessInfo.fromStored(JSON.parse(text))
 */
export const fromStored = (json: unknown): Effect.Effect<AccessInfo, InvalidResponse> =>
  Effect.flatMap(decodeOrInvalid(Stored, json, "the stored token"), (stored) =>
    fromBody(stored.body, stored.authToken)
  )

/**
 * keystoneclient's default: a token is about to expire within 30 seconds of its expiry.
 *
 * @example
 * AccessInfo.expiresWithin(access, AccessInfo.defaultStaleDuration, Date.now())
 */
export const defaultStaleDuration: Duration.Duration = Duration.seconds(30)

/**
 * Whether the token expires within `staleDuration` (default 30 seconds) of the given time.
 *
 * @example
 * AccessInfo.expiresWithin(access, Duration.minutes(2), Date.now())
 */
export const expiresWithin = (access: AccessInfo, staleDuration: Duration.Input, nowMillis: number): boolean =>
  access.expiresAtMillis - Duration.toMillis(Duration.fromInputUnsafe(staleDuration)) <= nowMillis

/**
 * Whether the token expires within `staleDuration` (default 30 seconds) from now, by the Effect clock.
 *
 * @example
 * if (yield* AccessInfo.willExpireSoon(access, "2 minutes")) yield* reauthenticate
 */
export const willExpireSoon = (
  access: AccessInfo,
  staleDuration: Duration.Input = defaultStaleDuration
): Effect.Effect<boolean> => Effect.map(Clock.currentTimeMillis, (now) => expiresWithin(access, staleDuration, now))
