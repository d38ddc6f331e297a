import { assert, describe, it } from "@effect/vitest"
import { Effect, Redacted } from "effect"
import { TestClock } from "effect/testing"
import { AccessInfo, KeystoneClient } from "effect-openstack"
import { Fixtures, MockHttp } from "effect-openstack/testing"
import { authUrl, fakeKeystone, type Seen } from "./support/fakeKeystone.ts"

const mgmtUrl = "http://keystone.admin:35357/v3"
const password = Redacted.make("pw")

/** Keystone's answers about the user, the project and the projects the user may use. */
const route = (seen: Seen): MockHttp.Reply | undefined => {
  const path = new URL(seen.url).pathname
  if (path === "/v3/users/user-1") {
    return MockHttp.json(200, { user: { id: "user-1", name: "demo", domain_id: "default", enabled: true } })
  }
  const project = { id: "project-1", name: "demo", domain_id: "default", enabled: true, is_domain: false, parent_id: "default" }
  if (path === "/v3/projects/project-1") return MockHttp.json(200, { project })
  if (path === "/v3/auth/projects") return MockHttp.json(200, { projects: [project] })
  if (path === "/v3/auth/tokens" && seen.method === "GET") {
    const token = new Fixtures.V3Token({ userId: "admin-user", projectId: "admin-project" })
    return MockHttp.json(200, token.body, { "x-subject-token": "admin-token" })
  }
  if (path === "/v3/users") return MockHttp.json(200, { users: [] })
  return undefined
}

const posts = (seen: ReadonlyArray<Seen>) => seen.filter((s) => s.method === "POST").length
const gets = (seen: ReadonlyArray<Seen>, path: string) =>
  seen.filter((s) => s.method === "GET" && new URL(s.url).pathname === path).length

describe("KeystoneClient", () => {
  it.effect("credentials: nothing is sent until a token is needed; then one authentication", () => {
    const keystone = fakeKeystone({ route })
    return Effect.gen(function* () {
      const client = yield* KeystoneClient.make({ username: "demo", password, projectName: "demo", authUrl })
      assert.deepStrictEqual(keystone.seen, [])
      assert.strictEqual(yield* client.urlFor("compute"), "http://nova.test/v2.1")
      assert.strictEqual(yield* client.urlFor("identity", { interface: "private" }), "http://keystone.internal:5000/v3")
      assert.strictEqual(Redacted.value(yield* client.authToken), "token-1")
      assert.strictEqual((yield* client.authRef).projectId, "project-1")
      assert.strictEqual(posts(keystone.seen), 1)
      const sent = keystone.seen.find((s) => s.method === "POST")?.body
      assert.deepStrictEqual(sent, {
        auth: {
          identity: { methods: ["password"], password: { user: { name: "demo", password: "pw", domain: { id: "default" } } } },
          scope: { project: { name: "demo", domain: { id: "default" } } }
        }
      })
    }).pipe(Effect.provide(keystone.layer))
  })

  it.effect("a service the catalog lacks: EndpointNotFound", () => {
    const keystone = fakeKeystone({ route })
    return Effect.gen(function* () {
      const client = yield* KeystoneClient.make({ username: "demo", password, authUrl })
      const error = yield* Effect.flip(client.urlFor("dns"))
      assert.strictEqual(error._tag, "EndpointNotFound")
    }).pipe(Effect.provide(keystone.layer))
  })

  it.effect("user, project and projects are loaded once each", () => {
    const keystone = fakeKeystone({ route })
    return Effect.gen(function* () {
      const client = yield* KeystoneClient.make({ username: "demo", password, projectName: "demo", authUrl })
      for (let i = 0; i < 3; i++) {
        assert.strictEqual((yield* client.user).name, "demo")
        assert.strictEqual((yield* client.project)?.id, "project-1")
        assert.deepStrictEqual((yield* client.projects).map((p) => p.name), ["demo"])
      }
      assert.strictEqual(gets(keystone.seen, "/v3/users/user-1"), 1)
      assert.strictEqual(gets(keystone.seen, "/v3/projects/project-1"), 1)
      assert.strictEqual(gets(keystone.seen, "/v3/auth/projects"), 1)
      assert.strictEqual(posts(keystone.seen), 1)
    }).pipe(Effect.provide(keystone.layer))
  })

  it.effect("a failed load is not kept: the next call asks again", () => {
    let failures = 1
    const keystone = fakeKeystone({
      route: (seen) => new URL(seen.url).pathname === "/v3/auth/projects" && failures-- > 0 ? { status: 503 } : route(seen)
    })
    return Effect.gen(function* () {
      const client = yield* KeystoneClient.make({
        username: "demo",
        password,
        authUrl,
        session: { statusCodeRetries: 0 }
      })
      const error = yield* Effect.flip(client.projects)
      assert.strictEqual(error._tag, "ServiceUnavailable")
      assert.strictEqual((yield* client.projects).length, 1)
      assert.strictEqual(gets(keystone.seen, "/v3/auth/projects"), 2)
    }).pipe(Effect.provide(keystone.layer))
  })

  it.effect("tokenId + mgmtUrl: no authentication; requests carry the token to the management URL", () => {
    const keystone = fakeKeystone({ route })
    return Effect.gen(function* () {
      const client = yield* KeystoneClient.make({ tokenId: Redacted.make("admin-token"), mgmtUrl })
      yield* client.identity.users.list()
      assert.strictEqual(Redacted.value(yield* client.authToken), "admin-token")
      assert.deepStrictEqual(keystone.seen.map((s) => [s.method, s.url, s.headers["x-auth-token"]]), [
        ["GET", `${mgmtUrl}/users`, "admin-token"]
      ])
      // The token's own data: it validates itself, once.
      assert.strictEqual((yield* client.authRef).userId, "admin-user")
      assert.strictEqual((yield* client.authRef).userId, "admin-user")
      const validations = keystone.seen.filter((s) => s.url === `${mgmtUrl}/auth/tokens`)
      assert.strictEqual(validations.length, 1)
      assert.strictEqual(validations[0]?.headers["x-subject-token"], "admin-token")
      assert.strictEqual(posts(keystone.seen), 0)
    }).pipe(Effect.provide(keystone.layer))
  })

  it.effect("tokenRef alone: the stored token until it expires, no call at all; then AuthorizationFailure naming the expiry", () => {
    const keystone = fakeKeystone({ route })
    return Effect.gen(function* () {
      const stored = new Fixtures.V3Token({
        subjectToken: "stored-token",
        userId: "user-1",
        projectId: "project-1",
        issued: new Date(0),
        expires: new Date(3_600_000)
      })
      stored.addService("identity").addStandardEndpoints({ public: authUrl })
      const tokenRef = yield* AccessInfo.fromV3(stored.body, stored.subjectToken)
      const client = yield* KeystoneClient.make({ tokenRef })
      assert.strictEqual(Redacted.value(yield* client.authToken), "stored-token")
      assert.strictEqual((yield* client.authRef).userId, "user-1")
      // Inside the refresh window: still the stored token, and nothing sent (a renewal from itself gains nothing).
      yield* TestClock.adjust("3500 seconds")
      for (let i = 0; i < 5; i++) assert.strictEqual(Redacted.value(yield* client.authToken), "stored-token")
      assert.deepStrictEqual(keystone.seen, [])
      yield* TestClock.adjust("101 seconds")
      const error = yield* Effect.flip(client.authToken)
      assert.strictEqual(error._tag, "AuthorizationFailure")
      assert.include(error.message, "the stored token (tokenRef) of user user-1 expired at 1970-01-01T01:00:00.000Z")
      assert.notInclude(error.message + JSON.stringify(error), "stored-token")
      assert.deepStrictEqual(keystone.seen, [])
    }).pipe(Effect.provide(keystone.layer))
  })

  it.effect("tokenRef with a password: the stored token first, the password when it nears expiry", () => {
    const keystone = fakeKeystone({ route })
    return Effect.gen(function* () {
      const stored = new Fixtures.V3Token({ subjectToken: "stored-token", issued: new Date(0), expires: new Date(3_600_000) })
      const tokenRef = yield* AccessInfo.fromV3(stored.body, stored.subjectToken)
      const client = yield* KeystoneClient.make({ tokenRef, username: "demo", password, authUrl })
      assert.strictEqual(Redacted.value(yield* client.authToken), "stored-token")
      assert.strictEqual(posts(keystone.seen), 0)
      yield* TestClock.adjust("3500 seconds")
      assert.strictEqual(Redacted.value(yield* client.authToken), "token-1")
      const renewal = keystone.seen.find((s) => s.method === "POST")?.body as { auth: { identity: { methods: unknown } } }
      assert.deepStrictEqual(renewal.auth.identity.methods, ["password"])
    }).pipe(Effect.provide(keystone.layer))
  })

  it.effect("no credentials at all: AuthPluginOptionsMissing naming what is missing, nothing sent", () => {
    const keystone = fakeKeystone({ route })
    return Effect.gen(function* () {
      const error = yield* Effect.flip(KeystoneClient.make({ authUrl }))
      assert.strictEqual(error._tag, "AuthPluginOptionsMissing")
      assert.include(error.message, "password")
      assert.deepStrictEqual(keystone.seen, [])
    }).pipe(Effect.provide(keystone.layer))
  })
})
