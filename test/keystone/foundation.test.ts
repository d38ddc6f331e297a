import { assert, describe, it } from "@effect/vitest"
import { Effect, Schema } from "effect"
import { HttpClient, HttpClientRequest, HttpClientResponse } from "effect/http"
import { Errors, Transport } from "effect-openstack"
import { facts, user } from "./rig.ts"

/** The version document Keystone serves at /v3 (Discovery decodes it fully; this is the part the foundation needs). */
const VersionDocument = Schema.Struct({
  version: Schema.Struct({
    id: Schema.String,
    status: Schema.String,
    updated: Schema.String,
    links: Schema.Array(Schema.Struct({ rel: Schema.String, href: Schema.String })),
    "media-types": Schema.Array(Schema.Struct({ base: Schema.String, type: Schema.String }))
  })
})

const passwordAuth = (name: string, password: string) => ({
  auth: {
    identity: { methods: ["password"], password: { user: { name, domain: { id: "default" }, password } } },
    scope: { project: { name, domain: { id: "default" } } }
  }
})

/** POST /v3/auth/tokens through the node transport; a status of 400 or more fails with its typed error. */
const authenticate = (body: unknown) =>
  Effect.gen(function* () {
    const client = yield* HttpClient.HttpClient
    const request = HttpClientRequest.post(`${facts.auth_url}/auth/tokens`).pipe(
      HttpClientRequest.acceptJson,
      HttpClientRequest.bodyJsonUnsafe(body)
    )
    const response = yield* client.execute(request).pipe(Effect.flatMap(Errors.checkStatus))
    // The body is read while the transport (and its connection pool) still lives.
    return { response, body: yield* response.json }
  }).pipe(Effect.catchTag("HttpClientError", Errors.fromHttpClientError), Effect.provide(Transport.node()))

describe("the real Keystone, through the transport", () => {
  it.live("GET /v3 decodes the version document", () =>
    Effect.gen(function* () {
      const client = yield* HttpClient.HttpClient
      const response = yield* client.get(facts.auth_url, { headers: { accept: "application/json" } })
      assert.strictEqual(response.status, 200)
      const document = yield* HttpClientResponse.schemaBodyJson(VersionDocument)(response)
      assert.match(document.version.id, /^v3\.\d+$/)
      assert.strictEqual(document.version.status, "stable")
      assert.strictEqual(document.version.links[0]?.href, `${facts.auth_url}/`)
      assert.strictEqual(document.version["media-types"][0]?.type, "application/vnd.openstack.identity-v3+json")
    }).pipe(Effect.provide(Transport.node()))
  )

  it.live("POST /v3/auth/tokens with the admin password returns 201 and an X-Subject-Token", () =>
    Effect.gen(function* () {
      const admin = user("admin")
      const { response, body: json } = yield* authenticate(passwordAuth(admin.name, admin.password))
      assert.strictEqual(response.status, 201)
      assert.match(response.headers["x-subject-token"] ?? "", /^gAAAAA/)
      const body = json as { token: { user: { id: string }, project: { name: string } } }
      assert.strictEqual(body.token.user.id, admin.id)
      assert.strictEqual(body.token.project.name, "admin")
    })
  )

  it.live("a wrong password fails with Unauthorized, the server's message and request id, and not the password", () =>
    Effect.gen(function* () {
      const password = "definitely-not-the-password-4711"
      const error = yield* Effect.flip(authenticate(passwordAuth("admin", password)))
      assert.strictEqual(error._tag, "Unauthorized")
      if (error._tag !== "Unauthorized") return assert.fail(error.message)
      assert.strictEqual(error.status, 401)
      assert.strictEqual(error.method, "POST")
      assert.strictEqual(error.url, `${facts.auth_url}/auth/tokens`)
      assert.match(error.requestId ?? "", /^req-[0-9a-f-]{36}$/)
      assert.strictEqual(
        error.message,
        `POST ${facts.auth_url}/auth/tokens returned HTTP 401: The request you have made requires authentication. (request id ${error.requestId})`
      )
      for (const shown of [error.message, String(error), JSON.stringify(error), error.stack ?? ""]) {
        assert.notInclude(shown, password)
      }
    })
  )

  it.live("a route Keystone does not have fails with NotFound, read from its HTML page", () =>
    Effect.gen(function* () {
      const client = yield* HttpClient.HttpClient
      const error = yield* client
        .get(`${facts.auth_url}/no-such-route`)
        .pipe(
          Effect.flatMap(Errors.checkStatus),
          Effect.catchTag("HttpClientError", Errors.fromHttpClientError),
          Effect.flip
        )
      assert.strictEqual(error._tag, "NotFound")
      if (!Errors.isHttpError(error)) return assert.fail(error.message)
      assert.strictEqual(error.details, "404 Not Found")
      assert.include(error.message, "returned HTTP 404: Not Found The requested URL was not found on the server.")
    }).pipe(Effect.provide(Transport.node()))
  )
})
