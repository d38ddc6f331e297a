/**
 * openstacksdk 0.101's `OpenStackConfig.magic_fixes` (openstack/config/loader.py), one function per step, in its
 * order: the token and the passcode, `_fix_backwards_api_timeout`, `endpoint_type`, `_fix_backwards_auth_plugin`,
 * `_fix_backwards_project`, `_fix_backwards_interface`, `_fix_backwards_networks`, `_handle_domain_id`, the boolean
 * keys, and the `str.format` of `auth.auth_url`.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import type * as Redacted from "effect/Redacted"
import * as Result from "effect/Result"
import type { CloudConfigError } from "../../Errors.ts"
import { dictAt, getBoolean, problem, type Where } from "./problem.ts"
import { format, isList, type Py, type PyDict, repr, str, strKeepSecret, truthy } from "./py.ts"

/** The config's `auth`, which must be a mapping. */
const authOf = (config: PyDict, where: Where) => dictAt(config.get("auth"), "auth", where)

/**
 * openstacksdk's `magic_fixes`: the config's legacy and shorthand keys rewritten as the rest of `get_one` expects them.
 * Updates `input` in place and returns the config (a new map: some steps rebuild it).
 *
 * @example
 * const fixed = yield* magicFixes(config, { file: "clouds.yaml", cloud: "prod" })
 */
export const magicFixes = (input: PyDict, where: Where): Effect.Effect<PyDict, CloudConfigError> =>
  Effect.gen(function* () {
    yield* inferTokenPlugin(input, where)
    yield* movePasscode(input, where)
    let config = fixBackwardsApiTimeout(input)
    fixEndpointType(config)
    fixBackwardsAuthPlugin(config)
    yield* fixBackwardsProject(config, yield* authOf(config, where))
    config = fixBackwardsInterface(config)
    yield* fixBackwardsNetworks(config, where)
    handleDomainId(config, yield* authOf(config, where))
    yield* fixBoolKeys(config, where)
    yield* formatAuthUrl(config, where)
    return config
  })

/** "Infer token plugin if a token was given": only `auth_token` moved to `token`. */
const inferTokenPlugin = (config: PyDict, where: Where): Effect.Effect<void, CloudConfigError> =>
  Effect.gen(function* () {
    if ((yield* authOf(config, where)).has("token") || truthy(config.get("auth_token")) || truthy(config.get("token"))) {
      const authToken = config.get("auth_token") ?? null
      config.delete("auth_token")
      if (!config.has("token")) config.set("token", authToken)
    }
  })

/** `passcode` moved into `auth`. */
const movePasscode = (config: PyDict, where: Where): Effect.Effect<void, CloudConfigError> =>
  Effect.gen(function* () {
    if (config.has("passcode")) {
      const passcode = config.get("passcode") ?? null
      config.delete("passcode")
      ;(yield* authOf(config, where)).set("passcode", passcode)
    }
  })

/** openstacksdk's `_fix_backwards_api_timeout`: the last `<service>_timeout` becomes `api_timeout`. */
const fixBackwardsApiTimeout = (config: PyDict): PyDict => {
  let serviceTimeout: Py | undefined
  const withoutTimeouts: PyDict = new Map()
  for (const [key, value] of config) {
    if (key.endsWith("timeout") && key !== "timeout" && key !== "api_timeout") serviceTimeout = value
    else withoutTimeouts.set(key, value)
  }
  if (serviceTimeout !== undefined && serviceTimeout !== null) withoutTimeouts.set("api_timeout", serviceTimeout)
  return withoutTimeouts
}

/** `endpoint_type` moved to `interface`. */
const fixEndpointType = (config: PyDict): void => {
  if (config.has("endpoint_type")) {
    const endpointType = config.get("endpoint_type") ?? null
    config.delete("endpoint_type")
    config.set("interface", endpointType)
  }
}

/** openstacksdk's `_fix_backwards_auth_plugin`: `auth_plugin` (else `auth_type`, else None) as `auth_type`. */
const fixBackwardsAuthPlugin = (config: PyDict): void => {
  let authType: Py = null
  for (const key of ["auth_plugin", "auth_type"]) {
    if (config.has(key)) {
      authType = config.get(key) ?? null
      config.delete(key)
    }
  }
  config.set("auth_type", authType)
}

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

/** openstacksdk's `_fix_backwards_interface`: every `…endpoint_type` key renamed `…interface`. */
const fixBackwardsInterface = (config: PyDict): PyDict => {
  const renamed: PyDict = new Map()
  for (const [key, value] of config) {
    renamed.set(key.endsWith("endpoint_type") ? key.split("endpoint_type").join("interface") : key, value)
  }
  return renamed
}

/** openstacksdk's `_fix_backwards_networks`: `networks` normalised, `external_network`/`internal_network` added. */
const fixBackwardsNetworks = (config: PyDict, where: Where): Effect.Effect<void, CloudConfigError> =>
  Effect.gen(function* () {
    const listed = config.has("networks") ? config.get("networks") : []
    if (!isList(listed)) {
      return yield* Effect.fail(problem(`networks must be a list, not ${repr(listed ?? null)}`, { ...where, key: "networks" }))
    }
    const networks: Array<PyDict> = []
    for (const entry of listed) networks.push(yield* networkEntry(entry, where))
    yield* addNamedNetworks(config, networks, where)
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

/** One entry of `networks`, with its flags as booleans (`_fix_backwards_networks`' loop). */
const networkEntry = (entry: Py, where: Where): Effect.Effect<PyDict, CloudConfigError> =>
  Effect.gen(function* () {
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
    return network
  })

/** `external_network` and `internal_network` as entries of `networks` (never both a key and the list). */
const addNamedNetworks = (
  config: PyDict,
  networks: Array<PyDict>,
  where: Where
): Effect.Effect<void, CloudConfigError> =>
  Effect.gen(function* () {
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

/** `BOOL_KEYS` (`insecure`, `cache`) through `get_boolean`. */
const fixBoolKeys = (config: PyDict, where: Where): Effect.Effect<void, CloudConfigError> =>
  Effect.gen(function* () {
    for (const key of ["insecure", "cache"]) {
      const value = config.get(key)
      if (value !== undefined && typeof value !== "boolean") config.set(key, yield* getBoolean(value, key, where))
    }
  })

/** "Special casing auth_url here": `auth.auth_url` expanded with `str.format(**config)`. */
const formatAuthUrl = (config: PyDict, where: Where): Effect.Effect<void, CloudConfigError> =>
  Effect.gen(function* () {
    const authUrl = (yield* authOf(config, where)).get("auth_url")
    if (authUrl === undefined) return
    if (typeof authUrl !== "string") {
      return yield* Effect.fail(problem(`auth.auth_url must be a string, not ${repr(authUrl)}`, { ...where, key: "auth.auth_url" }))
    }
    const formatted = format(authUrl, config)
    if (Result.isFailure(formatted)) {
      return yield* Effect.fail(problem(`auth.auth_url is not a valid template: ${formatted.failure}`, { ...where, key: "auth.auth_url" }))
    }
    ;(yield* authOf(config, where)).set("auth_url", formatted.success)
  })
