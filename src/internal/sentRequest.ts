/**
 * The request that was sent for an answer, credentials included, kept behind the Session's answers (which name a
 * request without them, see answer.ts) where only error building looks: to mask what it carried.
 *
 * @internal
 */
import type * as HttpClientRequest from "effect/http/HttpClientRequest"

const key: unique symbol = Symbol.for("effect-openstack/internal/sentRequest")

interface Keeps {
  readonly [key]?: HttpClientRequest.HttpClientRequest
}

/**
 * Keeps `sent` behind `answer` (a property no printing, JSON or inspection shows: a symbol, not enumerable).
 *
 * @example
 * keepSent(this, response.request)
 */
export const keepSent = (answer: object, sent: HttpClientRequest.HttpClientRequest): void => {
  Object.defineProperty(answer, key, { value: sent, enumerable: false })
}

/**
 * The request that was sent for `answer`: the one kept behind it, else the one it names.
 *
 * @example
 * const sent = sentRequestOf(response)
 */
export const sentRequestOf = (
  answer: { readonly request: HttpClientRequest.HttpClientRequest }
): HttpClientRequest.HttpClientRequest => (answer as Keeps)[key] ?? answer.request
