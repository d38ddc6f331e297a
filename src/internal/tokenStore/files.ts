/**
 * The file primitives of the file token store (src/node/TokenStore.ts), shared by its entries and its lock files: the
 * private directory (0700), temporary names that say whose they are (`.<name>.<host tag>.<pid>.<random>.tmp`), atomic
 * writes, compare-then-remove by rename, the sweep of temporary files of dead processes, and whether a process of this
 * host is alive. Each function takes what it works on: the {@link StoreDirectory}, or only its FileSystem.
 *
 * @internal
 */
// node:os: the host name written into lock files and, hashed, into temporary names.
import { hostname } from "node:os"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import type * as FileSystem from "effect/FileSystem"
import * as Option from "effect/Option"
import type * as Path from "effect/Path"
import type * as PlatformError from "effect/PlatformError"
import * as Random from "effect/Random"
import { sha256Hex } from "../sha256.ts"

/**
 * Where a file store keeps its files (an absolute path), and the FileSystem and Path it reaches them through.
 *
 * @example
 * const dir: StoreDirectory = { fs, path, directory: path.resolve("/tmp/tokens") }
 */
export interface StoreDirectory {
  readonly fs: FileSystem.FileSystem
  readonly path: Path.Path
  readonly directory: string
}

/**
 * This host, in lock files: a process's pid can only be checked on its own host.
 *
 * @example
 * const mine = holder.host === thisHost
 */
export const thisHost = hostname()

/** This host in temporary names: the first 8 hex digits of its SHA-256. */
const hostTag = sha256Hex(thisHost).slice(0, 8)

/** Temporary names: `.<name>.<host tag>.<pid>.<random>.tmp`, so that a sweep can tell whose they are. */
const temporaryName = /^\.(.+)\.([0-9a-f]{8})\.(\d+)\.([0-9a-z]+)\.tmp$/

/** Temporary files of a dead process on another host (we cannot check its pid) are removed after this long. */
const orphanAge = Duration.minutes(10)

/**
 * Whether a process of this host is alive. `process.kill(pid, 0)` sends no signal: it only checks; EPERM means the
 * process exists but belongs to another user. Node's `process` has it; effect has no equivalent.
 *
 * @example
 * processAlive(process.pid) // true
 */
export const processAlive = (pid: number): boolean => {
  if (pid === process.pid) return true
  if (!Number.isSafeInteger(pid) || pid <= 0) return false // 0 and negatives name process groups, not a process
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM"
  }
}

/**
 * Whether a file operation failed because the file exists.
 *
 * @example
 * Effect.catchIf(isAlreadyExists, () => Effect.succeed("busy"))
 */
export const isAlreadyExists = (error: PlatformError.PlatformError) => error.reason._tag === "AlreadyExists"

/**
 * Whether a file operation failed because the file does not exist.
 *
 * @example
 * Effect.catchIf(isNotFound, () => Effect.void)
 */
export const isNotFound = (error: PlatformError.PlatformError) => error.reason._tag === "NotFound"

/**
 * A fresh temporary path next to `file`, named after it, this host and this process.
 *
 * @example
 * const temporary = yield* temporaryPath(dir, "/tmp/tokens/abc.json") // "/tmp/tokens/.abc.json.1a2b3c4d.4242.x1y2.tmp"
 */
export const temporaryPath = (dir: StoreDirectory, file: string): Effect.Effect<string> =>
  Effect.map(Random.nextIntBetween(0, 2 ** 31), (n) =>
    dir.path.join(dir.directory, `.${dir.path.basename(file)}.${hostTag}.${process.pid}.${n.toString(36)}.tmp`))

/**
 * Creates the directory (0700). An existing one with group or other permissions is narrowed to 0700; if that is not
 * possible (another owner), it is still used — the files are 0600 — with a warning.
 *
 * @example
 * yield* ensureDirectory(dir)
 */
export const ensureDirectory = (dir: StoreDirectory): Effect.Effect<void, PlatformError.PlatformError> =>
  Effect.gen(function* () {
    const { fs, directory } = dir
    yield* fs.makeDirectory(directory, { recursive: true, mode: 0o700 })
    const info = yield* fs.stat(directory)
    if ((info.mode & 0o077) === 0) return
    yield* fs.chmod(directory, 0o700).pipe(
      Effect.catch((error) =>
        Effect.logWarning(`TokenStore: ${directory} is open to other users and cannot be narrowed: ${error.message}`)
      )
    )
  })

/**
 * The text of `file`, or None when it does not exist.
 *
 * @example
 * const text = yield* readOption(fs, "/tmp/tokens/abc.json") // Option<string>
 */
export const readOption = (
  fs: FileSystem.FileSystem,
  file: string
): Effect.Effect<Option.Option<string>, PlatformError.PlatformError> =>
  fs.readFileString(file).pipe(
    Effect.map(Option.some),
    Effect.catchIf(isNotFound, () => Effect.succeedNone)
  )

/**
 * Removes `file` if it still holds `expected`: it is renamed away first (atomic), then checked; a file that changed
 * meanwhile is linked back (unless yet another one took its place, which is then the newest and stays). True when
 * `expected` was removed.
 *
 * @example
 * const removed = yield* removeIfUnchanged(dir, "/tmp/tokens/abc.lock", content)
 */
export const removeIfUnchanged = (dir: StoreDirectory, file: string, expected: string): Effect.Effect<boolean> =>
  Effect.gen(function* () {
    const { fs } = dir
    const grave = yield* temporaryPath(dir, file)
    const moved = yield* fs.rename(file, grave).pipe(Effect.as(true), Effect.orElseSucceed(() => false))
    if (!moved) return false
    const content = yield* fs.readFileString(grave).pipe(Effect.option)
    const unchanged = Option.contains(content, expected)
    if (!unchanged) yield* Effect.ignore(fs.link(grave, file))
    yield* Effect.ignore(fs.remove(grave))
    return unchanged
  }).pipe(Effect.uninterruptible)

/** Writes `text` into `temporary`, created 0600 (O_EXCL), and flushes it. */
const writeFlushed = (fs: FileSystem.FileSystem, temporary: string, text: string) =>
  Effect.scoped(
    Effect.gen(function* () {
      const handle = yield* fs.open(temporary, { flag: "wx", mode: 0o600 })
      yield* handle.writeAll(new TextEncoder().encode(text))
      yield* handle.sync
    })
  )

/**
 * Writes `file` atomically: a 0600 temporary file in the same directory, flushed, then renamed over it.
 *
 * @example
 * yield* writeAtomic(dir, "/tmp/tokens/abc.json", text)
 */
export const writeAtomic = (
  dir: StoreDirectory,
  file: string,
  text: string
): Effect.Effect<void, PlatformError.PlatformError> =>
  Effect.flatMap(temporaryPath(dir, file), (temporary) =>
    Effect.gen(function* () {
      yield* writeFlushed(dir.fs, temporary, text)
      yield* dir.fs.chmod(temporary, 0o600) // the creation mode was masked by the umask
      yield* dir.fs.rename(temporary, file)
    }).pipe(Effect.onExit((exit) => (Exit.isSuccess(exit) ? Effect.void : Effect.ignore(dir.fs.remove(temporary))))))

/** Whether `file` was last modified more than `ageMillis` before `now` (false when it cannot be told). */
export const olderThan = (fs: FileSystem.FileSystem, file: string, ageMillis: number, now: number) =>
  fs.stat(file).pipe(
    Effect.map((info) => Option.exists(info.mtime, (m) => now - m.getTime() > ageMillis)),
    Effect.orElseSucceed(() => false)
  )

/**
 * Removes temporary files left by processes that died mid-write (kill -9): those of a dead pid of this host, and any
 * older than {@link orphanAge}. Best effort.
 *
 * @example
 * yield* sweepOrphans(dir)
 */
export const sweepOrphans = (dir: StoreDirectory): Effect.Effect<void> =>
  Effect.gen(function* () {
    const { fs, path, directory } = dir
    const now = yield* Clock.currentTimeMillis
    for (const name of yield* fs.readDirectory(directory)) {
      const parts = temporaryName.exec(name)
      if (parts === null) continue
      const file = path.join(directory, name)
      const deadHere = parts[2] === hostTag && !processAlive(Number(parts[3]))
      const old = yield* olderThan(fs, file, Duration.toMillis(orphanAge), now)
      if (deadHere || old) yield* Effect.ignore(fs.remove(file))
    }
  }).pipe(Effect.ignore)
