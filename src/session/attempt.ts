/**
 * The Session's step of one try: the plugin's headers (unless credentials must not go where the try goes: the held
 * ones when the plugin has them at hand, else `getHeaders` in the request's context), the service's limits, the send
 * through the transport within the deadline; and on a 401 for a token this session sent, one more try after
 * invalidating that token (keystoneauth1's `allow_reauth`).
 *
 * @internal
 */
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import type * as Fiber from "effect/Fiber"
import type * as HttpClientRequest from "effect/http/HttpClientRequest"
import type { AuthHeaders, AuthPlugin } from "../auth/AuthPlugin.ts"
import { fromHttpClientError } from "../Errors.ts"
import { toAnswer } from "../internal/answer.ts"
import { heldHeaders } from "../internal/heldHeaders.ts"
import { withAuthHeaders } from "./headers.ts"
import { type Answer, type Hop, inSession, type Next, type SessionParts } from "./run.ts"

/** Sends `request` (with `headers`, if any) once, counted on the run; a 401 for the token sent goes to `on401`. */
const sendOnce = (
  parts: SessionParts,
  request: HttpClientRequest.HttpClientRequest,
  hop: Hop,
  next: Next | undefined,
  on401: ((token: AuthHeaders[string]) => Answer) | undefined
) =>
  (fiber: Fiber.Fiber<unknown, unknown>, headers: AuthHeaders | undefined): Answer => {
    const { run } = hop
    const sent = headers === undefined ? request : withAuthHeaders(request, headers)
    run.attempts++
    run.span.attribute("openstack.attempts", run.attempts)
    const limited = parts.limitsFor(run.plan.serviceType, sent, run.deadline)
    const tried = limited === undefined
      ? parts.execute(fiber, sent, run.deadline)
      : inSession(parts, run)(limited(Effect.withFiber((after) => parts.execute(after, sent, run.deadline))))
    const token = headers?.["x-auth-token"]
    return Effect.matchEffect(tried, {
      onFailure: fromHttpClientError,
      onSuccess: (answer) => {
      // The answer names the request without the plugin's headers (printed, it shows no credentials), and its
      // body accessors fail with InvalidResponse.
        const response = toAnswer(answer, request)
        if (on401 !== undefined && token !== undefined && response.status === 401) return on401(token)
        return next === undefined ? Effect.succeed(response) : next(response)
      }
    })
  }

/** The try, with one re-authentication on a 401 when `reauth` (an effect run again by each retry: every try counts). */
export const attempt = (
  parts: SessionParts,
  request: HttpClientRequest.HttpClientRequest,
  hop: Hop,
  next: Next | undefined,
  reauth = hop.run.plan.allowReauth
): Answer => {
  const { run, credentials } = hop
  const plugin: AuthPlugin | undefined = run.plan.plugin
  const on401 = reauth && plugin !== undefined
    ? (token: AuthHeaders[string]) =>
        Effect.andThen(inSession(parts, run)(plugin.invalidate(token)), attempt(parts, request, hop, next, false))
    : undefined
  const send = sendOnce(parts, request, hop, next, on401)
  if (!credentials || !run.plan.authenticate || plugin === undefined) {
    return Effect.withFiber((fiber) => send(fiber, undefined))
  }
  // The held headers when the plugin has them at hand; else `getHeaders`, at the try's time.
  return Effect.withFiber((fiber) => {
    const headers = heldHeaders(plugin.getHeaders, fiber.getRef(Clock.Clock).currentTimeMillisUnsafe())
    return headers === undefined
      ? Effect.flatMap(inSession(parts, run)(plugin.getHeaders), (fetched) => send(fiber, fetched))
      : send(fiber, headers)
  })
}
