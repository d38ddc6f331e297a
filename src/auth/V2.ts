/**
 * Identity v2.0 authentication (legacy: Keystone removed v2.0 in Queens; kept for old clouds and stored tokens) —
 * keystoneauth1's `identity.v2`: `POST {authUrl}/tokens` with password credentials or a token, scoped to a tenant.
 *
 * @example
 * import { Redacted } from "effect"
 * import { Auth } from "effect-openstack"
 *
 * const plugin = Auth.v2Password({ authUrl: "https://old-keystone:5000/v2.0", username: "demo", password, tenantName: "demo" })
 *
 * @module
 */
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as HttpClient from "effect/http/HttpClient"
import * as HttpClientRequest from "effect/http/HttpClientRequest"
import * as AccessInfo from "../AccessInfo.ts"
import { AuthPluginOptionsMissing, checkStatus, fromHttpClientError, isHttpError, withContext } from "../Errors.ts"
import * as AuthPlugin from "./AuthPlugin.ts"

/**
 * Options every v2.0 plugin takes: the auth URL, the tenant (project) to scope to, token caching.
 *
 * @example
 * const common: V2.CommonOptions = { authUrl: "https://keystone:5000/v2.0", tenantId: "t1" }
 */
export interface CommonOptions {
  /** `https://keystone:5000/v2.0` (an unversioned URL gets `/v2.0` appended). */
  readonly authUrl: string
  readonly tenantId?: string | undefined
  readonly tenantName?: string | undefined
  readonly staleDuration?: Duration.Input | undefined
  readonly tokenRef?: AccessInfo.AccessInfo | undefined
}

/**
 * The v2.0 URL for an auth URL.
 *
 * @example
 * V2.v2Url("https://keystone:5000/") // "https://keystone:5000/v2.0"
 */
export const v2Url = (authUrl: string): string => {
  const trimmed = authUrl.replace(/\/+$/, "")
  return /\/v2\.0$/.test(trimmed) ? trimmed : `${trimmed}/v2.0`
}

const given = (value: string | undefined): value is string => value !== undefined && value !== ""

const tenantJson = (options: CommonOptions) =>
  given(options.tenantId)
    ? { tenantId: options.tenantId }
    : given(options.tenantName)
      ? { tenantName: options.tenantName }
      : {}

/**
 * What a v2.0 plugin authenticates with: the `auth` body's credentials (built only when sent), and what it is.
 *
 * @example
 * const credentials = V2.passwordCredentials({ authUrl, username: "demo", password })
 */
export interface Credentials {
  readonly body: () => object
  readonly description: string
  readonly missing: ReadonlyArray<string>
  readonly identity: Readonly<Record<string, string | undefined>>
  /** The long-lived secret, which binds a cached token to these credentials. */
  readonly secret: Redacted.Redacted<string> | undefined
}

/**
 * `POST /v2.0/tokens`, decoded; HTTP failures say what was attempted.
 *
 * @example
 * const access = yield* V2.authenticate(options, V2.tokenCredentials(token))
 */
export const authenticate = (
  options: CommonOptions,
  credentials: Credentials
): Effect.Effect<AccessInfo.AccessInfo, AuthPlugin.AuthenticationError, HttpClient.HttpClient> =>
  Effect.gen(function* () {
    const client = yield* HttpClient.HttpClient
    const request = HttpClientRequest.post(`${v2Url(options.authUrl)}/tokens`).pipe(
      HttpClientRequest.acceptJson,
      HttpClientRequest.bodyJsonUnsafe({ auth: { ...credentials.body(), ...tenantJson(options) } })
    )
    const response = yield* Effect.flatMap(client.execute(request), checkStatus)
    return yield* AccessInfo.fromV2(yield* response.json)
  }).pipe(
    Effect.catchTag("HttpClientError", fromHttpClientError),
    Effect.mapError((error) => (isHttpError(error) ? withContext(error, `${credentials.description}: `) : error))
  )

const plugin = (
  name: string,
  options: CommonOptions,
  credentials: Credentials
): Effect.Effect<AuthPlugin.AuthPlugin, AuthPluginOptionsMissing> => {
  const missing = [...(given(options.authUrl) ? [] : ["auth_url"]), ...credentials.missing]
  if (missing.length > 0) {
    const message = `the ${name} auth plugin needs ${missing.join(", ")}`
    return Effect.fail(new AuthPluginOptionsMissing({ message, options: missing }))
  }
  return AuthPlugin.make({
    name,
    authUrl: v2Url(options.authUrl),
    authenticate: authenticate(options, credentials),
    identity: { ...credentials.identity, tenant_id: options.tenantId, tenant_name: options.tenantName },
    secrets: credentials.secret === undefined ? [] : [credentials.secret],
    staleDuration: options.staleDuration,
    tokenRef: options.tokenRef
  })
}

/**
 * Options of the v2.0 password plugin.
 *
 * @example
 * const options: V2.PasswordOptions = { authUrl, username: "demo", password, tenantName: "demo" }
 */
export interface PasswordOptions extends CommonOptions {
  readonly username?: string | undefined
  readonly userId?: string | undefined
  readonly password?: Redacted.Redacted<string> | undefined
}

/**
 * v2.0 password authentication (`v2password`).
 *
 * @example
 * const plugin = yield* V2.password({ authUrl, username: "demo", password, tenantName: "demo" })
 */
export const password = (options: PasswordOptions) => plugin("v2password", options, passwordCredentials(options))

/**
 * The credentials of a v2.0 password authentication.
 *
 * @example
 * V2.passwordCredentials({ username: "demo", password: Redacted.make("secret") }).missing // []
 */
export const passwordCredentials = (
  options: Pick<PasswordOptions, "username" | "userId" | "password">
): Credentials => ({
  body: () => ({
    passwordCredentials: {
      ...(given(options.userId) ? { userId: options.userId } : { username: options.username }),
      password: options.password === undefined ? "" : Redacted.value(options.password)
    }
  }),
  description: `v2.0 password of user ${JSON.stringify(options.username ?? options.userId)}`,
  missing: [
    ...(given(options.username) || given(options.userId) ? [] : ["username or user_id"]),
    ...(options.password === undefined ? ["password"] : [])
  ],
  identity: { username: options.username, user_id: options.userId },
  secret: options.password
})

/**
 * Options of the v2.0 token plugin.
 *
 * @example
 * const options: V2.TokenOptions = { authUrl, token: Redacted.make("…"), tenantId: "t1" }
 */
export interface TokenOptions extends CommonOptions {
  readonly token?: Redacted.Redacted<string> | undefined
}

/**
 * v2.0 token authentication (`v2token`).
 *
 * @example
 * const plugin = yield* V2.token({ authUrl, token, tenantId: "t1" })
 */
export const token = (options: TokenOptions) => plugin("v2token", options, tokenCredentials(options.token))

/**
 * The credentials of a v2.0 token authentication.
 *
 * @example
 * V2.tokenCredentials(Redacted.make("t")).description // "a v2.0 token"
 */
export const tokenCredentials = (token: Redacted.Redacted<string> | undefined): Credentials => ({
  body: () => ({ token: { id: token === undefined ? "" : Redacted.value(token) } }),
  description: "a v2.0 token",
  missing: token === undefined ? ["token"] : [],
  identity: {},
  secret: token
})
