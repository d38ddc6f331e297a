/**
 * The try's budget travels in the context (src/internal/tryBudget.ts): a transport under a user's middleware still
 * sees it and bounds the try itself; a client that does not claim it gets the Session's own timer, on the Effect clock.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Fiber, Layer } from "effect"
import { TestClock } from "effect/testing"
import { HttpClient, HttpClientResponse } from "effect/http"
import { Session, Transport } from "effect-openstack"
import * as TryBudget from "../../src/internal/tryBudget.ts"
import { httpServer } from "../support/servers.ts"

/** A client that answers 200 at once, and records the budget it found in its fiber's context. */
const recording = (claims: boolean) => {
  const seen: Array<TryBudget.TryBudget | undefined> = []
  const client = HttpClient.make((request) =>
    Effect.withFiber((fiber) => {
      const budget = fiber.getRef(TryBudget.Current)
      seen.push(budget)
      if (claims && budget !== undefined) TryBudget.claim(budget)
      return Effect.succeed(HttpClientResponse.fromWeb(request, new Response("{}", { status: 200 })))
    }))
  return { seen, client }
}

/** `client` wrapped by a user's middleware that adds nothing. */
const transformed = (client: HttpClient.HttpClient) => HttpClient.transform(client, (effect) => effect)

describe("the try's budget in the context", () => {
  it.effect("a client under HttpClient.transform sees each try's budget: the session's timeout and size bound", () =>
    Effect.gen(function* () {
      const { seen, client } = recording(true)
      const session = yield* Session.make({ timeout: "7 seconds", maxResponseSize: "1 MiB" }).pipe(
        Effect.provideService(HttpClient.HttpClient, transformed(client))
      )
      yield* session.get("http://service.test/a")
      yield* session.get("http://service.test/b")
      assert.strictEqual(seen.length, 2)
      for (const budget of seen) {
        assert.strictEqual(budget?.millis, 7000)
        assert.strictEqual(budget?.maxBodyBytes, 1024 * 1024)
        assert.isTrue(budget?.claimed)
      }
    }))

  it.effect("a client that does not claim the budget is raced: a hanging try fails at the timeout, on the TestClock", () =>
    Effect.gen(function* () {
      const hanging = HttpClient.make(() => Effect.never)
      const session = yield* Session.make({ timeout: "5 seconds" }).pipe(
        Effect.provideService(HttpClient.HttpClient, transformed(hanging))
      )
      const fiber = yield* Effect.forkChild(Effect.flip(session.get("http://service.test/slow")))
      yield* TestClock.adjust("5 seconds")
      const error = yield* Fiber.join(fiber)
      assert.strictEqual(error._tag, "ConnectTimeout")
      assert.include(error.message, "timed out")
    }))

  it.live("Transport.node under a user's middleware bounds the try itself: a silent server, a ConnectTimeout", () =>
    Effect.scoped(Effect.gen(function* () {
      const silent = yield* httpServer(() => {
        // never answers
      })
      const wrapped = Layer.effect(HttpClient.HttpClient, Effect.map(HttpClient.HttpClient, transformed)).pipe(
        Layer.provide(Transport.node())
      )
      const budgets: Array<TryBudget.TryBudget | undefined> = []
      const spy = Layer.effect(
        HttpClient.HttpClient,
        Effect.map(HttpClient.HttpClient, (client) =>
          HttpClient.transform(client, (effect) =>
            Effect.withFiber((fiber) => {
              budgets.push(fiber.getRef(TryBudget.Current))
              return effect
            })))
      ).pipe(Layer.provide(wrapped))
      const error = yield* Effect.flip(
        Effect.flatMap(Session.make({ timeout: "300 millis" }), (session) => session.get(`${silent.url}/x`)).pipe(
          Effect.provide(spy)
        )
      )
      assert.strictEqual(error._tag, "ConnectTimeout")
      assert.strictEqual(budgets.length, 1)
      assert.isTrue(budgets[0]?.claimed, "the transport under the middleware took the try on")
    })), 10_000)
})
