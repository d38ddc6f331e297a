/**
 * What the identity v2.0 plugins (src/auth/V2*.ts) share — keystoneauth1's `identity.v2.Auth`: the options, the URL,
 * the shape of the credentials, the request (`POST {authUrl}/tokens` scoped to a tenant), and the plugin built from
 * credentials.
 *
 * @internal
 */
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import type * as Redacted from "effect/Redacted"
import * as HttpClient from "effect/http/HttpClient"
import * as HttpClientRequest from "effect/http/HttpClientRequest"
import * as AccessInfo from "../../AccessInfo.ts"
import * as AuthPlugin from "../../auth/AuthPlugin.ts"
import { AuthPluginOptionsMissing, checkStatus, fromHttpClientError, isHttpError, withContext } from "../../Errors.ts"

/**
 * Options every v2.0 plugin takes: the auth URL, the tenant (project) to scope to, token caching.
 *
 * @example
 * const common: CommonOptions = { authUrl: "https://keystone:5000/v2.0", tenantId: "t1" }
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
 * v2Url("https://keystone:5000/") // "https://keystone:5000/v2.0"
 */
export const v2Url = (authUrl: string): string => {
  const trimmed = authUrl.replace(/\/+$/, "")
  return /\/v2\.0$/.test(trimmed) ? trimmed : `${trimmed}/v2.0`
}

/**
 * Whether an option is given: set and not empty.
 *
 * @example
 * given("") // false
 */
export const given = (value: string | undefined): value is string => value !== undefined && value !== ""

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
 * const credentials = V2Password.passwordCredentials({ username: "demo", password })
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
 * const access = yield* authenticate(options, V2Token.tokenCredentials(token))
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

/**
 * The plugin `name` authenticating with these credentials. Fails with `AuthPluginOptionsMissing` naming what is
 * missing.
 *
 * @example
 * const plugin = yield* plugin("v2token", { authUrl, tenantId: "t1" }, V2Token.tokenCredentials(token))
 */
export const plugin = (
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
