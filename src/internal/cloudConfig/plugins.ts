/**
 * keystoneauth1's auth plugin loaders, as data: each plugin's options (name, dest, deprecated names, required), the
 * extra constructor arguments it takes, and the checks its `load_from_options` makes. openstacksdk's `get_one` moves
 * options into `auth:` by these lists and fails with keystoneauth's errors by these checks, so resolving a clouds.yaml
 * as openstacksdk does needs them. Taken from python3-keystoneauth1 5.0 (Debian bookworm).
 *
 * @internal
 */
import { isList, type Py, type PyDict, str, truthy } from "./py.ts"

/**
 * A plugin option (keystoneauth1's `loading.Opt`), with its names written with underscores.
 *
 * @example
 * const username: Opt = { name: "username", dest: "username", deprecated: ["user_name"], required: false }
 */
export interface Opt {
  readonly name: string
  readonly dest: string
  readonly deprecated: ReadonlyArray<string>
  readonly required: boolean
}

/**
 * What `load_from_options` rejects, and the option at fault.
 *
 * @example
 * const missing: Rejection = { kind: "MissingRequiredOptions", option: "auth_url", message: "…" }
 */
export interface Rejection {
  readonly kind: "OptionError" | "MissingRequiredOptions" | "NoMatchingPlugin" | "UnexpectedOption"
  readonly option: string
  readonly message: string
}

type Check = (auth: PyDict) => Rejection | undefined

/**
 * A plugin loader: its options, the other keyword arguments its plugin class takes, its checks.
 *
 * @example
 * const loader = getPluginLoader("v3token") // Plugin | Rejection
 */
export interface Plugin {
  readonly options: ReadonlyArray<Opt>
  readonly extras: ReadonlyArray<string>
  readonly checks: ReadonlyArray<Check>
}

interface More {
  readonly required?: boolean
  readonly deprecated?: ReadonlyArray<string>
  readonly dest?: string
}

const opt = (name: string, more: More = {}): Opt => ({
  name,
  dest: more.dest ?? name,
  deprecated: more.deprecated ?? [],
  required: more.required ?? false
})
const req = (name: string) => opt(name, { required: true })
const opts = (...names: ReadonlyArray<string>) => names.map((name) => opt(name))

const optionError = (option: string, message: string): Rejection => ({ kind: "OptionError", option, message })
const has = (auth: PyDict, key: string) => truthy(auth.get(key))

/** `_assert_identity_options`: a v3 username needs its domain. */
const userDomain: Check = (auth) =>
  has(auth, "username") && !(has(auth, "user_domain_name") || has(auth, "user_domain_id"))
    ? optionError(
        "user_domain_name",
        "You have provided a username. In the V3 identity API a username is only unique within a domain so you must also provide either a user_domain_id or user_domain_name."
      )
    : undefined

/** `BaseV3Loader.load_from_options`: a v3 project name needs its domain. */
const projectDomain: Check = (auth) =>
  has(auth, "project_name") && !(has(auth, "project_domain_name") || has(auth, "project_domain_id"))
    ? optionError(
        "project_domain_name",
        "You have provided a project_name. In the V3 identity API a project_name is only unique within a domain so you must also provide either a project_domain_id or project_domain_name."
      )
    : undefined

const applicationCredential: Check = (auth) =>
  !has(auth, "application_credential_id") && !has(auth, "application_credential_name")
    ? optionError(
        "application_credential_id",
        "You must provide either an application credential ID or an application credential name and user."
      )
    : !has(auth, "application_credential_secret")
        ? optionError("application_credential_secret", "You must provide an auth secret.")
        : undefined

const authMethods: Check = (auth) =>
  auth.has("auth_methods") ? undefined : optionError("auth_methods", "methods is a required option.")

const oidcEndpoint: Check = (auth) =>
  has(auth, "access_token_endpoint") || has(auth, "discovery_endpoint")
    ? undefined
    : optionError("discovery_endpoint", "You have to specify either an 'access-token-endpoint' or a 'discovery-endpoint'.")

const tokenless: Check = (auth) =>
  (!has(auth, "domain_id") && !has(auth, "domain_name") && !has(auth, "project_id") && !has(auth, "project_name"))
  || (has(auth, "project_name") && !(has(auth, "project_domain_name") || has(auth, "project_domain_id")))
    ? optionError(
        "project_id",
        "You need to provide either a domain_name, domain_id, project_id or project_name. If you have provided a project_name, in the V3 identity API a project_name is only unique within a domain so you must also provide either a project_domain_id or project_domain_name."
      )
    : undefined

const identity = [req("auth_url")]
const scope = opts("system_scope", "domain_id", "domain_name", "project_id", "project_name", "project_domain_id", "project_domain_name", "trust_id")
const v3 = [...identity, ...scope]
const generic = [
  ...identity,
  ...opts("system_scope", "domain_id", "domain_name"),
  opt("project_id", { deprecated: ["tenant_id"] }),
  opt("project_name", { deprecated: ["tenant_name"] }),
  ...opts("project_domain_id", "project_domain_name", "trust_id", "default_domain_id", "default_domain_name")
]
const user = [opt("user_id"), opt("username", { deprecated: ["user_name"] }), ...opts("user_domain_id", "user_domain_name")]
const v2 = [...identity, ...opts("tenant_id", "tenant_name", "trust_id")]
const federation = [...v3, req("identity_provider"), req("protocol")]
const oidc = [
  ...federation,
  ...opts("client_id", "client_secret"),
  opt("openid_scope", { dest: "scope" }),
  ...opts("access_token_endpoint", "discovery_endpoint", "access_token_type")
]

const genericExtras = ["reauthenticate", "tenant_id", "tenant_name"]
const v3Extras = ["include_catalog", "reauthenticate", "unscoped"]
const federationExtras = ["include_catalog", "reauthenticate"]

const plugin = (
  options: ReadonlyArray<Opt>,
  extras: ReadonlyArray<string>,
  ...checks: ReadonlyArray<Check>
): Plugin => ({ options, extras, checks })

/** Every plugin keystoneauth1 5.0 registers, by name. */
const plugins: ReadonlyMap<string, Plugin> = new Map([
  ["password", plugin([...generic, ...user, opt("password")], genericExtras)],
  ["token", plugin([...generic, opt("token")], genericExtras)],
  ["v2password", plugin([...v2, opt("username", { deprecated: ["user_name"] }), ...opts("user_id", "password")], ["reauthenticate"])],
  ["v2token", plugin([...v2, opt("token")], ["reauthenticate"])],
  ["v3password", plugin([...v3, ...user, opt("password")], v3Extras, userDomain, projectDomain)],
  ["v3token", plugin([...v3, opt("token")], v3Extras, projectDomain)],
  ["v3totp", plugin([...v3, ...user, opt("passcode")], v3Extras, userDomain, projectDomain)],
  [
    "v3applicationcredential",
    plugin(
      [...v3, ...user, req("application_credential_secret"), ...opts("application_credential_id", "application_credential_name")],
      v3Extras,
      userDomain,
      applicationCredential,
      projectDomain
    )
  ],
  ["v3multifactor", plugin([...v3, req("auth_methods")], v3Extras, userDomain, authMethods, projectDomain)],
  ["v3tokenlessauth", plugin([...identity, ...opts("domain_id", "domain_name", "project_id", "project_name", "project_domain_id", "project_domain_name")], [], tokenless)],
  ["v3oidcaccesstoken", plugin([...federation, req("access_token")], [...federationExtras, "discovery_endpoint", "scope"], projectDomain)],
  ["v3oidcclientcredentials", plugin(oidc, federationExtras, oidcEndpoint, projectDomain)],
  ["v3oidcpassword", plugin([...oidc, req("username"), req("password")], federationExtras, oidcEndpoint, projectDomain)],
  ["v3oidcauthcode", plugin([...oidc, opt("redirect_uri"), opt("code", { required: true, deprecated: ["authorization_code"] })], federationExtras, oidcEndpoint, projectDomain)],
  ["v3samlpassword", plugin([...federation, req("identity_provider_url"), req("username"), req("password")], federationExtras, projectDomain)],
  [
    "v3adfspassword",
    plugin(
      [...federation, ...["identity_provider_url", "service_provider_endpoint", "service_provider_entity_id", "username", "password"].map(req)],
      federationExtras,
      projectDomain
    )
  ],
  ["v3oauth1", plugin([...identity, ...["consumer_key", "consumer_secret", "access_key", "access_secret"].map(req)], [...scope.map((o) => o.name), ...v3Extras])],
  ["admin_token", plugin([opt("endpoint", { deprecated: ["url"] }), opt("token")], [])],
  ["none", plugin([opt("endpoint")], [])],
  ["noauth", plugin([req("user_id"), opt("project_id"), req("endpoint")], ["roles"])],
  ["http_basic", plugin([opt("username", { deprecated: ["user_name"] }), ...opts("password", "endpoint")], [])]
])

const notFound = (name: string): Rejection => ({
  kind: "NoMatchingPlugin",
  option: "auth_type",
  message: `The plugin ${name} could not be found`
})

/** `v3multifactor` takes the options of each of its methods too: its own, and the methods' ones, by name. */
const multiFactorOptions = (methods: Py | undefined): ReadonlyArray<Opt> | Rejection => {
  const own = plugins.get("v3multifactor")?.options ?? []
  // keystoneauth iterates auth_methods: a list of names (a string would be iterated character by character).
  const names = isList(methods) ? methods : typeof methods === "string" ? [...methods] : []
  const byName = new Map(own.map((o) => [o.name, o]))
  for (const name of names) {
    const method = typeof name === "string" ? plugins.get(name) : undefined
    if (method === undefined) return notFound(str(name))
    for (const o of method.options) byName.set(o.name, o)
  }
  return [...byName.values()]
}

/**
 * keystoneauth1's `loader.load_from_options(**auth)`: the plugin's checks, then its required options, then whether its
 * constructor takes every key (a key it does not take is Python's `TypeError: unexpected keyword argument`).
 *
 * @example
 * loadFromOptions("password", loader, new Map([["token", "t"]]))
 * // { kind: "MissingRequiredOptions", option: "auth_url", … }
 */
export const loadFromOptions = (name: string, loader: Plugin, auth: PyDict): Rejection | undefined => {
  for (const check of loader.checks) {
    const rejection = check(auth)
    if (rejection !== undefined) return rejection
  }
  const options = name === "v3multifactor" ? multiFactorOptions(auth.get("auth_methods")) : loader.options
  if (isRejection(options)) return options
  const missing = options.filter((o) => o.required && (auth.get(o.dest) ?? null) === null).map((o) => o.dest)
  const first = missing[0]
  if (first !== undefined) {
    return {
      kind: "MissingRequiredOptions",
      option: first,
      message: `Auth plugin requires parameters which were not given: ${missing.join(", ")}`
    }
  }
  const accepted = new Set([...options.map((o) => o.dest), ...loader.extras])
  const unexpected = [...auth.keys()].find((key) => !accepted.has(key))
  return unexpected === undefined
    ? undefined
    : {
        kind: "UnexpectedOption",
        option: unexpected,
        message: `the ${name} plugin got an unexpected keyword argument '${unexpected}'`
      }
}

/**
 * keystoneauth1's `get_plugin_loader(name)`.
 *
 * @example
 * isRejection(getPluginLoader("kerberos")) // true: "The plugin kerberos could not be found"
 */
export const getPluginLoader = (name: Py | undefined): Plugin | Rejection => {
  const found = typeof name === "string" ? plugins.get(name) : undefined
  return found ?? notFound(str(name ?? null))
}

const preference = (name: string) => name.startsWith("v3") ? 0 : name.startsWith("v2") ? 2 : 1

/**
 * The plugins that take an option, by name, v3 ones first, v2 ones last (for hints).
 *
 * @example
 * pluginsTaking("token") // ["v3token", "token", "admin_token", "v2token"]
 */
export const pluginsTaking = (option: string): ReadonlyArray<string> =>
  [...plugins]
    .filter(([, p]) => p.options.some((o) => o.dest === option))
    .map(([name]) => name)
    .sort((a, b) => preference(a) - preference(b))

/**
 * Whether a value is a {@link Rejection}.
 *
 * @example
 * isRejection(getPluginLoader("password")) // false
 */
export const isRejection = (value: Plugin | Rejection | ReadonlyArray<Opt>): value is Rejection => "kind" in value
