/**
 * `router list | show | create | set | unset | delete` and `router add | remove subnet | port`, as
 * python-openstackclient has them.
 *
 * @example
 * // effect-openstack router set --external-gateway ext-net edge && effect-openstack router add subnet edge ci-subnet
 * const command = Routers.command
 *
 * @module
 */
import * as Effect from "effect/Effect"
import * as Command from "effect/cli/Command"
import * as Flag from "effect/cli/Flag"
import { ValidationError } from "../../Errors.ts"
import type { ConnectionShape } from "../../Connection.ts"
import * as Routers from "../../network/v2/Routers.ts"
import * as Options from "../options.ts"
import * as Resource from "../resource.ts"
import * as Format from "./format.ts"

type Router = Routers.Router

const client = (conn: ConnectionShape) => conn.network.routers

/** The fields openstackclient prints of a router; `interfaces_info` only for `show`, which asks for the ports. */
const view = Format.view([
  "admin_state_up", "availability_zone_hints", "availability_zones", "created_at", "description", "distributed",
  "enable_ndp_proxy", "external_gateway_info", "flavor_id", "ha", "id", "name", "project_id", "revision_number",
  "routes", "status", "tags", "tenant_id", "updated_at"
], {
  optional: ["interfaces_info"],
  table: {
    admin_state_up: Format.upDown,
    external_gateway_info: Format.json,
    routes: Format.routes,
    interfaces_info: Format.json
  }
})

const list = Resource.list({
  description: "List routers",
  example: "effect-openstack router list --long",
  columns: [
    ["ID", (r: Router) => r.id],
    ["Name", (r: Router) => r.name],
    ["Status", (r: Router) => r.status],
    ["State", (r: Router) => Format.upDown(r.adminStateUp)],
    ["Project", (r: Router) => r.projectId]
  ],
  sometimes: [["Distributed", (r: Router) => r.distributed], ["HA", (r: Router) => r.ha]],
  long: [
    ["Routes", (r: Router) => Format.routes(r.routes ?? [])],
    ["External gateway info", (r: Router) => Format.gateway(r.externalGatewayInfo)],
    ["Availability zones", (r: Router) => r.availabilityZones],
    ["Tags", (r: Router) => r.tags]
  ],
  items: (conn) => client(conn).list()
})

/** A router with its interfaces (port, address, subnet of each fixed IP of its ports but the gateway's). */
const withInterfaces = (conn: ConnectionShape, router: Router) =>
  Effect.map(conn.network.ports.list({ deviceId: router.id }), (ports): Router => ({
    ...router,
    extra: {
      ...router.extra,
      interfaces_info: ports
        .filter((port) => port.deviceOwner !== "network:router_gateway")
        .flatMap((port) =>
          port.fixedIps.map((ip) => ({ port_id: port.id, ip_address: ip.ipAddress, subnet_id: ip.subnetId })))
    }
  }))

const show = Resource.show({
  noun: "router",
  description: "Display router details",
  example: "effect-openstack router show edge",
  definition: Routers.Router,
  view,
  client: (conn) => ({
    find: (nameOrId: string) => Effect.flatMap(client(conn).find(nameOrId), (r) => withInterfaces(conn, r))
  })
})

/** The options `create` and `set` share. */
const common = {
  description: Options.text("description", "router description"),
  ...Options.enabled("router"),
  tag: Options.tags("router")
}

/** The description and admin state the options give. */
const stateOf = (options: Command.Command.Config.InferValue<typeof common>) =>
  Options.given({ description: options.description, adminStateUp: Options.enabledOf(options) })

const create = Resource.create({
  noun: "router",
  description: "Create a new router",
  example: "effect-openstack router create --description 'edge' edge",
  definition: Routers.Router,
  view,
  options: common,
  attributes: (_conn, name, options) =>
    Effect.succeed({ name, ...stateOf(options) }),
  then: Format.tagAfterCreate(client),
  client
})

const snatWithoutGateway = "You must specify '--external-gateway' in order to update the SNAT or fixed-ip values"

const set = Resource.set({
  noun: "router",
  description: "Set router properties",
  example: "effect-openstack router set --external-gateway ext-net --disable-snat edge",
  definition: Routers.Router,
  options: {
    name: Options.text("name", "set router name"),
    ...common,
    externalGateway: Options.text("external-gateway", "external network used as the router's gateway (name or ID)"),
    ...Options.pair("enable-snat", "disable-snat", "enable source NAT on the external gateway", "disable source NAT on the external gateway"),
    noTag: Options.noTag("router")
  },
  changes: (conn, options) =>
    Effect.flatMap(Options.idOf(options.externalGateway, (n) => conn.network.networks.find(n)), (networkId) => {
      const enableSnat = Options.pairOf(options["enable-snat"], options["disable-snat"])
      if (networkId === undefined && enableSnat !== undefined) {
        // openstackclient's CommandError: SNAT is a setting of the gateway, which must be given with it.
        return Effect.fail(new ValidationError({ message: snatWithoutGateway }))
      }
      return Effect.succeed({
        ...Options.given({ name: options.name }),
        ...stateOf(options),
        ...(networkId === undefined ? {} : { externalGatewayInfo: { networkId, ...Options.given({ enableSnat }) } })
      })
    }),
  then: Format.tagAfterSet(client),
  client
})

const unset = Resource.set({
  noun: "router",
  command: "unset",
  description: "Unset router properties",
  example: "effect-openstack router unset --external-gateway edge",
  definition: Routers.Router,
  options: {
    externalGateway: Flag.Boolean("external-gateway").pipe(
      Flag.withDescription("remove the router's external gateway"), Flag.withDefault(false), Flag.withoutNegation),
    ...Options.untag("router")
  },
  changes: (_conn, options) => Effect.succeed(options.externalGateway ? { externalGatewayInfo: null } : {}),
  then: Format.tagAfterUnset(client),
  client
})

const remove = Resource.remove({
  noun: "router",
  description: "Delete router(s)",
  example: "effect-openstack router delete edge",
  definition: Routers.Router,
  client
})

const router = (what: string) => ({
  noun: "router",
  description: `router ${what} (name or ID)`,
  find: (conn: ConnectionShape, nameOrId: string) => client(conn).find(nameOrId)
})
const subnet = (what: string) => ({
  noun: "subnet",
  description: `subnet ${what} (name or ID)`,
  find: (conn: ConnectionShape, nameOrId: string) => conn.network.subnets.find(nameOrId)
})
const port = (what: string) => ({
  noun: "port",
  description: `port ${what} (name or ID)`,
  find: (conn: ConnectionShape, nameOrId: string) => conn.network.ports.find(nameOrId)
})

const add = Command.make("add").pipe(
  Command.withDescription("Add a subnet or a port to a router"),
  Command.withSubcommands([
    Resource.relate({
      name: "subnet",
      description: "Add a subnet to a router",
      example: "effect-openstack router add subnet edge ci-subnet",
      target: router("to which the subnet will be added"),
      member: subnet("to be added"),
      run: (conn, routerId, subnetId) => client(conn).addInterface(routerId, { subnetId })
    }),
    Resource.relate({
      name: "port",
      description: "Add a port to a router",
      example: "effect-openstack router add port edge ci-port",
      target: router("to which the port will be added"),
      member: port("to be added"),
      run: (conn, routerId, portId) => client(conn).addInterface(routerId, { portId })
    })
  ])
)

const removeFrom = Command.make("remove").pipe(
  Command.withDescription("Remove a subnet or a port from a router"),
  Command.withSubcommands([
    Resource.relate({
      name: "subnet",
      description: "Remove a subnet from a router",
      example: "effect-openstack router remove subnet edge ci-subnet",
      target: router("from which the subnet will be removed"),
      member: subnet("to be removed"),
      run: (conn, routerId, subnetId) => client(conn).removeInterface(routerId, { subnetId })
    }),
    Resource.relate({
      name: "port",
      description: "Remove a port from a router",
      example: "effect-openstack router remove port edge ci-port",
      target: router("from which the port will be removed"),
      member: port("to be removed"),
      run: (conn, routerId, portId) => client(conn).removeInterface(routerId, { portId })
    })
  ])
)

/**
 * The `router` command family.
 *
 * @example
 * Command.withSubcommands(root, [Routers.command])
 */
export const command = Command.make("router").pipe(
  Command.withDescription("Routers (Network v2)"),
  Command.withSubcommands([list, show, create, set, unset, remove, add, removeFrom])
)
