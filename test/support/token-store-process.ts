/**
 * A child process for the multi-process tests of the file TokenStore (test/auth/TokenStore.test.ts). Run as
 * `node --conditions=effect-openstack/source test/support/token-store-process.ts <mode> <json config>`; it writes one
 * JSON object per line on stdout. Modes:
 *
 * - `auth`: prints `{"event":"ready"}`, waits for the `go` file (a start barrier; at most 20 s), then runs
 *   `withLock(key, load → if None: "authenticate")`, where authenticating appends a line to the `counter` file,
 *   sleeps `authDelayMs` and saves a fresh fixture token. Prints `{"event":"done","result":"authenticated"|"cached",
 *   "fingerprint": sha256 of the token, "waitedMs", "warnings": [...]}` (the warnings the store logged).
 * - `hold`: takes the lock of `key`, prints `{"event":"locked"}` and sleeps 60 s inside it (the test kills it).
 * - `write-loop`: prints `{"event":"writing"}` and saves large tokens (`services`, `padding`) under `key` over and
 *   over, for at most 30 s, printing `{"event":"saving","n":…}` before each save (the test kills it mid-write).
 */
import { createHash } from "node:crypto"
import { NodeFileSystem, NodePath, NodeRuntime } from "@effect/platform-node"
import { Clock, Effect, FileSystem, Layer, Logger, Option, Redacted, Schema } from "effect"
import { AccessInfo } from "effect-openstack"
import { Fixtures } from "effect-openstack/testing"
import { makeFile } from "../../src/node/TokenStore.ts"

const Config = Schema.Struct({
  directory: Schema.String,
  key: Schema.String,
  lockTimeoutMs: Schema.optionalKey(Schema.Number),
  counter: Schema.optionalKey(Schema.String),
  go: Schema.optionalKey(Schema.String),
  authDelayMs: Schema.optionalKey(Schema.Number),
  services: Schema.optionalKey(Schema.Number),
  padding: Schema.optionalKey(Schema.Number)
})

const print = (line: Record<string, unknown>) => Effect.sync(() => void process.stdout.write(`${JSON.stringify(line)}\n`))

const fingerprint = (access: AccessInfo.AccessInfo) =>
  createHash("sha256").update(Redacted.value(access.authToken)).digest("hex")

/**
 * A fixture token valid for an hour, with `services` catalog entries, and `padding` characters in its `bind` to make
 * it as large as wanted (a long string costs little to serialize, so that writes take most of the time).
 */
const freshToken = (services: number, padding = 0) => {
  const token = new Fixtures.V3Token({
    projectName: "demo",
    roles: ["member"],
    withCatalog: true,
    ...(padding === 0 ? {} : { bind: { padding: "x".repeat(padding) } })
  })
  for (let i = 0; i < services; i++) {
    token.addService(`service-${i}`).addStandardEndpoints({
      public: `https://service-${i}.example/v1`,
      internal: `http://service-${i}.internal/v1`,
      admin: `http://service-${i}.admin/v1`,
      region: "RegionOne"
    })
  }
  return AccessInfo.fromV3(token.body, token.subjectToken)
}

const warnings: Array<string> = []
const collectWarnings = Logger.make((options) => {
  if (options.logLevel === "Warn" || options.logLevel === "Error") warnings.push(String(options.message))
  process.stderr.write(`${options.logLevel}: ${String(options.message)}\n`)
})

/** Waits for the start barrier, polling every 5 ms, 20 s at most. */
const waitForGo = (go: string) =>
  Effect.gen(function* () {
    const fs = yield* FileSystem.FileSystem
    const poll = Effect.gen(function* () {
      while (!(yield* fs.exists(go))) yield* Effect.sleep("5 millis")
    })
    yield* poll.pipe(Effect.timeout("20 seconds"))
  })

const program = Effect.gen(function* () {
  const [mode = "", json = "{}"] = process.argv.slice(2)
  const config = yield* Schema.decodeUnknownEffect(Schema.fromJsonString(Config))(json)
  const fs = yield* FileSystem.FileSystem
  const store = yield* makeFile({
    directory: config.directory,
    ...(config.lockTimeoutMs === undefined ? {} : { lockTimeout: config.lockTimeoutMs })
  })
  switch (mode) {
    case "auth": {
      yield* print({ event: "ready", pid: process.pid })
      if (config.go !== undefined) yield* waitForGo(config.go)
      const counter = config.counter ?? `${config.directory}.counter`
      const started = yield* Clock.currentTimeMillis
      let waitedMs = 0
      const [result, access] = yield* store.withLock(
        config.key,
        Effect.gen(function* () {
          waitedMs = (yield* Clock.currentTimeMillis) - started
          const cached = yield* store.load(config.key)
          if (Option.isSome(cached)) return ["cached", cached.value] as const
          yield* fs.writeFileString(counter, `${process.pid}\n`, { flag: "a" })
          yield* Effect.sleep(config.authDelayMs ?? 200)
          const fresh = yield* freshToken(config.services ?? 2)
          yield* store.save(config.key, fresh)
          return ["authenticated", fresh] as const
        })
      )
      yield* print({ event: "done", result, fingerprint: fingerprint(access), waitedMs, warnings })
      return
    }
    case "hold": {
      yield* store.withLock(config.key, Effect.andThen(print({ event: "locked", pid: process.pid }), Effect.sleep("60 seconds")))
      return
    }
    case "write-loop": {
      const make = freshToken(config.services ?? 10, config.padding ?? 0)
      const tokens = [yield* make, yield* make]
      yield* print({ event: "writing", pid: process.pid })
      const until = (yield* Clock.currentTimeMillis) + 30_000
      for (let i = 0; (yield* Clock.currentTimeMillis) < until; i++) {
        const token = tokens[i % tokens.length]
        if (token === undefined) continue
        yield* print({ event: "saving", n: i })
        yield* store.save(config.key, token)
      }
      return
    }
    default:
      return yield* Effect.fail(`unknown mode ${JSON.stringify(mode)}`)
  }
})

program.pipe(
  Effect.provide(Layer.mergeAll(NodeFileSystem.layer, NodePath.layer, Logger.layer([collectWarnings]))),
  NodeRuntime.runMain
)
