/**
 * Network v2 security group rules (`/v2.0/security-group-rules`): what traffic a security group lets in (`ingress`)
 * or out (`egress`): an ether type, a protocol, a port range, and a remote prefix or group. A rule cannot change:
 * delete it and create another.
 *
 * @example
 * import { Effect } from "effect"
 * import { Network } from "effect-openstack"
 *
 * const allowSsh = (securityGroupId: string) => Effect.gen(function* () {
 *   const network = yield* Network.Network
 *   return yield* network.securityGroupRules.create({
 *     securityGroupId, direction: "ingress", ethertype: "IPv4", protocol: "tcp",
 *     portRangeMin: 22, portRangeMax: 22, remoteIpPrefix: "0.0.0.0/0"
 *   })
 * })
 *
 * @module
 */
import * as Schema from "effect/Schema"
import type { AdapterShape } from "../../Adapter.ts"
import * as services from "../../internal/services.ts"
import * as Resource from "../../Resource.ts"
import { field } from "../../Resource.ts"
import { ownership } from "./StandardAttributes.ts"

/**
 * The declaration of a security group rule (no names: `find` takes an id). A rule that exists already is a
 * `Conflict`.
 *
 * @example
 * const securityGroupRules = Resource.make(SecurityGroupRules.SecurityGroupRule, network)
 */
export const SecurityGroupRule = Resource.define({
  service: services.network,
  key: "security_group_rule",
  fields: {
    id: field(Schema.String).filterIn,
    ...ownership,
    description: field(Schema.NullOr(Schema.String)).optional.create.filterIn,
    createdAt: field(Schema.String).optional,
    updatedAt: field(Schema.String).optional,
    revisionNumber: field(Schema.Int).optional.filterIn,
    securityGroupId: field(Schema.String).required.filterIn,
    direction: field(Schema.Literals(["ingress", "egress"])).required.filterIn,
    ethertype: field(Schema.Literals(["IPv4", "IPv6"])).create.filterIn,
    /** `tcp`, `udp`, `icmp`, `icmpv6`, … or a protocol number; `null`: any. */
    protocol: field(Schema.NullOr(Schema.String)).create.filterIn,
    portRangeMin: field(Schema.NullOr(Schema.Int)).create.filterIn,
    portRangeMax: field(Schema.NullOr(Schema.Int)).create.filterIn,
    remoteIpPrefix: field(Schema.NullOr(Schema.String)).create.filterIn,
    remoteGroupId: field(Schema.NullOr(Schema.String)).create.filterIn,
    remoteAddressGroupId: field(Schema.NullOr(Schema.String)).optional.create.filterIn,
    normalizedCidr: field(Schema.NullOr(Schema.String)).optional
  },
  operations: ["list", "get", "create", "delete"]
})

/**
 * A security group rule, as decoded.
 *
 * @example
 * const first: SecurityGroupRules.SecurityGroupRule | undefined = (yield* network.securityGroupRules.list())[0]
 */
export type SecurityGroupRule = Resource.Item<typeof SecurityGroupRule>

/**
 * The security group rules client.
 *
 * @example
 * const securityGroupRules = SecurityGroupRules.make(network)
 */
export const make = (adapter: AdapterShape) => Resource.make(SecurityGroupRule, adapter)

/**
 * The security group rules client's type.
 *
 * @example
 * const securityGroupRules: SecurityGroupRules.SecurityGroupRulesClient = SecurityGroupRules.make(network)
 */
export type SecurityGroupRulesClient = ReturnType<typeof make>

/**
 * The security group rules client as a service of its own: `.make(adapter)`, `.layer()` on a Session, and provided by
 * `Network.layer` and the Connection (so that a test can `Layer.mock` it).
 *
 * @example
 * const securityGroupRules = yield* SecurityGroupRules.SecurityGroupRules
 */
export class SecurityGroupRules extends Resource.Service<SecurityGroupRules>()("effect-openstack/network/SecurityGroupRules", services.network, make) {}
