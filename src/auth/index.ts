/**
 * The auth plugins, as constructors — keystoneauth1's plugin family. Each returns
 * `Effect<AuthPlugin, AuthPluginOptionsMissing>`; secrets are `Redacted`.
 *
 * - generic (discover v3, else v2.0): {@link password}, {@link token}
 * - identity v3: {@link v3Password}, {@link v3Token}, {@link v3ApplicationCredential}, {@link v3Totp},
 *   {@link v3MultiFactor} (several methods at once, and continuing with an auth receipt)
 * - identity v2.0 (legacy): {@link v2Password}, {@link v2Token}
 * - no Keystone: {@link tokenEndpoint}, {@link noAuth}, {@link httpBasic}
 * - by name, from clouds.yaml-style options: {@link fromOptions}
 *
 * @example
 * import { Effect, Redacted } from "effect"
 * import { Auth, Transport } from "effect-openstack"
 *
 * const projectId = Effect.gen(function* () {
 *   const plugin = yield* Auth.v3Password({
 *     authUrl: "https://keystone:5000/v3",
 *     userId: "4ec1…",
 *     password: Redacted.make("secret"),
 *     projectId: "484e…"
 *   })
 *   return yield* plugin.getProjectId
 * }).pipe(Effect.provide(Transport.node()))
 *
 * @module
 */
export type { AuthPlugin } from "./AuthPlugin.ts"
export { httpBasic, noAuth, tokenEndpoint } from "./Fixed.ts"
export { password, token } from "./Generic.ts"
export { load as fromOptions, pluginNames } from "./Registry.ts"
export { password as v2Password } from "./V2Password.ts"
export { token as v2Token } from "./V2Token.ts"
export { applicationCredential as v3ApplicationCredential, applicationCredentialMethod } from "./V3ApplicationCredential.ts"
export { multiFactor as v3MultiFactor } from "./V3MultiFactor.ts"
export { password as v3Password, passwordMethod } from "./V3Password.ts"
export { token as v3Token, tokenMethod } from "./V3Token.ts"
export { totp as v3Totp, totpMethod } from "./V3Totp.ts"
