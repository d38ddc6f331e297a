/** The Session of the fault tests (SessionFaults.test.ts, TransportNode.test.ts), on the transport a test gives. */
import { Effect, type Layer } from "effect"
import type { HttpClient } from "effect/http"
import { Session } from "effect-openstack"

/**
 * Runs `body` with a session with short retry delays (10 ms, at most 50 ms) and a 2-second timeout per try, unless
 * `options` say otherwise, on `transport`.
 *
 * @example
 * const response = yield* withFaultSession(Transport.node(), (session) => session.get(`${server.url}/slow`), { connectRetries: 1 })
 */
export const withFaultSession = <A, E, TE>(
  transport: Layer.Layer<HttpClient.HttpClient, TE>,
  body: (session: Session.SessionShape) => Effect.Effect<A, E>,
  options: Session.SessionOptions = {}
) =>
  Effect.gen(function* () {
    const session = yield* Session.make({ retryDelay: "10 millis", maxRetryDelay: "50 millis", timeout: "2 seconds", ...options })
    return yield* body(session)
  }).pipe(Effect.provide(transport))
