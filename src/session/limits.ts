/**
 * The Session's step of client-side limits per service: a concurrency permit (this process) and a rate-limit slot
 * (src/session/slots.ts: effect's `RateLimiterStore`, the Session's own or the context's —
 * `RateLimiter.layerStoreRedis` makes the limit fleet-wide; the key is the official service type, so give each cloud
 * its own `prefix`). A session without limits has no step, and one without a rate limit loads no rate limiter.
 *
 * @internal
 */
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import type * as HttpClientError from "effect/http/HttpClientError"
import type * as HttpClientRequest from "effect/http/HttpClientRequest"
import * as Semaphore from "effect/Semaphore"
import { deadlinePassed, timeLeft } from "../internal/sessionTry.ts"
import * as ServiceTypes from "../ServiceTypes.ts"
import type { ServiceLimits } from "./options.ts"
import type { Slots } from "./slots.ts"

/** Wraps one try in its service's permit and slot, within the deadline; `undefined` when the service has no limits. */
export type LimitsFor = (
  serviceType: string | undefined,
  request: HttpClientRequest.HttpClientRequest,
  deadline: number
) => (<A, E>(effect: Effect.Effect<A, E>) => Effect.Effect<A, E | HttpClientError.HttpClientError>) | undefined

/** Whether a service has a rate limit: only then are slots made (and effect's RateLimiter loaded). */
const rateLimited = (all: Readonly<Record<string, ServiceLimits>>) =>
  Object.values(all).some((limits) => limits.rateLimit !== undefined && limits.rateLimit > 0)

/** The slots of a session with rate limits (src/session/slots.ts, loaded then: most sessions have none). */
const slotsFor = (all: Readonly<Record<string, ServiceLimits>>): Effect.Effect<Slots | undefined> =>
  rateLimited(all)
    ? Effect.flatMap(Effect.promise(() => import("./slots.ts")), (module) => module.makeSlots)
    : Effect.succeed(undefined)

/**
 * The limits step of a session with `limits` per service type (official names or aliases).
 *
 * @example
 * const limitsFor = yield* makeLimits({ compute: { rateLimit: 5, concurrency: 2 } })
 */
export const makeLimits = (
  all: Readonly<Record<string, ServiceLimits>> | undefined
): Effect.Effect<LimitsFor> =>
  all === undefined || Object.keys(all).length === 0 ? Effect.succeed(unlimited) : limited(all)

/** The step of a session without limits: none. */
const unlimited: LimitsFor = () => undefined

/** The step of a session with limits. */
const limited = (all: Readonly<Record<string, ServiceLimits>>): Effect.Effect<LimitsFor> =>
  Effect.gen(function* () {
    const slot = yield* slotsFor(all)
    const semaphores = new Map<string, Semaphore.Semaphore>()
    const semaphoreOf = (type: string, permits: number) => {
      const existing = semaphores.get(type)
      if (existing !== undefined) return existing
      const made = Semaphore.makeUnsafe(permits)
      semaphores.set(type, made)
      return made
    }
    return (serviceType, request, deadline) => {
      if (serviceType === undefined) return undefined
      const type = ServiceTypes.official(serviceType)
      const limits = all[type] ?? all[serviceType]
      if (limits === undefined) return undefined
      return <A, E>(effect: Effect.Effect<A, E>): Effect.Effect<A, E | HttpClientError.HttpClientError> => {
        let gated = effect
        if (slot !== undefined && limits.rateLimit !== undefined && limits.rateLimit > 0) {
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
