/**
 * Network v2 ports (`/v2.0/ports`): a device's attachment to a network — its MAC address, fixed IPs (drawn from the
 * subnets, or asked for: an address already taken is a `Conflict`), allowed address pairs, security groups, port
 * security, and the binding attributes (`binding:host_id`, `binding:vnic_type`, `binding:profile`, …) a compute
 * service sets. Tags, filters, pages, conditional writes.
 *
 * @example
 * import { Effect } from "effect"
 * import { Network } from "effect-openstack"
 *
 * const program = (networkId: string, subnetId: string) => Effect.gen(function* () {
 *   const network = yield* Network.Network
 *   const port = yield* network.ports.create({ networkId, fixedIps: [{ subnetId, ipAddress: "10.0.0.50" }] })
 *   const onSubnet = yield* network.ports.list({ fixedIps: `subnet_id=${subnetId}` })
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

/**
 * A fixed IP of a port: the subnet and the address (either may be left to Neutron at create).
 *
 * @example
 * const ip: Ports.FixedIp = { subnetId: "…", ipAddress: "10.0.0.50" }
 */
export const FixedIp = Resource.body({
  subnetId: Schema.optionalKey(Schema.String),
  ipAddress: Schema.optionalKey(Schema.String)
})

/**
 * @see {@link FixedIp}
 *
 * @example
 * const addresses = (port: Ports.Port) => port.fixedIps.map((ip: Ports.FixedIp) => ip.ipAddress)
 */
export type FixedIp = typeof FixedIp.Type

/**
 * An address (or CIDR) the port may also send from, with its MAC (the port's by default).
 *
 * @example
 * const vip: Ports.AddressPair = { ipAddress: "10.0.0.100" }
 */
export const AddressPair = Resource.body({
  ipAddress: Schema.String,
  macAddress: Schema.optionalKey(Schema.String)
})

/**
 * @see {@link AddressPair}
 *
 * @example
 * const pairs: ReadonlyArray<Ports.AddressPair> = port.allowedAddressPairs ?? []
 */
export type AddressPair = typeof AddressPair.Type

/**
 * The declaration of a port. The `fixedIps` filter takes Neutron's form, `ip_address=10.0.0.5` or `subnet_id=…`
 * (`ip_address_substr=…` where the ip-substring-filtering extension is loaded).
 *
 * @example
 * const ports = Resource.make(Ports.Port, network)
 */
export const Port = Resource.define({
  service: services.network,
  key: "port",
  fields: {
    ...identity,
    ...ownership,
    ...standard,
    networkId: field(Schema.String).required.filterIn,
    adminStateUp: field(Schema.Boolean).create.update.filter,
    status: field(Schema.String).filterIn,
    macAddress: field(Schema.String).create.update.filterIn,
    fixedIps: field(Schema.Array(FixedIp)).create.update.filterAs(Schema.String),
    deviceId: field(Schema.String).create.update.filterIn,
    deviceOwner: field(Schema.String).create.update.filterIn,
    securityGroups: field(Schema.Array(Schema.String)).optional.create.update.filterIn,
    allowedAddressPairs: field(Schema.Array(AddressPair)).optional.create.update,
    portSecurityEnabled: field(Schema.Boolean).optional.create.update.filter,
    bindingHostId: field(Schema.String).optional.create.update.filterIn.wire("binding:host_id"),
    bindingVnicType: field(Schema.String).optional.create.update.filterIn.wire("binding:vnic_type"),
    bindingProfile: field(Schema.Record(Schema.String, Schema.Unknown)).optional.create.update.wire("binding:profile"),
    bindingVifType: field(Schema.String).optional.wire("binding:vif_type"),
    bindingVifDetails: field(Schema.Record(Schema.String, Schema.Unknown)).optional.wire("binding:vif_details"),
    extraDhcpOpts: field(Schema.Array(Schema.Record(Schema.String, Schema.Unknown))).optional.create.update,
    dnsName: field(Schema.String).optional.create.update.filterIn,
    qosPolicyId: field(Schema.NullOr(Schema.String)).optional.create.update
  },
  tags: true,
  revision: true,
  updateMethod: "PUT",
  operations: ["list", "get", "create", "update", "delete"]
})

/**
 * A port, as decoded.
 *
 * @example
 * const first: Ports.Port | undefined = (yield* network.ports.list())[0]
 */
export type Port = Resource.Item<typeof Port>

/**
 * The ports client.
 *
 * @example
 * const ports = Ports.make(network)
 */
export const make = (adapter: AdapterShape) => Resource.make(Port, adapter)

/**
 * The ports client's type.
 *
 * @example
 * const ports: Ports.PortsClient = Ports.make(network)
 */
export type PortsClient = ReturnType<typeof make>

/**
 * The ports client as a service of its own: `.make(adapter)`, `.layer()` on a Session, and provided by
 * `Network.layer` and the Connection (so that a test can `Layer.mock` it).
 *
 * @example
 * const ports = yield* Ports.Ports
 */
export class Ports extends Resource.Service<Ports>()("effect-openstack/network/Ports", services.network, make) {}
