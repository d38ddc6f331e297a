/**
 * A Session request with an endpoint filter (seed 002): authenticate on demand, find the identity endpoint in the
 * catalog, list the projects.
 *
 *   OS_AUTH_URL=http://127.0.0.1:5000 OS_USERNAME=admin OS_PASSWORD=admin-secret OS_PROJECT_NAME=admin \
 *     node --conditions=effect-openstack/source examples/session.ts
 *
 * (the values of the test rig of `npm run test:cloud`).
 */
import { runMain } from "@effect/platform-node/NodeRuntime"
import { Config, Console, Effect, Schema } from "effect"
import { HttpClientResponse } from "effect/http"
import { Auth, Session, Transport } from "effect-openstack"

const Projects = Schema.Struct({ projects: Schema.Array(Schema.Struct({ id: Schema.String, name: Schema.String })) })

const program = Effect.gen(function* () {
  const auth = yield* Auth.password({
    authUrl: yield* Config.String("OS_AUTH_URL"),
    username: yield* Config.String("OS_USERNAME"),
    password: yield* Config.Redacted("OS_PASSWORD"),
    projectName: yield* Config.String("OS_PROJECT_NAME"),
    defaultDomainName: "Default"
  })
  const session = yield* Session.make({ auth, userAgent: "list-projects/1.0", connectRetries: 2 })
  const response = yield* session.get("/projects", {
    endpointFilter: { serviceType: "identity", interface: "public", regionName: "RegionOne" }
  })
  const { projects } = yield* HttpClientResponse.schemaBodyJson(Projects)(response)
  for (const project of projects) yield* Console.log(`${project.id}  ${project.name}`)
}).pipe(Effect.provide(Transport.node()))

runMain(program)
