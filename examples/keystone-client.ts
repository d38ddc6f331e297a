/**
 * The KeystoneClient of the blueprint (seed 004): made from a user name, a password and an auth URL; it
 * authenticates when first needed, then loads the user, the project and the projects the user may use, once each.
 * It then bootstraps a second client from a stored token (`tokenRef`), which makes no call at all.
 *
 *   OS_AUTH_URL=http://127.0.0.1:5000/v3 OS_USERNAME=demo OS_PASSWORD=demo-secret OS_PROJECT_NAME=demo \
 *     node --conditions=effect-openstack/source examples/keystone-client.ts
 */
import { runMain } from "@effect/platform-node/NodeRuntime"
import { Config, Console, Effect, Redacted } from "effect"
import { AccessInfo, KeystoneClient, Transport } from "effect-openstack"

const program = Effect.gen(function* () {
  const keystone = yield* KeystoneClient.make({
    authUrl: yield* Config.String("OS_AUTH_URL"),
    username: yield* Config.String("OS_USERNAME"),
    password: yield* Config.Redacted("OS_PASSWORD"),
    projectName: yield* Config.String("OS_PROJECT_NAME")
  })
  const user = yield* keystone.user // authenticates here
  const project = yield* keystone.project
  const projects = yield* keystone.projects
  yield* Console.log(`user ${user.name}, project ${project?.name ?? "(unscoped)"}`)
  yield* Console.log(`may use: ${projects.map((p) => p.name).sort().join(", ")}`)

  // A stored token (e.g. saved to disk with AccessInfo.toStored) bootstraps another client without a request.
  const saved = JSON.stringify(AccessInfo.toStored(yield* keystone.authRef))
  const again = yield* KeystoneClient.make({ tokenRef: yield* AccessInfo.fromStored(JSON.parse(saved)) })
  const sameToken = Redacted.value(yield* again.authToken) === Redacted.value(yield* keystone.authToken)
  yield* Console.log(`stored token reused: ${sameToken}`)
}).pipe(Effect.provide(Transport.node()))

runMain(program)
