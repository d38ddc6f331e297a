/**
 * What the token stores share: the entry format, lock timeouts, the name a key goes by in file names and logs, per-key
 * semaphores of this process, and the token comparison of compare-then-remove.
 *
 * @internal
 */
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Random from "effect/Random"
import * as Redacted from "effect/Redacted"
import * as Scope from "effect/Scope"
import * as Schema from "effect/Schema"
import * as Semaphore from "effect/Semaphore"
import * as AccessInfo from "../../AccessInfo.ts"
import { sha256Hex } from "../sha256.ts"

/**
 * What a token store does. No operation fails: a store is a cache, and a cache must never break authentication.
 *
 * @example
 * const store: TokenStoreService = yield* TokenStore
 * const cached = yield* store.load(key) // Option<AccessInfo>
 */
export interface TokenStoreService {
  /**
   * The token stored under `key`, if there is one that decodes and has not expired (by the Effect Clock). Never fails:
   * an unreadable or corrupt entry is logged with `Effect.logWarning` (never its content) and the result is None. The
   * file store removes such an entry (and an expired one); the Redis store leaves it to the next `save` (an entry
   * sealed with another fleet's key is not this process's to delete) and to its TTL.
   */
  readonly load: (key: string) => Effect.Effect<Option.Option<AccessInfo.AccessInfo>>
  /** Stores a token under `key`, replacing any. Never fails: a write error is logged as a warning. */
  readonly save: (key: string, access: AccessInfo.AccessInfo) => Effect.Effect<void>
  /**
   * Removes the entry; when `token` is given, only if the stored token is that one (compare-then-remove: a late 401
   * for an old token must not throw away a fresh one another process stored).
   */
  readonly remove: (key: string, token?: Redacted.Redacted<string>) => Effect.Effect<void>
  /**
   * Runs `effect` holding an exclusive lock on `key` — across processes for the file store — so that N processes that
   * start together and find no token authenticate once. Waiting is bounded by the store's `lockTimeout` (30 seconds by
   * default): past it, a warning is logged and `effect` runs without the lock. A lock left by a dead process is taken
   * over. The lock is released on success, failure and interruption. It is not reentrant: do not nest `withLock` on
   * the same key.
   */
  readonly withLock: <A, E, R>(key: string, effect: Effect.Effect<A, E, R>) => Effect.Effect<A, E, R>
}

/** A stored entry: a small envelope around `AccessInfo.toStored`. */
const Envelope = Schema.Struct({ version: Schema.Literal(1), savedAt: Schema.String, stored: Schema.Unknown })

/**
 * An entry's text, or why it cannot be written: a token body may hold anything the server (or a proxy) put in it,
 * and JSON.stringify throws on what it cannot write (a field nested some thousands of levels deep overflows its stack).
 */
export const encodeEntry = (access: AccessInfo.AccessInfo, savedAtMillis: number): Effect.Effect<string, string> =>
  Effect.try({
    try: () => {
      const savedAt = new Date(savedAtMillis).toISOString()
      return JSON.stringify({ version: 1, savedAt, stored: AccessInfo.toStored(access) })
    },
    catch: (error) =>
      `the token body cannot be written as JSON (${
        error instanceof RangeError ? "it is nested too deeply" : "it holds a value JSON cannot hold"
      })`
  })

/** The token of an entry's text, or why there is none (never the text itself: it holds the token). */
export const decodeEntry = (text: string): Effect.Effect<AccessInfo.AccessInfo, string> =>
  Effect.try({ try: (): unknown => JSON.parse(text), catch: () => "it is not JSON" }).pipe(
    Effect.flatMap((json) =>
      Schema.decodeUnknownEffect(Envelope)(json).pipe(Effect.mapError(() => "it is not a version 1 token-store entry"))
    ),
    Effect.flatMap((envelope) =>
      AccessInfo.fromStored(envelope.stored).pipe(Effect.mapError(() => "the stored token does not decode"))
    )
  )

/** The lock timeout when none is given. */
export const defaultLockTimeout = Duration.seconds(30)

/** A lock timeout, or the default. */
export const lockTimeoutOf = (input: Duration.Input | undefined): Duration.Duration =>
  input === undefined ? defaultLockTimeout : Duration.fromInputUnsafe(input)

/**
 * The name a key goes by in file names and logs: the key itself when it looks like a hash (letters, digits, `-`, `_`,
 * at most 128), else its SHA-256 — so that a key that is not a {@link cacheKey} can neither escape the directory nor
 * show what it was made of.
 */
export const safeName = (key: string): string =>
  /^[A-Za-z0-9_-]{1,128}$/.test(key) ? key : sha256Hex(key)

/** One semaphore per key, made on first use. */
export const keyedSemaphores = () => {
  const semaphores = new Map<string, Semaphore.Semaphore>()
  return (key: string): Effect.Effect<Semaphore.Semaphore> =>
    Effect.sync(() => {
      const existing = semaphores.get(key)
      if (existing !== undefined) return existing
      const made = Semaphore.makeUnsafe(1)
      semaphores.set(key, made)
      return made
    })
}

/** Takes the permit into `scope` (released when it closes), waiting at most `wait`; false when the wait ran out. */
export const takePermit = (semaphore: Semaphore.Semaphore, scope: Scope.Scope, wait: Duration.Duration) =>
  semaphore.takeScoped(1).pipe(Scope.provide(scope), Effect.timeoutOption(wait), Effect.map(Option.isSome))

/** Says that the wait for a lock ran out. */
export const warnLockTimeout = (key: string, wait: Duration.Duration) =>
  Effect.logWarning(
    `TokenStore: waited ${Duration.format(wait)} for the lock on ${safeName(key)}; going on without it (lockTimeout)`
  )

/** Whether two tokens are the same one. */
export const sameToken = (a: Redacted.Redacted<string>, b: Redacted.Redacted<string>) =>
  Redacted.value(a) === Redacted.value(b)

/** Polling for a lock held elsewhere: 10 ms, doubling up to 200 ms, each ±25 % of jitter (so waiters spread out). */
export const pollDelayMillis = (attempt: number): Effect.Effect<number> =>
  Effect.map(Random.nextBetween(0.75, 1.25), (jitter) => Math.min(200, 10 * 2 ** attempt) * jitter)
