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
import { Schema } from "effect"
import type { AdapterShape } from "../../Adapter.ts"
import * as Resource from "../../Resource.ts"

/**
 * The declaration of a domain. List filters: `name`, `enabled`. `explicitDomainId` creates a domain with an id of
 * your choosing (a UUID, given without dashes or with them), e.g. to keep ids equal across deployments.
 *
 * @example
 * const domains = Resource.make(Domains.Domain, identity)
 */
export const Domain = Resource.define({
  name: "domain",
  key: "domain",
  collectionKey: "domains",
  path: () => "/domains",
  fields: {
    id: Schema.String,
    name: Schema.String,
    description: Schema.optionalKey(Schema.NullOr(Schema.String)),
    enabled: Schema.Boolean,
    tags: Schema.optionalKey(Schema.Array(Schema.String)),
    options: Schema.optionalKey(Schema.Record(Schema.String, Schema.Unknown))
  },
  query: {
    name: Schema.optionalKey(Schema.String),
    enabled: Schema.optionalKey(Schema.Boolean)
  },
  create: {
    name: Schema.String,
    description: Schema.optionalKey(Schema.NullOr(Schema.String)),
    enabled: Schema.optionalKey(Schema.Boolean),
    tags: Schema.optionalKey(Schema.Array(Schema.String)),
    options: Schema.optionalKey(Schema.Record(Schema.String, Schema.Unknown)),
    explicitDomainId: Schema.optionalKey(Schema.String)
  },
  update: {
    name: Schema.optionalKey(Schema.String),
    description: Schema.optionalKey(Schema.NullOr(Schema.String)),
    enabled: Schema.optionalKey(Schema.Boolean),
    tags: Schema.optionalKey(Schema.Array(Schema.String)),
    options: Schema.optionalKey(Schema.Record(Schema.String, Schema.Unknown))
  },
  operations: ["list", "get", "create", "update", "delete"]
})

/**
 * A domain, as decoded.
 *
 * @example
 * const domain: Domains.Domain = yield* identity.domains.find("Default")
 */
export type Domain = Resource.Item<typeof Domain.fields>

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
