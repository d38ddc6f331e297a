import { createHash } from "node:crypto"
import { afterEach, assert, describe, it, vi } from "@effect/vitest"
import { Effect, Logger, References, Stream } from "effect"
import { HttpBody, HttpClientRequest, HttpClientResponse } from "effect/http"
import { debugEnabled, formatRequest, logRequest, logResponse } from "../../src/internal/httpLog.ts"

const sha256 = (value: string) => `{SHA256}${createHash("sha256").update(value, "utf8").digest("hex")}`
const utf8 = (text: string) => new TextEncoder().encode(text)

interface Line {
  readonly level: string
  readonly message: string
  readonly annotations: Readonly<Record<string, unknown>>
}

/** A logger that keeps every line: its level, its message and the annotations in force. */
const capture = () => {
  const lines: Array<Line> = []
  const logger = Logger.make(({ fiber, logLevel, message }) => {
    const parts: ReadonlyArray<unknown> = Array.isArray(message) ? message : [message]
    lines.push({
      level: logLevel,
      message: parts.map(String).join(" "),
      annotations: { ...fiber.getRef(References.CurrentLogAnnotations) }
    })
  })
  return { lines, layer: Logger.layer([logger]) }
}

/** Runs `effect` with the capturing logger, at Debug unless told otherwise. */
const logged = <A>(effect: Effect.Effect<A>, level: "Debug" | "Info" | "Trace" = "Debug") => {
  const { lines, layer } = capture()
  return effect.pipe(
    Effect.provideService(References.MinimumLogLevel, level),
    Effect.provide(layer),
    Effect.as(lines)
  )
}

const keystone = "https://keystone.example:5000"

const passwordAuth = (password: string) => ({
  auth: {
    identity: { methods: ["password"], password: { user: { name: "demo", domain: { id: "default" }, password } } },
    scope: { project: { id: "p1" } }
  }
})

const authRequest = (body: unknown, token = "gAAAAA-service-token") =>
  HttpClientRequest.post(`${keystone}/v3/auth/tokens`).pipe(
    HttpClientRequest.acceptJson,
    HttpClientRequest.setHeader("X-Auth-Token", token),
    HttpClientRequest.bodyJsonUnsafe(body)
  )

const catalog = [
  {
    type: "identity",
    id: "s1",
    endpoints: [{ id: "e1", interface: "public", region_id: "RegionOne", url: `${keystone}/v3/CANARY-CATALOG` }]
  }
]

const v3TokenBody = {
  token: {
    methods: ["password"],
    user: { id: "u1", name: "demo", domain: { id: "default", name: "Default" } },
    expires_at: "2026-11-22T11:00:00.000000Z",
    project: { id: "p1", name: "demo", domain: { id: "default", name: "Default" } },
    catalog
  }
}

const respond = (
  request: HttpClientRequest.HttpClientRequest,
  status: number,
  body: string,
  headers: Record<string, string>
) => HttpClientResponse.fromWeb(request, new Response(status === 204 ? null : body, { status, headers }))

afterEach(() => {
  vi.restoreAllMocks()
})

describe("debugEnabled", () => {
  it.effect("follows References.MinimumLogLevel: off at the default (Info), on at Debug and Trace", () =>
    Effect.gen(function* () {
      assert.isFalse(yield* debugEnabled)
      assert.isTrue(yield* debugEnabled.pipe(Effect.provideService(References.MinimumLogLevel, "Debug")))
      assert.isTrue(yield* debugEnabled.pipe(Effect.provideService(References.MinimumLogLevel, "Trace")))
      assert.isTrue(yield* debugEnabled.pipe(Effect.provideService(References.MinimumLogLevel, "All")))
      assert.isFalse(yield* debugEnabled.pipe(Effect.provideService(References.MinimumLogLevel, "Warn")))
      assert.isFalse(yield* debugEnabled.pipe(Effect.provideService(References.MinimumLogLevel, "None")))
    }))
})

describe("logRequest", () => {
  it.effect("a password authentication is one curl line: method, URL, headers (token hashed), body masked", () =>
    Effect.gen(function* () {
      const request = authRequest(passwordAuth("hunter2-password"), "gAAAAA-service-token")
      const lines = yield* logged(logRequest(request, 1))
      assert.strictEqual(lines.length, 1)
      const [line] = lines
      assert.strictEqual(line?.level, "Debug")
      assert.strictEqual(
        line?.message,
        `REQ: curl -g -i -X POST "${keystone}/v3/auth/tokens" -H "Accept: application/json" -H "Content-Type: application/json" `
        + `-H "X-Auth-Token: ${sha256("gAAAAA-service-token")}" `
        + "-d '{\"auth\":{\"identity\":{\"methods\":[\"password\"],\"password\":{\"user\":{\"name\":\"demo\",\"domain\":{\"id\":\"default\"},"
        + "\"password\":\"***\"}}},\"scope\":{\"project\":{\"id\":\"p1\"}}}}'"
      )
      assert.notInclude(line?.message, "hunter2")
      assert.notInclude(line?.message, "gAAAAA-service-token")
      assert.deepStrictEqual(line?.annotations, { attempt: 1 })
    }))

  it.effect("secret query parameters and user info in the URL are redacted; other parameters kept", () =>
    Effect.gen(function* () {
      const request = HttpClientRequest.get("https://admin:pw@neutron.example/v2.0/networks").pipe(
        HttpClientRequest.setUrlParams({ token: "abc", limit: "2" })
      )
      const lines = yield* logged(logRequest(request))
      assert.deepStrictEqual(
        lines.map((l) => l.message),
        ["REQ: curl -g -i -X GET \"https://REDACTED:REDACTED@neutron.example/v2.0/networks?token=REDACTED&limit=2\""]
      )
      assert.deepStrictEqual(lines[0]?.annotations, {})
    }))

  it.effect("bodies that are not bytes are named, binary bytes are sized, quotes are escaped for the shell", () =>
    Effect.gen(function* () {
      const base = HttpClientRequest.put(`${keystone}/v2/images/i1/file`)
      const stream = HttpClientRequest.bodyStream(base, Stream.make(utf8("password=x")), { contentType: "application/octet-stream" })
      const binary = HttpClientRequest.bodyUint8Array(base, new Uint8Array([1, 2, 3]), "application/octet-stream")
      const quoted = HttpClientRequest.bodyText(base, "it's $HOME", "text/plain")
      assert.strictEqual(
        yield* formatRequest(stream),
        `REQ: curl -g -i -X PUT "${keystone}/v2/images/i1/file" -H "Content-Type: application/octet-stream" -d <stream>`
      )
      assert.strictEqual(
        yield* formatRequest(binary),
        `REQ: curl -g -i -X PUT "${keystone}/v2/images/i1/file" -H "Content-Type: application/octet-stream" -d <3 bytes of application/octet-stream>`
      )
      assert.strictEqual(
        yield* formatRequest(quoted),
        `REQ: curl -g -i -X PUT "${keystone}/v2/images/i1/file" -H "Content-Type: text/plain" -d 'it'\\''s $HOME'`
      )
    }))

  it.effect("at the default level (Info) nothing is logged and the request is not even read", () =>
    Effect.gen(function* () {
      const digest = vi.spyOn(globalThis.crypto.subtle, "digest")
      let reads = 0
      const request = new Proxy(authRequest(passwordAuth("hunter2")), {
        get: (target, key) => {
          reads++
          return Reflect.get(target, key, target)
        }
      })
      const quiet = yield* logged(logRequest(request, 1), "Info")
      assert.deepStrictEqual(quiet, [])
      assert.strictEqual(reads, 0)
      assert.strictEqual(digest.mock.calls.length, 0)
      // The same spies see the work when Debug is on: they would have caught it above.
      const loud = yield* logged(logRequest(request, 1), "Debug")
      assert.strictEqual(loud.length, 1)
      assert.isAbove(reads, 0)
      assert.strictEqual(digest.mock.calls.length, 1)
    }))
})

describe("logResponse", () => {
  it.effect("a token response: status, elapsed, method, URL, headers with the subject token hashed, then the body without its catalog", () =>
    Effect.gen(function* () {
      const request = authRequest(passwordAuth("hunter2"))
      const text = JSON.stringify(v3TokenBody)
      const response = respond(request, 201, text, {
        "Content-Type": "application/json",
        "X-Subject-Token": "gAAAAA-subject-token",
        "x-openstack-request-id": "req-6b0c"
      })
      const lines = yield* logged(logResponse(response, utf8(text), 123.4))
      assert.deepStrictEqual(
        lines.map((l) => l.message),
        [
          `RESP: [201] 123 ms POST ${keystone}/v3/auth/tokens Content-Type: application/json `
          + `X-Openstack-Request-Id: req-6b0c X-Subject-Token: ${sha256("gAAAAA-subject-token")}`,
          "RESP BODY: {\"token\":{\"methods\":[\"password\"],\"user\":{\"id\":\"u1\",\"name\":\"demo\",\"domain\":{\"id\":\"default\",\"name\":\"Default\"}},"
          + "\"expires_at\":\"2026-11-22T11:00:00.000000Z\",\"project\":{\"id\":\"p1\",\"name\":\"demo\",\"domain\":{\"id\":\"default\",\"name\":\"Default\"}},"
          + "\"catalog\":\"<catalog removed>\"}}"
        ]
      )
      assert.deepStrictEqual(lines.map((l) => l.annotations), [{ requestId: "req-6b0c" }, { requestId: "req-6b0c" }])
      assert.deepStrictEqual(lines.map((l) => l.level), ["Debug", "Debug"])
    }))

  it.effect("no request id: no annotation; an empty or unread body: no body line; a binary body: its size", () =>
    Effect.gen(function* () {
      const request = HttpClientRequest.delete(`${keystone}/v3/users/u1`)
      const noContent = respond(request, 204, "", {})
      const image = respond(request, 200, "", { "content-type": "image/png" })
      const lines = yield* logged(
        Effect.all([
          logResponse(noContent, new Uint8Array(0), 5),
          logResponse(noContent, undefined, 6),
          logResponse(image, new Uint8Array([137, 80, 78, 71]), 7)
        ])
      )
      assert.deepStrictEqual(
        lines.map((l) => l.message),
        [
          `RESP: [204] 5 ms DELETE ${keystone}/v3/users/u1`,
          `RESP: [204] 6 ms DELETE ${keystone}/v3/users/u1`,
          `RESP: [200] 7 ms DELETE ${keystone}/v3/users/u1 Content-Type: image/png`,
          "RESP BODY: <4 bytes of image/png>"
        ]
      )
      assert.deepStrictEqual(lines.map((l) => l.annotations), [{}, {}, {}, {}])
    }))

  it.effect("at the default level (Info) nothing is logged and neither the response nor the body is read", () =>
    Effect.gen(function* () {
      const digest = vi.spyOn(globalThis.crypto.subtle, "digest")
      let reads = 0
      const count = <T extends object>(target: T): T =>
        new Proxy(target, {
          get: (t, key) => {
            reads++
            return Reflect.get(t, key, t)
          }
        })
      const text = JSON.stringify(v3TokenBody)
      const response = respond(authRequest({}), 201, text, { "x-subject-token": "gAAAAA", "content-type": "application/json" })
      const lines = yield* logged(logResponse(count(response), count(utf8(text)), 10), "Info")
      assert.deepStrictEqual(lines, [])
      assert.strictEqual(reads, 0)
      assert.strictEqual(digest.mock.calls.length, 0)
      // With Debug on, the spies do see the work.
      const loud = yield* logged(logResponse(count(response), utf8(text), 10), "Debug")
      assert.strictEqual(loud.length, 2)
      assert.isAbove(reads, 0)
      assert.strictEqual(digest.mock.calls.length, 1)
    }))
})

describe("canaries: no secret reaches a log line", () => {
  const json = (body: unknown) => JSON.stringify(body)
  const post = (path: string, body: HttpBody.HttpBody, headers: Record<string, string> = {}) =>
    HttpClientRequest.post(`${keystone}${path}`).pipe(
      HttpClientRequest.acceptJson,
      HttpClientRequest.setHeaders(headers),
      HttpClientRequest.setBody(body)
    )

  const requests: ReadonlyArray<HttpClientRequest.HttpClientRequest> = [
    authRequest(passwordAuth("CANARY-PASSWORD"), "CANARY-TOKEN"),
    authRequest({ auth: { identity: { methods: ["token"], token: { id: "CANARY-TOKEN" } } } }),
    authRequest({ auth: { identity: { methods: ["totp"], totp: { user: { id: "u1", passcode: "CANARY-PASSCODE" } } } } }),
    authRequest({
      auth: {
        identity: {
          methods: ["password", "totp"],
          password: { user: { id: "u1", password: "CANARY-PASSWORD" } },
          totp: { user: { id: "u1", passcode: "CANARY-PASSCODE" } }
        }
      }
    }),
    authRequest({
      auth: {
        identity: {
          methods: ["application_credential"],
          application_credential: { id: "ac1", secret: "CANARY-SECRET" }
        }
      }
    }),
    post("/v2.0/tokens", HttpBody.jsonUnsafe({ auth: { passwordCredentials: { username: "u", password: "CANARY-PASSWORD" }, tenantName: "t" } })),
    post("/v2.0/tokens", HttpBody.jsonUnsafe({ auth: { token: { id: "CANARY-TOKEN" }, tenantId: "t" } })),
    post("/v3/users", HttpBody.jsonUnsafe({ user: { name: "alice", password: "CANARY-PASSWORD" } }), { "X-Auth-Token": "CANARY-TOKEN" }),
    post("/v3/users/u1/password", HttpBody.jsonUnsafe({ user: { password: "CANARY-PASSWORD", original_password: "CANARY-PASSWORD" } })),
    post("/v3/users/u1/application_credentials", HttpBody.jsonUnsafe({ application_credential: { name: "ci", secret: "CANARY-SECRET" } })),
    post("/v3/credentials", HttpBody.jsonUnsafe({
      credential: { type: "ec2", user_id: "u1", blob: json({ access: "AK", secret: "CANARY-SECRET", note: "CANARY-BLOB" }) }
    })),
    post("/v3/credentials", HttpBody.jsonUnsafe({ credential: { type: "totp", user_id: "u1", blob: "CANARY-BLOB" } })),
    post("/v3/ec2tokens", HttpBody.jsonUnsafe({
      credentials: { access: "AK", signature: "CANARY-SECRET", host: "h", verb: "GET", path: "/", params: { Signature: "CANARY-SECRET" } }
    })),
    post("/v3/auth/tokens", HttpBody.jsonUnsafe({ auth: { identity: { methods: ["password"] } } }), {
      "Openstack-Auth-Receipt": "CANARY-TOKEN",
      Authorization: "Bearer CANARY-TOKEN",
      Cookie: "session=CANARY-TOKEN",
      "X-Service-Token": "CANARY-TOKEN",
      "Proxy-Authorization": "Basic CANARY-PASSWORD"
    }),
    post(
      "/oidc/token",
      HttpBody.text("grant_type=password&username=u&password=CANARY-PASSWORD&client_secret=CANARY-SECRET", "application/x-www-form-urlencoded")
    ),
    post("/notes", HttpBody.text("user: demo\npassword: CANARY-PASSWORD\npasscode=CANARY-PASSCODE", "text/plain")),
    post("/notes", HttpBody.text("{\"password\": \"CANARY-PASSWORD\", \"token\": \"CANARY-TOKEN\"", "application/json")),
    post("/notes", HttpBody.raw("secret=CANARY-SECRET", { contentType: "text/plain" })),
    HttpClientRequest.get("https://admin:CANARY-PASSWORD@keystone.example/v3/users").pipe(
      HttpClientRequest.setUrlParams({ token: "CANARY-TOKEN", password: "CANARY-PASSWORD", limit: "1" })
    )
  ]

  const responses: ReadonlyArray<readonly [body: string, headers: Record<string, string>]> = [
    [json(v3TokenBody), { "content-type": "application/json", "x-subject-token": "CANARY-TOKEN", "x-openstack-request-id": "req-1" }],
    [
      json({ access: { token: { id: "CANARY-TOKEN", expires: "2026-11-22T11:00:00Z" }, serviceCatalog: catalog, user: { id: "u1" } } }),
      { "content-type": "application/json" }
    ],
    [json({ application_credential: { id: "ac1", name: "ci", secret: "CANARY-SECRET" } }), { "content-type": "application/json" }],
    [json({ credential: { id: "c1", type: "ec2", blob: json({ access: "AK", secret: "CANARY-BLOB" }) } }), { "content-type": "application/json" }],
    [json({ credentials: [{ id: "c2", type: "totp", blob: "CANARY-BLOB" }] }), { "content-type": "application/json" }],
    [json({ credentials: [{ access: "AK", secret: "CANARY-SECRET", user_id: "u1" }] }), { "content-type": "application/json" }],
    [
      json({ access_token: "CANARY-TOKEN", refresh_token: "CANARY-TOKEN", id_token: "CANARY-TOKEN", token_type: "Bearer" }),
      { "content-type": "application/json" }
    ],
    [
      json({ receipt: { methods: ["password"] }, required_auth_methods: [["password", "totp"]] }),
      { "content-type": "application/json", "openstack-auth-receipt": "CANARY-TOKEN", "set-cookie": "s=CANARY-TOKEN" }
    ],
    ["token=CANARY-TOKEN&password=CANARY-PASSWORD", { "content-type": "text/plain" }],
    ["<auth><password>CANARY-PASSWORD</password><passcode>CANARY-PASSCODE</passcode></auth>", { "content-type": "application/xml" }]
  ]

  it.effect("every request and response carrying a canary is logged, and no line or annotation holds a canary", () =>
    Effect.gen(function* () {
      const cases: Array<ReadonlyArray<Line>> = []
      for (const [i, request] of requests.entries()) cases.push(yield* logged(logRequest(request, i + 1)))
      for (const [body, headers] of responses) {
        cases.push(yield* logged(logResponse(respond(authRequest({}), 200, body, headers), utf8(body), 42)))
      }
      assert.deepStrictEqual(
        cases.map((lines) => lines.length),
        [...requests.map(() => 1), ...responses.map(() => 2)]
      )
      for (const lines of cases) {
        const text = lines.map((l) => `${l.message} ${JSON.stringify(l.annotations)}`).join("\n")
        // The secrets were there and were replaced, not dropped along with their lines.
        assert.match(text, /\*\*\*|\{SHA256\}[0-9a-f]{64}|REDACTED|<catalog removed>/)
        assert.notInclude(text, "CANARY")
      }
    }))
})
