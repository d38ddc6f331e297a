/**
 * Network v2 RBAC policies (`/v2.0/rbac-policies`): sharing one object (a network, a subnet pool, a security group,
 * an address scope, …) with one project or with all (`targetTenant: "*"`), as shared (`access_as_shared`) or as
 * external (`access_as_external`). Only the target can change.
 *
 * @example
 * import { Effect } from "effect"
 * import { Network } from "effect-openstack"
 *
 * const share = (networkId: string, projectId: string) => Effect.gen(function* () {
 *   const network = yield* Network.Network
 *   return yield* network.rbacPolicies.create({
 *     objectType: "network", objectId: networkId, action: "access_as_shared", targetTenant: projectId
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
 * The declaration of an RBAC policy (no names: `find` takes an id).
 *
 * @example
 * const rbacPolicies = Resource.make(RbacPolicies.RbacPolicy, network)
 */
export const RbacPolicy = Resource.define({
  service: services.network,
  key: "rbac_policy",
  fields: {
    id: field(Schema.String).filterIn,
    ...ownership,
    objectType: field(Schema.String).required.filterIn,
    objectId: field(Schema.String).required.filterIn,
    action: field(Schema.String).required.filterIn,
    /** A project id, or `*` for every project. */
    targetTenant: field(Schema.String).required.update.filterIn
  },
  updateMethod: "PUT",
  operations: ["list", "get", "create", "update", "delete"]
})

/**
 * An RBAC policy, as decoded.
 *
 * @example
 * const first: RbacPolicies.RbacPolicy | undefined = (yield* network.rbacPolicies.list())[0]
 */
export type RbacPolicy = Resource.Item<typeof RbacPolicy>

/**
 * The RBAC policies client.
 *
 * @example
 * const rbacPolicies = RbacPolicies.make(network)
 */
export const make = (adapter: AdapterShape) => Resource.make(RbacPolicy, adapter)

/**
 * The RBAC policies client's type.
 *
 * @example
 * const rbacPolicies: RbacPolicies.RbacPoliciesClient = RbacPolicies.make(network)
 */
export type RbacPoliciesClient = ReturnType<typeof make>

/**
 * The RBAC policies client as a service of its own: `.make(adapter)`, `.layer()` on a Session, and provided by
 * `Network.layer` and the Connection (so that a test can `Layer.mock` it).
 *
 * @example
 * const rbacPolicies = yield* RbacPolicies.RbacPolicies
 */
export class RbacPolicies extends Resource.Service<RbacPolicies>()("effect-openstack/network/RbacPolicies", services.network, make) {}
