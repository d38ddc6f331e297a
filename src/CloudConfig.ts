/**
 * A cloud's configuration from `clouds.yaml`, `secure.yaml`, `clouds-public.yaml` and the `OS_*` environment
 * variables, resolved exactly as openstacksdk 0.101 resolves it (`openstack.config.OpenStackConfig().get_one(cloud)`,
 * what `openstack.connect(cloud=…)` uses): the same files in the same places, the same cloud chosen, the same keys
 * normalised, the same auth options moved into `auth:`, the same failures (as {@link Errors.CloudConfigError}, naming
 * the file, the cloud and the key). The test suite checks this against openstacksdk itself, case by case.
 *
 * - Files: `clouds.yaml` / `clouds.yml` / `clouds.json` in the current directory, `$XDG_CONFIG_HOME/openstack`,
 *   `~/.config/openstack`, `$XDG_CONFIG_DIRS/openstack` (`/etc/xdg/openstack`), `/etc/openstack`: the first found wins;
 *   `OS_CLIENT_CONFIG_FILE` comes before them. `secure.yaml` (same places, `OS_CLIENT_SECURE_FILE`) is merged over it.
 *   YAML is read as PyYAML reads it (YAML 1.1: `yes`/`no` are booleans, `3.0` is the string `"3.0"` once normalised).
 * - The cloud: `cloud` (or the `OS_CLOUD` variable); else the `envvars` cloud, made of the `OS_*` variables, when there
 *   is one; else the file's only cloud. `OS_*` variables are **not** applied over a cloud of the file (openstacksdk
 *   does not do it; the `openstack` CLI does, through its command-line defaults: pass them as `overrides`).
 * - Profiles: `profile:` (or the deprecated `cloud:`) names an entry of `clouds-public.yaml` (`public-clouds:`).
 *   openstacksdk's built-in vendor profiles are not shipped: a profile that is not in clouds-public.yaml is an error.
 * - `auth_type` is not guessed, as openstacksdk 0.101 does not guess it: a `token` or an application credential
 *   needs `auth_type: v3token` / `token` / `v3applicationcredential`, else the default `password` plugin rejects it.
 *
 * Secrets (`password`, `token`, `application_credential_secret`, `passcode`, … any key named like a secret) are
 * `Redacted` from the moment they are read: `String(config)`, `JSON.stringify(config)` and errors never show them.
 *
 * @example
 * import { Effect } from "effect"
 * import * as NodeServices from "@effect/platform-node/NodeServices"
 * import { Auth, CloudConfig, Transport } from "effect-openstack"
 *
 * const program = Effect.gen(function* () {
 *   const cloud = yield* CloudConfig.load({ cloud: "devstack" })
 *   const plugin = yield* Auth.fromOptions(cloud.authType, cloud.auth)
 *   return { plugin, transport: Transport.node(cloud) }   // verify / cert come from the cloud
 * }).pipe(Effect.provide(NodeServices.layer))
 *
 * @module
 */
import * as ConfigProvider from "effect/ConfigProvider"
import * as Effect from "effect/Effect"
import * as FileSystem from "effect/FileSystem"
import * as Path from "effect/Path"
import * as Redacted from "effect/Redacted"
import * as Result from "effect/Result"
import { CloudConfigError } from "./Errors.ts"
import { parsers, type SyntaxProblem } from "./internal/cloudConfig/parse.ts"
import { fromJs, isDict, isList, isSecret, isSecretKey, type Py, type PyDict, repr, toJs } from "./internal/cloudConfig/py.ts"
import { type Document, type Environment, resolve } from "./internal/cloudConfig/resolve.ts"

/**
 * A service's own settings, from the `<service_type>_<setting>` keys of the cloud (`compute_endpoint_override`,
 * `network_interface`, `block_storage_api_version`, `image_region_name`, `object_store_service_name`).
 *
 * @example
 * const compute: CloudConfig.ServiceOverrides = { endpointOverride: "https://nova.example.com/v2.1", apiVersion: "2.79" }
 */
export interface ServiceOverrides {
  /** `<service>_endpoint_override`, else `<service>_endpoint`. */
  readonly endpointOverride?: string
  /** `<service>_interface` (or the legacy `<service>_endpoint_type`). */
  readonly interface?: string
  /** `<service>_api_version`. */
  readonly apiVersion?: string
  /** `<service>_region_name`. */
  readonly regionName?: string
  /** `<service>_service_name`. */
  readonly serviceName?: string
}

/**
 * An auth option's value: text, a flag, a list (`auth_methods`) or a secret.
 *
 * @example
 * const value: CloudConfig.AuthValue = Redacted.make("s3cret")
 */
export type AuthValue = string | boolean | ReadonlyArray<string> | Redacted.Redacted<string>

/**
 * One cloud, resolved. `authType` and `auth` are what {@link Auth.fromOptions} takes; `verify` and `cert` are the
 * {@link Transport.TlsOptions} of the cloud; `config` is everything, as openstacksdk's `CloudRegion.config` holds it.
 *
 * @example
 * const cloud = yield* CloudConfig.load({ cloud: "prod", regionName: "RegionTwo" })
 * cloud.authType                         // "password"
 * cloud.auth.auth_url                    // "https://keystone.example.com:5000/v3"
 * cloud.services.compute?.apiVersion     // "2.79"
 */
export interface CloudConfig {
  /** The cloud's name ("envvars", or `OS_CLOUD_NAME`, for the one made of `OS_*` variables). */
  readonly name: string
  /** The auth plugin's name (keystoneauth1's: `password`, `v3applicationcredential`, `admin_token`, `none`, …). */
  readonly authType: string
  /** The auth plugin's options, keyed as clouds.yaml keys them; secrets `Redacted`; `null` values left out. */
  readonly auth: Readonly<Record<string, AuthValue>>
  /** The region (`region_name`, or the first of `regions`); `undefined` when the cloud names none. */
  readonly regionName: string | undefined
  /** The cloud's regions (`regions`, `region_name`, or its profile's), by name. */
  readonly regions: ReadonlyArray<string>
  /** The endpoint interface: `public` (the default), `internal` or `admin`. */
  readonly interface: string
  /** `identity_api_version`, when given. */
  readonly identityApiVersion: string | undefined
  /** `false` when `insecure` (or `verify: false`), the CA bundle (`cacert`, `~` expanded) when given, else `true`. */
  readonly verify: boolean | string
  /** The client certificate: `cert`, or `[cert, key]` when `key` is given (`~` expanded). */
  readonly cert: string | readonly [string, string] | undefined
  /** Per-service settings, keyed by service type as openstacksdk writes it in keys (`block_storage`, `compute`). */
  readonly services: Readonly<Record<string, ServiceOverrides>>
  /** The whole resolved config (openstacksdk's `CloudRegion.config`), secrets `Redacted`. */
  readonly config: Readonly<Record<string, unknown>>
}

/**
 * What to resolve, besides the files: openstacksdk's `get_one(cloud, region_name=…, **kwargs)` and `load_envvars`.
 *
 * @example
 * const options: CloudConfig.ResolveOptions = {
 *   cloud: "prod",
 *   regionName: "RegionTwo",
 *   overrides: { os_interface: "internal" }
 * }
 */
export interface ResolveOptions {
  /** The cloud; by default `OS_CLOUD`, else the `envvars` cloud, else the only cloud. */
  readonly cloud?: string
  /** The region; it must be one of the cloud's regions. By default the cloud's first. */
  readonly regionName?: string
  /**
   * Options applied over the cloud as openstacksdk applies `get_one`'s keyword arguments and argparse options: keys
   * with dashes or an `os_` prefix are accepted (`os-interface`, `os_project_name`), `auth: {…}` is merged into
   * `auth`, `profile` names a profile, `null` / `undefined` values are ignored.
   */
  readonly overrides?: Readonly<Record<string, unknown>>
  /** Whether `OS_*` variables are read at all (openstacksdk's `load_envvars`). `true` by default. */
  readonly envvars?: boolean
}

/**
 * Where {@link load} reads, and what. Without `files`, the files are searched where openstacksdk searches them.
 *
 * @example
 * const options: CloudConfig.LoadOptions = { cloud: "ci", files: { config: "./ci/clouds.yaml", secure: [] } }
 */
export interface LoadOptions extends ResolveOptions {
  /** Files to read instead of searching, the first one that exists winning (`[]`: none); `OS_CLIENT_*_FILE` first. */
  readonly files?: {
    readonly config?: string | ReadonlyArray<string>
    readonly secure?: string | ReadonlyArray<string>
    readonly vendor?: string | ReadonlyArray<string>
  }
}

/**
 * Already-parsed documents and an environment, for {@link fromObject}.
 *
 * @example
 * const sources: CloudConfig.Sources = {
 *   clouds: { clouds: { dev: { auth_type: "token", auth: { auth_url: "http://localhost:5000/v3", token: "t" } } } },
 *   env: { OS_CLOUD: "dev" }
 * }
 */
export interface Sources {
  /** clouds.yaml's content. */
  readonly clouds?: unknown
  /** secure.yaml's content. */
  readonly secure?: unknown
  /** clouds-public.yaml's content. */
  readonly vendor?: unknown
  /** The environment (`OS_*`, and `HOME` for `~` in paths). Empty values count, as in Python's `os.environ`. */
  readonly env?: Readonly<Record<string, string | undefined>>
  /** The documents' file names, for messages. */
  readonly files?: { readonly config?: string, readonly secure?: string, readonly vendor?: string }
}

// ---------------------------------------------------------------------------------------------------------------------
// The typed view
// ---------------------------------------------------------------------------------------------------------------------

const serviceKeys = ["endpoint_override", "endpoint", "interface", "api_version", "region_name", "service_name"] as const

/** Python's `os.path.expanduser` with `HOME` (`~user` forms are left as they are). */
const expandUser = (file: string, home: string | undefined): string => {
  if (!file.startsWith("~") || home === undefined) return file
  const slash = file.indexOf("/")
  const end = slash < 0 ? file.length : slash
  if (end !== 1) return file
  return (home.replace(/\/+$/, "") + file.slice(end)) || "/"
}

/** The cloud a typed value belongs to, and its file (none for the `envvars` cloud), for {@link wrongType}. */
interface ViewWhere {
  readonly name: string
  readonly file: string | undefined
}

const wrongType = (key: string, expected: string, value: Py, where: ViewWhere) =>
  new CloudConfigError({
    message: `cloud "${where.name}": ${key} must be ${expected}, not ${repr(value)}`,
    cloud: where.name,
    key,
    ...(where.file === undefined ? {} : { file: where.file })
  })

/** A text setting: `undefined` when absent or `None`, else a string. */
const text = (
  key: string,
  value: Py | undefined,
  where: ViewWhere
): Effect.Effect<string | undefined, CloudConfigError> =>
  value === undefined || value === null
    ? Effect.succeed(undefined)
    : typeof value === "string"
      ? Effect.succeed(value)
      : Effect.fail(wrongType(key, "a string", value, where))

/** openstacksdk's `CloudRegion.config` as {@link CloudConfig}: each stage below reads one part of it, in this order. */
const view = (
  name: string,
  config: PyDict,
  regions: ReadonlyArray<string>,
  home: string | undefined,
  file: string | undefined
): Effect.Effect<CloudConfig, CloudConfigError> =>
  Effect.gen(function* () {
    const where: ViewWhere = { name, file }
    const auth = yield* authOptions(config, where)
    const services = yield* serviceOverrides(config, where)
    const { verify, cert } = yield* requestsVerifyArgs(config, home, where)
    const regionName = yield* text("region_name", config.get("region_name"), where)
    const interfaceName = yield* text("interface", config.get("interface"), where)
    if (interfaceName === undefined) return yield* Effect.fail(wrongType("interface", "a string", null, where))
    const authType = yield* text("auth_type", config.get("auth_type"), where)
    return {
      name,
      authType: authType ?? "none",
      auth,
      regionName: regionName === "" ? undefined : regionName,
      regions,
      interface: interfaceName,
      identityApiVersion: yield* text("identity_api_version", config.get("identity_api_version"), where),
      verify,
      cert,
      services,
      config: Object.fromEntries([...config].map(([k, v]) => [k, toJs(v)]))
    }
  })

/** The auth plugin's options (`auth:`): texts, flags, lists of texts and secrets; `None` values left out. */
const authOptions = (config: PyDict, where: ViewWhere): Effect.Effect<Record<string, AuthValue>, CloudConfigError> =>
  Effect.gen(function* () {
    const auth: Record<string, AuthValue> = {}
    const authDict = config.get("auth")
    for (const [key, value] of isDict(authDict) ? authDict : []) {
      if (value === null) continue
      if (typeof value === "string" || typeof value === "boolean" || isSecret(value)) auth[key] = value
      else if (isList(value) && value.every((v) => typeof v === "string")) auth[key] = value.filter((v) => typeof v === "string")
      else return yield* Effect.fail(wrongType(`auth.${key}`, "a string, a boolean or a list of strings", value, where))
    }
    return auth
  })

/** Every service's settings (what `CloudRegion.get_endpoint`, `get_interface`, … read), from `<service>_<setting>`. */
const serviceOverrides = (
  config: PyDict,
  where: ViewWhere
): Effect.Effect<Record<string, ServiceOverrides>, CloudConfigError> =>
  Effect.gen(function* () {
    const services: Record<string, ServiceOverrides> = {}
    for (const [key, value] of config) {
      if (value === null) continue
      const suffix = serviceKeys.find((s) => key.endsWith(`_${s}`) && key.length > s.length + 1)
      if (suffix === undefined) continue
      const prefix = key.slice(0, -(suffix.length + 1))
      if (services[prefix] !== undefined) continue
      services[prefix] = yield* serviceOverridesOf(config, prefix, where)
    }
    return services
  })

/** One service's settings: `<prefix>_endpoint_override` (else `<prefix>_endpoint`), `_interface`, `_api_version`, … */
const serviceOverridesOf = (
  config: PyDict,
  prefix: string,
  where: ViewWhere
): Effect.Effect<ServiceOverrides, CloudConfigError> =>
  Effect.gen(function* () {
    const get = (s: string) => config.get(`${prefix}_${s}`)
    const override = get("endpoint_override")
    const endpoint = override !== undefined && override !== null && override !== "" && override !== false ? override : get("endpoint")
    const entries = [
      ["endpointOverride", yield* text(`${prefix}_endpoint_override`, endpoint, where)],
      ["interface", yield* text(`${prefix}_interface`, get("interface"), where)],
      ["apiVersion", yield* text(`${prefix}_api_version`, get("api_version"), where)],
      ["regionName", yield* text(`${prefix}_region_name`, get("region_name"), where)],
      ["serviceName", yield* text(`${prefix}_service_name`, get("service_name"), where)]
    ] as const
    return Object.fromEntries(entries.filter(([, v]) => v !== undefined))
  })

/** `CloudRegion.get_requests_verify_args`: `verify` (`insecure`, `verify`, `cacert`) and `cert` (`cert`, `key`). */
const requestsVerifyArgs = (
  config: PyDict,
  home: string | undefined,
  where: ViewWhere
): Effect.Effect<Pick<CloudConfig, "verify" | "cert">, CloudConfigError> =>
  Effect.gen(function* () {
    const insecure = config.get("insecure")
    let verify: boolean | string
    const verifyValue = config.get("verify")
    if (insecure !== undefined && insecure !== null && insecure !== false) verify = false
    else if (verifyValue === undefined || verifyValue === null) verify = true
    else if (typeof verifyValue === "boolean") verify = verifyValue
    else if (typeof verifyValue === "string") verify = verifyValue === "" ? false : verifyValue
    else return yield* Effect.fail(wrongType("verify", "a boolean or a CA bundle path", verifyValue, where))
    const cacert = yield* text("cacert", config.get("cacert"), where)
    if (verify !== false && cacert !== undefined && cacert !== "") verify = expandUser(cacert, home)
    const certFile = yield* text("cert", config.get("cert"), where)
    const keyFile = yield* text("key", config.get("key"), where)
    const cert = certFile === undefined || certFile === ""
      ? undefined
      : keyFile === undefined || keyFile === ""
        ? expandUser(certFile, home)
        : [expandUser(certFile, home), expandUser(keyFile, home)] as const
    return { verify, cert }
  })

// ---------------------------------------------------------------------------------------------------------------------
// Resolving
// ---------------------------------------------------------------------------------------------------------------------

interface Env {
  readonly get: (name: string) => string | undefined
  readonly names: ReadonlyArray<string>
}

const environment = (env: Env): Environment => ({
  get: env.get,
  os: env.names
    .filter((name) => name.startsWith("OS_"))
    .sort()
    .flatMap((name) => {
      const value = env.get(name)
      if (value === undefined) return []
      const secret = isSecretKey(name.slice(3).toLowerCase())
      return [[name, secret ? Redacted.make(value, { label: name }) : value] as const]
    })
})

const overridesOf = (options: ResolveOptions): Effect.Effect<PyDict, CloudConfigError> => {
  const kwargs = {
    ...options.overrides,
    ...(options.regionName === undefined ? {} : { region_name: options.regionName })
  }
  const converted = fromJs(kwargs)
  if (Result.isFailure(converted)) {
    const key = converted.failure.path.join(".")
    return Effect.fail(new CloudConfigError({ message: `override ${key} is ${converted.failure.type}, not a config value`, key }))
  }
  return Effect.succeed(isDict(converted.success) ? converted.success : new Map())
}

const run = (
  documents: { readonly config: Document, readonly secure: Document, readonly vendor: Document },
  env: Env,
  options: ResolveOptions
): Effect.Effect<CloudConfig, CloudConfigError> =>
  Effect.gen(function* () {
    const resolved = yield* resolve({
      ...documents,
      env: environment(env),
      envvars: options.envvars ?? true,
      cloud: options.cloud,
      kwargs: yield* overridesOf(options)
    })
    const envCloud = resolved.name === (env.get("OS_CLOUD_NAME") ?? "envvars")
    return yield* view(resolved.name, resolved.config, resolved.regions, env.get("HOME"), envCloud ? undefined : documents.config.file)
  })

const syntaxError = (file: string | undefined, problem: SyntaxProblem) =>
  new CloudConfigError({
    message: `${file ?? "the config"}${problem.line === undefined ? "" : `, line ${problem.line}${problem.column === undefined ? "" : `, column ${problem.column}`}`}: ${problem.message}`,
    ...(file === undefined ? {} : { file })
  })

const documentOf = (value: unknown, file: string | undefined): Effect.Effect<Document, CloudConfigError> => {
  const converted = fromJs(value)
  return Result.isFailure(converted)
    ? Effect.fail(syntaxError(file, { message: `${converted.failure.type} at ${converted.failure.path.join(".")} is not a config value` }))
    : Effect.succeed({ file, content: converted.success })
}

/**
 * Resolves a cloud from documents already parsed (clouds.yaml, secure.yaml, clouds-public.yaml as plain objects) and an
 * environment record, as {@link load} does from files and the process environment. Pure: no file, no `process.env`.
 * Integral numbers count as ints (`3` → `"3"`), other numbers as floats.
 *
 * @example
 * const cloud = yield* CloudConfig.fromObject({
 *   clouds: { clouds: { dev: { auth_type: "token", auth: { auth_url: "http://localhost:5000/v3", token: "t" } } } }
 * })
 * cloud.name      // "dev" (the only cloud)
 * cloud.authType  // "token"
 */
export const fromObject = (
  sources: Sources,
  options: ResolveOptions = {}
): Effect.Effect<CloudConfig, CloudConfigError> =>
  Effect.gen(function* () {
    const record = sources.env ?? {}
    const documents = {
      config: yield* documentOf(sources.clouds, sources.files?.config),
      secure: yield* documentOf(sources.secure, sources.files?.secure),
      vendor: yield* documentOf(sources.vendor, sources.files?.vendor)
    }
    return yield* run(documents, { get: (name) => record[name], names: Object.keys(record) }, options)
  })

// ---------------------------------------------------------------------------------------------------------------------
// Files and the environment
// ---------------------------------------------------------------------------------------------------------------------

/** Reads the environment through the ConfigProvider: one variable, and the names of the `OS_*` ones. */
const readEnvironment = Effect.gen(function* () {
  const provider = yield* ConfigProvider.ConfigProvider
  const failed = (error: { readonly message: string }) =>
    new CloudConfigError({ message: `cannot read the environment: ${error.message}` })
  const values = new Map<string, string>()
  const walk = (path: ReadonlyArray<string>): Effect.Effect<void, CloudConfigError> =>
    Effect.gen(function* () {
      const node = yield* Effect.mapError(provider.load(path), failed)
      if (node === undefined) return
      const name = path.join("_")
      if (name.startsWith("OS_") && node.value !== undefined) values.set(name, node.value)
      const children = node._tag === "Record"
        ? [...node.keys]
        : node._tag === "Array"
          ? Array.from({ length: node.length }, (_, i) => String(i))
          : []
      for (const child of children) {
        const joined = [...path, child].join("_")
        if ("OS_".startsWith(joined) || joined.startsWith("OS_")) yield* walk([...path, child])
      }
    })
  yield* walk([])
  const others = new Map<string, string | undefined>()
  for (const name of ["HOME", "SNAP_REAL_HOME", "XDG_CONFIG_HOME", "XDG_CONFIG_DIRS", "OS_CLOUD", "OS_CLOUD_NAME"]) {
    const node = yield* Effect.mapError(provider.load([name]), failed)
    others.set(name, node?.value)
  }
  const env: Env = { get: (name) => values.get(name) ?? others.get(name), names: [...values.keys()] }
  return env
})

/** openstacksdk's search path (loader.CONFIG_SEARCH_PATH): cwd, user config dirs, site config dirs. */
const searchPath = (env: Env, path: Path.Path): ReadonlyArray<string> => {
  const home = env.get("HOME")
  const dotConfig = home === undefined ? undefined : path.join(expandUser("~", home), ".config")
  const snap = env.get("SNAP_REAL_HOME")
  const userConfig = env.get("XDG_CONFIG_HOME") ?? dotConfig
  const unixConfig = snap !== undefined && snap !== "" ? path.join(snap, ".config") : dotConfig
  const siteConfig = (env.get("XDG_CONFIG_DIRS") ?? "/etc/xdg")
    .split(":")
    .map((dir) => `${expandUser(dir.replace(/\/+$/, ""), home)}/openstack`)
    .join(":")
  return [
    path.resolve("."),
    ...(userConfig === undefined ? [] : [path.join(userConfig, "openstack")]),
    ...(unixConfig === undefined ? [] : [path.join(unixConfig, "openstack")]),
    siteConfig,
    "/etc/openstack"
  ]
}

const candidates = (
  override: string | undefined,
  given: string | ReadonlyArray<string> | undefined,
  base: string,
  dirs: ReadonlyArray<string>,
  path: Path.Path
): ReadonlyArray<string> => [
  ...(override === undefined || override === "" ? [] : [override]),
  ...(given === undefined
    ? dirs.flatMap((dir) => [".yaml", ".yml", ".json"].map((suffix) => path.join(dir, base + suffix)))
    : typeof given === "string"
      ? [given]
      : given)
]

/** The first of the files that exists, parsed (openstacksdk's `_load_yaml_json_file`). */
const firstDocument = (
  files: ReadonlyArray<string>
): Effect.Effect<Document, CloudConfigError, FileSystem.FileSystem> =>
  Effect.gen(function* () {
    const fs = yield* FileSystem.FileSystem
    for (const file of files) {
      if (!(yield* fs.exists(file).pipe(Effect.orElseSucceed(() => false)))) continue
      const text = yield* fs.readFileString(file).pipe(
        Effect.map((t): string | undefined => t),
        Effect.catch((error) =>
          error.reason._tag === "PermissionDenied"
            ? Effect.succeed(undefined) // as openstacksdk: a file that cannot be opened is skipped
            : Effect.fail(new CloudConfigError({ message: `cannot read ${file}: ${error.message}`, file }))
        )
      )
      if (text === undefined) continue
      const parse = yield* parsers.pipe(Effect.mapError((problem) => syntaxError(file, problem)))
      const parsed = file.endsWith("json") ? parse.json(text) : parse.yaml(text)
      if (Result.isFailure(parsed)) return yield* Effect.fail(syntaxError(file, parsed.failure))
      return { file, content: parsed.success }
    }
    return { file: undefined, content: null }
  })

/**
 * Finds, reads and resolves the cloud as openstacksdk does: the files through `FileSystem` (searched where
 * openstacksdk searches them, unless `files` says which), the environment through the current `ConfigProvider`
 * (`OS_*` variables, `HOME`, `XDG_CONFIG_HOME`, …), so a test can provide both.
 *
 * @example
 * import { ConfigProvider, Effect } from "effect"
 * import * as NodeServices from "@effect/platform-node/NodeServices"
 *
 * const cloud = yield* CloudConfig.load({ cloud: "prod", regionName: "RegionTwo" }).pipe(
 *   Effect.provide(NodeServices.layer),
 *   Effect.provide(ConfigProvider.layer(ConfigProvider.fromEnv({ env: { HOME: "/home/me" } })))
 * )
 */
export const load = (
  options: LoadOptions = {}
): Effect.Effect<CloudConfig, CloudConfigError, FileSystem.FileSystem | Path.Path> =>
  Effect.gen(function* () {
    const path = yield* Path.Path
    const env = yield* readEnvironment
    const envvars = options.envvars ?? true
    const variable = (name: string) => envvars ? env.get(name) : undefined
    const dirs = searchPath(env, path)
    const documents = {
      config: yield* firstDocument(candidates(variable("OS_CLIENT_CONFIG_FILE"), options.files?.config, "clouds", dirs, path)),
      secure: yield* firstDocument(candidates(variable("OS_CLIENT_SECURE_FILE"), options.files?.secure, "secure", dirs, path)),
      vendor: yield* firstDocument(candidates(undefined, options.files?.vendor, "clouds-public", dirs, path))
    }
    return yield* run(documents, env, options)
  })
