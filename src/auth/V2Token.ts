/**
 * Identity v2.0 token authentication (`v2token`; legacy: Keystone removed v2.0 in Queens; kept for old clouds and
 * stored tokens) — keystoneauth1's `identity.v2.Token`: `POST {authUrl}/tokens` with a token, scoped to a tenant.
 *
 * @example
 * import { Auth } from "effect-openstack"
 *
 * const plugin = Auth.v2Token({ authUrl: "https://old-keystone:5000/v2.0", token, tenantId: "t1" })
 *
 * @module
 */
import * as Redacted from "effect/Redacted"
import { type CommonOptions, type Credentials, plugin } from "../internal/auth/v2.ts"

/**
 * The credentials of a v2.0 token authentication.
 *
 * @example
 * V2Token.tokenCredentials(Redacted.make("t")).description // "a v2.0 token"
 */
export const tokenCredentials = (token: Redacted.Redacted<string> | undefined): Credentials => ({
  body: () => ({ token: { id: token === undefined ? "" : Redacted.value(token) } }),
  description: "a v2.0 token",
  missing: token === undefined ? ["token"] : [],
  identity: {},
  secret: token
})

/**
 * Options of the v2.0 token plugin.
 *
 * @example
 * const options: V2Token.TokenOptions = { authUrl, token: Redacted.make("…"), tenantId: "t1" }
 */
export interface TokenOptions extends CommonOptions {
  readonly token?: Redacted.Redacted<string> | undefined
}

/**
 * v2.0 token authentication (`v2token`).
 *
 * @example
 * const plugin = yield* V2Token.token({ authUrl, token, tenantId: "t1" })
 */
export const token = (options: TokenOptions) => plugin("v2token", options, tokenCredentials(options.token))
