/**
 * Find-or-create (seed 000's network named "jenkins", here a project, as Identity is the service we have): the
 * project comes back whether it was there already or has just been made. Run it twice: the second run finds it.
 *
 *   OS_AUTH_URL=http://127.0.0.1:5000 OS_USERNAME=admin OS_PASSWORD=admin-secret OS_PROJECT_NAME=admin \
 *   OS_USER_DOMAIN_NAME=Default OS_PROJECT_DOMAIN_NAME=Default \
 *     node --conditions=effect-openstack/source examples/find-or-create.ts
 */
import { NodeRuntime } from "@effect/platform-node"
import { Config, Console, Effect } from "effect"
import { Connection } from "effect-openstack"

const program = Effect.gen(function* () {
  const conn = yield* Connection.Connection
  const name = yield* Config.String("PROJECT_NAME").pipe(Config.withDefault("jenkins"))
  const before = yield* conn.identity.projects.list({ name })
  const project = yield* conn.identity.projects.findOrCreate(name, {
    domainId: "default",
    description: "made by examples/find-or-create.ts"
  })
  yield* Console.log(`${before.length === 0 ? "created" : "found"} project ${project.name} (${project.id})`)
})

// No clouds.yaml here: the OS_* variables make the "envvars" cloud, as the openstack CLI reads them.
NodeRuntime.runMain(program.pipe(Effect.provide(Connection.fromConfig())))
