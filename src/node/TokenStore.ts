/**
 * The token stores of the Node entry: those of `TokenStore` (memory), and the file store — one JSON file per cache key
 * in a private directory, shared by every process of the user, locked across processes. The file store on disk:
 * `<key>.json` holds `{"version":1,"savedAt":…,"stored":AccessInfo.toStored(…)}` — the token in clear, hence the
 * permissions (directory 0700, files 0600). It is written to a temporary file in the same directory, flushed and
 * renamed, so a reader (or a crash) sees the old entry or the new one, never part of one. `<key>.lock` is created with
 * O_EXCL and names its holder (`pid`, `host`, `acquiredAt`, a nonce); waiters poll it (10 ms doubling to 200 ms, with
 * jitter) and take it over when its holder is a dead process of this host or the lock is older than `lockTimeout`.
 * Removals (of a lock, an expired or corrupt entry, or `remove` with a token) are compare-then-remove: the file is
 * renamed away, checked, and put back if it changed meanwhile. Temporary files of dead processes are swept on save.
 *
 * @example
 * import { Effect } from "effect"
 * import { TokenStore } from "effect-openstack/node"
 *
 * const program = Effect.gen(function* () {
 *   const store = yield* TokenStore.TokenStore
 *   return yield* store.load(key)
 * }).pipe(Effect.provide(TokenStore.TokenStore.file({ lockTimeout: "10 seconds" })))
 *
 * @module
 */
// node:os: the home directory, when HOME is unset.
import { homedir } from "node:os"
import * as NodeFileSystem from "@effect/platform-node/NodeFileSystem"
import * as NodePath from "@effect/platform-node/NodePath"
import * as Clock from "effect/Clock"
import * as Config from "effect/Config"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as FileSystem from "effect/FileSystem"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Path from "effect/Path"
import type * as Semaphore from "effect/Semaphore"
import type * as Redis from "effect/persistence/Redis"
import * as Base from "../auth/TokenStore.ts"
import * as SharedRedis from "./SharedRedis.ts"
import type { RedisStoreOptions, TokenStoreService } from "../auth/TokenStore.ts"
import type { ValidationError } from "../Errors.ts"
import { loadEntry, removeEntry, saveEntry } from "../internal/tokenStore/fileEntries.ts"
import { acquireLock, lockPath } from "../internal/tokenStore/fileLock.ts"
import type { StoreDirectory } from "../internal/tokenStore/files.ts"
import { keyedSemaphores, lockTimeoutOf, takePermit, warnLockTimeout } from "../internal/tokenStore/shared.ts"

export * from "../auth/TokenStore.ts"

/**
 * Settings of the file store.
 *
 * @example
 * const options: FileStoreOptions = { directory: "/run/user/1000/openstack-tokens", lockTimeout: "10 seconds" }
 */
export interface FileStoreOptions {
  /** Where the entries go; {@link defaultDirectory} by default. Created with mode 0700 if missing. */
  readonly directory?: string | undefined
  /**
   * Longest wait for the lock of a key before running without it, and the age past which a lock whose holder may
   * still be alive (another host, or a live process) counts as abandoned. 30 seconds by default.
   */
  readonly lockTimeout?: Duration.Input | undefined
}

// ---------------------------------------------------------------------------------------------------------------------
// The default directory
// ---------------------------------------------------------------------------------------------------------------------

const nonEmpty = (value: Option.Option<string>): Option.Option<string> => Option.filter(value, (s) => s !== "")

/**
 * The default directory of the file store: `$XDG_CACHE_HOME/effect-openstack/tokens`, else
 * `$HOME/.cache/effect-openstack/tokens` (the OS's home directory when HOME is unset). Both are read with effect's
 * `Config`, so a `ConfigProvider` decides; a relative XDG_CACHE_HOME is ignored, as the XDG spec says.
 *
 * @example
 * const directory = yield* defaultDirectory.pipe(Effect.provide(NodePath.layer))
 * // "/home/demo/.cache/effect-openstack/tokens"
 */
export const defaultDirectory: Effect.Effect<string, never, Path.Path> = Effect.gen(function* () {
  const path = yield* Path.Path
  const env = yield* Config.all({
    xdg: Config.option(Config.String("XDG_CACHE_HOME")),
    home: Config.option(Config.String("HOME"))
  }).pipe(Effect.orElseSucceed(() => ({ xdg: Option.none<string>(), home: Option.none<string>() })))
  const xdg = Option.filter(nonEmpty(env.xdg), (dir) => path.isAbsolute(dir))
  const base = Option.getOrElse(xdg, () => path.join(Option.getOrElse(nonEmpty(env.home), homedir), ".cache"))
  return path.join(base, "effect-openstack", "tokens")
})

// ---------------------------------------------------------------------------------------------------------------------
// The file store
// ---------------------------------------------------------------------------------------------------------------------

/**
 * Runs `effect` holding the lock of `key`: in this process first (`semaphoreFor`, no polling between fibers of one
 * process), then across processes (the lock file). Past `lockTimeout`, or when the lock file cannot be created, it
 * warns and runs `effect` without the lock.
 */
const withLocks = <A, E, R>(
  dir: StoreDirectory,
  semaphoreFor: (key: string) => Effect.Effect<Semaphore.Semaphore>,
  lockTimeout: Duration.Duration,
  key: string,
  effect: Effect.Effect<A, E, R>
): Effect.Effect<A, E, R> =>
  Effect.scopedWith((scope) =>
    Effect.gen(function* () {
      const deadline = (yield* Clock.currentTimeMillis) + Duration.toMillis(lockTimeout)
      const local = yield* takePermit(yield* semaphoreFor(key), scope, lockTimeout)
      const outcome = local ? yield* acquireLock(dir, key, scope, deadline, lockTimeout) : "timeout"
      if (outcome === "timeout") yield* warnLockTimeout(key, lockTimeout)
      if (outcome === "unavailable") {
        yield* Effect.logWarning(`TokenStore: cannot create the lock file ${lockPath(dir, key)}; going on without it`)
      }
      return yield* effect
    })
  )

/**
 * A file store on the given FileSystem and Path (any platform's); {@link TokenStore.file} is this on Node.
 *
 * @example
 * const store = yield* makeFile({ directory: "/tmp/tokens" }).pipe(
 *   Effect.provide([NodeFileSystem.layer, NodePath.layer])
 * )
 */
export const makeFile = (
  options: FileStoreOptions = {}
): Effect.Effect<TokenStoreService, never, FileSystem.FileSystem | Path.Path> =>
  Effect.gen(function* () {
    const fs = yield* FileSystem.FileSystem
    const path = yield* Path.Path
    const dir: StoreDirectory = { fs, path, directory: path.resolve(options.directory ?? (yield* defaultDirectory)) }
    const lockTimeout = lockTimeoutOf(options.lockTimeout)
    const semaphoreFor = keyedSemaphores()
    const service: TokenStoreService = {
      load: (key) => loadEntry(dir, key),
      save: (key, access) => saveEntry(dir, key, access),
      remove: (key, token) => removeEntry(dir, key, token),
      withLock: (key, effect) => withLocks(dir, semaphoreFor, lockTimeout, key, effect)
    }
    return service
  })

/**
 * Settings of the Redis store with its own connection: the store's, and where Redis is.
 *
 * @example
 * const options: RedisUrlStoreOptions = { url: "redis://redis.internal:6379", encryption: { key } }
 */
export interface RedisUrlStoreOptions extends RedisStoreOptions, SharedRedis.SharedRedisOptions {}

/**
 * `TokenStore.redis`: on a Redis of its own by `url` (see SharedRedis: it connects in the background and reconnects
 * by itself), or on the `Redis` service of the context.
 *
 * @example
 * const layer = TokenStore.redis({ url: "redis://redis.internal:6379", encryption: { key } })
 */
export interface RedisLayer {
  (options: RedisUrlStoreOptions): Layer.Layer<Base.TokenStore, ValidationError>
  (options: RedisStoreOptions): Layer.Layer<Base.TokenStore, ValidationError, Redis.Redis>
}

const redisLayer: RedisLayer = ((options: RedisStoreOptions & Partial<SharedRedis.SharedRedisOptions>) => {
  const store = Layer.effect(Base.TokenStore, Base.makeRedisStore(options))
  return options.url === undefined
    ? store
    : Layer.provide(store, SharedRedis.layer({ url: options.url, connectTimeout: options.connectTimeout }))
}) as RedisLayer

/**
 * The token store service, with the file store.
 *
 * @example
 * program.pipe(Effect.provide(TokenStore.file({ directory: "/var/cache/my-tool/tokens" })))
 */
export class TokenStore extends Base.TokenStore {
  /**
   * A store in files shared by every process of the user: one `<key>.json` per key in `directory` (0700), each 0600
   * and written atomically, with a lock file per key across processes. Provides Node's FileSystem and Path itself.
   *
   * @example
   * program.pipe(Effect.provide(TokenStore.file({ directory: "/var/cache/my-tool/tokens" })))
   */
  static readonly file = (options: FileStoreOptions = {}): Layer.Layer<TokenStore> =>
    Layer.effect(TokenStore, makeFile(options)).pipe(
      Layer.provide(Layer.mergeAll(NodeFileSystem.layer, NodePath.layer))
    )

  /**
   * A store in Redis shared by a fleet (see the main entry's `TokenStore.redis`), on a connection of its own when
   * given a `url`, else on the `Redis` service of the context.
   *
   * @example
   * const layer = TokenStore.redis({ url: "redis://redis.internal:6379", encryption: { key: Redacted.make(secret) } })
   */
  static override readonly redis: RedisLayer = redisLayer
}
