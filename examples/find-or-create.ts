/**
 * Find-or-create (seed 000): make sure there is a network named "jenkins" — found if it is there, created if not.
 * Run it twice: the second run finds the network the first made.
 *
 *   OS_AUTH_URL=http://127.0.0.1:5000 OS_USERNAME=demo OS_PASSWORD=demo-secret OS_PROJECT_NAME=demo \
 *   OS_USER_DOMAIN_NAME=Default OS_PROJECT_DOMAIN_NAME=Default \
 *     node --conditions=effect-openstack/source examples/find-or-create.ts
 */
import { runMain } from "@effect/platform-node/NodeRuntime"
import { Config, Console, Effect } from "effect"
import { Connection } from "effect-openstack"

const program = Effect.gen(function* () {
  const conn = yield* Connection.Connection
  const name = yield* Config.String("NETWORK_NAME").pipe(Config.withDefault("jenkins"))
  const before = yield* conn.network.networks.list({ name })
  const network = yield* conn.network.networks.findOrCreate(name, { description: "made by examples/find-or-create.ts" })
  yield* Console.log(`${before.length === 0 ? "created" : "found"} network ${network.name} (${network.id})`)
})

// No clouds.yaml here: the OS_* variables make the "envvars" cloud, as the openstack CLI reads them.
runMain(program.pipe(Effect.provide(Connection.fromConfig())))
