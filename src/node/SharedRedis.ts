/**
 * The Redis a fleet shares its tokens and rate limits through: effect's `Redis` service on a node-redis connection
 * that never takes the application down with it.
 *
 * - The connection is made in the background and remade forever (backoff from 50 ms doubling to 1 s, jittered): the
 *   layer builds at once even when Redis is down, and sharing resumes by itself when Redis comes back.
 * - A command sent while there is no connection fails at once with `RedisError` (node-redis's offline queue is off, so
 *   no stale command runs later); users of the service (`TokenStore.redis`, effect's `RateLimiter.layerStoreRedis`)
 *   then do without Redis. The first commands wait for the first connection for up to `connectTimeout`, so that the
 *   processes of a fleet that start together share from their first request.
 * - node-redis's own warnings about reconnecting are left out of the logs: the stores built on it say once per outage
 *   that Redis is unavailable.
 *
 * node-redis (`redis` on npm, a peer of @effect/platform-node) is loaded when the layer is built, not on import.
 *
 * @example
 * import { Layer } from "effect"
 * import * as RateLimiter from "effect/persistence/RateLimiter"
 * import { SharedRedis, TokenStore } from "effect-openstack/node"
 *
 * const fleet = Layer.mergeAll(
 *   TokenStore.TokenStore.redis({ encryption: { key } }),
 *   RateLimiter.layerStoreRedis({ prefix: "mycloud:limits:" })
 * ).pipe(Layer.provide(SharedRedis.layer({ url: "redis://redis.internal:6379" })))
 *
 * @module
 */
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Deferred from "effect/Deferred"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Queue from "effect/Queue"
import * as References from "effect/References"
import * as Redis from "effect/persistence/Redis"
import { ValidationError } from "../Errors.ts"

/**
 * Where Redis is and how long to wait for it.
 *
 * @example
 * const options: SharedRedisOptions = { url: "rediss://:secret@redis.internal:6380/2", connectTimeout: "1 second" }
 */
export interface SharedRedisOptions {
  /** `redis://[[user]:password@]host[:port][/db]`, or `rediss://` for TLS. */
  readonly url: string
  /** How long the first commands wait for the first connection, and each connection attempt (default 2 s). */
  readonly connectTimeout?: Duration.Input | undefined
}

/** Where the URL points, without its credentials: for messages. */
const placeOf = (url: URL) => `${url.protocol}//${url.host}`

const checkUrl = (text: string): Effect.Effect<URL, ValidationError> => {
  const url = URL.canParse(text) ? new URL(text) : undefined
  return url !== undefined && (url.protocol === "redis:" || url.protocol === "rediss:")
    ? Effect.succeed(url)
    : Effect.fail(new ValidationError({ message: "SharedRedis: the url is not a redis:// or rediss:// URL" }))
}

const loadNodeRedis = Effect.tryPromise({
  try: () => import("@effect/platform-node/NodeRedis"),
  catch: () => new ValidationError({ message: "SharedRedis needs node-redis: npm install redis" })
})

/** Reconnects forever: 50 ms doubling to 1 s, plus up to 100 ms of jitter. */
const reconnectStrategy = (retries: number) => Math.min(50 * 2 ** retries, 1000) + Math.floor(Math.random() * 100)

/**
 * The service: every command goes to the current connection, or fails at once when there is none (after waiting for
 * the first one until `firstBy`).
 */
const serviceOn = (
  connected: Deferred.Deferred<Redis.Redis["Service"]>,
  firstBy: number,
  place: string
): Redis.Redis["Service"] => {
  const notConnected = new Redis.RedisError({ cause: new Error(`not connected to ${place}`) })
  const current = Effect.gen(function* () {
    const left = firstBy - (yield* Clock.currentTimeMillis)
    const redis = yield* Effect.timeoutOption(Deferred.await(connected), Math.max(0, left))
    return Option.isSome(redis) ? redis.value : yield* Effect.fail(notConnected)
  })
  return Redis.Redis.of({
    send: (command, ...args) => Effect.flatMap(current, (redis) => redis.send(command, ...args)),
    // A subscription without a connection is a queue that fails at once (its type has no error channel).
    subscribe: (channel) =>
      Effect.matchEffect(current, {
        onSuccess: (redis) => redis.subscribe(channel),
        onFailure: (error) =>
          Effect.tap(Queue.make<Redis.RedisMessage, Redis.RedisError>(), (queue) => Queue.fail(queue, error))
      }),
    eval: (script) => (...params) => Effect.flatMap(current, (redis) => redis.eval(script)(...params)),
    reserve: Effect.flatMap(current, (redis) => redis.reserve)
  })
}

/**
 * The shared Redis as a layer; it fails only on a URL that is no Redis URL, or without node-redis installed.
 *
 * @example
 * TokenStore.TokenStore.redis({ encryption: { key } }).pipe(Layer.provide(SharedRedis.layer({ url: "redis://127.0.0.1:6379" })))
 */
export const layer = (options: SharedRedisOptions): Layer.Layer<Redis.Redis, ValidationError> =>
  Layer.effect(
    Redis.Redis,
    Effect.gen(function* () {
      const url = yield* checkUrl(options.url)
      const NodeRedis = yield* loadNodeRedis
      const connectTimeout = Duration.fromInputUnsafe(options.connectTimeout ?? "2 seconds")
      const connected = yield* Deferred.make<Redis.Redis["Service"]>()
      const connection = NodeRedis.layer({
        url: options.url,
        disableOfflineQueue: true,
        socket: { connectTimeout: Duration.toMillis(connectTimeout), reconnectStrategy }
      })
      yield* Layer.build(connection).pipe(
        Effect.flatMap((context) => Deferred.succeed(connected, Context.get(context, Redis.Redis))),
        Effect.provideService(References.MinimumLogLevel, "Error"),
        Effect.catchCause((cause) => Effect.logWarning(`SharedRedis: no connection to ${placeOf(url)}`, cause)),
        Effect.forkScoped
      )
      return serviceOn(connected, (yield* Clock.currentTimeMillis) + Duration.toMillis(connectTimeout), placeOf(url))
    })
  )
