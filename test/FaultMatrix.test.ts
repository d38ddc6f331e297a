/**
 * The fault matrix: every hostile or broken answer a probe found, over every way a Session sends — Transport.node
 * (which bounds its tries itself), Transport.fetch, Transport.nodeHttp, and Transport.node behind a user's own middleware (which hides the
 * node transport's fast path, so the Session's generic path runs on undici). Each case asserts the typed error and
 * what went over the wire.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, type Scope } from "effect"
import { HttpClient } from "effect/http"
import { Session, Transport } from "effect-openstack"
import { faultServer, keystoneOn } from "./support/faultServer.ts"

/** A user's middleware that reads every answer's body before the Session does (a logger, say). */
const readingMiddleware = (transport: Layer.Layer<HttpClient.HttpClient, unknown>) =>
  Layer.effect(
    HttpClient.HttpClient,
    Effect.map(HttpClient.HttpClient, HttpClient.transformResponse(Effect.tap((response) => response.arrayBuffer)))
  ).pipe(Layer.provide(transport))

const transports: ReadonlyArray<readonly [string, () => Layer.Layer<HttpClient.HttpClient, unknown>]> = [
  ["Transport.node", () => Transport.node()],
  ["Transport.fetch", () => Transport.fetch()],
  ["Transport.nodeHttp", () => Transport.nodeHttp()],
  [
    "Transport.node behind a middleware",
    () =>
      Layer.effect(HttpClient.HttpClient, Effect.map(HttpClient.HttpClient, HttpClient.transform((e) => e)))
        .pipe(Layer.provide(Transport.node()))
  ]
]

const MiB = 1024 * 1024

for (const [name, transport] of transports) {
  /** A session on this transport, with short retry delays and `options`. */
  const session = (options: Session.SessionOptions = {}) =>
    Session.make({ timeout: "5 seconds", retryDelay: "10 millis", maxRetryDelay: "50 millis", ...options })
  /** Runs a test on this transport. */
  const on = <A, E>(test: Effect.Effect<A, E, HttpClient.HttpClient | Scope.Scope>) =>
    Effect.scoped(Effect.provide(test, Layer.orDie(transport())))

  describe(`faults over ${name}`, () => {
    it.live("connection resets (before the answer, in its body): ConnectFailure, a GET retried", () =>
      on(Effect.gen(function* () {
        const server = yield* faultServer()
        const s = yield* session({ connectRetries: 1 })
        server.script("/reset", [{ kind: "reset" }, { kind: "json", body: { ok: 1 } }])
        assert.deepStrictEqual(yield* Effect.flatMap(s.get(`${server.url}/reset`), (r) => r.json), { ok: 1 })
        server.script("/half", [{ kind: "resetMidBody" }])
        const error = yield* Effect.flip(s.get(`${server.url}/half`))
        assert.strictEqual(error._tag, "ConnectFailure")
        assert.strictEqual(server.count("/half"), 2)
      })))

    it.live("stalled headers and a stalled body: ConnectTimeout within the timeout", () =>
      on(Effect.gen(function* () {
        const server = yield* faultServer()
        const s = yield* session({ timeout: "300 millis" })
        server.script("/headers", [{ kind: "stallHeaders" }])
        server.script("/body", [{ kind: "stallBody" }])
        for (const path of ["/headers", "/body"]) {
          const error = yield* Effect.flip(s.get(`${server.url}${path}`))
          assert.strictEqual(error._tag, "ConnectTimeout", path)
        }
      })))

    it.live("truncated or malformed JSON: InvalidResponse from response.json, the body not quoted", () =>
      on(Effect.gen(function* () {
        const server = yield* faultServer()
        const s = yield* session()
        server.script("/cut", [{ kind: "truncatedJson" }])
        server.script("/html", [{ kind: "malformedJson" }])
        for (const path of ["/cut", "/html"]) {
          const error = yield* Effect.flip(Effect.flatMap(s.get(`${server.url}${path}`), (r) => r.json))
          assert.strictEqual(error._tag, "InvalidResponse", path)
          assert.include(error.message, "with a body that is not JSON")
          assert.notInclude(error.message, "Bad Gateway")
        }
      })))

    it.live("503 with a Retry-After past the deadline: ServiceUnavailable at once, retryAfter kept", () =>
      on(Effect.gen(function* () {
        const server = yield* faultServer()
        const s = yield* session({ statusCodeRetries: 3, deadline: "3 seconds" })
        server.script("/later", [{ kind: "status", status: 503, retryAfter: "100" }])
        const error = yield* Effect.flip(s.get(`${server.url}/later`))
        assert.strictEqual(error._tag, "ServiceUnavailable")
        assert.strictEqual(error._tag === "ServiceUnavailable" ? error.retryAfter : 0, 100)
        assert.strictEqual(server.count("/later"), 1)
      })))

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

    it.live("redirects: no body to another origin unless allowed; A → B → A gets no token back", () =>
      on(Effect.gen(function* () {
        const server = yield* faultServer()
        const other = yield* faultServer({ requestIdPrefix: "other-" })
        const s = yield* session({ auth: yield* keystoneOn(server) })
        server.script("/v3/users", [{ kind: "redirect", status: 307, location: `${other.url}/v3/users` }])
        const error = yield* Effect.flip(s.post(`${server.url}/v3/users`, { json: { user: { password: "body-secret" } } }))
        assert.strictEqual(error._tag, "OtherRedirection")
        assert.strictEqual(other.count(), 0)
        server.script("/start", [{ kind: "redirect", location: `${other.url}/bounce` }])
        other.script("/bounce", [{ kind: "redirect", location: `${server.url}/chosen` }])
        server.script("/chosen", [{ kind: "json", body: {} }])
        yield* s.get(`${server.url}/start`)
        assert.deepStrictEqual(
          server.seen().filter((r) => r.path !== "/v3/auth/tokens").map((r) => [r.path, r.headers["x-auth-token"]]),
          [["/v3/users", "tok-1"], ["/start", "tok-1"], ["/chosen", undefined]]
        )
      })))

    it.live("a 401 for the token sent: one re-authentication, then the answer; an echoed token is masked", () =>
      on(Effect.gen(function* () {
        const server = yield* faultServer()
        const s = yield* session({ auth: yield* keystoneOn(server) })
        server.script("/resource", [{ kind: "unauthorizedOnce", token: "tok-1", then: { kind: "json", body: { ok: true } } }])
        assert.deepStrictEqual(yield* Effect.flatMap(s.get(`${server.url}/resource`), (r) => r.json), { ok: true })
        assert.strictEqual(server.count("POST /v3/auth/tokens"), 2)
        server.script("/echo", [{ kind: "status", status: 403, body: { error: { code: 403, message: "token tok-2 may not" } } }])
        const error = yield* Effect.flip(s.get(`${server.url}/echo`))
        assert.strictEqual(error._tag, "Forbidden")
        assert.include(error.message, "token *** may not")
      })))
  })
}

describe("faults over Transport.fetch behind a middleware that reads every body first", () => {
  // The body is read before the Session sees it (and cannot be read again): the limit is checked on what was read.
  it.live("an answer over maxResponseSize is still ResponseTooLarge (after the middleware's read), one within it is kept", () =>
    Effect.gen(function* () {
      const server = yield* faultServer()
      const session = yield* Session.make({ maxResponseSize: "1 MiB" })
      for (const chunked of [false, true]) {
        server.script("/big", [{ kind: "large", bytes: 4 * MiB, chunked }])
        const error = yield* Effect.flip(Effect.flatMap(session.get(`${server.url}/big`), (r) => r.text))
        assert.strictEqual(error._tag, "ResponseTooLarge", `chunked: ${chunked}`)
        server.script("/fits", [{ kind: "large", bytes: MiB, chunked }])
        const body = yield* Effect.flatMap(session.get(`${server.url}/fits`), (r) => r.json)
        assert.strictEqual(typeof body === "string" ? body.length : -1, MiB - 2, `chunked: ${chunked}`)
      }
    }).pipe(Effect.scoped, Effect.provide(Layer.orDie(readingMiddleware(Transport.fetch())))))
})
