/**
 * A connection from clouds.yaml (seed 000's `from_config`): the cloud is resolved as openstacksdk resolves it —
 * clouds.yaml (./, ~/.config/openstack/, /etc/openstack/, or OS_CLIENT_CONFIG_FILE), secure.yaml, profiles, OS_*.
 *
 *   OS_CLOUD=rig node --conditions=effect-openstack/source examples/from-config.ts
 *
 * with a clouds.yaml such as
 *
 *   clouds:
 *     rig:
 *       auth: { auth_url: http://127.0.0.1:5000, username: demo, password: demo-secret,
 *               project_name: demo, user_domain_name: Default, project_domain_name: Default }
 *       region_name: RegionOne
 */
import { runMain } from "@effect/platform-node/NodeRuntime"
import { Console, Effect } from "effect"
import { Connection } from "effect-openstack"

const program = Effect.gen(function* () {
  const conn = yield* Connection.Connection
  const projects = yield* conn.identity.tokens.projects()
  yield* Console.log(`this user may use: ${projects.map((p) => p.name).sort().join(", ")}`)
})

// No `cloud`: OS_CLOUD names it (or the only cloud in the file).
runMain(program.pipe(Effect.provide(Connection.fromConfig())))
