import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import type { Network } from "effect-openstack"
import { facts } from "./target.ts"
import { failsWith, scoped, unique, withNetwork } from "./network.ts"

const ids = (items: ReadonlyArray<{ readonly id: string }>) => items.map((item) => item.id)

/** An external network with a subnet, and a project network with a subnet: what routers and floating IPs need. */
const topology = ({ networks, subnets }: Network.NetworkShape, octet: number) =>
  Effect.gen(function* () {
    const external = yield* scoped(
      networks.create({ name: unique("public"), routerExternal: true, providerNetworkType: "flat", providerPhysicalNetwork: unique("p").slice(-10) }),
      networks.delete
    )
    const externalSubnet = yield* scoped(
      subnets.create({ networkId: external.id, ipVersion: 4, cidr: `172.${octet}.4.0/24`, enableDhcp: false }),
      subnets.delete
    )
    const internal = yield* scoped(networks.create({ name: unique("private") }), networks.delete)
    const internalSubnet = yield* scoped(subnets.create({ networkId: internal.id, ipVersion: 4, cidr: `10.${octet}.0.0/24` }), subnets.delete)
    return { external, externalSubnet, internal, internalSubnet }
  })

describe("Network v2 routers", () => {
  it.live("create → get → find → list → update (gateway, routes, If-Match) → interfaces by subnet and by port → delete", () =>
    withNetwork((network) =>
      Effect.gen(function* () {
        const { routers, ports } = network
        const { external, externalSubnet, internal, internalSubnet } = yield* topology(network, 41)
        const name = unique("router")
        const created = yield* scoped(routers.create({ name, adminStateUp: true }), routers.delete)
        assert.isNull(created.externalGatewayInfo)
        assert.strictEqual(created.status, "ACTIVE")
        assert.strictEqual((yield* routers.get(created.id)).name, name)
        assert.strictEqual((yield* routers.find(name)).id, created.id)
        assert.deepStrictEqual(ids(yield* routers.list({ name, adminStateUp: true })), [created.id])

        const renamed = yield* routers.update(created.id, { description: "edge" }, { ifRevision: created.revisionNumber })
        assert.strictEqual(renamed.description, "edge")
        yield* failsWith(routers.update(created.id, { name: "x" }, { ifRevision: created.revisionNumber }), "PreconditionFailed")
        // Neutron bumps the revision while it sets a gateway, before it checks If-Match: a gateway change goes
        // unconditionally.
        const withGateway = yield* routers.update(created.id, { externalGatewayInfo: { networkId: external.id } })
        assert.strictEqual(withGateway.externalGatewayInfo?.networkId, external.id)
        assert.strictEqual(withGateway.externalGatewayInfo?.externalFixedIps?.[0]?.subnetId, externalSubnet.id)

        const added = yield* routers.addInterface(created.id, { subnetId: internalSubnet.id })
        assert.strictEqual(added.id, created.id)
        assert.strictEqual(added.subnetId, internalSubnet.id)
        assert.strictEqual(added.networkId, internal.id)
        const gatewayPort = yield* ports.get(added.portId)
        assert.strictEqual(gatewayPort.deviceId, created.id)
        assert.strictEqual(gatewayPort.fixedIps[0]?.ipAddress, internalSubnet.gatewayIp)

        const routed = yield* routers.addExtraRoutes(created.id, { routes: [{ destination: "10.99.0.0/16", nexthop: "10.41.0.50" }] })
        assert.deepStrictEqual(routed.routes, [{ destination: "10.99.0.0/16", nexthop: "10.41.0.50" }])
        assert.deepStrictEqual((yield* routers.removeExtraRoutes(created.id, { routes: routed.routes ?? [] })).routes, [])

        const removed = yield* routers.removeInterface(created.id, { subnetId: internalSubnet.id })
        assert.strictEqual(removed.portId, added.portId)
        yield* failsWith(ports.get(added.portId), "NotFound")
        yield* failsWith(routers.removeInterface(created.id, { subnetId: internalSubnet.id }), "NotFound")

        const port = yield* scoped(ports.create({ networkId: internal.id, fixedIps: [{ subnetId: internalSubnet.id, ipAddress: "10.41.0.7" }] }), ports.delete)
        const byPort = yield* routers.addInterface(created.id, { portId: port.id })
        assert.strictEqual(byPort.portId, port.id)
        const busy = yield* failsWith(routers.delete(created.id), "Conflict")
        assert.include(busy.message, created.id)
        yield* routers.removeInterface(created.id, { portId: port.id })
        yield* routers.delete(created.id)
        yield* failsWith(routers.get(created.id), "NotFound")
      })
    ))
})

describe("Network v2 floating IPs", () => {
  it.live("create → get → list with a filter → associate → disassociate → update (If-Match) → delete", () =>
    withNetwork((network) =>
      Effect.gen(function* () {
        const { floatingIps, ports, routers } = network
        const { external, internal, internalSubnet } = yield* topology(network, 42)
        const router = yield* scoped(routers.create({ name: unique("fip-router"), externalGatewayInfo: { networkId: external.id } }), routers.delete)
        yield* Effect.acquireRelease(routers.addInterface(router.id, { subnetId: internalSubnet.id }), () =>
          Effect.ignore(routers.removeInterface(router.id, { subnetId: internalSubnet.id })))
        const port = yield* scoped(ports.create({ networkId: internal.id }), ports.delete)

        const created = yield* scoped(floatingIps.create({ floatingNetworkId: external.id, description: "web" }), floatingIps.delete)
        assert.match(created.floatingIpAddress, /^172\.42\.4\./)
        assert.isNull(created.portId)
        assert.strictEqual((yield* floatingIps.get(created.id)).floatingIpAddress, created.floatingIpAddress)
        assert.strictEqual((yield* floatingIps.find(created.id)).id, created.id)
        assert.deepStrictEqual(ids(yield* floatingIps.list({ floatingIpAddress: created.floatingIpAddress })), [created.id])

        const associated = yield* floatingIps.associate(created.id, port.id)
        assert.strictEqual(associated.portId, port.id)
        assert.strictEqual(associated.fixedIpAddress, port.fixedIps[0]?.ipAddress)
        assert.strictEqual(associated.routerId, router.id)
        assert.deepStrictEqual(ids(yield* floatingIps.list({ portId: port.id })), [created.id])
        const inUse = yield* failsWith(routers.removeInterface(router.id, { subnetId: internalSubnet.id }), "Conflict")
        assert.include(inUse.message, "floating")

        const disassociated = yield* floatingIps.disassociate(created.id)
        assert.isNull(disassociated.portId)
        assert.isNull(disassociated.fixedIpAddress)
        const updated = yield* floatingIps.update(created.id, { description: "spare" }, { ifRevision: disassociated.revisionNumber })
        assert.strictEqual(updated.description, "spare")
        yield* failsWith(floatingIps.update(created.id, {}, { ifRevision: disassociated.revisionNumber }), "PreconditionFailed")

        const unreachable = yield* scoped(networks(network).create({ name: unique("island") }), network.networks.delete)
        const islandSubnet = yield* scoped(network.subnets.create({ networkId: unreachable.id, ipVersion: 4, cidr: "10.43.0.0/24" }), network.subnets.delete)
        const islandPort = yield* scoped(ports.create({ networkId: unreachable.id, fixedIps: [{ subnetId: islandSubnet.id }] }), ports.delete)
        yield* failsWith(floatingIps.associate(created.id, islandPort.id), "NotFound")

        yield* floatingIps.delete(created.id)
        yield* failsWith(floatingIps.get(created.id), "NotFound")
      })
    ))
})

const networks = (network: Network.NetworkShape) => network.networks

describe("Network v2 security groups and rules", () => {
  it.live("groups: create → get → find → list → update (If-Match) → delete; rules: create → get → list → delete", () =>
    withNetwork(({ securityGroups, securityGroupRules }) =>
      Effect.gen(function* () {
        const name = unique("sg")
        const created = yield* scoped(securityGroups.create({ name, description: "web" }), securityGroups.delete)
        assert.deepStrictEqual(created.securityGroupRules.map((rule) => `${rule.direction} ${rule.ethertype}`).sort(), [
          "egress IPv4",
          "egress IPv6"
        ])
        assert.strictEqual((yield* securityGroups.get(created.id)).name, name)
        assert.strictEqual((yield* securityGroups.find(name)).id, created.id)
        assert.deepStrictEqual(ids(yield* securityGroups.list({ name, description: "web" })), [created.id])
        const updated = yield* securityGroups.update(created.id, { description: "web and ssh" }, { ifRevision: created.revisionNumber })
        assert.strictEqual(updated.description, "web and ssh")
        yield* failsWith(securityGroups.update(created.id, { description: "x" }, { ifRevision: created.revisionNumber }), "PreconditionFailed")

        const rule = yield* securityGroupRules.create({
          securityGroupId: created.id,
          direction: "ingress",
          ethertype: "IPv4",
          protocol: "tcp",
          portRangeMin: 22,
          portRangeMax: 22,
          remoteIpPrefix: "192.0.2.0/24"
        })
        assert.strictEqual(rule.portRangeMin, 22)
        assert.strictEqual(rule.remoteIpPrefix, "192.0.2.0/24")
        assert.strictEqual((yield* securityGroupRules.get(rule.id)).protocol, "tcp")
        assert.strictEqual((yield* securityGroupRules.find(rule.id)).id, rule.id)
        assert.deepStrictEqual(ids(yield* securityGroupRules.list({ securityGroupId: created.id, direction: "ingress" })), [rule.id])
        const again = yield* failsWith(
          securityGroupRules.create({ securityGroupId: created.id, direction: "ingress", ethertype: "IPv4", protocol: "tcp",
            portRangeMin: 22, portRangeMax: 22, remoteIpPrefix: "192.0.2.0/24" }),
          "Conflict"
        )
        assert.include(again.message, "already exists")
        assert.include((yield* securityGroups.get(created.id)).securityGroupRules.map((r) => r.id), rule.id)
        yield* securityGroupRules.delete(rule.id)
        yield* failsWith(securityGroupRules.get(rule.id), "NotFound")

        yield* securityGroups.delete(created.id)
        yield* failsWith(securityGroups.get(created.id), "NotFound")
      })
    ))

  it.live("every project has a default group with its default rules", () =>
    withNetwork(({ securityGroups, securityGroupRules }) =>
      Effect.gen(function* () {
        const [group, ...others] = yield* securityGroups.list({ name: "default", projectId: facts.projects.demo?.id ?? "" })
        assert.strictEqual(others.length, 0)
        assert.isDefined(group)
        const rules = yield* securityGroupRules.list({ securityGroupId: group?.id ?? "" })
        assert.deepStrictEqual(rules.map((r) => `${r.direction} ${r.ethertype} ${r.remoteGroupId === group?.id ? "group" : "any"}`).sort(), [
          "egress IPv4 any",
          "egress IPv6 any",
          "ingress IPv4 group",
          "ingress IPv6 group"
        ])
      }), "demo"))
})
