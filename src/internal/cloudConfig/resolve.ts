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
import { CloudConfigError } from "../../Errors.ts"
import { getPluginLoader, isRejection, loadFromOptions, type Opt, pluginsTaking } from "./plugins.ts"
import {
  copyDict,
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
  strKeepSecret,
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

/** Where a failure is: the file, the cloud, the key. */
interface Where {
  readonly file?: string | undefined
  readonly cloud?: string | undefined
  readonly key?: string | undefined
}

const problem = (message: string, where: Where): CloudConfigError =>
  new CloudConfigError({
    message,
    ...(where.file === undefined ? {} : { file: where.file }),
    ...(where.cloud === undefined ? {} : { cloud: where.cloud }),
    ...(where.key === undefined ? {} : { key: where.key })
  })

/** Python's `get_boolean`: None is False, a bool itself, a str true when it is "true" in any case. */
const getBoolean = (value: Py | undefined, key: string, where: Where): Effect.Effect<boolean, CloudConfigError> => {
  if (value === undefined || value === null) return Effect.succeed(false)
  if (typeof value === "boolean") return Effect.succeed(value)
  if (typeof value === "string") return Effect.succeed(value.toLowerCase() === "true")
  return Effect.fail(problem(`${key} must be a boolean or a string, not ${repr(value)}`, { ...where, key }))
}

/** The dict at `key`, or a failure naming it. */
const dictAt = (value: Py | undefined, key: string, where: Where): Effect.Effect<PyDict, CloudConfigError> =>
  isDict(value)
    ? Effect.succeed(value)
    : Effect.fail(problem(`${key} must be a mapping, not ${value === undefined ? "missing" : repr(value)}`, { ...where, key }))

/** openstacksdk's `_auth_update`: `dict.update`, except that `auth` is updated, not replaced. */
const authUpdate = (target: PyDict, source: PyDict, where: Where): Effect.Effect<PyDict, CloudConfigError> =>
  Effect.gen(function* () {
    for (const [k, v] of copyDict(source)) {
      if (k === "auth") {
        const update = yield* dictAt(v, "auth", where)
        const current = target.get("auth")
        if (current === undefined) target.set("auth", new Map(update))
        else for (const [ak, av] of update) (yield* dictAt(current, "auth", where)).set(ak, av)
      } else {
        target.set(k, v)
      }
    }
    return target
  })

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

interface Region {
  readonly name: Py
  readonly values: PyDict
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
    const configFile = request.config.file
    const inFile: Where = { file: configFile }
    const getEnv = (name: string) => request.envvars ? request.env.get(name) : undefined

    // --- OpenStackConfig.__init__ --------------------------------------------------------------------------------
    let document: PyDict = new Map()
    if (truthy(request.config.content)) document = yield* dictAt(request.config.content, "the top level", inFile)
    if (truthy(request.secure.content)) {
      const secure = yield* dictAt(request.secure.content, "the top level", { file: request.secure.file })
      document = mergeClouds(document, secure)
    }
    if (!document.has("clouds")) document.set("clouds", new Map())
    const clouds = yield* dictAt(document.get("clouds"), "clouds", inFile)

    const envvarKey = getEnv("OS_CLOUD_NAME") ?? "envvars"
    if (clouds.has(envvarKey)) {
      return yield* Effect.fail(problem(
        `${configFile ?? "the config"} defines a cloud named "${envvarKey}", but OS_CLOUD_NAME is also set to "${envvarKey}"`
        + " (or left to its default): rename the environment's cloud (OS_CLOUD_NAME) or the cloud in the file",
        { ...inFile, cloud: envvarKey, key: "OS_CLOUD_NAME" }
      ))
    }
    let defaultCloud = getEnv("OS_CLOUD")
    if (request.envvars) {
      const names = request.env.os
        .map(([name]) => name)
        .filter((name) => !name.startsWith("OS_TEST") && !name.startsWith("OS_STD") && !name.startsWith("OS_LOG"))
      if (names.some((name) => !selectors.has(name))) {
        const envCloud = defaults()
        for (const [name, value] of request.env.os) {
          if (names.includes(name)) envCloud.set(name.slice(3).toLowerCase(), value)
        }
        clouds.set(envvarKey, envCloud)
        if (!truthy(defaultCloud ?? null)) defaultCloud = envvarKey
      }
    }
    if (!truthy(defaultCloud ?? null) && clouds.size === 1) defaultCloud = [...clouds.keys()][0]
    if (clouds.size === 0) {
      clouds.set("defaults", defaults())
      defaultCloud = "defaults"
    }

    // --- vendor profiles ------------------------------------------------------------------------------------------
    const expandVendorProfile = (name: string | undefined, cloud: PyDict, ourCloud: PyDict) =>
      Effect.gen(function* () {
        const profile = ourCloud.has("profile") ? ourCloud.get("profile") : ourCloud.get("cloud")
        if (!truthy(profile) || profile === envvarKey) return
        const vendorFile = request.vendor.file
        const publicClouds = isDict(request.vendor.content) ? request.vendor.content.get("public-clouds") : undefined
        const found = isDict(publicClouds) && typeof profile === "string" ? publicClouds.get(profile) : undefined
        if (found === undefined) {
          const known = isDict(publicClouds) ? [...publicClouds.keys()] : []
          return yield* Effect.fail(problem(
            `cloud "${name ?? ""}" uses the profile ${repr(profile ?? null)}, which `
            + (vendorFile === undefined
              ? "cannot be found: there is no clouds-public.yaml"
              : `${vendorFile} does not define (${known.length === 0 ? "it defines none" : `it defines ${known.join(", ")}`})`)
            + "; openstacksdk's built-in vendor profiles are not shipped, define it in clouds-public.yaml",
            { file: vendorFile ?? configFile, cloud: name, key: ourCloud.has("profile") ? "profile" : "cloud" }
          ))
        }
        yield* authUpdate(cloud, yield* dictAt(found, `public-clouds.${str(profile ?? null)}`, { file: vendorFile }), { file: vendorFile })
      })

    // --- get_one --------------------------------------------------------------------------------------------------
    const kwargs = new Map(request.kwargs)
    const profileArg = kwargs.get("profile") ?? null
    kwargs.delete("profile")
    const args = fixArgs(kwargs)

    const argCloud = args.get("cloud")
    const chosen: Py | undefined = request.cloud ?? (args.has("cloud") ? argCloud : defaultCloud)
    if (chosen !== undefined && chosen !== null && typeof chosen !== "string") {
      return yield* Effect.fail(problem(`the cloud to use must be a name, not ${repr(chosen)}`, { key: "cloud" }))
    }
    const cloudName = chosen ?? undefined
    const here: Where = { file: cloudName === envvarKey ? undefined : configFile, cloud: cloudName }

    // _get_base_cloud_config
    if (cloudName !== undefined && cloudName !== "" && !clouds.has(cloudName)) {
      const known = [...clouds.keys()]
      return yield* Effect.fail(problem(
        `cloud "${cloudName}" was not found in ${configFile ?? "any clouds.yaml"}`
        + `; known clouds: ${known.length === 0 ? "none" : known.join(", ")}`,
        { ...inFile, cloud: cloudName, key: "cloud" }
      ))
    }
    const ourCloud = cloudName === undefined || !clouds.has(cloudName)
      ? new Map<string, Py>()
      : yield* dictAt(clouds.get(cloudName), `clouds.${cloudName}`, here)
    if (truthy(profileArg)) ourCloud.set("profile", profileArg)
    let config = defaults()
    yield* expandVendorProfile(cloudName, config, ourCloud)
    if (!config.has("auth")) config.set("auth", new Map())
    yield* authUpdate(config, ourCloud, here)
    config.delete("cloud")

    // _get_region
    const expandRegions = (regions: ReadonlyArray<Py>) =>
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
    const knownRegions = Effect.gen(function* () {
      if (cloudName === undefined || cloudName === "") return undefined
      const cloud = normalizeKeys(ourCloud)
      if (cloud.has("regions")) {
        const regions = cloud.get("regions")
        if (!isList(regions)) {
          return yield* Effect.fail(problem(`regions must be a list, not ${repr(regions ?? null)}`, { ...here, key: "regions" }))
        }
        return yield* expandRegions(regions)
      }
      if (cloud.has("region_name")) {
        const regionName = cloud.get("region_name")
        if (isList(regionName)) return yield* expandRegions(regionName)
        if (typeof regionName !== "string") {
          return yield* Effect.fail(problem(`region_name must be a string, not ${repr(regionName ?? null)}`, { ...here, key: "region_name" }))
        }
        return yield* expandRegions(regionName.split(","))
      }
      const fromProfile: PyDict = new Map()
      yield* expandVendorProfile(cloudName, fromProfile, ourCloud)
      const regions = fromProfile.get("regions")
      if (truthy(regions)) {
        if (!isList(regions)) {
          return yield* Effect.fail(problem(`the profile's regions must be a list, not ${repr(regions ?? null)}`, { ...here, key: "regions" }))
        }
        return yield* expandRegions(regions)
      }
      const regionName = fromProfile.get("region_name")
      return truthy(regionName) ? [{ name: regionName ?? null, values: new Map() }] : undefined
    })

    if (!args.has("region_name")) args.set("region_name", "")
    const askedRegion = args.get("region_name") ?? null
    const known = yield* knownRegions
    let region: Region = { name: askedRegion ?? "", values: new Map() }
    if (known !== undefined && known.length > 0) {
      const first = known[0]
      const match = known.find((r) => r.name === askedRegion)
      if (!truthy(askedRegion) && first !== undefined) {
        region = first
      } else if (match === undefined) {
        return yield* Effect.fail(problem(
          `region ${str(askedRegion)} is not a region of cloud "${cloudName ?? ""}"; its regions are `
          + `${known.map((r) => str(r.name)).join(", ")} (region names are case sensitive)`,
          { ...here, key: "region_name" }
        ))
      } else {
        region = match
      }
    }
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

    config = yield* magicFixes(config, here)
    config = normalizeKeys(config)

    // _get_auth_loader + _validate_auth + load_from_options
    const authType = config.get("auth_type") ?? null
    if (authType === null || authType === "None" || authType === "") config.set("auth_type", "none")
    else if (authType === "token_endpoint") config.set("auth_type", "admin_token")
    const pluginName = config.get("auth_type") ?? null
    const loader = getPluginLoader(pluginName)
    if (isRejection(loader)) {
      return yield* Effect.fail(problem(
        `auth_type ${repr(pluginName)} names no auth plugin (${loader.message})`,
        { ...here, key: "auth_type" }
      ))
    }
    const auth = yield* dictAt(config.get("auth"), "auth", here)
    for (const option of loader.options) validateOption(config, auth, option)
    const rejection = loadFromOptions(str(pluginName), loader, auth)
    if (rejection !== undefined) {
      const takers = pluginsTaking(rejection.option)
      const hint = rejection.kind === "UnexpectedOption"
        ? `the ${str(pluginName)} plugin does not take auth.${rejection.option}`
        + (takers.length === 0 ? "" : ` (openstacksdk does not guess auth_type: set it, e.g. to ${takers.slice(0, 3).join(" or ")})`)
        : rejection.message
      const subject = cloudName === undefined
        ? `no cloud was chosen (set OS_CLOUD or pass cloud; known clouds: ${[...clouds.keys()].join(", ")}), and the defaults`
        : `cloud "${cloudName}"`
      return yield* Effect.fail(problem(
        `${subject} cannot be used with auth_type ${str(pluginName)}: ${hint}`,
        { ...here, key: rejection.option === "auth_type" ? "auth_type" : `auth.${rejection.option}` }
      ))
    }

    // "If any of the defaults reference other values, we need to expand"
    for (const [key, value] of config) {
      if (key === "password") continue
      if (typeof value === "string" || isSecret(value)) {
        const text = isSecret(value) ? Redacted.value(value) : value
        const formatted = format(text, config)
        if (Result.isFailure(formatted)) {
          return yield* Effect.fail(problem(
            `cloud "${cloudName ?? ""}": ${key} is not a valid template (openstacksdk expands {name} in values with`
            + ` str.format; write {{ and }} for braces): ${formatted.failure}`,
            { ...here, key }
          ))
        }
        if (formatted.success !== text) {
          config.set(key, isSecret(value) ? Redacted.make(formatted.success) : formatted.success)
        }
      }
    }
    config.delete("force_ipv4")
    config.delete("prefer_ipv6")
    config = normalizeKeys(config)

    return {
      name: cloudName ?? "",
      config,
      regions: (known ?? []).map((r) => str(r.name))
    }
  })

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

/** openstacksdk's `magic_fixes`. */
const magicFixes = (input: PyDict, where: Where): Effect.Effect<PyDict, CloudConfigError> =>
  Effect.gen(function* () {
    let config = input
    const auth = () => dictAt(config.get("auth"), "auth", where)

    // Infer token plugin if a token was given (only: move auth_token to token)
    if ((yield* auth()).has("token") || truthy(config.get("auth_token")) || truthy(config.get("token"))) {
      const authToken = config.get("auth_token") ?? null
      config.delete("auth_token")
      if (!config.has("token")) config.set("token", authToken)
    }
    if (config.has("passcode")) {
      const passcode = config.get("passcode") ?? null
      config.delete("passcode")
      ;(yield* auth()).set("passcode", passcode)
    }

    // _fix_backwards_api_timeout
    let serviceTimeout: Py | undefined
    const withoutTimeouts: PyDict = new Map()
    for (const [key, value] of config) {
      if (key.endsWith("timeout") && key !== "timeout" && key !== "api_timeout") serviceTimeout = value
      else withoutTimeouts.set(key, value)
    }
    if (serviceTimeout !== undefined && serviceTimeout !== null) withoutTimeouts.set("api_timeout", serviceTimeout)
    config = withoutTimeouts

    if (config.has("endpoint_type")) {
      const endpointType = config.get("endpoint_type") ?? null
      config.delete("endpoint_type")
      config.set("interface", endpointType)
    }

    // _fix_backwards_auth_plugin
    let authType: Py = null
    for (const key of ["auth_plugin", "auth_type"]) {
      if (config.has(key)) {
        authType = config.get(key) ?? null
        config.delete(key)
      }
    }
    config.set("auth_type", authType)

    yield* fixBackwardsProject(config, yield* auth())

    // _fix_backwards_interface
    const renamed: PyDict = new Map()
    for (const [key, value] of config) {
      renamed.set(key.endsWith("endpoint_type") ? key.split("endpoint_type").join("interface") : key, value)
    }
    config = renamed

    yield* fixBackwardsNetworks(config, where)
    handleDomainId(config, yield* auth())

    for (const key of ["insecure", "cache"]) {
      const value = config.get(key)
      if (value !== undefined && typeof value !== "boolean") config.set(key, yield* getBoolean(value, key, where))
    }

    const authUrl = (yield* auth()).get("auth_url")
    if (authUrl !== undefined) {
      if (typeof authUrl !== "string") {
        return yield* Effect.fail(problem(`auth.auth_url must be a string, not ${repr(authUrl)}`, { ...where, key: "auth.auth_url" }))
      }
      const formatted = format(authUrl, config)
      if (Result.isFailure(formatted)) {
        return yield* Effect.fail(problem(`auth.auth_url is not a valid template: ${formatted.failure}`, { ...where, key: "auth.auth_url" }))
      }
      ;(yield* auth()).set("auth_url", formatted.success)
    }
    return config
  })

/** openstacksdk's `_fix_backwards_project`: old and dashed names to the v3 ones (or to tenant_* for v2password). */
const fixBackwardsProject = (config: PyDict, auth: PyDict): Effect.Effect<void> =>
  Effect.sync(() => {
    const mappings: Array<readonly [string, ReadonlyArray<string>]> = [
      ["domain_id", ["domain_id", "domain-id"]],
      ["domain_name", ["domain_name", "domain-name"]],
      ["user_domain_id", ["user_domain_id", "user-domain-id"]],
      ["user_domain_name", ["user_domain_name", "user-domain-name"]],
      ["project_domain_id", ["project_domain_id", "project-domain-id"]],
      ["project_domain_name", ["project_domain_name", "project-domain-name"]],
      ["token", ["auth-token", "auth_token", "token"]]
    ]
    if (config.get("auth_type") === "v2password") {
      mappings.push(["tenant_id", ["project_id", "project-id", "tenant_id", "tenant-id"]])
      mappings.push(["tenant_name", ["project_name", "project-name", "tenant_name", "tenant-name"]])
    } else {
      mappings.push(["project_id", ["tenant_id", "tenant-id", "project_id", "project-id"]])
      mappings.push(["project_name", ["tenant_name", "tenant-name", "project_name", "project-name"]])
    }
    for (const [target, keys] of mappings) {
      let value: string | Redacted.Redacted<string> | undefined
      for (const key of keys) {
        if (config.has(key)) {
          value = strKeepSecret(config.get(key) ?? null)
          config.delete(key)
        }
        if (auth.has(key)) {
          value = strKeepSecret(auth.get(key) ?? null)
          auth.delete(key)
        }
      }
      if (value !== undefined && truthy(value)) auth.set(target, value)
    }
  })

const projectScoped = (config: PyDict, auth: PyDict) =>
  ["project_id", "project_name"].some((key) => config.has(key) || auth.has(key))

/** `_handle_domain_id`: a project-scoped cloud's `domain_id`/`domain_name` are its user's and project's. */
const handleDomainId = (config: PyDict, auth: PyDict) => {
  for (const [target, keys] of [["domain_id", ["user_domain_id", "project_domain_id"]], ["domain_name", ["user_domain_name", "project_domain_name"]]] as const) {
    if (!projectScoped(config, auth)) {
      if (config.has(target) && !auth.has(target)) {
        auth.set(target, config.get(target) ?? null)
        config.delete(target)
      }
      continue
    }
    for (const key of keys) {
      if (auth.has(target) && !auth.has(key)) auth.set(key, auth.get(target) ?? null)
    }
    config.delete(target)
    auth.delete(target)
  }
}

/** openstacksdk's `_fix_backwards_networks`: `networks` normalised, `external_network`/`internal_network` added. */
const fixBackwardsNetworks = (config: PyDict, where: Where): Effect.Effect<void, CloudConfigError> =>
  Effect.gen(function* () {
    const networks: Array<PyDict> = []
    const listed = config.has("networks") ? config.get("networks") : []
    if (!isList(listed)) {
      return yield* Effect.fail(problem(`networks must be a list, not ${repr(listed ?? null)}`, { ...where, key: "networks" }))
    }
    for (const entry of listed) {
      const net = yield* dictAt(entry, "networks[]", where)
      const name = net.get("name")
      if (!truthy(name)) {
        return yield* Effect.fail(problem("an entry in the networks list has no name", { ...where, key: "networks" }))
      }
      const flag = (key: string, value: Py | undefined) => getBoolean(value, `networks.${key}`, where)
      const network: PyDict = new Map([
        ["name", name ?? null],
        ["routes_externally", yield* flag("routes_externally", net.get("routes_externally"))],
        ["nat_source", yield* flag("nat_source", net.get("nat_source"))],
        ["nat_destination", yield* flag("nat_destination", net.get("nat_destination"))],
        ["default_interface", yield* flag("default_interface", net.get("default_interface"))]
      ])
      for (const key of ["routes_ipv4_externally", "routes_ipv6_externally"]) {
        network.set(key, yield* flag(key, net.has(key) ? net.get(key) : network.get("routes_externally")))
      }
      networks.push(network)
    }
    for (const key of ["external_network", "internal_network"]) {
      const external = key.startsWith("external")
      if (config.has(key) && config.has("networks")) {
        return yield* Effect.fail(problem(
          `both ${key} and networks are given: move ${key} into the networks list`,
          { ...where, key }
        ))
      }
      if (config.has(key)) {
        networks.push(new Map<string, Py>([
          ["name", config.get(key) ?? null],
          ["routes_externally", external],
          ["nat_destination", !external],
          ["default_interface", external]
        ]))
      }
    }
    for (const key of ["nat_destination", "default_interface"]) {
      const flagged = networks.filter((net) => truthy(net.get(key)))
      if (flagged.length > 1) {
        return yield* Effect.fail(problem(
          `only one network can be flagged with ${key}, not ${flagged.map((net) => str(net.get("name") ?? null)).join(" and ")}`,
          { ...where, key: "networks" }
        ))
      }
    }
    config.set("networks", networks)
  })
