/**
 * Identity v3 roles (`/v3/roles`): global roles and domain-specific ones (`domainId`), and the rules by which one role
 * implies another (`/v3/roles/{prior}/implies/{implied}`, `/v3/role_inferences`): a user given the prior role gets
 * the implied ones in its tokens too.
 *
 * @example
 * import { Effect } from "effect"
 * import type { Adapter } from "effect-openstack"
 * import * as Roles from "./Roles.ts"
 *
 * const program = (identity: Adapter.AdapterShape) =>
 *   Effect.gen(function* () {
 *     const roles = Roles.make(identity)
 *     const operator = yield* roles.findOrCreate("operator", { name: "operator", description: "runs things" })
 *     const member = yield* roles.find("member")
 *     yield* roles.imply(operator.id, member.id) // an operator is a member too
 *     return yield* roles.impliedBy(operator.id) // [{ id: member.id, name: "member", … }]
 *   })
 *
 * @module
 */
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import type { AdapterShape } from "../../Adapter.ts"
import { memberOf } from "../../internal/decode.ts"
import * as services from "../../internal/services.ts"
import * as Resource from "../../Resource.ts"
import { field } from "../../Resource.ts"

/**
 * A role's options (`immutable`: the role cannot be changed or deleted until the option is removed).
 *
 * @example
 * const options: Roles.RoleOptions = { immutable: true }
 */
export const RoleOptions = Schema.Struct({ immutable: Schema.optionalKey(Schema.NullOr(Schema.Boolean)) })

/**
 * @see {@link RoleOptions}
 *
 * @example
 * const locked = (options: Roles.RoleOptions | undefined) => options?.immutable === true
 */
export type RoleOptions = typeof RoleOptions.Type

/**
 * The declaration of a role.
 *
 * @example
 * const roles = Resource.make(Roles.Role, identity)
 */
export const Role = Resource.define({
  service: services.identity,
  key: "role",
  fields: {
    id: field(Schema.String),
    name: field(Schema.String).required.update.filter,
    /** The domain of a domain-specific role; `null` for a global one (without it, Keystone lists the global roles). */
    domainId: field(Schema.NullOr(Schema.String)).optional.createAs(Schema.String).filterAs(Schema.String),
    description: field(Schema.NullOr(Schema.String)).optional.create.update,
    options: field(RoleOptions).optional.create.update
  },
  operations: ["list", "get", "create", "update", "delete"]
})

/**
 * A role, as decoded.
 *
 * @example
 * const role: Roles.Role = yield* Roles.make(identity).find("member")
 */
export type Role = Resource.Item<typeof Role>

/**
 * A role as other resources name it (an implication rule, an application credential, a trust): its id and name, and
 * its domain when the server says.
 *
 * @example
 * const ref: Roles.RoleRef = { id: "r1", name: "member" }
 */
export const RoleRef = Schema.Struct({
  id: Schema.String,
  name: Schema.String,
  domainId: Schema.optionalKey(Schema.NullOr(Schema.String))
}).pipe(Schema.encodeKeys({ domainId: "domain_id" }))

/**
 * @see {@link RoleRef}
 *
 * @example
 * const implied: ReadonlyArray<Roles.RoleRef> = yield* roles.impliedBy(operator.id)
 */
export type RoleRef = typeof RoleRef.Type

/**
 * A role to delegate (to an application credential, a trust), by id or by name.
 *
 * @example
 * const roles: ReadonlyArray<Roles.RoleSpec> = [{ name: "reader" }, { id: "r1" }]
 */
export const RoleSpec = Schema.Union([Schema.Struct({ id: Schema.String }), Schema.Struct({ name: Schema.String })])

/**
 * @see {@link RoleSpec}
 *
 * @example
 * const spec = (role: Roles.Role): Roles.RoleSpec => ({ id: role.id })
 */
export type RoleSpec = typeof RoleSpec.Type

/**
 * An implication rule: holding `priorRole` gives `implies` too.
 *
 * @example
 * const rule: Roles.Implication = { priorRole: { id: "p", name: "admin" }, implies: { id: "m", name: "member" } }
 */
export const Implication = Schema.Struct({ priorRole: RoleRef, implies: RoleRef }).pipe(
  Schema.encodeKeys({ priorRole: "prior_role" })
)

/**
 * @see {@link Implication}
 *
 * @example
 * const rule: Roles.Implication = yield* roles.imply(admin.id, member.id)
 */
export type Implication = typeof Implication.Type

/**
 * Every role one prior role implies (an entry of `GET /role_inferences`).
 *
 * @example
 * const inference: Roles.Inference = { priorRole: { id: "p", name: "admin" }, implies: [{ id: "m", name: "member" }] }
 */
export const Inference = Schema.Struct({ priorRole: RoleRef, implies: Schema.Array(RoleRef) }).pipe(
  Schema.encodeKeys({ priorRole: "prior_role" })
)

/**
 * @see {@link Inference}
 *
 * @example
 * const rules: ReadonlyArray<Roles.Inference> = yield* roles.inferences()
 */
export type Inference = typeof Inference.Type

const rulePath = (priorRoleId: string, impliedRoleId: string) =>
  `/roles/${encodeURIComponent(priorRoleId)}/implies/${encodeURIComponent(impliedRoleId)}`

/**
 * The implication rules of roles: a user given the prior role gets the implied ones in its tokens too.
 *
 * @example
 * const rules: Roles.Implications = Roles.make(identity)
 */
export interface Implications {
  /**
   * Makes `priorRoleId` imply `impliedRoleId` (`PUT /roles/{prior}/implies/{implied}`); answers the rule.
   *
   * @example
   * const rule = yield* roles.imply(admin.id, member.id)
   */
  readonly imply: (priorRoleId: string, impliedRoleId: string) => Effect.Effect<Implication, Resource.ResourceError>
  /**
   * Whether `priorRoleId` implies `impliedRoleId` (`HEAD /roles/{prior}/implies/{implied}`): `false` when there is no
   * such rule (or no such role).
   *
   * @example
   * if (!(yield* roles.implies(admin.id, member.id))) yield* roles.imply(admin.id, member.id)
   */
  readonly implies: (priorRoleId: string, impliedRoleId: string) => Effect.Effect<boolean, Resource.ResourceError>
  /**
   * Removes the rule (`DELETE /roles/{prior}/implies/{implied}`).
   *
   * @example
   * yield* roles.unimply(admin.id, member.id)
   */
  readonly unimply: (priorRoleId: string, impliedRoleId: string) => Effect.Effect<void, Resource.ResourceError>
  /**
   * The roles `priorRoleId` implies directly (`GET /roles/{prior}/implies`).
   *
   * @example
   * const implied = yield* roles.impliedBy(admin.id) // [{ id: …, name: "member" }]
   */
  readonly impliedBy: (priorRoleId: string) => Effect.Effect<ReadonlyArray<RoleRef>, Resource.ResourceError>
  /**
   * Every implication rule of the deployment, grouped by prior role (`GET /role_inferences`).
   *
   * @example
   * const rules = yield* roles.inferences()
   * const fromAdmin = rules.find((rule) => rule.priorRole.name === "admin")?.implies
   */
  readonly inferences: () => Effect.Effect<ReadonlyArray<Inference>, Resource.ResourceError>
}

const implications = (adapter: AdapterShape): Implications => ({
  imply: (prior, implied) =>
    memberOf(adapter.legacyJson.put(rulePath(prior, implied)), "role_inference", Implication, "an implied role"),
  implies: (prior, implied) => Resource.exists(adapter, rulePath(prior, implied)),
  unimply: (prior, implied) => Effect.asVoid(adapter.delete(rulePath(prior, implied))),
  impliedBy: (prior) =>
    Effect.map(
      memberOf(adapter.legacyJson.get(`/roles/${encodeURIComponent(prior)}/implies`), "role_inference", Inference, "the roles a role implies"),
      (inference) => inference.implies
    ),
  inferences: () =>
    memberOf(adapter.legacyJson.get("/role_inferences"), "role_inferences", Schema.Array(Inference), "the role inferences")
})

/**
 * The roles client: the resource's operations, and the implication rules.
 *
 * @example
 * const roles = Roles.make(identity)
 * const domainRoles = yield* roles.list({ domainId: "d1" })
 */
export const make = (adapter: AdapterShape) => ({ ...Resource.make(Role, adapter), ...implications(adapter) })

/**
 * The roles client's operations.
 *
 * @example
 * const roles: Roles.Client = Roles.make(identity)
 */
export type Client = ReturnType<typeof make>

/**
 * The roles client as a service of its own: `.make(adapter)`, `.layer()` on a Session, and provided by
 * `Identity.layer` and the Connection (so that a test can `Layer.mock` it).
 *
 * @example
 * const roles = yield* Roles.Roles
 */
export class Roles extends Resource.Service<Roles>()("effect-openstack/identity/Roles", services.identity, make) {}
