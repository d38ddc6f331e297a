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
 * `--enable` and `--disable` (neither: leave it as it is, or the server's default).
 *
 * @example
 * const options = { ...Options.enabled("user") }
 */
export const enabled = (noun: string) => ({
  enable: Flag.Boolean("enable").pipe(Flag.withDescription(`enable ${noun}`), Flag.withDefault(false)),
  disable: Flag.Boolean("disable").pipe(Flag.withDescription(`disable ${noun}`), Flag.withDefault(false))
})

/**
 * What `--enable` / `--disable` asked for: `true`, `false`, or `undefined` when neither was given (`--disable` wins
 * over `--enable` given together, as argparse's last-store does not apply: openstackclient rejects the pair; the
 * safer reading is kept).
 *
 * @example
 * Options.enabledOf({ enable: false, disable: true }) // false
 */
export const enabledOf = (options: { readonly enable: boolean, readonly disable: boolean }): boolean | undefined =>
  options.disable ? false : options.enable ? true : undefined

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
