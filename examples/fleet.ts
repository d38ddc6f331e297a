/**
 * A member of a fleet: its token and its rate limit to the cloud are shared through Redis with every other process
 * that runs this program (README, "Running a fleet").
 *
 *   REDIS_URL=redis://127.0.0.1:6390 TOKEN_STORE_KEY=$(openssl rand -base64 32) OS_CLOUD=mycloud \
 *     node --conditions=effect-openstack/source examples/fleet.ts
 *
 * Every process given the same key authenticates once between them, and together they send at most 50 requests a
 * second to Neutron. With Redis down, each goes on alone (one warning), and shares again when it is back.
 */
import { runMain } from "@effect/platform-node/NodeRuntime"
import { Console, Effect, Layer, Redacted } from "effect"
import * as RateLimiter from "effect/persistence/RateLimiter"
import { Connection, SharedRedis, TokenStore } from "effect-openstack"

const redis = SharedRedis.layer({ url: process.env.REDIS_URL ?? "redis://127.0.0.1:6379" })
const tokens = TokenStore.TokenStore.redis({
  encryption: { key: Redacted.make(process.env.TOKEN_STORE_KEY ?? "") }
}).pipe(Layer.provide(redis))
const limits = RateLimiter.layerStoreRedis({ prefix: "mycloud:limits:" }).pipe(Layer.provide(redis))

const cloud = Connection.fromConfig({
  tokenStore: tokens,
  session: { limits: { network: { rateLimit: 50 } } }
}).pipe(Layer.provide(limits))

const program = Effect.gen(function* () {
  const conn = yield* Connection.Connection
  const networks = yield* conn.network.networks.list()
  yield* Console.log(`${networks.length} networks: ${networks.map((n) => n.name).join(", ")}`)
})

program.pipe(Effect.provide(cloud), runMain)
