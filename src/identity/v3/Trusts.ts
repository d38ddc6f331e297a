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
import { Effect, Schema } from "effect"
import type { AdapterShape } from "../../Adapter.ts"
import { decodeOrInvalid } from "../../internal/decode.ts"
import * as Resource from "../../Resource.ts"
import * as Roles from "./Roles.ts"

/**
 * The declaration of a trust (trusts have no names: `find` takes an id).
 *
 * @example
 * const trusts = Resource.make(Trusts.Trust, identity)
 */
export const Trust = Resource.define({
  name: "trust",
  key: "trust",
  collectionKey: "trusts",
  path: () => "/OS-TRUST/trusts",
  fields: {
    id: Schema.String,
    trustorUserId: Schema.String,
    trusteeUserId: Schema.String,
    projectId: Schema.optionalKey(Schema.NullOr(Schema.String)),
    /** Does the token name the trustor (true) or the trustee as its user? */
    impersonation: Schema.Boolean,
    expiresAt: Schema.optionalKey(Schema.NullOr(Schema.String)),
    /** How many more tokens the trust gives; `null`: unlimited. */
    remainingUses: Schema.optionalKey(Schema.NullOr(Schema.Int)),
    allowRedelegation: Schema.optionalKey(Schema.NullOr(Schema.Boolean)),
    redelegatedTrustId: Schema.optionalKey(Schema.NullOr(Schema.String)),
    redelegationCount: Schema.optionalKey(Schema.NullOr(Schema.Int)),
    deletedAt: Schema.optionalKey(Schema.NullOr(Schema.String)),
    /** The delegated roles (Keystone leaves them out of lists: see `roles(trustId)`). */
    roles: Schema.optionalKey(Schema.Array(Roles.RoleRef))
  },
  query: { trustorUserId: Schema.optionalKey(Schema.String), trusteeUserId: Schema.optionalKey(Schema.String) },
  create: {
    trustorUserId: Schema.String,
    trusteeUserId: Schema.String,
    impersonation: Schema.Boolean,
    projectId: Schema.optionalKey(Schema.NullOr(Schema.String)),
    /** Roles the trustor holds on the project, by id or name (at least one with a project). */
    roles: Schema.optionalKey(Schema.Array(Roles.RoleSpec)),
    /** ISO 8601; none: the trust never expires. */
    expiresAt: Schema.optionalKey(Schema.NullOr(Schema.String)),
    remainingUses: Schema.optionalKey(Schema.NullOr(Schema.Int)),
    allowRedelegation: Schema.optionalKey(Schema.NullOr(Schema.Boolean)),
    redelegationCount: Schema.optionalKey(Schema.NullOr(Schema.Int))
  },
  findBy: undefined,
  operations: ["list", "get", "create", "delete"]
})

/**
 * A trust, as decoded.
 *
 * @example
 * const trust: Trusts.Trust = yield* trusts.get(trustId)
 */
export type Trust = Resource.Item<typeof Trust.fields>

/**
 * The trusts client: list (filters trustor, trustee), stream, get, find (by id), create, delete, and a trust's roles.
 *
 * @example
 * const mine = yield* Trusts.make(identity).list({ trustorUserId: userId })
 */
export const make = (adapter: AdapterShape) => {
  const { list, stream, get, find, create, delete: remove, decode, path } = Resource.make(Trust, adapter)
  const roleItems = Resource.make(Roles.Role, adapter)

  /**
   * The roles a trust delegates (`GET /OS-TRUST/trusts/{id}/roles`).
   *
   * @example
   * const delegated = yield* trusts.roles(trust.id) // [{ name: "member", … }]
   */
  const roles = (trustId: string): Effect.Effect<ReadonlyArray<Roles.Role>, Resource.ResourceError> =>
    Effect.gen(function* () {
      const { body } = yield* adapter.legacyJson.get(`${path}/${encodeURIComponent(trustId)}/roles`)
      const decoded = yield* decodeOrInvalid(
        Schema.Struct({ roles: Schema.Array(Schema.Unknown) }),
        body,
        "the roles of a trust"
      )
      return yield* Effect.forEach(decoded.roles, roleItems.decode)
    })

  return { list, stream, get, find, create, delete: remove, decode, path, roles }
}

/**
 * The trusts client's operations.
 *
 * @example
 * const trusts: Trusts.Client = Trusts.make(identity)
 */
export type Client = ReturnType<typeof make>
