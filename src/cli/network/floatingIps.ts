/**
 * `floating ip list | show | create | set | unset | delete`, as python-openstackclient has them. A floating IP is
 * named by its id or its address.
 *
 * @example
 * // effect-openstack floating ip create --port ci-port ext-net
 * const command = FloatingIps.command
 *
 * @module
 */
import * as Effect from "effect/Effect"
import * as Command from "effect/cli/Command"
import * as Flag from "effect/cli/Flag"
import type { ConnectionShape } from "../../Connection.ts"
import { NoUniqueMatch, type NotFound } from "../../Errors.ts"
import * as FloatingIps from "../../network/v2/FloatingIps.ts"
import * as Options from "../options.ts"
import * as Resource from "../resource.ts"
import * as Format from "./format.ts"

type FloatingIp = FloatingIps.FloatingIp

/**
 * The floating IP of an address among those listed: only exact matches count (a server may ignore the filter), and
 * only one may (openstacksdk's DuplicateResource) — a delete must never take whichever came first.
 */
const byAddress = (
  listed: ReadonlyArray<FloatingIp>,
  address: string,
  notFound: NotFound
): Effect.Effect<FloatingIp, NotFound | NoUniqueMatch> => {
  const found = listed.filter((ip) => ip.floatingIpAddress === address)
  if (found.length > 1) {
    return Effect.fail(
      new NoUniqueMatch({
        message: `${found.length} floating IPs have the address "${address}": give the ID`,
        resource: "floating ip",
        nameOrId: address,
        matches: found.length
      })
    )
  }
  return found[0] === undefined ? Effect.fail(notFound) : Effect.succeed(found[0])
}

/** The floating IPs client, `find` taking an id or an address (openstackclient's `find_ip`). */
const client = (conn: ConnectionShape) => {
  const ips = conn.network.floatingIps
  return {
    ...ips,
    find: (idOrAddress: string) =>
      Effect.catchTag(ips.find(idOrAddress), "NotFound", (error) =>
        Effect.flatMap(ips.list({ floatingIpAddress: idOrAddress }), (listed) => byAddress(listed, idOrAddress, error)))
  }
}

/** The fields openstackclient prints of a floating IP (its SDK's `name` is the address). */
const view = Format.view([
  "created_at", "description", "dns_domain", "dns_name", "fixed_ip_address", "floating_ip_address",
  "floating_network_id", "id", "name", "port_details", "port_id", "project_id", "qos_policy_id", "revision_number",
  "router_id", "status", "subnet_id", "tags", "updated_at"
], { from: { name: "floating_ip_address" } })

const list = Resource.list({
  description: "List floating IP(s)",
  example: "effect-openstack floating ip list --long",
  columns: [
    ["ID", (f: FloatingIp) => f.id],
    ["Floating IP Address", (f: FloatingIp) => f.floatingIpAddress],
    ["Fixed IP Address", (f: FloatingIp) => f.fixedIpAddress],
    ["Port", (f: FloatingIp) => f.portId],
    ["Floating Network", (f: FloatingIp) => f.floatingNetworkId],
    ["Project", (f: FloatingIp) => f.projectId]
  ],
  long: [
    ["Router", (f: FloatingIp) => f.routerId],
    ["Status", (f: FloatingIp) => f.status],
    ["Description", (f: FloatingIp) => f.description],
    ["Tags", (f: FloatingIp) => f.tags],
    ["DNS Name", (f: FloatingIp) => f.dnsName],
    ["DNS Domain", (f: FloatingIp) => f.dnsDomain]
  ],
  items: (conn) => conn.network.floatingIps.list()
})

const show = Resource.show({
  noun: "floating IP",
  description: "Display floating IP details",
  example: "effect-openstack floating ip show 203.0.113.10",
  definition: FloatingIps.FloatingIp,
  view,
  client
})

/** The options `create` and `set` share. */
const common = {
  port: Options.text("port", "port to associate with the floating IP (name or ID)"),
  fixedIpAddress: Options.text("fixed-ip-address", "fixed IP of the port (required only if the port has several)"),
  description: Options.text("description", "floating IP description"),
  tag: Options.tags("floating IP")
}

type Common = Command.Command.Config.InferValue<typeof common>

const attributesOf = (conn: ConnectionShape, options: Common) =>
  Effect.map(Options.idOf(options.port, (p) => conn.network.ports.find(p)), (portId) =>
    Options.given({ portId, fixedIpAddress: options.fixedIpAddress, description: options.description }))

const create = Resource.create({
  noun: "floating IP",
  description: "Create floating IP",
  example: "effect-openstack floating ip create --port ci-port --description web ext-net",
  definition: FloatingIps.FloatingIp,
  view,
  argument: { name: "network", description: "network to allocate the floating IP from (name or ID)" },
  options: {
    subnet: Options.text("subnet", "subnet on which to create the floating IP (name or ID)"),
    floatingIpAddress: Options.text("floating-ip-address", "floating IP address"),
    ...common
  },
  attributes: (conn, network, options) =>
    Effect.gen(function* () {
      const floatingNetworkId = (yield* conn.network.networks.find(network)).id
      const subnetId = yield* Options.idOf(options.subnet, (s) => conn.network.subnets.find(s))
      const rest = yield* attributesOf(conn, options)
      const given = Options.given({ subnetId, floatingIpAddress: options.floatingIpAddress })
      return { floatingNetworkId, ...given, ...rest }
    }),
  then: Format.tagAfterCreate(client),
  client
})

const set = Resource.set({
  noun: "floating IP",
  description: "Set floating IP properties",
  example: "effect-openstack floating ip set --port ci-port 203.0.113.10",
  definition: FloatingIps.FloatingIp,
  options: { ...common, noTag: Options.noTag("floating IP") },
  changes: attributesOf,
  then: Format.tagAfterSet(client),
  client
})

const unset = Resource.set({
  noun: "floating IP",
  command: "unset",
  description: "Unset floating IP properties",
  example: "effect-openstack floating ip unset --port 203.0.113.10",
  definition: FloatingIps.FloatingIp,
  options: {
    port: Flag.Boolean("port").pipe(
      Flag.withDescription("disassociate the floating IP from its port"), Flag.withDefault(false), Flag.withoutNegation),
    ...Options.untag("floating IP")
  },
  changes: (_conn, options) => Effect.succeed(options.port ? { portId: null } : {}),
  then: Format.tagAfterUnset(client),
  client
})

const remove = Resource.remove({
  noun: "floating IP",
  description: "Delete floating IP(s)",
  example: "effect-openstack floating ip delete 203.0.113.10",
  definition: FloatingIps.FloatingIp,
  client
})

/**
 * The `floating ip` command family.
 *
 * @example
 * Command.withSubcommands(root, [FloatingIps.command])
 */
export const command = Command.make("floating").pipe(
  Command.withDescription("Floating IPs (Network v2)"),
  Command.withSubcommands([
    Command.make("ip").pipe(
      Command.withDescription("Floating IPs (Network v2)"),
      Command.withSubcommands([list, show, create, set, unset, remove])
    )
  ])
)
