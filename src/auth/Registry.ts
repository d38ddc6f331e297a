/**
 * Auth plugins by name, from loose options — what clouds.yaml's `auth_type` and `auth:` section (or `OS_*` variables)
 * give: the names openstacksdk and keystoneauth1 use, the option names they use (snake_case), secrets wrapped in
 * `Redacted` as they are read.
 *
 * @example
 * import { Auth } from "effect-openstack"
 *
 * const plugin = Auth.fromOptions("v3applicationcredential", {
 *   auth_url: "https://keystone:5000/v3",
 *   application_credential_id: "ac1",
 *   application_credential_secret: "s3cret"
 * }) // Effect<AuthPlugin, NoMatchingPlugin | AuthPluginOptionsMissing | ValidationError>
 *
 * @module
 */
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import { type AuthPluginOptionsMissing, NoMatchingPlugin, ValidationError } from "../Errors.ts"
import type * as V3 from "../internal/auth/v3.ts"
import type { AuthPlugin } from "./AuthPlugin.ts"
import * as Fixed from "./Fixed.ts"
import * as Generic from "./Generic.ts"
import * as V2Password from "./V2Password.ts"
import * as V2Token from "./V2Token.ts"
import * as V3ApplicationCredential from "./V3ApplicationCredential.ts"
import * as V3MultiFactor from "./V3MultiFactor.ts"
import * as V3Password from "./V3Password.ts"
import * as V3Token from "./V3Token.ts"
import * as V3Totp from "./V3Totp.ts"

/**
 * Loose options, as clouds.yaml writes them (`auth_url`, `username`, `project_domain_name`, …).
 *
 * @example
 * const options: Registry.AuthOptions = { auth_url: "https://keystone:5000/v3", token: "gAAAA…" }
 */
export type AuthOptions = Readonly<Record<string, unknown>>

/** What a plugin builder gets: the options, read. */
interface Read {
  readonly text: (key: string) => string | undefined
  readonly secret: (key: string) => Redacted.Redacted<string> | undefined
  readonly flag: (key: string) => boolean | undefined
  readonly list: (key: string) => ReadonlyArray<string>
}

type Builder = (read: Read) => Effect.Effect<AuthPlugin, AuthPluginOptionsMissing>

const user = (r: Read): V3.UserOptions => ({
  userId: r.text("user_id"),
  username: r.text("username"),
  userDomainId: r.text("user_domain_id"),
  userDomainName: r.text("user_domain_name")
})

const scope = (r: Read): V3.ScopeOptions => ({
  projectId: r.text("project_id") ?? r.text("tenant_id"),
  projectName: r.text("project_name") ?? r.text("tenant_name"),
  projectDomainId: r.text("project_domain_id"),
  projectDomainName: r.text("project_domain_name"),
  domainId: r.text("domain_id"),
  domainName: r.text("domain_name"),
  systemScope: r.text("system_scope") === "all" ? "all" : undefined,
  trustId: r.text("trust_id"),
  unscoped: r.flag("unscoped")
})

const common = (r: Read) => ({ authUrl: r.text("auth_url") ?? "" })

const generic = (r: Read): Generic.CommonOptions => ({
  ...common(r),
  ...scope(r),
  tenantId: r.text("tenant_id"),
  tenantName: r.text("tenant_name"),
  defaultDomainId: r.text("default_domain_id"),
  defaultDomainName: r.text("default_domain_name")
})

const applicationCredential = (r: Read): V3ApplicationCredential.ApplicationCredentialOptions => ({
  ...user(r),
  applicationCredentialId: r.text("application_credential_id"),
  applicationCredentialName: r.text("application_credential_name"),
  applicationCredentialSecret: r.secret("application_credential_secret")
})

/** The methods of `v3multifactor`, by the names in `auth_methods`. */
const method = (r: Read) => (name: string): V3.Method | undefined => {
  switch (name) {
    case "password":
    case "v3password":
      return V3Password.passwordMethod({ ...user(r), password: r.secret("password") })
    case "totp":
    case "v3totp":
      return V3Totp.totpMethod({ ...user(r), passcode: r.secret("passcode") })
    case "token":
    case "v3token":
      return V3Token.tokenMethod(r.secret("token"))
    case "application_credential":
    case "v3applicationcredential":
      return V3ApplicationCredential.applicationCredentialMethod(applicationCredential(r))
    default:
      return undefined
  }
}

const tokenEndpoint = (name: string): Builder => (r) =>
  Fixed.tokenEndpoint({ token: r.secret("token"), endpoint: r.text("endpoint") }, name)

const builders: Readonly<Record<string, Builder>> = {
  password: (r) => Generic.password({ ...generic(r), ...user(r), password: r.secret("password") }),
  token: (r) => Generic.token({ ...generic(r), token: r.secret("token") }),
  v3password: (r) => V3Password.password({ ...common(r), ...user(r), ...scope(r), password: r.secret("password") }),
  v3token: (r) => V3Token.token({ ...common(r), ...scope(r), token: r.secret("token") }),
  v3applicationcredential: (r) =>
    V3ApplicationCredential.applicationCredential({ ...common(r), ...applicationCredential(r) }),
  v3totp: (r) => V3Totp.totp({ ...common(r), ...user(r), ...scope(r), passcode: r.secret("passcode") }),
  v3multifactor: (r) => {
    const names = r.list("auth_methods")
    const methods = names.map(method(r)).filter((m) => m !== undefined)
    const all = methods.length === names.length ? methods : []
    return V3MultiFactor.multiFactor({ ...common(r), ...scope(r), methods: all })
  },
  v2password: (r) =>
    V2Password.password({
      ...common(r),
      tenantId: r.text("tenant_id") ?? r.text("project_id"),
      tenantName: r.text("tenant_name") ?? r.text("project_name"),
      username: r.text("username"),
      userId: r.text("user_id"),
      password: r.secret("password")
    }),
  v2token: (r) =>
    V2Token.token({
      ...common(r),
      tenantId: r.text("tenant_id") ?? r.text("project_id"),
      tenantName: r.text("tenant_name") ?? r.text("project_name"),
      token: r.secret("token")
    }),
  admin_token: tokenEndpoint("admin_token"),
  token_endpoint: tokenEndpoint("token_endpoint"),
  none: (r) => Effect.succeed(Fixed.noAuth({ endpoint: r.text("endpoint") }, "none")),
  noauth: (r) => Effect.succeed(Fixed.noAuth({ endpoint: r.text("endpoint") }, "noauth")),
  http_basic: (r) => Fixed.httpBasic({ username: r.text("username"), password: r.secret("password"), endpoint: r.text("endpoint") })
}

/**
 * The plugin names {@link load} knows: openstacksdk's and keystoneauth1's.
 *
 * @example
 * Auth.pluginNames.includes("v3applicationcredential") // true
 */
export const pluginNames: ReadonlyArray<string> = Object.keys(builders)

/** A secret given already wrapped (e.g. by CloudConfig), holding text. */
const isRedactedText = (value: unknown): value is Redacted.Redacted<string> =>
  Redacted.isRedacted(value) && typeof Redacted.value(value) === "string"

/**
 * Reads loose options; a value of the wrong type is a ValidationError naming the key. A value may be given already
 * `Redacted` (as CloudConfig gives secrets): it is unwrapped where text is read, and kept as it is where a secret is.
 */
const reader = (options: AuthOptions): Effect.Effect<Read, ValidationError> => {
  const wrong = Object.entries(options).find(
    ([key, value]) =>
      value !== undefined && value !== null && !["string", "number", "boolean"].includes(typeof value)
      && !isRedactedText(value)
      && !(key === "auth_methods" && Array.isArray(value) && value.every((v) => typeof v === "string"))
  )
  if (wrong !== undefined) {
    return Effect.fail(new ValidationError({ message: `auth option ${wrong[0]} must be a string, not ${Array.isArray(wrong[1]) ? "a list" : typeof wrong[1]}` }))
  }
  const text = (key: string) => {
    const given = options[key]
    const value = isRedactedText(given) ? Redacted.value(given) : given
    return value === undefined || value === null || value === "" || typeof value === "object" ? undefined : String(value)
  }
  const value = (key: string) => text(key)
  return Effect.succeed({
    text: value,
    secret: (key) => {
      const given = options[key]
      if (isRedactedText(given)) return Redacted.value(given) === "" ? undefined : given // already a secret: kept as it is
      const found = value(key)
      return found === undefined ? undefined : Redacted.make(found, { label: key })
    },
    flag: (key) => {
      const found = options[key]
      return typeof found === "boolean" ? found : found === "true" ? true : found === "false" ? false : undefined
    },
    list: (key) => {
      const found = options[key]
      return Array.isArray(found) ? found.map(String) : (value(key)?.split(",").map((s) => s.trim()).filter((s) => s !== "") ?? [])
    }
  })
}

/**
 * The plugin registered as `authType`, built from clouds.yaml-style options. An unknown name fails with
 * `NoMatchingPlugin`, missing options with `AuthPluginOptionsMissing` naming them (as clouds.yaml names them), a value
 * of the wrong type with `ValidationError`. Secrets (`password`, `token`, `application_credential_secret`,
 * `passcode`) are wrapped in `Redacted` at once.
 *
 * @example
 * const plugin = yield* Auth.fromOptions("password", {
 *   auth_url, username: "demo", password: "…", user_domain_name: "Default",
 *   project_name: "demo", project_domain_name: "Default"
 * })
 */
export const load = (
  authType: string,
  options: AuthOptions
): Effect.Effect<AuthPlugin, NoMatchingPlugin | AuthPluginOptionsMissing | ValidationError> => {
  const builder = builders[authType]
  if (builder === undefined) {
    return Effect.fail(
      new NoMatchingPlugin({
        message: `no auth plugin is named "${authType}"; known: ${pluginNames.join(", ")}`,
        name: authType
      })
    )
  }
  return Effect.flatMap(reader(options), builder)
}
