/**
 * Network v2 security groups (`/v2.0/security-groups`): named sets of rules applied to ports. Neutron gives every
 * project a group named `default` (traffic between its members, and all egress), created on the project's first use
 * of the network API; a new group has the two egress rules. Tags, filters, pages, conditional writes.
 *
 * @example
 * import { Effect } from "effect"
 * import { Network } from "effect-openstack"
 *
 * const program = Effect.gen(function* () {
 *   const network = yield* Network.Network
 *   const web = yield* network.securityGroups.findOrCreate("web", { description: "HTTP in" })
 *   yield* network.securityGroupRules.create({ securityGroupId: web.id, direction: "ingress", protocol: "tcp",
 *     portRangeMin: 80, portRangeMax: 80 })
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
import * as SecurityGroupRules from "./SecurityGroupRules.ts"

/**
 * The declaration of a security group. `securityGroupRules` are its rules as the group is read (change them through
 * `securityGroupRules`).
 *
 * @example
 * const securityGroups = Resource.make(SecurityGroups.SecurityGroup, network)
 */
export const SecurityGroup = Resource.define({
  service: services.network,
  key: "security_group",
  fields: {
    ...identity,
    ...ownership,
    ...standard,
    securityGroupRules: field(Schema.Array(Resource.schemaOf(SecurityGroupRules.SecurityGroupRule))),
    /** Stateless groups (`false`) need rules for the answers too. */
    stateful: field(Schema.Boolean).optional.create.update.filter,
    shared: field(Schema.Boolean).optional.filter
  },
  tags: true,
  revision: true,
  updateMethod: "PUT",
  operations: ["list", "get", "create", "update", "delete"]
})

/**
 * A security group, as decoded.
 *
 * @example
 * const first: SecurityGroups.SecurityGroup | undefined = (yield* network.securityGroups.list())[0]
 */
export type SecurityGroup = Resource.Item<typeof SecurityGroup>

/**
 * The security groups client.
 *
 * @example
 * const securityGroups = SecurityGroups.make(network)
 */
export const make = (adapter: AdapterShape) => Resource.make(SecurityGroup, adapter)

/**
 * The security groups client's type.
 *
 * @example
 * const securityGroups: SecurityGroups.SecurityGroupsClient = SecurityGroups.make(network)
 */
export type SecurityGroupsClient = ReturnType<typeof make>

/**
 * The security groups client as a service of its own: `.make(adapter)`, `.layer()` on a Session, and provided by
 * `Network.layer` and the Connection (so that a test can `Layer.mock` it).
 *
 * @example
 * const securityGroups = yield* SecurityGroups.SecurityGroups
 */
export class SecurityGroups extends Resource.Service<SecurityGroups>()("effect-openstack/network/SecurityGroups", services.network, make) {}
