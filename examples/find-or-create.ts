/**
 * Find-or-create (seed 000's network named "jenkins", here a project, as Identity is the service we have): the
 * project comes back whether it was there already or has just been made. Run it twice: the second run finds it.
 *
 *   OS_AUTH_URL=http://127.0.0.1:5000 OS_USERNAME=admin OS_PASSWORD=admin-secret OS_PROJECT_NAME=admin \
 *     node --conditions=effect-openstack/source examples/find-or-create.ts
 */
import { NodeRuntime } from "@effect/platform-node"
import { Config, Console, Effect, Layer } from "effect"
import { Auth, Connection } from "effect-openstack"

const connection = Layer.unwrap(
  Effect.gen(function* () {
    const auth = Auth.password({
      authUrl: yield* Config.String("OS_AUTH_URL"),
      username: yield* Config.String("OS_USERNAME"),
      password: yield* Config.Redacted("OS_PASSWORD"),
      projectName: yield* Config.String("OS_PROJECT_NAME"),
      defaultDomainName: "Default"
    })
    return Connection.layer({ auth })
  })
)

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

NodeRuntime.runMain(program.pipe(Effect.provide(connection)))
