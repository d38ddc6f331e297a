/**
 * Identity v3 TOTP authentication (`v3totp`): a one-time passcode from the user's TOTP credential —
 * keystoneauth1's `identity.v3.totp`.
 *
 * @example
 * import { Redacted } from "effect"
 * import { Auth } from "effect-openstack"
 *
 * const plugin = Auth.v3Totp({ authUrl: "https://keystone:5000/v3", userId: "u1", passcode: Redacted.make("123456") })
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
 * The TOTP method: a one-time passcode from the user's TOTP credential.
 *
 * @example
 * V3Totp.totpMethod({ userId: "u1", passcode: Redacted.make("123456") })
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
 * Options of the v3 TOTP plugin.
 *
 * @example
 * const options: V3Totp.TotpOptions = { authUrl, userId: "u1", passcode: Redacted.make("123456") }
 */
export interface TotpOptions extends CommonOptions, UserOptions, ScopeOptions {
  readonly passcode?: Redacted.Redacted<string> | undefined
}

/**
 * TOTP authentication (`v3totp`). A passcode is good for one authentication, so give a `tokenRef`-less plugin a fresh
 * passcode each time it must authenticate again.
 *
 * @example
 * const plugin = yield* V3Totp.totp({ authUrl, userId: "u1", passcode: Redacted.make("123456") })
 */
export const totp = (options: TotpOptions) => plugin("v3totp", options, [totpMethod(options)])
