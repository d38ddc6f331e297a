/**
 * The CLI's global options, as python-openstackclient has them: `--os-cloud` and every `--os-*` auth option (each
 * also read from its `OS_*` variable by clouds.yaml resolution, as the openstack CLI reads them), `--insecure`,
 * `--no-cache`, `--debug`, `--timing` (src/cli/diagnostics.ts); and the Connection they stand for: the cloud resolved
 * as openstacksdk resolves `get_one(argparse=…)`, on Node's one-shot platform (node:http, no undici to load), with the
 * file token store unless `--no-cache`.
 *
 * @example
 * const program = Effect.gen(function* () {
 *   const layer = yield* Globals.connection
 *   return yield* Effect.provide(Effect.flatMap(Connection.Connection, (c) => c.identity.projects.list()), layer)
 * })
 *
 * @module
 */
import * as Config from "effect/Config"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Flag from "effect/cli/Flag"
import * as GlobalFlag from "effect/cli/GlobalFlag"
import * as Connection from "../node/Connection.ts"
import * as Diagnostics from "./diagnostics.ts"

/** The `--os-<name>` options that carry a value, by their name without `os-` (argparse's `os_<name>` dest). */
const valueOptions = [
  "auth-url", "auth-type", "username", "user-id", "password", "project-name", "project-id", "user-domain-name",
  "user-domain-id", "project-domain-name", "project-domain-id", "domain-name", "domain-id", "default-domain",
  "default-domain-name", "default-domain-id", "region-name", "interface", "identity-api-version", "token",
  "application-credential-id", "application-credential-name", "application-credential-secret", "system-scope",
  "trust-id", "passcode", "cacert", "cert", "key"
] as const

/**
 * The `--os-*` options whose value is a secret: parsed as `Redacted` (marked "(secret)" in `--help`; CloudConfig keeps
 * them `Redacted`).
 */
const secretOptions: ReadonlySet<string> = new Set(["password", "token", "application-credential-secret", "passcode"])

const variableOf = (name: string) => `OS_${name.replaceAll("-", "_").toUpperCase()}`

const optionSetting = (name: string) =>
  GlobalFlag.Setting(`os-${name}`)({
    flag: Flag.String(`os-${name}`).pipe(Flag.withDescription(variableOf(name)), Flag.optional)
  })

const secretSetting = (name: string) =>
  GlobalFlag.Setting(`os-${name}`)({
    flag: Flag.Redacted(`os-${name}`).pipe(Flag.withDescription(`(secret) ${variableOf(name)}`), Flag.optional)
  })

/**
 * `--os-cloud` (`OS_CLOUD`): the clouds.yaml cloud to use.
 *
 * @example
 * const cloud = yield* Globals.cloud // Option<string>
 */
export const cloud = GlobalFlag.Setting("os-cloud")({
  flag: Flag.String("os-cloud").pipe(Flag.withDescription("Cloud name in clouds.yaml (Env: OS_CLOUD)"), Flag.optional)
})

/**
 * `--insecure`: do not verify the servers' TLS certificates.
 *
 * @example
 * const insecure = yield* Globals.insecure
 */
export const insecure = GlobalFlag.Setting("insecure")({
  flag: Flag.Boolean("insecure").pipe(Flag.withDescription("Disable server certificate verification"), Flag.withDefault(false))
})

/**
 * `--no-cache`: neither read nor write the file token store (authenticate afresh).
 *
 * @example
 * const noCache = yield* Globals.noCache
 */
export const noCache = GlobalFlag.Setting("no-cache")({
  flag: Flag.Boolean("no-cache").pipe(Flag.withDescription("Do not use the token cache (~/.cache/effect-openstack)"), Flag.withDefault(false))
})

/** The settings of the `--os-*` value options, with their names: the plain ones, and the secret ones. */
const optionSettings = valueOptions
  .filter((name) => !secretOptions.has(name))
  .map((name) => [name, optionSetting(name)] as const)
const secretSettings = valueOptions
  .filter((name) => secretOptions.has(name))
  .map((name) => [name, secretSetting(name)] as const)

/**
 * `-v` / `--verbose`: accepted and ignored (openstackclient's verbosity; `--debug` is this CLI's detail), so that
 * `-v` is never taken for `--version`.
 *
 * @example
 * const verbose = yield* Globals.verbose
 */
export const verbose = GlobalFlag.Setting("verbose")({
  flag: Flag.Boolean("verbose").pipe(
    Flag.withAlias("v"),
    Flag.withDescription("Increase verbosity of output (accepted; see --debug)"),
    Flag.withDefault(false)
  )
})

/** The global options that take a value (the next word, unless given as `--name=value`). */
const valueFlags: ReadonlySet<string> = new Set([
  "--os-cloud",
  "--log-level",
  "--completions",
  ...valueOptions.map((name) => `--os-${name}`)
])

/**
 * Whether a global option takes a value: the next word is its value, not a command.
 *
 * @example
 * Globals.takesValue("--os-cloud") // true
 * Globals.takesValue("--debug")    // false
 */
export const takesValue = (flag: string): boolean => valueFlags.has(flag)

/**
 * The first `--os-*` option of a command line that is none of the CLI's (a typo, or a keystoneauth option it does not
 * have: `--os-client-secret`), or `undefined`. The CLI refuses such a line before parsing it, so that the word after
 * the option — perhaps a secret — is never taken for a command and echoed in an error.
 *
 * @example
 * Globals.unknownOsOption(["--os-pasword", "s3cret", "project", "list"]) // "--os-pasword"
 */
export const unknownOsOption = (args: ReadonlyArray<string>): string | undefined =>
  args.map((word) => word.split("=")[0] ?? word).find((flag) => flag.startsWith("--os-") && !valueFlags.has(flag))

/**
 * Every global option, for `Command.withGlobalFlags` on the root command.
 *
 * @example
 * const root = Command.make("openstack").pipe(Command.withGlobalFlags(Globals.all))
 */
export const all = [
  cloud,
  insecure,
  noCache,
  Diagnostics.debug,
  Diagnostics.timing,
  verbose,
  ...optionSettings.map(([, setting]) => setting),
  ...secretSettings.map(([, setting]) => setting)
]

/**
 * The options given on the command line, as clouds.yaml overrides (argparse's `os_*` names), for CloudConfig; and
 * OS_REGION_NAME when `--os-region-name` is not given, also for a named cloud (openstackclient's argparse default).
 *
 * @example
 * const overrides = yield* Globals.overrides // { os_project_name: "demo" }
 */
export const overrides = Effect.gen(function* () {
  const given: Record<string, unknown> = {}
  for (const [name, setting] of optionSettings) {
    const value = yield* setting
    if (Option.isSome(value)) given[`os_${name.replaceAll("-", "_")}`] = value.value
  }
  for (const [name, setting] of secretSettings) {
    const value = yield* setting
    if (Option.isSome(value)) given[`os_${name.replaceAll("-", "_")}`] = Redacted.value(value.value)
  }
  // `--os-region-name` defaults to OS_REGION_NAME, as openstackclient has it: honoured for a named cloud too.
  if (given.os_region_name === undefined) {
    const region = yield* Config.option(Config.String("OS_REGION_NAME"))
    if (Option.isSome(region) && region.value !== "") given.os_region_name = region.value
  }
  if (yield* insecure) given.insecure = true
  return given
})

/**
 * The Connection the global options stand for: clouds.yaml / secure.yaml / `OS_*` resolved with the options over
 * them, on Node's one-shot platform, with the file token store unless `--no-cache`.
 *
 * @example
 * const layer = yield* Globals.connection
 */
export const connection = Effect.gen(function* () {
  const name = yield* cloud
  const options: Connection.FromConfigOptions = {
    ...(Option.isSome(name) ? { cloud: name.value } : {}),
    overrides: yield* overrides,
    tokenStore: (yield* noCache) ? "memory" : "file",
    userAgent: "effect-openstack-cli"
  }
  return Connection.fromConfig(options, Connection.oneShot)
})
