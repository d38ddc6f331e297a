/**
 * url_for (seed 003's `ServiceCatalog.url_for`, seed 004's `url_for('compute', endpoint='private')`): endpoints
 * from the token's catalog, by service type, interface (`private` is `internal`) and region — and the typed error
 * for a service the catalog lacks.
 *
 *   OS_AUTH_URL=http://127.0.0.1:5000 OS_USERNAME=demo OS_PASSWORD=demo-secret OS_PROJECT_NAME=demo \
 *     node --conditions=effect-openstack/source examples/url-for.ts
 */
import { runMain } from "@effect/platform-node/NodeRuntime"
import { Config, Console, Effect } from "effect"
import { Auth, Transport } from "effect-openstack"

const program = Effect.gen(function* () {
  const plugin = yield* Auth.password({
    authUrl: yield* Config.String("OS_AUTH_URL"),
    username: yield* Config.String("OS_USERNAME"),
    password: yield* Config.Redacted("OS_PASSWORD"),
    projectName: yield* Config.String("OS_PROJECT_NAME"),
    defaultDomainName: "Default"
  })
  const catalog = (yield* plugin.getAccess).serviceCatalog
  yield* Console.log(`compute public:   ${yield* catalog.urlFor({ serviceType: "compute" })}`)
  yield* Console.log(`compute private:  ${yield* catalog.urlFor({ serviceType: "compute", interface: "private" })}`)
  yield* Console.log(`network RegionTwo: ${yield* catalog.urlFor({ serviceType: "network", regionName: "RegionTwo" })}`)
  yield* Console.log(`volume (alias):   ${yield* catalog.urlFor({ serviceType: "volumev3" })}`)
  const missing = yield* Effect.flip(catalog.urlFor({ serviceType: "dns" }))
  yield* Console.log(`dns: ${missing._tag}: ${missing.message}`)
}).pipe(Effect.provide(Transport.node()))

runMain(program)
