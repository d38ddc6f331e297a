/**
 * The request that was sent for an answer, credentials included, kept behind the Session's answers (which name a
 * request without them, see answer.ts) where only error building looks: to mask what it carried.
 *
 * @internal
 */
import type * as HttpClientRequest from "effect/http/HttpClientRequest"

/**
 * The key under which an answer gives the request that was sent for it (a symbol: no printing, JSON or inspection
 * shows it).
 *
 * @example
 * get [sentRequest]() { return this.response.request }
 */
export const sentRequest: unique symbol = Symbol.for("effect-openstack/internal/sentRequest")

interface Keeps {
  readonly [sentRequest]?: HttpClientRequest.HttpClientRequest
}

/**
 * The request that was sent for `answer`: the one it gives under {@link sentRequest}, else the one it names.
 *
 * @example
 * const sent = sentRequestOf(response)
 */
export const sentRequestOf = (
  answer: { readonly request: HttpClientRequest.HttpClientRequest }
): HttpClientRequest.HttpClientRequest => (answer as Keeps)[sentRequest] ?? answer.request
