/**
 * Identity v3 multi-factor authentication (`v3multifactor`): several methods in one request, and continuing with an
 * auth receipt — keystoneauth1's `identity.v3.multi_factor`.
 *
 * A user with multi-factor rules who sends too few methods gets a 401 with an auth receipt: that fails with
 * `MissingAuthMethods` carrying the receipt and the rules, and authentication continues with
 * {@link multiFactor}`({ receipt, methods: [the missing ones] })`.
 *
 * @example
 * import { Effect, Redacted } from "effect"
 * import { Auth } from "effect-openstack"
 *
 * const user = { username: "demo", userDomainName: "Default" }
 * const plugin = Auth.v3MultiFactor({
 *   authUrl: "https://keystone:5000/v3",
 *   methods: [
 *     Auth.passwordMethod({ ...user, password: Redacted.make("secret") }),
 *     Auth.totpMethod({ ...user, passcode: Redacted.make("123456") })
 *   ]
 * }) // Effect<AuthPlugin, AuthPluginOptionsMissing>
 *
 * @module
 */
import type * as Effect from "effect/Effect"
import type * as Redacted from "effect/Redacted"
import type { AuthPluginOptionsMissing } from "../Errors.ts"
import { type CommonOptions, type Method, plugin, type ScopeOptions } from "../internal/auth/v3.ts"
import type * as AuthPlugin from "./AuthPlugin.ts"

/**
 * Options of a plugin of several methods at once.
 *
 * @example
 * const options: V3MultiFactor.MultiFactorOptions = {
 *   authUrl,
 *   methods: [V3Password.passwordMethod(user), V3Totp.totpMethod(user)]
 * }
 */
export interface MultiFactorOptions extends CommonOptions, ScopeOptions {
  readonly methods: ReadonlyArray<Method>
  /** The receipt of a `MissingAuthMethods` failure, to continue that authentication. */
  readonly receipt?: Redacted.Redacted<string> | undefined
}

/**
 * A plugin authenticating with the given methods in one request (keystoneauth1's `v3multifactor`, and the base of
 * every v3 plugin). Fails with `AuthPluginOptionsMissing` naming what is missing.
 *
 * @example
 * const methods = [V3Totp.totpMethod({ userId, passcode })]
 * const plugin = yield* V3MultiFactor.multiFactor({ authUrl, methods, receipt })
 */
export const multiFactor = (
  options: MultiFactorOptions,
  name = "v3multifactor"
): Effect.Effect<AuthPlugin.AuthPlugin, AuthPluginOptionsMissing> =>
  plugin(name, options, options.methods, options.receipt)
