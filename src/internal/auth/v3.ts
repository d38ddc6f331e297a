/**
 * What the identity v3 plugins (src/auth/V3*.ts) share — keystoneauth1's `identity.v3.base`: users and scopes, the
 * shape of an authentication method, the request (`POST {authUrl}/auth/tokens` with
 * `{"auth": {"identity": {"methods": [...], ...}, "scope": ...}}`), its auth-receipt failure (`MissingAuthMethods`),
 * and the plugin built from methods and a scope.
 *
 * @internal
 */
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import * as HttpClient from "effect/http/HttpClient"
import * as HttpClientRequest from "effect/http/HttpClientRequest"
import type * as HttpClientResponse from "effect/http/HttpClientResponse"
import * as AccessInfo from "../../AccessInfo.ts"
import * as AuthPlugin from "../../auth/AuthPlugin.ts"
import {
  AuthPluginOptionsMissing,
  checkStatus,
  fromHttpClientError,
  isHttpError,
  MissingAuthMethods,
  requestIdOf,
  withContext
} from "../../Errors.ts"
import { redactUrl } from "../redact.ts"

// ---------------------------------------------------------------------------------------------------------------------
// Users and scopes
// ---------------------------------------------------------------------------------------------------------------------

/**
 * Who authenticates: a user id, or a user name with its domain (id or name).
 *
 * @example
 * const user: UserOptions = { username: "demo", userDomainId: "default" }
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
 * const scope: ScopeOptions = { projectName: "demo", projectDomainId: "default" }
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
 * const common: CommonOptions = { authUrl: "https://keystone:5000/v3", staleDuration: "5 minutes" }
 */
export interface CommonOptions {
  /** The identity endpoint: `https://keystone:5000/v3` (an unversioned URL gets `/v3` appended). */
  readonly authUrl: string
  /** Refresh the token this long before it expires (default 120 s). */
  readonly staleDuration?: Duration.Input | undefined
  /** Start from a stored token (seed 004's `token_ref`): no call until it nears expiry. */
  readonly tokenRef?: AccessInfo.AccessInfo | undefined
}

/**
 * Each missing requirement, named as clouds.yaml names the options.
 *
 * @example
 * const missing: Missing = ["password"]
 */
export type Missing = ReadonlyArray<string>

/**
 * Whether an option is given: set and not empty.
 *
 * @example
 * given("") // false
 */
export const given = (value: string | undefined): value is string => value !== undefined && value !== ""

/**
 * What a user lacks to be named: an id, or a name and its domain.
 *
 * @example
 * missingUser({ username: "demo" }) // ["user_domain_id or user_domain_name"]
 */
export const missingUser = (user: UserOptions): Missing => {
  if (given(user.userId)) return []
  if (!given(user.username)) return ["user_id or username"]
  return given(user.userDomainId) || given(user.userDomainName) ? [] : ["user_domain_id or user_domain_name"]
}

const missingScope = (scope: ScopeOptions): Missing =>
  given(scope.projectName) && !given(scope.projectId)
  && !given(scope.projectDomainId) && !given(scope.projectDomainName)
    ? ["project_domain_id or project_domain_name"]
    : []

/**
 * The `user` of a method's request: by id, or by name and domain.
 *
 * @example
 * userJson({ userId: "u1" }) // { id: "u1" }
 */
export const userJson = (user: UserOptions) =>
  given(user.userId)
    ? { id: user.userId }
    : {
        name: user.username,
        domain: given(user.userDomainId) ? { id: user.userDomainId } : { name: user.userDomainName }
      }

/**
 * Who a user is, for the token store's key (clouds.yaml's option names).
 *
 * @example
 * userIdentity({ userId: "u1" }).user_id // "u1"
 */
export const userIdentity = (user: UserOptions) => ({
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
 * const method = V3Password.passwordMethod({ userId: "u1", password: Redacted.make("secret") })
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

/**
 * A user, for error messages.
 *
 * @example
 * describeUser({ username: "demo", userDomainId: "default" }) // 'user "demo" in domain "default"'
 */
export const describeUser = (user: UserOptions): string =>
  given(user.userId)
    ? `user ${user.userId}`
    : `user "${user.username}" in domain ${JSON.stringify(user.userDomainId ?? user.userDomainName)}`

// ---------------------------------------------------------------------------------------------------------------------
// The request
// ---------------------------------------------------------------------------------------------------------------------

/**
 * The v3 URL for an auth URL: as given when it names a v3 endpoint (`…/v3`, `…/v3.14`), else with `/v3` appended.
 *
 * @example
 * v3Url("https://keystone:5000") // "https://keystone:5000/v3"
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
 * const access = yield* authenticate("https://keystone:5000/v3", [V3Token.tokenMethod(token)], { projectId: "p1" })
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
// The plugin
// ---------------------------------------------------------------------------------------------------------------------

const optionsMissing = (plugin: string, missing: Missing) =>
  new AuthPluginOptionsMissing({
    message: `the ${plugin} auth plugin needs ${missing.join(", ")}`,
    options: missing
  })

/**
 * The plugin `name` authenticating with the given methods in one request, scoped by `options` (and continuing with
 * `receipt`): what every v3 plugin is. Fails with `AuthPluginOptionsMissing` naming what is missing.
 *
 * @example
 * const plugin = yield* plugin("v3token", { authUrl, projectId: "p1" }, [V3Token.tokenMethod(token)])
 */
export const plugin = (
  name: string,
  options: CommonOptions & ScopeOptions,
  methods: ReadonlyArray<Method>,
  receipt?: Redacted.Redacted<string>
): Effect.Effect<AuthPlugin.AuthPlugin, AuthPluginOptionsMissing> => {
  const missing = [
    ...(given(options.authUrl) ? [] : ["auth_url"]),
    ...(methods.length === 0 ? ["auth_methods"] : []),
    ...new Set(methods.flatMap((m) => m.missing)),
    ...missingScope(options)
  ]
  if (missing.length > 0) return Effect.fail(optionsMissing(name, missing))
  return AuthPlugin.make({
    name,
    authUrl: v3Url(options.authUrl),
    authenticate: authenticate(options.authUrl, methods, options, receipt),
    identity: {
      methods: methods.map((m) => m.name).join(","),
      ...Object.assign({}, ...methods.map((m) => m.identity)),
      ...scopeIdentity(options)
    },
    secrets: methods.flatMap((m) => (m.secret === undefined ? [] : [m.secret])),
    staleDuration: options.staleDuration,
    tokenRef: options.tokenRef
  })
}
