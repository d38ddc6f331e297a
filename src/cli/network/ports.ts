/**
 * `port list | show | create | set | delete`, as python-openstackclient has them.
 *
 * @example
 * // effect-openstack port create --network ci-net --fixed-ip subnet=ci-subnet,ip-address=10.0.0.5 ci-port
 * const command = Ports.command
 *
 * @module
 */
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Command from "effect/cli/Command"
import * as Flag from "effect/cli/Flag"
import type { ConnectionShape } from "../../Connection.ts"
import * as Ports from "../../network/v2/Ports.ts"
import * as Options from "../options.ts"
import * as Resource from "../resource.ts"
import * as Format from "./format.ts"

type Port = Ports.Port

const client = (conn: ConnectionShape) => conn.network.ports

/** The fields openstackclient prints of a port (its SDK's attributes; the binding ones renamed). */
const view = Format.view([
  "admin_state_up", "allowed_address_pairs", "binding_host_id", "binding_profile", "binding_vif_details",
  "binding_vif_type", "binding_vnic_type", "created_at", "data_plane_status", "description", "device_id",
  "device_owner", "device_profile", "dns_assignment", "dns_domain", "dns_name", "extra_dhcp_opts", "fixed_ips", "id",
  "ip_allocation", "mac_address", "name", "network_id", "numa_affinity_policy", "port_security_enabled", "project_id",
  "propagate_uplink_status", "qos_network_policy_id", "qos_policy_id", "resource_request", "revision_number",
  "security_group_ids", "status", "tags", "trunk_details", "updated_at"
], {
  from: {
    binding_host_id: "binding:host_id",
    binding_profile: "binding:profile",
    binding_vif_details: "binding:vif_details",
    binding_vif_type: "binding:vif_type",
    binding_vnic_type: "binding:vnic_type",
    security_group_ids: "security_groups"
  },
  table: { admin_state_up: Format.upDown }
})

const list = Resource.list({
  description: "List ports",
  example: "effect-openstack port list --long",
  columns: [
    ["ID", (p: Port) => p.id],
    ["Name", (p: Port) => p.name],
    ["MAC Address", (p: Port) => p.macAddress],
    ["Fixed IP Addresses", (p: Port) => Format.fixedIps(p.fixedIps)],
    ["Status", (p: Port) => p.status]
  ],
  long: [
    ["Security Groups", (p: Port) => p.securityGroups],
    ["Device Owner", (p: Port) => p.deviceOwner],
    ["Tags", (p: Port) => p.tags]
  ],
  items: (conn) => client(conn).list()
})

const show = Resource.show({
  noun: "port",
  description: "Display port details",
  example: "effect-openstack port show ci-port",
  definition: Ports.Port,
  view,
  client
})

/** The options `create` and `set` share. */
const common = {
  description: Options.text("description", "description of this port"),
  device: Options.text("device", "port device ID"),
  deviceOwner: Options.text("device-owner", "device owner of this port, e.g. network:dhcp"),
  macAddress: Options.text("mac-address", "MAC address of this port (admin only)"),
  fixedIp: Options.keyValues(
    "fixed-ip", "desired IP and/or subnet (name or ID) for this port", ["subnet", "ip-address"]
  ),
  securityGroup: Options.repeated("security-group", "security group to associate with this port (name or ID; repeat for several)"),
  noSecurityGroup: Flag.Boolean("no-security-group").pipe(
    Flag.withDescription("associate no security groups with this port"), Flag.withDefault(false), Flag.withoutNegation),
  ...Options.enabled("port"),
  tag: Options.tags("port")
}

type Common = Command.Command.Config.InferValue<typeof common>

/** `--fixed-ip subnet=…,ip-address=…`: the subnets (name or ID) resolved to ids. */
const fixedIpsOf = (conn: ConnectionShape, given: ReadonlyArray<Readonly<Record<string, string>>>) =>
  Effect.forEach(given, (spec) =>
    Effect.map(
      Options.idOf(Option.fromNullishOr(spec.subnet), (s) => conn.network.subnets.find(s)),
      (subnetId) => ({
        ...(subnetId === undefined ? {} : { subnetId }),
        ...(spec["ip-address"] === undefined ? {} : { ipAddress: spec["ip-address"] })
      })
    ))

/** `--security-group` (names or IDs) resolved to ids. */
const groupsOf = (conn: ConnectionShape, given: ReadonlyArray<string>) =>
  Effect.forEach(given, (group) => Effect.map(conn.network.securityGroups.find(group), (found) => found.id))

/** The attributes the options give; fixed IPs and security groups added to `base` (`--no-…`: instead of it). */
const attributesOf = (conn: ConnectionShape, options: Common & { readonly noFixedIp?: boolean }, base?: Port) =>
  Effect.gen(function* () {
    const fixedIps = yield* fixedIpsOf(conn, options.fixedIp)
    const groups = yield* groupsOf(conn, options.securityGroup)
    const keepIps = base !== undefined && options.noFixedIp !== true ? base.fixedIps : []
    const keepGroups = base !== undefined && !options.noSecurityGroup ? base.securityGroups ?? [] : []
    return {
      ...Options.given({
        description: options.description,
        deviceId: options.device,
        deviceOwner: options.deviceOwner,
        macAddress: options.macAddress,
        adminStateUp: Options.enabledOf(options)
      }),
      ...(fixedIps.length > 0 || options.noFixedIp === true ? { fixedIps: [...keepIps, ...fixedIps] } : {}),
      ...(groups.length > 0 || options.noSecurityGroup ? { securityGroups: [...keepGroups, ...groups] } : {})
    }
  })

const create = Resource.create({
  noun: "port",
  description: "Create a new port",
  example: "effect-openstack port create --network ci-net --fixed-ip subnet=ci-subnet --security-group web ci-port",
  definition: Ports.Port,
  view,
  options: {
    network: Flag.String("network").pipe(Flag.withDescription("network this port belongs to (name or ID)")),
    ...common
  },
  attributes: (conn, name, options) =>
    Effect.gen(function* () {
      const network = yield* conn.network.networks.find(options.network)
      return { name, networkId: network.id, ...(yield* attributesOf(conn, options)) }
    }),
  then: Format.tagAfterCreate(client),
  client
})

const set = Resource.set({
  noun: "port",
  description: "Set port properties",
  example: "effect-openstack port set --description 'web' --security-group web ci-port",
  definition: Ports.Port,
  options: {
    name: Options.text("name", "set port name"),
    ...common,
    noFixedIp: Flag.Boolean("no-fixed-ip").pipe(
      Flag.withDescription("clear existing fixed IPs (with --fixed-ip: replace them)"), Flag.withDefault(false), Flag.withoutNegation),
    noTag: Options.noTag("port")
  },
  changes: (conn, options, port) =>
    Effect.map(attributesOf(conn, options, port), (attributes) => ({
      ...Options.given({ name: options.name }),
      ...attributes
    })),
  then: Format.tagAfterSet(client),
  client
})

const unset = Resource.set({
  noun: "port",
  command: "unset",
  description: "Unset port properties",
  example: "effect-openstack port unset --security-group web ci-port",
  definition: Ports.Port,
  options: {
    securityGroup: Options.repeated("security-group", "security group to remove from this port (name or ID; repeat option to remove multiple)"),
    ...Options.untag("port")
  },
  changes: (conn, options, port) =>
    Effect.map(groupsOf(conn, options.securityGroup), (groups) =>
      groups.length === 0 ? {} : { securityGroups: (port.securityGroups ?? []).filter((id) => !groups.includes(id)) }),
  then: Format.tagAfterUnset(client),
  client
})

const remove = Resource.remove({
  noun: "port",
  description: "Delete port(s)",
  example: "effect-openstack port delete ci-port",
  definition: Ports.Port,
  client
})

/**
 * The `port` command family.
 *
 * @example
 * Command.withSubcommands(root, [Ports.command])
 */
export const command = Command.make("port").pipe(
  Command.withDescription("Ports (Network v2)"),
  Command.withSubcommands([list, show, create, set, unset, remove])
)
