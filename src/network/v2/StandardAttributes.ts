/**
 * The attributes most Neutron resources share, declared once for all of them: who owns the resource (`projectId`, and
 * its legacy name `tenantId`) and Neutron's standard attributes (`description`, `tags`, `createdAt`, `updatedAt`,
 * `revisionNumber`). Spread them into a declaration's fields; use them to declare a resource of a Neutron extension
 * the SDK does not have.
 *
 * The standard attributes come from extensions (`standard-attr-*`) that every Neutron since Pike loads, but a
 * deployment may not: they are optional in the items, so an item decodes either way.
 *
 * @example
 * import { Schema } from "effect"
 * import { Network, Resource } from "effect-openstack"
 *
 * const { StandardAttributes } = Network
 *
 * const Trunk = Resource.define({
 *   service: { type: "network", version: "2.0", name: "Network", pathSeparator: "-" },
 *   key: "trunk",
 *   fields: {
 *     id: Resource.field(Schema.String).filterIn,
 *     name: Resource.field(Schema.String).create.update.filterIn,
 *     portId: Resource.field(Schema.String).required.filterIn,
 *     ...StandardAttributes.ownership,
 *     ...StandardAttributes.standard
 *   },
 *   updateMethod: "PUT",
 *   operations: ["list", "get", "create", "update", "delete"]
 * })
 *
 * @module
 */
import * as Schema from "effect/Schema"
import { field } from "../../Resource.ts"

/**
 * The owner: `projectId` (given at create by an admin only; filters take several) and `tenantId`, its legacy name.
 *
 * @example
 * const fields = { id: Resource.field(Schema.String), ...StandardAttributes.ownership }
 */
export const ownership = {
  projectId: field(Schema.String).create.filterIn,
  /** The legacy name of `projectId`. */
  tenantId: field(Schema.String).optional.filterIn
}

/**
 * Neutron's standard attributes: a description, tags (read here; changed through the tag operations), the times of
 * creation and of the last change, and the revision number that conditional writes match (`{ ifRevision }`).
 *
 * @example
 * const fields = { id: Resource.field(Schema.String), ...StandardAttributes.standard }
 */
export const standard = {
  description: field(Schema.String).optional.create.update.filterIn,
  tags: field(Schema.Array(Schema.String)).optional,
  createdAt: field(Schema.String).optional,
  updatedAt: field(Schema.String).optional,
  revisionNumber: field(Schema.Int).optional.filterIn
}

/**
 * The common filters of Neutron's resources by their identity: `id` and `name`, each one value or several.
 *
 * @example
 * const fields = { ...StandardAttributes.identity, ...StandardAttributes.ownership }
 */
export const identity = {
  id: field(Schema.String).filterIn,
  name: field(Schema.String).create.update.filterIn
}
