/**
 * Identity v3 domains (`/v3/domains`): the top-level containers of projects, users and groups, whose names are unique
 * only within them.
 *
 * Keystone deletes only a disabled domain (an enabled one answers `Forbidden`): `update(id, { enabled: false })`
 * first, then `delete(id)`. Deleting a domain deletes everything in it.
 *
 * @example
 * import { Effect } from "effect"
 * import { Identity } from "effect-openstack"
 *
 * const program = Effect.gen(function* () {
 *   const identity = yield* Identity.Identity
 *   const domain = yield* identity.domains.findOrCreate("acme", { description: "ACME Corp." })
 *   yield* identity.domains.update(domain.id, { enabled: false })
 *   yield* identity.domains.delete(domain.id)
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
 * The declaration of a domain. List filters: `name`, `enabled`. `explicitDomainId` creates a domain with an id of
 * your choosing (a UUID, given without dashes or with them), e.g. to keep ids equal across deployments.
 *
 * @example
 * const domains = Resource.make(Domains.Domain, identity)
 */
export const Domain = Resource.define({
  service: services.identity,
  key: "domain",
  fields: {
    id: field(Schema.String),
    name: field(Schema.String).required.update.filter,
    description: field(Schema.NullOr(Schema.String)).optional.create.update,
    enabled: field(Schema.Boolean).create.update.filter,
    tags: field(Schema.Array(Schema.String)).optional.create.update,
    options: field(Schema.Record(Schema.String, Schema.Unknown)).optional.create.update,
    explicitDomainId: field(Schema.String).writeOnly.create
  },
  operations: ["list", "get", "create", "update", "delete"]
})

/**
 * A domain, as decoded.
 *
 * @example
 * const domain: Domains.Domain = yield* identity.domains.find("Default")
 */
export type Domain = Resource.Item<typeof Domain>

/**
 * The domains client. `delete` is the plain `DELETE /domains/{id}`: Keystone answers `Forbidden` unless the domain
 * was disabled first.
 *
 * @example
 * const domains = Domains.make(identity)
 * yield* domains.update(id, { enabled: false })
 * yield* domains.delete(id)
 */
export const make = (adapter: AdapterShape) => Resource.make(Domain, adapter)

/**
 * The domains client's type.
 *
 * @example
 * const domains: Domains.DomainsClient = Domains.make(identity)
 */
export type DomainsClient = ReturnType<typeof make>

/**
 * The domains client as a service of its own: `.make(adapter)`, `.layer()` on a Session, and provided by
 * `Identity.layer` and the Connection (so that a test can `Layer.mock` it).
 *
 * @example
 * const acme = yield* Effect.flatMap(Domains.Domains, (domains) => domains.find("acme"))
 */
export class Domains extends Resource.Service<Domains>()("effect-openstack/identity/Domains", services.identity, make) {}
