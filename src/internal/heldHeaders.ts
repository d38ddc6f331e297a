/**
 * The shortcut of a plugin's `getHeaders`: the same headers, without an effect, when they are at hand (a held fresh
 * token, fixed credentials). Every request asks for headers, so the Session asks the shortcut first.
 *
 * The shortcut belongs to the `getHeaders` effect itself (a weak map keyed by it), not to the plugin object: a plugin
 * made by spreading another and replacing `getHeaders` (to add a header, say) has no shortcut, and its own
 * `getHeaders` is asked, as it must be. Platform-free: the Session imports it.
 *
 * @internal
 */
import type * as Effect from "effect/Effect"

/** The shortcut of each `getHeaders` effect (generic over its types, so that this module imports no plugin module). */
const shortcuts = new WeakMap<object, (now: number) => unknown>()

/**
 * `getHeaders`, with `held(now)` as its shortcut: the headers it would give at `now` (epoch milliseconds) when they
 * are at hand without a request, else `undefined`. Answer the same object for as long as the headers hold, frozen
 * (`Object.freeze`, once, where it is made): the Session unwraps a frozen headers object only once.
 *
 * @example
 * getHeaders: withHeldHeaders(Effect.map(getAccess, headersOf), (now) => fresh(now) ? headers : undefined)
 */
export const withHeldHeaders = <H, E, R>(
  getHeaders: Effect.Effect<H, E, R>,
  held: (now: number) => H | undefined
): Effect.Effect<H, E, R> => {
  shortcuts.set(getHeaders, held)
  return getHeaders
}

/**
 * The headers `getHeaders` would give at `now`, when its shortcut has them at hand; else `undefined` (run it).
 *
 * @example
 * const headers = heldHeaders(plugin.getHeaders, Date.now()) ?? (yield* plugin.getHeaders)
 */
export const heldHeaders = <H, E, R>(getHeaders: Effect.Effect<H, E, R>, now: number): H | undefined =>
  // The shortcut was stored with this very effect, by withHeldHeaders: it gives the effect's own headers.
  shortcuts.get(getHeaders)?.(now) as H | undefined
