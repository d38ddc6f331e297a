/**
 * The Redis token store in one process, on the real Redis of scripts/redis/start.sh and the real Keystone: what lies in
 * Redis (sealed, with the token's fresh life as TTL), what another key or a garbage value gives, and canary secrets at
 * Debug.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Logger, Option, Redacted, References } from "effect"
import * as Redis from "effect/persistence/Redis"
import { Auth, Session, SharedRedis, TokenStore, Transport } from "effect-openstack/node"
import { facts, user } from "./rig.ts"

const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6390"
const key = Redacted.make("redis-store-test-key-0123456789abcdef")
const demo = user("demo")

/** Every log line, at Debug. */
const recorded = () => {
  const lines: Array<string> = []
  const logger = Logger.make((options) => void lines.push(`${options.logLevel} ${Logger.formatSimple.log(options)}`))
  return { lines, layer: Layer.mergeAll(Logger.layer([logger]), Layer.succeed(References.MinimumLogLevel, "Debug")) }
}

const withRedis = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
  Effect.scoped(Effect.provide(effect, Layer.merge(SharedRedis.layer({ url: redisUrl }), Transport.node())))

const storeLayer = (prefix: string, encryption: TokenStore.RedisStoreOptions["encryption"] = { key }) =>
  TokenStore.TokenStore.redis({ prefix, encryption })

/** A password plugin's token, through the Redis store under `prefix`; the Redis entry's name. */
const authenticate = (prefix: string, encryption?: TokenStore.RedisStoreOptions["encryption"]) =>
  Effect.gen(function* () {
    const plugin = yield* Auth.v3Password({ authUrl: facts.auth_url, userId: demo.id, password: Redacted.make(demo.password) })
    const session = yield* Session.make({ auth: plugin })
    yield* session.request(`/users/${demo.id}`, { endpointFilter: { serviceType: "identity" } })
    return yield* plugin.getAccess
  }).pipe(Effect.provide(storeLayer(prefix, encryption)))

const raw = (prefix: string) =>
  Effect.gen(function* () {
    const redis = yield* Redis.Redis
    const [name] = yield* redis.send<Array<string>>("KEYS", `${prefix}*`)
    if (name === undefined) return yield* Effect.die("no entry")
    const value = yield* redis.send<string>("GET", name)
    const ttl = yield* redis.send<number>("PTTL", name)
    return { name, value, ttl }
  })

describe("the Redis token store, on a real Redis and the real Keystone", () => {
  it.live("the entry is sealed: neither the token nor the catalog can be read from Redis; its TTL is the fresh life", () =>
    withRedis(Effect.gen(function* () {
      const prefix = `eo-test:sealed:${Date.now()}:`
      const access = yield* authenticate(prefix)
      const entry = yield* raw(prefix)
      const token = Redacted.value(access.authToken)
      assert.notInclude(entry.value, token)
      assert.notInclude(entry.value, demo.id, "the token body (user, catalog) is sealed too")
      assert.notInclude(entry.value, "identity")
      assert.match(entry.value, /^[0-9a-f]{64}\.s1\.[A-Za-z0-9+/=]+$/)
      // Keystone's tokens live an hour: the entry lives until 120 s before the expiry.
      const freshFor = access.expiresAtMillis - 120_000 - Date.now()
      assert.isAtMost(entry.ttl, freshFor + 1000)
      assert.isAtLeast(entry.ttl, freshFor - 30_000)
    })), 60_000)

  it.live("another key, a plain store, or a garbage value: the entry is ignored (a warning, never its content), and the plugin authenticates", () =>
    withRedis(Effect.gen(function* () {
      const prefix = `eo-test:other-key:${Date.now()}:`
      const first = yield* authenticate(prefix)
      const log = recorded()
      const other = yield* authenticate(prefix, { key: Redacted.make("another-key-of-at-least-32-characters!") }).pipe(Effect.provide(log.layer))
      assert.notStrictEqual(Redacted.value(other.authToken), Redacted.value(first.authToken), "a token of its own")
      assert.isTrue(log.lines.some((l) => l.includes("does not open with this store's key")), log.lines.join("\n"))
      const plain = recorded()
      yield* Effect.provide(authenticate(prefix, "plain"), plain.layer)
      const entry = yield* raw(prefix)
      assert.match(entry.value, /^[0-9a-f]{64}\.p1\.\{/, "the plain store wrote its own entry over the sealed one")
      const redis = yield* Redis.Redis
      yield* redis.send("SET", entry.name, "not-an-entry-CANARY")
      const garbage = recorded()
      yield* Effect.provide(authenticate(prefix), garbage.layer)
      const warning = garbage.lines.find((l) => l.includes("ignoring the entry"))
      assert.isDefined(warning)
      assert.notInclude(garbage.lines.join("\n"), "CANARY")
    })), 60_000)

  it.live("canary secrets at Debug: the password, the token and the store's key appear in no log line", () =>
    withRedis(Effect.gen(function* () {
      const prefix = `eo-test:canary:${Date.now()}:`
      const log = recorded()
      const access = yield* Effect.provide(authenticate(prefix), log.layer)
      const store = yield* TokenStore.makeRedisStore({ prefix, encryption: { key } }).pipe(Effect.provide(log.layer))
      const [name] = yield* Effect.flatMap(Redis.Redis, (r) => r.send<Array<string>>("KEYS", `${prefix}*`))
      const loaded = yield* Effect.provide(store.load((name ?? "").slice(prefix.length)), log.layer)
      assert.isTrue(Option.isSome(loaded))
      yield* Effect.provide(store.remove((name ?? "").slice(prefix.length), access.authToken), log.layer)
      assert.isAbove(log.lines.filter((l) => l.startsWith("Debug")).length, 0, "Debug was on")
      const text = log.lines.join("\n")
      for (const secret of [demo.password, Redacted.value(access.authToken), Redacted.value(key)]) assert.notInclude(text, secret)
      assert.strictEqual((yield* Effect.flatMap(Redis.Redis, (r) => r.send<Array<string>>("KEYS", `${prefix}*`))).length, 0)
    })), 60_000)
})
