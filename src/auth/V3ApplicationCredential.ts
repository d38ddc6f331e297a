/**
 * Identity v3 application credential authentication (`v3applicationcredential`): a credential by id, or by name and
 * owner, with its secret; the credential fixes the scope — keystoneauth1's `identity.v3.application_credential`.
 *
 * @example
 * import { Redacted } from "effect"
 * import { Auth } from "effect-openstack"
 *
 * const plugin = Auth.v3ApplicationCredential({
 *   authUrl: "https://keystone:5000/v3",
 *   applicationCredentialId: "ac1",
 *   applicationCredentialSecret: Redacted.make("s3cret")
 * }) // Effect<AuthPlugin, AuthPluginOptionsMissing>
 *
 * @module
 */
import * as Redacted from "effect/Redacted"
import {
  type CommonOptions,
  given,
  type Method,
  type Missing,
  missingUser,
  plugin,
  userIdentity,
  userJson,
  type UserOptions
} from "../internal/auth/v3.ts"

/**
 * Application credential options: its id, or its name and its owner (user id, or name + domain); and its secret.
 *
 * @example
 * const options: V3ApplicationCredential.ApplicationCredentialOptions = {
 *   applicationCredentialId: "ac1",
 *   applicationCredentialSecret
 * }
 */
export interface ApplicationCredentialOptions extends UserOptions {
  readonly applicationCredentialId?: string | undefined
  readonly applicationCredentialName?: string | undefined
  readonly applicationCredentialSecret?: Redacted.Redacted<string> | undefined
}

/**
 * The application credential method.
 *
 * @example
 * V3ApplicationCredential.applicationCredentialMethod({
 *   applicationCredentialId: "ac1",
 *   applicationCredentialSecret: Redacted.make("s")
 * })
 */
export const applicationCredentialMethod = (options: ApplicationCredentialOptions): Method => {
  const byId = given(options.applicationCredentialId)
  const missing: Missing = [
    ...(byId || given(options.applicationCredentialName)
      ? []
      : ["application_credential_id or application_credential_name"]),
    ...(byId ? [] : given(options.applicationCredentialName) ? missingUser(options) : []),
    ...(options.applicationCredentialSecret === undefined ? ["application_credential_secret"] : [])
  ]
  return {
    name: "application_credential",
    payload: () => ({
      ...(byId
        ? { id: options.applicationCredentialId }
        : { name: options.applicationCredentialName, user: userJson(options) }),
      secret: options.applicationCredentialSecret === undefined ? "" : Redacted.value(options.applicationCredentialSecret)
    }),
    identity: {
      application_credential_id: options.applicationCredentialId,
      application_credential_name: options.applicationCredentialName,
      ...(byId ? {} : userIdentity(options))
    },
    secret: options.applicationCredentialSecret,
    missing,
    description: `application credential ${options.applicationCredentialId ?? `"${options.applicationCredentialName}"`}`
  }
}

/**
 * Application credential authentication (`v3applicationcredential`). The credential fixes the scope.
 *
 * @example
 * const plugin = yield* V3ApplicationCredential.applicationCredential({
 *   authUrl,
 *   applicationCredentialId: "ac1",
 *   applicationCredentialSecret: Redacted.make("s3cret")
 * })
 */
export const applicationCredential = (options: CommonOptions & ApplicationCredentialOptions) =>
  plugin(
    "v3applicationcredential",
    { authUrl: options.authUrl, staleDuration: options.staleDuration, tokenRef: options.tokenRef },
    [applicationCredentialMethod(options)]
  )
