/**
 * The Session's step of retries: connection failures (`connectRetries`) and retriable statuses (`statusCodeRetries`,
 * 429 and 503 by default), with capped, jittered exponential backoff that honours `Retry-After` — idempotent methods
 * only, unless the request provably never reached the server or the caller opts in (`retryNonIdempotent`). A wait
 * that does not fit before the deadline ends the retries with the last answer.
 *
 * @internal
 */
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Schedule from "effect/Schedule"
import type * as HttpClientRequest from "effect/http/HttpClientRequest"
import { isConnectionError, neverReachedServer, parseRetryAfter } from "../Errors.ts"
import { isDeadline, timeLeft } from "../internal/sessionTry.ts"
import { attempt } from "./attempt.ts"
import type { Response, SessionError } from "./options.ts"
import type { Answer, Backoff, Hop, Next, SessionParts } from "./run.ts"

const idempotent: ReadonlySet<string> = new Set(["GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE"])

/** A response with a retriable status, carried through `Effect.retry` as a failure. */
class RetriableStatus {
  readonly _tag = "RetriableStatus"
  readonly response: Response
  readonly retryAfter: number | undefined
  constructor(response: Response, retryAfter: number | undefined) {
    this.response = response
    this.retryAfter = retryAfter
  }
}

/**
 * Exponential backoff from `base`, jittered, capped at `cap`, never shorter than the server's Retry-After; a wait that
 * does not fit in the time left before the deadline ends the retries, so the caller gets the last answer (the server's
 * 503 with its Retry-After, the connection's failure) at once instead of a deadline timeout after a useless sleep.
 */
const backoff = (policy: Backoff, retryAfterOf: (error: unknown) => number | undefined, deadline: number) =>
  Schedule.exponential(policy.base).pipe(
    Schedule.jittered,
    Schedule.modifyDelay(({ duration, input }) => {
      const capped = Duration.min(Duration.fromInputUnsafe(duration), policy.cap)
      const asked = retryAfterOf(input)
      return Effect.succeed(asked === undefined ? capped : Duration.max(capped, Duration.seconds(asked)))
    }),
    Schedule.while(({ duration }) => Effect.map(timeLeft(deadline), (left) => Duration.toMillis(duration) < left))
  )

const isRetriableStatus = (error: unknown): error is RetriableStatus => error instanceof RetriableStatus

const retryAfterOf = (error: unknown): number | undefined =>
  error instanceof RetriableStatus ? error.retryAfter : undefined

/** A try with its retries (connection failures, then retriable statuses); its answer goes to `next`. */
export const withRetries = (
  parts: SessionParts,
  request: HttpClientRequest.HttpClientRequest,
  hop: Hop,
  next: Next
): Answer => {
  const { plan, deadline } = hop.run
  const safe = idempotent.has(request.method) || plan.retryNonIdempotent
  const statusRetries = plan.statusCodeRetries !== 0 && safe
  // Without retries, the answer goes straight on (one step less per request).
  if (plan.connectRetries === 0 && !statusRetries) return attempt(parts, request, hop, next)
  const once = attempt(parts, request, hop, undefined)
  const connectRetriable = (error: SessionError) =>
    isConnectionError(error) && !isDeadline(error) && (safe || neverReachedServer(error))
  const schedule = backoff(plan.backoff, retryAfterOf, deadline)
  const withConnectRetries = plan.connectRetries === 0
    ? once
    : Effect.retry(once, { times: plan.connectRetries, schedule, while: connectRetriable })
  if (!statusRetries) return Effect.flatMap(withConnectRetries, next)
  return withConnectRetries.pipe(
    Effect.flatMap((response) =>
      plan.retriable.has(response.status)
        ? Effect.flatMap(Clock.currentTimeMillis, (now) =>
            Effect.fail(new RetriableStatus(response, parseRetryAfter(response.headers["retry-after"], now))))
        : Effect.succeed(response)
    ),
    Effect.retry({ times: plan.statusCodeRetries, schedule, while: isRetriableStatus }),
    Effect.catchIf(isRetriableStatus, (error) => Effect.succeed(error.response)),
    Effect.flatMap(next)
  )
}
