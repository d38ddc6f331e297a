/**
 * The Redis token store: one entry per cache key, shared by every process of a fleet.
 *
 * - An entry is `SET <prefix><key> <fingerprint>.<sealed entry> PX <ttl>`: the token's SHA-256 (so that removal can
 *   compare without opening), then the entry of {@link encodeEntry} sealed (AES-GCM) or, when asked, plain. Its TTL is
 *   the time until the token stops being fresh, so Redis drops it when every process would refresh it anyway.
 * - The lock of a key is `SET <prefix><key>:lock <nonce>. NX PX <lease>`: its holder's random nonce (the fencing
 *   value: only the holder releases it, by an atomic compare-and-delete), and a lease after which a crashed holder's
 *   lock is gone. Waiters poll it (10 ms doubling to 200 ms, jittered), within `lockTimeout`.
 * - `remove(key, token)` is an atomic script: the entry is deleted only if it still holds that token.
 * - Every operation is bounded (`operationTimeout`); a failed or slow one falls back as if the store were empty (see
 *   internal/outage.ts): caching must never break authentication.
 *
 * @internal
 */
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Scope from "effect/Scope"
import * as Redis from "effect/persistence/Redis"
import type * as AccessInfo from "../../AccessInfo.ts"
import { freshUntil } from "../freshness.ts"
import * as Outage from "../outage.ts"
import { sha256Hex } from "../sha256.ts"
import type { Sealer } from "./seal.ts"
import {
  decodeEntry,
  encodeEntry,
  keyedSemaphores,
  pollDelayMillis,
  safeName,
  takePermit,
  type TokenStoreService,
  warnLockTimeout
} from "./shared.ts"

/** What the Redis store is made with (every default already applied). */
export interface RedisSettings {
  readonly prefix: string
  readonly sealer: Sealer
  readonly staleDuration: Duration.Duration
  readonly lockTimeout: Duration.Duration
  readonly lockLease: Duration.Duration
  readonly operationTimeout: Duration.Duration
}

/** Deletes KEYS[1] if its value starts with ARGV[1]: the compare of compare-then-remove, atomic in Redis. */
const deleteIfStartsWith = Redis.script((key: string, start: string) => [key, start], {
  numberOfKeys: 1,
  lua: `local value = redis.call("GET", KEYS[1])
if value and string.sub(value, 1, string.len(ARGV[1])) == ARGV[1] then return redis.call("DEL", KEYS[1]) end
return 0`
}).withReturnType<number>()

const fingerprint = (token: Redacted.Redacted<string>) => sha256Hex(Redacted.value(token))

/** Runs a Redis operation, or gives `fallback` when Redis fails or is slow. */
type Guard = <A, E>(operation: Effect.Effect<A, E>, fallback: A) => Effect.Effect<A>

/**
 * The fleet-wide lock: takes the lock named `name` into `scope` (released there, only if still ours), polling until
 * `deadline`; what came of it.
 */
const fleetLock = (
  redis: Redis.Redis["Service"],
  guard: Guard,
  removeIfStartsWith: (key: string, start: string) => Effect.Effect<number, Redis.RedisError>,
  lockLease: Duration.Duration
) =>
  (name: string, scope: Scope.Scope, deadline: number) =>
    Effect.gen(function* () {
      const held = `${yield* Effect.sync(() => crypto.randomUUID())}.`
      const lease = String(Math.max(1, Duration.toMillis(lockLease)))
      const release = Effect.asVoid(guard(removeIfStartsWith(name, held), 0))
      for (let attempt = 0; ; attempt++) {
        const taken = yield* guard(redis.send<unknown>("SET", name, held, "NX", "PX", lease), undefined)
        if (taken === undefined) return "unavailable" as const
        if (taken !== null) return yield* Effect.as(Scope.addFinalizer(scope, release), "locked" as const)
        const now = yield* Clock.currentTimeMillis
        if (now >= deadline) return "timeout" as const
        yield* Effect.sleep(Math.min(yield* pollDelayMillis(attempt), Math.max(1, deadline - now)))
      }
    })

/** A token store on `redis`: see the module's documentation. */
export const makeRedis = (redis: Redis.Redis["Service"], settings: RedisSettings): Effect.Effect<TokenStoreService> =>
  Effect.gen(function* () {
    const outage = yield* Outage.make("TokenStore.redis", "tokens are not shared: each process authenticates on its own")
    const bounded = <A, E>(operation: Effect.Effect<A, E>) => Effect.timeout(operation, settings.operationTimeout)
    const guard: Guard = (operation, fallback) => outage.guard(bounded(operation), Effect.succeed(fallback))
    const nameOf = (key: string) => `${settings.prefix}${safeName(key)}`
    const removeIfStartsWith = redis.eval(deleteIfStartsWith)

    const read = (name: string, value: string) =>
      settings.sealer.open(value.slice(value.indexOf(".") + 1), name).pipe(
        Effect.flatMap(decodeEntry),
        Effect.flatMap((access) =>
          Effect.map(Clock.currentTimeMillis, (now) => Option.liftPredicate(access, (a) => a.expiresAtMillis > now))),
        Effect.catch((why) =>
          Effect.as(
            Effect.logWarning(`TokenStore.redis: ignoring the entry ${name}: ${why}`),
            Option.none<AccessInfo.AccessInfo>()
          ))
      )

    const load = (key: string) =>
      Effect.flatMap(guard(redis.send<unknown>("GET", nameOf(key)), null), (value) =>
        typeof value === "string" && value !== "" ? read(nameOf(key), value) : Effect.succeed(Option.none()))

    const save = (key: string, access: AccessInfo.AccessInfo) =>
      Effect.gen(function* () {
        const now = yield* Clock.currentTimeMillis
        const ttl = Math.floor(freshUntil(access, settings.staleDuration) - now)
        if (ttl <= 0) return
        const name = nameOf(key)
        const sealed = yield* encodeEntry(access, now).pipe(Effect.flatMap((text) => settings.sealer.seal(text, name)))
        yield* guard(redis.send("SET", name, `${fingerprint(access.authToken)}.${sealed}`, "PX", String(ttl)), null)
      }).pipe(Effect.catch((why) => Effect.logWarning(`TokenStore.redis: the token is not stored: ${why}`)))

    const remove = (key: string, token?: Redacted.Redacted<string>) =>
      token === undefined
        ? Effect.asVoid(guard(redis.send("DEL", nameOf(key)), null))
        : Effect.asVoid(guard(removeIfStartsWith(nameOf(key), `${fingerprint(token)}.`), 0))

    const lockInRedis = fleetLock(redis, guard, removeIfStartsWith, settings.lockLease)
    const semaphoreFor = keyedSemaphores()
    const withLock = <A, E, R>(key: string, effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
      Effect.scopedWith((scope) =>
        Effect.gen(function* () {
          const deadline = (yield* Clock.currentTimeMillis) + Duration.toMillis(settings.lockTimeout)
          // In-process first (no polling between fibers of one process), then across the fleet.
          const local = yield* takePermit(yield* semaphoreFor(key), scope, settings.lockTimeout)
          const outcome = local ? yield* lockInRedis(`${nameOf(key)}:lock`, scope, deadline) : "timeout"
          if (outcome === "timeout") yield* warnLockTimeout(key, settings.lockTimeout)
          return yield* effect
        })
      )

    const service: TokenStoreService = { load, save, remove, withLock }
    return service
  })

/**
 * A Redis store on the `Redis` service of the context (what `TokenStore.redis` builds, loading this module then).
 *
 * @example
 * const store = yield* makeRedisFromContext(settings).pipe(Effect.provide(redisLayer))
 */
export const makeRedisFromContext = (settings: RedisSettings): Effect.Effect<TokenStoreService, never, Redis.Redis> =>
  Effect.flatMap(Redis.Redis, (redis) => makeRedis(redis, settings))
