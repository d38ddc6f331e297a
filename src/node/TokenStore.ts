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
// node:os: the home directory (fallback when HOME is unset) and the host name written into lock files.
import { homedir, hostname } from "node:os"
import * as NodeFileSystem from "@effect/platform-node/NodeFileSystem"
import * as NodePath from "@effect/platform-node/NodePath"
import * as Clock from "effect/Clock"
import * as Config from "effect/Config"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as FileSystem from "effect/FileSystem"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Path from "effect/Path"
import type * as PlatformError from "effect/PlatformError"
import * as Random from "effect/Random"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import * as Scope from "effect/Scope"
import type * as Redis from "effect/persistence/Redis"
import * as AccessInfo from "../AccessInfo.ts"
import * as Base from "../auth/TokenStore.ts"
import * as SharedRedis from "./SharedRedis.ts"
import type { RedisStoreOptions, TokenStoreService } from "../auth/TokenStore.ts"
import type { ValidationError } from "../Errors.ts"
import { sha256Hex } from "../internal/sha256.ts"
import {
  decodeEntry,
  encodeEntry,
  keyedSemaphores,
  lockTimeoutOf,
  pollDelayMillis,
  safeName,
  takePermit,
  warnLockTimeout
} from "../internal/tokenStore/shared.ts"

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

/** What a lock file says about its holder. */
const LockHolder = Schema.Struct({
  pid: Schema.Int,
  host: Schema.String,
  acquiredAt: Schema.Number,
  nonce: Schema.String
})
type LockHolder = typeof LockHolder.Type

const decodeLockHolder = Schema.decodeUnknownOption(Schema.fromJsonString(LockHolder))

/** A lock file without readable holder data (being written, or cut short) is abandoned after this long. */
const unreadableLockAge = Duration.seconds(5)

/** Temporary files of a dead process on another host (we cannot check its pid) are removed after this long. */
const orphanAge = Duration.minutes(10)

/** Retries of the lock without waiting, after taking over an abandoned lock or seeing it vanish. */
const maxImmediateRetries = 5

/** This host, in lock files and temporary names: a process's pid can only be checked on its own host. */
const thisHost = hostname()
const hostTag = sha256Hex(thisHost).slice(0, 8)

/**
 * Whether a process of this host is alive. `process.kill(pid, 0)` sends no signal: it only checks; EPERM means the
 * process exists but belongs to another user. Node's `process` has it; effect has no equivalent.
 */
const processAlive = (pid: number): boolean => {
  if (pid === process.pid) return true
  if (!Number.isSafeInteger(pid) || pid <= 0) return false // 0 and negatives name process groups, not a process
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM"
  }
}

/** Temporary names: `.<name>.<host tag>.<pid>.<random>.tmp`, so that a sweep can tell whose they are. */
const temporaryName = /^\.(.+)\.([0-9a-f]{8})\.(\d+)\.([0-9a-z]+)\.tmp$/

const isAlreadyExists = (error: PlatformError.PlatformError) =>
  error.reason._tag === "AlreadyExists"
const isNotFound = (error: PlatformError.PlatformError) => error.reason._tag === "NotFound"

/** How a lock attempt ended. */
type LockOutcome = "locked" | "timeout" | "unavailable"

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
    const directory = path.resolve(options.directory ?? (yield* defaultDirectory))
    const lockTimeout = lockTimeoutOf(options.lockTimeout)
    const lockTimeoutMillis = Duration.toMillis(lockTimeout)
    const semaphoreFor = keyedSemaphores()

    const entryPath = (key: string) => path.join(directory, `${safeName(key)}.json`)
    const lockPath = (key: string) => path.join(directory, `${safeName(key)}.lock`)

    const temporaryPath = (file: string) =>
      Effect.map(Random.nextIntBetween(0, 2 ** 31), (n) =>
        path.join(directory, `.${path.basename(file)}.${hostTag}.${process.pid}.${n.toString(36)}.tmp`))

    /**
     * Creates the directory (0700). An existing one with group or other permissions is narrowed to 0700; if that is
     * not possible (another owner), it is still used — the files are 0600 — with a warning.
     */
    const ensureDirectory = Effect.gen(function* () {
      yield* fs.makeDirectory(directory, { recursive: true, mode: 0o700 })
      const info = yield* fs.stat(directory)
      if ((info.mode & 0o077) === 0) return
      yield* fs.chmod(directory, 0o700).pipe(
        Effect.catch((error) =>
          Effect.logWarning(`TokenStore: ${directory} is open to other users and cannot be narrowed: ${error.message}`)
        )
      )
    })

    const readOption = (file: string) =>
      fs.readFileString(file).pipe(
        Effect.map(Option.some),
        Effect.catchIf(isNotFound, () => Effect.succeedNone)
      )

    /**
     * Removes `file` if it still holds `expected`: it is renamed away first (atomic), then checked; a file that changed
     * meanwhile is linked back (unless yet another one took its place, which is then the newest and stays). True when
     * `expected` was removed.
     */
    const removeIfUnchanged = (file: string, expected: string): Effect.Effect<boolean> =>
      Effect.gen(function* () {
        const grave = yield* temporaryPath(file)
        const moved = yield* fs.rename(file, grave).pipe(Effect.as(true), Effect.orElseSucceed(() => false))
        if (!moved) return false
        const content = yield* fs.readFileString(grave).pipe(Effect.option)
        const unchanged = Option.contains(content, expected)
        if (!unchanged) yield* Effect.ignore(fs.link(grave, file))
        yield* Effect.ignore(fs.remove(grave))
        return unchanged
      }).pipe(Effect.uninterruptible)

    /** Writes `file` atomically: a 0600 temporary file in the same directory, flushed, then renamed over it. */
    const writeAtomic = (file: string, text: string) =>
      Effect.flatMap(temporaryPath(file), (temporary) =>
        Effect.gen(function* () {
          yield* Effect.scoped(
            Effect.gen(function* () {
              const handle = yield* fs.open(temporary, { flag: "wx", mode: 0o600 })
              yield* handle.writeAll(new TextEncoder().encode(text))
              yield* handle.sync
            })
          )
          yield* fs.chmod(temporary, 0o600) // the creation mode was masked by the umask
          yield* fs.rename(temporary, file)
        }).pipe(Effect.onExit((exit) => (Exit.isSuccess(exit) ? Effect.void : Effect.ignore(fs.remove(temporary))))))

    /**
     * Removes temporary files left by processes that died mid-write (kill -9): those of a dead pid of this host, and
     * any older than {@link orphanAge}. Best effort.
     */
    const sweepOrphans = Effect.gen(function* () {
      const now = yield* Clock.currentTimeMillis
      for (const name of yield* fs.readDirectory(directory)) {
        const parts = temporaryName.exec(name)
        if (parts === null) continue
        const file = path.join(directory, name)
        const pid = Number(parts[3])
        const deadHere = parts[2] === hostTag && !processAlive(pid)
        const old = yield* fs.stat(file).pipe(
          Effect.map((info) => Option.exists(info.mtime, (m) => now - m.getTime() > Duration.toMillis(orphanAge))),
          Effect.orElseSucceed(() => false)
        )
        if (deadHere || old) yield* Effect.ignore(fs.remove(file))
      }
    }).pipe(Effect.ignore)

    /** Decodes an entry; on failure, says why without quoting the content (it holds the token). */
    const load = (key: string): Effect.Effect<Option.Option<AccessInfo.AccessInfo>> => {
      const file = entryPath(key)
      return Effect.gen(function* () {
        const read = yield* readOption(file).pipe(Effect.result)
        if (read._tag === "Failure") {
          yield* Effect.logWarning(`TokenStore: cannot read ${file}, removing it: ${read.failure.message}`)
          yield* Effect.ignore(fs.remove(file))
          return Option.none()
        }
        if (Option.isNone(read.success)) return Option.none()
        const text = read.success.value
        const decoded = yield* decodeEntry(text).pipe(Effect.result)
        if (decoded._tag === "Failure") {
          yield* Effect.logWarning(`TokenStore: removing ${file}: ${decoded.failure}`)
          yield* removeIfUnchanged(file, text)
          return Option.none()
        }
        if (decoded.success.expiresAtMillis <= (yield* Clock.currentTimeMillis)) {
          yield* Effect.logDebug(`TokenStore: removing ${file}: the token has expired`)
          yield* removeIfUnchanged(file, text)
          return Option.none()
        }
        return Option.some(decoded.success)
      })
    }

    const save = (key: string, access: AccessInfo.AccessInfo): Effect.Effect<void> =>
      Effect.gen(function* () {
        const text = yield* encodeEntry(access, yield* Clock.currentTimeMillis)
        yield* ensureDirectory
        yield* writeAtomic(entryPath(key), text)
        yield* sweepOrphans
      }).pipe(
        Effect.catch((error) =>
          Effect.logWarning(
            `TokenStore: could not save the token in ${entryPath(key)}: ${typeof error === "string" ? error : error.message}`
          )
        )
      )

    /** Whether the entry text holds `token` (read from the JSON without decoding the whole token). */
    const holdsToken = (text: string, token: Redacted.Redacted<string>) =>
      Effect.try({ try: (): unknown => JSON.parse(text), catch: () => "not JSON" }).pipe(
        Effect.flatMap(Schema.decodeUnknownEffect(Schema.Struct({ stored: AccessInfo.Stored }))),
        Effect.map((entry) => entry.stored.authToken === Redacted.value(token)),
        Effect.orElseSucceed(() => false)
      )

    const remove = (key: string, token?: Redacted.Redacted<string>): Effect.Effect<void> => {
      const file = entryPath(key)
      const removal = token === undefined
        ? fs.remove(file).pipe(Effect.catchIf(isNotFound, () => Effect.void))
        : Effect.gen(function* () {
            const text = yield* readOption(file)
            if (Option.isSome(text) && (yield* holdsToken(text.value, token))) {
              yield* removeIfUnchanged(file, text.value)
            }
          })
      return removal.pipe(
        Effect.catch((error) => Effect.logWarning(`TokenStore: could not remove ${file}: ${error.message}`))
      )
    }

    // --- the lock across processes -----------------------------------------------------------------------------------

    /** Creates the lock file (O_CREAT|O_EXCL) and, in the same uninterruptible step, its release into `scope`. */
    const tryLock = (file: string, scope: Scope.Scope): Effect.Effect<"locked" | "busy" | "unavailable"> =>
      Effect.gen(function* () {
        const holder: LockHolder = {
          pid: process.pid,
          host: thisHost,
          acquiredAt: yield* Clock.currentTimeMillis,
          nonce: (yield* Random.nextIntBetween(0, 2 ** 31)).toString(36)
        }
        const content = JSON.stringify(holder)
        return yield* fs.writeFileString(file, content, { flag: "wx", mode: 0o600 }).pipe(
          Effect.flatMap(() => Scope.addFinalizer(scope, removeIfUnchanged(file, content))),
          Effect.as("locked" as const),
          Effect.catch((error) => Effect.succeed(isAlreadyExists(error) ? ("busy" as const) : ("unavailable" as const)))
        )
      }).pipe(Effect.uninterruptible)

    /** Whether the lock's holder is gone: a dead pid of this host, or a lock older than the timeout. */
    const isAbandoned = (file: string, holder: Option.Option<LockHolder>, now: number) =>
      Option.match(holder, {
        onSome: (h) =>
          Effect.succeed((h.host === thisHost && !processAlive(h.pid)) || now - h.acquiredAt > lockTimeoutMillis),
        onNone: () =>
          fs.stat(file).pipe(
            Effect.map((info) =>
              Option.exists(
                info.mtime,
                (m) => now - m.getTime() > Math.min(lockTimeoutMillis, Duration.toMillis(unreadableLockAge))
              )
            ),
            Effect.orElseSucceed(() => false)
          )
      })

    /** If the lock is abandoned, removes it (unless it changed meanwhile). True when it is worth trying again now. */
    const breakIfAbandoned = (file: string) =>
      Effect.gen(function* () {
        const seen = yield* readOption(file).pipe(Effect.orElseSucceed(() => Option.none<string>()))
        if (Option.isNone(seen)) return true
        const holder = decodeLockHolder(seen.value)
        if (!(yield* isAbandoned(file, holder, yield* Clock.currentTimeMillis))) return false
        if (yield* removeIfUnchanged(file, seen.value)) {
          const who = Option.match(holder, {
            onNone: () => "a holder that never wrote its data",
            onSome: (h) => `pid ${h.pid} on ${h.host}, since ${new Date(h.acquiredAt).toISOString()}`
          })
          yield* Effect.logWarning(`TokenStore: took over the abandoned lock ${file} (held by ${who})`)
        }
        return true
      })

    const lockFile = (key: string, scope: Scope.Scope, deadline: number): Effect.Effect<LockOutcome> => {
      const file = lockPath(key)
      // `n` counts the waits (for the backoff); `immediate` the retries in a row without one, after a lock was taken
      // over or vanished: a few are allowed (even at the deadline), then the loop waits and checks the deadline again.
      const attempt = (n: number, immediate: number): Effect.Effect<LockOutcome> =>
        Effect.gen(function* () {
          const outcome = yield* tryLock(file, scope)
          if (outcome !== "busy") return outcome
          const retryNow = yield* breakIfAbandoned(file)
          if (retryNow && immediate < maxImmediateRetries) return yield* attempt(n, immediate + 1)
          const now = yield* Clock.currentTimeMillis
          if (now >= deadline) return "timeout"
          yield* Effect.sleep(Math.min(yield* pollDelayMillis(n), deadline - now))
          return yield* attempt(n + 1, 0)
        })
      return ensureDirectory.pipe(
        Effect.matchEffect({
          onFailure: () => Effect.succeed<LockOutcome>("unavailable"),
          onSuccess: () => attempt(0, 0)
        })
      )
    }

    const withLock = <A, E, R>(key: string, effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
      Effect.scopedWith((scope) =>
        Effect.gen(function* () {
          const deadline = (yield* Clock.currentTimeMillis) + lockTimeoutMillis
          // In-process first (no polling between fibers of one process), then across processes.
          const local = yield* takePermit(yield* semaphoreFor(key), scope, lockTimeout)
          const outcome = local ? yield* lockFile(key, scope, deadline) : "timeout"
          if (outcome === "timeout") yield* warnLockTimeout(key, lockTimeout)
          if (outcome === "unavailable") {
            yield* Effect.logWarning(`TokenStore: cannot create the lock file ${lockPath(key)}; going on without it`)
          }
          return yield* effect
        })
      )

    const service: TokenStoreService = { load, save, remove, withLock }
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
