/**
 * Identity v3 policies (`/v3/policies`): opaque policy documents (a `blob` and its MIME `type`) stored by Keystone for
 * other services. **Deprecated** by Keystone since Queens (services keep their policies in their own files); still
 * served, and still here for the clouds that use it.
 *
 * @example
 * import { Effect } from "effect"
 * import { Identity } from "effect-openstack"
 *
 * const program = Effect.gen(function* () {
 *   const identity = yield* Identity.Identity
 *   const policy = yield* identity.policies.create({ type: "application/json", blob: '{"default": ""}' })
 * })
 *
 * @module
 */
import * as Schema from "effect/Schema"
import type { AdapterShape } from "../../Adapter.ts"
import * as services from "../../internal/services.ts"
import * as Resource from "../../Resource.ts"
import { field } from "../../Resource.ts"

/**
 * The declaration of a policy. List filter: `type`. Policies have no names: `find` looks one up by id only.
 *
 * @example
 * const policies = Resource.make(Policies.Policy, identity)
 */
export const Policy = Resource.define({
  service: services.identity,
  key: "policy",
  fields: {
    id: field(Schema.String),
    /** The policy document, as text. */
    blob: field(Schema.String).required.update,
    /** The document's MIME type, e.g. `application/json`. */
    type: field(Schema.String).required.update.filter
  },
  operations: ["list", "get", "create", "update", "delete"]
})

/**
 * A policy, as decoded.
 *
 * @example
 * const policy: Policies.Policy = yield* identity.policies.get(id)
 */
export type Policy = Resource.Item<typeof Policy>

/**
 * The policies client (of a deprecated Keystone API).
 *
 * @example
 * const policies = Policies.make(identity)
 * yield* policies.update(policy.id, { blob: '{"default": "role:admin"}' })
 */
export const make = (adapter: AdapterShape) => Resource.make(Policy, adapter)

/**
 * The policies client's type.
 *
 * @example
 * const policies: Policies.PoliciesClient = Policies.make(identity)
 */
export type PoliciesClient = ReturnType<typeof make>

/**
 * The policies client as a service of its own: `.make(adapter)`, `.layer()` on a Session, and provided by
 * `Identity.layer` and the Connection (so that a test can `Layer.mock` it).
 *
 * @example
 * const all = yield* Effect.flatMap(Policies.Policies, (policies) => policies.list())
 */
export class Policies extends Resource.Service<Policies>()("effect-openstack/identity/Policies", services.identity, make) {}
