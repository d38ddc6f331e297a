/**
 * The fault matrix: every hostile or broken answer a probe found, over every way a Session sends — Transport.node
 * (which bounds its tries itself), Transport.fetch, and Transport.node behind a user's own middleware (which hides the
 * node transport's fast path, so the Session's generic path runs on undici). Each case asserts the typed error and
 * what went over the wire.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, type Scope } from "effect"
import { HttpClient } from "effect/http"
import { Session, Transport } from "effect-openstack"
import { faultServer } from "./support/faultServer.ts"

const transports: ReadonlyArray<readonly [string, () => Layer.Layer<HttpClient.HttpClient, unknown>]> = [
  ["Transport.node", () => Transport.node()],
  ["Transport.fetch", () => Transport.fetch()],
  [
    "Transport.node behind a middleware",
    () =>
      Layer.effect(HttpClient.HttpClient, Effect.map(HttpClient.HttpClient, HttpClient.transform((e) => e)))
        .pipe(Layer.provide(Transport.node()))
  ]
]

const MiB = 1024 * 1024

for (const [name, transport] of transports) {
  /** A session on this transport, with `options`. */
  const session = (options: Session.SessionOptions = {}) => Session.make({ timeout: "10 seconds", ...options })
  /** Runs a test on this transport. */
  const on = <A, E>(test: Effect.Effect<A, E, HttpClient.HttpClient | Scope.Scope>) =>
    Effect.scoped(Effect.provide(test, Layer.orDie(transport())))

  describe(`faults over ${name}`, () => {
    it.live("an answer over maxResponseSize: ResponseTooLarge naming the limit, the body not read past it", () =>
      on(Effect.gen(function* () {
        const server = yield* faultServer()
        const s = yield* session({ maxResponseSize: "1 MiB" })
        for (const chunked of [false, true]) {
          server.script("/big", [{ kind: "large", bytes: 32 * MiB, chunked }])
          const before = server.largeWritten()
          const error = yield* Effect.flip(Effect.flatMap(s.get(`${server.url}/big`), (r) => r.text))
          assert.strictEqual(error._tag, "ResponseTooLarge", `chunked: ${chunked}`)
          if (error._tag !== "ResponseTooLarge") continue
          assert.strictEqual(error.limit, MiB)
          assert.strictEqual(error.status, 200)
          assert.include(error.message, `GET ${server.url}/big returned HTTP 200 with an answer larger than the limit of 1 MiB`)
          assert.include(error.message, "maxResponseSize")
          // Give the server time to write what it could; it stops once the client is gone.
          yield* Effect.sleep("200 millis")
          assert.isBelow(server.largeWritten() - before, 8 * MiB, `chunked: ${chunked}`)
        }
      })))

    it.live("an answer within maxResponseSize is read whole, with or without a Content-Length", () =>
      on(Effect.gen(function* () {
        const server = yield* faultServer()
        const s = yield* session({ maxResponseSize: "1 MiB" })
        for (const chunked of [false, true]) {
          server.script("/fits", [{ kind: "large", bytes: MiB, chunked }])
          const body = yield* Effect.flatMap(s.get(`${server.url}/fits`), (r) => r.json)
          assert.strictEqual(typeof body === "string" ? body.length : -1, MiB - 2, `chunked: ${chunked}`)
        }
      })))
  })
}
