/**
 * The Network v2 service, whole: every Neutron resource the SDK has, on one network adapter — openstacksdk's
 * `conn.network`.
 *
 * Use it through a Connection (`conn.network`), or on its own: `yield* Network.Network` with {@link Network.layer}
 * over a Session. Each resource module is here too (`Network.Networks.Network`, …), and each resource client is a
 * service of its own (`Network.Networks.Networks`, …), provided by the same layer, so that a test can replace one
 * (`Layer.mock`) and keep the others.
 *
 * @example
 * import { Effect } from "effect"
 * import { Network } from "effect-openstack"
 *
 * const jenkins = Effect.gen(function* () {
 *   const network = yield* Network.Network
 *   const net = yield* network.networks.findOrCreate("jenkins", {})
 *   return yield* network.subnets.list({ networkId: net.id })
 * })
 *
 * @module
 */
import * as Context from "effect/Context"
import type * as Layer from "effect/Layer"
import type * as Adapter from "../../Adapter.ts"
import * as Aggregate from "../../internal/aggregate.ts"
import * as services from "../../internal/services.ts"
import type * as Resource from "../../Resource.ts"
import type { Session } from "../../Session.ts"
import * as AddressScopes from "./AddressScopes.ts"
import * as AvailabilityZones from "./AvailabilityZones.ts"
import * as Extensions from "./Extensions.ts"
import * as FloatingIps from "./FloatingIps.ts"
import * as NetworkIpAvailabilities from "./NetworkIpAvailabilities.ts"
import * as Networks from "./Networks.ts"
import * as Ports from "./Ports.ts"
import * as Quotas from "./Quotas.ts"
import * as RbacPolicies from "./RbacPolicies.ts"
import * as Routers from "./Routers.ts"
import * as SecurityGroupRules from "./SecurityGroupRules.ts"
import * as SecurityGroups from "./SecurityGroups.ts"
import * as ServiceProviders from "./ServiceProviders.ts"
import * as StandardAttributes from "./StandardAttributes.ts"
import * as SubnetPools from "./SubnetPools.ts"
import * as Subnets from "./Subnets.ts"

export {
  AddressScopes,
  AvailabilityZones,
  Extensions,
  FloatingIps,
  NetworkIpAvailabilities,
  Networks,
  Ports,
  Quotas,
  RbacPolicies,
  Routers,
  SecurityGroupRules,
  SecurityGroups,
  ServiceProviders,
  StandardAttributes,
  SubnetPools,
  Subnets
}

const clients = {
  networks: Networks.Networks,
  subnets: Subnets.Subnets,
  subnetPools: SubnetPools.SubnetPools,
  ports: Ports.Ports,
  routers: Routers.Routers,
  floatingIps: FloatingIps.FloatingIps,
  securityGroups: SecurityGroups.SecurityGroups,
  securityGroupRules: SecurityGroupRules.SecurityGroupRules,
  addressScopes: AddressScopes.AddressScopes,
  rbacPolicies: RbacPolicies.RbacPolicies,
  quotas: Quotas.Quotas,
  extensions: Extensions.Extensions,
  availabilityZones: AvailabilityZones.AvailabilityZones,
  networkIpAvailabilities: NetworkIpAvailabilities.NetworkIpAvailabilities,
  serviceProviders: ServiceProviders.ServiceProviders
}

/**
 * Every Network v2 client, on one adapter (`adapter`: the network adapter underneath, service type "network", v2.0,
 * for requests no client covers).
 *
 * @example
 * const { networks, subnets, ports } = yield* Network.Network
 */
export type NetworkShape = Aggregate.ShapeOf<typeof clients>

/**
 * The Network clients on a network adapter.
 *
 * @example
 * const network = Network.make(Resource.adapterOf(session, { type: "network", version: "2.0", name: "Network" }))
 */
export const make = (adapter: Adapter.AdapterShape): NetworkShape => Aggregate.make(clients, adapter)

/**
 * The Network service.
 *
 * @example
 * const program = Effect.flatMap(Network.Network, (network) => network.networks.list())
 */
export class Network extends Context.Service<Network, NetworkShape>()("effect-openstack/Network") {
  /**
   * The Network service and each resource client's service, on the Session of the context: the catalog's network
   * endpoint, v2.0 discovered there.
   *
   * @example
   * program.pipe(Effect.provide(Network.layer({ regionName: "RegionOne" })), Effect.provide(Session.layer({ auth })))
   */
  static readonly layer = (options: Resource.ServiceOptions = {}): Layer.Layer<Clients, never, Session> =>
    Aggregate.layer(Network, clients, services.network, options)
}

/**
 * Every service the Network layer provides: the aggregate and each resource client.
 *
 * @example
 * const layer: Layer.Layer<Network.Clients, never, Session.Session> = Network.Network.layer()
 */
export type Clients = Network | Aggregate.IdentifierOf<typeof clients>

/**
 * The services of one Network: the aggregate and each resource client, for a layer to provide.
 *
 * @example
 * Layer.succeedContext(Network.context(Network.make(adapter)))
 */
export const context = (network: NetworkShape): Context.Context<Clients> => Aggregate.context(Network, clients, network)
