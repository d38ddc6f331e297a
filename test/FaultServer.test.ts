import * as http from "node:http"
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { type FaultServer, faultServer, refusedUrl } from "./support/faultServer.ts"

/** A fetch that does not follow redirects, bounded by `ms`; resolves with the status, headers and body text. */
const call = (url: string, init: RequestInit = {}, ms = 2000) =>
  Effect.promise(async () => {
    const response = await fetch(url, { redirect: "manual", signal: AbortSignal.timeout(ms), ...init })
    return { status: response.status, headers: response.headers, text: await response.text() }
  })

/** The error a promise rejects with; a promise that resolves fails the test. */
const rejection = (run: () => Promise<unknown>) =>
  Effect.promise(() =>
    run().then(
      (value) => Promise.reject(new Error(`expected a rejection, got ${JSON.stringify(value)}`)),
      (error: unknown) => error
    )
  )

/** The `code` of an error's cause chain (fetch wraps socket errors: TypeError("fetch failed") { cause }). */
const causeCode = (error: unknown): string | undefined => {
  let e: unknown = error
  for (let i = 0; i < 5 && e instanceof Error; i++) {
    const code = (e as { code?: unknown }).code
    if (typeof code === "string") return code
    e = e.cause
  }
  return undefined
}

const errorName = (error: unknown) => (error instanceof Error ? error.name : String(error))

const waitUntil = (condition: () => boolean) =>
  Effect.gen(function* () {
    while (!condition()) yield* Effect.sleep("5 millis")
  }).pipe(Effect.timeout("2 seconds"))

describe("FaultServer answers", () => {
  it.live("json and text answers, with status and extra headers", () =>
    Effect.gen(function* () {
      const server = yield* faultServer()
      server.script("/v3", [{ kind: "json", body: { version: { id: "v3.14" } }, headers: { "x-extra": "1" } }])
      server.script("/created", [{ kind: "json", status: 201, body: { id: "x" } }])
      server.script("/text", [{ kind: "text", status: 202, body: "accepted" }])
      const v3 = yield* call(`${server.url}/v3`)
      assert.strictEqual(v3.status, 200)
      assert.strictEqual(v3.headers.get("content-type"), "application/json")
      assert.strictEqual(v3.headers.get("x-extra"), "1")
      assert.deepStrictEqual(JSON.parse(v3.text), { version: { id: "v3.14" } })
      const created = yield* call(`${server.url}/created`, { method: "POST", body: "{}" })
      assert.strictEqual(created.status, 201)
      assert.deepStrictEqual(JSON.parse(created.text), { id: "x" })
      const text = yield* call(`${server.url}/text`)
      assert.strictEqual(text.status, 202)
      assert.strictEqual(text.headers.get("content-type"), "text/plain; charset=utf-8")
      assert.strictEqual(text.text, "accepted")
    })
  )

  it.live("faults come in turn and the last one repeats; the query string does not take part in matching", () =>
    Effect.gen(function* () {
      const server = yield* faultServer()
      server.script("/servers", [
        { kind: "status", status: 503 },
        { kind: "status", status: 500 },
        { kind: "json", body: { servers: [] } }
      ])
      const statuses: Array<number> = []
      for (let i = 0; i < 5; i++) statuses.push((yield* call(`${server.url}/servers?limit=${i}`)).status)
      assert.deepStrictEqual(statuses, [503, 500, 200, 200, 200])
      assert.strictEqual(server.count("/servers"), 5)
    })
  )

  it.live("status: a Keystone-style error body, Retry-After in seconds or as an HTTP-date, or a given body", () =>
    Effect.gen(function* () {
      const server = yield* faultServer()
      const date = "Wed, 21 Oct 2037 07:28:00 GMT"
      server.script("/limited", [{ kind: "status", status: 429, retryAfter: "2" }])
      server.script("/busy", [{ kind: "status", status: 503, retryAfter: date }])
      server.script("/broken", [{ kind: "status", status: 500, body: { computeFault: { code: 500, message: "boom" } } }])
      const limited = yield* call(`${server.url}/limited`)
      assert.strictEqual(limited.status, 429)
      assert.strictEqual(limited.headers.get("retry-after"), "2")
      assert.deepStrictEqual(JSON.parse(limited.text), { error: { code: 429, message: "Too Many Requests", title: "Too Many Requests" } })
      const busy = yield* call(`${server.url}/busy`)
      assert.strictEqual(busy.status, 503)
      assert.strictEqual(busy.headers.get("retry-after"), date)
      const broken = yield* call(`${server.url}/broken`)
      assert.strictEqual(broken.status, 500)
      assert.isNull(broken.headers.get("retry-after"))
      assert.deepStrictEqual(JSON.parse(broken.text), { computeFault: { code: 500, message: "boom" } })
    })
  )

  it.live("an unscripted route is a Keystone-style 404 naming the method and path", () =>
    Effect.gen(function* () {
      const server = yield* faultServer()
      server.script("/other", [{ kind: "json", body: {} }])
      server.script("/emptied", [])
      const missing = yield* call(`${server.url}/v3/projects?name=x`, { method: "DELETE" })
      assert.strictEqual(missing.status, 404)
      assert.strictEqual(missing.headers.get("content-type"), "application/json")
      assert.deepStrictEqual(JSON.parse(missing.text), {
        error: { code: 404, message: "no script for DELETE /v3/projects", title: "Not Found" }
      })
      assert.strictEqual((yield* call(`${server.url}/emptied`)).status, 404)
    })
  )

  it.live("routes: \"METHOD /path\", predicates, and a later script takes precedence", () =>
    Effect.gen(function* () {
      const server = yield* faultServer()
      server.script("POST /v3/auth/tokens", [{ kind: "json", status: 201, body: { token: {} }, headers: { "x-subject-token": "t1" } }])
      server.script((method, path) => method === "GET" && path.startsWith("/compute/"), [{ kind: "text", body: "compute" }])
      server.script("/compute/special", [{ kind: "text", body: "special" }])
      const issued = yield* call(`${server.url}/v3/auth/tokens`, { method: "POST", body: "{}" })
      assert.strictEqual(issued.status, 201)
      assert.strictEqual(issued.headers.get("x-subject-token"), "t1")
      assert.strictEqual((yield* call(`${server.url}/v3/auth/tokens`)).status, 404)
      assert.strictEqual((yield* call(`${server.url}/compute/servers`)).text, "compute")
      assert.strictEqual((yield* call(`${server.url}/compute/special`)).text, "special")
      server.script("/compute/special", [{ kind: "text", body: "replaced" }])
      assert.strictEqual((yield* call(`${server.url}/compute/special`)).text, "replaced")
    })
  )
})

describe("FaultServer connection faults", () => {
  it.live("reset: the connection is reset before any response byte, so fetch rejects", () =>
    Effect.gen(function* () {
      const server = yield* faultServer()
      server.script("/reset", [{ kind: "reset" }, { kind: "json", body: { ok: true } }])
      const error = yield* rejection(() => fetch(`${server.url}/reset`, { signal: AbortSignal.timeout(2000) }))
      assert.strictEqual(errorName(error), "TypeError")
      assert.strictEqual(causeCode(error), "ECONNRESET")
      assert.strictEqual(server.count("/reset"), 1)
      const next = yield* call(`${server.url}/reset`)
      assert.deepStrictEqual(JSON.parse(next.text), { ok: true })
    })
  )

  it.live("resetMidBody: the headers arrive, reading the body rejects", () =>
    Effect.gen(function* () {
      const server = yield* faultServer()
      server.script("/mid", [{ kind: "resetMidBody" }])
      const response = yield* Effect.promise(() => fetch(`${server.url}/mid`, { signal: AbortSignal.timeout(2000) }))
      assert.strictEqual(response.status, 200)
      assert.strictEqual(response.headers.get("content-type"), "application/json")
      assert.isAbove(Number(response.headers.get("content-length")), 0)
      const error = yield* rejection(() => response.text())
      assert.strictEqual(errorName(error), "TypeError")
      assert.strictEqual(causeCode(error), "UND_ERR_SOCKET")
    })
  )

  it.live("stallHeaders: no answer, so a 200 ms AbortSignal.timeout aborts; with ms, the answer comes late", () =>
    Effect.gen(function* () {
      const server = yield* faultServer()
      server.script("/hang", [{ kind: "stallHeaders" }])
      server.script("/slow", [{ kind: "stallHeaders", ms: 150, then: { kind: "json", body: { late: true } } }])
      server.script("/slow-default", [{ kind: "stallHeaders", ms: 50 }])
      const start = performance.now()
      const error = yield* rejection(() => fetch(`${server.url}/hang`, { signal: AbortSignal.timeout(200) }))
      assert.strictEqual(errorName(error), "TimeoutError")
      assert.isAtLeast(performance.now() - start, 190)
      assert.strictEqual(server.count("/hang"), 1)
      const slowStart = performance.now()
      const slow = yield* call(`${server.url}/slow`)
      assert.isAtLeast(performance.now() - slowStart, 140)
      assert.deepStrictEqual(JSON.parse(slow.text), { late: true })
      const slowDefault = yield* call(`${server.url}/slow-default`)
      assert.deepStrictEqual([slowDefault.status, slowDefault.text], [200, "{}"])
    })
  )

  it.live("stallBody: the headers and half the body arrive, the rest never (a timeout aborts the read) or after ms", () =>
    Effect.gen(function* () {
      const server = yield* faultServer()
      server.script("/hang", [{ kind: "stallBody" }])
      server.script("/slow", [{ kind: "stallBody", ms: 100, body: { servers: [{ id: "a" }] } }])
      const response = yield* Effect.promise(() => fetch(`${server.url}/hang`, { signal: AbortSignal.timeout(300) }))
      assert.strictEqual(response.status, 200)
      const error = yield* rejection(() => response.text())
      assert.strictEqual(errorName(error), "TimeoutError")
      const slowStart = performance.now()
      const slow = yield* call(`${server.url}/slow`)
      assert.isAtLeast(performance.now() - slowStart, 90)
      assert.deepStrictEqual(JSON.parse(slow.text), { servers: [{ id: "a" }] })
    })
  )

  it.live("a closed port refuses connections", () =>
    Effect.gen(function* () {
      const url = yield* refusedUrl
      assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/)
      const error = yield* rejection(() => fetch(`${url}/v3`, { signal: AbortSignal.timeout(2000) }))
      assert.strictEqual(causeCode(error), "ECONNREFUSED")
    })
  )

  it.live("closing the scope destroys every socket: a stalled request fails instead of hanging", () =>
    Effect.gen(function* () {
      let server: FaultServer | undefined
      const pending = yield* Effect.scoped(
        Effect.gen(function* () {
          const s = yield* faultServer()
          server = s
          s.script("/hang", [{ kind: "stallHeaders" }])
          const outcome = fetch(`${s.url}/hang`, { signal: AbortSignal.timeout(5000) }).then(
            () => "answered",
            (error: unknown) => error
          )
          yield* waitUntil(() => s.count("/hang") === 1)
          assert.strictEqual(s.openConnections(), 1)
          return outcome
        })
      )
      const start = performance.now()
      const error = yield* Effect.promise(() => pending)
      assert.isBelow(performance.now() - start, 1000)
      assert.strictEqual(errorName(error), "TypeError")
      assert.strictEqual(server?.openConnections(), 0)
    })
  )

  it.live("connections are kept alive: sequential requests share one, and seen() says which carried each", () =>
    Effect.gen(function* () {
      const server = yield* faultServer()
      server.script("/a", [{ kind: "json", body: {} }])
      yield* call(`${server.url}/a`)
      yield* Effect.sleep("20 millis")
      yield* call(`${server.url}/a`)
      assert.strictEqual(server.connections(), 1)
      assert.deepStrictEqual(server.seen().map((s) => s.connection), [1, 1])
    })
  )

  it.live("keepAliveTimeout closes idle connections", () =>
    Effect.gen(function* () {
      const server = yield* faultServer({ keepAliveTimeout: 50 })
      server.script("/a", [{ kind: "json", body: {} }])
      yield* call(`${server.url}/a`)
      yield* waitUntil(() => server.openConnections() === 0)
      yield* call(`${server.url}/a`)
      assert.strictEqual(server.connections(), 2)
      assert.deepStrictEqual(server.seen().map((s) => s.connection), [1, 2])
    })
  )
})

describe("FaultServer redirects", () => {
  it.live("every redirect status, with the Location sent as given", () =>
    Effect.gen(function* () {
      const server = yield* faultServer()
      const statuses = [301, 302, 303, 307, 308] as const
      for (const status of statuses) server.script(`/r${status}`, [{ kind: "redirect", status, location: `../to/${status}?x=1` }])
      server.script("/default", [{ kind: "redirect", location: "http://example.invalid/elsewhere" }])
      for (const status of statuses) {
        const response = yield* call(`${server.url}/r${status}`)
        assert.strictEqual(response.status, status)
        assert.strictEqual(response.headers.get("location"), `../to/${status}?x=1`)
        assert.strictEqual(response.text, "")
      }
      const fallback = yield* call(`${server.url}/default`)
      assert.strictEqual(fallback.status, 302)
      assert.strictEqual(fallback.headers.get("location"), "http://example.invalid/elsewhere")
    })
  )

  it.live("a loop A → B → A: a following client gives up, having bounced between the two", () =>
    Effect.gen(function* () {
      const server = yield* faultServer()
      server.script("/a", [{ kind: "redirect", location: "/b" }])
      server.script("/b", [{ kind: "redirect", location: `${server.url}/a` }])
      const error = yield* rejection(() => fetch(`${server.url}/a`, { signal: AbortSignal.timeout(2000) }))
      assert.strictEqual(errorName(error), "TypeError")
      // fetch follows 20 redirects, then fails on the 21st response.
      assert.strictEqual(server.count("/a"), 11)
      assert.strictEqual(server.count("/b"), 10)
      assert.deepStrictEqual(server.seen().slice(0, 3).map((s) => s.path), ["/a", "/b", "/a"])
    })
  )

  it.live("across origins: a second server, reached by a redirect to its URL", () =>
    Effect.gen(function* () {
      const first = yield* faultServer()
      const second = yield* faultServer({ requestIdPrefix: "other-" })
      assert.notStrictEqual(first.url, second.url)
      first.script("/v3", [{ kind: "redirect", status: 307, location: `${second.url}/identity/v3` }])
      second.script("/identity/v3", [{ kind: "json", body: { where: "second" } }])
      const hop = yield* call(`${first.url}/v3`)
      assert.strictEqual(hop.headers.get("location"), `${second.url}/identity/v3`)
      const followed = yield* call(`${first.url}/v3`, { redirect: "follow" })
      assert.deepStrictEqual(JSON.parse(followed.text), { where: "second" })
      assert.strictEqual(followed.headers.get("x-openstack-request-id"), "other-1")
      assert.strictEqual(first.count(), 2)
      assert.strictEqual(second.count(), 1)
    })
  )
})

describe("FaultServer broken JSON", () => {
  it.live("truncatedJson: a complete response whose JSON stops in the middle", () =>
    Effect.gen(function* () {
      const server = yield* faultServer()
      server.script("/t", [{ kind: "truncatedJson" }])
      const response = yield* call(`${server.url}/t`)
      assert.strictEqual(response.status, 200)
      assert.strictEqual(response.headers.get("content-type"), "application/json")
      assert.strictEqual(response.headers.get("content-length"), String(response.text.length))
      assert.isTrue(response.text.startsWith("{\"token\":"))
      assert.throws(() => JSON.parse(response.text), SyntaxError)
    })
  )

  it.live("malformedJson: application/json that is not JSON", () =>
    Effect.gen(function* () {
      const server = yield* faultServer()
      server.script("/m", [{ kind: "malformedJson" }])
      const response = yield* call(`${server.url}/m`)
      assert.strictEqual(response.status, 200)
      assert.strictEqual(response.headers.get("content-type"), "application/json")
      assert.throws(() => JSON.parse(response.text), SyntaxError)
    })
  )
})

describe("FaultServer unauthorizedOnce", () => {
  const withToken = (token: string) => ({ headers: { "x-auth-token": token } })

  it.live("the named token is rejected once with a Keystone 401, then accepted; other tokens are accepted", () =>
    Effect.gen(function* () {
      const server = yield* faultServer()
      server.script("/servers", [{ kind: "unauthorizedOnce", token: "t1", then: { kind: "json", body: { servers: [] } } }])
      const other = yield* call(`${server.url}/servers`, withToken("t0"))
      assert.strictEqual(other.status, 200)
      const first = yield* call(`${server.url}/servers`, withToken("t1"))
      assert.strictEqual(first.status, 401)
      assert.strictEqual(first.headers.get("www-authenticate"), "Keystone uri=\"http://127.0.0.1/identity/v3\"")
      assert.deepStrictEqual(JSON.parse(first.text), {
        error: { code: 401, message: "The request you have made requires authentication.", title: "Unauthorized" }
      })
      const again = yield* call(`${server.url}/servers`, withToken("t1"))
      assert.deepStrictEqual([again.status, JSON.parse(again.text)], [200, { servers: [] }])
      const refreshed = yield* call(`${server.url}/servers`, withToken("t2"))
      assert.strictEqual(refreshed.status, 200)
    })
  )

  it.live("without a named token, the first token seen is the one rejected once; no token at all is always 401", () =>
    Effect.gen(function* () {
      const server = yield* faultServer()
      server.script("/servers", [{ kind: "unauthorizedOnce" }])
      const statuses: Array<number> = []
      for (const token of ["old", "new", "old", "new"]) statuses.push((yield* call(`${server.url}/servers`, withToken(token))).status)
      assert.deepStrictEqual(statuses, [401, 200, 200, 200])
      assert.strictEqual((yield* call(`${server.url}/servers`)).status, 401)
      assert.strictEqual((yield* call(`${server.url}/servers`)).status, 401)
      assert.strictEqual((yield* call(`${server.url}/servers`, withToken("new"))).text, "{}")
    })
  )
})

describe("FaultServer observation", () => {
  it.live("seen() records method, path with query, lower-case headers, body, time, request id and connection", () =>
    Effect.gen(function* () {
      const server = yield* faultServer()
      server.script("POST /v2.1/servers", [{ kind: "json", status: 202, body: { server: { id: "s1" } } }])
      yield* call(`${server.url}/v2.1/servers?reservation_id=r1`, {
        method: "POST",
        headers: { "X-Auth-Token": "tok", "Content-Type": "application/json", "OpenStack-API-Version": "compute 2.79" },
        body: JSON.stringify({ server: { name: "vm" } })
      })
      yield* Effect.sleep("10 millis")
      yield* call(`${server.url}/missing`)
      const [post, get] = server.seen()
      assert.isDefined(post)
      assert.isDefined(get)
      if (post === undefined || get === undefined) return
      assert.strictEqual(post.method, "POST")
      assert.strictEqual(post.path, "/v2.1/servers?reservation_id=r1")
      assert.strictEqual(post.headers["x-auth-token"], "tok")
      assert.strictEqual(post.headers["content-type"], "application/json")
      assert.strictEqual(post.headers["openstack-api-version"], "compute 2.79")
      assert.strictEqual(post.body, "{\"server\":{\"name\":\"vm\"}}")
      assert.strictEqual(post.requestId, "req-1")
      assert.strictEqual(post.connection, 1)
      assert.isAtLeast(post.at, 0)
      assert.strictEqual(get.method, "GET")
      assert.strictEqual(get.path, "/missing")
      assert.strictEqual(get.body, "")
      assert.strictEqual(get.requestId, "req-2")
      assert.isAtLeast(get.at - post.at, 9)
    })
  )

  it.live("count() in all, by path, by \"METHOD /path\" and by predicate", () =>
    Effect.gen(function* () {
      const server = yield* faultServer()
      yield* call(`${server.url}/a`)
      yield* call(`${server.url}/a?x=1`, { method: "POST", body: "" })
      yield* call(`${server.url}/b`)
      assert.strictEqual(server.count(), 3)
      assert.strictEqual(server.count("/a"), 2)
      assert.strictEqual(server.count("POST /a"), 1)
      assert.strictEqual(server.count("GET /b"), 1)
      assert.strictEqual(server.count("/c"), 0)
      assert.strictEqual(server.count((method) => method === "GET"), 2)
    })
  )

  it.live("request ids count up on every response, errors included, and match seen()", () =>
    Effect.gen(function* () {
      const server = yield* faultServer()
      server.script("/ok", [{ kind: "json", body: {} }])
      server.script("/busy", [{ kind: "status", status: 503, retryAfter: "1" }])
      server.script("/r", [{ kind: "redirect", location: "/ok" }])
      const ids: Array<string | null> = []
      for (const path of ["/ok", "/busy", "/nowhere", "/r", "/ok"]) {
        ids.push((yield* call(`${server.url}${path}`)).headers.get("x-openstack-request-id"))
      }
      assert.deepStrictEqual(ids, ["req-1", "req-2", "req-3", "req-4", "req-5"])
      assert.deepStrictEqual(server.seen().map((s) => s.requestId), ids)
    })
  )

  it.live("node:http sees the same faults (a reset is ECONNRESET on the request)", () =>
    Effect.gen(function* () {
      const server = yield* faultServer()
      server.script("/reset", [{ kind: "reset" }])
      const error = yield* Effect.callback<unknown>((resume) => {
        const request = http.get(`${server.url}/reset`, { agent: false }, () => resume(Effect.succeed("answered")))
        request.on("error", (e) => resume(Effect.succeed(e)))
        request.setTimeout(2000, () => request.destroy(new Error("timed out")))
      })
      assert.strictEqual(causeCode(error), "ECONNRESET")
    })
  )
})
