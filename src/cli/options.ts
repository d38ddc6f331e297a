/**
 * The options python-openstackclient's create and set commands share, as `effect/cli` flags: a text option that may
 * be left out, the `--enable` / `--disable` pair, repeatable `--tag`, and `--property key=value`.
 *
 * @example
 * const options = { description: Options.text("description", "project description"), ...Options.enabled("project") }
 * // in the handler: Options.enabledOf(options) is true, false or undefined (neither given)
 *
 * @module
 */
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as CliError from "effect/cli/CliError"
import * as Flag from "effect/cli/Flag"

/**
 * `--<name> <value>`, optional.
 *
 * @example
 * const description = Options.text("description", "project description")
 */
export const text = (name: string, description: string) =>
  Flag.String(name).pipe(Flag.withDescription(description), Flag.optional)

/**
 * `--<name> <secret>`, optional, its value `Redacted` from the moment it is parsed (a password, an application
 * credential's secret): revealed only in the request body that carries it.
 *
 * @example
 * const password = Options.secret("password", "set user password")
 */
export const secret = (name: string, description: string) =>
  Flag.Redacted(name).pipe(Flag.withDescription(`(secret) ${description}`), Flag.optional)

/**
 * `--enable` and `--disable` (neither: leave it as it is, or the server's default).
 *
 * @example
 * const options = { ...Options.enabled("user") }
 */
export const enabled = (noun: string) => pair("enable", "disable", `enable ${noun}`, `disable ${noun}`)

/**
 * What `--enable` / `--disable` asked for: `true`, `false`, or `undefined` when neither was given (both together are
 * refused before, by {@link exclusivePairs}, as openstackclient refuses them).
 *
 * @example
 * Options.enabledOf({ enable: false, disable: true }) // false
 */
export const enabledOf = (options: { readonly enable: boolean, readonly disable: boolean }): boolean | undefined =>
  pairOf(options.enable, options.disable)

/**
 * `--tag <tag>`, repeatable.
 *
 * @example
 * const options = { tag: Options.tags("project") }
 */
export const tags = (noun: string) =>
  Flag.String("tag").pipe(Flag.withDescription(`tag to be added to the ${noun} (repeat option to set multiple tags)`), Flag.atLeast(0))

/**
 * The attributes that were given: each `Option` that is `Some` as its value, each `undefined` left out.
 *
 * @example
 * Options.given({ name: Option.some("x"), description: Option.none(), enabled: undefined }) // { name: "x" }
 */
export const given = <R extends Readonly<Record<string, unknown>>>(
  values: R
): { readonly [K in keyof R]?: R[K] extends Option.Option<infer A> ? A : Exclude<R[K], undefined> } => {
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(values)) {
    const plain = Option.isOption(value) ? Option.getOrUndefined(value) : value
    if (plain !== undefined) out[key] = plain
  }
  return out as { readonly [K in keyof R]?: R[K] extends Option.Option<infer A> ? A : Exclude<R[K], undefined> }
}

/**
 * The id of the item an option names (by name or id), or `undefined` when the option was not given.
 *
 * @example
 * const domainId = yield* Options.idOf(options.domain, (d) => conn.identity.domains.find(d))
 */
export const idOf = <E>(
  value: Option.Option<string>,
  find: (nameOrId: string) => Effect.Effect<{ readonly id: string }, E>
): Effect.Effect<string | undefined, E> =>
  Option.isNone(value) ? Effect.succeed(undefined) : Effect.map(find(value.value), (item) => item.id)

/**
 * `--<name>` and its negation `--no-<name>` (openstackclient's `--dhcp` / `--no-dhcp`, `--share` / `--no-share`):
 * `Some(true)`, `Some(false)`, or `None` when neither was given.
 *
 * @example
 * const options = { dhcp: Options.toggle("dhcp", "enable DHCP (--no-dhcp: disable it)") }
 */
export const toggle = (name: string, description: string) =>
  Flag.Boolean(name).pipe(Flag.withDescription(description), Flag.optional)

/**
 * Two switches of opposite meaning with names of their own (`--external` / `--internal`), as {@link enabled} is for
 * `--enable` / `--disable`; read them with {@link pairOf}.
 *
 * @example
 * const options = { ...Options.pair("external", "internal", "set it external", "set it internal") }
 */
export const pair = <const On extends string, const Off extends string>(
  on: On,
  off: Off,
  onDescription: string,
  offDescription: string
) => {
  const switchOf = (name: string, description: string) =>
    Flag.Boolean(name).pipe(Flag.withDescription(description), Flag.withDefault(false), Flag.withoutNegation)
  const onFlag = switchOf(on, onDescription)
  const offFlag = switchOf(off, offDescription)
  partners.set(onFlag, { keys: [on, off], names: [on, off] })
  return { [on]: onFlag, [off]: offFlag } as { readonly [K in On | Off]: Flag.Flag<boolean> }
}

/**
 * The options that have a partner they may not be given with (argparse's mutually exclusive groups: the switches of a
 * {@link pair}, `--tag` and `--all-tag` of {@link untag}): one's flag → the two options' keys in the parsed values and
 * their names on the command line.
 */
const partners = new WeakMap<object, {
  readonly keys: readonly [string, string]
  readonly names: readonly [string, string]
}>()

/** Whether a parsed option was given: a switch on, or a repeatable option given at least once. */
const isGiven = (value: unknown) => value === true || (Array.isArray(value) && value.length > 0)

/**
 * argparse's refusal of both switches of a pair given together (a mutually exclusive group: exit 2), for
 * `Command.validate`: `config` is a command's options as declared, `values` as parsed.
 *
 * @example
 * Options.exclusivePairs({ ...Options.enabled("user") }, { enable: true, disable: true })
 * // fails: "argument --disable: not allowed with argument --enable"
 */
export const exclusivePairs = (
  config: object,
  values: object
): Effect.Effect<void, CliError.ValidationError> => {
  const given = values as Readonly<Record<string, unknown>>
  for (const flag of Object.values(config)) {
    const partner = typeof flag === "object" && flag !== null ? partners.get(flag) : undefined
    if (partner !== undefined && isGiven(given[partner.keys[0]]) && isGiven(given[partner.keys[1]])) {
      return notAllowed(partner.names)
    }
  }
  return Effect.void
}

/**
 * argparse's refusal of two options of one mutually exclusive group (exit 2), the later one named first; nothing when
 * fewer than two were given.
 *
 * @example
 * Options.notAllowed(["user", "group"]) // fails: "argument --group: not allowed with argument --user"
 */
export const notAllowed = (given: ReadonlyArray<string>): Effect.Effect<void, CliError.ValidationError> =>
  given.length < 2
    ? Effect.void
    : Effect.fail(new CliError.ValidationError({ message: `argument --${given[1]}: not allowed with argument --${given[0]}` }))

/**
 * What a {@link pair} asked for: `true` (the first), `false` (the second) or `undefined` (neither; both together are
 * refused before, by {@link exclusivePairs}).
 *
 * @example
 * Options.pairOf(true, false) // true
 */
export const pairOf = (on: boolean, off: boolean): boolean | undefined => (off ? false : on ? true : undefined)

/**
 * `--<name> <value>`, repeatable (none, one or more).
 *
 * @example
 * const options = { dnsNameserver: Options.repeated("dns-nameserver", "DNS server for this subnet") }
 */
export const repeated = (name: string, description: string) =>
  Flag.String(name).pipe(Flag.withDescription(description), Flag.atLeast(0))

/**
 * The `k=v,k=v` of openstackclient's multi-key options (`--allocation-pool start=…,end=…`, `--fixed-ip subnet=…`):
 * the record, or `undefined` when a key is not one of `keys` or a `required` key is missing.
 *
 * @example
 * Options.parseKeyValues("start=10.0.0.2,end=10.0.0.9", ["start", "end"], ["start", "end"]) // { start: …, end: … }
 */
export const parseKeyValues = (
  text: string,
  keys: ReadonlyArray<string>,
  required: ReadonlyArray<string>
): Readonly<Record<string, string>> | undefined => {
  const pairs = text.split(",").map((part) => {
    const at = part.indexOf("=")
    return at < 0 ? undefined : [part.slice(0, at), part.slice(at + 1)] as const
  })
  if (pairs.some((kv) => kv === undefined || !keys.includes(kv[0]))) return undefined
  const record = Object.fromEntries(pairs.filter((kv) => kv !== undefined))
  return required.every((key) => key in record) ? record : undefined
}

/**
 * `--<name> k=v,k=v`, repeatable, each parsed with {@link parseKeyValues}; a wrong one is an argument error (exit 2),
 * as argparse's.
 *
 * @example
 * const pool = Options.keyValues("allocation-pool", "allocation pool", ["start", "end"], ["start", "end"])
 */
export const keyValues = (
  name: string,
  description: string,
  keys: ReadonlyArray<string>,
  required: ReadonlyArray<string> = []
) =>
  Flag.String(name).pipe(
    Flag.withDescription(`${description} (${keys.map((key) => `${key}=<${key}>`).join(",")}; repeat for several)`),
    Flag.filterMap(
      (text) => Option.fromNullishOr(parseKeyValues(text, keys, required)),
      (text) => `--${name}: expected ${keys.map((key) => `${key}=…`).join(",")}${required.length > 0 ? ` (${required.join(", ")} required)` : ""}, got '${text}'`
    ),
    Flag.atLeast(0)
  )

/**
 * `--no-tag`: clear the tags the item has (with `--tag`: replace them), as openstackclient's set commands have it.
 *
 * @example
 * const options = { tag: Options.tags("network"), noTag: Options.noTag("network") }
 */
export const noTag = (noun: string) =>
  Flag.Boolean("no-tag").pipe(
    Flag.withDescription(`clear tags associated with the ${noun}; specify both --tag and --no-tag to overwrite current tags`),
    Flag.withDefault(false),
    Flag.withoutNegation
  )

/**
 * `unset`'s tag options, as openstackclient's: `--tag <tag>` (repeatable) removes those tags, `--all-tag` all of them.
 *
 * @example
 * const unset = Resource.set({ …, command: "unset", options: { ...Options.untag("network") } })
 */
export const untag = (noun: string) => {
  const allTag = Flag.Boolean("all-tag").pipe(
    Flag.withDescription(`clear all tags associated with the ${noun}`),
    Flag.withDefault(false),
    Flag.withoutNegation
  )
  partners.set(allTag, { keys: ["tag", "allTag"], names: ["tag", "all-tag"] })
  return {
    tag: Flag.String("tag").pipe(
      Flag.withDescription(`tag to be removed from the ${noun} (repeat option to remove multiple tags)`),
      Flag.atLeast(0)
    ),
    allTag
  }
}
