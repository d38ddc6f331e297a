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
import { Context, Effect, Layer } from "effect"
import type * as Adapter from "../../Adapter.ts"
import * as services from "../../internal/services.ts"
import * as Resource from "../../Resource.ts"
import { Session } from "../../Session.ts"
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

/**
 * Every Identity v3 client, on one adapter.
 *
 * @example
 * const { projects, users, roleAssignments } = yield* Identity.Identity
 */
export interface IdentityShape {
  /** The identity adapter underneath (service type "identity", v3), for requests no client covers. */
  readonly adapter: Adapter.AdapterShape
  readonly projects: ReturnType<typeof Projects.make>
  readonly domains: ReturnType<typeof Domains.make>
  readonly users: ReturnType<typeof Users.make>
  readonly groups: ReturnType<typeof Groups.make>
  readonly roles: ReturnType<typeof Roles.make>
  readonly roleAssignments: ReturnType<typeof RoleAssignments.make>
  readonly credentials: ReturnType<typeof Credentials.make>
  readonly services: ReturnType<typeof Services_.make>
  readonly endpoints: ReturnType<typeof Endpoints.make>
  readonly regions: ReturnType<typeof Regions.make>
  readonly policies: ReturnType<typeof Policies.make>
  /** Application credentials and access rules, per user: `applicationCredentials.forUser(userId)`. */
  readonly applicationCredentials: ReturnType<typeof ApplicationCredentials.make>
  readonly trusts: ReturnType<typeof Trusts.make>
  /** Registered limits and limits. */
  readonly limits: ReturnType<typeof Limits.make>
  /** Token validation and revocation, and what a token may scope to. */
  readonly tokens: ReturnType<typeof Tokens.make>
}

/**
 * The Identity clients on an identity adapter.
 *
 * @example
 * const identity = Identity.make(Adapter.make(session, { serviceType: "identity", version: "3" }))
 */
export const make = (adapter: Adapter.AdapterShape): IdentityShape => ({
  adapter,
  projects: Projects.make(adapter),
  domains: Domains.make(adapter),
  users: Users.make(adapter),
  groups: Groups.make(adapter),
  roles: Roles.make(adapter),
  roleAssignments: RoleAssignments.make(adapter),
  credentials: Credentials.make(adapter),
  services: Services_.make(adapter),
  endpoints: Endpoints.make(adapter),
  regions: Regions.make(adapter),
  policies: Policies.make(adapter),
  applicationCredentials: ApplicationCredentials.make(adapter),
  trusts: Trusts.make(adapter),
  limits: Limits.make(adapter),
  tokens: Tokens.make(adapter)
})

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
    Layer.effectContext(
      Effect.map(Session, (session) => context(make(Resource.adapterOf(session, services.identity, options))))
    )
}

/**
 * Every service the Identity layer provides: the aggregate and each resource client.
 *
 * @example
 * const layer: Layer.Layer<Identity.Clients, never, Session.Session> = Identity.Identity.layer()
 */
export type Clients =
  | Identity
  | Projects.Projects
  | Domains.Domains
  | Users.Users
  | Groups.Groups
  | Roles.Roles
  | RoleAssignments.RoleAssignments
  | Credentials.Credentials
  | Services_.Services
  | Endpoints.Endpoints
  | Regions.Regions
  | Policies.Policies
  | ApplicationCredentials.ApplicationCredentials
  | Trusts.Trusts
  | Limits.Limits
  | Tokens.Tokens

/**
 * The services of one Identity: the aggregate and each resource client, for a layer to provide.
 *
 * @example
 * Layer.succeedContext(Identity.context(Identity.make(adapter)))
 */
export const context = (identity: IdentityShape): Context.Context<Clients> =>
  Context.make(Identity, identity).pipe(
    Context.add(Projects.Projects, identity.projects),
    Context.add(Domains.Domains, identity.domains),
    Context.add(Users.Users, identity.users),
    Context.add(Groups.Groups, identity.groups),
    Context.add(Roles.Roles, identity.roles),
    Context.add(RoleAssignments.RoleAssignments, identity.roleAssignments),
    Context.add(Credentials.Credentials, identity.credentials),
    Context.add(Services_.Services, identity.services),
    Context.add(Endpoints.Endpoints, identity.endpoints),
    Context.add(Regions.Regions, identity.regions),
    Context.add(Policies.Policies, identity.policies),
    Context.add(ApplicationCredentials.ApplicationCredentials, identity.applicationCredentials),
    Context.add(Trusts.Trusts, identity.trusts),
    Context.add(Limits.Limits, identity.limits),
    Context.add(Tokens.Tokens, identity.tokens)
  )
