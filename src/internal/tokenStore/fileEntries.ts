/**
 * The entries of the file token store (src/node/TokenStore.ts): `<key>.json` in the store's directory, holding
 * {@link encodeEntry}'s text. Loading removes what is unreadable, corrupt (compare-then-remove, so that a fresh entry
 * written meanwhile stays) or expired; saving writes atomically, then sweeps the temporary files of dead processes;
 * removal with a token removes the entry only if it still holds that token. No operation fails: errors are logged.
 *
 * @internal
 */
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import * as AccessInfo from "../../AccessInfo.ts"
import {
  ensureDirectory,
  isNotFound,
  readOption,
  removeIfUnchanged,
  type StoreDirectory,
  sweepOrphans,
  writeAtomic
} from "./files.ts"
import { decodeEntry, encodeEntry, safeName } from "./shared.ts"

/**
 * The file of the entry of `key`.
 *
 * @example
 * entryPath(dir, key) // "/tmp/tokens/<key>.json"
 */
export const entryPath = (dir: StoreDirectory, key: string): string =>
  dir.path.join(dir.directory, `${safeName(key)}.json`)

/** Decodes the entry text of `file`; a corrupt or expired one is removed (unless it changed meanwhile). */
const decodeFresh = (dir: StoreDirectory, file: string, text: string) =>
  Effect.gen(function* () {
    const decoded = yield* decodeEntry(text).pipe(Effect.result)
    if (decoded._tag === "Failure") {
      yield* Effect.logWarning(`TokenStore: removing ${file}: ${decoded.failure}`)
      yield* removeIfUnchanged(dir, file, text)
      return Option.none<AccessInfo.AccessInfo>()
    }
    if (decoded.success.expiresAtMillis <= (yield* Clock.currentTimeMillis)) {
      yield* Effect.logDebug(`TokenStore: removing ${file}: the token has expired`)
      yield* removeIfUnchanged(dir, file, text)
      return Option.none<AccessInfo.AccessInfo>()
    }
    return Option.some(decoded.success)
  })

/**
 * The token stored under `key`, if it decodes and has not expired; on failure, says why without quoting the content
 * (it holds the token).
 *
 * @example
 * const cached = yield* loadEntry(dir, key) // Option<AccessInfo>
 */
export const loadEntry = (dir: StoreDirectory, key: string): Effect.Effect<Option.Option<AccessInfo.AccessInfo>> => {
  const file = entryPath(dir, key)
  return Effect.gen(function* () {
    const read = yield* readOption(dir.fs, file).pipe(Effect.result)
    if (read._tag === "Failure") {
      yield* Effect.logWarning(`TokenStore: cannot read ${file}, removing it: ${read.failure.message}`)
      yield* Effect.ignore(dir.fs.remove(file))
      return Option.none()
    }
    if (Option.isNone(read.success)) return Option.none()
    return yield* decodeFresh(dir, file, read.success.value)
  })
}

/**
 * Stores `access` under `key` (atomically), then sweeps orphaned temporary files; a failure is logged as a warning.
 *
 * @example
 * yield* saveEntry(dir, key, access)
 */
export const saveEntry = (dir: StoreDirectory, key: string, access: AccessInfo.AccessInfo): Effect.Effect<void> =>
  Effect.gen(function* () {
    const text = yield* encodeEntry(access, yield* Clock.currentTimeMillis)
    yield* ensureDirectory(dir)
    yield* writeAtomic(dir, entryPath(dir, key), text)
    yield* sweepOrphans(dir)
  }).pipe(
    Effect.catch((error) =>
      Effect.logWarning(
        `TokenStore: could not save the token in ${entryPath(dir, key)}: ${typeof error === "string" ? error : error.message}`
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

/** Removes `file` if it holds `token` (compare-then-remove). */
const removeHolding = (dir: StoreDirectory, file: string, token: Redacted.Redacted<string>) =>
  Effect.gen(function* () {
    const text = yield* readOption(dir.fs, file)
    if (Option.isSome(text) && (yield* holdsToken(text.value, token))) {
      yield* removeIfUnchanged(dir, file, text.value)
    }
  })

/**
 * Removes the entry of `key`; with `token`, only if the entry still holds that token. A failure is logged as a warning.
 *
 * @example
 * yield* removeEntry(dir, key, access.authToken)
 */
export const removeEntry = (
  dir: StoreDirectory,
  key: string,
  token?: Redacted.Redacted<string>
): Effect.Effect<void> => {
  const file = entryPath(dir, key)
  const removal = token === undefined
    ? dir.fs.remove(file).pipe(Effect.catchIf(isNotFound, () => Effect.void))
    : removeHolding(dir, file, token)
  return removal.pipe(
    Effect.catch((error) => Effect.logWarning(`TokenStore: could not remove ${file}: ${error.message}`))
  )
}
