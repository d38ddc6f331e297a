/**
 * The rate-limit slots of a Session's limits (src/session/limits.ts): one slot of a key every window, spaced evenly
 * (a token bucket of one, first come first served, no burst after an idle period), from effect's `RateLimiterStore`:
 * the Session's own memory store, or the store of the context when there is one (`RateLimiter.layerStoreRedis`: the
 * limit fleet-wide). A shared store that fails or answers slowly (1 s) does not fail requests: the slot is taken from
 * the memory store instead, with one warning per outage. Loaded only by a session that has a rate limit.
 *
 * @internal
 */
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as RateLimiter from "effect/persistence/RateLimiter"
import * as Outage from "../internal/outage.ts"

/**
 * The wait for a slot of `key` every `window`, and the wait itself.
 *
 * @example
 * yield* slots("compute", Duration.millis(200))
 */
export type Slots = (key: string, window: Duration.Duration) => Effect.Effect<void>

/** The longest wait for the shared store's answer before taking the slot from the memory store. */
const sharedStoreTimeout = Duration.seconds(1)

/**
 * The slots of one session: from the shared store of the context when there is one, else (or when it fails) from the
 * session's own memory store.
 *
 * @example
 * const slots = yield* makeSlots
 */
export const makeSlots: Effect.Effect<Slots> = Effect.gen(function* () {
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
