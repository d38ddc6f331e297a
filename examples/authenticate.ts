/**
 * Authenticate with a password, reuse the token across processes, and look a service up in the catalog.
 *
 *   OS_AUTH_URL=http://127.0.0.1:5000 OS_USERNAME=demo OS_PASSWORD=demo-secret OS_PROJECT_NAME=demo \
 *     node --conditions=effect-openstack/source examples/authenticate.ts
 *
 * (the values of the test rig of `npm run test:cloud`).
 */
import { runMain } from "@effect/platform-node/NodeRuntime"
import { Config, Console, Effect } from "effect"
import { Auth, TokenStore, Transport } from "effect-openstack"

const program = Effect.gen(function* () {
  const plugin = yield* Auth.password({ // discovers v3 (else v2.0) at the auth URL
    authUrl: yield* Config.String("OS_AUTH_URL"),
    username: yield* Config.String("OS_USERNAME"),
    password: yield* Config.Redacted("OS_PASSWORD"),
    projectName: yield* Config.String("OS_PROJECT_NAME"),
    defaultDomainName: "Default"
  })
  const access = yield* plugin.getAccess // authenticates once; later calls reuse the token
  const compute = yield* access.serviceCatalog.urlFor({ serviceType: "compute", interface: "public" })
  yield* Console.log(`${access.username} on ${access.projectName}, token until ${access.expires.toISOString()}`)
  yield* Console.log(`compute: ${compute}`)
}).pipe(
  Effect.catchTag("Unauthorized", (e) => Console.error(e.message)), // says what was attempted, never the password
  Effect.provide(TokenStore.TokenStore.file()), // share the token with other processes of this user
  Effect.provide(Transport.node())
)

runMain(program)
