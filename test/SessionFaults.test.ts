import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Logger, Redacted, References, Tracer } from "effect"
import { HttpClient } from "effect/http"
import { Auth, type Session, Transport } from "effect-openstack"
import { Fixtures } from "effect-openstack/testing"
import { faultServer, keystoneOn, refusedUrl } from "./support/faultServer.ts"
import { withFaultSession } from "./support/faultSession.ts"

/** Counts the tries that leave through the transport, and how many are in flight at most. */
const counted = () => {
  let sent = 0
  let inFlight = 0
  let maxInFlight = 0
  const layer = Layer.effect(
    HttpClient.HttpClient,
    Effect.map(HttpClient.HttpClient, (client) =>
      client.pipe(
        HttpClient.transform((effect) =>
          Effect.suspend(() => {
            sent++
            inFlight++
            maxInFlight = Math.max(maxInFlight, inFlight)
            return effect
          }).pipe(Effect.ensuring(Effect.sync(() => inFlight--))))
      ))
  ).pipe(Layer.provide(Transport.node()))
  return { layer, sent: () => sent, maxInFlight: () => maxInFlight }
}

/** A session with short retry delays, on the node transport (counted). */
const run = <A, E>(
  body: (session: Session.SessionShape, transport: ReturnType<typeof counted>) => Effect.Effect<A, E, never>,
  options: Session.SessionOptions = {}
) => {
  const transport = counted()
  return withFaultSession(transport.layer, (session) => body(session, transport), options)
}

describe("connection failures", () => {
  it.live("connectRetries retries a reset GET; without it, one try and ConnectFailure", () =>
    Effect.gen(function* () {
      const server = yield* faultServer()
      server.script("/flaky", [{ kind: "reset" }, { kind: "reset" }, { kind: "json", body: { ok: true } }])
      const ok = yield* run((session) => session.get(`${server.url}/flaky`), { connectRetries: 2 })
      assert.deepStrictEqual(yield* ok.json, { ok: true })
      assert.strictEqual(server.count("/flaky"), 3)
      server.script("/down", [{ kind: "reset" }])
      const error = yield* run((session) => Effect.flip(session.get(`${server.url}/down`)))
      assert.strictEqual(error._tag, "ConnectFailure")
      assert.strictEqual(server.count("/down"), 1)
    }))

  it.live("a POST that may have reached the server is not retried; one that was refused is", () =>
    Effect.gen(function* () {
      const server = yield* faultServer()
      server.script("/create", [{ kind: "reset" }])
      const reset = yield* run((session) => Effect.flip(session.post(`${server.url}/create`, { json: {} })), { connectRetries: 3 })
      assert.strictEqual(reset._tag, "ConnectFailure")
      assert.strictEqual(server.count("/create"), 1)
      const refused = yield* refusedUrl
      yield* run(
        (session, transport) =>
          Effect.gen(function* () {
            const error = yield* Effect.flip(session.post(`${refused}/create`, { json: {} }))
            assert.strictEqual(error._tag, "ConnectFailure")
            assert.include(error.message, "ECONNREFUSED")
            assert.strictEqual(transport.sent(), 4)
          }),
        { connectRetries: 3 }
      )
      const optedIn = yield* run(
        (session) => Effect.flip(session.post(`${server.url}/create`, { json: {}, retryNonIdempotent: true })),
        { connectRetries: 2 }
      )
      assert.strictEqual(optedIn._tag, "ConnectFailure")
      assert.strictEqual(server.count("/create"), 4)
    }))

  it.live("a reset in the middle of the body is a connection failure, retried for a GET", () =>
    Effect.gen(function* () {
      const server = yield* faultServer()
      server.script("/half", [{ kind: "resetMidBody" }, { kind: "json", body: { whole: true } }])
      const response = yield* run((session) => session.get(`${server.url}/half`), { connectRetries: 1 })
      assert.deepStrictEqual(yield* response.json, { whole: true })
      assert.strictEqual(server.count("/half"), 2)
    }))
})

describe("timeouts", () => {
  it.live("stalled headers: the per-try timeout ends the try with ConnectTimeout (and a GET is retried)", () =>
    Effect.gen(function* () {
      const server = yield* faultServer()
      server.script("/slow", [{ kind: "stallHeaders" }, { kind: "json", body: { late: false } }])
      const response = yield* run((session) => session.get(`${server.url}/slow`), { timeout: "300 millis", connectRetries: 1 })
      assert.deepStrictEqual(yield* response.json, { late: false })
      server.script("/stuck", [{ kind: "stallHeaders" }])
      const error = yield* run((session) => Effect.flip(session.get(`${server.url}/stuck`)), { timeout: "300 millis" })
      assert.strictEqual(error._tag, "ConnectTimeout")
      assert.include(error.message, "no complete answer within")
    }))

  it.live("a stalled body counts against the per-try timeout too", () =>
    Effect.gen(function* () {
      const server = yield* faultServer()
      server.script("/trickle", [{ kind: "stallBody" }])
      const error = yield* run((session) => Effect.flip(session.get(`${server.url}/trickle`)), { timeout: "300 millis" })
      assert.strictEqual(error._tag, "ConnectTimeout")
    }))

  it.live("the deadline bounds the whole request, retries included: the last answer once no wait fits", () =>
    Effect.gen(function* () {
      const server = yield* faultServer()
      server.script("/never", [{ kind: "status", status: 503 }])
      const error = yield* run(
        (session) => Effect.flip(session.get(`${server.url}/never`)),
        { statusCodeRetries: 1000, retryDelay: "50 millis", maxRetryDelay: "50 millis", deadline: "600 millis" }
      )
      assert.strictEqual(error._tag, "ServiceUnavailable")
      assert.isAbove(server.count("/never"), 2)
      // Each wait is at least 40 ms (50 ms jittered down by at most 20 %): within 600 ms, at most 16 tries — the
      // bound holds on a loaded machine too (a wall-clock bound did not: timings belong in bench/).
      assert.isAtMost(server.count("/never"), 16)
    }))

  it.live("a try the deadline cuts short is a ConnectTimeout naming the deadline and the tries", () =>
    Effect.gen(function* () {
      const server = yield* faultServer()
      server.script("/slow", [{ kind: "status", status: 503 }, { kind: "stallHeaders", ms: 5000 }])
      const error = yield* run(
        (session) => Effect.flip(session.get(`${server.url}/slow`)),
        { statusCodeRetries: 3, retryDelay: "50 millis", maxRetryDelay: "50 millis", deadline: "600 millis" }
      )
      assert.strictEqual(error._tag, "ConnectTimeout")
      assert.match(error.message, /no answer within the deadline of .* \(2 tries\)/)
      assert.strictEqual(server.count("/slow"), 2)
    }))
})

describe("status retries", () => {
  it.live("503 then 200 with statusCodeRetries; without, ServiceUnavailable after one try", () =>
    Effect.gen(function* () {
      const server = yield* faultServer()
      server.script("/busy", [{ kind: "status", status: 503 }, { kind: "json", body: { ok: 1 } }])
      const ok = yield* run((session) => session.get(`${server.url}/busy`), { statusCodeRetries: 2 })
      assert.strictEqual(ok.status, 200)
      assert.strictEqual(server.count("/busy"), 2)
      server.script("/busy2", [{ kind: "status", status: 503 }])
      const error = yield* run((session) => Effect.flip(session.get(`${server.url}/busy2`)))
      assert.strictEqual(error._tag, "ServiceUnavailable")
      assert.strictEqual(server.count("/busy2"), 1)
    }))

  it.live("Retry-After (seconds) is honoured, and the retries end with the last status", () =>
    Effect.gen(function* () {
      const server = yield* faultServer()
      server.script("/limited", [{ kind: "status", status: 429, retryAfter: "1" }, { kind: "json", body: {} }])
      yield* run((session) => session.get(`${server.url}/limited`), { statusCodeRetries: 1 })
      const [first, second] = server.seen()
      assert.isAtLeast((second?.at ?? 0) - (first?.at ?? 0), 950)
      server.script("/always", [{ kind: "status", status: 429, retryAfter: "0" }])
      const error = yield* run((session) => Effect.flip(session.get(`${server.url}/always`)), { statusCodeRetries: 2 })
      assert.strictEqual(error._tag, "TooManyRequests")
      assert.strictEqual(error._tag === "TooManyRequests" ? error.retryAfter : -1, 0)
      assert.strictEqual(server.count("/always"), 3)
    }))

  it.live("a Retry-After longer than the time left: no wait, the server's own error at once (retryAfter kept)", () =>
    Effect.gen(function* () {
      const server = yield* faultServer()
      server.script("/later", [{ kind: "status", status: 503, retryAfter: "100" }, { kind: "json", body: {} }])
      const started = Date.now()
      const error = yield* run((session) => Effect.flip(session.get(`${server.url}/later`)), { statusCodeRetries: 3, deadline: "4 seconds" })
      assert.strictEqual(error._tag, "ServiceUnavailable")
      assert.strictEqual(error._tag === "ServiceUnavailable" ? error.retryAfter : -1, 100)
      assert.strictEqual(server.count("/later"), 1)
      assert.isBelow(Date.now() - started, 3000, "it did not wait for the deadline")
    }))

  it.live("a backoff longer than the time left: the last error, not a deadline timeout", () =>
    Effect.gen(function* () {
      const server = yield* faultServer()
      server.script("/busy", [{ kind: "status", status: 502 }, { kind: "status", status: 502 }, { kind: "json", body: {} }])
      const error = yield* run(
        (session) => Effect.flip(session.get(`${server.url}/busy`)),
        { statusCodeRetries: 3, retryDelay: "2 seconds", maxRetryDelay: "2 seconds", deadline: "1 second" }
      )
      assert.strictEqual(error._tag, "BadGateway")
      assert.strictEqual(server.count("/busy"), 1)
      server.script("/gone", [{ kind: "reset" }, { kind: "json", body: {} }])
      const reset = yield* run(
        (session) => Effect.flip(session.get(`${server.url}/gone`)),
        { connectRetries: 3, retryDelay: "2 seconds", maxRetryDelay: "2 seconds", deadline: "1 second" }
      )
      assert.strictEqual(reset._tag, "ConnectFailure")
      assert.strictEqual(server.count("/gone"), 1)
    }))

  it.live("Retry-After as an HTTP-date is honoured", () =>
    Effect.gen(function* () {
      const server = yield* faultServer()
      const at = new Date(Math.ceil((Date.now() + 1500) / 1000) * 1000)
      server.script("/dated", [{ kind: "status", status: 503, retryAfter: at.toUTCString() }, { kind: "json", body: {} }])
      yield* run((session) => session.get(`${server.url}/dated`), { statusCodeRetries: 1 })
      const second = server.seen()[1]
      assert.isDefined(second)
      assert.isAtLeast(Date.now(), at.getTime() - 50)
    }))

  it.live("only the retriable statuses; POST only when the caller opts in", () =>
    Effect.gen(function* () {
      const server = yield* faultServer()
      server.script("/broken", [{ kind: "status", status: 500 }])
      const error = yield* run((session) => Effect.flip(session.get(`${server.url}/broken`)), { statusCodeRetries: 3 })
      assert.strictEqual(error._tag, "InternalServerError")
      assert.strictEqual(server.count("/broken"), 1)
      server.script("/post", [{ kind: "status", status: 503 }, { kind: "json", status: 201, body: {} }])
      const refused = yield* run((session) => Effect.flip(session.post(`${server.url}/post`, { json: {} })), { statusCodeRetries: 3 })
      assert.strictEqual(refused._tag, "ServiceUnavailable")
      assert.strictEqual(server.count("/post"), 1)
      server.script("/post", [{ kind: "status", status: 503 }, { kind: "json", status: 201, body: {} }])
      const created = yield* run(
        (session) => session.post(`${server.url}/post`, { json: {}, retryNonIdempotent: true }),
        { statusCodeRetries: 3 }
      )
      assert.strictEqual(created.status, 201)
      assert.strictEqual(server.count("/post"), 3)
      server.script("/teapot", [{ kind: "status", status: 418 }, { kind: "json", body: {} }])
      const custom = yield* run((session) => session.get(`${server.url}/teapot`, { retriableStatusCodes: [418] }), { statusCodeRetries: 1 })
      assert.strictEqual(custom.status, 200)
    }))
})

describe("redirects", () => {
  it.live("followed, method and body kept; 303 becomes GET; off returns the 3xx", () =>
    Effect.gen(function* () {
      const server = yield* faultServer()
      server.script("/old", [{ kind: "redirect", status: 307, location: "/new" }])
      server.script("/new", [{ kind: "json", body: { here: true } }])
      const response = yield* run((session) => session.post(`${server.url}/old`, { json: { a: 1 } }))
      assert.strictEqual(response.status, 200)
      const hop = server.seen()[1]
      assert.strictEqual(hop?.method, "POST")
      assert.strictEqual(hop?.body, '{"a":1}')
      server.script("/submit", [{ kind: "redirect", status: 303, location: `${server.url}/result` }])
      server.script("/result", [{ kind: "json", body: {} }])
      yield* run((session) => session.post(`${server.url}/submit`, { json: { b: 2 } }))
      const last = server.seen().at(-1)
      assert.strictEqual(last?.method, "GET")
      assert.strictEqual(last?.body, "")
      const off = yield* run((session) => session.get(`${server.url}/old`, { redirects: false }))
      assert.strictEqual(off.status, 307)
      assert.strictEqual(off.headers.location, "/new")
    }))

  it.live("a redirect loop ends at the limit with a typed error", () =>
    Effect.gen(function* () {
      const server = yield* faultServer()
      server.script("/a", [{ kind: "redirect", location: "/b" }])
      server.script("/b", [{ kind: "redirect", location: "/a" }])
      const error = yield* run((session) => Effect.flip(session.get(`${server.url}/a`)), { redirects: 5 })
      assert.strictEqual(error._tag, "OtherRedirection")
      assert.include(error.message, "gave up after 5 redirects")
      assert.strictEqual(server.count(), 6)
    }))

  it.live("credentials go to the same origin only", () =>
    Effect.gen(function* () {
      const server = yield* faultServer()
      const other = yield* faultServer({ requestIdPrefix: "other-" })
      const auth = yield* keystoneOn(server)
      server.script("/here", [{ kind: "redirect", location: "/there" }])
      server.script("/there", [{ kind: "redirect", location: `${other.url}/elsewhere` }])
      other.script("/elsewhere", [{ kind: "json", body: { reached: true } }])
      const response = yield* run((session) => session.get(`${server.url}/here`), { auth })
      assert.deepStrictEqual(yield* response.json, { reached: true })
      const hops = server.seen().filter((s) => s.path !== "/v3/auth/tokens")
      assert.deepStrictEqual(hops.map((s) => s.headers["x-auth-token"]), ["tok-1", "tok-1"])
      assert.isUndefined(other.seen()[0]?.headers["x-auth-token"])
    }))

  it.live("A → B → A: once the chain left the origin, the token never goes back, whatever path B chose", () =>
    Effect.gen(function* () {
      const server = yield* faultServer()
      const other = yield* faultServer({ requestIdPrefix: "other-" })
      const auth = yield* keystoneOn(server)
      server.script("/start", [{ kind: "redirect", location: `${other.url}/bounce` }])
      other.script("/bounce", [{ kind: "redirect", location: `${server.url}/chosen-by-b` }])
      server.script("/chosen-by-b", [{ kind: "json", body: { back: true } }])
      const response = yield* run((session) => session.get(`${server.url}/start`), { auth })
      assert.deepStrictEqual(yield* response.json, { back: true })
      const hops = server.seen().filter((s) => s.path !== "/v3/auth/tokens")
      assert.deepStrictEqual(hops.map((s) => [s.path, s.headers["x-auth-token"]]), [["/start", "tok-1"], ["/chosen-by-b", undefined]])
      assert.isUndefined(other.seen()[0]?.headers["x-auth-token"])
    }))

  it.live("a request with a body is not redirected to another origin unless the caller allows it", () =>
    Effect.gen(function* () {
      const server = yield* faultServer()
      const other = yield* faultServer({ requestIdPrefix: "other-" })
      const body = { user: { name: "new", password: "body-secret-p4ss" } }
      for (const status of [301, 302, 307, 308] as const) {
        server.script("/v3/users", [{ kind: "redirect", status, location: `${other.url}/v3/users` }])
        other.script("/v3/users", [{ kind: "json", status: 201, body: { user: { id: "u1" } } }])
        const error = yield* run((session) => Effect.flip(session.post(`${server.url}/v3/users`, { json: body })))
        assert.strictEqual(error._tag, "OtherRedirection", `${status}`)
        assert.strictEqual(error._tag === "OtherRedirection" ? error.status : 0, status)
        assert.include(error.message, `POST ${server.url}/v3/users was redirected (${status}) to another origin, ${other.url}`)
        assert.include(error.message, "redirectBodyAcrossOrigins")
        assert.notInclude(error.message, "body-secret")
        assert.strictEqual(other.count(), 0, `${status}: nothing reached the other origin`)
      }
      const allowed = yield* run((session) => session.post(`${server.url}/v3/users`, { json: body, redirectBodyAcrossOrigins: true }))
      assert.strictEqual(allowed.status, 201)
      assert.strictEqual(other.seen()[0]?.body, JSON.stringify(body))
      // 303 turns the request into a GET without its body: followed.
      server.script("/v3/users", [{ kind: "redirect", status: 303, location: `${other.url}/v3/users/u1` }])
      other.script("/v3/users/u1", [{ kind: "json", body: { user: { id: "u1" } } }])
      const seeOther = yield* run((session) => session.post(`${server.url}/v3/users`, { json: body }))
      assert.strictEqual(seeOther.status, 200)
      assert.deepStrictEqual([other.seen().at(-1)?.method, other.seen().at(-1)?.body], ["GET", ""])
    }))
})

describe("a server that echoes secrets", () => {
  it.live("the password and the token a request carried are masked in the error's message and details", () =>
    Effect.gen(function* () {
      const server = yield* faultServer()
      const auth = yield* keystoneOn(server)
      server.script("/v3/users", [{
        kind: "status",
        status: 400,
        body: { error: { code: 400, message: "password 'body-secret-p4ss' rejected for token tok-1", title: "tok-1 Bad Request" } }
      }])
      const error = yield* run(
        (session) => Effect.flip(session.post(`${server.url}/v3/users`, { json: { user: { name: "n", password: "body-secret-p4ss" } } })),
        { auth }
      )
      assert.strictEqual(error._tag, "BadRequest")
      assert.include(error.message, "password '***' rejected for token ***")
      assert.notInclude(error.message, "body-secret")
      assert.notInclude(error.message, "tok-1")
      assert.strictEqual(error._tag === "BadRequest" ? error.details : "", "*** Bad Request")
    }))

  it.live("a password authentication's 401 that echoes the password: masked", () =>
    Effect.gen(function* () {
      const server = yield* faultServer()
      server.script("POST /v3/auth/tokens", [{
        kind: "status",
        status: 401,
        body: { error: { code: 401, message: "The password hunter2-secret is wrong", title: "Unauthorized" } }
      }])
      const auth = yield* Auth.v3Password({ authUrl: `${server.url}/v3`, userId: "u1", password: Redacted.make("hunter2-secret"), projectId: "p1" })
      const error = yield* run((session) => Effect.flip(session.get(`${server.url}/v3/projects`)), { auth })
      assert.strictEqual(error._tag, "Unauthorized")
      assert.include(error.message, "The password *** is wrong")
      assert.notInclude(error.message, "hunter2")
    }))
})

describe("re-authentication", () => {
  it.live("a 401 for the token sent: invalidate it, authenticate again, one more try", () =>
    Effect.gen(function* () {
      const server = yield* faultServer()
      const auth = yield* keystoneOn(server)
      server.script("/resource", [{ kind: "unauthorizedOnce", token: "tok-1", then: { kind: "json", body: { ok: true } } }])
      const response = yield* run((session) => session.get(`${server.url}/resource`), { auth })
      assert.deepStrictEqual(yield* response.json, { ok: true })
      assert.strictEqual(server.count("POST /v3/auth/tokens"), 2)
      assert.deepStrictEqual(server.seen().filter((s) => s.path === "/resource").map((s) => s.headers["x-auth-token"]), ["tok-1", "tok-2"])
    }))

  it.live("allowReauth false: Unauthorized after one try; a second 401 is not retried again", () =>
    Effect.gen(function* () {
      const server = yield* faultServer()
      const auth = yield* keystoneOn(server)
      server.script("/resource", [{ kind: "status", status: 401 }])
      const error = yield* run((session) => Effect.flip(session.get(`${server.url}/resource`, { allowReauth: false })), { auth })
      assert.strictEqual(error._tag, "Unauthorized")
      assert.strictEqual(server.count("/resource"), 1)
      const again = yield* run((session) => Effect.flip(session.get(`${server.url}/resource`)), { auth })
      assert.strictEqual(again._tag, "Unauthorized")
      assert.strictEqual(server.count("/resource"), 3)
    }))
})

describe("broken bodies", () => {
  it.live("truncated or malformed JSON reads as InvalidResponse", () =>
    Effect.gen(function* () {
      const server = yield* faultServer()
      server.script("/cut", [{ kind: "truncatedJson" }])
      server.script("/html", [{ kind: "malformedJson" }])
      for (const path of ["/cut", "/html"]) {
        const error = yield* run((session) => session.get(`${server.url}${path}`).pipe(Effect.flatMap((r) => r.json), Effect.flip))
        assert.strictEqual(error._tag, "InvalidResponse")
        assert.include(error.message, `GET ${server.url}${path} returned HTTP 200 with a body that is not JSON`)
        assert.strictEqual(error._tag === "InvalidResponse" ? error.status : 0, 200)
        assert.notInclude(error.message, path === "/html" ? "Bad Gateway" : "password", "the body's text is not quoted")
      }
    }))
})

describe("limits per service", () => {
  it.live("concurrency: never more in flight than allowed, served first come first served", () =>
    Effect.gen(function* () {
      const server = yield* faultServer()
      server.script("/work", [{ kind: "stallHeaders", ms: 60, then: { kind: "json", body: {} } }])
      const order: Array<number> = []
      const transport = yield* run(
        (session, transport) =>
          Effect.as(
            Effect.forEach(
              Array.from({ length: 6 }, (_, i) => i),
              (i) => Effect.andThen(session.get("/work", { endpointOverride: server.url, endpointFilter: { serviceType: "compute" } }), Effect.sync(() => order.push(i))),
              { concurrency: "unbounded" }
            ),
            transport
          ),
        { limits: { compute: { concurrency: 2 } } }
      )
      assert.strictEqual(transport.maxInFlight(), 2)
      assert.deepStrictEqual(order, [0, 1, 2, 3, 4, 5])
    }))

  it.live("rateLimit: requests spaced evenly, and no burst after an idle period", () =>
    Effect.gen(function* () {
      const server = yield* faultServer()
      server.script("/tick", [{ kind: "json", body: {} }])
      yield* run(
        (session) =>
          Effect.gen(function* () {
            const burst = () =>
              Effect.forEach(Array.from({ length: 4 }), () => session.get("/tick", { endpointOverride: server.url, endpointFilter: { serviceType: "network" } }), {
                concurrency: "unbounded"
              })
            yield* burst()
            yield* Effect.sleep("700 millis")
            yield* burst()
          }),
        { limits: { network: { rateLimit: 10 } } }
      )
      const at = server.seen().map((s) => s.at)
      const gaps = at.slice(1).map((t, i) => t - (at[i] ?? 0))
      for (const [i, gap] of gaps.entries()) if (i !== 3) assert.isAtLeast(gap, 80, `gap ${i}: ${gaps.join(", ")}`)
      assert.isAtLeast(gaps[3] ?? 0, 600)
    }))
})

describe("secrets at Debug level", () => {
  it.live("a password auth and a user create with a password: the canaries never reach a log line or a span", () =>
    Effect.gen(function* () {
      const server = yield* faultServer()
      const token = new Fixtures.V3Token({ subjectToken: "CANARY-TOKEN-1", projectId: "p1" })
      server.script("POST /v3/auth/tokens", [{ kind: "json", status: 201, body: token.body, headers: { "x-subject-token": "CANARY-TOKEN-1" } }])
      server.script("POST /v3/users", [{ kind: "json", status: 201, body: { user: { id: "u9", name: "new", password_expires_at: null } } }])
      const lines: Array<string> = []
      const spans: Array<string> = []
      const capture = Logger.make((options) => {
        const annotations = options.fiber.getRef(References.CurrentLogAnnotations)
        lines.push(JSON.stringify({ message: options.message, annotations }))
      })
      const tracer = Tracer.make({
        span: (options) => {
          const span = new Tracer.NativeSpan(options)
          const attribute = span.attribute.bind(span)
          span.attribute = (key, value) => {
            spans.push(`${key}=${JSON.stringify(value)}`)
            attribute(key, value)
          }
          spans.push(options.name)
          return span
        }
      })
      yield* run(
        (session) =>
          Effect.gen(function* () {
            const auth = yield* Auth.v3Password({ authUrl: `${server.url}/v3`, username: "admin", userDomainId: "default", password: Redacted.make("CANARY-PASSWORD-1") })
            yield* session.post(`${server.url}/v3/users`, { auth, json: { user: { name: "new", password: "CANARY-PASSWORD-2", domain_id: "default" } } })
          }).pipe(
            Effect.provide(Logger.layer([capture])),
            Effect.provideService(References.MinimumLogLevel, "Debug"),
            Effect.provideService(Tracer.Tracer, tracer)
          )
      )
      const everything = [...lines, ...spans].join("\n")
      assert.include(everything, "REQ: curl")
      assert.include(everything, "/v3/auth/tokens")
      assert.include(everything, "/v3/users")
      assert.include(everything, "{SHA256}")
      assert.isAbove(spans.length, 0)
      assert.notInclude(everything, "CANARY")
    }))
})
