/**
 * Authorize (seed 000's `conn.authorize()`): get a token up front, e.g. to hand to another tool. The token is
 * `Redacted`: printing it prints `<redacted>`; `Redacted.value` is the deliberate way out.
 *
 *   OS_AUTH_URL=http://127.0.0.1:5000 OS_USERNAME=demo OS_PASSWORD=demo-secret OS_PROJECT_NAME=demo \
 *   OS_USER_DOMAIN_NAME=Default OS_PROJECT_DOMAIN_NAME=Default \
 *     node --conditions=effect-openstack/source examples/authorize.ts
 */
import { runMain } from "@effect/platform-node/NodeRuntime"
import { Console, Effect, Redacted } from "effect"
import { Connection } from "effect-openstack"

const program = Effect.gen(function* () {
  const conn = yield* Connection.Connection
  const token = yield* conn.authorize()
  yield* Console.log(`token: ${String(token)} (${Redacted.value(token).length} characters)`)
  // A second authorize reuses the token: no second request.
  const again = yield* conn.authorize()
  yield* Console.log(`same token: ${Redacted.value(again) === Redacted.value(token)}`)
  const projectId = yield* conn.session.getProjectId()
  yield* Console.log(`scoped to project ${projectId ?? "(none)"}`)
})

// No clouds.yaml here: the OS_* variables make the "envvars" cloud, as the openstack CLI reads them.
runMain(program.pipe(Effect.provide(Connection.fromConfig())))
