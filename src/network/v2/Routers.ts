/**
 * Network v2 routers (`/v2.0/routers`): L3 between a project's subnets and out through an external network (the
 * gateway, with SNAT), with static routes. Interfaces are added and removed by subnet or by port
 * (`addInterface` / `removeInterface`); extra routes one batch at a time (`addExtraRoutes` / `removeExtraRoutes`).
 *
 * @example
 * import { Effect } from "effect"
 * import { Network } from "effect-openstack"
 *
 * const program = (subnetId: string, external: string) => Effect.gen(function* () {
 *   const network = yield* Network.Network
 *   const router = yield* network.routers.create({ name: "edge", externalGatewayInfo: { networkId: external } })
 *   yield* network.routers.addInterface(router.id, { subnetId })
 * })
 *
 * @module
 */
import * as Schema from "effect/Schema"
import type { AdapterShape } from "../../Adapter.ts"
import * as services from "../../internal/services.ts"
import * as Resource from "../../Resource.ts"
import { field } from "../../Resource.ts"
import { identity, ownership, standard } from "./StandardAttributes.ts"

/**
 * A router's gateway: the external network, SNAT (on by default; only an admin may turn it off), and its addresses.
 *
 * @example
 * const gateway: Routers.GatewayInfo = { networkId: "…", enableSnat: true }
 */
export const GatewayInfo = Resource.body({
  networkId: Schema.String,
  enableSnat: Schema.optionalKey(Schema.Boolean),
  externalFixedIps: Schema.optionalKey(Schema.Array(Resource.body({
    subnetId: Schema.optionalKey(Schema.String),
    ipAddress: Schema.optionalKey(Schema.String)
  })))
})

/**
 * @see {@link GatewayInfo}
 *
 * @example
 * const external = (router: Routers.Router) => router.externalGatewayInfo?.networkId
 */
export type GatewayInfo = typeof GatewayInfo.Type

/**
 * A static route.
 *
 * @example
 * const route: Routers.Route = { destination: "10.2.0.0/16", nexthop: "10.0.0.254" }
 */
export const Route = Schema.Struct({ destination: Schema.String, nexthop: Schema.String })

/**
 * Routes to add or remove.
 *
 * @example
 * const change: Routers.Routes = { routes: [{ destination: "10.2.0.0/16", nexthop: "10.0.0.254" }] }
 */
export const Routes = Schema.Struct({ routes: Schema.Array(Route) })

/**
 * An interface to add or remove: by subnet (the router takes the subnet's gateway address) or by port.
 *
 * @example
 * const spec: Routers.InterfaceSpec = { subnetId: "…" }
 */
export const InterfaceSpec = Schema.Union([
  Resource.body({ subnetId: Schema.String }),
  Resource.body({ portId: Schema.String })
])

/**
 * A router's interface, as Neutron answers an addition or a removal.
 *
 * @example
 * const added: Routers.Interface = yield* network.routers.addInterface(router.id, { subnetId })
 */
export const Interface = Resource.body({
  id: Schema.String,
  portId: Schema.String,
  subnetId: Schema.String,
  subnetIds: Schema.Array(Schema.String),
  networkId: Schema.String,
  tenantId: Schema.optionalKey(Schema.String),
  projectId: Schema.optionalKey(Schema.String)
})

/**
 * @see {@link Interface}
 *
 * @example
 * const portOf = (added: Routers.Interface) => added.portId
 */
export type Interface = typeof Interface.Type

/**
 * The declaration of a router. Actions: `addInterface(id, { subnetId } | { portId })` and `removeInterface` answer the
 * interface (its port, subnets, network); `addExtraRoutes(id, { routes })` and `removeExtraRoutes` answer the router.
 *
 * @example
 * const routers = Resource.make(Routers.Router, network)
 */
export const Router = Resource.define({
  service: services.network,
  key: "router",
  fields: {
    ...identity,
    ...ownership,
    ...standard,
    adminStateUp: field(Schema.Boolean).create.update.filter,
    status: field(Schema.String).filterIn,
    externalGatewayInfo: field(Schema.NullOr(GatewayInfo)).create.update,
    routes: field(Schema.Array(Route)).optional.update,
    distributed: field(Schema.Boolean).optional.create.update.filter,
    ha: field(Schema.Boolean).optional.create.update.filter,
    availabilityZoneHints: field(Schema.Array(Schema.String)).optional.create,
    availabilityZones: field(Schema.Array(Schema.String)).optional,
    flavorId: field(Schema.NullOr(Schema.String)).optional.create
  },
  tags: true,
  revision: true,
  updateMethod: "PUT",
  actions: {
    addInterface: { method: "PUT", path: "add_router_interface", input: InterfaceSpec, output: Interface },
    removeInterface: { method: "PUT", path: "remove_router_interface", input: InterfaceSpec, output: Interface },
    addExtraRoutes: { method: "PUT", path: "add_extraroutes", input: Routes, wrap: "router", output: "item" },
    removeExtraRoutes: { method: "PUT", path: "remove_extraroutes", input: Routes, wrap: "router", output: "item" }
  },
  operations: ["list", "get", "create", "update", "delete"]
})

/**
 * A router, as decoded.
 *
 * @example
 * const first: Routers.Router | undefined = (yield* network.routers.list())[0]
 */
export type Router = Resource.Item<typeof Router>

/**
 * The routers client.
 *
 * @example
 * const routers = Routers.make(network)
 */
export const make = (adapter: AdapterShape) => Resource.make(Router, adapter)

/**
 * The routers client's type.
 *
 * @example
 * const routers: Routers.RoutersClient = Routers.make(network)
 */
export type RoutersClient = ReturnType<typeof make>

/**
 * The routers client as a service of its own: `.make(adapter)`, `.layer()` on a Session, and provided by
 * `Network.layer` and the Connection (so that a test can `Layer.mock` it).
 *
 * @example
 * const routers = yield* Routers.Routers
 */
export class Routers extends Resource.Service<Routers>()("effect-openstack/network/Routers", services.network, make) {}
