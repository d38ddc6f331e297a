/**
 * `network list | show | create | set | delete`, as python-openstackclient has them.
 *
 * @example
 * // effect-openstack network create --description 'CI' --tag ci ci-net
 * const command = Networks.command
 *
 * @module
 */
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Command from "effect/cli/Command"
import * as Flag from "effect/cli/Flag"
import type { ConnectionShape } from "../../Connection.ts"
import * as Networks from "../../network/v2/Networks.ts"
import * as Options from "../options.ts"
import * as Resource from "../resource.ts"
import * as Format from "./format.ts"

type Network = Networks.Network

const client = (conn: ConnectionShape) => conn.network.networks

/** The fields openstackclient prints of a network (its SDK's attributes, `tenant_id` left out). */
const view = Format.view([
  "admin_state_up", "availability_zone_hints", "availability_zones", "created_at", "description", "dns_domain", "id",
  "ipv4_address_scope", "ipv6_address_scope", "is_default", "is_vlan_transparent", "mtu", "name",
  "port_security_enabled", "project_id", "provider:network_type", "provider:physical_network",
  "provider:segmentation_id", "qos_policy_id", "revision_number", "router:external", "segments", "shared", "status",
  "subnets", "tags", "updated_at"
], {
  from: { is_vlan_transparent: "vlan_transparent" },
  table: { admin_state_up: Format.upDown, "router:external": Format.externalInternal }
})

const list = Resource.list({
  description: "List networks",
  example: "effect-openstack network list --long",
  columns: [["ID", (n: Network) => n.id], ["Name", (n: Network) => n.name], ["Subnets", (n: Network) => n.subnets]],
  long: [
    ["Status", (n: Network) => n.status],
    ["Project", (n: Network) => n.projectId],
    ["State", (n: Network) => Format.upDown(n.adminStateUp)],
    ["Shared", (n: Network) => n.shared],
    ["Network Type", (n: Network) => n.providerNetworkType],
    ["Router Type", (n: Network) => Format.externalInternal(n.routerExternal)],
    ["Availability Zones", (n: Network) => n.availabilityZones],
    ["Tags", (n: Network) => n.tags]
  ],
  options: {
    name: Options.text("name", "list only networks with this name"),
    ...Options.pair("external", "internal", "list only external networks", "list only internal networks"),
    ...Options.pair("enable", "disable", "list only enabled networks", "list only disabled networks"),
    share: Options.toggle("share", "list only networks shared between projects (--no-share: only those not shared)"),
    project: Options.text("project", "list only networks of this project (name or ID)"),
    status: Options.text("status", "list only networks in this status (ACTIVE, BUILD, DOWN, ERROR)"),
    providerNetworkType: Options.text("provider-network-type", "list only networks of this physical mechanism"),
    tags: Options.text("tags", "list only networks with all these tags (comma-separated)"),
    anyTags: Options.text("any-tags", "list only networks with any of these tags (comma-separated)")
  },
  items: (conn, options) =>
    Effect.flatMap(projectIdOf(conn, options.project), (projectId) =>
      client(conn).list(Options.given({
        name: options.name,
        routerExternal: Options.pairOf(options.external, options.internal),
        adminStateUp: Options.enabledOf(options),
        shared: options.share,
        projectId,
        status: options.status,
        providerNetworkType: options.providerNetworkType,
        tags: Option.map(options.tags, commaSeparated),
        tagsAny: Option.map(options.anyTags, commaSeparated)
      })))
})

/**
 * The id of the project `--project` names, as openstackclient's `find_project`: found by name or id, else — when the
 * user may not look projects up (Keystone's 403, for a user who is not an admin) — the value itself, taken as the id.
 */
const projectIdOf = (conn: ConnectionShape, project: Option.Option<string>) =>
  Options.idOf(project, (nameOrId) =>
    Effect.catchIf(conn.identity.projects.find(nameOrId), (error) => error._tag === "Forbidden", () =>
      Effect.succeed({ id: nameOrId })))

/** A comma-separated option's words (`--tags a,b`). */
const commaSeparated = (text: string) => text.split(",").filter((word) => word !== "")

const show = Resource.show({
  noun: "network",
  description: "Show network details",
  example: "effect-openstack network show ci-net",
  definition: Networks.Network,
  view,
  client
})

/** The options `create` and `set` share. */
const common = {
  description: Options.text("description", "network description"),
  mtu: Flag.Int("mtu").pipe(Flag.withDescription("set network mtu"), Flag.optional),
  ...Options.enabled("network"),
  share: Options.toggle("share", "share the network between projects (--no-share: do not)"),
  ...Options.pair("external", "internal", "set this network as an external network", "set this network as an internal network"),
  tag: Options.tags("network")
}

type Common = Command.Command.Config.InferValue<typeof common>

const attributesOf = (options: Common) =>
  Options.given({
    description: options.description,
    adminStateUp: Options.enabledOf(options),
    shared: options.share,
    routerExternal: Options.pairOf(options.external, options.internal),
    mtu: options.mtu
  })

/** The options of `create` alone: the owner and the provider attributes (an admin's). */
const createOnly = {
  project: Options.text("project", "owner's project (name or ID)"),
  providerNetworkType: Options.text("provider-network-type", "the physical mechanism by which the network is implemented"),
  providerPhysicalNetwork: Options.text(
    "provider-physical-network",
    "name of the physical network over which the network is implemented"
  ),
  providerSegment: Flag.Int("provider-segment").pipe(
    Flag.withDescription("VLAN ID for VLAN networks, or tunnel ID for GENEVE/GRE/VXLAN networks"),
    Flag.optional
  )
}

const create = Resource.create({
  noun: "network",
  description: "Create new network",
  example: "effect-openstack network create --description 'CI' --external ext-net",
  definition: Networks.Network,
  view,
  options: { ...common, ...createOnly },
  attributes: (conn, name, options) =>
    Effect.map(projectIdOf(conn, options.project), (projectId) => ({
      name,
      ...attributesOf(options),
      ...Options.given({
        projectId,
        providerNetworkType: options.providerNetworkType,
        providerPhysicalNetwork: options.providerPhysicalNetwork,
        providerSegmentationId: options.providerSegment
      })
    })),
  then: Format.tagAfterCreate(client),
  client
})

const set = Resource.set({
  noun: "network",
  description: "Set network properties",
  example: "effect-openstack network set --name ci-net2 --no-share ci-net",
  definition: Networks.Network,
  options: { name: Options.text("name", "set network name"), ...common, noTag: Options.noTag("network") },
  changes: (_conn, options) => Effect.succeed({ ...Options.given({ name: options.name }), ...attributesOf(options) }),
  then: Format.tagAfterSet(client),
  client
})

const unset = Resource.set({
  noun: "network",
  command: "unset",
  description: "Unset network properties",
  example: "effect-openstack network unset --tag ci ci-net",
  definition: Networks.Network,
  options: Options.untag("network"),
  changes: () => Effect.succeed({}),
  then: Format.tagAfterUnset(client),
  client
})

const remove = Resource.remove({
  noun: "network",
  description: "Delete network(s)",
  example: "effect-openstack network delete ci-net",
  definition: Networks.Network,
  client
})

/**
 * The `network` command family.
 *
 * @example
 * Command.withSubcommands(root, [Networks.command])
 */
export const command = Command.make("network").pipe(
  Command.withDescription("Networks (Network v2)"),
  Command.withSubcommands([list, show, create, set, unset, remove])
)
