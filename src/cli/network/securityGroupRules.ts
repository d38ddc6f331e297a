/**
 * `security group rule list | show | create | delete` (a rule cannot change: openstackclient has no `set`), as
 * python-openstackclient has them.
 *
 * @example
 * // effect-openstack security group rule create --protocol tcp --dst-port 22 --remote-ip 192.0.2.0/24 web
 * const command = SecurityGroupRules.command
 *
 * @module
 */
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Argument from "effect/cli/Argument"
import * as Command from "effect/cli/Command"
import * as Flag from "effect/cli/Flag"
import type { ConnectionShape } from "../../Connection.ts"
import * as SecurityGroupRules from "../../network/v2/SecurityGroupRules.ts"
import * as Options from "../options.ts"
import * as Resource from "../resource.ts"
import * as Format from "./format.ts"

type Rule = SecurityGroupRules.SecurityGroupRule

const client = (conn: ConnectionShape) => conn.network.securityGroupRules

/** The fields openstackclient prints of a rule (`ethertype` as `ether_type`). */
const view = Format.view([
  "created_at", "description", "direction", "ether_type", "id", "name", "port_range_max", "port_range_min",
  "project_id", "protocol", "remote_address_group_id", "remote_group_id", "remote_ip_prefix", "revision_number",
  "security_group_id", "tags", "updated_at"
], { from: { ether_type: "ethertype" } })

const icmp = ["icmp", "icmpv6", "ipv6-icmp", "1", "58"]

/** openstackclient's `format_network_port_range`: `22:22`, `type=3:code=0` (ICMP), or empty. */
const portRange = (rule: Rule): string => {
  const [min, max] = [rule.portRangeMin, rule.portRangeMax]
  if (icmp.includes(rule.protocol ?? "")) return `${min ? `type=${min}` : ""}${max ? `:code=${max}` : ""}`
  return min || max ? `${min ?? max}:${max ?? min}` : ""
}

/** openstackclient's `format_remote_ip_prefix`: the prefix, else everything of the ether type. */
const ipRange = (rule: Rule) => rule.remoteIpPrefix ?? (rule.ethertype === "IPv6" ? "::/0" : "0.0.0.0/0")

const columns = (options: { readonly group: Option.Option<string> }) => [
  ["ID", (r: Rule) => r.id] as const,
  ["IP Protocol", (r: Rule) => r.protocol] as const,
  ["Ethertype", (r: Rule) => r.ethertype] as const,
  ["IP Range", ipRange] as const,
  ["Port Range", portRange] as const,
  ["Direction", (r: Rule) => r.direction] as const,
  ["Remote Security Group", (r: Rule) => r.remoteGroupId] as const,
  ["Remote Address Group", (r: Rule) => r.remoteAddressGroupId] as const,
  ...(Option.isNone(options.group) ? [["Security Group", (r: Rule) => r.securityGroupId] as const] : [])
]

const groupId = (conn: ConnectionShape, group: string) =>
  Effect.map(conn.network.securityGroups.find(group), (g) => g.id)

const list = Resource.list({
  description: "List security group rules",
  example: "effect-openstack security group rule list --ingress web",
  columns,
  options: {
    group: Argument.String("group").pipe(Argument.withDescription("list all rules in this security group (name or ID)"), Argument.optional),
    protocol: Options.text("protocol", "list only rules with this IP protocol"),
    ethertype: Flag.Literals("ethertype", ["IPv4", "IPv6"] as const).pipe(
      Flag.withDescription("list only rules with this ether type"), Flag.optional),
    ...Options.pair("ingress", "egress", "list only rules applied to incoming traffic", "list only rules applied to outgoing traffic")
  },
  items: (conn, options) =>
    Effect.gen(function* () {
      const securityGroupId = Option.isSome(options.group) ? yield* groupId(conn, options.group.value) : undefined
      const ingress = Options.pairOf(options.ingress, options.egress)
      const query = Options.given({
        securityGroupId,
        protocol: Option.map(options.protocol, (p) => p.toLowerCase()),
        ethertype: options.ethertype,
        direction: ingress === undefined ? undefined : ingress ? "ingress" as const : "egress" as const
      })
      return yield* client(conn).list(query)
    })
})

const show = Resource.show({
  noun: "security group rule",
  description: "Display security group rule details",
  example: "effect-openstack security group rule show 5e0b…",
  definition: SecurityGroupRules.SecurityGroupRule,
  view,
  client
})

/** `--dst-port 22` or `--dst-port 137:139`. */
const dstPort = Flag.String("dst-port").pipe(
  Flag.withDescription("destination port, a single port or a range: 137:139 (for TCP and UDP; ignored for ICMP)"),
  Flag.filterMap((text) => {
    const match = /^(\d+)(?::(\d+))?$/.exec(text)
    const [min, max] = [Number(match?.[1]), Number(match?.[2] ?? match?.[1])]
    return match === null || min > max ? Option.none() : Option.some([min, max] as const)
  }, (text) => `--dst-port: expected a port or a range <min>:<max>, got '${text}'`),
  Flag.optional
)

const ipv6Protocols = ["icmpv6", "41", "43", "44", "58", "59", "60"]

/** The rule's ether type: as given, else IPv6 for an IPv6 protocol, else IPv4 (openstackclient's `get_ethertype`). */
const etherTypeOf = (given: Option.Option<"IPv4" | "IPv6">, protocol: string | null) =>
  Option.getOrElse(given, () =>
    protocol !== null && (protocol.startsWith("ipv6-") || ipv6Protocols.includes(protocol)) ? "IPv6" as const : "IPv4" as const)

const createOptions = {
  protocol: Options.text("protocol", "IP protocol (tcp, udp, icmp, … or a number 0-255, or any; default: any)"),
  dstPort,
  ...Options.pair("ingress", "egress", "rule applies to incoming traffic (default)", "rule applies to outgoing traffic"),
  ethertype: Flag.Literals("ethertype", ["IPv4", "IPv6"] as const).pipe(
    Flag.withDescription("ether type of the traffic (default: from the protocol)"), Flag.optional),
  remoteIp: Options.text("remote-ip", "remote IP address block, CIDR (default: 0.0.0.0/0 or ::/0)"),
  remoteGroup: Options.text("remote-group", "remote security group (name or ID)"),
  description: Options.text("description", "rule description")
}

type CreateOptions = Command.Command.Config.InferValue<typeof createOptions>

/** The rule's attributes, as openstackclient makes them of its options. */
const ruleOf = (conn: ConnectionShape, securityGroupId: string, options: CreateOptions) =>
  Effect.gen(function* () {
    const given = Option.getOrElse(Option.map(options.protocol, (p) => p.toLowerCase()), () => "any")
    const protocol = given === "any" ? null : given
    const ethertype = etherTypeOf(options.ethertype, protocol)
    const remoteGroupId = yield* Options.idOf(options.remoteGroup, (g) => conn.network.securityGroups.find(g))
    const ports = Option.isSome(options.dstPort) && !icmp.includes(protocol ?? "") ? options.dstPort.value : undefined
    const everywhere = ethertype === "IPv6" ? "::/0" : "0.0.0.0/0"
    return {
      securityGroupId,
      direction: options.egress ? "egress" as const : "ingress" as const,
      ethertype,
      protocol,
      ...(ports === undefined ? {} : { portRangeMin: ports[0], portRangeMax: ports[1] }),
      ...(remoteGroupId === undefined
        ? { remoteIpPrefix: Option.getOrElse(options.remoteIp, () => everywhere) }
        : { remoteGroupId }),
      ...Options.given({ description: options.description })
    }
  })

const create = Resource.create({
  noun: "security group rule",
  description: "Create a new security group rule",
  example: "effect-openstack security group rule create --protocol tcp --dst-port 22 --remote-ip 192.0.2.0/24 web",
  definition: SecurityGroupRules.SecurityGroupRule,
  view,
  argument: { name: "group", description: "create rule in this security group (name or ID)" },
  options: createOptions,
  attributes: (conn, group, options) => Effect.flatMap(groupId(conn, group), (id) => ruleOf(conn, id, options)),
  client
})

const remove = Resource.remove({
  noun: "security group rule",
  description: "Delete security group rule(s)",
  example: "effect-openstack security group rule delete 5e0b…",
  definition: SecurityGroupRules.SecurityGroupRule,
  client
})

/**
 * The `security group rule` command family (under `security group`).
 *
 * @example
 * Command.withSubcommands(group, [SecurityGroupRules.command])
 */
export const command = Command.make("rule").pipe(
  Command.withDescription("Security group rules (Network v2)"),
  Command.withSubcommands([list, show, create, remove])
)
