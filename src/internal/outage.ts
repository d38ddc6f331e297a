/**
 * A shared backend the SDK can do without (Redis, for the token store and the fleet's rate limits): when it fails or
 * is slow, the caller gets a local fallback instead of an error. One warning per outage says so (and an info line when
 * it ends); every fallback counts in the metric `effect_openstack_shared_store_fallbacks` (attribute `store`) and marks
 * the current span (`openstack.shared_store.<store>: "unavailable"`).
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import * as Metric from "effect/Metric"
import * as Ref from "effect/Ref"

/** Runs an operation on the shared backend, or its fallback while the backend is unavailable. */
export interface Outage {
  readonly guard: <A, E, R>(
    operation: Effect.Effect<A, E, R>,
    fallback: Effect.Effect<A, never, R>
  ) => Effect.Effect<A, never, R>
}

const fallbacks = Metric.counter("effect_openstack_shared_store_fallbacks", {
  description: "Operations on a shared store (Redis) that failed or timed out and fell back to this process alone",
  incremental: true
})

/** What went wrong, in a few words: the innermost cause's own message (Redis errors name no argument of a command). */
const reasonOf = (error: unknown): string => {
  let current: unknown = error
  for (let depth = 0; depth < 8; depth++) {
    const inner = typeof current === "object" && current !== null
      ? ("reason" in current ? current.reason : "cause" in current ? current.cause : undefined)
      : undefined
    if (inner === undefined || inner === null) break
    current = inner
  }
  const text = typeof current === "object" && current !== null && "message" in current
    ? String(current.message)
    : String(current)
  return text.length > 200 ? `${text.slice(0, 200)}…` : text
}

/**
 * The outage state of one shared store: `store` names it in logs and metrics (e.g. "TokenStore.redis"), `meanwhile`
 * says what the fallback means (e.g. "each process authenticates on its own").
 */
export const make = (store: string, meanwhile: string): Effect.Effect<Outage> =>
  Effect.map(Ref.make(false), (down): Outage => ({
    guard: (operation, fallback) =>
      Effect.matchEffect(operation, {
        onFailure: (error) =>
          Effect.gen(function* () {
            yield* Effect.annotateCurrentSpan(`openstack.shared_store.${store}`, "unavailable")
            yield* Metric.update(Metric.withAttributes(fallbacks, { store }), 1)
            if (!(yield* Ref.getAndSet(down, true))) {
              yield* Effect.logWarning(`${store}: Redis is unavailable (${reasonOf(error)}); ${meanwhile} until it is back`)
            }
            return yield* fallback
          }),
        onSuccess: (value) =>
          Effect.as(
            Effect.flatMap(Ref.getAndSet(down, false), (wasDown) =>
              wasDown ? Effect.logInfo(`${store}: Redis is back; shared again`) : Effect.void),
            value
          )
      })
  }))
