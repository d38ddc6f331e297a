/**
 * openstacksdk 0.101's `OpenStackConfig(...).get_one(cloud, **kwargs)` (openstack/config/loader.py), step for step,
 * over {@link Py} values: the documents merged (secure.yaml over clouds.yaml), the `envvars` cloud from `OS_*`, the
 * cloud chosen (`OS_CLOUD`, the only one, `envvars`), its profile (clouds-public.yaml), its region, the overrides,
 * `magic_fixes` (tokens, passcode, timeouts, `endpoint_type`, `auth_plugin`, tenant → project, networks, `domain_id`),
 * key normalisation, the auth plugin's options moved into `auth` (keystoneauth1's loader, with its errors), and the
 * `str.format` expansion of the values. Every failure is a `CloudConfigError` naming the file, the cloud and the key.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as Result from "effect/Result"
import type { CloudConfigError } from "../../Errors.ts"
import { magicFixes } from "./magicFixes.ts"
import { getPluginLoader, isRejection, loadFromOptions, type Opt, type Plugin, pluginsTaking, type Rejection } from "./plugins.ts"
import { authUpdate, dictAt, problem, type Where } from "./problem.ts"
import {
  deepCopy,
  format,
  isDict,
  isList,
  isSecret,
  mergeClouds,
  normalizeKeys,
  type Py,
  type PyDict,
  repr,
  str,
  truthy
} from "./py.ts"

/**
 * A parsed file (content `null` when there is none).
 *
 * @example
 * const none: Document = { file: undefined, content: null }
 */
export interface Document {
  readonly file: string | undefined
  readonly content: Py
}

/**
 * The environment, as openstacksdk reads it.
 *
 * @example
 * const env: Environment = { get: () => undefined, os: [["OS_PASSWORD", Redacted.make("pw")]] }
 */
export interface Environment {
  /** A variable (`OS_CLOUD`, `OS_CLOUD_NAME`, …). */
  readonly get: (name: string) => string | undefined
  /** Every `OS_*` variable, in order, secrets already `Redacted`. */
  readonly os: ReadonlyArray<readonly [string, Py]>
}

/**
 * What to resolve.
 *
 * @example
 * const request: Request = { config, secure, vendor, env, envvars: true, cloud: "prod", kwargs: new Map() }
 */
export interface Request {
  readonly config: Document
  readonly secure: Document
  readonly vendor: Document
  readonly env: Environment
  /** openstacksdk's `load_envvars`. */
  readonly envvars: boolean
  readonly cloud: string | undefined
  /** `get_one`'s keyword arguments (`region_name`, `profile`, argparse-like options). */
  readonly kwargs: PyDict
}

/**
 * What `get_one` gives: the cloud's name, its config (`CloudRegion.config`) and the regions it knows.
 *
 * @example
 * const { name, config, regions } = yield* resolve(request)
 */
export interface Resolved {
  readonly name: string
  readonly config: PyDict
  readonly regions: ReadonlyArray<string>
}

/** openstacksdk's defaults (openstack/config/defaults.py + defaults.json), in their order. */
const defaults = (): PyDict =>
  new Map<string, Py>([
    ["api_timeout", null],
    ["verify", true],
    ["cacert", null],
    ["cert", null],
    ["key", null],
    ["auth_type", "password"],
    ["baremetal_status_code_retries", 5n],
    ["baremetal_introspection_status_code_retries", 5n],
    ["image_status_code_retries", 5n],
    ["disable_vendor_agent", new Map()],
    ["interface", "public"],
    ["floating_ip_source", "neutron"],
    ["image_api_use_tasks", false],
    ["image_format", "qcow2"],
    ["message", ""],
    ["network_api_version", "2"],
    ["object_store_api_version", "1"],
    ["secgroup_source", "neutron"],
    ["status", "active"]
  ])

const selectors = new Set(["OS_CLOUD", "OS_REGION_NAME", "OS_CLIENT_CONFIG_FILE", "OS_CLIENT_SECURE_FILE", "OS_CLOUD_NAME"])

/** A region: its name, and the values it sets (`regions: [{ name, values }]`). */
interface Region {
  readonly name: Py
  readonly values: PyDict
}

/** What `OpenStackConfig.__init__` leaves: every cloud (`envvars`, `defaults` included), `envvar_key`, the default. */
interface Loaded {
  readonly request: Request
  readonly clouds: PyDict
  readonly envvarKey: string
  readonly defaultCloud: string | undefined
}

/** The cloud `get_one` uses: its name, its entry in `clouds` (empty when none is chosen), where its failures are. */
interface Chosen extends Loaded {
  readonly name: string | undefined
  readonly entry: PyDict
  readonly here: Where
}

/**
 * Resolves one cloud as openstacksdk's `OpenStackConfig(config_files, secure_files, vendor_files, load_envvars)`
 * followed by `get_one(cloud, **kwargs)` does.
 *
 * @example
 * const resolved = yield* resolve({ config, secure, vendor, env, envvars: true, cloud: undefined, kwargs: new Map() })
 */
export const resolve = (request: Request): Effect.Effect<Resolved, CloudConfigError> =>
  Effect.gen(function* () {
    const loaded = yield* openStackConfig(request)
    const { args, profile } = getOneArgs(request)
    const chosen = yield* getBaseCloud(loaded, args, profile)
    const base = yield* getBaseCloudConfig(chosen)
    const known = yield* getKnownRegions(chosen)
    const region = yield* getRegion(chosen, known, args)
    const merged = yield* applyRegionAndArgs(base, region, args, chosen.here)
    const config = normalizeKeys(yield* magicFixes(merged, chosen.here))
    yield* loadAuthPlugin(chosen, config)
    yield* expandTemplates(chosen, config)
    config.delete("force_ipv4")
    config.delete("prefer_ipv6")
    return { name: chosen.name ?? "", config: normalizeKeys(config), regions: (known ?? []).map((r) => str(r.name)) }
  })

// ---------------------------------------------------------------------------------------------------------------------
// OpenStackConfig.__init__
// ---------------------------------------------------------------------------------------------------------------------

/** A variable that openstacksdk reads only when `load_envvars` is set (`OS_CLOUD`, `OS_CLOUD_NAME`). */
const getEnv = (request: Request, name: string): string | undefined =>
  request.envvars ? request.env.get(name) : undefined

/** `OpenStackConfig.__init__`: the documents merged, the `envvars` cloud added, the default cloud chosen. */
const openStackConfig = (request: Request): Effect.Effect<Loaded, CloudConfigError> =>
  Effect.gen(function* () {
    const clouds = yield* mergeDocuments(request)
    const envvarKey = yield* envvarCloudName(request, clouds)
    const defaultCloud = defaultCloudName(request, clouds, envvarKey)
    return { request, clouds, envvarKey, defaultCloud }
  })

/** `__init__`'s `cloud_config`: clouds.yaml with secure.yaml merged over it (`_merge_clouds`); its `clouds` mapping. */
const mergeDocuments = (request: Request): Effect.Effect<PyDict, CloudConfigError> =>
  Effect.gen(function* () {
    const inFile: Where = { file: request.config.file }
    let document: PyDict = new Map()
    if (truthy(request.config.content)) document = yield* dictAt(request.config.content, "the top level", inFile)
    if (truthy(request.secure.content)) {
      const secure = yield* dictAt(request.secure.content, "the top level", { file: request.secure.file })
      document = mergeClouds(document, secure)
    }
    if (!document.has("clouds")) document.set("clouds", new Map())
    return yield* dictAt(document.get("clouds"), "clouds", inFile)
  })

/** `__init__`'s `envvar_key`: `OS_CLOUD_NAME` (else "envvars"), which must not name a cloud of the file. */
const envvarCloudName = (request: Request, clouds: PyDict): Effect.Effect<string, CloudConfigError> => {
  const configFile = request.config.file
  const envvarKey = getEnv(request, "OS_CLOUD_NAME") ?? "envvars"
  if (!clouds.has(envvarKey)) return Effect.succeed(envvarKey)
  return Effect.fail(problem(
    `${configFile ?? "the config"} defines a cloud named "${envvarKey}", but OS_CLOUD_NAME is also set to "${envvarKey}"`
    + " (or left to its default): rename the environment's cloud (OS_CLOUD_NAME) or the cloud in the file",
    { file: configFile, cloud: envvarKey, key: "OS_CLOUD_NAME" }
  ))
}

/**
 * `_get_os_environ`: the `envvars` cloud (the defaults, and every `OS_*` variable), added to `clouds` when a variable
 * other than the selectors is set. Whether it was added.
 */
const addEnvvarsCloud = (request: Request, clouds: PyDict, envvarKey: string): boolean => {
  if (!request.envvars) return false
  const names = request.env.os
    .map(([name]) => name)
    .filter((name) => !name.startsWith("OS_TEST") && !name.startsWith("OS_STD") && !name.startsWith("OS_LOG"))
  if (!names.some((name) => !selectors.has(name))) return false
  const envCloud = defaults()
  for (const [name, value] of request.env.os) {
    if (names.includes(name)) envCloud.set(name.slice(3).toLowerCase(), value)
  }
  clouds.set(envvarKey, envCloud)
  return true
}

/** `__init__`'s `default_cloud`: `OS_CLOUD`, else the `envvars` cloud, else the only cloud, else a `defaults` cloud. */
const defaultCloudName = (request: Request, clouds: PyDict, envvarKey: string): string | undefined => {
  let defaultCloud = getEnv(request, "OS_CLOUD")
  if (addEnvvarsCloud(request, clouds, envvarKey) && !truthy(defaultCloud ?? null)) defaultCloud = envvarKey
  if (!truthy(defaultCloud ?? null) && clouds.size === 1) defaultCloud = [...clouds.keys()][0]
  if (clouds.size === 0) {
    clouds.set("defaults", defaults())
    defaultCloud = "defaults"
  }
  return defaultCloud
}

// ---------------------------------------------------------------------------------------------------------------------
// get_one: the cloud and its base config
// ---------------------------------------------------------------------------------------------------------------------

/** openstacksdk's `_fix_args`: dashes to underscores, `os_` prefixes dropped (and winning), nested dicts too. */
const fixArgs = (args: PyDict): PyDict => {
  const osArgs: PyDict = new Map()
  const out: PyDict = new Map()
  for (const [k, v] of args) {
    if (isDict(v)) {
      out.set(k, fixArgs(v))
      continue
    }
    const key = k.replace(/-/g, "_")
    if (key.startsWith("os_")) osArgs.set(key.slice(3), v)
    else out.set(key, v)
  }
  for (const [k, v] of osArgs) out.set(k, v)
  return out
}

/** `get_one`'s keyword arguments: `profile` taken out, the rest through `_fix_args`. */
const getOneArgs = (request: Request): { readonly args: PyDict, readonly profile: Py } => {
  const kwargs = new Map(request.kwargs)
  const profile = kwargs.get("profile") ?? null
  kwargs.delete("profile")
  return { args: fixArgs(kwargs), profile }
}

/** `get_one`'s cloud: the `cloud` asked for, else the `cloud` argument, else the default cloud; a name. */
const cloudName = (loaded: Loaded, args: PyDict): Effect.Effect<string | undefined, CloudConfigError> => {
  const argCloud = args.get("cloud")
  const chosen: Py | undefined = loaded.request.cloud ?? (args.has("cloud") ? argCloud : loaded.defaultCloud)
  if (chosen !== undefined && chosen !== null && typeof chosen !== "string") {
    return Effect.fail(problem(`the cloud to use must be a name, not ${repr(chosen)}`, { key: "cloud" }))
  }
  return Effect.succeed(chosen ?? undefined)
}

/** `_get_base_cloud_config`'s lookup: the chosen cloud, which must be known and a mapping, with `profile` applied. */
const getBaseCloud = (loaded: Loaded, args: PyDict, profile: Py): Effect.Effect<Chosen, CloudConfigError> =>
  Effect.gen(function* () {
    const { clouds, request } = loaded
    const configFile = request.config.file
    const name = yield* cloudName(loaded, args)
    const here: Where = { file: name === loaded.envvarKey ? undefined : configFile, cloud: name }
    if (name !== undefined && name !== "" && !clouds.has(name)) {
      const known = [...clouds.keys()]
      return yield* Effect.fail(problem(
        `cloud "${name}" was not found in ${configFile ?? "any clouds.yaml"}`
        + `; known clouds: ${known.length === 0 ? "none" : known.join(", ")}`,
        { file: configFile, cloud: name, key: "cloud" }
      ))
    }
    const entry = name === undefined || !clouds.has(name)
      ? new Map<string, Py>()
      : yield* dictAt(clouds.get(name), `clouds.${name}`, here)
    if (truthy(profile)) entry.set("profile", profile)
    return { ...loaded, name, entry, here }
  })

/** `_get_base_cloud_config`: the defaults, the cloud's profile over them, the cloud over that (`_auth_update`). */
const getBaseCloudConfig = (chosen: Chosen): Effect.Effect<PyDict, CloudConfigError> =>
  Effect.gen(function* () {
    const config = defaults()
    yield* expandVendorProfile(chosen, config)
    if (!config.has("auth")) config.set("auth", new Map())
    yield* authUpdate(config, chosen.entry, chosen.here)
    config.delete("cloud")
    return config
  })

/** `_expand_vendor_profile`: the cloud's profile (`profile`, else `cloud`) from clouds-public.yaml, over `cloud`. */
const expandVendorProfile = (chosen: Chosen, cloud: PyDict): Effect.Effect<void, CloudConfigError> =>
  Effect.gen(function* () {
    const { entry, request } = chosen
    const profile = entry.has("profile") ? entry.get("profile") : entry.get("cloud")
    if (!truthy(profile) || profile === chosen.envvarKey) return
    const vendorFile = request.vendor.file
    const publicClouds = isDict(request.vendor.content) ? request.vendor.content.get("public-clouds") : undefined
    const found = isDict(publicClouds) && typeof profile === "string" ? publicClouds.get(profile) : undefined
    if (found === undefined) return yield* Effect.fail(unknownProfile(chosen, profile ?? null, publicClouds))
    yield* authUpdate(cloud, yield* dictAt(found, `public-clouds.${str(profile ?? null)}`, { file: vendorFile }), { file: vendorFile })
  })

/** The failure of a profile that clouds-public.yaml does not define (openstacksdk's built-in ones are not shipped). */
const unknownProfile = (chosen: Chosen, profile: Py, publicClouds: Py | undefined): CloudConfigError => {
  const vendorFile = chosen.request.vendor.file
  const known = isDict(publicClouds) ? [...publicClouds.keys()] : []
  return problem(
    `cloud "${chosen.name ?? ""}" uses the profile ${repr(profile)}, which `
    + (vendorFile === undefined
      ? "cannot be found: there is no clouds-public.yaml"
      : `${vendorFile} does not define (${known.length === 0 ? "it defines none" : `it defines ${known.join(", ")}`})`)
    + "; openstacksdk's built-in vendor profiles are not shipped, define it in clouds-public.yaml",
    { file: vendorFile ?? chosen.request.config.file, cloud: chosen.name, key: chosen.entry.has("profile") ? "profile" : "cloud" }
  )
}

// ---------------------------------------------------------------------------------------------------------------------
// get_one: the region, and the arguments over the config
// ---------------------------------------------------------------------------------------------------------------------

/** `_get_known_regions`: the cloud's `regions`, else its `region_name` (a list, or a,b,c), else its profile's. */
const getKnownRegions = (chosen: Chosen): Effect.Effect<ReadonlyArray<Region> | undefined, CloudConfigError> =>
  Effect.gen(function* () {
    const here = chosen.here
    if (chosen.name === undefined || chosen.name === "") return undefined
    const cloud = normalizeKeys(chosen.entry)
    if (cloud.has("regions")) {
      const regions = cloud.get("regions")
      if (!isList(regions)) {
        return yield* Effect.fail(problem(`regions must be a list, not ${repr(regions ?? null)}`, { ...here, key: "regions" }))
      }
      return yield* expandRegions(regions, here)
    }
    if (cloud.has("region_name")) {
      const regionName = cloud.get("region_name")
      if (isList(regionName)) return yield* expandRegions(regionName, here)
      if (typeof regionName !== "string") {
        return yield* Effect.fail(problem(`region_name must be a string, not ${repr(regionName ?? null)}`, { ...here, key: "region_name" }))
      }
      return yield* expandRegions(regionName.split(","), here)
    }
    return yield* profileRegions(chosen)
  })

/** `_get_known_regions`' last resort: the profile's `regions`, else its `region_name`. */
const profileRegions = (chosen: Chosen): Effect.Effect<ReadonlyArray<Region> | undefined, CloudConfigError> =>
  Effect.gen(function* () {
    const fromProfile: PyDict = new Map()
    yield* expandVendorProfile(chosen, fromProfile)
    const regions = fromProfile.get("regions")
    if (truthy(regions)) {
      if (!isList(regions)) {
        return yield* Effect.fail(problem(`the profile's regions must be a list, not ${repr(regions ?? null)}`, { ...chosen.here, key: "regions" }))
      }
      return yield* expandRegions(regions, chosen.here)
    }
    const regionName = fromProfile.get("region_name")
    return truthy(regionName) ? [{ name: regionName ?? null, values: new Map() }] : undefined
  })

/** `_expand_regions`: each region a name, or a mapping of `name` and `values` (the values copied). */
const expandRegions = (regions: ReadonlyArray<Py>, here: Where): Effect.Effect<Array<Region>, CloudConfigError> =>
  Effect.gen(function* () {
    const out: Array<Region> = []
    for (const region of regions) {
      if (isDict(region)) {
        if (!region.has("name") || [...region.keys()].some((k) => k !== "name" && k !== "values")) {
          return yield* Effect.fail(problem(
            `invalid region entry ${repr(region)}: a region is a name, or a mapping with "name" and "values" only`,
            { ...here, key: "regions" }
          ))
        }
        const values = region.get("values") ?? new Map()
        out.push({ name: region.get("name") ?? null, values: yield* dictAt(deepCopy(values), "regions.values", here) })
      } else {
        out.push({ name: region, values: new Map() })
      }
    }
    return out
  })

/** `_get_region`: the `region_name` argument, which must be a known region (when any is known), else the first. */
const getRegion = (
  chosen: Chosen,
  known: ReadonlyArray<Region> | undefined,
  args: PyDict
): Effect.Effect<Region, CloudConfigError> => {
  if (!args.has("region_name")) args.set("region_name", "")
  const askedRegion = args.get("region_name") ?? null
  if (known === undefined || known.length === 0) return Effect.succeed({ name: askedRegion ?? "", values: new Map() })
  const first = known[0]
  const match = known.find((r) => r.name === askedRegion)
  if (!truthy(askedRegion) && first !== undefined) return Effect.succeed(first)
  if (match !== undefined) return Effect.succeed(match)
  return Effect.fail(problem(
    `region ${str(askedRegion)} is not a region of cloud "${chosen.name ?? ""}"; its regions are `
    + `${known.map((r) => str(r.name)).join(", ")} (region names are case sensitive)`,
    { ...chosen.here, key: "region_name" }
  ))
}

/** `get_one`'s merge: the region's values, then the arguments, over the config (`None` skipped, `auth` updated). */
const applyRegionAndArgs = (
  config: PyDict,
  region: Region,
  args: PyDict,
  here: Where
): Effect.Effect<PyDict, CloudConfigError> =>
  Effect.gen(function* () {
    args.set("region_name", region.name)
    config.delete("regions")
    for (const list of [deepCopy(region.values), args]) {
      if (!isDict(list)) continue
      for (const [key, value] of list) {
        if (value === null) continue
        if (key === "auth" && config.get("auth") !== null) {
          yield* authUpdate(yield* dictAt(config.get("auth"), "auth", here), yield* dictAt(value, "auth", here), here)
        } else {
          config.set(key, value)
        }
      }
    }
    return config
  })

// ---------------------------------------------------------------------------------------------------------------------
// get_one: the auth plugin and the templates
// ---------------------------------------------------------------------------------------------------------------------

/** `_get_auth_loader`, `_validate_auth`, keystoneauth1's `load_from_options`: the options into `auth`, checked. */
const loadAuthPlugin = (chosen: Chosen, config: PyDict): Effect.Effect<void, CloudConfigError> =>
  Effect.gen(function* () {
    const { pluginName, loader } = yield* getAuthLoader(config, chosen.here)
    const auth = yield* dictAt(config.get("auth"), "auth", chosen.here)
    for (const option of loader.options) validateOption(config, auth, option)
    const rejection = loadFromOptions(str(pluginName), loader, auth)
    if (rejection !== undefined) return yield* Effect.fail(rejectedAuth(chosen, pluginName, rejection))
  })

/** `_get_auth_loader`: `auth_type` None or "" as `none`, `token_endpoint` as `admin_token`; the plugin's loader. */
const getAuthLoader = (
  config: PyDict,
  here: Where
): Effect.Effect<{ readonly pluginName: Py, readonly loader: Plugin }, CloudConfigError> => {
  const authType = config.get("auth_type") ?? null
  if (authType === null || authType === "None" || authType === "") config.set("auth_type", "none")
  else if (authType === "token_endpoint") config.set("auth_type", "admin_token")
  const pluginName = config.get("auth_type") ?? null
  const loader = getPluginLoader(pluginName)
  if (isRejection(loader)) {
    return Effect.fail(problem(
      `auth_type ${repr(pluginName)} names no auth plugin (${loader.message})`,
      { ...here, key: "auth_type" }
    ))
  }
  return Effect.succeed({ pluginName, loader })
}

/** openstacksdk's `_validate_auth` for one option: the value in `auth` (else at the top) moved to `auth[dest]`. */
const validateOption = (config: PyDict, auth: PyDict, option: Opt) => {
  const names = [option.name, ...option.deprecated]
  const winning = (from: PyDict) => {
    const name = names.find((n) => from.has(n))
    return name === undefined ? undefined : from.get(name)
  }
  let value = winning(auth)
  if (!truthy(value)) value = winning(config)
  for (const name of names) {
    config.delete(name)
    auth.delete(name)
  }
  if (value !== undefined && truthy(value)) auth.set(option.dest, value)
}

/** The failure of `load_from_options`, with a hint for an unexpected option: the plugins that take it. */
const rejectedAuth = (chosen: Chosen, pluginName: Py, rejection: Rejection): CloudConfigError => {
  const takers = pluginsTaking(rejection.option)
  const hint = rejection.kind === "UnexpectedOption"
    ? `the ${str(pluginName)} plugin does not take auth.${rejection.option}`
    + (takers.length === 0 ? "" : ` (openstacksdk does not guess auth_type: set it, e.g. to ${takers.slice(0, 3).join(" or ")})`)
    : rejection.message
  const subject = chosen.name === undefined
    ? `no cloud was chosen (set OS_CLOUD or pass cloud; known clouds: ${[...chosen.clouds.keys()].join(", ")}), and the defaults`
    : `cloud "${chosen.name}"`
  return problem(
    `${subject} cannot be used with auth_type ${str(pluginName)}: ${hint}`,
    { ...chosen.here, key: rejection.option === "auth_type" ? "auth_type" : `auth.${rejection.option}` }
  )
}

/** "If any of the defaults reference other values, we need to expand": each text but `password` via `str.format`. */
const expandTemplates = (chosen: Chosen, config: PyDict): Effect.Effect<void, CloudConfigError> =>
  Effect.gen(function* () {
    for (const [key, value] of config) {
      if (key === "password") continue
      if (typeof value === "string" || isSecret(value)) {
        const text = isSecret(value) ? Redacted.value(value) : value
        const formatted = format(text, config)
        if (Result.isFailure(formatted)) {
          return yield* Effect.fail(problem(
            `cloud "${chosen.name ?? ""}": ${key} is not a valid template (openstacksdk expands {name} in values with`
            + ` str.format; write {{ and }} for braces): ${formatted.failure}`,
            { ...chosen.here, key }
          ))
        }
        if (formatted.success !== text) {
          config.set(key, isSecret(value) ? Redacted.make(formatted.success) : formatted.success)
        }
      }
    }
  })
