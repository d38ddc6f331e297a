/**
 * Where a Session request goes after a redirect, and what it may carry there (keystoneauth1 follows redirects keeping
 * the method, but for 303): the credentials headers go to the first request's origin only, and never again once the
 * chain has left it (A → B → A must not give A's token to a path B chose); a body goes to another origin only when the
 * caller said so (`redirectBodyAcrossOrigins`), as it may hold a password. Pure: the Session calls it per hop.
 *
 * @internal
 */
import * as HttpBody from "effect/http/HttpBody"
import * as HttpClientRequest from "effect/http/HttpClientRequest"
import { OtherRedirection, ValidationError } from "../Errors.ts"
import { redactUrl } from "./redact.ts"

/** The statuses a Session follows. */
export const redirectStatuses: ReadonlySet<number> = new Set([301, 302, 303, 307, 308])

/** Headers that authenticate a request, dropped once a redirect leaves the first origin. */
export const credentialHeaders: ReadonlyArray<string> = ["x-auth-token", "authorization", "x-service-token", "cookie"]

/**
 * Where a chain of redirects stands: the first request's origin, and whether a hop has left it (from then on no
 * hop is sent with credentials, even one that comes back).
 *
 * @example
 * const chain: Chain = { origin: "https://keystone.example", left: false }
 */
export interface Chain {
  readonly origin: string
  readonly left: boolean
}

/**
 * The next hop of a redirect of `current` (answered `status` with `location`), and the chain after it; or why it is
 * not followed: a `ValidationError` for a location that is no URL, an `OtherRedirection` for a body that would go to
 * another origin without `bodyAcrossOrigins`.
 *
 * @example
 * const hop = nextHop(request, 307, "https://other.example/v3", chain, false)
 */
export const nextHop = (
  current: HttpClientRequest.HttpClientRequest,
  status: number,
  location: string,
  chain: Chain,
  bodyAcrossOrigins: boolean
):
  | { readonly _tag: "Follow", readonly request: HttpClientRequest.HttpClientRequest, readonly chain: Chain }
  | { readonly _tag: "Refuse", readonly error: OtherRedirection | ValidationError } => {
  const target = URL.parse(location, current.url)
  if (target === null) {
    const message = `${current.method} ${redactUrl(current.url)} redirected to an invalid URL: ${redactUrl(location)}`
    return { _tag: "Refuse", error: new ValidationError({ message }) }
  }
  const toGet = status === 303 && current.method !== "HEAD"
  const crossing = URL.parse(current.url)?.origin !== target.origin
  if (crossing && !toGet && current.body._tag !== "Empty" && !bodyAcrossOrigins) {
    const url = redactUrl(current.url)
    return {
      _tag: "Refuse",
      error: new OtherRedirection({
        status,
        method: current.method,
        url,
        message: `${current.method} ${url} was redirected (${status}) to another origin, ${target.origin}: a request`
          + " with a body is not sent to another origin (it may hold a password) unless the request sets"
          + " redirectBodyAcrossOrigins"
      })
    }
  }
  let next = HttpClientRequest.setUrl(current, target.href)
  if (toGet) next = HttpClientRequest.setBody(HttpClientRequest.setMethod(next, "GET"), HttpBody.empty)
  const left = chain.left || target.origin !== chain.origin
  if (left) next = credentialHeaders.reduce((stripped, name) => HttpClientRequest.removeHeader(stripped, name), next)
  return { _tag: "Follow", request: next, chain: { origin: chain.origin, left } }
}
