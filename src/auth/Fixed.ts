/**
 * Plugins that never talk to Keystone, for services used with a fixed endpoint: `token_endpoint` / `admin_token`
 * (a token and an endpoint given up front — seed 004's `token_id` + `mgmt_url` bootstrapping), `none` / `noauth`
 * (nothing sent), and `http_basic` (an `Authorization: Basic` header). keystoneauth1's `FixedEndpointPlugin` family:
 * every endpoint filter resolves to the one endpoint.
 *
 * @example
 * import { Redacted } from "effect"
 * import { Auth } from "effect-openstack"
 *
 * const plugin = Auth.tokenEndpoint({ token: Redacted.make("admin-token"), endpoint: "http://keystone:5000/v3" })
 *
 * @module
 */
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as Base64 from "effect/encoding/Base64"
import { AuthPluginOptionsMissing, EndpointNotFound } from "../Errors.ts"
import { describeFilter, type EndpointFilter } from "../ServiceCatalog.ts"
import * as AuthPlugin from "./AuthPlugin.ts"

const given = (value: string | undefined): value is string => value !== undefined && value !== ""

/** The plugin's endpoint for any filter, or `EndpointNotFound` when it was given none. */
const fixedEndpoint = (name: string, endpoint: string | undefined) => (filter: EndpointFilter) =>
  given(endpoint)
    ? Effect.succeed(endpoint)
    : Effect.fail(
        new EndpointNotFound({
          message: `the ${name} auth plugin has no endpoint: give it one (option "endpoint"), or an endpoint override`,
          filter: describeFilter(filter)
        })
      )

const fixed = (
  name: string,
  endpoint: string | undefined,
  given: AuthPlugin.AuthHeaders,
  token: Redacted.Redacted<string> | undefined
): AuthPlugin.AuthPlugin => {
  // Always at hand, and never changed: the getHeaders shortcut answers them.
  const headers = Object.freeze({ ...given })
  return {
    name,
    getAccess: AuthPlugin.noAccess(name),
    getToken: Effect.succeed(token),
    getHeaders: AuthPlugin.withHeldHeaders(Effect.succeed(headers), () => headers),
    getEndpoint: fixedEndpoint(name, endpoint),
    getUserId: Effect.succeed(undefined),
    getProjectId: Effect.succeed(undefined),
    invalidate: () => Effect.succeed(false)
  }
}

/**
 * Options of the token + endpoint plugin.
 *
 * @example
 * const options: Fixed.TokenEndpointOptions = { token: Redacted.make("t"), endpoint: "http://nova:8774/v2.1" }
 */
export interface TokenEndpointOptions {
  readonly token?: Redacted.Redacted<string> | undefined
  readonly endpoint?: string | undefined
}

/**
 * A given token sent to a given endpoint, with no authentication call at all (`token_endpoint`, `admin_token`).
 *
 * @example
 * const plugin = yield* Fixed.tokenEndpoint({ token: Redacted.make("t"), endpoint: "http://keystone:5000/v3" })
 */
export const tokenEndpoint = (
  options: TokenEndpointOptions,
  name = "token_endpoint"
): Effect.Effect<AuthPlugin.AuthPlugin, AuthPluginOptionsMissing> => {
  const missing = [...(options.token === undefined ? ["token"] : []), ...(given(options.endpoint) ? [] : ["endpoint"])]
  if (missing.length > 0 || options.token === undefined) {
    return Effect.fail(new AuthPluginOptionsMissing({ message: `the ${name} auth plugin needs ${missing.join(", ")}`, options: missing }))
  }
  return Effect.succeed(fixed(name, options.endpoint, { "x-auth-token": options.token }, options.token))
}

/**
 * No authentication (`none`, `noauth`): nothing is sent; requests go to `endpoint` (e.g. a standalone Ironic).
 *
 * @example
 * const plugin = Fixed.noAuth({ endpoint: "http://ironic:6385" })
 */
export const noAuth = (options: { readonly endpoint?: string | undefined } = {}, name = "noauth"): AuthPlugin.AuthPlugin =>
  fixed(name, options.endpoint, {}, undefined)

/**
 * Options of the HTTP basic plugin.
 *
 * @example
 * const options: Fixed.HttpBasicOptions = { username: "u", password: Redacted.make("p"), endpoint: "http://ironic:6385" }
 */
export interface HttpBasicOptions {
  readonly username?: string | undefined
  readonly password?: Redacted.Redacted<string> | undefined
  readonly endpoint?: string | undefined
}

/**
 * HTTP basic authentication (`http_basic`): `Authorization: Basic base64(username:password)` to `endpoint`.
 *
 * @example
 * const plugin = yield* Fixed.httpBasic({ username: "admin", password: Redacted.make("p"), endpoint })
 */
export const httpBasic = (
  options: HttpBasicOptions
): Effect.Effect<AuthPlugin.AuthPlugin, AuthPluginOptionsMissing> => {
  const missing = [...(given(options.username) ? [] : ["username"]), ...(options.password === undefined ? ["password"] : [])]
  if (missing.length > 0 || options.password === undefined) {
    return Effect.fail(new AuthPluginOptionsMissing({ message: `the http_basic auth plugin needs ${missing.join(", ")}`, options: missing }))
  }
  const credentials = Base64.encode(`${options.username}:${Redacted.value(options.password)}`)
  const header = Redacted.make(`Basic ${credentials}`, { label: "authorization" })
  return Effect.succeed(fixed("http_basic", options.endpoint, { authorization: header }, undefined))
}
