/**
 * FakeCloud's own behaviour, beside the contract suite (which proves it against the real servers): the clock it
 * follows, the methods the plugins send, role-based refusals, injected faults, the served form, the seed's checks.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Fiber, Redacted } from "effect"
import { HttpClient } from "effect/http"
import { TestClock } from "effect/testing"
import { Auth, Connection, Session, Transport } from "effect-openstack"
import { FakeCloud } from "effect-openstack/testing"
import { base32, totpPasscode } from "../support/totp.ts"

const tokenPosts = (cloud: FakeCloud.FakeCloudShape) =>
  Effect.map(cloud.requests, (requests) => requests.filter((r) => r.method === "POST" && r.path === "/identity/v3/auth/tokens").length)

describe("FakeCloud: tokens on the Effect clock", () => {
  it.effect("a token expires as TestClock moves, and the SDK authenticates again, once", () =>
    Effect.gen(function* () {
      const cloud = yield* FakeCloud.FakeCloud
      const conn = yield* Connection.Connection
      yield* conn.network.networks.list()
      yield* conn.network.networks.list()
      assert.strictEqual(yield* tokenPosts(cloud), 1)
      yield* TestClock.adjust("61 minutes") // the seed's tokens live one hour
      yield* Effect.all([conn.network.networks.list(), conn.network.networks.list(), conn.identity.projects.list()], { concurrency: 3 })
      assert.strictEqual(yield* tokenPosts(cloud), 2)
    }).pipe(Effect.provide(FakeCloud.connection({ user: "admin", project: "admin" }))))

  it.effect("a token used after its expiry is refused: the Session re-authenticates on the 401, once", () =>
    Effect.gen(function* () {
      const cloud = yield* FakeCloud.FakeCloud
      const auth = yield* Auth.v3Password({ authUrl: cloud.authUrl, username: "demo", password: Redacted.make("demo-secret"),
        userDomainId: "default", projectName: "demo", projectDomainId: "default" })
      const access = yield* auth.getAccess
      yield* TestClock.adjust("2 hours")
      const check = yield* Effect.flip(Effect.flatMap(HttpClient.HttpClient, (client) =>
        client.get(`${cloud.baseUrl}/network/v2.0/networks`, { headers: { "x-auth-token": Redacted.value(access.authToken) } }).pipe(
          Effect.flatMap((response) => (response.status === 401 ? Effect.fail("refused" as const) : Effect.succeed(response.status)))
        )))
      assert.strictEqual(check, "refused")
    }).pipe(Effect.provide(FakeCloud.layer())))
})

describe("FakeCloud: the methods the plugins send", () => {
  const key = new Uint8Array(20).map((_, i) => i + 1)
  const seed: FakeCloud.Seed = {
    ...FakeCloud.defaultSeed,
    users: [...FakeCloud.defaultSeed.users, { name: "otp", password: "otp-secret", defaultProject: "demo", totpSecret: base32(key) }],
    assignments: [...FakeCloud.defaultSeed.assignments, { role: "member", user: "otp", project: "demo" }],
    applicationCredentials: [{ name: "ci", user: "demo", project: "demo", secret: "ci-secret" }]
  }

  it.effect("TOTP (a passcode of the Effect clock's time), application credentials, a token for a token; wrong ones: 401", () =>
    Effect.gen(function* () {
      const cloud = yield* FakeCloud.FakeCloud
      const authUrl = cloud.authUrl
      yield* TestClock.setTime(Date.parse("2030-01-01T00:00:00Z"))
      const totp = yield* Auth.v3Totp({ authUrl, username: "otp", userDomainId: "default",
        passcode: Redacted.make(totpPasscode(key, Date.parse("2030-01-01T00:00:00Z"))) })
      const byTotp = yield* totp.getAccess
      assert.deepStrictEqual(byTotp.methods, ["totp"])
      assert.strictEqual(byTotp.userId, cloud.ids.users.otp)
      assert.strictEqual(byTotp.projectId, cloud.ids.projects.demo) // the user's default project
      const wrongCode = yield* Effect.flip((yield* Auth.v3Totp({ authUrl, username: "otp", userDomainId: "default", passcode: Redacted.make("000000") })).getAccess)
      assert.strictEqual(wrongCode._tag, "Unauthorized")

      const appcred = yield* Auth.v3ApplicationCredential({ authUrl, applicationCredentialName: "ci", username: "demo",
        userDomainId: "default", applicationCredentialSecret: Redacted.make("ci-secret") })
      const byCredential = yield* appcred.getAccess
      assert.strictEqual(byCredential.projectId, cloud.ids.projects.demo)
      assert.deepStrictEqual([...byCredential.roleNames].sort(), ["member", "reader"])

      const rescoped = yield* (yield* Auth.v3Token({ authUrl, token: byTotp.authToken, projectName: "demo", projectDomainId: "default" })).getAccess
      assert.deepStrictEqual(rescoped.methods, ["token"])
      assert.strictEqual(rescoped.userId, cloud.ids.users.otp)
      const wrongPassword = yield* Effect.flip((yield* Auth.v3Password({ authUrl, username: "demo", userDomainId: "default", password: Redacted.make("nope") })).getAccess)
      assert.strictEqual(wrongPassword._tag, "Unauthorized")
      assert.include(wrongPassword.message, "The request you have made requires authentication.")
    }).pipe(Effect.provide(FakeCloud.layer({ seed }))))

  it.effect("role-based refusals: a member may not list every project, nor make a user (Keystone's 403 messages)", () =>
    Effect.gen(function* () {
      const conn = yield* Connection.Connection
      const listing = yield* Effect.flip(conn.identity.projects.list())
      assert.strictEqual(listing._tag, "Forbidden")
      assert.include(listing.message, "identity:list_projects")
      const creating = yield* Effect.flip(conn.identity.users.create({ name: "x" }))
      assert.strictEqual(creating._tag, "Forbidden")
      assert.deepStrictEqual((yield* conn.identity.tokens.projects()).map((p) => p.name), ["demo"])
    }).pipe(Effect.provide(FakeCloud.connection())))
})

describe("FakeCloud: injected faults", () => {
  it.effect("429 with Retry-After on one path, twice: the Session waits and retries; the log shows the tries", () =>
    Effect.gen(function* () {
      const cloud = yield* FakeCloud.FakeCloud
      const session = yield* Session.Session
      const fiber = yield* Effect.forkChild(session.get("/v2.0/networks", { endpointFilter: { serviceType: "network" }, statusCodeRetries: 3 }))
      yield* TestClock.adjust("10 seconds")
      const response = yield* Fiber.join(fiber)
      assert.strictEqual(response.status, 200)
      const tries = (yield* cloud.requests).filter((r) => r.path === "/network/v2.0/networks").map((r) => r.status)
      assert.deepStrictEqual(tries, [429, 429, 200])
    }).pipe(Effect.provide(FakeCloud.connection({
      user: "admin", project: "admin", faults: [{ path: "/network/v2.0/networks", status: 429, retryAfter: 2, times: 2 }]
    }))))

  it.effect("latency on a path: the answer waits for the Effect clock", () =>
    Effect.gen(function* () {
      const conn = yield* Connection.Connection
      yield* conn.identity.tokens.projects() // authenticated, no latency there
      const fiber = yield* Effect.forkChild(conn.network.networks.list())
      yield* TestClock.adjust("4 seconds")
      assert.isUndefined(fiber.pollUnsafe())
      yield* TestClock.adjust("2 seconds")
      assert.deepStrictEqual(yield* Fiber.join(fiber), [])
    }).pipe(Effect.provide(FakeCloud.connection({ faults: [{ path: "/network/v2.0/networks", latency: "5 seconds" }] }))))

  it.effect("a connection reset is a ConnectFailure; a 503 without retries is ServiceUnavailable", () =>
    Effect.gen(function* () {
      const conn = yield* Connection.Connection
      const reset = yield* Effect.flip(conn.network.networks.list())
      assert.strictEqual(reset._tag, "ConnectFailure")
      const unavailable = yield* Effect.flip(conn.network.ports.list())
      assert.strictEqual(unavailable._tag, "ServiceUnavailable")
      assert.strictEqual(unavailable._tag === "ServiceUnavailable" ? unavailable.retryAfter : 0, 30)
    }).pipe(Effect.provide(FakeCloud.connection({
      faults: [{ path: "/network/v2.0/networks", reset: true }, { path: /\/ports/, status: 503, retryAfter: 30 }]
    }))))
})

describe("FakeCloud: served on 127.0.0.1", () => {
  it.live("over a real socket, with the node transport: authenticate, create, list", () =>
    Effect.gen(function* () {
      const cloud = yield* FakeCloud.FakeCloud
      assert.match(cloud.baseUrl, /^http:\/\/127\.0\.0\.1:\d+$/)
      const layer = Connection.layer({
        auth: Auth.password({ authUrl: cloud.authUrl, username: "demo", password: Redacted.make("demo-secret"), projectName: "demo",
          userDomainId: "default", projectDomainId: "default" }),
        transport: Transport.node()
      })
      const names = yield* Effect.gen(function* () {
        const conn = yield* Connection.Connection
        yield* conn.network.networks.create({ name: "served" })
        return (yield* conn.network.networks.list()).map((n) => n.name)
      }).pipe(Effect.provide(layer))
      assert.deepStrictEqual(names, ["served"])
      assert.isAtLeast((yield* cloud.requests).length, 3)
    }).pipe(Effect.provide(FakeCloud.serve())))
})

describe("FakeCloud: its seed", () => {
  it.effect("a name the seed uses without defining it is a ValidationError naming it", () =>
    Effect.gen(function* () {
      const error = yield* Effect.flip(FakeCloud.make({ seed: { assignments: [{ role: "member", user: "ghost", project: "demo" }] } }))
      assert.strictEqual(error._tag, "ValidationError")
      assert.include(error.message, "users \"ghost\"")
    }))

  it.effect("ids by name; the catalog points at the fake", () =>
    Effect.gen(function* () {
      const cloud = yield* FakeCloud.make()
      assert.strictEqual(cloud.ids.domains.Default, "default")
      assert.match(cloud.ids.projects.demo ?? "", /^[0-9a-f]{32}$/)
      assert.includeMembers(cloud.endpoints.filter((e) => e.interface === "public").map((e) => e.url), [
        "http://fake.cloud/identity/v3",
        "http://fake.cloud/network"
      ])
    }))
})
