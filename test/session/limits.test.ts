/**
 * The Session's rate limits (src/session/limits.ts) with the `RateLimiterStore` of the context: a shared store that
 * works keeps the limit (and shares it between sessions), one that fails or is slow never fails a request — the slot
 * comes from the session's own memory store, with one warning per outage and an info line when the store is back.
 * Every time here is the TestClock's.
 */
import { assert, describe, it } from "@effect/vitest"
import { Clock, Context, Effect, Fiber, Layer, Logger } from "effect"
import * as RateLimiter from "effect/persistence/RateLimiter"
import { TestClock } from "effect/testing"
import { Session } from "effect-openstack"
import { MockHttp } from "effect-openstack/testing"

// ---------------------------------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------------------------------

const endpoint = "http://neutron.test:9696"

/** A MockHttp server that answers 200 `{}` and records when (TestClock milliseconds) each request arrived. */
const recordingHttp = () => {
  const arrivals: Array<number> = []
  const layer = MockHttp.layer(() =>
    Effect.map(Clock.currentTimeMillis, (now) => {
      arrivals.push(now)
      return MockHttp.json(200, {})
    }))
  return { layer, arrivals }
}

/** A GET to the network service (limited by `limits.network`). */
const tick = (session: Session.SessionShape) =>
  Effect.flatMap(session.get("/v2.0/networks", { endpointOverride: endpoint, endpointFilter: { serviceType: "network" } }), (response) => response.json)

const twoPerSecond: Session.SessionOptions = { limits: { network: { rateLimit: 2 } } }

const storeError = () =>
  new RateLimiter.RateLimiterError({
    reason: new RateLimiter.RateLimitStoreError({
      message: "the shared store failed",
      cause: new Error("connect ECONNREFUSED 127.0.0.1:6379")
    })
  })

/** A RateLimiterStore whose operations fail (while `failing()` says so) or never answer (`stall`); it counts calls. */
const brokenStore = (mode: "fail" | "stall", failing: () => boolean = () => true) => {
  let calls = 0
  const memory = Context.get(Effect.runSync(Layer.build(RateLimiter.layerStoreMemory).pipe(Effect.scoped)), RateLimiter.RateLimiterStore)
  const broken = <A>(working: Effect.Effect<A, RateLimiter.RateLimiterError>): Effect.Effect<A, RateLimiter.RateLimiterError> =>
    Effect.suspend(() => {
      calls++
      if (!failing()) return working
      return mode === "fail" ? Effect.fail(storeError()) : Effect.never
    })
  const store = RateLimiter.RateLimiterStore.of({
    fixedWindow: (options) => broken(memory.fixedWindow(options)),
    tokenBucket: (options) => broken(memory.tokenBucket(options)),
    adaptiveConsume: (options) => broken(memory.adaptiveConsume(options)),
    adaptiveFeedback: (options) => broken(memory.adaptiveFeedback(options))
  })
  return { store, calls: () => calls }
}

/** effect's memory store, counting the token-bucket calls (the Session's slots) made on it. */
const countingMemoryStore = Effect.gen(function* () {
  const memory = Context.get(yield* Layer.build(RateLimiter.layerStoreMemory), RateLimiter.RateLimiterStore)
  const keys: Array<string> = []
  const store = RateLimiter.RateLimiterStore.of({
    ...memory,
    tokenBucket: (options) => Effect.suspend(() => {
      keys.push(options.key)
      return memory.tokenBucket(options)
    })
  })
  return { store, keys }
})

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

/** Lets forked fibers run up to their next wait. */
const settle = Effect.gen(function* () {
  for (let i = 0; i < 20; i++) yield* Effect.yieldNow
})

/** Starts `n` requests at once; after each step of `stepMillis` on the TestClock, how many had arrived. */
const burst = (session: Session.SessionShape, http: ReturnType<typeof recordingHttp>, n: number, steps: number, stepMillis: number) =>
  Effect.gen(function* () {
    const all = yield* Effect.forkChild(Effect.forEach(Array.from({ length: n }), () => tick(session), { concurrency: "unbounded" }))
    yield* settle
    const arrived = [http.arrivals.length]
    for (let i = 0; i < steps; i++) {
      yield* TestClock.adjust(stepMillis)
      yield* settle
      arrived.push(http.arrivals.length)
    }
    const results = yield* Fiber.join(all)
    return { arrived, results }
  })

// ---------------------------------------------------------------------------------------------------------------------
// A shared store that fails
// ---------------------------------------------------------------------------------------------------------------------

describe("Session.limits with a RateLimiterStore that fails", () => {
  it.effect("requests succeed, the memory store keeps the rate, and one warning says Redis is unavailable", () =>
    withLogs((logs) =>
      Effect.gen(function* () {
        const http = recordingHttp()
        const broken = brokenStore("fail")
        const session = yield* Session.make(twoPerSecond).pipe(
          Effect.provideService(RateLimiter.RateLimiterStore, broken.store),
          Effect.provide(http.layer)
        )
        const { arrived, results } = yield* burst(session, http, 3, 2, 500)
        assert.deepStrictEqual(results, [{}, {}, {}])
        assert.deepStrictEqual(arrived, [1, 2, 3], "2 per second, spaced evenly, by the local store")
        assert.deepStrictEqual(http.arrivals, [0, 500, 1000])
        // More requests, more failures of the store: still one warning.
        const later = yield* burst(session, http, 2, 2, 500)
        assert.deepStrictEqual(later.results, [{}, {}])
        assert.strictEqual(http.arrivals.length, 5)
        assert.isAtLeast(broken.calls(), 5, "every slot asked the shared store first")
        const warnings = warningsOf(logs)
        const down = warnings.filter((w) => w.includes("Session.limits: Redis is unavailable"))
        assert.strictEqual(down.length, 1, warnings.join("\n"))
        assert.include(down[0], "(connect ECONNREFUSED 127.0.0.1:6379)", "the innermost cause says why (the Redis reason)")
        assert.include(down[0], "until it is back")
        assert.strictEqual(warnings.length, 1, warnings.join("\n"))
      })))

  it.effect("a store that does not answer within 1 s: the request goes on with a local slot, one warning", () =>
    withLogs((logs) =>
      Effect.gen(function* () {
        const http = recordingHttp()
        const broken = brokenStore("stall")
        const session = yield* Session.make({ ...twoPerSecond, timeout: "1 minute" }).pipe(
          Effect.provideService(RateLimiter.RateLimiterStore, broken.store),
          Effect.provide(http.layer)
        )
        const { arrived, results } = yield* burst(session, http, 1, 2, 500)
        assert.deepStrictEqual(results, [{}])
        assert.deepStrictEqual(arrived, [0, 0, 1], "sent once the shared store's 1 s had passed")
        const second = yield* burst(session, http, 1, 2, 500)
        assert.deepStrictEqual(second.arrived, [1, 1, 2])
        const down = warningsOf(logs).filter((w) => w.includes("Session.limits: Redis is unavailable"))
        assert.strictEqual(down.length, 1, warningsOf(logs).join("\n"))
      })))

  it.effect("once the store answers again: an info line says Redis is back, and a new outage warns again", () =>
    withLogs((logs) =>
      Effect.gen(function* () {
        const http = recordingHttp()
        let failing = true
        const broken = brokenStore("fail", () => failing)
        const session = yield* Session.make(twoPerSecond).pipe(
          Effect.provideService(RateLimiter.RateLimiterStore, broken.store),
          Effect.provide(http.layer)
        )
        yield* tick(session)
        yield* tick(session).pipe(Effect.forkChild, Effect.tap(() => TestClock.adjust(500)), Effect.flatMap(Fiber.join))
        assert.strictEqual(warningsOf(logs).length, 1)
        failing = false
        yield* TestClock.adjust("10 seconds")
        yield* tick(session)
        const back = infosOf(logs).filter((l) => l.includes("Redis is back"))
        assert.strictEqual(back.length, 1, infosOf(logs).join("\n"))
        assert.include(back[0], "Session.limits")
        failing = true
        yield* TestClock.adjust("10 seconds")
        yield* tick(session)
        assert.strictEqual(warningsOf(logs).filter((w) => w.includes("Session.limits: Redis is unavailable")).length, 2)
        assert.strictEqual(http.arrivals.length, 4)
      })))
})

// ---------------------------------------------------------------------------------------------------------------------
// A shared store that works
// ---------------------------------------------------------------------------------------------------------------------

describe("Session.limits with a working RateLimiterStore in the context", () => {
  it.effect("rateLimit 2/s: three requests at once arrive at 0, 500 and 1000 ms, through the context's store", () =>
    withLogs((logs) =>
      Effect.gen(function* () {
        const http = recordingHttp()
        const shared = yield* countingMemoryStore
        const session = yield* Session.make(twoPerSecond).pipe(
          Effect.provideService(RateLimiter.RateLimiterStore, shared.store),
          Effect.provide(http.layer)
        )
        const { arrived, results } = yield* burst(session, http, 3, 2, 500)
        assert.deepStrictEqual(results, [{}, {}, {}])
        assert.deepStrictEqual(arrived, [1, 2, 3])
        assert.deepStrictEqual(http.arrivals, [0, 500, 1000])
        assert.deepStrictEqual(shared.keys, ["network", "network", "network"], "the slots came from the context's store")
        assert.deepStrictEqual(warningsOf(logs), [])
      })))

  it.effect("RateLimiter.layerStoreMemory as a layer: the limit still applies", () =>
    Effect.gen(function* () {
      const http = recordingHttp()
      const session = yield* Session.make(twoPerSecond).pipe(Effect.provide(Layer.merge(http.layer, RateLimiter.layerStoreMemory)))
      const { arrived } = yield* burst(session, http, 3, 2, 500)
      assert.deepStrictEqual(arrived, [1, 2, 3])
      assert.deepStrictEqual(http.arrivals, [0, 500, 1000])
    }))

  it.effect("two sessions on one shared store keep one rate between them; on their own stores, one rate each", () =>
    Effect.gen(function* () {
      const http = recordingHttp()
      const shared = yield* countingMemoryStore
      const make = Session.make(twoPerSecond).pipe(Effect.provide(http.layer))
      const a = yield* make.pipe(Effect.provideService(RateLimiter.RateLimiterStore, shared.store))
      const b = yield* make.pipe(Effect.provideService(RateLimiter.RateLimiterStore, shared.store))
      const both = yield* Effect.forkChild(Effect.all([tick(a), tick(b), tick(a), tick(b)], { concurrency: "unbounded" }))
      yield* settle
      const arrived = [http.arrivals.length]
      for (let i = 0; i < 3; i++) {
        yield* TestClock.adjust(500)
        yield* settle
        arrived.push(http.arrivals.length)
      }
      yield* Fiber.join(both)
      assert.deepStrictEqual(arrived, [1, 2, 3, 4], "one rate for the two sessions")
      assert.strictEqual(shared.keys.length, 4)

      // Without a shared store each session has its own memory limiter: both go at once.
      const start = http.arrivals.length
      const c = yield* make
      const d = yield* make
      yield* TestClock.adjust("10 seconds")
      const own = yield* Effect.forkChild(Effect.all([tick(c), tick(d)], { concurrency: "unbounded" }))
      yield* settle
      assert.strictEqual(http.arrivals.length - start, 2)
      yield* Fiber.join(own)
    }))

  it.effect("a service without limits never asks the store", () =>
    Effect.gen(function* () {
      const http = recordingHttp()
      const shared = yield* countingMemoryStore
      const session = yield* Session.make({ limits: { compute: { rateLimit: 1 } } }).pipe(
        Effect.provideService(RateLimiter.RateLimiterStore, shared.store),
        Effect.provide(http.layer)
      )
      yield* Effect.all([tick(session), tick(session), tick(session)], { concurrency: "unbounded" })
      assert.strictEqual(http.arrivals.length, 3)
      assert.deepStrictEqual(shared.keys, [])
    }))
})
