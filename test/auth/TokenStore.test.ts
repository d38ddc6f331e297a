import { spawn } from "node:child_process"
import { createHash } from "node:crypto"
import { homedir, hostname } from "node:os"
import { NodeFileSystem, NodePath } from "@effect/platform-node"
import { assert, describe, it } from "@effect/vitest"
import {
  ConfigProvider,
  Deferred,
  Duration,
  Effect,
  Fiber,
  FileSystem,
  Layer,
  Logger,
  Option,
  Path,
  type PlatformError,
  Redacted,
  type Scope
} from "effect"
import { TestClock } from "effect/testing"
import { AccessInfo } from "effect-openstack"
import { Fixtures } from "effect-openstack/testing"
import { type Child, startChild as startScript } from "../support/children.ts"
import {
  cacheKey,
  defaultDirectory,
  makeFile,
  makeMemory,
  TokenStore,
  type TokenStoreService
} from "../../src/node/TokenStore.ts"

// ---------------------------------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------------------------------

const NodeLayer = Layer.mergeAll(NodeFileSystem.layer, NodePath.layer)

const decode = (token: Fixtures.V3Token) => Effect.runSync(AccessInfo.fromV3(token.body, token.subjectToken))

/** A decoded fixture token; an hour of validity unless `expires` says otherwise. */
const makeToken = (options: Fixtures.V3TokenOptions = {}) =>
  decode(new Fixtures.V3Token({ projectName: "demo", roles: ["member"], ...options }))

const stored = (access: AccessInfo.AccessInfo) => AccessInfo.toStored(access)

const KEY = cacheKey("https://keystone.example/v3", { plugin: "password", username: "demo" })

/** Log lines written while `effect` ran, through a logger that replaces the others. */
const captureLogs = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
  Effect.gen(function* () {
    const logs: Array<{ readonly level: string, readonly message: string }> = []
    const logger = Logger.make((options) => {
      const message = Array.isArray(options.message) ? options.message.map(String).join(" ") : String(options.message)
      logs.push({ level: options.logLevel, message })
    })
    const result = yield* effect.pipe(Effect.provide(Logger.layer([logger])))
    return { result, logs }
  })

const warningsOf = (logs: ReadonlyArray<{ readonly level: string, readonly message: string }>) =>
  logs.filter((l) => l.level === "Warn").map((l) => l.message)

/** A fresh temporary directory (removed with the test's scope) and the token directory inside it. */
const tempDirectory = Effect.gen(function* () {
  const fs = yield* FileSystem.FileSystem
  const path = yield* Path.Path
  const root = yield* fs.makeTempDirectoryScoped({ prefix: "token-store-" })
  return { root, tokens: path.join(root, "tokens") }
})

/** The names in a directory, sorted (empty when it does not exist). */
const namesIn = (directory: string) =>
  Effect.gen(function* () {
    const fs = yield* FileSystem.FileSystem
    const names = yield* fs.readDirectory(directory).pipe(Effect.orElseSucceed((): ReadonlyArray<string> => []))
    return [...names].sort()
  })

/** Takes the lock of KEY, says so, and holds it until interrupted. */
const holdForever = (store: TokenStoreService, inside: Deferred.Deferred<void>) =>
  store.withLock(KEY, Effect.andThen(Deferred.succeed(inside, undefined), Effect.never))

const elapsed = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
  Effect.gen(function* () {
    const start = Date.now()
    const result = yield* effect
    return { result, millis: Date.now() - start }
  })

/** The pid of a process that has exited (a short-lived child). */
const deadPid = Effect.callback<number>((resume) => {
  const child = spawn(process.execPath, ["-e", ""], { stdio: "ignore" })
  child.on("exit", () => resume(Effect.succeed(child.pid ?? 2 ** 22 - 1)))
})

const hostTag = createHash("sha256").update(hostname()).digest("hex").slice(0, 8)

type NodeServices = FileSystem.FileSystem | Path.Path

interface TempDirectory {
  readonly root: string
  readonly tokens: string
}

interface StoreKind {
  readonly name: string
  readonly make: (directory: string) => Effect.Effect<TokenStoreService, never, FileSystem.FileSystem | Path.Path>
}

const kinds: ReadonlyArray<StoreKind> = [
  { name: "memory", make: () => makeMemory() },
  { name: "file", make: (directory) => makeFile({ directory }) }
]

// ---------------------------------------------------------------------------------------------------------------------
// Both stores
// ---------------------------------------------------------------------------------------------------------------------

for (const kind of kinds) {
  describe(`TokenStore ${kind.name}`, () => {
    const withStore = <A, E>(
      f: (store: TokenStoreService, dir: TempDirectory) => Effect.Effect<A, E, NodeServices | Scope.Scope>
    ) =>
      Effect.gen(function* () {
        const dir = yield* tempDirectory
        return yield* f(yield* kind.make(dir.tokens), dir)
      }).pipe(Effect.provide(NodeLayer))

    it.live("save then load gives the same token; a missing key is None", () =>
      withStore((store) =>
        Effect.gen(function* () {
          const access = makeToken()
          yield* store.save(KEY, access)
          const loaded = yield* store.load(KEY)
          assert.isTrue(Option.isSome(loaded))
          if (Option.isSome(loaded)) assert.deepStrictEqual(stored(loaded.value), stored(access))
          assert.isTrue(Option.isNone(yield* store.load(cacheKey("https://other/v3", { username: "demo" }))))
        })
      ))

    it.live("save replaces the entry", () =>
      withStore((store) =>
        Effect.gen(function* () {
          const first = makeToken()
          const second = makeToken()
          yield* store.save(KEY, first)
          yield* store.save(KEY, second)
          const loaded = yield* store.load(KEY)
          assert.deepStrictEqual(Option.map(loaded, stored), Option.some(stored(second)))
        })
      ))

    it.live("an expired token is never returned, and its entry is removed", () =>
      withStore((store, dir) =>
        Effect.gen(function* () {
          const fs = yield* FileSystem.FileSystem
          yield* store.save(KEY, makeToken({ expires: new Date(Date.now() - 60_000) }))
          assert.isTrue(Option.isNone(yield* store.load(KEY)))
          assert.isFalse(yield* fs.exists(`${dir.tokens}/${KEY}.json`))
          const later = makeToken({ expires: new Date(Date.now() + 3_600_000) })
          yield* store.save(KEY, later)
          assert.deepStrictEqual(Option.map(yield* store.load(KEY), stored), Option.some(stored(later)))
        })
      ))

    it.effect("expiry is judged by the Effect clock", () =>
      withStore((store, dir) =>
        Effect.gen(function* () {
          const fs = yield* FileSystem.FileSystem
          yield* TestClock.setTime(Date.parse("2030-01-01T00:00:00Z"))
          const access = makeToken({ expires: "2030-01-01T01:00:00.000000Z" })
          yield* store.save(KEY, access)
          yield* TestClock.adjust("59 minutes")
          assert.deepStrictEqual(Option.map(yield* store.load(KEY), stored), Option.some(stored(access)))
          yield* TestClock.adjust("1 minute")
          assert.isTrue(Option.isNone(yield* store.load(KEY)))
          assert.isFalse(yield* fs.exists(`${dir.tokens}/${KEY}.json`))
        })
      ))

    it.live("remove with the stored token removes it; with another token keeps it; without a token removes", () =>
      withStore((store) =>
        Effect.gen(function* () {
          const access = makeToken()
          yield* store.save(KEY, access)
          yield* store.remove(KEY, Redacted.make("gAAAAA-some-older-token"))
          assert.isTrue(Option.isSome(yield* store.load(KEY)), "a different token keeps the entry")
          yield* store.remove(KEY, access.authToken)
          assert.isTrue(Option.isNone(yield* store.load(KEY)), "the same token removes it")
          yield* store.save(KEY, access)
          yield* store.remove(KEY)
          assert.isTrue(Option.isNone(yield* store.load(KEY)), "no token removes it")
          yield* store.remove(KEY) // removing a missing entry is fine
          yield* store.remove(KEY, access.authToken)
        })
      ))

    it.live("withLock: two fibers on one key run one after the other", () =>
      withStore((store) =>
        Effect.gen(function* () {
          const events: Array<string> = []
          const firstIn = yield* Deferred.make<void>()
          const release = yield* Deferred.make<void>()
          const first = yield* Effect.forkChild(
            store.withLock(
              KEY,
              Effect.gen(function* () {
                events.push("first in")
                yield* Deferred.succeed(firstIn, undefined)
                yield* Deferred.await(release)
                events.push("first out")
              })
            )
          )
          yield* Deferred.await(firstIn)
          const second = yield* Effect.forkChild(
            store.withLock(KEY, Effect.sync(() => void events.push("second in")))
          )
          yield* Effect.sleep("150 millis")
          assert.deepStrictEqual(events, ["first in"], "the second waits while the first holds the lock")
          yield* Deferred.succeed(release, undefined)
          yield* Fiber.join(first)
          yield* Fiber.join(second).pipe(Effect.timeout("5 seconds"))
          assert.deepStrictEqual(events, ["first in", "first out", "second in"])
        })
      ))

    it.live("withLock: different keys run concurrently", () =>
      withStore((store) =>
        Effect.gen(function* () {
          const otherKey = cacheKey("https://keystone.example/v3", { plugin: "password", username: "other" })
          const met = yield* Deferred.make<void>()
          // Each waits for the other to be inside its lock: only possible if both hold their locks at once.
          const a = store.withLock(KEY, Deferred.await(met))
          const b = store.withLock(otherKey, Deferred.succeed(met, undefined))
          yield* Effect.all([a, b], { concurrency: "unbounded" }).pipe(Effect.timeout("5 seconds"))
        })
      ))

    it.live("withLock: released after a failure and after an interruption", () =>
      withStore((store) =>
        Effect.gen(function* () {
          const failed = yield* Effect.flip(store.withLock(KEY, Effect.fail("boom" as const)))
          assert.strictEqual(failed, "boom")
          assert.strictEqual(yield* store.withLock(KEY, Effect.succeed(1)).pipe(Effect.timeout("2 seconds")), 1)
          const inside = yield* Deferred.make<void>()
          const fiber = yield* Effect.forkChild(holdForever(store, inside))
          yield* Deferred.await(inside)
          yield* Fiber.interrupt(fiber)
          assert.strictEqual(yield* store.withLock(KEY, Effect.succeed(2)).pipe(Effect.timeout("2 seconds")), 2)
        })
      ))
  })
}

// ---------------------------------------------------------------------------------------------------------------------
// Memory store
// ---------------------------------------------------------------------------------------------------------------------

describe("TokenStore.memory", () => {
  it.effect("each instance of the layer is its own store", () =>
    Effect.gen(function* () {
      const access = makeToken()
      yield* TokenStore.use((store) => store.save(KEY, access)).pipe(Effect.provide(TokenStore.memory))
      const loaded = yield* TokenStore.use((store) => store.load(KEY)).pipe(Effect.provide(TokenStore.memory))
      assert.isTrue(Option.isNone(loaded))
      const both = yield* Effect.gen(function* () {
        const store = yield* TokenStore
        yield* store.save(KEY, access)
        return yield* store.load(KEY)
      }).pipe(Effect.provide(TokenStore.memory))
      assert.isTrue(Option.isSome(both))
    }))

  it.live("a lock held past lockTimeout: the waiter logs a warning and runs without it", () =>
    Effect.gen(function* () {
      const store = yield* makeMemory({ lockTimeout: "100 millis" })
      const inside = yield* Deferred.make<void>()
      const holder = yield* Effect.forkChild(holdForever(store, inside))
      yield* Deferred.await(inside)
      const { logs, result } = yield* captureLogs(elapsed(store.withLock(KEY, Effect.succeed("ran"))))
      assert.strictEqual(result.result, "ran")
      assert.isAtLeast(result.millis, 90)
      assert.isBelow(result.millis, 2_000)
      assert.lengthOf(warningsOf(logs), 1)
      assert.include(warningsOf(logs)[0], "going on without it")
      yield* Fiber.interrupt(holder)
    }))
})

// ---------------------------------------------------------------------------------------------------------------------
// File store
// ---------------------------------------------------------------------------------------------------------------------

describe("TokenStore.file", () => {
  const SECRET = "gAAAAA-this-is-the-secret-token-value"
  const validEntry = (access: AccessInfo.AccessInfo) =>
    JSON.stringify({ version: 1, savedAt: new Date().toISOString(), stored: AccessInfo.toStored(access) })
  const secretToken = makeToken({ subjectToken: SECRET })

  const corruptions: ReadonlyArray<readonly [string, string]> = [
    ["garbage", `\u0000\u0001 not json at all ${SECRET}`],
    ["truncated JSON", validEntry(secretToken).slice(0, 120)],
    ["valid JSON of the wrong shape", JSON.stringify({ token: SECRET, hello: "world" })],
    ["another version", JSON.stringify({ ...JSON.parse(validEntry(secretToken)), version: 2 })],
    [
      "a stored token that does not decode",
      JSON.stringify({ version: 1, savedAt: "x", stored: { authToken: SECRET, body: { token: { methods: 3 } } } })
    ],
    ["an empty file", ""]
  ]

  for (const [name, content] of corruptions) {
    it.live(`a corrupt entry (${name}): None, a warning without the token, the file removed`, () =>
      Effect.gen(function* () {
        const fs = yield* FileSystem.FileSystem
        const dir = yield* tempDirectory
        const store = yield* makeFile({ directory: dir.tokens })
        const file = `${dir.tokens}/${KEY}.json`
        yield* fs.makeDirectory(dir.tokens, { recursive: true })
        yield* fs.writeFileString(file, content)
        const { result, logs } = yield* captureLogs(store.load(KEY))
        assert.isTrue(Option.isNone(result))
        const warnings = warningsOf(logs)
        assert.lengthOf(warnings, 1)
        assert.include(warnings[0], `${KEY}.json`)
        for (const log of logs) {
          assert.notInclude(log.message, SECRET)
          assert.notInclude(log.message, "this-is-the-secret")
        }
        assert.isFalse(yield* fs.exists(file), "the corrupt file is removed")
        const fresh = makeToken()
        yield* store.save(KEY, fresh)
        assert.deepStrictEqual(Option.map(yield* store.load(KEY), stored), Option.some(stored(fresh)))
      }).pipe(Effect.provide(NodeLayer)))
  }

  it.live("a token body nested too deeply to serialise (a proxy's bind field): not stored, a warning, no defect", () =>
    Effect.gen(function* () {
      const fixture = new Fixtures.V3Token({ projectName: "demo", subjectToken: SECRET })
      let nested: unknown = {}
      for (let i = 0; i < 100_000; i++) nested = { kerberos: nested }
      const { token } = fixture.body as { readonly token: Record<string, unknown> }
      const access = yield* AccessInfo.fromV3({ token: { ...token, bind: nested } }, SECRET)
      const dir = yield* tempDirectory
      const store = yield* makeFile({ directory: dir.tokens })
      const { logs } = yield* captureLogs(store.save(KEY, access))
      const warnings = warningsOf(logs)
      assert.lengthOf(warnings, 1)
      assert.include(warnings[0], "could not save the token")
      assert.include(warnings[0], "cannot be written as JSON")
      for (const log of logs) assert.notInclude(log.message, SECRET)
      assert.isTrue(Option.isNone(yield* store.load(KEY)))
      assert.deepStrictEqual(yield* namesIn(dir.tokens), [])
    }).pipe(Effect.provide(NodeLayer)))

  it.live("a corrupt entry is replaced by the next save", () =>
    Effect.gen(function* () {
      const fs = yield* FileSystem.FileSystem
      const dir = yield* tempDirectory
      const store = yield* makeFile({ directory: dir.tokens })
      yield* fs.makeDirectory(dir.tokens, { recursive: true })
      yield* fs.writeFileString(`${dir.tokens}/${KEY}.json`, "{ not json")
      const access = makeToken()
      yield* store.save(KEY, access)
      const { result, logs } = yield* captureLogs(store.load(KEY))
      assert.deepStrictEqual(Option.map(result, stored), Option.some(stored(access)))
      assert.deepStrictEqual(warningsOf(logs), [])
    }).pipe(Effect.provide(NodeLayer)))

  it.live("the file is a version-1 envelope around AccessInfo.toStored", () =>
    Effect.gen(function* () {
      const fs = yield* FileSystem.FileSystem
      const dir = yield* tempDirectory
      const store = yield* makeFile({ directory: dir.tokens })
      const access = makeToken()
      yield* store.save(KEY, access)
      const json: unknown = JSON.parse(yield* fs.readFileString(`${dir.tokens}/${KEY}.json`))
      assert.deepInclude(json, { version: 1, stored: AccessInfo.toStored(access) })
      assert.isTrue(typeof json === "object" && json !== null && "savedAt" in json && typeof json.savedAt === "string")
    }).pipe(Effect.provide(NodeLayer)))

  const withUmask = <A, E, R>(mask: number, effect: Effect.Effect<A, E, R>) =>
    Effect.acquireUseRelease(
      Effect.sync(() => process.umask(mask)),
      () => effect,
      (previous) => Effect.sync(() => void process.umask(previous))
    )

  for (const mask of [0o022, 0o002, 0o000]) {
    it.live(`permissions: directory 0700, file 0600 (umask ${mask.toString(8).padStart(3, "0")})`, () =>
      withUmask(
        mask,
        Effect.gen(function* () {
          const fs = yield* FileSystem.FileSystem
          const dir = yield* tempDirectory
          const tokens = `${dir.root}/deeper/tokens`
          const store = yield* makeFile({ directory: tokens })
          yield* store.save(KEY, makeToken())
          assert.strictEqual((yield* fs.stat(tokens)).mode & 0o777, 0o700)
          assert.strictEqual((yield* fs.stat(`${tokens}/${KEY}.json`)).mode & 0o777, 0o600)
        })
      ).pipe(Effect.provide(NodeLayer)))
  }

  it.live("permissions: an existing directory open to others is narrowed to 0700", () =>
    Effect.gen(function* () {
      const fs = yield* FileSystem.FileSystem
      const dir = yield* tempDirectory
      yield* fs.makeDirectory(dir.tokens)
      yield* fs.chmod(dir.tokens, 0o755)
      const store = yield* makeFile({ directory: dir.tokens })
      yield* store.save(KEY, makeToken())
      assert.strictEqual((yield* fs.stat(dir.tokens)).mode & 0o777, 0o700)
    }).pipe(Effect.provide(NodeLayer)))

  it.live("atomic writes: concurrent saves leave one complete entry and no temporary file", () =>
    Effect.gen(function* () {
      const dir = yield* tempDirectory
      const store = yield* makeFile({ directory: dir.tokens })
      const tokens = Array.from({ length: 20 }, () => makeToken())
      yield* Effect.forEach(tokens, (t) => store.save(KEY, t), { concurrency: "unbounded", discard: true })
      assert.deepStrictEqual(yield* namesIn(dir.tokens), [`${KEY}.json`])
      const { result, logs } = yield* captureLogs(store.load(KEY))
      assert.deepStrictEqual(warningsOf(logs), [])
      assert.isTrue(Option.isSome(result))
      const token = Option.map(result, (a) => Redacted.value(a.authToken))
      assert.isTrue(tokens.some((t) => Option.contains(token, Redacted.value(t.authToken))))
    }).pipe(Effect.provide(NodeLayer)))

  /**
   * A FileSystem that "crashes" in the middle of every write of file content: it writes the first half of the bytes,
   * says so, and hangs. What is on disk at that moment is what a process killed mid-write would leave.
   */
  const crashingFileSystem = (crashed: Deferred.Deferred<void>) =>
    Layer.effect(
      FileSystem.FileSystem,
      Effect.gen(function* () {
        const real = yield* FileSystem.FileSystem
        const crash = <A>(written: Effect.Effect<A, PlatformError.PlatformError>) =>
          written.pipe(Effect.andThen(Deferred.succeed(crashed, undefined)), Effect.andThen(Effect.never))
        const half = (data: Uint8Array) => data.subarray(0, Math.floor(data.length / 2))
        const crashingFile = (file: FileSystem.File): FileSystem.File => ({
          [FileSystem.FileTypeId]: FileSystem.FileTypeId,
          stat: file.stat,
          seek: (offset, from) => file.seek(offset, from),
          sync: file.sync,
          read: (buffer, options) => file.read(buffer, options),
          readAlloc: (size, options) => file.readAlloc(size, options),
          truncate: (length) => file.truncate(length),
          write: (buffer) => crash(file.write(half(buffer))),
          writeAll: (buffer) => crash(file.writeAll(half(buffer)))
        })
        return FileSystem.make({
          ...real,
          writeFile: (path, data, options) => crash(real.writeFile(path, half(data), options)),
          open: (path, options) => Effect.map(real.open(path, options), crashingFile)
        })
      })
    ).pipe(Layer.provide(NodeFileSystem.layer))

  it.live("a crash mid-write leaves the previous entry complete; an interrupted save leaves no temporary file", () =>
    Effect.gen(function* () {
      const dir = yield* tempDirectory
      const store = yield* makeFile({ directory: dir.tokens })
      const old = makeToken()
      yield* store.save(KEY, old)
      const crashed = yield* Deferred.make<void>()
      const crashing = yield* makeFile({ directory: dir.tokens }).pipe(
        Effect.provide(Layer.mergeAll(crashingFileSystem(crashed), NodePath.layer))
      )
      const saving = yield* Effect.forkChild(crashing.save(KEY, makeToken({ bind: { padding: "x".repeat(100_000) } })))
      yield* Deferred.await(crashed).pipe(Effect.timeout("5 seconds"))
      // The "process" is stuck halfway through writing: the entry on disk is still the old, complete one.
      const { result, logs } = yield* captureLogs(loadWithFreshStore(dir.tokens))
      assert.deepStrictEqual(Option.map(result, stored), Option.some(stored(old)))
      assert.deepStrictEqual(warningsOf(logs), [])
      assert.lengthOf(yield* namesIn(dir.tokens), 2, "the entry and the half-written temporary file")
      yield* Fiber.interrupt(saving)
      assert.deepStrictEqual(yield* namesIn(dir.tokens), [`${KEY}.json`])
    }).pipe(Effect.provide(NodeLayer)))

  it.live("a save sweeps temporary files left by dead processes, keeps those of live ones", () =>
    Effect.gen(function* () {
      const fs = yield* FileSystem.FileSystem
      const dir = yield* tempDirectory
      yield* fs.makeDirectory(dir.tokens)
      const dead = yield* deadPid
      const ofDeadProcess = `.${KEY}.json.${hostTag}.${dead}.abc.tmp`
      const ofLiveProcess = `.${KEY}.json.${hostTag}.${process.pid}.def.tmp`
      const oldOfOtherHost = `.${KEY}.json.00000000.1.ghi.tmp`
      const freshOfOtherHost = `.${KEY}.json.00000000.1.jkl.tmp`
      for (const name of [ofDeadProcess, ofLiveProcess, oldOfOtherHost, freshOfOtherHost]) {
        yield* fs.writeFileString(`${dir.tokens}/${name}`, "{\"partial\":")
      }
      const hourAgo = new Date(Date.now() - 3_600_000)
      yield* fs.utimes(`${dir.tokens}/${oldOfOtherHost}`, hourAgo, hourAgo)
      const store = yield* makeFile({ directory: dir.tokens })
      yield* store.save(KEY, makeToken())
      assert.deepStrictEqual(yield* namesIn(dir.tokens), [ofLiveProcess, freshOfOtherHost, `${KEY}.json`].sort())
    }).pipe(Effect.provide(NodeLayer)))

  it.live("a key that is not a hash is hashed for the file name: it cannot escape the directory or show", () =>
    Effect.gen(function* () {
      const dir = yield* tempDirectory
      const store = yield* makeFile({ directory: dir.tokens })
      const key = "../../demo:hunter2"
      const access = makeToken()
      yield* store.save(key, access)
      assert.deepStrictEqual(yield* namesIn(dir.root), ["tokens"])
      const names = yield* namesIn(dir.tokens)
      assert.lengthOf(names, 1)
      assert.match(names[0] ?? "", /^[0-9a-f]{64}\.json$/)
      assert.deepStrictEqual(Option.map(yield* store.load(key), stored), Option.some(stored(access)))
    }).pipe(Effect.provide(NodeLayer)))

  it.live("an unusable directory: nothing fails, everything is logged", () =>
    Effect.gen(function* () {
      const fs = yield* FileSystem.FileSystem
      const dir = yield* tempDirectory
      const notADirectory = `${dir.root}/file`
      yield* fs.writeFileString(notADirectory, "")
      const store = yield* makeFile({ directory: notADirectory })
      const { result, logs } = yield* captureLogs(
        Effect.gen(function* () {
          yield* store.save(KEY, makeToken())
          const loaded = yield* store.load(KEY)
          yield* store.remove(KEY)
          const locked = yield* store.withLock(KEY, Effect.succeed("ran"))
          return { loaded, locked }
        })
      )
      assert.isTrue(Option.isNone(result.loaded))
      assert.strictEqual(result.locked, "ran")
      const warnings = warningsOf(logs)
      assert.isTrue(warnings.some((w) => w.includes("could not save")))
      assert.isTrue(warnings.some((w) => w.includes("cannot create the lock file")))
    }).pipe(Effect.provide(NodeLayer)))

  it.live("TokenStore.file() without a directory uses $XDG_CACHE_HOME/effect-openstack/tokens", () =>
    Effect.gen(function* () {
      const fs = yield* FileSystem.FileSystem
      const dir = yield* tempDirectory
      yield* TokenStore.use((store) => store.save(KEY, makeToken())).pipe(
        Effect.provide(TokenStore.file()),
        Effect.provide(ConfigProvider.layer(ConfigProvider.fromEnv({ env: { XDG_CACHE_HOME: dir.root } })))
      )
      assert.isTrue(yield* fs.exists(`${dir.root}/effect-openstack/tokens/${KEY}.json`))
    }).pipe(Effect.provide(NodeLayer)))

  // --- the lock, within this process (two stores are two "processes" as far as the lock file knows) ----------------

  const writeLock = (file: string, holder: { pid: number, host?: string, acquiredAt: number }) =>
    Effect.gen(function* () {
      const fs = yield* FileSystem.FileSystem
      yield* fs.writeFileString(file, JSON.stringify({ host: hostname(), nonce: "n", ...holder }))
    })

  it.live("two store instances on one directory exclude each other through the lock file", () =>
    Effect.gen(function* () {
      const fs = yield* FileSystem.FileSystem
      const dir = yield* tempDirectory
      const a = yield* makeFile({ directory: dir.tokens })
      const b = yield* makeFile({ directory: dir.tokens })
      const events: Array<string> = []
      const inside = yield* Deferred.make<void>()
      const release = yield* Deferred.make<void>()
      const first = yield* Effect.forkChild(a.withLock(KEY, Effect.gen(function* () {
        events.push("a in")
        yield* Deferred.succeed(inside, undefined)
        yield* Deferred.await(release)
        events.push("a out")
      })))
      yield* Deferred.await(inside)
      assert.isTrue(yield* fs.exists(`${dir.tokens}/${KEY}.lock`))
      const second = yield* Effect.forkChild(b.withLock(KEY, Effect.sync(() => void events.push("b in"))))
      yield* Effect.sleep("300 millis")
      assert.deepStrictEqual(events, ["a in"])
      yield* Deferred.succeed(release, undefined)
      yield* Fiber.join(first)
      yield* Fiber.join(second).pipe(Effect.timeout("5 seconds"))
      assert.deepStrictEqual(events, ["a in", "a out", "b in"])
      assert.deepStrictEqual(yield* namesIn(dir.tokens), [], "the lock file is gone")
    }).pipe(Effect.provide(NodeLayer)))

  it.live("the lock file is removed after success, failure and interruption", () =>
    Effect.gen(function* () {
      const fs = yield* FileSystem.FileSystem
      const dir = yield* tempDirectory
      const store = yield* makeFile({ directory: dir.tokens })
      const lock = `${dir.tokens}/${KEY}.lock`
      const seen = yield* store.withLock(KEY, fs.exists(lock))
      assert.isTrue(seen, "held while the effect runs")
      assert.isFalse(yield* fs.exists(lock))
      yield* Effect.flip(store.withLock(KEY, Effect.fail("boom")))
      assert.isFalse(yield* fs.exists(lock))
      const inside = yield* Deferred.make<void>()
      const fiber = yield* Effect.forkChild(holdForever(store, inside))
      yield* Deferred.await(inside)
      assert.isTrue(yield* fs.exists(lock))
      yield* Fiber.interrupt(fiber)
      assert.isFalse(yield* fs.exists(lock))
    }).pipe(Effect.provide(NodeLayer)))

  it.live("a lock whose holder died is taken over at once", () =>
    Effect.gen(function* () {
      const fs = yield* FileSystem.FileSystem
      const dir = yield* tempDirectory
      yield* fs.makeDirectory(dir.tokens)
      yield* writeLock(`${dir.tokens}/${KEY}.lock`, { pid: yield* deadPid, acquiredAt: Date.now() })
      const store = yield* makeFile({ directory: dir.tokens, lockTimeout: "20 seconds" })
      const { result, logs } = yield* captureLogs(elapsed(store.withLock(KEY, Effect.succeed("ran"))))
      assert.strictEqual(result.result, "ran")
      assert.isBelow(result.millis, 2_000)
      const warnings = warningsOf(logs)
      assert.lengthOf(warnings, 1)
      assert.include(warnings[0], "took over the abandoned lock")
      assert.deepStrictEqual(yield* namesIn(dir.tokens), [])
    }).pipe(Effect.provide(NodeLayer)))

  it.live("a lock older than lockTimeout is taken over even if its holder lives", () =>
    Effect.gen(function* () {
      const fs = yield* FileSystem.FileSystem
      const dir = yield* tempDirectory
      yield* fs.makeDirectory(dir.tokens)
      yield* writeLock(`${dir.tokens}/${KEY}.lock`, { pid: process.pid, acquiredAt: Date.now() - 60_000 })
      const store = yield* makeFile({ directory: dir.tokens, lockTimeout: "10 seconds" })
      const { result, logs } = yield* captureLogs(elapsed(store.withLock(KEY, Effect.succeed("ran"))))
      assert.isBelow(result.millis, 2_000)
      assert.include(warningsOf(logs)[0], "took over the abandoned lock")
    }).pipe(Effect.provide(NodeLayer)))

  it.live("a lock file with no holder data is taken over once it is old", () =>
    Effect.gen(function* () {
      const fs = yield* FileSystem.FileSystem
      const dir = yield* tempDirectory
      yield* fs.makeDirectory(dir.tokens)
      const lock = `${dir.tokens}/${KEY}.lock`
      yield* fs.writeFileString(lock, "")
      const old = new Date(Date.now() - 60_000)
      yield* fs.utimes(lock, old, old)
      const store = yield* makeFile({ directory: dir.tokens, lockTimeout: "20 seconds" })
      const { result } = yield* captureLogs(elapsed(store.withLock(KEY, Effect.succeed("ran"))))
      assert.isBelow(result.millis, 2_000)
      assert.deepStrictEqual(yield* namesIn(dir.tokens), [])
    }).pipe(Effect.provide(NodeLayer)))

  it.live("a lock that cannot be judged (another host, its clock ahead): wait lockTimeout, warn, run, leave it", () =>
    Effect.gen(function* () {
      const fs = yield* FileSystem.FileSystem
      const dir = yield* tempDirectory
      yield* fs.makeDirectory(dir.tokens)
      const lock = `${dir.tokens}/${KEY}.lock`
      yield* writeLock(lock, { pid: 1, host: "another-host", acquiredAt: Date.now() + 60_000 })
      const before = yield* fs.readFileString(lock)
      const store = yield* makeFile({ directory: dir.tokens, lockTimeout: "400 millis" })
      const { result, logs } = yield* captureLogs(elapsed(store.withLock(KEY, Effect.succeed("ran"))))
      assert.strictEqual(result.result, "ran")
      assert.isAtLeast(result.millis, 390)
      assert.isBelow(result.millis, 3_000)
      const warnings = warningsOf(logs)
      assert.lengthOf(warnings, 1)
      assert.include(warnings[0], "going on without it")
      assert.strictEqual(yield* fs.readFileString(lock), before, "the other holder's lock is untouched")
    }).pipe(Effect.provide(NodeLayer)))

  it.live("a live holder past lockTimeout loses the lock to a waiter; its late release spares the new lock", () =>
    Effect.gen(function* () {
      const fs = yield* FileSystem.FileSystem
      const dir = yield* tempDirectory
      const lock = `${dir.tokens}/${KEY}.lock`
      const slow = yield* makeFile({ directory: dir.tokens })
      const waiter = yield* makeFile({ directory: dir.tokens, lockTimeout: "400 millis" })
      const slowInside = yield* Deferred.make<void>()
      const slowRelease = yield* Deferred.make<void>()
      const waiterInside = yield* Deferred.make<void>()
      const waiterRelease = yield* Deferred.make<void>()
      const slowFiber = yield* Effect.forkChild(
        slow.withLock(KEY, Effect.andThen(Deferred.succeed(slowInside, undefined), Deferred.await(slowRelease)))
      )
      yield* Deferred.await(slowInside)
      const slowLock = yield* fs.readFileString(lock)
      const waiterFiber = yield* Effect.forkChild(
        captureLogs(
          waiter.withLock(KEY, Effect.andThen(Deferred.succeed(waiterInside, undefined), Deferred.await(waiterRelease)))
        )
      )
      const { millis } = yield* elapsed(Deferred.await(waiterInside).pipe(Effect.timeout("5 seconds")))
      assert.isAtLeast(millis, 350, "the waiter waited for the lock to be older than lockTimeout")
      const waiterLock = yield* fs.readFileString(lock)
      assert.notStrictEqual(waiterLock, slowLock, "the waiter holds the lock now")
      yield* Deferred.succeed(slowRelease, undefined)
      yield* Fiber.join(slowFiber)
      assert.strictEqual(yield* fs.readFileString(lock), waiterLock, "the slow holder's release left it alone")
      yield* Deferred.succeed(waiterRelease, undefined)
      const { logs } = yield* Fiber.join(waiterFiber)
      assert.isTrue(warningsOf(logs).some((w) => w.includes("took over the abandoned lock")))
      assert.isFalse(yield* fs.exists(lock))
      assert.deepStrictEqual(yield* namesIn(dir.tokens), [])
    }).pipe(Effect.provide(NodeLayer)))

  it.live("fibers of one store past lockTimeout: warn and run without the lock", () =>
    Effect.gen(function* () {
      const dir = yield* tempDirectory
      const store = yield* makeFile({ directory: dir.tokens, lockTimeout: "200 millis" })
      const inside = yield* Deferred.make<void>()
      const holder = yield* Effect.forkChild(holdForever(store, inside))
      yield* Deferred.await(inside)
      const { result, logs } = yield* captureLogs(elapsed(store.withLock(KEY, Effect.succeed("ran"))))
      assert.strictEqual(result.result, "ran")
      assert.isAtLeast(result.millis, 190)
      assert.lengthOf(warningsOf(logs), 1)
      assert.include(warningsOf(logs)[0], "going on without it")
      yield* Fiber.interrupt(holder)
    }).pipe(Effect.provide(NodeLayer)))
})

// ---------------------------------------------------------------------------------------------------------------------
// cacheKey and defaultDirectory
// ---------------------------------------------------------------------------------------------------------------------

describe("cacheKey", () => {
  const url = "https://keystone.example:5000/v3"
  const identity = {
    plugin: "v3password",
    username: "demo",
    userDomainName: "Default",
    projectName: "demo",
    projectDomainName: "Default"
  }

  it("is 64 hex characters, stable, whatever the order of the options", () => {
    const key = cacheKey(url, identity)
    assert.match(key, /^[0-9a-f]{64}$/)
    assert.strictEqual(cacheKey(url, identity), key)
    const reversed = Object.fromEntries(Object.entries(identity).reverse())
    assert.strictEqual(cacheKey(url, reversed), key)
    assert.strictEqual(cacheKey(`${url}/`, identity), key, "a trailing slash is the same URL")
    assert.strictEqual(cacheKey(url, { ...identity, systemScope: undefined }), key, "undefined = absent")
  })

  it("differs for another user, project, domain, plugin, scope or auth URL", () => {
    const key = cacheKey(url, identity)
    const variants = [
      cacheKey(url, { ...identity, username: "other" }),
      cacheKey(url, { ...identity, projectName: "alt" }),
      cacheKey(url, { ...identity, userDomainName: "acme" }),
      cacheKey(url, { ...identity, plugin: "v3applicationcredential" }),
      cacheKey(url, { ...identity, trustId: "t1" }),
      cacheKey(url, { ...identity, systemScope: "all" }),
      cacheKey("https://other.example:5000/v3", identity),
      cacheKey(url, { ...identity, unscoped: true }),
      cacheKey(url, { ...identity, unscoped: "true" })
    ]
    assert.strictEqual(new Set([key, ...variants]).size, variants.length + 1)
  })

  it("ignores secrets: options named like password, passcode, secret or token", () => {
    const key = cacheKey(url, identity)
    const secrets = {
      password: "hunter2",
      userPassword: "hunter2",
      passcode: "123456",
      applicationCredentialSecret: "s3cr3t",
      client_secret: "s3cr3t",
      token: "gAAAAA-token",
      authToken: "gAAAAA-token"
    }
    assert.strictEqual(cacheKey(url, { ...identity, ...secrets }), key)
    assert.strictEqual(cacheKey(url, { ...identity, password: "another password" }), key)
    for (const value of Object.values(secrets)) assert.notInclude(cacheKey(url, { ...identity, ...secrets }), value)
  })
})

describe("defaultDirectory", () => {
  const withEnv = (env: Record<string, string>) =>
    defaultDirectory.pipe(
      Effect.provide(NodePath.layer),
      Effect.provide(ConfigProvider.layer(ConfigProvider.fromEnv({ env })))
    )

  it.effect("honours XDG_CACHE_HOME", () =>
    Effect.gen(function* () {
      assert.strictEqual(
        yield* withEnv({ XDG_CACHE_HOME: "/var/cache/me", HOME: "/home/me" }),
        "/var/cache/me/effect-openstack/tokens"
      )
    }))

  it.effect("else $HOME/.cache; a relative or empty XDG_CACHE_HOME is ignored", () =>
    Effect.gen(function* () {
      assert.strictEqual(yield* withEnv({ HOME: "/home/me" }), "/home/me/.cache/effect-openstack/tokens")
      assert.strictEqual(
        yield* withEnv({ XDG_CACHE_HOME: "relative/cache", HOME: "/home/me" }),
        "/home/me/.cache/effect-openstack/tokens"
      )
      assert.strictEqual(yield* withEnv({ XDG_CACHE_HOME: "", HOME: "/home/me" }), "/home/me/.cache/effect-openstack/tokens")
    }))

  it.effect("else the OS's home directory", () =>
    Effect.gen(function* () {
      assert.strictEqual(yield* withEnv({}), `${homedir()}/.cache/effect-openstack/tokens`)
    }))
})

// ---------------------------------------------------------------------------------------------------------------------
// Several processes
// ---------------------------------------------------------------------------------------------------------------------

const childScript = "test/support/token-store-process.ts"
const startChild = (mode: string, config: Record<string, unknown>) => startScript(childScript, [mode, JSON.stringify(config)])

/** Loads KEY with a new file store on `directory`. */
const loadWithFreshStore = (directory: string) => Effect.flatMap(makeFile({ directory }), (store) => store.load(KEY))

const killAndWait = (child: Child) =>
  Effect.andThen(Effect.sync(() => child.process.kill("SIGKILL")), child.exited.pipe(Effect.timeout("10 seconds")))

const linesOf = (text: string) => text.split("\n").filter((l) => l !== "")

describe("TokenStore.file across processes", () => {
  /** Starts `count` auth children, releases them together, and returns their "done" lines. */
  const authTogether = (count: number, config: Record<string, unknown>, go: string) =>
    Effect.gen(function* () {
      const fs = yield* FileSystem.FileSystem
      const children = yield* Effect.forEach(Array.from({ length: count }), () => startChild("auth", { ...config, go }))
      yield* Effect.forEach(children, (c) => c.waitFor("ready"), { concurrency: "unbounded" }).pipe(
        Effect.timeout("60 seconds")
      )
      yield* fs.writeFileString(go, "go")
      return yield* Effect.forEach(children, (c) => c.waitFor("done"), { concurrency: "unbounded" }).pipe(
        Effect.timeout("60 seconds")
      )
    })

  it.live("10 processes that start together with no token authenticate once; a second run not at all", () =>
    Effect.gen(function* () {
      const fs = yield* FileSystem.FileSystem
      const dir = yield* tempDirectory
      const counter = `${dir.root}/counter`
      const config = { directory: dir.tokens, key: KEY, counter, authDelayMs: 200 }

      const first = yield* authTogether(10, config, `${dir.root}/go-1`)
      assert.lengthOf(linesOf(yield* fs.readFileString(counter)), 1, "exactly one authentication")
      assert.deepStrictEqual(first.map((l) => l.result).sort(), ["authenticated", ...Array<string>(9).fill("cached")])
      assert.strictEqual(new Set(first.map((l) => l.fingerprint)).size, 1, "all ten have the same token")
      for (const line of first) assert.deepStrictEqual(line.warnings, [])
      assert.deepStrictEqual(yield* namesIn(dir.tokens), [`${KEY}.json`], "no lock or temporary file left")

      const second = yield* authTogether(3, config, `${dir.root}/go-2`)
      assert.lengthOf(linesOf(yield* fs.readFileString(counter)), 1, "no new authentication")
      assert.deepStrictEqual(second.map((l) => l.result), ["cached", "cached", "cached"])
      assert.deepStrictEqual(second.map((l) => l.fingerprint), Array(3).fill(first[0]?.fingerprint))
    }).pipe(Effect.provide(NodeLayer)), 180_000)

  it.live("a process killed (SIGKILL) while it holds the lock does not block the next one", () =>
    Effect.gen(function* () {
      const fs = yield* FileSystem.FileSystem
      const dir = yield* tempDirectory
      const counter = `${dir.root}/counter`
      const holder = yield* startChild("hold", { directory: dir.tokens, key: KEY, lockTimeoutMs: 30_000 })
      yield* holder.waitFor("locked").pipe(Effect.timeout("30 seconds"))
      assert.isTrue(yield* fs.exists(`${dir.tokens}/${KEY}.lock`))
      assert.strictEqual(yield* killAndWait(holder), "SIGKILL")

      const next = yield* startChild("auth", { directory: dir.tokens, key: KEY, counter, lockTimeoutMs: 30_000 })
      const done = yield* next.waitFor("done").pipe(Effect.timeout("30 seconds"))
      assert.strictEqual(done.result, "authenticated")
      assert.isBelow(Number(done.waitedMs), 5_000, "it did not wait for the lock to age: the dead holder was detected")
      const warnings = done.warnings as ReadonlyArray<string>
      assert.isTrue(warnings.some((w) => w.includes("took over the abandoned lock")), String(warnings))
      assert.isFalse(warnings.some((w) => w.includes("going on without it")))
      assert.deepStrictEqual(yield* namesIn(dir.tokens), [`${KEY}.json`], "no lock, temporary or corrupt file left")
      const { result, logs } = yield* captureLogs(loadWithFreshStore(dir.tokens))
      assert.isTrue(Option.isSome(result))
      assert.deepStrictEqual(warningsOf(logs), [])
    }).pipe(Effect.provide(NodeLayer)), 90_000)

  it.live("a process killed (SIGKILL) mid-write leaves the old or the new entry, never a partial one", () =>
    Effect.gen(function* () {
      const dir = yield* tempDirectory
      const store = yield* makeFile({ directory: dir.tokens })
      const original = makeToken()
      yield* store.save(KEY, original)
      const rounds = 8
      for (let round = 0; round < rounds; round++) {
        const writer = yield* startChild("write-loop", { directory: dir.tokens, key: KEY, padding: 8_000_000 })
        // Kill it right after it says it starts its 1st to 3rd save, a few milliseconds into the write.
        yield* writer.waitFor("saving", 1 + Math.floor(Math.random() * 3)).pipe(Effect.timeout("30 seconds"))
        yield* Effect.sleep(Duration.millis(Math.floor(Math.random() * 40)))
        assert.strictEqual(yield* killAndWait(writer), "SIGKILL")
        const names = yield* namesIn(dir.tokens)
        assert.include(names, `${KEY}.json`)
        for (const name of names) {
          if (name.endsWith(".json")) continue
          assert.match(name, /^\..*\.tmp$/, `only entries and temporary files: ${name}`)
        }
        // The entry there decodes: a fresh store loads it with no warning.
        const { result, logs } = yield* captureLogs(loadWithFreshStore(dir.tokens))
        assert.isTrue(Option.isSome(result), `round ${round}: the entry decodes`)
        assert.deepStrictEqual(warningsOf(logs), [], `round ${round}: no warning`)
      }
      // The next save sweeps the temporary files the killed writers left.
      yield* store.save(KEY, original)
      assert.deepStrictEqual(yield* namesIn(dir.tokens), [`${KEY}.json`])
    }).pipe(Effect.provide(NodeLayer)), 180_000)
})
