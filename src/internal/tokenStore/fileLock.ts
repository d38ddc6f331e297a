/**
 * The lock of a key across processes, for the file token store (src/node/TokenStore.ts): `<key>.lock` in the store's
 * directory, created with O_EXCL and naming its holder (`pid`, `host`, `acquiredAt`, a nonce). Waiters poll it
 * ({@link pollDelayMillis}) and take it over when its holder is a dead process of this host or the lock is older than
 * the lock timeout (a lock without readable holder data: older than 5 seconds). Release, like a takeover, is
 * compare-then-remove: a lock that changed meanwhile (taken over, then taken by another) stays.
 *
 * @internal
 */
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Random from "effect/Random"
import * as Schema from "effect/Schema"
import * as Scope from "effect/Scope"
import {
  ensureDirectory,
  isAlreadyExists,
  olderThan,
  processAlive,
  readOption,
  removeIfUnchanged,
  type StoreDirectory,
  thisHost
} from "./files.ts"
import { pollDelayMillis, safeName } from "./shared.ts"

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

/** Retries of the lock without waiting, after taking over an abandoned lock or seeing it vanish. */
const maxImmediateRetries = 5

/**
 * How a lock attempt ended: taken, given up at the deadline, or impossible (the lock file cannot be created).
 *
 * @example
 * const outcome: LockOutcome = yield* acquireLock(dir, key, scope, deadline, lockTimeout)
 */
export type LockOutcome = "locked" | "timeout" | "unavailable"

/** One lock to take: its file, the scope that releases it, when to give up, and when a lock counts as abandoned. */
interface LockRequest {
  readonly dir: StoreDirectory
  readonly file: string
  readonly scope: Scope.Scope
  readonly deadline: number
  readonly lockTimeoutMillis: number
}

/**
 * The lock file of `key`.
 *
 * @example
 * lockPath(dir, key) // "/tmp/tokens/<key>.lock"
 */
export const lockPath = (dir: StoreDirectory, key: string): string =>
  dir.path.join(dir.directory, `${safeName(key)}.lock`)

/** What this process writes into a lock file it creates. */
const newHolder = Effect.gen(function* () {
  const holder: LockHolder = {
    pid: process.pid,
    host: thisHost,
    acquiredAt: yield* Clock.currentTimeMillis,
    nonce: (yield* Random.nextIntBetween(0, 2 ** 31)).toString(36)
  }
  return holder
})

/** Creates the lock file (O_CREAT|O_EXCL) and, in the same uninterruptible step, its release into `scope`. */
const tryLock = (request: LockRequest): Effect.Effect<"locked" | "busy" | "unavailable"> =>
  Effect.gen(function* () {
    const { dir, file, scope } = request
    const content = JSON.stringify(yield* newHolder)
    return yield* dir.fs.writeFileString(file, content, { flag: "wx", mode: 0o600 }).pipe(
      Effect.flatMap(() => Scope.addFinalizer(scope, removeIfUnchanged(dir, file, content))),
      Effect.as("locked" as const),
      Effect.catch((error) => Effect.succeed(isAlreadyExists(error) ? ("busy" as const) : ("unavailable" as const)))
    )
  }).pipe(Effect.uninterruptible)

/** Whether the lock's holder is gone: a dead pid of this host, or a lock older than the timeout. */
const isAbandoned = (request: LockRequest, holder: Option.Option<LockHolder>, now: number): Effect.Effect<boolean> =>
  Option.match(holder, {
    onSome: (h) =>
      Effect.succeed(
        (h.host === thisHost && !processAlive(h.pid)) || now - h.acquiredAt > request.lockTimeoutMillis
      ),
    onNone: () =>
      olderThan(
        request.dir.fs,
        request.file,
        Math.min(request.lockTimeoutMillis, Duration.toMillis(unreadableLockAge)),
        now
      )
  })

/** Who held a lock, for the log. */
const describeHolder = (holder: Option.Option<LockHolder>): string =>
  Option.match(holder, {
    onNone: () => "a holder that never wrote its data",
    onSome: (h) => `pid ${h.pid} on ${h.host}, since ${new Date(h.acquiredAt).toISOString()}`
  })

/** If the lock is abandoned, removes it (unless it changed meanwhile). True when it is worth trying again now. */
const breakIfAbandoned = (request: LockRequest): Effect.Effect<boolean> =>
  Effect.gen(function* () {
    const { dir, file } = request
    const seen = yield* readOption(dir.fs, file).pipe(Effect.orElseSucceed(() => Option.none<string>()))
    if (Option.isNone(seen)) return true
    const holder = decodeLockHolder(seen.value)
    if (!(yield* isAbandoned(request, holder, yield* Clock.currentTimeMillis))) return false
    if (yield* removeIfUnchanged(dir, file, seen.value)) {
      yield* Effect.logWarning(`TokenStore: took over the abandoned lock ${file} (held by ${describeHolder(holder)})`)
    }
    return true
  })

/**
 * One attempt at the lock, then (if it is held) the next. `n` counts the waits (for the backoff); `immediate` the
 * retries in a row without one, after a lock was taken over or vanished: a few are allowed (even at the deadline), then
 * the loop waits and checks the deadline again.
 */
const attempt = (request: LockRequest, n: number, immediate: number): Effect.Effect<LockOutcome> =>
  Effect.gen(function* () {
    const outcome = yield* tryLock(request)
    if (outcome !== "busy") return outcome
    const retryNow = yield* breakIfAbandoned(request)
    if (retryNow && immediate < maxImmediateRetries) return yield* attempt(request, n, immediate + 1)
    const now = yield* Clock.currentTimeMillis
    if (now >= request.deadline) return "timeout"
    yield* Effect.sleep(Math.min(yield* pollDelayMillis(n), Math.max(1, request.deadline - now)))
    return yield* attempt(request, n + 1, 0)
  })

/**
 * Takes the lock of `key` across processes into `scope` (released when it closes, only if still ours), polling until
 * `deadline` (epoch milliseconds) and taking over abandoned locks; `lockTimeout` is the age past which a lock whose
 * holder may be alive counts as abandoned.
 *
 * @example
 * const outcome = yield* acquireLock(dir, key, scope, (yield* Clock.currentTimeMillis) + 30_000, Duration.seconds(30))
 */
export const acquireLock = (
  dir: StoreDirectory,
  key: string,
  scope: Scope.Scope,
  deadline: number,
  lockTimeout: Duration.Duration
): Effect.Effect<LockOutcome> => {
  const request: LockRequest = {
    dir,
    file: lockPath(dir, key),
    scope,
    deadline,
    lockTimeoutMillis: Duration.toMillis(lockTimeout)
  }
  return ensureDirectory(dir).pipe(
    Effect.matchEffect({
      onFailure: () => Effect.succeed<LockOutcome>("unavailable"),
      onSuccess: () => attempt(request, 0, 0)
    })
  )
}
