/**
 * The fake Neutron's L3: routers (a gateway on an external network with an address of it, static routes, interfaces
 * added and removed by subnet or by port, extra routes) and floating IPs (an address of an external network,
 * associated with a port only through a router that joins the two), with Neutron's errors.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import { type Handler, ok, type Route, route } from "../http.ts"
import { newId } from "../ids.ts"
import { drop, put, type Rec, rows, type World } from "../world.ts"
import { bodyOf, type Caller, callerOf, type Collection, fail, invalid, itemOf, revised, standard } from "./common.ts"
import { allocate, fixedIpsFor, networkOf } from "./networks.ts"

const pick = (body: Rec, names: ReadonlyArray<string>): Rec =>
  Object.fromEntries(names.filter((name) => body[name] !== undefined).map((name) => [name, body[name]]))

const portsOf = (world: World, routerId: unknown, owner?: string) =>
  rows(world, "ports").filter((p) => p.device_id === routerId && (owner === undefined || p.device_owner === owner))

/** The gateway of a router on an external network: a port there, and the answer's `external_gateway_info`. */
const gatewayOf = (world: World, caller: Caller, router: Rec, info: unknown) =>
  Effect.gen(function* () {
    const old = portsOf(world, router.id, "network:router_gateway")
    const cleared = old.reduce((w, p) => drop(w, "ports", String(p.id)), world)
    if (info === null || info === undefined) return { info: null, world: cleared }
    const spec = info as Rec
    const network = yield* networkOf(cleared, caller, spec.network_id)
    if (network["router:external"] !== true) return yield* invalid("external_gateway_info", `Network ${String(network.id)} is not an external network.`)
    const fixedIps = yield* fixedIpsFor(cleared, network, spec.external_fixed_ips)
    const port = {
      id: newId("uuid"), name: "", network_id: network.id, project_id: "", tenant_id: "", device_id: router.id,
      device_owner: "network:router_gateway", fixed_ips: fixedIps, status: "DOWN", mac_address: "fa:16:3e:00:00:00",
      admin_state_up: true, security_groups: [], allowed_address_pairs: []
    }
    return {
      info: { network_id: network.id, enable_snat: spec.enable_snat ?? true, external_fixed_ips: fixedIps },
      world: put(cleared, "ports", port)
    }
  })

const routerFields = ["name", "admin_state_up", "distributed", "ha", "routes", "description", "availability_zone_hints", "flavor_id"]

/**
 * Routers.
 *
 * @example
 * collectionRoutes(routers, pageSize)
 */
export const routers: Collection = {
  table: "routers",
  key: "router",
  path: "routers",
  notFound: ["RouterNotFound", "Router"],
  tags: true,
  revision: true,
  create: (body, caller, world) =>
    Effect.gen(function* () {
      const base = {
        id: newId("uuid"), name: "", admin_state_up: true, status: "ACTIVE", routes: [], distributed: false, ha: false,
        availability_zone_hints: [], availability_zones: [], flavor_id: null,
        ...(yield* standard(routers, body, caller)),
        ...pick(body, routerFields)
      }
      const gateway = yield* gatewayOf(world, caller, base, body.external_gateway_info)
      return { record: { ...base, external_gateway_info: gateway.info }, world: gateway.world }
    }),
  update: (record, body, caller, world) =>
    Effect.gen(function* () {
      const gateway = body.external_gateway_info === undefined
        ? { info: record.external_gateway_info, world }
        : yield* gatewayOf(world, caller, record, body.external_gateway_info)
      return {
        record: { ...record, ...pick(body, routerFields), external_gateway_info: gateway.info },
        world: gateway.world
      }
    }),
  remove: (record, world) =>
    portsOf(world, record.id, "network:router_interface").length > 0
      ? fail(409, "RouterInUse", `Router ${String(record.id)} still has ports`)
      : Effect.succeed(portsOf(world, record.id).reduce((w, p) => drop(w, "ports", String(p.id)), drop(world, "routers", String(record.id))))
}

// ---------------------------------------------------------------------------------------------------------------------
// Router actions
// ---------------------------------------------------------------------------------------------------------------------

const interfaceOf = (router: Rec, port: Rec) => {
  const fixed = port.fixed_ips as ReadonlyArray<Rec>
  return {
    id: router.id, network_id: port.network_id, port_id: port.id, subnet_id: fixed[0]?.subnet_id,
    subnet_ids: fixed.map((ip) => ip.subnet_id), tenant_id: router.project_id, project_id: router.project_id
  }
}

const addInterface: Handler = (request, params, world) =>
  Effect.gen(function* () {
    const caller = yield* callerOf(request, world)
    const router = yield* itemOf(routers, caller, world, params.id ?? "")
    const body = (request.body ?? {}) as Rec
    if (typeof body.port_id === "string") {
      const port = world.tables.ports.get(body.port_id)
      if (port === undefined) return yield* fail(404, "PortNotFound", `Port ${body.port_id} could not be found.`)
      if (port.device_id !== "" && port.device_id !== undefined) return yield* fail(409, "PortInUse", `Port ${body.port_id} is in use.`)
      const attached = { ...port, device_id: router.id, device_owner: "network:router_interface" }
      return ok(200, interfaceOf(router, attached), undefined, put(put(world, "routers", yield* revised(router)), "ports", attached))
    }
    const subnet = world.tables.subnets.get(String(body.subnet_id))
    if (subnet === undefined) return yield* fail(404, "SubnetNotFound", `Subnet ${String(body.subnet_id)} could not be found.`)
    if (portsOf(world, router.id, "network:router_interface").some((p) => (p.fixed_ips as ReadonlyArray<Rec>).some((ip) => ip.subnet_id === subnet.id))) {
      return yield* fail(400, "BadRequest", `Bad router request: Router already has a port on subnet ${String(subnet.id)}.`)
    }
    const address = yield* (typeof subnet.gateway_ip === "string"
      ? Effect.succeed(subnet.gateway_ip)
      : allocate(world, subnet, undefined))
    const port = {
      id: newId("uuid"), name: "", network_id: subnet.network_id, project_id: router.project_id, tenant_id: router.project_id,
      device_id: router.id, device_owner: "network:router_interface", fixed_ips: [{ subnet_id: subnet.id, ip_address: address }],
      status: "DOWN", mac_address: "fa:16:3e:00:00:01", admin_state_up: true, security_groups: [], allowed_address_pairs: [],
      description: "", tags: [], revision_number: 0
    }
    return ok(200, interfaceOf(router, port), undefined, put(put(world, "routers", yield* revised(router)), "ports", port))
  })

/** Whether a floating IP reaches a subnet through this router. */
const floatingIpsThrough = (world: World, router: Rec, subnetId: unknown) =>
  rows(world, "floatingips").some((f) => f.router_id === router.id && rows(world, "ports").some((p) =>
    p.id === f.port_id && (p.fixed_ips as ReadonlyArray<Rec>).some((ip) => ip.subnet_id === subnetId)))

const removeInterface: Handler = (request, params, world) =>
  Effect.gen(function* () {
    const caller = yield* callerOf(request, world)
    const router = yield* itemOf(routers, caller, world, params.id ?? "")
    const body = (request.body ?? {}) as Rec
    const port = portsOf(world, router.id, "network:router_interface").find((p) =>
      p.id === body.port_id || (p.fixed_ips as ReadonlyArray<Rec>).some((ip) => ip.subnet_id === body.subnet_id))
    if (port === undefined) {
      return typeof body.port_id === "string"
        ? yield* fail(404, "RouterInterfaceNotFound", `Router ${String(router.id)} does not have an interface with id ${body.port_id}`)
        : yield* fail(404, "RouterInterfaceNotFoundForSubnet", `Router ${String(router.id)} has no interface on subnet ${String(body.subnet_id)}`)
    }
    const subnetId = (port.fixed_ips as ReadonlyArray<Rec>)[0]?.subnet_id
    if (floatingIpsThrough(world, router, subnetId)) {
      return yield* fail(409, "RouterInterfaceInUseByFloatingIP", `Router interface for subnet ${String(subnetId)} on router ${String(router.id)} cannot be deleted, as it is required by one or more floating IPs.`)
    }
    const next = typeof body.port_id === "string"
      ? put(world, "ports", { ...port, device_id: "", device_owner: "" })
      : drop(world, "ports", String(port.id))
    return ok(200, interfaceOf(router, port), undefined, put(next, "routers", yield* revised(router)))
  })

const sameRoute = (a: Rec, b: Rec) => a.destination === b.destination && a.nexthop === b.nexthop

const extraRoutes = (adding: boolean): Handler => (request, params, world) =>
  Effect.gen(function* () {
    const caller = yield* callerOf(request, world)
    const router = yield* itemOf(routers, caller, world, params.id ?? "")
    const routes = ((yield* bodyOf(request, "router")).routes ?? []) as ReadonlyArray<Rec>
    const current = (router.routes as ReadonlyArray<Rec> | undefined) ?? []
    const changed = adding
      ? [...current, ...routes.filter((r) => !current.some((c) => sameRoute(c, r)))]
      : current.filter((c) => !routes.some((r) => sameRoute(c, r)))
    const next = yield* revised({ ...router, routes: changed })
    return ok(200, { router: next }, undefined, put(world, "routers", next))
  })

/**
 * The router actions' routes.
 *
 * @example
 * const actions = routerActions
 */
export const routerActions: ReadonlyArray<Route> = [
  route("PUT", "/v2.0/routers/:id/add_router_interface", addInterface),
  route("PUT", "/v2.0/routers/:id/remove_router_interface", removeInterface),
  route("PUT", "/v2.0/routers/:id/add_extraroutes", extraRoutes(true)),
  route("PUT", "/v2.0/routers/:id/remove_extraroutes", extraRoutes(false))
]

// ---------------------------------------------------------------------------------------------------------------------
// Floating IPs
// ---------------------------------------------------------------------------------------------------------------------

/** The router that joins a floating IP's external network and the subnet of the port's fixed IP, if any. */
const routerBetween = (world: World, externalNetwork: unknown, subnetId: unknown) =>
  rows(world, "routers").find((r) =>
    (r.external_gateway_info as Rec | null)?.network_id === externalNetwork
    && portsOf(world, r.id, "network:router_interface").some((p) => (p.fixed_ips as ReadonlyArray<Rec>).some((ip) => ip.subnet_id === subnetId)))

const association = (world: World, caller: Caller, floatingIp: Rec, body: Rec) =>
  Effect.gen(function* () {
    if (body.port_id === undefined) return {}
    if (body.port_id === null) return { port_id: null, fixed_ip_address: null, router_id: null, status: "DOWN" }
    const port = world.tables.ports.get(String(body.port_id))
    if (port === undefined || (!caller.admin && port.project_id !== caller.project)) {
      return yield* fail(404, "PortNotFound", `Port ${String(body.port_id)} could not be found.`)
    }
    const fixed = (port.fixed_ips as ReadonlyArray<Rec>)
      .find((ip) => body.fixed_ip_address === undefined || ip.ip_address === body.fixed_ip_address)
    const router = routerBetween(world, floatingIp.floating_network_id, fixed?.subnet_id)
    if (fixed === undefined || router === undefined) {
      return yield* fail(404, "ExternalGatewayForFloatingIPNotFound", `External network ${String(floatingIp.floating_network_id)} is not reachable from subnet ${String(fixed?.subnet_id)}.  Therefore, cannot associate Port ${String(port.id)} with a Floating IP.`)
    }
    return { port_id: port.id, fixed_ip_address: fixed.ip_address, router_id: router.id }
  })

/**
 * Floating IPs.
 *
 * @example
 * collectionRoutes(floatingIps, pageSize)
 */
export const floatingIps: Collection = {
  table: "floatingips",
  key: "floatingip",
  path: "floatingips",
  notFound: ["FloatingIPNotFound", "Floating IP"],
  tags: true,
  revision: true,
  create: (body, caller, world) =>
    Effect.gen(function* () {
      const network = yield* networkOf(world, caller, body.floating_network_id)
      if (network["router:external"] !== true) return yield* fail(400, "BadRequest", `Bad floatingip request: Network ${String(network.id)} is not a valid external network.`)
      const [fixed] = yield* fixedIpsFor(world, network, typeof body.floating_ip_address === "string" || typeof body.subnet_id === "string"
        ? [{ ...(typeof body.subnet_id === "string" ? { subnet_id: body.subnet_id } : {}), ...(typeof body.floating_ip_address === "string" ? { ip_address: body.floating_ip_address } : {}) }]
        : undefined)
      const base = {
        id: newId("uuid"), floating_ip_address: fixed?.ip_address, floating_network_id: network.id, router_id: null, port_id: null,
        fixed_ip_address: null, status: "DOWN", port_details: null, ...(yield* standard(floatingIps, body, caller))
      }
      // Neutron holds the address with a port of its own on the external network.
      const holder = {
        id: newId("uuid"), name: "", network_id: network.id, project_id: "", tenant_id: "", device_id: base.id,
        device_owner: "network:floatingip", fixed_ips: [fixed], status: "N/A", mac_address: "fa:16:3e:00:00:02",
        admin_state_up: true, security_groups: [], allowed_address_pairs: []
      }
      return { record: { ...base, ...(yield* association(world, caller, base, body)) }, world: put(world, "ports", holder) }
    }),
  remove: (record, world) =>
    Effect.succeed(portsOf(world, record.id, "network:floatingip").reduce((w, p) => drop(w, "ports", String(p.id)), drop(world, "floatingips", String(record.id)))),
  update: (record, body, caller, world) =>
    Effect.map(association(world, caller, record, body), (changes) => ({
      record: { ...record, ...changes, ...pick(body, ["description"]) },
      world
    }))
}
