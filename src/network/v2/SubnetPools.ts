/**
 * Network v2 subnet pools (`/v2.0/subnetpools`): the prefixes subnets are drawn from (`subnets.create({ subnetpoolId,
 * prefixlen })`), with default, minimum and maximum prefix lengths, a quota per project and an address scope. Prefixes
 * are added and removed one batch at a time (`addPrefixes`, `removePrefixes`).
 *
 * @example
 * import { Effect } from "effect"
 * import { Network } from "effect-openstack"
 *
 * const program = Effect.gen(function* () {
 *   const network = yield* Network.Network
 *   const pool = yield* network.subnetPools.create({ name: "tenants", prefixes: ["10.100.0.0/16"] })
 *   yield* network.subnetPools.addPrefixes(pool.id, { prefixes: ["10.101.0.0/16"] })
 * })
 *
 * @module
 */
import * as Schema from "effect/Schema"
import type { AdapterShape } from "../../Adapter.ts"
import * as services from "../../internal/services.ts"
import * as Resource from "../../Resource.ts"
import { field } from "../../Resource.ts"
import { identity, ownership, standard } from "./StandardAttributes.ts"

/** Neutron answers prefix lengths as text ("24"), and takes them as numbers. */
const PrefixLength = Schema.Union([Schema.Int, Schema.NumberFromString.check(Schema.isInt())])

/**
 * Prefixes to add to or remove from a pool, and the pool's prefixes after the change.
 *
 * @example
 * const change: SubnetPools.Prefixes = { prefixes: ["10.101.0.0/16"] }
 */
export const Prefixes = Schema.Struct({ prefixes: Schema.Array(Schema.String) })

/**
 * The declaration of a subnet pool. Neutron answers the prefix lengths as text; they decode to numbers. Actions:
 * `addPrefixes(id, { prefixes })` and `removePrefixes(id, { prefixes })` answer the pool's prefixes after the change
 * (a prefix in use by a subnet cannot be removed: `BadRequest`).
 *
 * @example
 * const subnetPools = Resource.make(SubnetPools.SubnetPool, network)
 */
export const SubnetPool = Resource.define({
  service: services.network,
  key: "subnetpool",
  attribute: "subnetPools",
  fields: {
    ...identity,
    ...ownership,
    ...standard,
    prefixes: field(Schema.Array(Schema.String)).required.update,
    defaultPrefixlen: field(PrefixLength).create.update.filterIn,
    minPrefixlen: field(PrefixLength).create.update.filterIn,
    maxPrefixlen: field(PrefixLength).create.update.filterIn,
    ipVersion: field(Schema.Literals([4, 6])).filterIn,
    shared: field(Schema.Boolean).create.filter,
    isDefault: field(Schema.Boolean).optional.create.update.filter,
    /** Addresses (IPv4) or /64 prefixes (IPv6) a project may take from the pool; `null`: no quota. */
    defaultQuota: field(Schema.NullOr(Schema.Int)).optional.create.update,
    addressScopeId: field(Schema.NullOr(Schema.String)).optional.create.update.filterIn
  },
  tags: true,
  revision: true,
  updateMethod: "PUT",
  actions: {
    addPrefixes: { method: "PUT", path: "add_prefixes", input: Prefixes, output: Prefixes },
    removePrefixes: { method: "PUT", path: "remove_prefixes", input: Prefixes, output: Prefixes }
  },
  operations: ["list", "get", "create", "update", "delete"]
})

/**
 * A subnet pool, as decoded.
 *
 * @example
 * const first: SubnetPools.SubnetPool | undefined = (yield* network.subnetPools.list())[0]
 */
export type SubnetPool = Resource.Item<typeof SubnetPool>

/**
 * The subnet pools client.
 *
 * @example
 * const subnetPools = SubnetPools.make(network)
 */
export const make = (adapter: AdapterShape) => Resource.make(SubnetPool, adapter)

/**
 * The subnet pools client's type.
 *
 * @example
 * const subnetPools: SubnetPools.SubnetPoolsClient = SubnetPools.make(network)
 */
export type SubnetPoolsClient = ReturnType<typeof make>

/**
 * The subnet pools client as a service of its own: `.make(adapter)`, `.layer()` on a Session, and provided by
 * `Network.layer` and the Connection (so that a test can `Layer.mock` it).
 *
 * @example
 * const subnetPools = yield* SubnetPools.SubnetPools
 */
export class SubnetPools extends Resource.Service<SubnetPools>()("effect-openstack/network/SubnetPools", services.network, make) {}
