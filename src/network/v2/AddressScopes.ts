/**
 * Network v2 address scopes (`/v2.0/address-scopes`): the scopes within which addresses are unique and routed without
 * NAT; subnet pools belong to one (`addressScopeId`).
 *
 * @example
 * import { Effect } from "effect"
 * import { Network } from "effect-openstack"
 *
 * const program = Effect.gen(function* () {
 *   const network = yield* Network.Network
 *   const scope = yield* network.addressScopes.findOrCreate("internal", { ipVersion: 4 })
 * })
 *
 * @module
 */
import * as Schema from "effect/Schema"
import type { AdapterShape } from "../../Adapter.ts"
import * as services from "../../internal/services.ts"
import * as Resource from "../../Resource.ts"
import { field } from "../../Resource.ts"
import { identity, ownership } from "./StandardAttributes.ts"

/**
 * The declaration of an address scope (it has none of Neutron's standard attributes: no description, tags or
 * revision number).
 *
 * @example
 * const addressScopes = Resource.make(AddressScopes.AddressScope, network)
 */
export const AddressScope = Resource.define({
  service: services.network,
  key: "address_scope",
  fields: {
    ...identity,
    ...ownership,
    ipVersion: field(Schema.Literals([4, 6])).required.filterIn,
    shared: field(Schema.Boolean).create.update.filter
  },
  updateMethod: "PUT",
  operations: ["list", "get", "create", "update", "delete"]
})

/**
 * An address scope, as decoded.
 *
 * @example
 * const first: AddressScopes.AddressScope | undefined = (yield* network.addressScopes.list())[0]
 */
export type AddressScope = Resource.Item<typeof AddressScope>

/**
 * The address scopes client.
 *
 * @example
 * const addressScopes = AddressScopes.make(network)
 */
export const make = (adapter: AdapterShape) => Resource.make(AddressScope, adapter)

/**
 * The address scopes client's type.
 *
 * @example
 * const addressScopes: AddressScopes.AddressScopesClient = AddressScopes.make(network)
 */
export type AddressScopesClient = ReturnType<typeof make>

/**
 * The address scopes client as a service of its own: `.make(adapter)`, `.layer()` on a Session, and provided by
 * `Network.layer` and the Connection (so that a test can `Layer.mock` it).
 *
 * @example
 * const addressScopes = yield* AddressScopes.AddressScopes
 */
export class AddressScopes extends Resource.Service<AddressScopes>()("effect-openstack/network/AddressScopes", services.network, make) {}
