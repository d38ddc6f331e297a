/**
 * The Session's step of client-side limits per service: a concurrency permit (this process) and a rate-limit slot,
 * spaced evenly (a token bucket of one, first come first served, no burst after an idle period).
 *
 * The slots come from effect's `RateLimiterStore`: the Session's own memory store, or the store of the context when
 * there is one — `RateLimiter.layerStoreRedis` makes the limit fleet-wide (N processes together keep one rate; the key
 * is the official service type, so give each cloud its own `prefix`). A shared store that fails or answers slowly (1 s)
 * does not fail requests: the slot is taken from the memory store instead, with one warning per outage.
 *
 * @internal
 */
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import type * as HttpClientError from "effect/http/HttpClientError"
import type * as HttpClientRequest from "effect/http/HttpClientRequest"
import * as RateLimiter from "effect/persistence/RateLimiter"
import * as Semaphore from "effect/Semaphore"
import * as Outage from "../internal/outage.ts"
import { deadlinePassed, timeLeft } from "../internal/sessionTry.ts"
import * as ServiceTypes from "../ServiceTypes.ts"
import type { ServiceLimits } from "./options.ts"

/** Wraps one try in its service's permit and slot, within the deadline; `undefined` when the service has no limits. */
export type LimitsFor = (
  serviceType: string | undefined,
  request: HttpClientRequest.HttpClientRequest,
  deadline: number
) => (<A, E>(effect: Effect.Effect<A, E>) => Effect.Effect<A, E | HttpClientError.HttpClientError>) | undefined

/** The longest wait for the shared store's answer before taking the slot from the memory store. */
const sharedStoreTimeout = Duration.seconds(1)

/** A slot of `key` every `window`: the wait it needs, from the shared store or else the local one. */
const makeSlots = Effect.gen(function* () {
  const local = yield* RateLimiter.make.pipe(Effect.provide(RateLimiter.layerStoreMemory))
  const shared = yield* Effect.serviceOption(RateLimiter.RateLimiterStore)
  const outage = yield* Outage.make("Session.limits", "each process keeps the rate limits on its own")
  const remote = shared._tag === "Some"
    ? yield* Effect.provideService(RateLimiter.make, RateLimiter.RateLimiterStore, shared.value)
    : undefined
  const consume = (limiter: RateLimiter.RateLimiter, key: string, window: Duration.Duration) =>
    limiter.consume({ algorithm: "token-bucket", onExceeded: "delay", window, limit: 1, key })
  return (key: string, window: Duration.Duration): Effect.Effect<void> => {
    const locally = consume(local, key, window).pipe(
      Effect.catch((error) =>
        Effect.as(Effect.logWarning(`rate limiter for ${key} failed, not limiting: ${error.message}`), undefined))
    )
    const delay = remote === undefined
      ? locally
      : outage.guard(Effect.timeout(consume(remote, key, window), sharedStoreTimeout), locally)
    return Effect.flatMap(delay, (result) =>
      result === undefined || Duration.isZero(result.delay) ? Effect.void : Effect.sleep(result.delay))
  }
})

/**
 * The limits step of a session with `limits` per service type (official names or aliases).
 *
 * @example
 * const limitsFor = yield* makeLimits({ compute: { rateLimit: 5, concurrency: 2 } })
 */
export const makeLimits = (
  all: Readonly<Record<string, ServiceLimits>> | undefined
): Effect.Effect<LimitsFor> =>
  Effect.gen(function* () {
    const slot = yield* makeSlots
    const semaphores = new Map<string, Semaphore.Semaphore>()
    const semaphoreOf = (type: string, permits: number) => {
      const existing = semaphores.get(type)
      if (existing !== undefined) return existing
      const made = Semaphore.makeUnsafe(permits)
      semaphores.set(type, made)
      return made
    }
    return (serviceType, request, deadline) => {
      if (all === undefined || serviceType === undefined) return undefined
      const type = ServiceTypes.official(serviceType)
      const limits = all[type] ?? all[serviceType]
      if (limits === undefined) return undefined
      return <A, E>(effect: Effect.Effect<A, E>): Effect.Effect<A, E | HttpClientError.HttpClientError> => {
        let gated = effect
        if (limits.rateLimit !== undefined && limits.rateLimit > 0) {
          gated = Effect.andThen(slot(type, Duration.millis(1000 / limits.rateLimit)), gated)
        }
        if (limits.concurrency !== undefined && limits.concurrency > 0) {
          gated = semaphoreOf(type, limits.concurrency).withPermit(gated)
        }
        // Waiting for a slot or a permit counts against the deadline too.
        return Effect.flatMap(timeLeft(deadline), (left) =>
          Number.isFinite(left)
            ? Effect.timeoutOrElse(gated, {
                duration: Math.max(0, left),
                orElse: () => Effect.fail(deadlinePassed(request))
              })
            : gated)
      }
    }
  })
