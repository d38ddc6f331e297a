/**
 * The budget of one Session try, handed to the transport through the fiber's context.
 *
 * The Session bounds every try (the request, its answer and its whole body) by its `timeout`, or by the time left
 * before the request's deadline, and the answer's size by `maxResponseSize`. It puts the try's {@link TryBudget} in
 * the context ({@link Current}) around the client's `execute`; a transport that can bound a try itself
 * (`Transport.node`) reads it there, {@link claim}s it, sends without a client span, answers once the whole body is in,
 * and arms one timer that fails the try with a `TransportError` whose cause is {@link TryBudget.cause}, aborting the
 * request whether it waits for a connection, its answer or the rest of its body.
 *
 * The Session learns from each try whether the client in its context claims budgets: after a claimed try it sends the
 * next ones without a timer of its own; after an unclaimed one (another transport, a test double, a middleware that
 * answers by itself) it races each try against a timer (`Effect.timeoutOrElse`) and reads the body within the size
 * bound itself. Because the budget travels in the context, a user's middleware around the transport
 * (`HttpClient.transform`, `mapRequest`, …) keeps the fast path: the transport under it still sees the budget.
 *
 * @internal
 */
import * as Context from "effect/Context"

/**
 * How long a try may take, from when it is sent, and what it fails with when that is over.
 *
 * @example
 * const budget = new TryBudget(30_000, () => Object.assign(new Error("slow"), { code: "ETIMEDOUT" }), 64 * 1024 * 1024)
 */
export class TryBudget {
  /** Milliseconds; `Infinity` for no bound (a session without a timeout or deadline), and it may pass 24.8 days. */
  readonly millis: number
  /** The `cause` of the `TransportError` (an `Error` with a `code`, which says whether a timeout or the deadline). */
  readonly cause: () => Error
  /**
   * The most bytes the answer's body may have: past it the try fails with `responseSize.tooLarge` and the request is
   * aborted (a `Content-Length` over it fails the try before any byte of the body is read).
   */
  readonly maxBodyBytes: number
  /** Whether a transport took the try on (set by {@link claim}). */
  claimed = false
  constructor(millis: number, cause: () => Error, maxBodyBytes: number) {
    this.millis = millis
    this.cause = cause
    this.maxBodyBytes = maxBodyBytes
  }
}

/**
 * The budget of the try being sent, if the fiber sends one for a Session.
 *
 * @example
 * const budget = fiber.getRef(Current)
 */
export const Current = Context.Reference<TryBudget | undefined>("effect-openstack/internal/TryBudget", {
  defaultValue: () => undefined
})

/**
 * Takes the try on: the transport bounds it, and the Session need not.
 *
 * @example
 * if (budget !== undefined) return send(request, claim(budget))
 */
export const claim = (budget: TryBudget): TryBudget => {
  budget.claimed = true
  return budget
}
