/**
 * Identity v2.0 password authentication (`v2password`; legacy: Keystone removed v2.0 in Queens; kept for old clouds
 * and stored tokens) — keystoneauth1's `identity.v2.Password`: `POST {authUrl}/tokens` with password credentials,
 * scoped to a tenant.
 *
 * @example
 * import { Redacted } from "effect"
 * import { Auth } from "effect-openstack"
 *
 * const plugin = Auth.v2Password({ authUrl: "https://old-keystone:5000/v2.0", username: "demo", password, tenantName: "demo" })
 *
 * @module
 */
import * as Redacted from "effect/Redacted"
import { type CommonOptions, type Credentials, given, plugin } from "../internal/auth/v2.ts"

/**
 * Options of the v2.0 password plugin.
 *
 * @example
 * const options: V2Password.PasswordOptions = { authUrl, username: "demo", password, tenantName: "demo" }
 */
export interface PasswordOptions extends CommonOptions {
  readonly username?: string | undefined
  readonly userId?: string | undefined
  readonly password?: Redacted.Redacted<string> | undefined
}

/**
 * The credentials of a v2.0 password authentication.
 *
 * @example
 * V2Password.passwordCredentials({ username: "demo", password: Redacted.make("secret") }).missing // []
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
 * v2.0 password authentication (`v2password`).
 *
 * @example
 * const plugin = yield* V2Password.password({ authUrl, username: "demo", password, tenantName: "demo" })
 */
export const password = (options: PasswordOptions) => plugin("v2password", options, passwordCredentials(options))
