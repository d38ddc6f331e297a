import { assert, describe, it } from "@effect/vitest"
import { Clock, Effect, Fiber, Latch, Layer, Record, Redacted } from "effect"
import { TestClock } from "effect/testing"
import { AccessInfo, Auth, AuthPlugin, TokenStore } from "effect-openstack"
import { Fixtures, MockHttp } from "effect-openstack/testing"
import { authUrl, fakeKeystone } from "../support/fakeKeystone.ts"

const password = Redacted.make("the-password")
const plugin = (extra: Partial<Parameters<typeof Auth.v3Password>[0]> = {}) =>
  Auth.v3Password({ authUrl, userId: "user-1", password, projectId: "project-1", ...extra })
const token = (access: AccessInfo.AccessInfo) => Redacted.value(access.authToken)

describe("the token state", () => {
  it.effect("1,000 concurrent getAccess on a cold plugin: one POST, one token for all", () => {
    const gate = Latch.makeUnsafe()
    const keystone = fakeKeystone({ gate })
    return Effect.gen(function* () {
      const auth = yield* plugin()
      const all = yield* Effect.forkChild(Effect.all(Array.from({ length: 1000 }, () => auth.getAccess), { concurrency: "unbounded" }))
      for (let i = 0; i < 20; i++) yield* Effect.yieldNow
      assert.strictEqual(keystone.tokenRequests(), 1) // every caller is waiting on the one request
      yield* gate.open
      const results = yield* Fiber.join(all)
      assert.strictEqual(keystone.tokenRequests(), 1)
      assert.deepStrictEqual([...new Set(results.map(token))], ["token-1"])
    }).pipe(Effect.provide(keystone.layer))
  })

  it.effect("…and 1,000 concurrent at expiry cause exactly one more", () => {
    const keystone = fakeKeystone({ lifetime: 3600 })
    return Effect.gen(function* () {
      const auth = yield* plugin()
      assert.strictEqual(token(yield* auth.getAccess), "token-1")
      yield* TestClock.adjust("3481 seconds") // 119 s before expiry: inside the default 120 s window
      const results = yield* Effect.all(Array.from({ length: 1000 }, () => auth.getAccess), { concurrency: "unbounded" })
      assert.strictEqual(keystone.tokenRequests(), 2)
      assert.deepStrictEqual([...new Set(results.map(token))], ["token-2"])
      assert.strictEqual(token(yield* auth.getAccess), "token-2")
      assert.strictEqual(keystone.tokenRequests(), 2)
    }).pipe(Effect.provide(keystone.layer))
  })

  it.effect("a token outside the stale window is reused; staleDuration is configurable", () => {
    const keystone = fakeKeystone({ lifetime: 3600 })
    return Effect.gen(function* () {
      const auth = yield* plugin({ staleDuration: "10 minutes" })
      yield* auth.getAccess
      yield* TestClock.adjust("2999 seconds") // 601 s left
      yield* auth.getAccess
      assert.strictEqual(keystone.tokenRequests(), 1)
      yield* TestClock.adjust("2 seconds") // 599 s left
      yield* auth.getAccess
      assert.strictEqual(keystone.tokenRequests(), 2)
    }).pipe(Effect.provide(keystone.layer))
  })

  it.effect("a short-lived token is refreshed at half its life, not on every call", () => {
    const keystone = fakeKeystone({ lifetime: 60 })
    return Effect.gen(function* () {
      const auth = yield* plugin()
      yield* auth.getAccess
      yield* TestClock.adjust("29 seconds")
      yield* auth.getAccess
      assert.strictEqual(keystone.tokenRequests(), 1)
      yield* TestClock.adjust("2 seconds")
      yield* auth.getAccess
      assert.strictEqual(keystone.tokenRequests(), 2)
    }).pipe(Effect.provide(keystone.layer))
  })

  it.effect("heldHeaders: none before the first token, the token's (one frozen object per token) while fresh, none once stale", () => {
    const keystone = fakeKeystone({ lifetime: 3600 })
    return Effect.gen(function* () {
      const auth = yield* plugin()
      const held = () => Effect.map(Clock.currentTimeMillis, (now) => AuthPlugin.heldHeaders(auth, now))
      assert.isUndefined(yield* held())
      const headers = yield* auth.getHeaders
      assert.deepStrictEqual(Record.map((yield* held()) ?? {}, (value) => Redacted.value(value)), { "x-auth-token": "token-1" })
      assert.strictEqual(yield* held(), headers)
      assert.isTrue(Object.isFrozen(headers))
      assert.strictEqual(yield* auth.getHeaders, headers)
      yield* TestClock.adjust("3481 seconds") // inside the stale window: the Session must ask getHeaders
      assert.isUndefined(yield* held())
      assert.strictEqual(keystone.tokenRequests(), 1)
      assert.deepStrictEqual(Record.map(yield* auth.getHeaders, Redacted.value), { "x-auth-token": "token-2" })
      assert.deepStrictEqual(Record.map((yield* held()) ?? {}, (value) => Redacted.value(value)), { "x-auth-token": "token-2" })
    }).pipe(Effect.provide(keystone.layer))
  })

  it.effect("a stale 401 for an old token does not drop a fresh one", () => {
    const keystone = fakeKeystone()
    return Effect.gen(function* () {
      const auth = yield* plugin()
      const first = yield* auth.getAccess
      assert.isTrue(yield* auth.invalidate(first.authToken)) // a 401 for token-1
      const second = yield* auth.getAccess
      assert.strictEqual(token(second), "token-2")
      assert.isFalse(yield* auth.invalidate(first.authToken)) // a late 401 for token-1 again
      assert.strictEqual(token(yield* auth.getAccess), "token-2")
      assert.strictEqual(keystone.tokenRequests(), 2)
      assert.isTrue(yield* auth.invalidate()) // no token given: drop whatever is held
      assert.strictEqual(token(yield* auth.getAccess), "token-3")
    }).pipe(Effect.provide(keystone.layer))
  })

  it.effect("a failed refresh is not cached; the callers waiting on it share its failure", () => {
    const gate = Latch.makeUnsafe()
    const keystone = fakeKeystone({
      gate,
      override: (n) => (n === 1 ? MockHttp.json(503, { error: { message: "try later" } }) : undefined)
    })
    return Effect.gen(function* () {
      const auth = yield* plugin()
      const all = yield* Effect.forkChild(
        Effect.all(Array.from({ length: 50 }, () => Effect.flip(auth.getAccess)), { concurrency: "unbounded" })
      )
      for (let i = 0; i < 20; i++) yield* Effect.yieldNow
      yield* gate.open
      const failures = yield* Fiber.join(all)
      assert.deepStrictEqual([...new Set(failures.map((e) => e._tag))], ["ServiceUnavailable"])
      assert.strictEqual(keystone.tokenRequests(), 1)
      assert.strictEqual(token(yield* auth.getAccess), "token-2")
      assert.strictEqual(keystone.tokenRequests(), 2)
    }).pipe(Effect.provide(keystone.layer))
  })

  it.effect("the leader's interruption does not strand the others", () => {
    const gate = Latch.makeUnsafe()
    const keystone = fakeKeystone({ gate })
    return Effect.gen(function* () {
      const auth = yield* plugin()
      const leader = yield* Effect.forkChild(auth.getAccess)
      for (let i = 0; i < 5; i++) yield* Effect.yieldNow
      const follower = yield* Effect.forkChild(auth.getAccess)
      for (let i = 0; i < 5; i++) yield* Effect.yieldNow
      yield* Fiber.interrupt(leader)
      yield* gate.open
      assert.strictEqual(token(yield* Fiber.join(follower)), "token-1")
      assert.strictEqual(keystone.tokenRequests(), 1)
    }).pipe(Effect.provide(keystone.layer))
  })

  it.effect("a plugin from a stored token (tokenRef) makes no call until it nears expiry", () => {
    const keystone = fakeKeystone()
    return Effect.gen(function* () {
      const stored = new Fixtures.V3Token({ subjectToken: "stored-token", projectId: "p", expires: new Date(3_600_000), issued: new Date(0) })
      const tokenRef = yield* AccessInfo.fromV3(stored.body, stored.subjectToken)
      const auth = yield* plugin({ tokenRef })
      assert.strictEqual(token(yield* auth.getAccess), "stored-token")
      assert.strictEqual(Redacted.value((yield* auth.getHeaders)["x-auth-token"] ?? Redacted.make("")), "stored-token")
      assert.strictEqual(keystone.seen.length, 0)
      yield* TestClock.adjust("3500 seconds")
      assert.strictEqual(token(yield* auth.getAccess), "token-1")
      assert.strictEqual(keystone.tokenRequests(), 1)
    }).pipe(Effect.provide(keystone.layer))
  })

  it.effect("getEndpoint, getUserId, getProjectId come from the token", () => {
    const keystone = fakeKeystone()
    return Effect.gen(function* () {
      const auth = yield* plugin()
      assert.strictEqual(yield* auth.getEndpoint({ serviceType: "compute", interface: "public" }), "http://nova.test/v2.1")
      assert.strictEqual(yield* auth.getUserId, "user-1")
      assert.strictEqual(yield* auth.getProjectId, "project-1")
      const missing = yield* Effect.flip(auth.getEndpoint({ serviceType: "dns" }))
      assert.strictEqual(missing._tag, "EndpointNotFound")
      assert.strictEqual(keystone.tokenRequests(), 1)
    }).pipe(Effect.provide(keystone.layer))
  })
})

describe("with a TokenStore in the context", () => {
  it.effect("a second plugin with the same credentials reuses the stored token; one with another password does not", () => {
    const keystone = fakeKeystone()
    return Effect.gen(function* () {
      const first = yield* plugin()
      assert.strictEqual(token(yield* first.getAccess), "token-1")
      const same = yield* plugin()
      assert.strictEqual(token(yield* same.getAccess), "token-1")
      assert.strictEqual(keystone.tokenRequests(), 1)
      const other = yield* plugin({ password: Redacted.make("another-password") })
      assert.strictEqual(token(yield* other.getAccess), "token-2")
      assert.strictEqual(keystone.tokenRequests(), 2)
    }).pipe(Effect.provide(Layer.merge(keystone.layer, TokenStore.TokenStore.memory)))
  })

  it.effect("the store's lock is taken only to authenticate: a fresh stored token is read without it", () => {
    const keystone = fakeKeystone()
    const locked: Array<string> = []
    const counting = Layer.effect(
      TokenStore.TokenStore,
      Effect.map(TokenStore.makeMemory(), (store) =>
        TokenStore.TokenStore.of({
          ...store,
          withLock: (key, effect) => Effect.andThen(Effect.sync(() => void locked.push(key)), store.withLock(key, effect))
        }))
    )
    return Effect.gen(function* () {
      assert.strictEqual(token(yield* (yield* plugin()).getAccess), "token-1")
      assert.strictEqual(locked.length, 1, "no stored token: authenticated under the lock")
      assert.strictEqual(token(yield* (yield* plugin()).getAccess), "token-1")
      assert.strictEqual(locked.length, 1, "a fresh stored token: no lock")
      assert.strictEqual(keystone.tokenRequests(), 1)
    }).pipe(Effect.provide(Layer.merge(keystone.layer, counting)))
  })

  it.effect("invalidating drops the stored entry too, so the next plugin authenticates", () => {
    const keystone = fakeKeystone()
    return Effect.gen(function* () {
      const first = yield* plugin()
      const access = yield* first.getAccess
      assert.isTrue(yield* first.invalidate(access.authToken))
      const next = yield* plugin()
      assert.strictEqual(token(yield* next.getAccess), "token-2")
      assert.strictEqual(keystone.tokenRequests(), 2)
    }).pipe(Effect.provide(Layer.merge(keystone.layer, TokenStore.TokenStore.memory)))
  })
})

describe("cacheKey and secrets", () => {
  it("secrets change the key but never appear in it", () => {
    const identity = { plugin: "v3password", user_id: "u1" }
    const a = TokenStore.cacheKey(authUrl, identity, [Redacted.make("password-a")])
    const b = TokenStore.cacheKey(authUrl, identity, [Redacted.make("password-b")])
    assert.notStrictEqual(a, b)
    assert.strictEqual(a, TokenStore.cacheKey(authUrl, identity, [Redacted.make("password-a")]))
    assert.notInclude(a, "password-a")
    assert.match(a, /^[0-9a-f]{64}$/)
  })
})
