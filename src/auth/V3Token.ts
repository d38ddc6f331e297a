/**
 * Identity v3 token authentication (`v3token`): a new token from an existing one, e.g. to rescope it —
 * keystoneauth1's `identity.v3.token`.
 *
 * @example
 * import { Auth } from "effect-openstack"
 *
 * const rescoped = Auth.v3Token({ authUrl: "https://keystone:5000/v3", token: unscoped.authToken, projectId: "p1" })
 *
 * @module
 */
import * as Redacted from "effect/Redacted"
import { type CommonOptions, type Method, plugin, type ScopeOptions } from "../internal/auth/v3.ts"

/**
 * The token method: an existing token for a new one (e.g. to rescope).
 *
 * @example
 * V3Token.tokenMethod(access.authToken)
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
 * Options of the v3 token plugin.
 *
 * @example
 * const options: V3Token.TokenOptions = { authUrl, token: access.authToken, projectId: "other-project" }
 */
export interface TokenOptions extends CommonOptions, ScopeOptions {
  readonly token?: Redacted.Redacted<string> | undefined
}

/**
 * Token authentication (`v3token`): a new token from an existing one, e.g. to rescope it.
 *
 * @example
 * const rescoped = yield* V3Token.token({ authUrl, token: unscoped.authToken, projectId: "p1" })
 */
export const token = (options: TokenOptions) => plugin("v3token", options, [tokenMethod(options.token)])
