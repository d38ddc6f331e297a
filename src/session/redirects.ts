/**
 * The Session's step that follows redirects itself (see internal/redirect.ts): the method kept but for 303,
 * credentials to the first origin only and never after the chain left it, a body to another origin only if allowed
 * (`redirectBodyAcrossOrigins`), at most `redirects` hops.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import type * as HttpClientRequest from "effect/http/HttpClientRequest"
import { OtherRedirection } from "../Errors.ts"
import { redactUrl } from "../internal/redact.ts"
import { type Chain, nextHop, redirectStatuses } from "../internal/redirect.ts"
import { withRetries } from "./retry.ts"
import type { Answer, Next, Run, SessionParts } from "./run.ts"

/** The failure of a request redirected more than its limit allows. */
const tooManyRedirects = (
  first: string,
  current: HttpClientRequest.HttpClientRequest,
  status: number,
  hops: number,
  location: string
) =>
  new OtherRedirection({
    status,
    method: current.method,
    url: redactUrl(current.url),
    message: `${current.method} ${redactUrl(first)}: gave up after ${hops} redirects (the last to ${redactUrl(location)})`
  })

/** Sends, following redirects; the answer that is not a redirect goes to `answer`. */
export const follow = (
  parts: SessionParts,
  request: HttpClientRequest.HttpClientRequest,
  run: Run,
  answer: Next
): Answer => {
  const { plan } = run
  /** `chain`: found at the first redirect (a request that is not redirected needs none). */
  const loop = (current: HttpClientRequest.HttpClientRequest, hops: number, chain: Chain | undefined): Answer =>
    withRetries(parts, current, { run, credentials: chain === undefined || !chain.left }, (response) => {
      const location = response.headers.location
      if (plan.redirects === false || !redirectStatuses.has(response.status) || location === undefined) {
        return answer(response)
      }
      if (hops >= plan.redirects) {
        return Effect.fail(tooManyRedirects(request.url, current, response.status, hops, location))
      }
      const from = chain ?? { origin: URL.parse(request.url)?.origin ?? "", left: false }
      const hop = nextHop(current, response.status, location, from, plan.options.redirectBodyAcrossOrigins === true)
      return hop._tag === "Refuse" ? Effect.fail(hop.error) : loop(hop.request, hops + 1, hop.chain)
    })
  return loop(request, 0, undefined)
}
