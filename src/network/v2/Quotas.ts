/**
 * Network v2 quotas (`/v2.0/quotas/{projectId}`): how many networks, subnets, ports, routers, floating IPs, security
 * groups and rules, RBAC policies and subnet pools a project may have (`-1`: no limit). `get(projectId)` shows a
 * project's, `update` sets some, `delete` returns them to the defaults, `list` gives the projects whose quotas differ
 * from the defaults; `defaults(projectId)` and `usage(projectId)` (used, reserved, limit of each) are actions.
 * Setting quotas needs an admin.
 *
 * @example
 * import { Effect } from "effect"
 * import { Network } from "effect-openstack"
 *
 * const program = (projectId: string) => Effect.gen(function* () {
 *   const network = yield* Network.Network
 *   yield* network.quotas.update(projectId, { port: 1000 })
 *   const { port } = yield* network.quotas.usage(projectId)
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
 * How much of one quota is used, reserved, and its limit.
 *
 * @example
 * const ports: Quotas.QuotaUsage = { used: 3, reserved: 0, limit: 500 }
 */
export const QuotaUsage = Schema.Struct({ used: Schema.Int, reserved: Schema.Int, limit: Schema.Int })

/**
 * A project's usage of each quota, by resource (`port`, `security_group`, …: the wire names).
 *
 * @example
 * const usage: Quotas.Usage = { port: { used: 3, reserved: 0, limit: 500 } }
 */
export const Usage = Schema.Record(Schema.String, QuotaUsage)

/**
 * @see {@link Usage}
 *
 * @example
 * const left = (usage: Quotas.Usage) => (usage.port?.limit ?? 0) - (usage.port?.used ?? 0)
 */
export type Usage = typeof Usage.Type

/**
 * The declaration of a project's network quotas (its id is the project's; Neutron reports the project only in lists).
 * Quotas of resources the declaration does not name (a plugin's) are kept in `extra`.
 *
 * @example
 * const quotas = Resource.make(Quotas.Quota, network)
 */
export const Quota = Resource.define({
  service: services.network,
  key: "quota",
  fields: {
    projectId: field(Schema.String).optional,
    tenantId: field(Schema.String).optional,
    network: field(Schema.Int).optional.update,
    subnet: field(Schema.Int).optional.update,
    subnetpool: field(Schema.Int).optional.update,
    port: field(Schema.Int).optional.update,
    router: field(Schema.Int).optional.update,
    floatingip: field(Schema.Int).optional.update,
    securityGroup: field(Schema.Int).optional.update,
    securityGroupRule: field(Schema.Int).optional.update,
    rbacPolicy: field(Schema.Int).optional.update
  },
  findBy: false,
  updateMethod: "PUT",
  actions: {
    defaults: { method: "GET", path: "default", output: "item" },
    usage: { method: "GET", path: "details", outputKey: "quota", output: Usage }
  },
  operations: ["list", "get", "update", "delete"]
})

/**
 * A project's quotas, as decoded.
 *
 * @example
 * const first: Quotas.Quota | undefined = (yield* network.quotas.list())[0]
 */
export type Quota = Resource.Item<typeof Quota>

/**
 * The quotas client.
 *
 * @example
 * const quotas = Quotas.make(network)
 */
export const make = (adapter: AdapterShape) => Resource.make(Quota, adapter)

/**
 * The quotas client's type.
 *
 * @example
 * const quotas: Quotas.QuotasClient = Quotas.make(network)
 */
export type QuotasClient = ReturnType<typeof make>

/**
 * The quotas client as a service of its own: `.make(adapter)`, `.layer()` on a Session, and provided by
 * `Network.layer` and the Connection (so that a test can `Layer.mock` it).
 *
 * @example
 * const quotas = yield* Quotas.Quotas
 */
export class Quotas extends Resource.Service<Quotas>()("effect-openstack/network/Quotas", services.network, make) {}
