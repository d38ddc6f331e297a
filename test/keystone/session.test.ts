import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Redacted } from "effect"
import { HttpClient, type HttpClientRequest } from "effect/http"
import { Adapter, Auth, Session, Transport } from "effect-openstack"
import { facts, project, user } from "./rig.ts"

const authUrl = facts.auth_url
const identity = { serviceType: "identity", interface: "public", regionName: "RegionOne" } as const
const admin = Auth.v3Password({ authUrl, userId: user("admin").id, password: Redacted.make(user("admin").password), projectName: "admin", projectDomainId: "default" })
const demo = Auth.v3Password({ authUrl, userId: user("demo").id, password: Redacted.make(user("demo").password), projectId: project("demo").id })

/** The node transport, remembering every request that leaves. */
const recording = () => {
  const sent: Array<HttpClientRequest.HttpClientRequest> = []
  const layer = Layer.effect(
    HttpClient.HttpClient,
    Effect.map(HttpClient.HttpClient, HttpClient.tapRequest((request) => Effect.sync(() => void sent.push(request))))
  ).pipe(Layer.provide(Transport.node()))
  return { sent, layer }
}

const names = (body: unknown, key: string) => ((body as Record<string, Array<{ name: string }>>)[key] ?? []).map((p) => p.name).sort()

describe("the Session against the real Keystone", () => {
  it.live("a password-plugin Session lists /v3/projects through the catalog's public identity endpoint in RegionOne", () => {
    const transport = recording()
    return Effect.gen(function* () {
      const session = yield* Session.make({ auth: yield* admin })
      const response = yield* session.get("/projects", { endpointFilter: identity })
      const body = yield* response.json
      assert.includeMembers(names(body, "projects"), ["acme-project", "admin", "alt", "demo", "demo-child"])
      assert.strictEqual(transport.sent.at(-1)?.url, `${authUrl}/projects`)
      assert.match(transport.sent.at(-1)?.headers["x-auth-token"] ?? "", /^gAAAAA/)
    }).pipe(Effect.provide(transport.layer))
  })

  it.live("a per-request auth override acts as that user", () =>
    Effect.gen(function* () {
      const session = yield* Session.make({ auth: yield* admin })
      const asDemo = yield* demo
      const mine = yield* Effect.flatMap(session.get("/auth/projects", { endpointFilter: identity }), (r) => r.json)
      const theirs = yield* Effect.flatMap(session.get("/auth/projects", { endpointFilter: identity, auth: asDemo }), (r) => r.json)
      assert.include(names(mine, "projects"), "admin")
      assert.deepStrictEqual(names(theirs, "projects"), ["demo", "demo-child"])
      assert.strictEqual(yield* session.getUserId(asDemo), user("demo").id)
      assert.strictEqual(yield* session.getUserId(), user("admin").id)
    }).pipe(Effect.provide(Transport.node())))

  it.live("authenticated: false sends no token (GET /v3)", () => {
    const transport = recording()
    return Effect.gen(function* () {
      const session = yield* Session.make({ auth: yield* admin })
      const response = yield* session.get(authUrl, { authenticated: false })
      assert.strictEqual(response.status, 200)
      assert.strictEqual(transport.sent.length, 1) // not even an authentication
      assert.isUndefined(transport.sent[0]?.headers["x-auth-token"])
      yield* session.get(authUrl)
      assert.isDefined(transport.sent.at(-1)?.headers["x-auth-token"])
    }).pipe(Effect.provide(transport.layer))
  })

  it.live("an identity Adapter with a version: the catalog's /v3 as it is (exact match), a range discovers /v3/; it creates and deletes a user", () =>
    Effect.gen(function* () {
      const session = yield* Session.make({ auth: yield* admin })
      const keystone = Adapter.make(session, { serviceType: "identity", interface: "public", version: "3" })
      assert.strictEqual(yield* keystone.getEndpoint(), authUrl)
      const ranged = Adapter.make(session, { serviceType: "identity", interface: "public", minVersion: "3.0" })
      assert.strictEqual(yield* ranged.getEndpoint(), `${authUrl}/`)
      const name = `session-user-${Date.now()}`
      const created = yield* keystone.legacyJson.post("/users", { json: { user: { name, password: "a-password-1", domain_id: "default" } } })
      assert.strictEqual(created.response.status, 201)
      const id = (created.body as { user: { id: string, name: string } }).user.id
      const missing = yield* Effect.flip(keystone.get("/users/no-such-user"))
      assert.strictEqual(missing._tag, "NotFound")
      assert.match(missing._tag === "NotFound" ? missing.requestId ?? "" : "", /^req-/)
      const deleted = yield* keystone.delete(`/users/${id}`)
      assert.strictEqual(deleted.status, 204)
    }).pipe(Effect.provide(Transport.node())))
})
