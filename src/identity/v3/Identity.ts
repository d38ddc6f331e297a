/**
 * The Identity v3 service, whole: every resource Keystone serves, on one identity adapter — python-keystoneclient's
 * `keystoneclient.v3.client.Client` and openstacksdk's `conn.identity`.
 *
 * Use it through a Connection (`conn.identity`), or on its own: `yield* Identity.Identity` with
 * {@link Identity.layer} over a Session. Each resource module is here too (`Identity.Projects.Project`, …).
 *
 * @example
 * import { Effect } from "effect"
 * import { Identity } from "effect-openstack"
 *
 * const demo = Effect.gen(function* () {
 *   const identity = yield* Identity.Identity
 *   const project = yield* identity.projects.find("demo")
 *   return yield* identity.users.projects(project.id)
 * })
 *
 * @module
 */
import * as Context from "effect/Context"
import type * as Layer from "effect/Layer"
import type * as Adapter from "../../Adapter.ts"
import * as Aggregate from "../../internal/aggregate.ts"
import * as services from "../../internal/services.ts"
import type * as Resource from "../../Resource.ts"
import type { Session } from "../../Session.ts"
import * as ApplicationCredentials from "./ApplicationCredentials.ts"
import * as Credentials from "./Credentials.ts"
import * as Domains from "./Domains.ts"
import * as Endpoints from "./Endpoints.ts"
import * as Groups from "./Groups.ts"
import * as Limits from "./Limits.ts"
import * as Policies from "./Policies.ts"
import * as Projects from "./Projects.ts"
import * as Regions from "./Regions.ts"
import * as RoleAssignments from "./RoleAssignments.ts"
import * as Roles from "./Roles.ts"
import * as Services_ from "./Services.ts"
import * as Tokens from "./Tokens.ts"
import * as Trusts from "./Trusts.ts"
import * as Users from "./Users.ts"

export {
  ApplicationCredentials,
  Credentials,
  Domains,
  Endpoints,
  Groups,
  Limits,
  Policies,
  Projects,
  Regions,
  RoleAssignments,
  Roles,
  Services_ as Services,
  Tokens,
  Trusts,
  Users
}

const clients = {
  projects: Projects.Projects,
  domains: Domains.Domains,
  users: Users.Users,
  groups: Groups.Groups,
  roles: Roles.Roles,
  roleAssignments: RoleAssignments.RoleAssignments,
  credentials: Credentials.Credentials,
  services: Services_.Services,
  endpoints: Endpoints.Endpoints,
  regions: Regions.Regions,
  policies: Policies.Policies,
  /** Application credentials and access rules, per user: `applicationCredentials.forUser(userId)`. */
  applicationCredentials: ApplicationCredentials.ApplicationCredentials,
  trusts: Trusts.Trusts,
  /** Registered limits and limits. */
  limits: Limits.Limits,
  /** Token validation and revocation, and what a token may scope to. */
  tokens: Tokens.Tokens
}

/**
 * Every Identity v3 client, on one adapter (`adapter`: the identity adapter underneath, service type "identity", v3,
 * for requests no client covers).
 *
 * @example
 * const { projects, users, roleAssignments } = yield* Identity.Identity
 */
export type IdentityShape = Aggregate.ShapeOf<typeof clients>

/**
 * The Identity clients on an identity adapter.
 *
 * @example
 * const identity = Identity.make(Adapter.make(session, { serviceType: "identity", version: "3" }))
 */
export const make = (adapter: Adapter.AdapterShape): IdentityShape => Aggregate.make(clients, adapter)

/**
 * Where the identity service is: the adapter defaults (interface, region, an endpoint override, …).
 *
 * @example
 * const options: Identity.IdentityOptions = { interface: "internal", regionName: "RegionOne" }
 */
export type IdentityOptions = Resource.ServiceOptions

/**
 * The Identity service.
 *
 * @example
 * const program = Effect.flatMap(Identity.Identity, (identity) => identity.projects.list())
 */
export class Identity extends Context.Service<Identity, IdentityShape>()("effect-openstack/Identity") {
  /**
   * The Identity service and each resource client's service, on the Session of the context: the catalog's identity
   * endpoint, v3 discovered there.
   *
   * @example
   * program.pipe(Effect.provide(Identity.layer({ interface: "public" })), Effect.provide(Session.layer({ auth })))
   */
  static readonly layer = (options: IdentityOptions = {}): Layer.Layer<Clients, never, Session> =>
    Aggregate.layer(Identity, clients, services.identity, options)
}

/**
 * Every service the Identity layer provides: the aggregate and each resource client.
 *
 * @example
 * const layer: Layer.Layer<Identity.Clients, never, Session.Session> = Identity.Identity.layer()
 */
export type Clients = Identity | Aggregate.IdentifierOf<typeof clients>

/**
 * The services of one Identity: the aggregate and each resource client, for a layer to provide.
 *
 * @example
 * Layer.succeedContext(Identity.context(Identity.make(adapter)))
 */
export const context = (identity: IdentityShape): Context.Context<Clients> =>
  Aggregate.context(Identity, clients, identity)
