/**
 * A Session request as its steps: the plan, the request's span (`Session.request`, with the OpenStack attributes set
 * as it goes) and deadline, the URL resolved, the request built, sent with its tries, retries and redirects, and the
 * answer's status turned into its typed error (`raiseExc`); a deadline that passed is a `ConnectTimeout` naming the
 * tries. With Debug on, everything runs in the request's context, so its Debug lines belong to its span.
 *
 * @internal
 */
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import type * as Tracer from "effect/Tracer"
import { ConnectTimeout, fromResponse, MissingAuthPlugin, requestIdOf } from "../Errors.ts"
import { redactUrl } from "../internal/redact.ts"
import { debugOn, isDeadline } from "../internal/sessionTry.ts"
import { buildRequest } from "./build.ts"
import type { RequestOptions, SessionError } from "./options.ts"
import { follow } from "./redirects.ts"
import { type Answer, inSession, type Next, type Plan, planOf, type Run, type SessionParts } from "./run.ts"
import { isAbsolute, resolveUrl } from "./url.ts"

/** The status of an answer as its typed error (with `raiseExc`), kept on the span with the request id. */
const statusStep = (run: Run): Next => (response) => {
  run.span.attribute("http.response.status_code", response.status)
  const requestId = requestIdOf(response.headers)
  if (requestId !== undefined) run.span.attribute("openstack.request_id", requestId)
  return run.plan.raiseExc && response.status >= 400
    ? Effect.flatMap(fromResponse(response), (error) => Effect.fail(error))
    : Effect.succeed(response)
}

/** Sends to an absolute URL: the span's request attributes, then the request with its steps. */
const sendTo = (parts: SessionParts, run: Run, method: string) => (absolute: string): Answer => {
  run.span.attribute("http.request.method", method)
  run.span.attribute("url.full", redactUrl(absolute))
  if (run.plan.serviceType !== undefined) run.span.attribute("openstack.service_type", run.plan.serviceType)
  return follow(parts, buildRequest(parts, absolute, run.plan), run, statusStep(run))
}

/** A deadline that passed, as the failure the caller reads: `ConnectTimeout`, naming the deadline and the tries. */
const deadlineReached = (run: Run, method: string, url: string) => (error: SessionError): SessionError =>
  isDeadline(error)
    ? new ConnectTimeout({
        method,
        url: redactUrl(url),
        message: `${method} ${redactUrl(url)}: no answer within the deadline of ${Duration.format(run.plan.deadline)} `
          + `(${run.attempts} tries)`
      })
    : error

/** One request of a session, in its span. */
const served = (parts: SessionParts, url: string, plan: Plan, method: string): Answer =>
  // Effect.withSpan, with the span at hand: its attributes are set as the request goes, without an effect each.
  Effect.useSpan("Session.request", (span: Tracer.Span) =>
    Effect.withFiber((fiber) => {
      const deadline = fiber.getRef(Clock.Clock).currentTimeMillisUnsafe() + Duration.toMillis(plan.deadline)
      const run: Run = { plan, span, deadline, attempts: 0 }
      span.attribute("openstack.attempts", 0)
      const send = sendTo(parts, run, method)
      const answer = isAbsolute(url)
        ? send(url)
        : Effect.flatMap(inSession(parts, run)(resolveUrl(parts, url, plan)), send)
      const bounded = Effect.mapError(answer, deadlineReached(run, method, url))
      return debugOn(fiber) ? inSession(parts, run)(bounded) : bounded
    }))

/**
 * The session's `request`.
 *
 * @example
 * const request = requestOf(parts)
 * const response = yield* request("/v3/projects", { endpointFilter: { serviceType: "identity" } })
 */
export const requestOf = (parts: SessionParts) => (url: string, options: RequestOptions = {}): Answer => {
  const plan = planOf(parts, options)
  const method = options.method ?? "GET"
  if (plan.authenticate && plan.plugin === undefined) {
    return Effect.fail(
      new MissingAuthPlugin({ message: `${method} ${redactUrl(url)} must be authenticated, and the session has no auth plugin` })
    )
  }
  return served(parts, url, plan, method)
}
