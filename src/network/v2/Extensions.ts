/**
 * Network v2 extensions (`/v2.0/extensions`): what this Neutron can do beyond the core API — `tags`
 * (`standard-attr-tag`), `revision-if-match`, `router`, `quota_details`, … Each is found by its alias.
 *
 * @example
 * import { Effect } from "effect"
 * import { Network } from "effect-openstack"
 *
 * const hasTags = Effect.gen(function* () {
 *   const network = yield* Network.Network
 *   return (yield* network.extensions.list()).some((extension) => extension.alias === "standard-attr-tag")
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
 * The declaration of an extension (`get(alias)`; `find` by alias, else by name).
 *
 * @example
 * const extensions = Resource.make(Extensions.Extension, network)
 */
export const Extension = Resource.define({
  service: services.network,
  key: "extension",
  fields: {
    alias: field(Schema.String),
    name: field(Schema.String),
    description: field(Schema.String),
    updated: field(Schema.String).optional,
    links: field(Schema.Array(Schema.Unknown)).optional
  },
  operations: ["list", "get"]
})

/**
 * An extension, as decoded.
 *
 * @example
 * const first: Extensions.Extension | undefined = (yield* network.extensions.list())[0]
 */
export type Extension = Resource.Item<typeof Extension>

/**
 * The extensions client.
 *
 * @example
 * const extensions = Extensions.make(network)
 */
export const make = (adapter: AdapterShape) => Resource.make(Extension, adapter)

/**
 * The extensions client's type.
 *
 * @example
 * const extensions: Extensions.ExtensionsClient = Extensions.make(network)
 */
export type ExtensionsClient = ReturnType<typeof make>

/**
 * The extensions client as a service of its own: `.make(adapter)`, `.layer()` on a Session, and provided by
 * `Network.layer` and the Connection (so that a test can `Layer.mock` it).
 *
 * @example
 * const extensions = yield* Extensions.Extensions
 */
export class Extensions extends Resource.Service<Extensions>()("effect-openstack/network/Extensions", services.network, make) {}
