/**
 * Where tokens live between processes, so that a second process reuses the token the first one got instead of
 * authenticating again — keystoneauth1's token cache and the KeystoneClient blueprint's on-disk cache.
 *
 * - {@link TokenStore.memory}: a map in this process (one per layer instance).
 * - {@link TokenStore.redis}: one entry per cache key in Redis, shared by every process of a fleet (many machines or
 *   pods), sealed with AES-256-GCM under a key the user gives, with a lock across the fleet and an atomic
 *   compare-then-remove; when Redis is down or slow, each process authenticates on its own (one warning per outage)
 *   and sharing resumes when it is back. It runs on effect's `Redis` service; the Node entry's `TokenStore.redis`
 *   also takes a URL.
 * - `TokenStore.file` (from the Node entry, `effect-openstack/node`, which Node's conditional export of the package
 *   gives by default): one JSON file per cache key in a private directory (0700, files 0600, atomic writes), shared
 *   by every process of the user, with a lock across processes so that N processes that start together authenticate
 *   once.
 *
 * Entries are keyed by {@link cacheKey}: a hash of the auth URL and the identity options, never of a secret. A store
 * never fails: a corrupt entry is logged, removed and reported as missing; a write that fails is logged; caching
 * must never break authentication.
 *
 * The file store on disk: `<key>.json` holds `{"version":1,"savedAt":…,"stored":AccessInfo.toStored(…)}` — the token
 * in clear, hence the permissions. It is written to a temporary file in the same directory, flushed and renamed, so a
 * reader (or a crash) sees the old entry or the new one, never part of one. `<key>.lock` is created with O_EXCL and
 * names its holder (`pid`, `host`, `acquiredAt`, a nonce); waiters poll it (10 ms doubling to 200 ms, with jitter)
 * and take it over when its holder is a dead process of this host or the lock is older than `lockTimeout`.
 * Removals (of a lock, an expired or corrupt entry, or `remove` with a token) are compare-then-remove: the file is
 * renamed away, checked, and put back if it changed meanwhile. Temporary files of dead processes are swept on save.
 *
 * @example
 * import { Effect, Option } from "effect"
 * import { type AccessInfo, TokenStore } from "effect-openstack"
 *
 * // Authenticate once for every process of the user; the others reuse the token on disk.
 * const cachedAccess = <E>(authenticate: Effect.Effect<AccessInfo.AccessInfo, E>) =>
 *   Effect.gen(function* () {
 *     const store = yield* TokenStore.TokenStore
 *     const key = TokenStore.cacheKey("https://keystone.example/v3", { plugin: "password", username: "demo" })
 *     return yield* store.withLock(key, Effect.gen(function* () {
 *       const cached = yield* store.load(key)
 *       if (Option.isSome(cached)) return cached.value
 *       const access = yield* authenticate
 *       yield* store.save(key, access)
 *       return access
 *     }))
 *   }).pipe(Effect.provide(TokenStore.TokenStore.file()))
 *
 * @module
 */
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import type * as Redis from "effect/persistence/Redis"
import type * as AccessInfo from "../AccessInfo.ts"
import { ValidationError } from "../Errors.ts"
import { defaultStaleDuration } from "../internal/freshness.ts"
import { sha256Hex } from "../internal/sha256.ts"
import * as Seal from "../internal/tokenStore/seal.ts"
import {
  keyedSemaphores,
  lockTimeoutOf,
  sameToken,
  takePermit,
  type TokenStoreService,
  warnLockTimeout
} from "../internal/tokenStore/shared.ts"

// ---------------------------------------------------------------------------------------------------------------------
// The service
// ---------------------------------------------------------------------------------------------------------------------

export type { TokenStoreService } from "../internal/tokenStore/shared.ts"

/**
 * Settings of the memory store.
 *
 * @example
 * const options: MemoryStoreOptions = { lockTimeout: "10 seconds" }
 */
export interface MemoryStoreOptions {
  /** Longest wait for the lock of a key before running without it. 30 seconds by default. */
  readonly lockTimeout?: Duration.Input | undefined
}

/**
 * Settings of the Redis store. `encryption` has no default: tokens are bearer secrets, and Redis is usually reachable
 * by more than the processes that use them.
 *
 * @example
 * const options: RedisStoreOptions = { encryption: { key: Redacted.make(process.env.TOKEN_STORE_KEY ?? "") } }
 */
export interface RedisStoreOptions {
  /**
   * `{ key }`: entries are sealed with AES-256-GCM under a key derived (HKDF-SHA256) from this secret — at least 32
   * characters, the same in every process of the fleet, e.g. from `openssl rand -base64 32`. `"plain"`: tokens are
   * stored in clear, for a Redis as private as the tokens themselves (say so explicitly).
   */
  readonly encryption: { readonly key: Redacted.Redacted<string> } | "plain"
  /** Put before every Redis key of the store (default `"effect-openstack:token:"`), e.g. to share one Redis. */
  readonly prefix?: string | undefined
  /**
   * Entries expire from Redis when their token stops being fresh: this long before its expiry, or half its lifetime
   * for short tokens — the plugins' `staleDuration` (120 s by default); give the same value as the plugins.
   */
  readonly staleDuration?: Duration.Input | undefined
  /** Longest wait for the fleet-wide lock of a key before running without it (default 30 s). */
  readonly lockTimeout?: Duration.Input | undefined
  /** How long a lock holds when its holder dies without releasing it (default 10 s). */
  readonly lockLease?: Duration.Input | undefined
  /** Longest wait for one Redis command; past it, the store does without Redis for that call (default 1 s). */
  readonly operationTimeout?: Duration.Input | undefined
}

/** The store's sealer, or why the settings cannot give one. */
const sealerOf = (encryption: RedisStoreOptions["encryption"]): Effect.Effect<Seal.Sealer, ValidationError> => {
  if (encryption === "plain") return Effect.succeed(Seal.plain)
  if (Redacted.value(encryption.key).length < Seal.minimumKeyLength) {
    return Effect.fail(new ValidationError({
      message: `TokenStore.redis: the encryption key is shorter than ${Seal.minimumKeyLength} characters; give a random `
        + "secret such as the output of `openssl rand -base64 32` (or encryption: \"plain\" to store tokens in clear)"
    }))
  }
  return Seal.aesGcm(encryption.key).pipe(
    Effect.mapError((why) => new ValidationError({ message: `TokenStore.redis: ${why}` }))
  )
}

/**
 * A Redis store on the `Redis` service of the context: see {@link RedisStoreOptions}.
 *
 * @example
 * const store = yield* makeRedisStore({ encryption: { key } }).pipe(Effect.provide(redisLayer))
 */
export const makeRedisStore = (
  options: RedisStoreOptions
): Effect.Effect<TokenStoreService, ValidationError, Redis.Redis> =>
  Effect.gen(function* () {
    const duration = (input: Duration.Input | undefined, fallback: Duration.Duration) =>
      input === undefined ? fallback : Duration.fromInputUnsafe(input)
    // The store's code (and effect's Redis service) is loaded by the programs that make one.
    const { makeRedisFromContext } = yield* Effect.promise(() => import("../internal/tokenStore/redis.ts"))
    return yield* makeRedisFromContext({
      prefix: options.prefix ?? "effect-openstack:token:",
      sealer: yield* sealerOf(options.encryption),
      staleDuration: duration(options.staleDuration, defaultStaleDuration),
      lockTimeout: lockTimeoutOf(options.lockTimeout),
      lockLease: duration(options.lockLease, Duration.seconds(10)),
      operationTimeout: duration(options.operationTimeout, Duration.seconds(1))
    })
  })

// ---------------------------------------------------------------------------------------------------------------------
// Cache keys
// ---------------------------------------------------------------------------------------------------------------------

const secretName = /password|passcode|passphrase|secret|token/i

/**
 * The cache key of a set of credentials: the hex SHA-256 of the auth URL (trailing slashes dropped) and every
 * identity-bearing option — plugin name, user id/name, user domain, project/domain/system/trust scope, application
 * credential id/name, … — sorted by name, so that the order the options come in does not matter. `undefined` values
 * are left out; `true` and `"true"` differ.
 *
 * Secrets go in `secrets`, never in `identity` (options named like password, passcode, passphrase, secret or token
 * are ignored there, as a safety net). They are hashed into the key so that an entry stored with one password is not
 * handed to a configuration with another (a wrong password must fail, not find a cached token) — as keystoneauth1's
 * cache id does. They never appear in clear: the key is a digest over all inputs, and someone able to read the
 * store's directory could read the tokens themselves anyway.
 *
 * @example
 * const key = cacheKey("https://keystone.example/v3", {
 *   plugin: "v3password", username: "demo", userDomainName: "Default",
 *   projectName: "demo", projectDomainName: "Default"
 * })
 * // "3f1c…" (64 hex characters)
 */
export const cacheKey = (
  authUrl: string,
  identity: Readonly<Record<string, string | boolean | undefined>>,
  secrets: ReadonlyArray<Redacted.Redacted<string>> = []
): string => {
  const options = Object.entries(identity)
    .filter((entry): entry is [string, string | boolean] => entry[1] !== undefined && !secretName.test(entry[0]))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  const secretsDigest = sha256Hex(secrets.map((secret) => `${Redacted.value(secret).length}:${Redacted.value(secret)}`).join(""))
  const canonical = JSON.stringify(["effect-openstack/token-cache/v1", authUrl.replace(/\/+$/, ""), options, secretsDigest])
  return sha256Hex(canonical)
}

// ---------------------------------------------------------------------------------------------------------------------
// The memory store
// ---------------------------------------------------------------------------------------------------------------------

/**
 * A memory store: a map of this process, private to the returned service. `withLock` is a per-key semaphore.
 *
 * @example
 * const store = yield* makeMemory({ lockTimeout: "5 seconds" })
 */
export const makeMemory = (options: MemoryStoreOptions = {}): Effect.Effect<TokenStoreService> =>
  Effect.sync(() => {
    const entries = new Map<string, AccessInfo.AccessInfo>()
    const semaphoreFor = keyedSemaphores()
    const lockTimeout = lockTimeoutOf(options.lockTimeout)
    const service: TokenStoreService = {
      load: (key) =>
        Effect.gen(function* () {
          const access = entries.get(key)
          if (access === undefined) return Option.none()
          if (access.expiresAtMillis <= (yield* Clock.currentTimeMillis)) {
            entries.delete(key)
            return Option.none()
          }
          return Option.some(access)
        }),
      save: (key, access) => Effect.sync(() => void entries.set(key, access)),
      remove: (key, token) =>
        Effect.sync(() => {
          const stored = entries.get(key)
          if (stored !== undefined && (token === undefined || sameToken(stored.authToken, token))) entries.delete(key)
        }),
      withLock: (key, effect) =>
        Effect.scopedWith((scope) =>
          Effect.gen(function* () {
            const locked = yield* takePermit(yield* semaphoreFor(key), scope, lockTimeout)
            if (!locked) yield* warnLockTimeout(key, lockTimeout)
            return yield* effect
          })
        )
    }
    return service
  })

/**
 * The token store service: see {@link TokenStoreService}.
 *
 * @example
 * const program = Effect.gen(function* () {
 *   const store = yield* TokenStore
 *   return yield* store.load(key)
 * }).pipe(Effect.provide(TokenStore.memory))
 */
export class TokenStore extends Context.Service<TokenStore, TokenStoreService>()("effect-openstack/TokenStore") {
  /**
   * A store in this process's memory, private to each instance of the layer; `withLock` is a per-key semaphore.
   *
   * @example
   * program.pipe(Effect.provide(TokenStore.memory))
   */
  static readonly memory: Layer.Layer<TokenStore> = Layer.effect(TokenStore, makeMemory())

  /**
   * A store in Redis shared by a fleet, on the `Redis` service of the context (effect's `effect/persistence/Redis`;
   * the Node entry's `TokenStore.redis({ url })` provides one that connects and reconnects by itself). Fails to build
   * only on bad settings (`ValidationError`); Redis being down never fails it.
   *
   * @example
   * TokenStore.redis({ encryption: { key: Redacted.make(process.env.TOKEN_STORE_KEY ?? "") } }).pipe(
   *   Layer.provide(myRedisLayer)
   * )
   */
  static readonly redis = (options: RedisStoreOptions): Layer.Layer<TokenStore, ValidationError, Redis.Redis> =>
    Layer.effect(TokenStore, makeRedisStore(options))
}
