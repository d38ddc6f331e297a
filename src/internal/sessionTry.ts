/**
 * One try of a Session request: sent through the transport within the session's timeout and the request's deadline,
 * its answer's body read in full (the response keeps it), and Debug lines (curl-style, redacted) for the request and
 * its answer. The try's budget goes to the transport in the context (see tryBudget.ts): a transport that bounds its
 * tries itself (`Transport.node`) claims it, any other is raced against a timer. Platform-free: the Session imports it.
 *
 * @internal
 */
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import type * as Fiber from "effect/Fiber"
import * as LogLevel from "effect/LogLevel"
import * as Predicate from "effect/Predicate"
import * as References from "effect/References"
import { constTrue } from "effect/Function"
import * as HttpClient from "effect/http/HttpClient"
import * as HttpClientError from "effect/http/HttpClientError"
import type * as HttpClientRequest from "effect/http/HttpClientRequest"
import type * as HttpClientResponse from "effect/http/HttpClientResponse"
import { logRequest, logResponse } from "./httpLog.ts"
import { limitOf, readBounded } from "./responseSize.ts"
import * as TryBudget from "./tryBudget.ts"

/** The whole body; a connection that breaks while it is read is a transport failure, like one before the answer. */
const brokenBody = (response: HttpClientResponse.HttpClientResponse) => (error: HttpClientError.HttpClientError) =>
  new HttpClientError.HttpClientError({
    reason: new HttpClientError.TransportError({
      request: response.request,
      cause: error.reason.cause ?? error,
      description: "the connection broke while the answer's body was read"
    })
  })

/** The whole body, at most `limit` bytes of it (see responseSize.ts), read into the response (or a copy of it). */
const readBody = (response: HttpClientResponse.HttpClientResponse, limit: number) =>
  Effect.catchIf(
    readBounded(response, limit),
    (error) => error.reason._tag !== "DecodeError" || limitOf(error.reason.cause) === undefined,
    (error) => Effect.fail(brokenBody(response)(error))
  )

/** What a try that ran out of time fails with: the cause of a `TransportError`, with a code saying why. */
const timeoutCause = (code: "ETIMEDOUT" | "EDEADLINE", message: string): Error =>
  Object.assign(new Error(message), { code })

const transportTimeout = (request: HttpClientRequest.HttpClientRequest, cause: Error) =>
  new HttpClientError.HttpClientError({ reason: new HttpClientError.TransportError({ request, cause }) })

const timedOutCause = (timeout: Duration.Duration) =>
  timeoutCause("ETIMEDOUT", `no complete answer within ${Duration.format(timeout)}`)

const deadlineCause = () => timeoutCause("EDEADLINE", "the request's deadline passed")

/**
 * What a try (or a wait) fails with once the request's deadline has passed.
 *
 * @example
 * if (left <= 0) return Effect.fail(deadlinePassed(request))
 */
export const deadlinePassed = (request: HttpClientRequest.HttpClientRequest) =>
  transportTimeout(request, deadlineCause())

/**
 * When the request being served must be over (epoch milliseconds, by the Effect clock), for what runs through the
 * session's client on its behalf (authentication, discovery): `Session.request` sets it around those, and hands it to
 * its own tries, limit waits and backoffs directly, so that each is cut to the time left — one overall deadline
 * without a timer of its own.
 *
 * @example
 * Effect.provideService(authenticate, Deadline, Date.now() + 30_000)
 */
export const Deadline = Context.Reference<number | undefined>("effect-openstack/Session/Deadline", {
  defaultValue: () => undefined
})

/** Milliseconds left before `deadline` (epoch milliseconds; `Infinity` without one), by the fiber's clock. */
const timeLeftIn = (fiber: Fiber.Fiber<unknown, unknown>, deadline: number | undefined): number =>
  deadline === undefined ? Number.POSITIVE_INFINITY : deadline - fiber.getRef(Clock.Clock).currentTimeMillisUnsafe()

/**
 * Milliseconds left before `deadline` (`Infinity` without one).
 *
 * @example
 * const left = yield* timeLeft(run.deadline)
 */
export const timeLeft = (deadline: number | undefined): Effect.Effect<number> =>
  Effect.withFiber((fiber) => Effect.succeed(timeLeftIn(fiber, deadline)))

/**
 * Whether a failure is the deadline passing: never retried.
 *
 * @example
 * const retriable = (error: SessionError) => isConnectionError(error) && !isDeadline(error)
 */
export const isDeadline = (error: { readonly _tag: string, readonly cause?: unknown }): boolean =>
  error._tag === "ConnectTimeout" && Predicate.hasProperty(error.cause, "code") && error.cause.code === "EDEADLINE"

/**
 * Whether Debug lines would be logged by this fiber (as `LogLevel.isEnabled("Debug")`, without an effect).
 *
 * @example
 * Effect.withFiber((fiber) => (debugOn(fiber) ? logged : plain))
 */
export const debugOn = (fiber: Fiber.Fiber<unknown, unknown>): boolean =>
  !LogLevel.isGreaterThan(fiber.getRef(References.MinimumLogLevel), "Debug")

/**
 * One try through `base` (see {@link sessionClient}) by the running `fiber`, within `deadline` (epoch milliseconds, or
 * none) as well as the session's timeout: the Session calls it with its request's deadline, its client with the
 * deadline in the context.
 *
 * @example
 * const answer = oneTry(fiber, request, run.deadline)
 */
export type OneTry = (
  fiber: Fiber.Fiber<unknown, unknown>,
  request: HttpClientRequest.HttpClientRequest,
  deadline: number | undefined
) => Effect.Effect<HttpClientResponse.HttpClientResponse, HttpClientError.HttpClientError>

/** The try in the context of `budget` (for a transport that bounds it), without effect's client span. */
const budgeted = (
  base: HttpClient.HttpClient,
  request: HttpClientRequest.HttpClientRequest,
  budget: TryBudget.TryBudget
) =>
  Effect.updateContext(base.postprocess(Effect.succeed(request)), (context: Context.Context<never>) =>
    Context.add(Context.add(context, HttpClient.TracerDisabledWhen, constTrue), TryBudget.Current, budget))

/**
 * The try of a session with `timeout` on `base`: bounded by the transport itself when it claims the try's budget (see
 * tryBudget.ts), else raced against a timer. Whether the transport claims budgets is learned from each try: after a
 * claimed one, the next tries run without a timer of their own; after an unclaimed one, they are raced.
 *
 * @example
 * const oneTry = makeTry(transport, Duration.seconds(60), 64 * 1024 * 1024)
 */
export const makeTry = (base: HttpClient.HttpClient, timeout: Duration.Duration, maxBodyBytes: number): OneTry => {
  const timeoutMillis = Duration.toMillis(timeout)
  let transportBounds = false
  /** Reads the body within the bound (but of a HEAD), unless the transport did; learns whether it did. */
  const bodyOf = (request: HttpClientRequest.HttpClientRequest, budget: TryBudget.TryBudget) =>
    (response: HttpClientResponse.HttpClientResponse) => {
      transportBounds = budget.claimed
      return budget.claimed || request.method === "HEAD" ? Effect.succeed(response) : readBody(response, maxBodyBytes)
    }
  /** The try, its body read; and its Debug lines when `debug`. */
  const complete = (request: HttpClientRequest.HttpClientRequest, budget: TryBudget.TryBudget, debug: boolean) => {
    const sent = Effect.flatMap(budgeted(base, request, budget), bodyOf(request, budget))
    if (!debug) return sent
    return Effect.gen(function* () {
      yield* logRequest(request)
      const started = Date.now()
      const response = yield* sent
      // Read already (it is in memory): the log shows it, or nothing if it cannot be had.
      const body = request.method === "HEAD" ? undefined : yield* Effect.option(response.arrayBuffer)
      yield* logResponse(response, body?._tag === "Some" ? new Uint8Array(body.value) : undefined, Date.now() - started)
      return response
    })
  }
  return (fiber, request, deadline) => {
    const left = timeLeftIn(fiber, deadline)
    if (left <= 0) return Effect.fail(deadlinePassed(request))
    const byDeadline = left < timeoutMillis
    const budget = byDeadline
      ? new TryBudget.TryBudget(left, deadlineCause, maxBodyBytes)
      : new TryBudget.TryBudget(timeoutMillis, () => timedOutCause(timeout), maxBodyBytes)
    const tried = complete(request, budget, debugOn(fiber))
    if (transportBounds) return tried
    return byDeadline
      ? Effect.timeoutOrElse(tried, { duration: left, orElse: () => Effect.fail(deadlinePassed(request)) })
      : Effect.timeoutOrElse(tried, {
          duration: timeout,
          orElse: () => Effect.fail(transportTimeout(request, timedOutCause(timeout)))
        })
  }
}

/**
 * The client whose every request is one try within the deadline in the context, after the transport's own request
 * preprocessing (as `transform`).
 *
 * @example
 * const client = clientOf(transport, makeTry(transport, timeout))
 */
export const clientOf = (base: HttpClient.HttpClient, oneTry: OneTry): HttpClient.HttpClient =>
  HttpClient.makeWith<HttpClientError.HttpClientError, never, HttpClientError.HttpClientError, never>(
    (request) =>
      Effect.flatMap(request, (prepared) =>
        Effect.withFiber((fiber) => oneTry(fiber, prepared, fiber.getRef(Deadline)))),
    base.preprocess
  )

/**
 * `client.execute` with an explicit deadline, without the effects a transport without preprocessing does not need.
 *
 * @example
 * const execute = executeOf(transport, oneTry)
 */
export const executeOf = (base: HttpClient.HttpClient, oneTry: OneTry): OneTry => {
  const preprocess = base.preprocess
  return preprocess === Effect.succeed
    ? oneTry
    : (fiber, request, deadline) => Effect.flatMap(preprocess(request), (prepared) => oneTry(fiber, prepared, deadline))
}
