/**
 * Network v2 service providers (`/v2.0/service-providers`): the drivers that implement the advanced services
 * (`L3_ROUTER_NAT`, …), and which is the default of each type.
 *
 * @example
 * import { Effect } from "effect"
 * import { Network } from "effect-openstack"
 *
 * const l3 = Effect.gen(function* () {
 *   const network = yield* Network.Network
 *   return yield* network.serviceProviders.list({ serviceType: "L3_ROUTER_NAT" })
 * })
 *
 * @module
 */
import * as Schema from "effect/Schema"
import type { AdapterShape } from "../../Adapter.ts"
import * as services from "../../internal/services.ts"
import * as Resource from "../../Resource.ts"
import { field } from "../../Resource.ts"

/**
 * The declaration of a service provider (list only).
 *
 * @example
 * const serviceProviders = Resource.make(ServiceProviders.ServiceProvider, network)
 */
export const ServiceProvider = Resource.define({
  service: services.network,
  key: "service_provider",
  fields: {
    serviceType: field(Schema.String).filterIn,
    name: field(Schema.String).filterIn,
    default: field(Schema.Boolean).filter
  },
  operations: ["list"]
})

/**
 * A service provider, as decoded.
 *
 * @example
 * const first: ServiceProviders.ServiceProvider | undefined = (yield* network.serviceProviders.list())[0]
 */
export type ServiceProvider = Resource.Item<typeof ServiceProvider>

/**
 * The service providers client.
 *
 * @example
 * const serviceProviders = ServiceProviders.make(network)
 */
export const make = (adapter: AdapterShape) => Resource.make(ServiceProvider, adapter)

/**
 * The service providers client's type.
 *
 * @example
 * const serviceProviders: ServiceProviders.ServiceProvidersClient = ServiceProviders.make(network)
 */
export type ServiceProvidersClient = ReturnType<typeof make>

/**
 * The service providers client as a service of its own: `.make(adapter)`, `.layer()` on a Session, and provided by
 * `Network.layer` and the Connection (so that a test can `Layer.mock` it).
 *
 * @example
 * const serviceProviders = yield* ServiceProviders.ServiceProviders
 */
export class ServiceProviders extends Resource.Service<ServiceProviders>()("effect-openstack/network/ServiceProviders", services.network, make) {}
