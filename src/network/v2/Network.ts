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
import { Context, Effect, Layer } from "effect"
import type * as Adapter from "../../Adapter.ts"
import * as services from "../../internal/services.ts"
import * as Resource from "../../Resource.ts"
import { Session } from "../../Session.ts"
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

/**
 * Every Network v2 client, on one adapter.
 *
 * @example
 * const { networks, subnets, ports } = yield* Network.Network
 */
export interface NetworkShape {
  /** The network adapter underneath (service type "network", v2.0), for requests no client covers. */
  readonly adapter: Adapter.AdapterShape
  readonly networks: Networks.NetworksClient
  readonly subnets: Subnets.SubnetsClient
  readonly subnetPools: SubnetPools.SubnetPoolsClient
  readonly ports: Ports.PortsClient
  readonly routers: Routers.RoutersClient
  readonly floatingIps: FloatingIps.FloatingIpsClient
  readonly securityGroups: SecurityGroups.SecurityGroupsClient
  readonly securityGroupRules: SecurityGroupRules.SecurityGroupRulesClient
  readonly addressScopes: AddressScopes.AddressScopesClient
  readonly rbacPolicies: RbacPolicies.RbacPoliciesClient
  readonly quotas: Quotas.QuotasClient
  readonly extensions: Extensions.ExtensionsClient
  readonly availabilityZones: AvailabilityZones.AvailabilityZonesClient
  readonly networkIpAvailabilities: NetworkIpAvailabilities.NetworkIpAvailabilitiesClient
  readonly serviceProviders: ServiceProviders.ServiceProvidersClient
}

/**
 * The Network clients on a network adapter.
 *
 * @example
 * const network = Network.make(Resource.adapterOf(session, { type: "network", version: "2.0", name: "Network" }))
 */
export const make = (adapter: Adapter.AdapterShape): NetworkShape => ({
  adapter,
  networks: Networks.make(adapter),
  subnets: Subnets.make(adapter),
  subnetPools: SubnetPools.make(adapter),
  ports: Ports.make(adapter),
  routers: Routers.make(adapter),
  floatingIps: FloatingIps.make(adapter),
  securityGroups: SecurityGroups.make(adapter),
  securityGroupRules: SecurityGroupRules.make(adapter),
  addressScopes: AddressScopes.make(adapter),
  rbacPolicies: RbacPolicies.make(adapter),
  quotas: Quotas.make(adapter),
  extensions: Extensions.make(adapter),
  availabilityZones: AvailabilityZones.make(adapter),
  networkIpAvailabilities: NetworkIpAvailabilities.make(adapter),
  serviceProviders: ServiceProviders.make(adapter)
})

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
    Layer.effectContext(
      Effect.map(Session, (session) => context(make(Resource.adapterOf(session, services.network, options))))
    )
}

/**
 * Every service the Network layer provides: the aggregate and each resource client.
 *
 * @example
 * const layer: Layer.Layer<Network.Clients, never, Session.Session> = Network.Network.layer()
 */
export type Clients =
  | Network
  | Networks.Networks
  | Subnets.Subnets
  | SubnetPools.SubnetPools
  | Ports.Ports
  | Routers.Routers
  | FloatingIps.FloatingIps
  | SecurityGroups.SecurityGroups
  | SecurityGroupRules.SecurityGroupRules
  | AddressScopes.AddressScopes
  | RbacPolicies.RbacPolicies
  | Quotas.Quotas
  | Extensions.Extensions
  | AvailabilityZones.AvailabilityZones
  | NetworkIpAvailabilities.NetworkIpAvailabilities
  | ServiceProviders.ServiceProviders

/**
 * The services of one Network: the aggregate and each resource client, for a layer to provide.
 *
 * @example
 * Layer.succeedContext(Network.context(Network.make(adapter)))
 */
export const context = (network: NetworkShape): Context.Context<Clients> =>
  Context.make(Network, network).pipe(
    Context.add(Networks.Networks, network.networks),
    Context.add(Subnets.Subnets, network.subnets),
    Context.add(SubnetPools.SubnetPools, network.subnetPools),
    Context.add(Ports.Ports, network.ports),
    Context.add(Routers.Routers, network.routers),
    Context.add(FloatingIps.FloatingIps, network.floatingIps),
    Context.add(SecurityGroups.SecurityGroups, network.securityGroups),
    Context.add(SecurityGroupRules.SecurityGroupRules, network.securityGroupRules),
    Context.add(AddressScopes.AddressScopes, network.addressScopes),
    Context.add(RbacPolicies.RbacPolicies, network.rbacPolicies),
    Context.add(Quotas.Quotas, network.quotas),
    Context.add(Extensions.Extensions, network.extensions),
    Context.add(AvailabilityZones.AvailabilityZones, network.availabilityZones),
    Context.add(NetworkIpAvailabilities.NetworkIpAvailabilities, network.networkIpAvailabilities),
    Context.add(ServiceProviders.ServiceProviders, network.serviceProviders)
  )
