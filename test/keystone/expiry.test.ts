import { assert, describe, it } from "@effect/vitest"
import { Effect, Redacted } from "effect"
import { HttpClient } from "effect/http"
import { Auth, KeystoneClient, Transport } from "effect-openstack"
import { shortLived } from "./rig.ts"

/** The second Keystone: its tokens expire 5 seconds after they are issued. */
const facts = shortLived()
const demo = facts.users.demo
const authUrl = facts.auth_url

const counting = <A, E>(effect: (posts: () => number) => Effect.Effect<A, E, HttpClient.HttpClient>) => {
  let posts = 0
  return effect(() => posts).pipe(
    Effect.provideServiceEffect(
      HttpClient.HttpClient,
      Effect.map(HttpClient.HttpClient, HttpClient.tapRequest((r) => Effect.sync(() => (posts += r.method === "POST" ? 1 : 0))))
    ),
    Effect.provide(Transport.node())
  )
}

describe("token expiry, against a Keystone with 5-second tokens", () => {
  it.live("a plugin refreshes a short-lived token at half its life, once", () =>
    counting((posts) =>
      Effect.gen(function* () {
        if (demo === undefined) return assert.fail("no seeded demo user")
        const plugin = yield* Auth.v3Password({ authUrl, userId: demo.id, password: Redacted.make(demo.password) })
        const first = yield* plugin.getAccess
        // Keystone writes both times in whole seconds, each truncated on its own: when a second boundary falls
        // between the two readings of its clock, the life it states is 4 s, not 5.
        const life = first.expires.getTime() - (first.issued?.getTime() ?? 0)
        assert.oneOf(life, [4000, 5000])
        assert.strictEqual((yield* plugin.getAccess).authToken, first.authToken)
        assert.strictEqual(posts(), 1)
        yield* Effect.sleep(Math.max(0, first.expires.getTime() - life / 2 - Date.now()) + 200)
        const refreshed = yield* Effect.all([plugin.getAccess, plugin.getAccess, plugin.getAccess], { concurrency: "unbounded" })
        assert.strictEqual(posts(), 2)
        assert.notStrictEqual(Redacted.value(refreshed[0].authToken), Redacted.value(first.authToken))
        assert.isTrue(refreshed.every((a) => a.authToken === refreshed[0].authToken))
      })
    ), 20_000)

  it.live("an expired token: NotFound, with Keystone's message, and not the token", () =>
    counting(() =>
      Effect.gen(function* () {
        if (demo === undefined) return assert.fail("no seeded demo user")
        const plugin = yield* Auth.v3Password({ authUrl, userId: demo.id, password: Redacted.make(demo.password) })
        const token = yield* plugin.getAccess
        yield* Effect.sleep(Math.max(0, token.expires.getTime() - Date.now()) + 1000)
        const rescope = yield* Auth.v3Token({ authUrl, token: token.authToken })
        const error = yield* Effect.flip(rescope.getAccess)
        assert.strictEqual(error._tag, "NotFound")
        assert.include(error.message, "returned HTTP 404: Failed to validate token")
        assert.notInclude(error.message + JSON.stringify(error), Redacted.value(token.authToken))
      })
    ), 20_000)

  it.live("a stored token alone: no POST in the refresh window, the typed expiry after; with a password, one POST", () =>
    counting((posts) =>
      Effect.gen(function* () {
        if (demo === undefined) return assert.fail("no seeded demo user")
        const login = yield* Auth.v3Password({ authUrl, userId: demo.id, password: Redacted.make(demo.password), projectName: "demo", projectDomainId: "default" })
        const stored = yield* login.getAccess
        const alone = yield* KeystoneClient.make({ tokenRef: stored, authUrl })
        const withPassword = yield* KeystoneClient.make({ tokenRef: stored, authUrl, userId: demo.id, password: Redacted.make(demo.password), projectName: "demo" })
        assert.strictEqual(posts(), 1)
        // Inside the refresh window (the last half of the token's 5 s): 31 calls, as the probe made.
        yield* Effect.sleep(Math.max(0, stored.expires.getTime() - 2000 - Date.now()))
        for (let i = 0; i < 31; i++) yield* alone.authToken
        assert.strictEqual(posts(), 1, "no token POST from the stored token alone")
        const renewed = yield* Effect.all(Array.from({ length: 5 }, () => withPassword.authToken), { concurrency: "unbounded" })
        assert.strictEqual(posts(), 2, "one POST with the password")
        assert.notStrictEqual(Redacted.value(renewed[0] ?? Redacted.make("")), Redacted.value(stored.authToken))
        yield* Effect.sleep(Math.max(0, stored.expires.getTime() - Date.now()) + 500)
        const error = yield* Effect.flip(alone.authToken)
        assert.strictEqual(error._tag, "AuthorizationFailure")
        assert.include(error.message, `expired at ${stored.expires.toISOString()}`)
        assert.notInclude(error.message + JSON.stringify(error), Redacted.value(stored.authToken))
        assert.strictEqual(posts(), 2)
      })
    ), 20_000)
})
