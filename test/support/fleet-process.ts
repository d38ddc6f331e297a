/**
 * A member of a fleet, for the Redis tests (test/keystone/fleet.test.ts):
 * `node --conditions=effect-openstack/source test/support/fleet-process.ts <json config>`, the password and the
 * store's key in the environment (AUTH_PASSWORD, STORE_KEY). It prints `{"event":"ready"}`, waits for the `go` file
 * (at most 90 s: twenty processes take a while to start on a small machine), then for `seconds` makes calls one
 * after another (`intervalMs` apart) through a Session whose
 * plugin (v3 password) keeps its token in `TokenStore.redis` at `redisUrl`:
 *
 * - `call: "token"`: `GET /users/<userId>` on Keystone (the catalog's identity endpoint ends in /v3) (an authenticated call);
 * - `call: "limited"`: an unauthenticated `GET <limitedUrl>` counted as service `compute`, whose rate limit
 *   (`rateLimit` per second) is kept in Redis (`RateLimiter.layerStoreRedis`) when `fleetLimit` is true.
 *
 * Every `reportEveryMs` it prints `{"event":"progress",…}`, and at the end `{"event":"done","calls","failures",
 * "posts","errors"}` — `posts` counts its POST /v3/auth/tokens, `errors` the first failures' tags and messages.
 * Warnings of the SDK go to stderr and into `warnings`.
 */
import { writeFileSync } from "node:fs"
import * as NodeFileSystem from "@effect/platform-node/NodeFileSystem"
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import { Clock, Effect, FileSystem, Layer, Logger, Redacted, Schema } from "effect"
import { HttpClient } from "effect/http"
import * as RateLimiter from "effect/persistence/RateLimiter"
import { Auth, Session, SharedRedis, TokenStore, Transport } from "effect-openstack/node"

const Config = Schema.Struct({
  authUrl: Schema.String,
  userId: Schema.String,
  redisUrl: Schema.String,
  prefix: Schema.String,
  go: Schema.String,
  seconds: Schema.Number,
  intervalMs: Schema.Number,
  call: Schema.Literals(["token", "limited"]),
  limitedUrl: Schema.optionalKey(Schema.String),
  rateLimit: Schema.optionalKey(Schema.Number),
  fleetLimit: Schema.optionalKey(Schema.Boolean),
  logFile: Schema.optionalKey(Schema.String)
})
type Config = typeof Config.Type

const config = Schema.decodeUnknownSync(Schema.fromJsonString(Config))(process.argv[2] ?? "{}")
const print = (line: Record<string, unknown>) => Effect.sync(() => void process.stdout.write(`${JSON.stringify(line)}\n`))

const warnings: Array<string> = []
const logs: Array<string> = []
const logger = Logger.make((options) => {
  const line = `${options.logLevel}: ${Logger.formatSimple.log(options)}`
  logs.push(line)
  if (options.logLevel === "Warn" || options.logLevel === "Error") {
    warnings.push(String(options.message))
    process.stderr.write(`${line}\n`)
  }
})

const waitForGo = Effect.gen(function* () {
  const fs = yield* FileSystem.FileSystem
  while (!(yield* fs.exists(config.go))) yield* Effect.sleep("5 millis")
}).pipe(Effect.timeout("90 seconds"))

const calls = (session: Session.Session["Service"], c: Config) =>
  c.call === "token"
    ? session.request(`/users/${c.userId}`, { endpointFilter: { serviceType: "identity", interface: "public" } })
    : session.request(c.limitedUrl ?? "", { authenticated: false, endpointFilter: { serviceType: "compute" } })

/** The transport, counting this process's token requests. */
let posts = 0
const counted = Layer.effect(
  HttpClient.HttpClient,
  Effect.map(HttpClient.HttpClient, HttpClient.tapRequest((r) =>
    Effect.sync(() => void (posts += r.method === "POST" && r.url.endsWith("/auth/tokens") ? 1 : 0))))
).pipe(Layer.provide(Transport.node()))

/** The fleet's shared state: tokens (sealed) and, if asked, the rate limit, on one Redis connection. */
const fleet = Layer.mergeAll(
  TokenStore.TokenStore.redis({ prefix: config.prefix, encryption: { key: Redacted.make(process.env.STORE_KEY ?? "") } }),
  config.fleetLimit === true ? RateLimiter.layerStoreRedis({ prefix: `${config.prefix}limits:` }) : Layer.empty
).pipe(Layer.provide(SharedRedis.layer({ url: config.redisUrl })))

/**
 * For `limited`: requests before the start, not counted — under a limit of another key (the limiter's script loaded
 * into Redis, its code warm) and to the same server (its connection made) — so that the first counted second is not
 * bunched by one process's cold start.
 */
const warmUp = (session: Session.Session["Service"], c: Config) =>
  c.call === "limited"
    ? Effect.ignore(Effect.repeat(
        session.request(`${c.limitedUrl ?? ""}?warm-up`, { authenticated: false, endpointFilter: { serviceType: "warm-up" } }),
        { times: 20 }
      ))
    : Effect.void

const program = Effect.gen(function* () {
  const auth = yield* Auth.v3Password({
    authUrl: config.authUrl,
    userId: config.userId,
    password: Redacted.make(process.env.AUTH_PASSWORD ?? "")
  })
  const session = yield* Session.make({
    auth,
    ...(config.rateLimit === undefined
      ? {}
      : { limits: { compute: { rateLimit: config.rateLimit }, "warm-up": { rateLimit: 1000 } } })
  })
  yield* warmUp(session, config)
  yield* print({ event: "ready", pid: process.pid })
  yield* waitForGo
  let done = 0
  let failures = 0
  const errors: Array<string> = []
  const until = (yield* Clock.currentTimeMillis) + config.seconds * 1000
  let nextReport = 0
  while ((yield* Clock.currentTimeMillis) < until) {
    const exit = yield* Effect.exit(calls(session, config))
    done++
    if (exit._tag === "Failure") {
      failures++
      if (errors.length < 5) errors.push(String(exit.cause))
    }
    const now = yield* Clock.currentTimeMillis
    if (now >= nextReport) {
      yield* print({ event: "progress", calls: done, failures, posts, at: now })
      nextReport = now + 500
    }
    if (config.intervalMs > 0) yield* Effect.sleep(config.intervalMs)
  }
  if (config.logFile !== undefined) writeFileSync(config.logFile, logs.join("\n"))
  yield* print({ event: "done", calls: done, failures, posts, errors, warnings })
})

program.pipe(
  Effect.provide(Layer.mergeAll(fleet, counted, NodeFileSystem.layer, Logger.layer([logger]))),
  NodeRuntime.runMain
)
