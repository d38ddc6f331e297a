/**
 * Transport.node's own client (src/internal/undiciClient.ts): what effect's undici client does, done leaner, and the
 * Session's tries sent directly, each bounded by one timer (src/internal/tryBudget.ts). SessionFaults.test.ts covers
 * the same faults through a wrapped transport (the generic path, racing each try against a timer); here the Session
 * sits right on Transport.node.
 */
import type * as http from "node:http"
import { inspect } from "node:util"
import { assert, describe, it } from "@effect/vitest"
import { Duration, Effect, Exit, Fiber, Logger, Redacted, References, Stream, Tracer } from "effect"
import { HttpBody, HttpClient, HttpClientRequest } from "effect/http"
import { Auth, Errors, Session, Transport } from "effect-openstack"
import { Fixtures } from "effect-openstack/testing"
import { faultServer, keystoneOn } from "./support/faultServer.ts"
import { withFaultSession } from "./support/faultSession.ts"
import { recordingTracer } from "./support/recordingTracer.ts"
import { httpServer } from "./support/servers.ts"

/** A session with short retry delays, right on Transport.node. */
const onNode = <A, E>(
  body: (session: Session.SessionShape) => Effect.Effect<A, E>,
  options: Session.SessionOptions = {},
  transport: Transport.NodeOptions = {}
) => withFaultSession(Transport.node(transport), body, options)

describe("the Session on Transport.node: each try bounded by the transport", () => {
  it.live("stalled headers: ConnectTimeout after the timeout, and a GET is retried", () =>
    Effect.gen(function* () {
      const server = yield* faultServer()
      server.script("/slow", [{ kind: "stallHeaders" }, { kind: "json", body: { late: false } }])
      const response = yield* onNode((session) => session.get(`${server.url}/slow`), { timeout: "300 millis", connectRetries: 1 })
      assert.deepStrictEqual(yield* response.json, { late: false })
      server.script("/stuck", [{ kind: "stallHeaders" }])
      const started = Date.now()
      const error = yield* onNode((session) => Effect.flip(session.get(`${server.url}/stuck`)), { timeout: "300 millis" })
      assert.strictEqual(error._tag, "ConnectTimeout")
      assert.include(error.message, "timed out: ETIMEDOUT: no complete answer within 300ms")
      assert.isAtLeast(Date.now() - started, 290)
      assert.isBelow(Date.now() - started, 1500)
    }))

  it.live("a stalled body counts against the timeout too", () =>
    Effect.gen(function* () {
      const server = yield* faultServer()
      server.script("/trickle", [{ kind: "stallBody" }])
      const error = yield* onNode((session) => Effect.flip(session.get(`${server.url}/trickle`)), { timeout: "300 millis" })
      assert.strictEqual(error._tag, "ConnectTimeout")
      assert.include(error.message, "no complete answer within")
    }))

  it.live("a try waiting for a pool connection is bounded as well", () =>
    Effect.gen(function* () {
      const server = yield* faultServer()
      server.script("/stuck", [{ kind: "stallHeaders" }])
      const errors = yield* onNode(
        (session) =>
          Effect.forEach([1, 2], () => Effect.flip(session.get(`${server.url}/stuck`)), { concurrency: "unbounded" }),
        { timeout: "300 millis" },
        { connections: 1 }
      )
      assert.deepStrictEqual(errors.map((e) => e._tag), ["ConnectTimeout", "ConnectTimeout"])
    }))

  it.live("the deadline bounds the whole request, retries included: the last answer once no wait fits", () =>
    Effect.gen(function* () {
      const server = yield* faultServer()
      server.script("/never", [{ kind: "status", status: 503 }])
      const started = Date.now()
      const error = yield* onNode(
        (session) => Effect.flip(session.get(`${server.url}/never`)),
        { statusCodeRetries: 1000, retryDelay: "50 millis", maxRetryDelay: "50 millis", deadline: "600 millis" }
      )
      assert.strictEqual(error._tag, "ServiceUnavailable")
      assert.isAbove(server.count("/never"), 2)
      assert.isBelow(Date.now() - started, 600 + 500)
    }))

  it.live("a deadline shorter than the timeout ends a stalled try", () =>
    Effect.gen(function* () {
      const server = yield* faultServer()
      server.script("/stuck", [{ kind: "stallHeaders" }])
      const started = Date.now()
      const error = yield* onNode((session) => Effect.flip(session.get(`${server.url}/stuck`)), { deadline: "300 millis" })
      assert.strictEqual(error._tag, "ConnectTimeout")
      assert.include(error.message, "no answer within the deadline of 300ms (1 tries)")
      assert.isBelow(Date.now() - started, 1500)
    }))

  it.live("a reset in the middle of the body is a connection failure, retried for a GET", () =>
    Effect.gen(function* () {
      const server = yield* faultServer()
      server.script("/half", [{ kind: "resetMidBody" }, { kind: "json", body: { whole: true } }])
      const response = yield* onNode((session) => session.get(`${server.url}/half`), { connectRetries: 1 })
      assert.deepStrictEqual(yield* response.json, { whole: true })
      server.script("/cut", [{ kind: "resetMidBody" }])
      const error = yield* onNode((session) => Effect.flip(session.get(`${server.url}/cut`)))
      assert.strictEqual(error._tag, "ConnectFailure")
    }))

  it.live("a 401 for the token sent: authenticate again, one more try", () =>
    Effect.gen(function* () {
      const server = yield* faultServer()
      const auth = yield* keystoneOn(server, 2)
      server.script("/resource", [{ kind: "unauthorizedOnce", token: "tok-1", then: { kind: "json", body: { ok: true } } }])
      const response = yield* onNode((session) => session.get(`${server.url}/resource`), { auth })
      assert.deepStrictEqual(yield* response.json, { ok: true })
      assert.deepStrictEqual(server.seen().filter((s) => s.path === "/resource").map((s) => s.headers["x-auth-token"]), ["tok-1", "tok-2"])
    }))

  it.live("the same URL again, with query parameters and without: each request goes where it says", () =>
    Effect.gen(function* () {
      const server = yield* faultServer()
      server.script("/list", [0, 1, 2, 3].map(() => ({ kind: "json" as const, body: {} })))
      yield* onNode((session) =>
        Effect.gen(function* () {
          yield* session.get(`${server.url}/list`)
          yield* session.get(`${server.url}/list`, { urlParams: { limit: "2" } })
          yield* session.get(`${server.url}/list`, { urlParams: { limit: "3", marker: "m" } })
          yield* session.get(`${server.url}/list`)
        }))
      assert.deepStrictEqual(server.seen().map((s) => s.path), ["/list", "/list?limit=2", "/list?limit=3&marker=m", "/list"])
    }))

  it.live("HEAD, bodies sent and read, and the answer's body read again from memory", () =>
    Effect.gen(function* () {
      const server = yield* faultServer()
      server.script("/thing", [{ kind: "json", body: { a: "é" } }])
      yield* onNode((session) =>
        Effect.gen(function* () {
          const head = yield* session.head(`${server.url}/thing`)
          assert.strictEqual(head.status, 200)
          const created = yield* session.post(`${server.url}/thing`, { json: { name: "x" } })
          assert.deepStrictEqual(yield* created.json, { a: "é" })
          assert.strictEqual(yield* created.text, '{"a":"é"}')
          assert.strictEqual((yield* created.arrayBuffer).byteLength, 10)
          assert.deepStrictEqual(yield* created.json, { a: "é" })
        }))
      assert.deepStrictEqual(server.seen().map((s) => [s.method, s.body]), [["HEAD", ""], ["POST", '{"name":"x"}']])
    }))

  it.live("the answer names the request without the token: printed, it shows none", () =>
    Effect.gen(function* () {
      const server = yield* faultServer()
      const token = new Fixtures.V3Token({ subjectToken: "secret-token-1", projectId: "p1", userId: "u1" })
      server.script("POST /v3/auth/tokens", [{ kind: "json", status: 201, body: token.body, headers: { "x-subject-token": token.subjectToken } }])
      server.script("/thing", [{ kind: "json", body: { ok: true } }])
      const auth = yield* Auth.v3Password({ authUrl: `${server.url}/v3`, userId: "u1", password: Redacted.make("pw"), projectId: "p1" })
      const response = yield* onNode((session) => session.get(`${server.url}/thing`), { auth })
      assert.strictEqual(server.seen().find((s) => s.path === "/thing")?.headers["x-auth-token"], "secret-token-1")
      assert.isUndefined(response.request.headers["x-auth-token"])
      assert.deepStrictEqual(yield* response.json, { ok: true })
      for (const printed of [JSON.stringify(response), String(response), inspect(response, { depth: 10 })]) {
        assert.notInclude(printed, "secret-token-1")
      }
    }))

  it.live("the Session's span has its attributes; effect's client span is off for its tries", () =>
    Effect.gen(function* () {
      const server = yield* faultServer()
      server.script("/v3/projects", [{ kind: "json", body: { projects: [] } }])
      const { tracer, spans } = recordingTracer()
      yield* onNode((session) => session.get(`${server.url}/v3/projects?token=secret`)).pipe(Effect.provideService(Tracer.Tracer, tracer))
      assert.deepStrictEqual(spans.map((s) => s.name), ["Session.request"])
      const span = spans[0]
      assert.isDefined(span)
      assert.deepStrictEqual(Object.fromEntries(span?.attributes ?? []), {
        "openstack.attempts": 1,
        "http.request.method": "GET",
        "url.full": `${server.url}/v3/projects?token=REDACTED`,
        "http.response.status_code": 200,
        "openstack.request_id": "req-1"
      })
      assert.strictEqual(span?.status._tag, "Ended")
    }))

  it.live("every try is counted on the span, also for a request without credentials (retries run it again)", () =>
    Effect.gen(function* () {
      for (const transport of [Transport.node(), Transport.fetch()]) {
        const server = yield* faultServer()
        server.script("/x", [{ kind: "status", status: 503 }, { kind: "status", status: 503 }, { kind: "json", body: {} }])
        const { tracer, spans } = recordingTracer()
        yield* Effect.gen(function* () {
          const session = yield* Session.make({ statusCodeRetries: 3, retryDelay: "5 millis", maxRetryDelay: "5 millis" })
          return yield* session.get(`${server.url}/x`)
        }).pipe(Effect.provide(transport), Effect.provideService(Tracer.Tracer, tracer))
        assert.strictEqual(server.count("/x"), 3)
        assert.strictEqual(spans[0]?.attributes.get("openstack.attempts"), 3)
      }
    }))

  it.live("an infinite timeout and deadline: the try waits as long as the answer takes (no timer overflow)", () =>
    Effect.gen(function* () {
      const server = yield* faultServer()
      for (const limit of [Duration.infinity, Duration.days(30)]) {
        server.script("/slow", [{ kind: "stallHeaders", ms: 200, then: { kind: "json", body: { ok: true } } }])
        const response = yield* onNode((session) => session.get(`${server.url}/slow`), { timeout: limit, deadline: limit })
        assert.deepStrictEqual(yield* response.json, { ok: true })
      }
    }))

  it.live("Debug lines through the direct path, secrets hidden", () =>
    Effect.gen(function* () {
      const server = yield* faultServer()
      server.script("/v3/users", [{ kind: "json", status: 201, body: { user: { id: "u9", password: "CANARY-2" } } }])
      const lines: Array<string> = []
      const capture = Logger.make((options) => {
        lines.push(String(options.message))
      })
      yield* onNode((session) =>
        session.post(`${server.url}/v3/users`, { json: { user: { password: "CANARY-1" } }, headers: { "x-auth-token": "CANARY-3" } })
      ).pipe(Effect.provide(Logger.layer([capture])), Effect.provideService(References.MinimumLogLevel, "Debug"))
      const everything = lines.join("\n")
      assert.include(everything, "REQ: curl -g -i -X POST")
      assert.include(everything, "RESP: [201]")
      assert.include(everything, "RESP BODY:")
      assert.notInclude(everything, "CANARY")
    }))
})

describe("Transport.node as effect's HttpClient", () => {
  const client = <A, E>(f: (client: HttpClient.HttpClient) => Effect.Effect<A, E>, options: Transport.NodeOptions = {}) =>
    Effect.flatMap(HttpClient.HttpClient, f).pipe(Effect.provide(Transport.node(options)))

  it.live("effect's client span and trace propagation, as with effect's own client", () =>
    Effect.gen(function* () {
      let traceparent: string | undefined
      const server = yield* httpServer((request, response) => {
        traceparent = request.headers.traceparent as string | undefined
        response.writeHead(200, { "content-type": "application/json" })
        response.end("{}")
      })
      const { tracer, spans } = recordingTracer()
      yield* client((c) => Effect.flatMap(c.get(`${server.url}/x`), (r) => r.json)).pipe(Effect.provideService(Tracer.Tracer, tracer))
      assert.deepStrictEqual(spans.map((s) => [s.name, s.kind]), [["GET", "client"]])
      assert.strictEqual(spans[0]?.attributes.get("http.response.status_code"), 200)
      assert.match(traceparent ?? "", new RegExp(`^00-${spans[0]?.traceId}-${spans[0]?.spanId}-01$`))
    }))

  it.live("headers (repeated ones joined), cookies, a byte order mark dropped from text", () =>
    Effect.gen(function* () {
      const server = yield* httpServer((_request, response) => {
        response.setHeader("set-cookie", ["a=1", "b=2"])
        response.setHeader("x-many", ["one", "two"])
        response.writeHead(200, { "content-type": "application/json", "X-Request-Id": "r1" })
        response.end("\uFEFF{\"ok\":true}")
      })
      const result = yield* client((c) =>
        Effect.gen(function* () {
          const response = yield* c.get(`${server.url}/x`)
          return {
            many: response.headers["x-many"],
            id: response.headers["x-request-id"],
            cookies: Object.keys(response.cookies.cookies).sort(),
            json: yield* response.json,
            text: yield* response.text,
            url: response.url
          }
        }))
      assert.deepStrictEqual(result, { many: "one, two", id: "r1", cookies: ["a", "b"], json: { ok: true }, text: '{"ok":true}', url: `${server.url}/x` })
    }))

  it.live("a large body, as a stream (back-pressure on the connection) and in one piece", () =>
    Effect.gen(function* () {
      const big = Buffer.alloc(3 * 1024 * 1024 + 7, "abcdefghij")
      const server = yield* httpServer((_request, response) => {
        response.writeHead(200, { "content-type": "application/octet-stream" })
        response.end(big)
      })
      const { streamed, whole, again } = yield* client((c) =>
        Effect.gen(function* () {
          const first = yield* c.get(`${server.url}/big`)
          // Let the unread body fill past the high-water mark (the connection is paused, not the process).
          yield* Effect.sleep("50 millis")
          const chunks = yield* Stream.runCollect(first.stream)
          // The stream took the body: reading it again is a DecodeError, not an empty body.
          const again = yield* Effect.flip(first.arrayBuffer)
          const second = yield* c.get(`${server.url}/big`)
          yield* Effect.sleep("50 millis")
          return { streamed: Buffer.concat(chunks), whole: Buffer.from(yield* second.arrayBuffer), again }
        }))
      assert.isTrue(streamed.equals(big))
      assert.isTrue(whole.equals(big))
      assert.strictEqual(again.reason._tag, "DecodeError")
      assert.include(again.message, "the body was read as a stream")
    }))

  it.live("stream and form-data request bodies are sent as effect's client sends them", () =>
    Effect.gen(function* () {
      const received: Array<{ type: string | undefined, body: string }> = []
      const server = yield* httpServer((request, response) => {
        const chunks: Array<Buffer> = []
        request.on("data", (chunk: Buffer) => chunks.push(chunk))
        request.on("end", () => {
          received.push({ type: request.headers["content-type"], body: Buffer.concat(chunks).toString() })
          response.writeHead(204)
          response.end()
        })
      })
      yield* client((c) =>
        Effect.gen(function* () {
          const stream = Stream.make(new TextEncoder().encode("part1,"), new TextEncoder().encode("part2"))
          yield* c.execute(HttpClientRequest.post(`${server.url}/s`, { body: HttpBody.stream(stream, "text/plain") }))
          const form = new FormData()
          form.append("field", "value")
          yield* c.execute(HttpClientRequest.post(`${server.url}/f`, { body: HttpBody.formData(form) }))
        }))
      assert.deepStrictEqual(received[0], { type: "text/plain", body: "part1,part2" })
      assert.match(received[1]?.type ?? "", /^multipart\/form-data; boundary=/)
      assert.include(received[1]?.body ?? "", 'name="field"\r\n\r\nvalue')
    }))

  it.live("an interrupted request is aborted: the server sees its connection close", () =>
    Effect.gen(function* () {
      let closed = false
      const server = yield* httpServer((request) => {
        request.socket.on("close", () => {
          closed = true
        })
      })
      yield* client((c) =>
        Effect.gen(function* () {
          const fiber = yield* Effect.forkChild(c.get(`${server.url}/hang`))
          yield* Effect.sleep("100 millis")
          yield* Fiber.interrupt(fiber)
          yield* Effect.sleep("100 millis")
        }))
      assert.isTrue(closed)
    }))

  it.live("interrupting the read of a stalled body aborts it", () =>
    Effect.gen(function* () {
      let closed = false
      const server = yield* httpServer((request, response: http.ServerResponse) => {
        request.socket.on("close", () => {
          closed = true
        })
        response.writeHead(200, { "content-type": "text/plain", "content-length": "100" })
        response.write("half")
      })
      const exit = yield* client((c) =>
        Effect.gen(function* () {
          const response = yield* c.get(`${server.url}/stall`)
          return yield* Effect.exit(Effect.timeout(response.text, "100 millis"))
        }))
      assert.isTrue(Exit.isFailure(exit))
      yield* Effect.sleep("50 millis")
      assert.isTrue(closed)
    }))

  it.live("a URL that cannot be parsed: InvalidUrlError, a ValidationError for the Session", () =>
    Effect.gen(function* () {
      const error = yield* client((c) => Effect.flip(c.get("http://exa mple.test/")))
      assert.strictEqual(error.reason._tag, "InvalidUrlError")
      const mapped = yield* Effect.flip(Errors.fromHttpClientError(error))
      assert.strictEqual(mapped._tag, "ValidationError")
    }))
})
