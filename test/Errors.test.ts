import { assert, describe, it } from "@effect/vitest"
import { Effect, Redacted } from "effect"
import { HttpClient, HttpClientError, HttpClientRequest, HttpClientResponse } from "effect/http"
import { Errors } from "effect-openstack"
import { MockHttp } from "effect-openstack/testing"

const now = Date.parse("2026-11-22T10:00:00Z")
const info = (status: number, body = "", headers: Record<string, string> = {}): Errors.ResponseInfo => ({
  status,
  method: "GET",
  url: "http://127.0.0.1:5000/v3/users/u1",
  headers,
  body
})

describe("fromResponseInfo: status → class", () => {
  const cases: ReadonlyArray<readonly [number, string]> = [
    [300, "MultipleChoices"],
    [400, "BadRequest"],
    [401, "Unauthorized"],
    [402, "PaymentRequired"],
    [403, "Forbidden"],
    [404, "NotFound"],
    [405, "MethodNotAllowed"],
    [406, "NotAcceptable"],
    [407, "ProxyAuthenticationRequired"],
    [408, "RequestTimeout"],
    [409, "Conflict"],
    [410, "Gone"],
    [411, "LengthRequired"],
    [412, "PreconditionFailed"],
    [413, "RequestEntityTooLarge"],
    [414, "RequestUriTooLong"],
    [415, "UnsupportedMediaType"],
    [416, "RequestedRangeNotSatisfiable"],
    [417, "ExpectationFailed"],
    [422, "UnprocessableEntity"],
    [429, "TooManyRequests"],
    [500, "InternalServerError"],
    [501, "HttpNotImplemented"],
    [502, "BadGateway"],
    [503, "ServiceUnavailable"],
    [504, "GatewayTimeout"],
    [505, "HttpVersionNotSupported"]
  ]
  it.each(cases)("%i → %s", (status, tag) => {
    const error = Errors.fromResponseInfo(info(status), now)
    assert.strictEqual(error._tag, tag)
    assert.strictEqual(error.status, status)
    assert.isTrue(Errors.isHttpError(error))
  })

  it.each([
    [301, "OtherRedirection"],
    [308, "OtherRedirection"],
    [418, "OtherClientError"],
    [451, "OtherClientError"],
    [507, "OtherServerError"],
    [599, "OtherServerError"],
    [200, "UnexpectedStatus"],
    [102, "UnexpectedStatus"],
    [600, "UnexpectedStatus"]
  ] as const)("range fallback: %i → %s", (status, tag) => {
    assert.strictEqual(Errors.fromResponseInfo(info(status), now)._tag, tag)
  })

  it("the group guards follow the status ranges", () => {
    const [redirect, client, server, odd] = [302, 418, 503, 200].map((s) => Errors.fromResponseInfo(info(s), now))
    assert.deepStrictEqual(
      [redirect, client, server, odd].map((e) => [
        Errors.isHttpRedirection(e),
        Errors.isHttpClientError(e),
        Errors.isHttpServerError(e),
        Errors.isHttpError(e)
      ]),
      [
        [true, false, false, true],
        [false, true, false, true],
        [false, false, true, true],
        [false, false, false, true]
      ]
    )
    assert.isFalse(Errors.isHttpError(new Error("plain")))
    assert.isFalse(Errors.isHttpError({ _tag: "NotFound", status: 404 }))
  })

  it("errors are yieldable and caught by tag", () =>
    Effect.gen(function* () {
      const error = Errors.fromResponseInfo(info(404), now)
      const caught = yield* Effect.fail(error).pipe(Effect.catchTag("NotFound", (e) => Effect.succeed(e.status)))
      assert.strictEqual(caught, 404)
    }).pipe(Effect.runPromise))
})

describe("fromResponseInfo: bodies", () => {
  it("Keystone {error: {message, code, title}}", () => {
    const body =
      "{\"error\":{\"code\":401,\"message\":\"The request you have made requires authentication.\",\"title\":\"Unauthorized\"}}"
    const error = Errors.fromResponseInfo(
      { ...info(401, body, { "content-type": "application/json", "x-openstack-request-id": "req-1" }), method: "POST" },
      now
    )
    assert.strictEqual(error._tag, "Unauthorized")
    assert.strictEqual(error.details, "Unauthorized")
    assert.strictEqual(error.requestId, "req-1")
    assert.strictEqual(
      error.message,
      "POST http://127.0.0.1:5000/v3/users/u1 returned HTTP 401: The request you have made requires authentication. (request id req-1)"
    )
  })

  it("API-SIG {errors: [...]}, with the request id from the body and the others counted", () => {
    const body = JSON.stringify({
      errors: [
        {
          request_id: "req-sig",
          code: "compute.scheduler.no-valid-host",
          title: "No valid host",
          detail: "No host had room"
        },
        { title: "Second problem" }
      ]
    })
    const error = Errors.fromResponseInfo(info(409, body, { "content-type": "application/json" }), now)
    assert.strictEqual(error._tag, "Conflict")
    assert.strictEqual(error.requestId, "req-sig")
    assert.strictEqual(error.details, "compute.scheduler.no-valid-host")
    assert.include(error.message, ": No host had room (and 1 more: Second problem)")
  })

  it("Neutron {NeutronError: {type, message, detail}}", () => {
    const body =
      "{\"NeutronError\": {\"type\": \"NetworkNotFound\", \"message\": \"Network n1 could not be found.\", \"detail\": \"\"}}"
    const error = Errors.fromResponseInfo(info(404, body, { "content-type": "application/json" }), now)
    assert.strictEqual(error.details, "NetworkNotFound")
    assert.include(error.message, "returned HTTP 404: Network n1 could not be found.")
  })

  it("Nova-style {<fault>: {message, code}}", () => {
    const body = "{\"itemNotFound\": {\"message\": \"Instance i1 could not be found.\", \"code\": 404}}"
    const error = Errors.fromResponseInfo(info(404, body, { "content-type": "application/json" }), now)
    assert.strictEqual(error.details, "itemNotFound")
    assert.include(error.message, ": Instance i1 could not be found.")
  })

  it("a flat {message} and unknown JSON", () => {
    assert.include(Errors.fromResponseInfo(info(400, "{\"message\": \"bad\"}"), now).message, "HTTP 400: bad")
    assert.include(Errors.fromResponseInfo(info(400, "{\"oops\": 1}"), now).message, "HTTP 400: {\"oops\": 1}")
  })

  it("JSON that does not parse is kept as text", () => {
    const error = Errors.fromResponseInfo(info(500, "{not json", { "content-type": "application/json" }), now)
    assert.include(error.message, "HTTP 500: {not json")
  })

  it("plain text, whitespace collapsed", () => {
    const error = Errors.fromResponseInfo(info(502, "upstream\n  went away\n", { "content-type": "text/plain" }), now)
    assert.include(error.message, "HTTP 502: upstream went away")
  })

  it("HTML error pages lose their markup; the title goes to details", () => {
    const html =
      "<!doctype html>\n<html lang=en>\n<title>404 Not Found</title>\n<h1>Not Found</h1>\n<p>The requested URL was not found &amp; gone.</p>"
    const error = Errors.fromResponseInfo(info(404, html, { "content-type": "text/html; charset=utf-8" }), now)
    assert.strictEqual(error.details, "404 Not Found")
    assert.include(error.message, "HTTP 404: Not Found The requested URL was not found & gone.")
  })

  it("an empty body says so", () => {
    const error = Errors.fromResponseInfo(info(503), now)
    assert.strictEqual(error.message, "GET http://127.0.0.1:5000/v3/users/u1 returned HTTP 503 with no message")
    assert.isUndefined(error.details)
  })

  it("long server messages are clipped", () => {
    const error = Errors.fromResponseInfo(info(500, "x".repeat(5000)), now)
    assert.isBelow(error.message.length, 1200)
    assert.isTrue(error.message.endsWith("…"))
  })

  it("secrets in the URL are redacted", () => {
    const error = Errors.fromResponseInfo(
      { ...info(404), url: "https://user:pw@h/v3/x?token=abc&password=p&limit=1" },
      now
    )
    assert.strictEqual(error.url, "https://REDACTED:REDACTED@h/v3/x?token=REDACTED&password=REDACTED&limit=1")
    assert.notInclude(error.message, "abc")
    assert.notInclude(error.message, "pw@")
  })
})

describe("fromResponseInfo: headers", () => {
  it("x-openstack-request-id wins over x-compute-request-id and the body", () => {
    const body = "{\"errors\":[{\"request_id\":\"req-body\",\"title\":\"t\"}]}"
    const both = { "x-openstack-request-id": "req-os", "x-compute-request-id": "req-compute" }
    assert.strictEqual(Errors.fromResponseInfo(info(400, body, both), now).requestId, "req-os")
    assert.strictEqual(
      Errors.fromResponseInfo(info(400, body, { "x-compute-request-id": "req-compute" }), now).requestId,
      "req-compute"
    )
    assert.strictEqual(Errors.fromResponseInfo(info(400, body), now).requestId, "req-body")
    assert.isUndefined(Errors.fromResponseInfo(info(400), now).requestId)
  })

  it("Retry-After as delay-seconds", () => {
    const error = Errors.fromResponseInfo(info(429, "", { "retry-after": "120" }), now)
    assert.strictEqual(error._tag, "TooManyRequests")
    assert.strictEqual(error.retryAfter, 120)
  })

  it("Retry-After as an HTTP-date, in the future and in the past", () => {
    const later = new Date(now + 30_500).toUTCString()
    assert.strictEqual(Errors.fromResponseInfo(info(503, "", { "retry-after": later }), now).retryAfter, 30)
    const earlier = new Date(now - 60_000).toUTCString()
    assert.strictEqual(Errors.fromResponseInfo(info(503, "", { "retry-after": earlier }), now).retryAfter, 0)
  })

  it("an unreadable Retry-After is ignored", () => {
    assert.isUndefined(Errors.fromResponseInfo(info(503, "", { "retry-after": "soon" }), now).retryAfter)
    assert.isUndefined(Errors.parseRetryAfter("-5", now))
    assert.strictEqual(Errors.parseRetryAfter(" 7 ", now), 7)
  })
})

describe("fromResponse and checkStatus", () => {
  const request = HttpClientRequest.get("http://127.0.0.1:5000/v3/auth/tokens")
  const respond = (status: number, body: string, headers: Record<string, string> = {}) =>
    HttpClientResponse.fromWeb(request, new Response(body, { status, headers }))

  it.effect("reads the body of a real response", () =>
    Effect.gen(function* () {
      const error = yield* Errors.fromResponse(
        respond(403, "{\"error\":{\"message\":\"You are not authorized.\",\"code\":403,\"title\":\"Forbidden\"}}", {
          "x-openstack-request-id": "req-9"
        })
      )
      assert.strictEqual(error._tag, "Forbidden")
      assert.strictEqual(error.requestId, "req-9")
      assert.include(
        error.message,
        "GET http://127.0.0.1:5000/v3/auth/tokens returned HTTP 403: You are not authorized."
      )
    })
  )

  it.effect("checkStatus passes 2xx and 3xx, fails 4xx and 5xx", () =>
    Effect.gen(function* () {
      assert.strictEqual((yield* Errors.checkStatus(respond(201, ""))).status, 201)
      assert.strictEqual((yield* Errors.checkStatus(respond(302, ""))).status, 302)
      const failure = yield* Effect.flip(Errors.checkStatus(respond(500, "boom")))
      assert.strictEqual(failure._tag, "InternalServerError")
    })
  )
})

describe("fromTransportFailure", () => {
  const code = (c: string, message = c) => Object.assign(new Error(message), { code: c })

  it.each([
    ["ECONNREFUSED", "ConnectFailure"],
    ["ECONNRESET", "ConnectFailure"],
    ["ENOTFOUND", "ConnectFailure"],
    ["UND_ERR_SOCKET", "ConnectFailure"],
    ["UND_ERR_CONNECT_TIMEOUT", "ConnectTimeout"],
    ["ETIMEDOUT", "ConnectTimeout"],
    ["DEPTH_ZERO_SELF_SIGNED_CERT", "SSLError"],
    ["SELF_SIGNED_CERT_IN_CHAIN", "SSLError"],
    ["UNABLE_TO_VERIFY_LEAF_SIGNATURE", "SSLError"],
    ["CERT_HAS_EXPIRED", "SSLError"],
    ["ERR_TLS_CERT_ALTNAME_INVALID", "SSLError"],
    ["ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED", "SSLError"]
  ] as const)("%s → %s", (c, tag) => {
    const error = Errors.fromTransportFailure("GET", "https://h:5000/v3", code(c))
    assert.strictEqual(error._tag, tag)
    assert.isTrue(Errors.isConnectionError(error))
    assert.include(error.message, "GET https://h:5000/v3: ")
    assert.include(error.message, c)
  })

  it("looks through fetch's TypeError and AggregateError to the real reason", () => {
    const refused = new AggregateError([code("ECONNREFUSED", "connect ECONNREFUSED ::1:5000")], "")
    const wrapped = new TypeError("fetch failed", { cause: refused })
    const error = Errors.fromTransportFailure("POST", "http://localhost:5000/v3/auth/tokens", wrapped)
    assert.strictEqual(error._tag, "ConnectFailure")
    assert.strictEqual(
      error.message,
      "POST http://localhost:5000/v3/auth/tokens: could not connect: connect ECONNREFUSED ::1:5000"
    )
  })
})

describe("fromHttpClientError", () => {
  const failWith = (reply: MockHttp.Reply | (() => Effect.Effect<never, HttpClientError.HttpClientError>)) =>
    MockHttp.layer((request) =>
      typeof reply === "function"
        ? reply()
        : reply.status === 0
          ? Effect.fail(
              new HttpClientError.HttpClientError({
                reason: new HttpClientError.TransportError({
                  request,
                  cause: Object.assign(new Error("x"), { code: "ECONNRESET" })
                })
              })
            )
          : reply
    )

  it.effect("a status error becomes the status class", () =>
    Effect.gen(function* () {
      const client = (yield* HttpClient.HttpClient).pipe(HttpClient.filterStatusOk)
      const error = yield* client.get("http://h/v3").pipe(Effect.catch(Errors.fromHttpClientError), Effect.flip)
      assert.strictEqual(error._tag, "Conflict")
    }).pipe(Effect.provide(failWith({ status: 409, body: { error: { message: "dup" } } })))
  )

  it.effect("a transport error becomes a connection error", () =>
    Effect.gen(function* () {
      const client = yield* HttpClient.HttpClient
      const error = yield* client.get("http://h/v3").pipe(Effect.catch(Errors.fromHttpClientError), Effect.flip)
      assert.strictEqual(error._tag, "ConnectFailure")
    }).pipe(Effect.provide(failWith({ status: 0 })))
  )

  it.effect("a body that does not decode becomes InvalidResponse", () =>
    Effect.gen(function* () {
      const client = yield* HttpClient.HttpClient
      const error = yield* client.get("http://h/v3").pipe(
        Effect.flatMap((r) => r.json),
        Effect.catch(Errors.fromHttpClientError),
        Effect.flip
      )
      assert.strictEqual(error._tag, "InvalidResponse")
      assert.include(error.message, "GET http://h/v3 returned HTTP 200 with a body that cannot be read")
    }).pipe(
      Effect.provide(failWith({ status: 200, body: "{truncated", headers: { "x-openstack-request-id": "req-2" } }))
    )
  )

  it.effect("a URL that cannot be built becomes ValidationError", () =>
    Effect.gen(function* () {
      const client = yield* HttpClient.HttpClient
      const error = yield* client.get("/v3/relative").pipe(Effect.catch(Errors.fromHttpClientError), Effect.flip)
      assert.strictEqual(error._tag, "ValidationError")
      assert.include(error.message, "GET /v3/relative cannot be sent")
    }).pipe(Effect.provide(failWith({ status: 200 })))
  )
})

describe("secrets", () => {
  it("MissingAuthMethods never shows its receipt", () => {
    const error = new Errors.MissingAuthMethods({
      status: 401,
      method: "POST",
      url: "http://h/v3/auth/tokens",
      message: "more methods needed",
      receipt: Redacted.make("receipt-secret"),
      methods: ["password"],
      requiredAuthMethods: [["password", "totp"]]
    })
    assert.isTrue(Errors.isHttpClientError(error))
    assert.isTrue(Errors.isHttpClientFault(error), "the new name of the 4xx guard")
    assert.isTrue(Errors.isAuthError(error))
    for (const shown of [String(error), JSON.stringify(error), error.message, error.stack ?? ""]) {
      assert.notInclude(shown, "receipt-secret")
    }
    assert.strictEqual(Redacted.value(error.receipt), "receipt-secret")
  })
})
