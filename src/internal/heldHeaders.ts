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
import type * as HttpClient from "effect/http/HttpClient"
import type { AuthenticationError, AuthHeaders } from "../auth/AuthPlugin.ts"

type GetHeaders = Effect.Effect<AuthHeaders, AuthenticationError, HttpClient.HttpClient>

const shortcuts = new WeakMap<GetHeaders, (now: number) => AuthHeaders | undefined>()

/**
 * `getHeaders`, with `held(now)` as its shortcut: the headers it would give at `now` (epoch milliseconds) when they
 * are at hand without a request, else `undefined`. Answer the same object for as long as the headers hold, frozen
 * (`Object.freeze`, once, where it is made): the Session unwraps a frozen headers object only once.
 *
 * @example
 * getHeaders: withHeldHeaders(Effect.map(getAccess, headersOf), (now) => fresh(now) ? headers : undefined)
 */
export const withHeldHeaders = (getHeaders: GetHeaders, held: (now: number) => AuthHeaders | undefined): GetHeaders => {
  shortcuts.set(getHeaders, held)
  return getHeaders
}

/**
 * The headers `getHeaders` would give at `now`, when its shortcut has them at hand; else `undefined` (run it).
 *
 * @example
 * const headers = heldHeaders(plugin.getHeaders, Date.now()) ?? (yield* plugin.getHeaders)
 */
export const heldHeaders = (getHeaders: GetHeaders, now: number): AuthHeaders | undefined =>
  shortcuts.get(getHeaders)?.(now)
