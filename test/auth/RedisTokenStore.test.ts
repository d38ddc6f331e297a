/**
 * The Redis token store on an in-memory fake of effect's `Redis` service (GET, SET with NX and PX, DEL, and the
 * store's compare-and-delete script), with the TestClock as the fake's clock too (PX expiry follows it). And, with
 * no Redis at all, the Node entry's `TokenStore.redis({ url })` (SharedRedis) under a real plugin.
 */
import { assert, describe, it } from "@effect/vitest"
import { Clock, Deferred, Effect, Fiber, Layer, Logger, Option, Random, Redacted } from "effect"
import * as Redis from "effect/persistence/Redis"
import { TestClock } from "effect/testing"
import { AccessInfo, Auth } from "effect-openstack"
import { SharedRedis, TokenStore as NodeTokenStore, Transport } from "effect-openstack/node"
import { Fixtures } from "effect-openstack/testing"
import { cacheKey, makeRedisStore, TokenStore, type RedisStoreOptions } from "../../src/auth/TokenStore.ts"
import { sha256Hex } from "../../src/internal/sha256.ts"
import { aesGcm } from "../../src/internal/tokenStore/seal.ts"
import { faultServer, keystoneOn } from "../support/faultServer.ts"
import { closedPort } from "../support/servers.ts"

// ---------------------------------------------------------------------------------------------------------------------
// An in-memory Redis
// ---------------------------------------------------------------------------------------------------------------------

interface Entry {
  readonly value: string
  /** Epoch milliseconds (of the Effect clock) when Redis drops it; undefined: never. */
  readonly expiresAt: number | undefined
}

/** How the fake answers: normally, failing every command (as a Redis that is down), or never (a stalled Redis). */
type Mode = "up" | "down" | "stall"

const makeFakeRedis = () => {
  const entries = new Map<string, Entry>()
  const commands: Array<ReadonlyArray<string>> = []
  let mode: Mode = "up"

  const live = (name: string | undefined, now: number): Entry | undefined => {
    if (name === undefined) return undefined
    const entry = entries.get(name)
    if (entry?.expiresAt !== undefined && entry.expiresAt <= now) {
      entries.delete(name)
      return undefined
    }
    return entry
  }

  const run = (command: string, args: ReadonlyArray<string>, now: number): unknown => {
    switch (command.toUpperCase()) {
      case "GET":
        return live(args[0], now)?.value ?? null
      case "SET": {
        const [name, value, ...flags] = args
        if (name === undefined || value === undefined) throw new Error("ERR wrong number of arguments for 'set' command")
        let nx = false
        let px: number | undefined
        for (let i = 0; i < flags.length; i++) {
          const flag = flags[i]?.toUpperCase()
          if (flag === "NX") nx = true
          else if (flag === "PX") {
            px = Number(flags[++i])
            if (!Number.isInteger(px) || px <= 0) throw new Error("ERR invalid expire time in 'set' command")
          } else throw new Error("ERR syntax error")
        }
        if (nx && live(name, now) !== undefined) return null
        entries.set(name, { value, expiresAt: px === undefined ? undefined : now + px })
        return "OK"
      }
      case "DEL":
        return args.filter((name) => live(name, now) !== undefined && entries.delete(name)).length
      case "EVAL": {
        // The one script of the store: delete KEYS[1] if its value starts with ARGV[1].
        const [lua = "", numberOfKeys = "0", ...rest] = args
        if (!lua.includes("string.sub") || !lua.includes("DEL")) throw new Error("NOSCRIPT the fake knows one script")
        const keys = rest.slice(0, Number(numberOfKeys))
        const [start = ""] = rest.slice(Number(numberOfKeys))
        const entry = live(keys[0], now)
        if (entry !== undefined && keys[0] !== undefined && entry.value.startsWith(start)) {
          entries.delete(keys[0])
          return 1
        }
        return 0
      }
      default:
        throw new Error(`ERR unknown command '${command}'`)
    }
  }

  const send = <A = unknown>(command: string, ...args: ReadonlyArray<string>): Effect.Effect<A, Redis.RedisError> =>
    Effect.suspend(() => {
      commands.push([command, ...args])
      if (mode === "down") return Effect.fail(new Redis.RedisError({ cause: new Error("connect ECONNREFUSED 127.0.0.1:6379") }))
      if (mode === "stall") return Effect.never
      return Effect.flatMap(Clock.currentTimeMillis, (now) =>
        Effect.try({ try: () => run(command, args, now) as A, catch: (cause) => new Redis.RedisError({ cause }) }))
    })

  const evalScript: Redis.Redis["Service"]["eval"] = (script) => (...params) =>
    send("EVAL", script.lua, String(script.numberOfKeys(...params)), ...script.params(...params).map(String))

  const service = Redis.Redis.of({
    send,
    eval: evalScript,
    subscribe: () => Effect.die("the fake has no pub/sub"),
    reserve: Effect.fail(new Redis.RedisError({ cause: new Error("the fake has no reserved connections") }))
  })

  return {
    service,
    layer: Layer.succeed(Redis.Redis, service),
    entries,
    commands,
    setMode: (next: Mode) => void (mode = next),
    valueOf: (name: string) => entries.get(name)?.value,
    /** The commands sent so far whose name (and first argument, when given) match. */
    sent: (command: string, name?: string) =>
      commands.filter((c) => c[0] === command && (name === undefined || c[1] === name))
  }
}

type FakeRedis = ReturnType<typeof makeFakeRedis>

// ---------------------------------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------------------------------

const storeKey = Redacted.make("0123456789abcdef0123456789abcdef-the-fleet-key")
const otherStoreKey = Redacted.make("fedcba9876543210fedcba9876543210-another-key")
const KEY = cacheKey("https://keystone.example/v3", { plugin: "password", username: "demo" })
const prefix = "effect-openstack:token:"
const NAME = `${prefix}${KEY}`
const LOCK = `${NAME}:lock`

const decode = (token: Fixtures.V3Token) => Effect.runSync(AccessInfo.fromV3(token.body, token.subjectToken))

/** A decoded fixture token: issued at `issuedAt` (epoch ms), valid `lifetime` seconds. */
const tokenAt = (issuedAt: number, lifetime = 3600, subjectToken = `gAAAAA-secret-token-${issuedAt}-${lifetime}`) =>
  decode(new Fixtures.V3Token({
    subjectToken,
    projectName: "demo",
    roles: ["member"],
    withCatalog: true,
    issued: new Date(issuedAt),
    expires: new Date(issuedAt + lifetime * 1000)
  }))

const stored = (access: AccessInfo.AccessInfo) => AccessInfo.toStored(access)
const secret = (access: AccessInfo.AccessInfo) => Redacted.value(access.authToken)

/** A store on the fake (each call: another "process" of the fleet, with its own semaphores and outage state). */
const storeOn = (fake: FakeRedis, options: Partial<RedisStoreOptions> = {}) =>
  makeRedisStore({ encryption: { key: storeKey }, ...options }).pipe(Effect.provideService(Redis.Redis, fake.service))

interface Log {
  readonly level: string
  readonly message: string
}

/** Runs `f` with a logger that keeps every line (and replaces the others). */
const withLogs = <A, E, R>(f: (logs: ReadonlyArray<Log>) => Effect.Effect<A, E, R>) => {
  const logs: Array<Log> = []
  const logger = Logger.make((options) => {
    const message = Array.isArray(options.message) ? options.message.map(String).join(" ") : String(options.message)
    logs.push({ level: options.logLevel, message })
  })
  return f(logs).pipe(Effect.provide(Logger.layer([logger])))
}

const warningsOf = (logs: ReadonlyArray<Log>) => logs.filter((l) => l.level === "Warn").map((l) => l.message)
const infosOf = (logs: ReadonlyArray<Log>) => logs.filter((l) => l.level === "Info").map((l) => l.message)

/**
 * Lock polls without jitter (every draw 0.5: ×1.0), so that the poll times are whole milliseconds and the tests can
 * name them. (With jitter, the poll times are fractions; the last sleep before the deadline is at least 1 ms, see the
 * test "the lock poll never spins at its deadline".)
 */
const noJitter = Effect.provideService(Random.Random, { nextIntUnsafe: () => 0, nextDoubleUnsafe: () => 0.5 })

/** Lets forked fibers run up to their next wait. */
const settle = Effect.gen(function* () {
  for (let i = 0; i < 20; i++) yield* Effect.yieldNow
})

// ---------------------------------------------------------------------------------------------------------------------
// Entries
// ---------------------------------------------------------------------------------------------------------------------

describe("TokenStore.redis: entries", () => {
  it.effect("save then load gives the same token; a missing key is None", () =>
    Effect.gen(function* () {
      const fake = makeFakeRedis()
      const store = yield* storeOn(fake)
      const access = tokenAt(0)
      yield* store.save(KEY, access)
      const loaded = yield* store.load(KEY)
      assert.isTrue(Option.isSome(loaded))
      if (Option.isSome(loaded)) {
        assert.deepStrictEqual(stored(loaded.value), stored(access))
        assert.strictEqual(secret(loaded.value), secret(access))
      }
      assert.isTrue(Option.isNone(yield* store.load(cacheKey("https://other.example/v3", { username: "demo" }))))
      // Another process of the fleet (same key) reads it too.
      const other = yield* storeOn(fake)
      const there = yield* other.load(KEY)
      assert.isTrue(Option.isSome(there) && secret(there.value) === secret(access))
    }))

  it.effect("the default Fixtures token round-trips too (times of the real clock)", () =>
    Effect.gen(function* () {
      const fake = makeFakeRedis()
      const store = yield* storeOn(fake)
      const token = new Fixtures.V3Token({ projectName: "demo", roles: ["member"] })
      const access = decode(token)
      yield* store.save(KEY, access)
      const loaded = yield* store.load(KEY)
      assert.isTrue(Option.isSome(loaded))
      if (Option.isSome(loaded)) assert.deepStrictEqual(stored(loaded.value), stored(access))
    }))

  it.effect("the raw value is the token's SHA-256, '.', then a sealed 's1.' entry that holds no token", () =>
    Effect.gen(function* () {
      const fake = makeFakeRedis()
      const store = yield* storeOn(fake)
      const access = tokenAt(0)
      yield* store.save(KEY, access)
      assert.deepStrictEqual([...fake.entries.keys()], [NAME])
      const raw = fake.valueOf(NAME) ?? ""
      assert.isTrue(raw.startsWith(`${sha256Hex(secret(access))}.s1.`), raw.slice(0, 80))
      assert.notInclude(raw, secret(access))
      assert.notInclude(raw, Buffer.from(secret(access)).toString("base64"))
      assert.notInclude(raw, "\"version\"")
      assert.notInclude(raw, "demo")
    }))

  it.effect("a key that is not a hash is stored under its SHA-256; `prefix` is put before every name", () =>
    Effect.gen(function* () {
      const fake = makeFakeRedis()
      const store = yield* storeOn(fake, { prefix: "mycloud:tokens:" })
      const odd = "user@example/../../etc"
      yield* store.save(odd, tokenAt(0))
      assert.deepStrictEqual([...fake.entries.keys()], [`mycloud:tokens:${sha256Hex(odd)}`])
      assert.isTrue(Option.isSome(yield* store.load(odd)))
    }))

  it.effect("TTL (PX) = freshUntil − now: expiry − min(staleDuration, lifetime / 2), on the Effect clock", () =>
    Effect.gen(function* () {
      const fake = makeFakeRedis()
      const store = yield* storeOn(fake)
      const pxOf = () => {
        const set = fake.sent("SET", NAME).at(-1) ?? []
        assert.strictEqual(set[3], "PX", JSON.stringify(set.slice(3)))
        assert.strictEqual(set.length, 5)
        return Number(set[4])
      }
      yield* TestClock.setTime(1_000_000)
      // An hour's token issued now: fresh until 120 s (the default stale window) before its expiry.
      yield* store.save(KEY, tokenAt(1_000_000, 3600))
      assert.strictEqual(pxOf(), 3_480_000)
      // Saved 10 minutes after it was issued: 10 minutes less.
      yield* TestClock.adjust("10 minutes")
      yield* store.save(KEY, tokenAt(1_000_000, 3600))
      assert.strictEqual(pxOf(), 2_880_000)
      // A 60-second token: fresh for half its life.
      const now = yield* Clock.currentTimeMillis
      yield* store.save(KEY, tokenAt(now, 60))
      assert.strictEqual(pxOf(), 30_000)
      // staleDuration of the store.
      const stale = yield* storeOn(fake, { staleDuration: "10 minutes" })
      yield* stale.save(KEY, tokenAt(now, 3600))
      assert.strictEqual(pxOf(), 3_000_000)
    }))

  it.effect("a token no longer fresh is not stored; an entry is gone once its TTL has passed", () =>
    Effect.gen(function* () {
      const fake = makeFakeRedis()
      const store = yield* storeOn(fake)
      yield* TestClock.setTime(10_000_000)
      // Issued an hour ago, 60 s left: inside the stale window.
      yield* store.save(KEY, tokenAt(10_000_000 - 3_540_000, 3600))
      assert.strictEqual(fake.sent("SET", NAME).length, 0)
      assert.isTrue(Option.isNone(yield* store.load(KEY)))
      // A fresh one lives in Redis until it stops being fresh.
      yield* store.save(KEY, tokenAt(10_000_000, 3600))
      yield* TestClock.adjust("3479 seconds")
      assert.isTrue(Option.isSome(yield* store.load(KEY)))
      yield* TestClock.adjust("1 second")
      assert.isTrue(Option.isNone(yield* store.load(KEY)))
      assert.strictEqual(fake.entries.size, 0)
    }))

  it.effect("remove with another token keeps the entry; with its token, or without one, deletes it", () =>
    Effect.gen(function* () {
      const fake = makeFakeRedis()
      const store = yield* storeOn(fake)
      const access = tokenAt(0, 3600, "gAAAAA-the-stored-one")
      yield* store.save(KEY, access)
      yield* store.remove(KEY, Redacted.make("gAAAAA-an-old-one"))
      assert.isTrue(Option.isSome(yield* store.load(KEY)))
      assert.isDefined(fake.valueOf(NAME))
      // The comparison is done in Redis, on the fingerprint (never the token).
      const evals = fake.sent("EVAL")
      assert.strictEqual(evals.length, 1)
      assert.deepStrictEqual(evals[0]?.slice(2), ["1", NAME, `${sha256Hex("gAAAAA-an-old-one")}.`])
      // A token that is a prefix of the stored one is another token.
      yield* store.remove(KEY, Redacted.make("gAAAAA-the-stored"))
      assert.isDefined(fake.valueOf(NAME))
      yield* store.remove(KEY, access.authToken)
      assert.isUndefined(fake.valueOf(NAME))
      assert.isTrue(Option.isNone(yield* store.load(KEY)))
      yield* store.save(KEY, access)
      yield* store.remove(KEY)
      assert.deepStrictEqual(fake.sent("DEL").at(-1), ["DEL", NAME])
      assert.isUndefined(fake.valueOf(NAME))
      for (const command of fake.commands) assert.notInclude(command.join(" "), "gAAAAA-the-stored-one")
    }))
})

// ---------------------------------------------------------------------------------------------------------------------
// Locks
// ---------------------------------------------------------------------------------------------------------------------

describe("TokenStore.redis: withLock", () => {
  it.effect("the lock is SET NX PX <lease> with a nonce, held while the effect runs, and released after", () =>
    Effect.gen(function* () {
      const fake = makeFakeRedis()
      const store = yield* storeOn(fake)
      let inside: string | undefined
      const result = yield* store.withLock(KEY, Effect.sync(() => {
        inside = fake.valueOf(LOCK)
        return 42
      }))
      assert.strictEqual(result, 42)
      const nonce = inside ?? ""
      assert.match(nonce, /^[0-9a-f-]{36}\.$/)
      const sets = fake.sent("SET", LOCK)
      assert.strictEqual(sets.length, 1)
      assert.deepStrictEqual(sets[0], ["SET", LOCK, nonce, "NX", "PX", "10000"])
      assert.isUndefined(fake.valueOf(LOCK), "released")
      // Released by compare-and-delete on its own nonce.
      assert.deepStrictEqual(fake.sent("EVAL").at(-1)?.slice(2), ["1", LOCK, nonce])
      // Released on failure too; lockLease sets the lease.
      const leased = yield* storeOn(fake, { lockLease: "3 seconds" })
      const error = yield* Effect.flip(leased.withLock(KEY, Effect.fail("boom")))
      assert.strictEqual(error, "boom")
      assert.strictEqual(fake.sent("SET", LOCK).at(-1)?.[5], "3000")
      assert.isUndefined(fake.valueOf(LOCK))
    }).pipe(noJitter))

  it.effect("another process's withLock waits while the first holds the lock, then runs", () =>
    Effect.gen(function* () {
      const fake = makeFakeRedis()
      const first = yield* storeOn(fake)
      const second = yield* storeOn(fake)
      const entered = yield* Deferred.make<void>()
      const release = yield* Deferred.make<void>()
      const order: Array<string> = []
      const a = yield* Effect.forkChild(first.withLock(KEY, Effect.gen(function* () {
        order.push("a in")
        yield* Deferred.succeed(entered, undefined)
        yield* Deferred.await(release)
        order.push("a out")
      })))
      yield* Deferred.await(entered)
      const held = fake.valueOf(LOCK)
      assert.isDefined(held)
      const b = yield* Effect.forkChild(second.withLock(KEY, Effect.sync(() => order.push("b"))))
      yield* settle
      yield* TestClock.adjust("2 seconds")
      assert.deepStrictEqual(order, ["a in"], "b waits")
      assert.strictEqual(fake.valueOf(LOCK), held, "the first still holds it")
      const tries = fake.sent("SET", LOCK).length
      assert.isAtLeast(tries, 5, "b polls")
      assert.isAtMost(tries, 30, "b's polls back off (200 ms at most apart)")
      yield* Deferred.succeed(release, undefined)
      yield* Fiber.join(a)
      assert.isUndefined(fake.valueOf(LOCK))
      yield* TestClock.adjust("300 millis")
      yield* Fiber.join(b)
      assert.deepStrictEqual(order, ["a in", "a out", "b"])
      assert.isUndefined(fake.valueOf(LOCK))
    }).pipe(noJitter))

  it.effect("two fibers of one process: the second waits on the process's own semaphore, without polling Redis", () =>
    Effect.gen(function* () {
      const fake = makeFakeRedis()
      const store = yield* storeOn(fake)
      const entered = yield* Deferred.make<void>()
      const release = yield* Deferred.make<void>()
      const order: Array<string> = []
      const a = yield* Effect.forkChild(store.withLock(KEY, Effect.andThen(Deferred.succeed(entered, undefined), Deferred.await(release))))
      yield* Deferred.await(entered)
      const b = yield* Effect.forkChild(store.withLock(KEY, Effect.sync(() => order.push("b"))))
      yield* settle
      yield* TestClock.adjust("2 seconds")
      assert.deepStrictEqual(order, [])
      assert.strictEqual(fake.sent("SET", LOCK).length, 1)
      yield* Deferred.succeed(release, undefined)
      yield* Fiber.join(a)
      yield* Fiber.join(b)
      assert.deepStrictEqual(order, ["b"])
      assert.strictEqual(fake.sent("SET", LOCK).length, 2)
      assert.isUndefined(fake.valueOf(LOCK))
    }).pipe(noJitter))

  it.effect("a lock whose holder died is gone after its lease; waiting past lockTimeout runs without it, with a warning", () =>
    withLogs((logs) =>
      Effect.gen(function* () {
        const fake = makeFakeRedis()
        const store = yield* storeOn(fake)
        // A holder that died: its lock stays for its lease (10 s), then Redis drops it.
        fake.entries.set(LOCK, { value: "dead-holder.", expiresAt: (yield* Clock.currentTimeMillis) + 10_000 })
        let ran = false
        const waiting = yield* Effect.forkChild(store.withLock(KEY, Effect.sync(() => void (ran = true))))
        yield* settle
        yield* TestClock.adjust("9 seconds")
        assert.isFalse(ran)
        yield* TestClock.adjust("1500 millis")
        yield* Fiber.join(waiting)
        assert.isTrue(ran)
        assert.deepStrictEqual(warningsOf(logs), [])
        // A lock held past lockTimeout: the waiter goes on without it.
        fake.entries.set(LOCK, { value: "slow-holder.", expiresAt: undefined })
        const impatient = yield* storeOn(fake, { lockTimeout: "1 second" })
        ran = false
        const late = yield* Effect.forkChild(impatient.withLock(KEY, Effect.sync(() => void (ran = true))))
        yield* settle
        yield* TestClock.adjust("1 second")
        yield* Fiber.join(late)
        assert.isTrue(ran)
        assert.strictEqual(fake.valueOf(LOCK), "slow-holder.", "not taken from its holder")
        const warnings = warningsOf(logs)
        assert.strictEqual(warnings.length, 1, warnings.join("\n"))
        assert.include(warnings[0], "going on without it")
        assert.include(warnings[0], KEY)
      })).pipe(noJitter))
})

// ---------------------------------------------------------------------------------------------------------------------
// Redis down, slow, or holding what is not ours
// ---------------------------------------------------------------------------------------------------------------------

describe("TokenStore.redis: Redis unavailable", () => {
  it.effect("every operation falls back; one warning per outage, and an info line when Redis is back", () =>
    withLogs((logs) =>
      Effect.gen(function* () {
        const fake = makeFakeRedis()
        const store = yield* storeOn(fake)
        const access = tokenAt(0)
        fake.setMode("down")
        assert.isTrue(Option.isNone(yield* store.load(KEY)))
        yield* store.save(KEY, access)
        yield* store.remove(KEY, access.authToken)
        yield* store.remove(KEY)
        assert.strictEqual(yield* store.withLock(KEY, Effect.succeed("ran")), "ran")
        assert.isTrue(Option.isNone(yield* store.load(KEY)))
        assert.isAtLeast(fake.commands.length, 6, "every operation tried Redis")
        const down = warningsOf(logs).filter((w) => w.includes("Redis is unavailable"))
        assert.strictEqual(down.length, 1, warningsOf(logs).join("\n"))
        assert.include(down[0], "TokenStore.redis")
        assert.include(down[0], "ECONNREFUSED")
        assert.include(down[0], "until it is back")
        assert.strictEqual(warningsOf(logs).length, 1, warningsOf(logs).join("\n"))
        assert.deepStrictEqual(infosOf(logs), [])

        fake.setMode("up")
        yield* store.save(KEY, access)
        assert.isTrue(Option.isSome(yield* store.load(KEY)))
        const back = infosOf(logs).filter((l) => l.includes("Redis is back"))
        assert.strictEqual(back.length, 1, infosOf(logs).join("\n"))
        assert.include(back[0], "TokenStore.redis")

        // A second outage is a second warning.
        fake.setMode("down")
        assert.isTrue(Option.isNone(yield* store.load(KEY)))
        yield* store.save(KEY, access)
        assert.strictEqual(warningsOf(logs).filter((w) => w.includes("Redis is unavailable")).length, 2)
        for (const line of logs) assert.notInclude(line.message, secret(access))
      })))

  it.effect("a Redis that does not answer within operationTimeout counts as unavailable", () =>
    withLogs((logs) =>
      Effect.gen(function* () {
        const fake = makeFakeRedis()
        const store = yield* storeOn(fake, { operationTimeout: "200 millis" })
        yield* store.save(KEY, tokenAt(0))
        fake.setMode("stall")
        const load = yield* Effect.forkChild(store.load(KEY))
        const locked = yield* Effect.forkChild(store.withLock(KEY, Effect.succeed("ran")))
        yield* settle
        yield* TestClock.adjust("200 millis")
        assert.isTrue(Option.isNone(yield* Fiber.join(load)))
        assert.strictEqual(yield* Fiber.join(locked), "ran")
        const down = warningsOf(logs).filter((w) => w.includes("Redis is unavailable"))
        assert.strictEqual(down.length, 1, warningsOf(logs).join("\n"))
        fake.setMode("up")
        assert.isTrue(Option.isSome(yield* store.load(KEY)))
        assert.strictEqual(infosOf(logs).filter((l) => l.includes("Redis is back")).length, 1)
      })))

  it.effect("an entry that is not ours, or sealed with another key, or not a token: None, and a warning without it", () =>
    withLogs((logs) =>
      Effect.gen(function* () {
        const fake = makeFakeRedis()
        const store = yield* storeOn(fake)
        const access = tokenAt(0)
        const garbage = "GARBAGE-VALUE-zzz"
        fake.entries.set(NAME, { value: garbage, expiresAt: undefined })
        assert.isTrue(Option.isNone(yield* store.load(KEY)))

        // Sealed by a store with another key (another fleet sharing the prefix, or a rotated key).
        const other = yield* storeOn(fake, { encryption: { key: otherStoreKey } })
        yield* other.save(KEY, access)
        const foreign = fake.valueOf(NAME) ?? ""
        assert.isTrue(Option.isNone(yield* store.load(KEY)))

        // Sealed with our key, but not a token-store entry.
        const sealer = yield* aesGcm(storeKey)
        fake.entries.set(NAME, { value: `${sha256Hex("x")}.${yield* sealer.seal("{not json", NAME)}`, expiresAt: undefined })
        assert.isTrue(Option.isNone(yield* store.load(KEY)))
        fake.entries.set(NAME, { value: `${sha256Hex("x")}.${yield* sealer.seal("{\"version\":2}", NAME)}`, expiresAt: undefined })
        assert.isTrue(Option.isNone(yield* store.load(KEY)))

        const warnings = warningsOf(logs)
        assert.strictEqual(warnings.length, 4, warnings.join("\n"))
        for (const warning of warnings) {
          assert.include(warning, `TokenStore.redis: ignoring the entry ${NAME}`)
          assert.notInclude(warning, garbage)
          assert.notInclude(warning, foreign.slice(70, 110))
          assert.notInclude(warning, secret(access))
        }
        assert.include(warnings[0], "it is no entry of ours")
        assert.include(warnings[1], "it does not open with this store's key")
        assert.include(warnings[2], "it is not JSON")
        assert.include(warnings[3], "it is not a version 1 token-store entry")
        assert.isFalse(warnings.some((w) => w.includes("Redis is unavailable")))
        // Saving replaces it.
        yield* store.save(KEY, access)
        assert.isTrue(Option.isSome(yield* store.load(KEY)))
      })))
})

// ---------------------------------------------------------------------------------------------------------------------
// Settings
// ---------------------------------------------------------------------------------------------------------------------

describe("TokenStore.redis: settings", () => {
  it.effect("a key shorter than 32 characters: ValidationError that says so and does not quote the key", () =>
    Effect.gen(function* () {
      const fake = makeFakeRedis()
      const tiny = "tiny-secret-xyz"
      const error = yield* Effect.flip(storeOn(fake, { encryption: { key: Redacted.make(tiny) } }))
      assert.strictEqual(error._tag, "ValidationError")
      assert.include(error.message, "32 characters")
      assert.notInclude(error.message, tiny)
      const almost = "a".repeat(31)
      const again = yield* Effect.flip(storeOn(fake, { encryption: { key: Redacted.make(almost) } }))
      assert.strictEqual(again._tag, "ValidationError")
      assert.notInclude(again.message, almost)
      // The layer fails the same way.
      const layerError = yield* Effect.flip(
        Layer.build(TokenStore.redis({ encryption: { key: Redacted.make(tiny) } }).pipe(Layer.provide(fake.layer)))
      )
      assert.strictEqual(layerError._tag, "ValidationError")
      // 32 characters is enough.
      yield* storeOn(fake, { encryption: { key: Redacted.make("a".repeat(32)) } })
      assert.strictEqual(fake.commands.length, 0, "building a store sends nothing")
    }))

  it.effect("encryption \"plain\": entries are 'p1.' + the entry in clear, and round-trip", () =>
    withLogs((logs) =>
      Effect.gen(function* () {
        const fake = makeFakeRedis()
        const store = yield* storeOn(fake, { encryption: "plain" })
        const access = tokenAt(0)
        yield* store.save(KEY, access)
        const raw = fake.valueOf(NAME) ?? ""
        assert.isTrue(raw.startsWith(`${sha256Hex(secret(access))}.p1.{`), raw.slice(0, 80))
        assert.include(raw, "\"version\":1")
        const loaded = yield* store.load(KEY)
        assert.isTrue(Option.isSome(loaded))
        if (Option.isSome(loaded)) assert.deepStrictEqual(stored(loaded.value), stored(access))
        yield* store.remove(KEY, access.authToken)
        assert.isUndefined(fake.valueOf(NAME))
        // Plain and sealed stores do not read each other's entries.
        yield* store.save(KEY, access)
        const sealing = yield* storeOn(fake)
        assert.isTrue(Option.isNone(yield* sealing.load(KEY)))
        yield* sealing.save(KEY, access)
        assert.isTrue(Option.isNone(yield* store.load(KEY)))
        const warnings = warningsOf(logs)
        assert.strictEqual(warnings.length, 2, warnings.join("\n"))
        assert.include(warnings[0], "it is in clear, and this store seals")
        assert.include(warnings[1], "it is sealed, and this store has no key")
      })))
})

// ---------------------------------------------------------------------------------------------------------------------
// SharedRedis with no Redis
// ---------------------------------------------------------------------------------------------------------------------

describe("TokenStore.redis({ url }) with no Redis listening", () => {
  it.live("a plugin authenticates (one POST), and one warning says Redis is unavailable", () =>
    withLogs((logs) =>
      Effect.gen(function* () {
        const server = yield* faultServer()
        const port = yield* closedPort
        const storeLayer = NodeTokenStore.TokenStore.redis({
          url: `redis://:hunter2-redis-password@127.0.0.1:${port}`,
          connectTimeout: "200 millis",
          encryption: { key: storeKey }
        })
        const context = yield* Layer.build(storeLayer)
        const access = yield* Effect.gen(function* () {
          const auth = yield* keystoneOn(server)
          const first = yield* auth.getAccess
          assert.strictEqual(Redacted.value((yield* auth.getAccess).authToken), Redacted.value(first.authToken))
          return first
        }).pipe(Effect.provide(context), Effect.provide(Transport.node()))
        assert.strictEqual(Redacted.value(access.authToken), "tok-1")
        assert.strictEqual(server.count("POST /v3/auth/tokens"), 1)
        // Another plugin (another process): Redis shares nothing, so it authenticates on its own, without more warnings.
        const again = Auth.v3Password({ authUrl: `${server.url}/v3`, userId: "u1", password: Redacted.make("pw"), projectId: "p1" })
        const second = yield* Effect.flatMap(again, (auth) => auth.getAccess).pipe(
          Effect.provide(context),
          Effect.provide(Transport.node())
        )
        assert.strictEqual(Redacted.value(second.authToken), "tok-2")
        assert.strictEqual(server.count("POST /v3/auth/tokens"), 2)
        const down = warningsOf(logs).filter((w) => w.includes("Redis is unavailable"))
        assert.strictEqual(down.length, 1, warningsOf(logs).join("\n"))
        assert.include(down[0], `not connected to redis://127.0.0.1:${port}`)
        assert.deepStrictEqual(warningsOf(logs), down, "no other warning (node-redis's own are left out)")
        for (const line of logs) {
          assert.notInclude(line.message, "hunter2")
          assert.notInclude(line.message, "tok-1")
        }
      })))

  it.effect("a URL that is not redis:// or rediss://: ValidationError", () =>
    Effect.gen(function* () {
      for (const url of ["http://x", "not a url", "rediss", "https://:password@redis.example:6379"]) {
        const error = yield* Effect.flip(Layer.build(SharedRedis.layer({ url })))
        assert.notInclude(error.message, "password")
        assert.strictEqual(error._tag, "ValidationError", url)
        assert.include(error.message, "redis://")
      }
      const store = yield* Effect.flip(Layer.build(NodeTokenStore.TokenStore.redis({ url: "http://x", encryption: { key: storeKey } })))
      assert.strictEqual(store._tag, "ValidationError")
    }))
})

describe("TokenStore.redis: the lock poll at its deadline", () => {
  it.effect("never spins: with jittered polls ending a hair short of the deadline, the wait still ends (1 warning)", () =>
    Effect.gen(function* () {
      let sets = 0
      const held = Redis.Redis.of({
        send: <A>() => (++sets > 100 ? Effect.die("spinning") : Effect.succeed(null as A)),
        eval: () => () => Effect.succeed(0 as never),
        subscribe: () => Effect.die("unused"),
        reserve: Effect.die("unused")
      })
      const store = yield* makeRedisStore({ encryption: "plain", lockTimeout: "1 second" }).pipe(
        Effect.provideService(Redis.Redis, held)
      )
      const fiber = yield* Effect.forkChild(
        store.withLock("k", Effect.void).pipe(
          Effect.provideService(Random.Random, { nextIntUnsafe: () => 0, nextDoubleUnsafe: () => 0.123 }),
          Effect.exit
        )
      )
      yield* TestClock.adjust("2 seconds")
      assert.strictEqual((yield* Fiber.join(fiber))._tag, "Success")
      assert.isAtMost(sets, 100)
    }))
})
