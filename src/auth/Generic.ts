/**
 * The generic plugins (`password`, `token`): they discover which identity API versions the auth URL offers and use
 * v3 when it is there, else v2.0 — keystoneauth1's `identity.generic`, the default of clouds.yaml.
 *
 * Discovery runs at each authentication (once per token lifetime): `GET {authUrl}` (a `/v2.0` URL stands for the
 * root). If it cannot be read, the URL's own version path decides (`…/v3` → v3, `…/v2.0` → v2.0).
 *
 * @example
 * import { Redacted } from "effect"
 * import { Auth } from "effect-openstack"
 *
 * const plugin = Auth.password({ authUrl: "https://keystone:5000", username: "demo", password, defaultDomainId: "default" })
 *
 * @module
 */
import * as Effect from "effect/Effect"
import type * as Redacted from "effect/Redacted"
import type * as HttpClient from "effect/http/HttpClient"
import type * as AccessInfo from "../AccessInfo.ts"
import * as Discovery from "../Discovery.ts"
import { AuthPluginOptionsMissing, VersionNotAvailable } from "../Errors.ts"
import * as V2 from "../internal/auth/v2.ts"
import * as V3 from "../internal/auth/v3.ts"
import * as AuthPlugin from "./AuthPlugin.ts"
import { passwordCredentials } from "./V2Password.ts"
import { tokenCredentials } from "./V2Token.ts"
import { passwordMethod } from "./V3Password.ts"
import { tokenMethod } from "./V3Token.ts"

/**
 * Options both generic plugins take: the v3 scope options, the v2.0 tenant, and a default domain for names.
 *
 * @example
 * const options: Generic.CommonOptions = { authUrl: "https://keystone:5000", projectName: "demo", defaultDomainId: "default" }
 */
export interface CommonOptions extends V3.CommonOptions, V3.ScopeOptions {
  /** v2.0's name for the project. */
  readonly tenantId?: string | undefined
  readonly tenantName?: string | undefined
  /** The domain of user and project names that do not name their own. */
  readonly defaultDomainId?: string | undefined
  readonly defaultDomainName?: string | undefined
}

type Authentication = Effect.Effect<AccessInfo.AccessInfo, AuthPlugin.AuthenticationError, HttpClient.HttpClient>

/** What a generic plugin does once it knows the version. */
interface Variants {
  readonly v3: (url: string) => Authentication
  readonly v2: (url: string) => Authentication
  /** Options that only v3 can honour: with them, v2.0 is no fallback. */
  readonly v3Only: boolean
}

const urlVersion = (url: string): "v3" | "v2" | undefined =>
  /\/v3(\.\d+)?\/?$/.test(url) ? "v3" : /\/v2\.0\/?$/.test(url) ? "v2" : undefined

/** Discovers the versions at the auth URL and authenticates with the best one. */
const authenticate = (authUrl: string, variants: Variants) =>
  Effect.gen(function* () {
    const discovered = yield* Effect.result(Discovery.fetchDocument(Discovery.discoveryUrl(Discovery.catalogDiscoveryUrl("identity", authUrl))))
    if (discovered._tag === "Failure") {
      const fromPath = urlVersion(authUrl)
      if (fromPath === undefined) return yield* discovered.failure
      return yield* fromPath === "v3" ? variants.v3(authUrl) : variants.v2(authUrl)
    }
    const document = discovered.success
    const v3 = yield* Effect.option(Discovery.dataForVersion(document, [3, 0]))
    if (v3._tag === "Some") return yield* variants.v3(v3.value.url)
    const v2 = yield* Effect.option(Discovery.dataForVersion(document, [2, 0]))
    if (v2._tag === "Some" && !variants.v3Only) return yield* variants.v2(v2.value.url)
    return yield* new VersionNotAvailable({
      message: `${authUrl} offers no identity API this plugin can use (v3${variants.v3Only ? "" : " or v2.0"}): `
        + `it offers ${document.versions.map((v) => v.id).join(", ") || "nothing"}`,
      url: authUrl,
      requested: variants.v3Only ? "3.0" : "3.0 or 2.0",
      available: document.versions.map((v) => v.id)
    })
  })

/** The v3 options with the default domain filled in where a name needs one. */
const withDefaultDomain = <O extends CommonOptions & V3.UserOptions>(options: O): O => {
  const { defaultDomainId, defaultDomainName } = options
  const domain = (id: string | undefined, name: string | undefined) =>
    id !== undefined || name !== undefined
      ? {}
      : { id: defaultDomainId, name: defaultDomainId === undefined ? defaultDomainName : undefined }
  const user = domain(options.userDomainId, options.userDomainName)
  const project = domain(options.projectDomainId, options.projectDomainName)
  return {
    ...options,
    ...(user.id === undefined ? {} : { userDomainId: user.id }),
    ...(user.name === undefined ? {} : { userDomainName: user.name }),
    ...(project.id === undefined ? {} : { projectDomainId: project.id }),
    ...(project.name === undefined ? {} : { projectDomainName: project.name }),
    ...(options.projectId === undefined && options.projectName === undefined
      ? { projectId: options.tenantId, projectName: options.tenantName }
      : {})
  }
}

const v3OnlyOptions = (o: CommonOptions): boolean =>
  [o.domainId, o.domainName, o.systemScope, o.trustId, o.projectDomainId, o.projectDomainName]
    .some((v) => v !== undefined)

const scopeIdentity = (o: CommonOptions) => ({
  project_id: o.projectId ?? o.tenantId,
  project_name: o.projectName ?? o.tenantName,
  domain_id: o.domainId,
  domain_name: o.domainName,
  system_scope: o.systemScope,
  trust_id: o.trustId,
  unscoped: o.unscoped
})

const plugin = (
  name: string,
  options: CommonOptions,
  missing: ReadonlyArray<string>,
  identity: Readonly<Record<string, string | boolean | undefined>>,
  secrets: ReadonlyArray<Redacted.Redacted<string>>,
  variants: Omit<Variants, "v3Only">
): Effect.Effect<AuthPlugin.AuthPlugin, AuthPluginOptionsMissing> => {
  const all = [...(options.authUrl === undefined || options.authUrl === "" ? ["auth_url"] : []), ...missing]
  if (all.length > 0) {
    return Effect.fail(new AuthPluginOptionsMissing({ message: `the ${name} auth plugin needs ${all.join(", ")}`, options: all }))
  }
  return AuthPlugin.make({
    name,
    authUrl: options.authUrl,
    authenticate: authenticate(options.authUrl, { ...variants, v3Only: v3OnlyOptions(options) }),
    identity: { ...identity, ...scopeIdentity(options) },
    secrets,
    staleDuration: options.staleDuration,
    tokenRef: options.tokenRef
  })
}

const v2Options = (options: CommonOptions, url: string): V2.CommonOptions => ({
  authUrl: url,
  tenantId: options.tenantId ?? options.projectId,
  tenantName: options.tenantName ?? options.projectName
})

/**
 * Options of the generic password plugin.
 *
 * @example
 * const options: Generic.PasswordOptions = { authUrl, username: "demo", password, defaultDomainName: "Default" }
 */
export interface PasswordOptions extends CommonOptions, V3.UserOptions {
  readonly password?: Redacted.Redacted<string> | undefined
}

/**
 * Password authentication on whichever identity API the cloud offers (`password`). The user is named by id, or by
 * name with a user domain (or the default domain) for v3.
 *
 * @example
 * const plugin = yield* Generic.password({ authUrl: "https://keystone:5000", username: "demo", password, defaultDomainId: "default" })
 */
export const password = (options: PasswordOptions) => {
  const v3Options = withDefaultDomain(options)
  const v3Method = passwordMethod(v3Options)
  const v2Credentials = passwordCredentials(options)
  return plugin("password", v3Options, v2Credentials.missing, v3Method.identity, v3Method.secret === undefined ? [] : [v3Method.secret], {
    v3: (url) => V3.authenticate(url, [v3Method], v3Options),
    v2: (url) => V2.authenticate(v2Options(options, url), v2Credentials)
  })
}

/**
 * Options of the generic token plugin.
 *
 * @example
 * const options: Generic.TokenOptions = { authUrl, token: access.authToken, projectId: "p1" }
 */
export interface TokenOptions extends CommonOptions {
  readonly token?: Redacted.Redacted<string> | undefined
}

/**
 * Token authentication on whichever identity API the cloud offers (`token`).
 *
 * @example
 * const plugin = yield* Generic.token({ authUrl: "https://keystone:5000", token, projectName: "demo", defaultDomainId: "default" })
 */
export const token = (options: TokenOptions) => {
  const v3Options = withDefaultDomain(options)
  const v3Method = tokenMethod(options.token)
  const v2Credentials = tokenCredentials(options.token)
  return plugin("token", v3Options, v2Credentials.missing, {}, v3Method.secret === undefined ? [] : [v3Method.secret], {
    v3: (url) => V3.authenticate(url, [v3Method], v3Options),
    v2: (url) => V2.authenticate(v2Options(options, url), v2Credentials)
  })
}
