/**
 * Identity v3 password authentication (`v3password`): by user id, or name + user domain — keystoneauth1's
 * `identity.v3.password`.
 *
 * @example
 * import { Redacted } from "effect"
 * import { Auth } from "effect-openstack"
 *
 * const plugin = Auth.v3Password({
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
import * as Redacted from "effect/Redacted"
import {
  type CommonOptions,
  describeUser,
  type Method,
  missingUser,
  plugin,
  type ScopeOptions,
  userIdentity,
  userJson,
  type UserOptions
} from "../internal/auth/v3.ts"

/**
 * The password method.
 *
 * @example
 * V3Password.passwordMethod({ username: "demo", userDomainId: "default", password: Redacted.make("secret") })
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
 * Options of the v3 password plugin.
 *
 * @example
 * const password = Redacted.make("secret")
 * const options: V3Password.PasswordOptions = { authUrl, userId: "u1", password, projectId: "p1" }
 */
export interface PasswordOptions extends CommonOptions, UserOptions, ScopeOptions {
  readonly password?: Redacted.Redacted<string> | undefined
}

/**
 * Password authentication (`v3password`): by user id, or name + user domain.
 *
 * @example
 * const plugin = yield* V3Password.password({ authUrl, username: "demo", userDomainId: "default", password })
 */
export const password = (options: PasswordOptions) => plugin("v3password", options, [passwordMethod(options)])
