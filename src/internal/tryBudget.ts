/**
 * Sending one Session try through a transport that bounds it itself.
 *
 * The Session bounds every try (the request, its answer and its whole body) by its `timeout`, or by the time left
 * before the request's deadline, and its answer's size by `maxResponseSize`, and sends it without effect's client
 * span. With any `HttpClient` it does so with `Effect.timeoutOrElse` (two fibers and a sleep per try),
 * `responseSize.readBounded` and `HttpClient.TracerDisabledWhen`. A transport that
 * attaches a {@link BudgetedSend} to its client ({@link withBudgetedSend}) does it cheaper: the Session hands it the
 * try and its {@link TryBudget}; the transport sends without a client span, answers once the whole body is in, arms
 * one timer, and when it fires fails the try with a `TransportError` whose cause is {@link TryBudget.cause} (what the
 * race fails with too), aborting the request whether it waits for a connection, its answer or the rest of its body.
 *
 * The mark is on the client object itself, so any wrapper (`HttpClient.transform`, …) hides it and the Session falls
 * back to the race. Platform-free: the Session imports it, and runs anywhere.
 *
 * @internal
 */
import type * as Effect from "effect/Effect"
import type * as HttpClient from "effect/http/HttpClient"
import type * as HttpClientError from "effect/http/HttpClientError"
import type * as HttpClientRequest from "effect/http/HttpClientRequest"
import type * as HttpClientResponse from "effect/http/HttpClientResponse"

/**
 * How long a try may take, from when it is sent, and what it fails with when that is over.
 *
 * @example
 * const budget: TryBudget = {
 *   millis: 30_000,
 *   cause: () => Object.assign(new Error("slow"), { code: "ETIMEDOUT" }),
 *   maxBodyBytes: 64 * 1024 * 1024
 * }
 */
export interface TryBudget {
  /** Milliseconds; `Infinity` for no bound (a session without a timeout or deadline), and it may pass 24.8 days. */
  readonly millis: number
  /** The `cause` of the `TransportError` (an `Error` with a `code`, which says whether a timeout or the deadline). */
  readonly cause: () => Error
  /**
   * The most bytes the answer's body may have: past it the try fails with `responseSize.tooLarge` and the request is
   * aborted (a `Content-Length` over it fails the try before any byte of the body is read).
   */
  readonly maxBodyBytes: number
}

/**
 * How a transport sends a try within a budget, and which requests it can send so.
 *
 * @example
 * const direct: BudgetedSend = { accepts: () => true, send: (request, budget) => sendWithTimer(request, budget) }
 */
export interface BudgetedSend {
  readonly accepts: (request: HttpClientRequest.HttpClientRequest) => boolean
  /**
   * Sends without effect's client span, and answers once the whole body is in (read within the budget too: a
   * connection that breaks meanwhile is a `TransportError`).
   */
  readonly send: (
    request: HttpClientRequest.HttpClientRequest,
    budget: TryBudget
  ) => Effect.Effect<HttpClientResponse.HttpClientResponse, HttpClientError.HttpClientError>
}

const key: unique symbol = Symbol.for("effect-openstack/internal/TryBudget/BudgetedSend")

interface Marked {
  readonly [key]?: BudgetedSend
}

/**
 * Attaches `send` to `client`, and returns the client.
 *
 * @example
 * return withBudgetedSend(client, { accepts, send })
 */
export const withBudgetedSend = (client: HttpClient.HttpClient, send: BudgetedSend): HttpClient.HttpClient =>
  Object.assign(client, { [key]: send })

/**
 * The budgeted send of `client`: `undefined` for any client but a marked one.
 *
 * @example
 * const direct = budgetedSendOf(client)
 */
export const budgetedSendOf = (client: HttpClient.HttpClient): BudgetedSend | undefined => (client as Marked)[key]
