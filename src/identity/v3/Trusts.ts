/**
 * Identity v3 trusts (`/v3/OS-TRUST/trusts`): a trustor delegates some of its roles on a project to a trustee, who
 * then authenticates with the trust (`Auth.v3Password({ …, trustId })`) for a trust-scoped token. Only the trustor may
 * create a trust; a trust cannot be changed, only deleted.
 *
 * @example
 * import { Effect } from "effect"
 * import type { Adapter } from "effect-openstack"
 * import * as Trusts from "./Trusts.ts"
 *
 * const program = (identity: Adapter.AdapterShape, trustorUserId: string, trusteeUserId: string, projectId: string) =>
 *   Effect.gen(function* () {
 *     const trusts = Trusts.make(identity)
 *     const trust = yield* trusts.create({
 *       trustorUserId, trusteeUserId, projectId, impersonation: false, roles: [{ name: "member" }], remainingUses: 5
 *     })
 *     return yield* trusts.roles(trust.id)
 *   })
 *
 * @module
 */
import * as Schema from "effect/Schema"
import type { AdapterShape } from "../../Adapter.ts"
import * as services from "../../internal/services.ts"
import * as Resource from "../../Resource.ts"
import { field } from "../../Resource.ts"
import * as Roles from "./Roles.ts"

/**
 * The declaration of a trust (trusts have no names: `find` takes an id).
 *
 * @example
 * const trusts = Resource.make(Trusts.Trust, identity)
 */
export const Trust = Resource.define({
  service: services.identity,
  key: "trust",
  path: () => "/OS-TRUST/trusts",
  fields: {
    id: field(Schema.String),
    trustorUserId: field(Schema.String).required.filter,
    trusteeUserId: field(Schema.String).required.filter,
    projectId: field(Schema.NullOr(Schema.String)).optional.create,
    /** Does the token name the trustor (true) or the trustee as its user? */
    impersonation: field(Schema.Boolean).required,
    /** ISO 8601; none: the trust never expires. */
    expiresAt: field(Schema.NullOr(Schema.String)).optional.create,
    /** How many more tokens the trust gives; `null`: unlimited. */
    remainingUses: field(Schema.NullOr(Schema.Int)).optional.create,
    allowRedelegation: field(Schema.NullOr(Schema.Boolean)).optional.create,
    redelegatedTrustId: field(Schema.NullOr(Schema.String)).optional,
    redelegationCount: field(Schema.NullOr(Schema.Int)).optional.create,
    deletedAt: field(Schema.NullOr(Schema.String)).optional,
    /**
     * The delegated roles (Keystone leaves them out of lists: see `roles(trustId)`); at create, roles the trustor
     * holds on the project, by id or name (at least one with a project).
     */
    roles: field(Schema.Array(Roles.RoleRef)).optional.createAs(Schema.Array(Roles.RoleSpec))
  },
  lists: { roles: { path: "roles", of: Roles.Role } },
  operations: ["list", "get", "create", "delete"]
})

/**
 * A trust, as decoded.
 *
 * @example
 * const trust: Trusts.Trust = yield* trusts.get(trustId)
 */
export type Trust = Resource.Item<typeof Trust>

/**
 * The trusts client: list (filters trustor, trustee), stream, get, find (by id), create, delete, and a trust's roles
 * (`roles(trustId)`: `GET /OS-TRUST/trusts/{id}/roles`).
 *
 * @example
 * const mine = yield* Trusts.make(identity).list({ trustorUserId: userId })
 */
export const make = (adapter: AdapterShape) => Resource.make(Trust, adapter)

/**
 * The trusts client's operations.
 *
 * @example
 * const trusts: Trusts.Client = Trusts.make(identity)
 */
export type Client = ReturnType<typeof make>

/**
 * The trusts client as a service of its own: `.make(adapter)`, `.layer()` on a Session, and provided by
 * `Identity.layer` and the Connection (so that a test can `Layer.mock` it).
 *
 * @example
 * const trusts = yield* Trusts.Trusts
 */
export class Trusts extends Resource.Service<Trusts>()("effect-openstack/identity/Trusts", services.identity, make) {}
