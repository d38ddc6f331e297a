/**
 * Connect and list projects (seed 000): one Connection layer from a password, then the Identity service's typed
 * project list — authentication happens on the first request, once.
 *
 *   OS_AUTH_URL=http://127.0.0.1:5000 OS_USERNAME=admin OS_PASSWORD=admin-secret OS_PROJECT_NAME=admin \
 *     node --conditions=effect-openstack/source examples/connect.ts
 *
 * (the values of the test rig of `npm run test:cloud`).
 */
import { runMain } from "@effect/platform-node/NodeRuntime"
import { Config, Console, Effect, Layer } from "effect"
import { Auth, Connection, Identity } from "effect-openstack"

/** The connection, from the OS_* variables. */
const connection = Layer.unwrap(
  Effect.gen(function* () {
    const auth = Auth.password({
      authUrl: yield* Config.String("OS_AUTH_URL"),
      username: yield* Config.String("OS_USERNAME"),
      password: yield* Config.Redacted("OS_PASSWORD"),
      projectName: yield* Config.String("OS_PROJECT_NAME"),
      defaultDomainName: "Default"
    })
    return Connection.layer({ auth, regionName: "RegionOne", userAgent: "connect-example/1.0" })
  })
)

const program = Effect.gen(function* () {
  const identity = yield* Identity.Identity
  const projects = yield* identity.projects.list()
  for (const project of projects) yield* Console.log(`${project.id}  ${project.name}`)
  yield* Console.log(`${projects.length} projects`)
})

runMain(program.pipe(Effect.provide(connection)))
