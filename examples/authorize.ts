/**
 * Authorize (seed 000's `conn.authorize()`): get a token up front, e.g. to hand to another tool. The token is
 * `Redacted`: printing it prints `<redacted>`; `Redacted.value` is the deliberate way out.
 *
 *   OS_AUTH_URL=http://127.0.0.1:5000 OS_USERNAME=demo OS_PASSWORD=demo-secret OS_PROJECT_NAME=demo \
 *     node --conditions=effect-openstack/source examples/authorize.ts
 */
import { NodeRuntime } from "@effect/platform-node"
import { Config, Console, Effect, Layer, Redacted } from "effect"
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
  const token = yield* conn.authorize
  yield* Console.log(`token: ${String(token)} (${Redacted.value(token).length} characters)`)
  // A second authorize reuses the token: no second request.
  const again = yield* conn.authorize
  yield* Console.log(`same token: ${Redacted.value(again) === Redacted.value(token)}`)
  const projectId = yield* conn.session.getProjectId()
  yield* Console.log(`scoped to project ${projectId ?? "(none)"}`)
})

NodeRuntime.runMain(program.pipe(Effect.provide(connection)))
