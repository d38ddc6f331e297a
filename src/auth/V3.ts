/**
 * Identity v3 authentication: methods (password, token, application credential, TOTP, or several at once), scopes,
 * and the plugins built from them — keystoneauth1's `identity.v3`.
 *
 * A request is `POST {authUrl}/auth/tokens` with `{"auth": {"identity": {"methods": [...], ...}, "scope": ...}}`.
 * A user with multi-factor rules who sends too few methods gets a 401 with an auth receipt: that fails with
 * `MissingAuthMethods` carrying the receipt and the rules, and authentication continues with
 * {@link multiFactor}`({ receipt, methods: [the missing ones] })`.
 *
 * @example
 * import { Redacted } from "effect"
 * import { Auth } from "effect-openstack"
 *
 * const plugin = Auth.password({
 *   authUrl: "https://keystone:5000/v3",
 *   username: "demo",
 *   userDomainName: "Default",
 *   password: Redacted.make("secret"),
 *   projectName: "demo",
 *   projectDomainName: "Default"
 * }) // Effect<AuthPlugin, AuthPluginOptionsMissing>
 *
 * @module
 */
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import * as HttpClient from "effect/http/HttpClient"
import * as HttpClientRequest from "effect/http/HttpClientRequest"
import type * as HttpClientResponse from "effect/http/HttpClientResponse"
import * as AccessInfo from "../AccessInfo.ts"
import {
  AuthPluginOptionsMissing,
  checkStatus,
  fromHttpClientError,
  isHttpError,
  MissingAuthMethods,
  requestIdOf,
  withContext
} from "../Errors.ts"
import { redactUrl } from "../internal/redact.ts"
import * as AuthPlugin from "./AuthPlugin.ts"

// ---------------------------------------------------------------------------------------------------------------------
// Users and scopes
// ---------------------------------------------------------------------------------------------------------------------

/**
 * Who authenticates: a user id, or a user name with its domain (id or name).
 *
 * @example
 * const user: V3.UserOptions = { username: "demo", userDomainId: "default" }
 */
export interface UserOptions {
  readonly userId?: string | undefined
  readonly username?: string | undefined
  readonly userDomainId?: string | undefined
  readonly userDomainName?: string | undefined
}

/**
 * What the token is scoped to. Nothing: Keystone scopes it to the user's default project, if any (seed 004).
 * `unscoped: true` asks for an unscoped token even then.
 *
 * @example
 * const scope: V3.ScopeOptions = { projectName: "demo", projectDomainId: "default" }
 */
export interface ScopeOptions {
  readonly projectId?: string | undefined
  readonly projectName?: string | undefined
  readonly projectDomainId?: string | undefined
  readonly projectDomainName?: string | undefined
  readonly domainId?: string | undefined
  readonly domainName?: string | undefined
  /** "all": the whole deployment (system scope). */
  readonly systemScope?: "all" | undefined
  readonly trustId?: string | undefined
  readonly unscoped?: boolean | undefined
}

/**
 * Options every v3 plugin takes.
 *
 * @example
 * const common: V3.CommonOptions = { authUrl: "https://keystone:5000/v3", staleDuration: "5 minutes" }
 */
export interface CommonOptions {
  /** The identity endpoint: `https://keystone:5000/v3` (an unversioned URL gets `/v3` appended). */
  readonly authUrl: string
  /** Refresh the token this long before it expires (default 120 s). */
  readonly staleDuration?: Duration.Input | undefined
  /** Start from a stored token (seed 004's `token_ref`): no call until it nears expiry. */
  readonly tokenRef?: AccessInfo.AccessInfo | undefined
}

/** Each missing requirement, named as clouds.yaml names the options. */
type Missing = ReadonlyArray<string>

const given = (value: string | undefined): value is string => value !== undefined && value !== ""

const missingUser = (user: UserOptions): Missing => {
  if (given(user.userId)) return []
  if (!given(user.username)) return ["user_id or username"]
  return given(user.userDomainId) || given(user.userDomainName) ? [] : ["user_domain_id or user_domain_name"]
}

const missingScope = (scope: ScopeOptions): Missing =>
  given(scope.projectName) && !given(scope.projectId)
  && !given(scope.projectDomainId) && !given(scope.projectDomainName)
    ? ["project_domain_id or project_domain_name"]
    : []

const userJson = (user: UserOptions) =>
  given(user.userId)
    ? { id: user.userId }
    : {
        name: user.username,
        domain: given(user.userDomainId) ? { id: user.userDomainId } : { name: user.userDomainName }
      }

const userIdentity = (user: UserOptions) => ({
  user_id: user.userId,
  username: user.username,
  user_domain_id: user.userDomainId,
  user_domain_name: user.userDomainName
})

/** The `scope` of the request, or nothing (Keystone's default: the user's default project). */
const scopeJson = (scope: ScopeOptions): unknown => {
  if (scope.unscoped === true) return "unscoped"
  if (given(scope.projectId)) return { project: { id: scope.projectId } }
  if (given(scope.projectName)) {
    const domain = given(scope.projectDomainId) ? { id: scope.projectDomainId } : { name: scope.projectDomainName }
    return { project: { name: scope.projectName, domain } }
  }
  if (given(scope.domainId)) return { domain: { id: scope.domainId } }
  if (given(scope.domainName)) return { domain: { name: scope.domainName } }
  if (scope.systemScope === "all") return { system: { all: true } }
  if (given(scope.trustId)) return { "OS-TRUST:trust": { id: scope.trustId } }
  return undefined
}

const scopeIdentity = (scope: ScopeOptions) => ({
  project_id: scope.projectId,
  project_name: scope.projectName,
  project_domain_id: scope.projectDomainId,
  project_domain_name: scope.projectDomainName,
  domain_id: scope.domainId,
  domain_name: scope.domainName,
  system_scope: scope.systemScope,
  trust_id: scope.trustId,
  unscoped: scope.unscoped
})

const describeScope = (scope: ScopeOptions): string => {
  const json = scopeJson(scope)
  return json === undefined ? "the default project" : JSON.stringify(json)
}

// ---------------------------------------------------------------------------------------------------------------------
// Methods
// ---------------------------------------------------------------------------------------------------------------------

/**
 * One v3 authentication method: its name, its part of the request (secrets revealed only when the request is built),
 * and who it names (no secrets) for the token store's key.
 *
 * @example
 * const method = V3.passwordMethod({ userId: "u1", password: Redacted.make("secret") })
 * method.name // "password"
 */
export interface Method {
  readonly name: string
  readonly payload: () => unknown
  readonly identity: Readonly<Record<string, string | boolean | undefined>>
  /** Its long-lived secret, which binds a cached token to it (not a one-time passcode). */
  readonly secret: Redacted.Redacted<string> | undefined
  readonly missing: Missing
  /** What it is, for error messages, e.g. `user "demo" in domain "default"`. */
  readonly description: string
}

const describeUser = (user: UserOptions): string =>
  given(user.userId)
    ? `user ${user.userId}`
    : `user "${user.username}" in domain ${JSON.stringify(user.userDomainId ?? user.userDomainName)}`

/**
 * The password method.
 *
 * @example
 * V3.passwordMethod({ username: "demo", userDomainId: "default", password: Redacted.make("secret") })
 */
export const passwordMethod = (
  options: UserOptions & { readonly password?: Redacted.Redacted<string> | undefined }
): Method => ({
  name: "password",
  payload: () => ({
    user: { ...userJson(options), password: options.password === undefined ? "" : Redacted.value(options.password) }
  }),
  identity: userIdentity(options),
  secret: options.password,
  missing: [...missingUser(options), ...(options.password === undefined ? ["password"] : [])],
  description: `password of ${describeUser(options)}`
})

/**
 * The token method: an existing token for a new one (e.g. to rescope).
 *
 * @example
 * V3.tokenMethod(access.authToken)
 */
export const tokenMethod = (token: Redacted.Redacted<string> | undefined): Method => ({
  name: "token",
  payload: () => ({ id: token === undefined ? "" : Redacted.value(token) }),
  identity: {},
  secret: token,
  missing: token === undefined ? ["token"] : [],
  description: "a token"
})

/**
 * The TOTP method: a one-time passcode from the user's TOTP credential.
 *
 * @example
 * V3.totpMethod({ userId: "u1", passcode: Redacted.make("123456") })
 */
export const totpMethod = (
  options: UserOptions & { readonly passcode?: Redacted.Redacted<string> | undefined }
): Method => ({
  name: "totp",
  payload: () => ({
    user: { ...userJson(options), passcode: options.passcode === undefined ? "" : Redacted.value(options.passcode) }
  }),
  identity: userIdentity(options),
  secret: undefined,
  missing: [...missingUser(options), ...(options.passcode === undefined ? ["passcode"] : [])],
  description: `TOTP passcode of ${describeUser(options)}`
})

/**
 * Application credential options: its id, or its name and its owner (user id, or name + domain); and its secret.
 *
 * @example
 * const options: V3.ApplicationCredentialOptions = { applicationCredentialId: "ac1", applicationCredentialSecret }
 */
export interface ApplicationCredentialOptions extends UserOptions {
  readonly applicationCredentialId?: string | undefined
  readonly applicationCredentialName?: string | undefined
  readonly applicationCredentialSecret?: Redacted.Redacted<string> | undefined
}

/**
 * The application credential method.
 *
 * @example
 * V3.applicationCredentialMethod({ applicationCredentialId: "ac1", applicationCredentialSecret: Redacted.make("s") })
 */
export const applicationCredentialMethod = (options: ApplicationCredentialOptions): Method => {
  const byId = given(options.applicationCredentialId)
  const missing: Missing = [
    ...(byId || given(options.applicationCredentialName)
      ? []
      : ["application_credential_id or application_credential_name"]),
    ...(byId ? [] : given(options.applicationCredentialName) ? missingUser(options) : []),
    ...(options.applicationCredentialSecret === undefined ? ["application_credential_secret"] : [])
  ]
  return {
    name: "application_credential",
    payload: () => ({
      ...(byId
        ? { id: options.applicationCredentialId }
        : { name: options.applicationCredentialName, user: userJson(options) }),
      secret: options.applicationCredentialSecret === undefined ? "" : Redacted.value(options.applicationCredentialSecret)
    }),
    identity: {
      application_credential_id: options.applicationCredentialId,
      application_credential_name: options.applicationCredentialName,
      ...(byId ? {} : userIdentity(options))
    },
    secret: options.applicationCredentialSecret,
    missing,
    description: `application credential ${options.applicationCredentialId ?? `"${options.applicationCredentialName}"`}`
  }
}

// ---------------------------------------------------------------------------------------------------------------------
// The request
// ---------------------------------------------------------------------------------------------------------------------

/**
 * The v3 URL for an auth URL: as given when it names a v3 endpoint (`…/v3`, `…/v3.14`), else with `/v3` appended.
 *
 * @example
 * V3.v3Url("https://keystone:5000") // "https://keystone:5000/v3"
 */
export const v3Url = (authUrl: string): string => {
  const trimmed = authUrl.replace(/\/+$/, "")
  return /\/v3(\.\d+)?$/.test(trimmed) ? trimmed : `${trimmed}/v3`
}

/** The body of a 401 with an auth receipt. */
const ReceiptBody = Schema.Struct({
  receipt: Schema.Struct({ methods: Schema.Array(Schema.String), expires_at: Schema.optionalKey(Schema.String) }),
  required_auth_methods: Schema.Array(Schema.Array(Schema.String))
})

/** A 401 that carries an auth receipt: the methods so far are right, more are needed. */
const missingMethods = (response: HttpClientResponse.HttpClientResponse, receipt: string) =>
  Effect.gen(function* () {
    const json = yield* Effect.orElseSucceed(response.json, () => undefined)
    const body = Schema.decodeUnknownOption(ReceiptBody)(json)
    const requestId = requestIdOf(response.headers)
    const url = redactUrl(response.request.url)
    const required = body._tag === "Some" ? body.value.required_auth_methods : []
    const expiresAt = body._tag === "Some" ? body.value.receipt.expires_at : undefined
    return new MissingAuthMethods({
      status: 401,
      method: "POST",
      url,
      message: `POST ${url} returned HTTP 401: more authentication methods are required: one of `
        + `${required.map((rule) => rule.join(" + ")).join(" | ") || "(the server did not say)"}; continue with the receipt`
        + (requestId === undefined ? "" : ` (request id ${requestId})`),
      ...(requestId === undefined ? {} : { requestId }),
      receipt: Redacted.make(receipt, { label: "auth receipt" }),
      methods: body._tag === "Some" ? body.value.receipt.methods : [],
      requiredAuthMethods: required,
      ...(expiresAt === undefined ? {} : { expiresAt })
    })
  })

/**
 * `POST /v3/auth/tokens` for these methods and scope (and receipt), decoded. HTTP failures carry what was attempted
 * before the server's message, e.g. `password of user "demo" in domain "default", scoped to the default project: …`.
 *
 * @example
 * const access = yield* V3.authenticate("https://keystone:5000/v3", [V3.tokenMethod(token)], { projectId: "p1" })
 */
export const authenticate = (
  authUrl: string,
  methods: ReadonlyArray<Method>,
  scope: ScopeOptions,
  receipt?: Redacted.Redacted<string>
): Effect.Effect<AccessInfo.AccessInfo, AuthPlugin.AuthenticationError, HttpClient.HttpClient> =>
  Effect.gen(function* () {
    // The v3 plugins check this when made; the generic ones only know the API is v3 once they have discovered it.
    const missing = [...new Set(methods.flatMap((m) => m.missing)), ...missingScope(scope)]
    if (missing.length > 0) {
      return yield* new AuthPluginOptionsMissing({
        message: `identity v3 at ${v3Url(authUrl)} needs ${missing.join(", ")} `
          + "(the generic plugins also take default_domain_id or default_domain_name)",
        options: missing
      })
    }
    const client = yield* HttpClient.HttpClient
    const scopeBody = scopeJson(scope)
    const body = {
      auth: {
        identity: {
          methods: methods.map((m) => m.name),
          ...Object.fromEntries(methods.map((m) => [m.name, m.payload()]))
        },
        ...(scopeBody === undefined ? {} : { scope: scopeBody })
      }
    }
    const request = HttpClientRequest.post(`${v3Url(authUrl)}/auth/tokens`).pipe(
      HttpClientRequest.acceptJson,
      HttpClientRequest.bodyJsonUnsafe(body),
      receipt === undefined ? (r) => r : HttpClientRequest.setHeader("openstack-auth-receipt", Redacted.value(receipt))
    )
    const response = yield* client.execute(request)
    const receiptHeader = response.headers["openstack-auth-receipt"]
    if (response.status === 401 && receiptHeader !== undefined) {
      return yield* Effect.flatMap(missingMethods(response, receiptHeader), Effect.fail)
    }
    return yield* Effect.flatMap(checkStatus(response), AccessInfo.fromV3Response)
  }).pipe(
    Effect.catchTag("HttpClientError", fromHttpClientError),
    Effect.mapError((error) =>
      isHttpError(error) && error._tag !== "MissingAuthMethods"
        ? withContext(error, `${methods.map((m) => m.description).join(" + ")}, scoped to ${describeScope(scope)}: `)
        : error
    )
  )

// ---------------------------------------------------------------------------------------------------------------------
// Plugins
// ---------------------------------------------------------------------------------------------------------------------

/**
 * Options of a plugin of several methods at once.
 *
 * @example
 * const options: V3.MultiFactorOptions = { authUrl, methods: [V3.passwordMethod(user), V3.totpMethod(user)] }
 */
export interface MultiFactorOptions extends CommonOptions, ScopeOptions {
  readonly methods: ReadonlyArray<Method>
  /** The receipt of a `MissingAuthMethods` failure, to continue that authentication. */
  readonly receipt?: Redacted.Redacted<string> | undefined
}

const optionsMissing = (plugin: string, missing: Missing) =>
  new AuthPluginOptionsMissing({
    message: `the ${plugin} auth plugin needs ${missing.join(", ")}`,
    options: missing
  })

/**
 * A plugin authenticating with the given methods in one request (keystoneauth1's `v3multifactor`, and the base of
 * every v3 plugin). Fails with `AuthPluginOptionsMissing` naming what is missing.
 *
 * @example
 * const plugin = yield* V3.multiFactor({ authUrl, methods: [V3.totpMethod({ userId, passcode })], receipt })
 */
export const multiFactor = (
  options: MultiFactorOptions,
  name = "v3multifactor"
): Effect.Effect<AuthPlugin.AuthPlugin, AuthPluginOptionsMissing> => {
  const missing = [
    ...(given(options.authUrl) ? [] : ["auth_url"]),
    ...(options.methods.length === 0 ? ["auth_methods"] : []),
    ...new Set(options.methods.flatMap((m) => m.missing)),
    ...missingScope(options)
  ]
  if (missing.length > 0) return Effect.fail(optionsMissing(name, missing))
  return AuthPlugin.make({
    name,
    authUrl: v3Url(options.authUrl),
    authenticate: authenticate(options.authUrl, options.methods, options, options.receipt),
    identity: {
      methods: options.methods.map((m) => m.name).join(","),
      ...Object.assign({}, ...options.methods.map((m) => m.identity)),
      ...scopeIdentity(options)
    },
    secrets: options.methods.flatMap((m) => (m.secret === undefined ? [] : [m.secret])),
    staleDuration: options.staleDuration,
    tokenRef: options.tokenRef
  })
}

/**
 * Options of the v3 password plugin.
 *
 * @example
 * const options: V3.PasswordOptions = { authUrl, userId: "u1", password: Redacted.make("secret"), projectId: "p1" }
 */
export interface PasswordOptions extends CommonOptions, UserOptions, ScopeOptions {
  readonly password?: Redacted.Redacted<string> | undefined
}

/**
 * Password authentication (`v3password`): by user id, or name + user domain.
 *
 * @example
 * const plugin = yield* V3.password({ authUrl, username: "demo", userDomainId: "default", password })
 */
export const password = (options: PasswordOptions) =>
  multiFactor({ ...options, methods: [passwordMethod(options)] }, "v3password")

/**
 * Options of the v3 token plugin.
 *
 * @example
 * const options: V3.TokenOptions = { authUrl, token: access.authToken, projectId: "other-project" }
 */
export interface TokenOptions extends CommonOptions, ScopeOptions {
  readonly token?: Redacted.Redacted<string> | undefined
}

/**
 * Token authentication (`v3token`): a new token from an existing one, e.g. to rescope it.
 *
 * @example
 * const rescoped = yield* V3.token({ authUrl, token: unscoped.authToken, projectId: "p1" })
 */
export const token = (options: TokenOptions) =>
  multiFactor({ ...options, methods: [tokenMethod(options.token)] }, "v3token")

/**
 * Application credential authentication (`v3applicationcredential`). The credential fixes the scope.
 *
 * @example
 * const plugin = yield* V3.applicationCredential({
 *   authUrl,
 *   applicationCredentialId: "ac1",
 *   applicationCredentialSecret: Redacted.make("s3cret")
 * })
 */
export const applicationCredential = (options: CommonOptions & ApplicationCredentialOptions) =>
  multiFactor(
    {
      authUrl: options.authUrl,
      staleDuration: options.staleDuration,
      tokenRef: options.tokenRef,
      methods: [applicationCredentialMethod(options)]
    },
    "v3applicationcredential"
  )

/**
 * Options of the v3 TOTP plugin.
 *
 * @example
 * const options: V3.TotpOptions = { authUrl, userId: "u1", passcode: Redacted.make("123456") }
 */
export interface TotpOptions extends CommonOptions, UserOptions, ScopeOptions {
  readonly passcode?: Redacted.Redacted<string> | undefined
}

/**
 * TOTP authentication (`v3totp`). A passcode is good for one authentication, so give a `tokenRef`-less plugin a fresh
 * passcode each time it must authenticate again.
 *
 * @example
 * const plugin = yield* V3.totp({ authUrl, userId: "u1", passcode: Redacted.make("123456") })
 */
export const totp = (options: TotpOptions) =>
  multiFactor({ ...options, methods: [totpMethod(options)] }, "v3totp")
