import { randomUUID } from "node:crypto"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Stream } from "effect"
import { failsWith, scoped, unique, withNetwork } from "./network.ts"

const ids = (items: ReadonlyArray<{ readonly id: string }>) => items.map((item) => item.id)

describe("Network v2 networks", () => {
  it.live("create → get → find → list with a filter → update (If-Match) → delete", () =>
    withNetwork(({ networks }) =>
      Effect.gen(function* () {
        const name = unique("net")
        const created = yield* scoped(networks.create({ name, mtu: 1400, portSecurityEnabled: false, description: "first" }), networks.delete)
        assert.strictEqual(created.name, name)
        assert.strictEqual(created.mtu, 1400)
        assert.isFalse(created.portSecurityEnabled)
        assert.strictEqual(created.providerNetworkType, "vxlan")
        assert.isNumber(created.providerSegmentationId)
        assert.isFalse(created.routerExternal)
        assert.deepStrictEqual(created.subnets, [])
        assert.strictEqual(created.status, "ACTIVE")
        assert.strictEqual((yield* networks.get(created.id)).name, name)
        assert.strictEqual((yield* networks.find(name)).id, created.id)
        assert.strictEqual((yield* networks.find(created.id)).name, name)
        assert.deepStrictEqual(ids(yield* networks.list({ name })), [created.id])
        assert.deepStrictEqual(ids(yield* networks.list({ name: [name, unique("none")], mtu: 1400 })), [created.id])
        assert.deepStrictEqual(yield* networks.list({ name, mtu: 1500 }), [])

        const revision = created.revisionNumber ?? -1
        const updated = yield* networks.update(created.id, { description: "second" }, { ifRevision: revision })
        assert.strictEqual(updated.description, "second")
        assert.isAbove(updated.revisionNumber ?? -1, revision)
        const stale = yield* failsWith(networks.update(created.id, { description: "third" }, { ifRevision: revision }), "PreconditionFailed")
        assert.strictEqual(stale.status, 412)
        assert.include(stale.message, "revision")
        assert.strictEqual((yield* networks.get(created.id)).description, "second")
        yield* failsWith(networks.delete(created.id, { ifRevision: revision }), "PreconditionFailed")
        yield* networks.delete(created.id, { ifRevision: updated.revisionNumber })
        const gone = yield* failsWith(networks.get(created.id), "NotFound")
        assert.include(gone.message, "could not be found")
        yield* failsWith(networks.find(created.id), "NotFound")
      })
    ))

  it.live("provider attributes of an admin's flat external network", () =>
    withNetwork(({ networks }) =>
      Effect.gen(function* () {
        const name = unique("ext")
        const created = yield* scoped(
          networks.create({ name, routerExternal: true, providerNetworkType: "flat", providerPhysicalNetwork: name.slice(-12) }),
          networks.delete
        )
        assert.isTrue(created.routerExternal)
        assert.strictEqual(created.providerNetworkType, "flat")
        assert.strictEqual(created.providerPhysicalNetwork, name.slice(-12))
        assert.isNull(created.providerSegmentationId)
        assert.include(ids(yield* networks.list({ routerExternal: true, providerNetworkType: "flat" })), created.id)
      })
    ))

  it.live("tags: add, has, list, replace, remove, and the tag filters", () =>
    withNetwork(({ networks }) =>
      Effect.gen(function* () {
        const a = yield* scoped(networks.create({ name: unique("tag-a") }), networks.delete)
        const b = yield* scoped(networks.create({ name: unique("tag-b") }), networks.delete)
        const red = unique("red")
        const blue = unique("blue")
        yield* networks.addTag(a.id, red)
        yield* networks.addTag(a.id, red) // again: no change
        yield* networks.addTag(a.id, blue)
        assert.deepStrictEqual(yield* networks.replaceTags(b.id, [blue]), [blue])
        assert.isTrue(yield* networks.hasTag(a.id, red))
        assert.isFalse(yield* networks.hasTag(b.id, red))
        assert.deepStrictEqual([...(yield* networks.listTags(a.id))].sort(), [blue, red].sort())
        assert.deepStrictEqual((yield* networks.get(a.id)).tags?.toSorted(), [blue, red].sort())

        assert.deepStrictEqual(ids(yield* networks.list({ tags: [red, blue] })), [a.id])
        assert.deepStrictEqual(ids(yield* networks.list({ tagsAny: [red, blue] })).sort(), [a.id, b.id].sort())
        assert.deepStrictEqual(ids(yield* networks.list({ tagsAny: [blue], notTags: [red, blue] })), [b.id])
        assert.notInclude(ids(yield* networks.list({ notTagsAny: [red] })), a.id)

        yield* networks.removeTag(a.id, red)
        assert.isFalse(yield* networks.hasTag(a.id, red))
        yield* failsWith(networks.removeTag(a.id, red), "NotFound")
        yield* networks.removeAllTags(a.id)
        assert.deepStrictEqual(yield* networks.listTags(a.id), [])
        yield* failsWith(networks.addTag(a.id, "a,b"), "ValidationError")
      })
    ))

  it.live("pagination: a list and a stream cross Neutron's pages (pagination_max_limit 3) and the client's", () =>
    withNetwork(({ networks }) =>
      Effect.gen(function* () {
        const tag = unique("page")
        const made = yield* Effect.forEach(Array.from({ length: 7 }, (_, i) => i), (i) =>
          Effect.tap(scoped(networks.create({ name: `${tag}-${i}` }), networks.delete), (n) => networks.addTag(n.id, tag)))
        const listed = yield* networks.list({ tags: [tag] })
        assert.deepStrictEqual(ids(listed).sort(), ids(made).sort())
        const sorted = yield* networks.list({ tags: [tag] }, { sort: [["name", "desc"]], limit: 2 })
        assert.deepStrictEqual(sorted.map((n) => n.name), made.map((n) => n.name).reverse())
        const firstTwo = yield* Stream.runCollect(Stream.take(networks.stream({ tags: [tag] }, { limit: 2 }), 2))
        assert.strictEqual(firstTwo.length, 2)
        const selected = yield* networks.select(["id", "name"], { tags: [tag] })
        assert.deepStrictEqual(selected.map((n) => n.name).sort(), made.map((n) => n.name).sort())
        assert.deepStrictEqual(Object.keys(selected[0] ?? {}).sort(), ["extra", "id", "name"])
        assert.deepStrictEqual(selected[0]?.extra, {})
      })
    ))

  it.live("find: NoUniqueMatch for two networks of one name; findOrCreate finds what it made", () =>
    withNetwork(({ networks }) =>
      Effect.gen(function* () {
        const name = unique("twin")
        const first = yield* scoped(networks.findOrCreate(name, {}), networks.delete)
        assert.strictEqual((yield* networks.findOrCreate(name, {})).id, first.id)
        yield* scoped(networks.create({ name }), networks.delete)
        const twins = yield* failsWith(networks.find(name), "NoUniqueMatch")
        assert.include(twins.message, "2 networks")
      })
    ))
})

describe("Network v2 subnets and ports", () => {
  it.live("subnets: create → get → find → list with a filter → update (If-Match) → delete", () =>
    withNetwork(({ networks, subnets }) =>
      Effect.gen(function* () {
        const net = yield* scoped(networks.create({ name: unique("subnets") }), networks.delete)
        const name = unique("subnet")
        const created = yield* scoped(
          subnets.create({
            name,
            networkId: net.id,
            ipVersion: 4,
            cidr: "10.20.0.0/24",
            gatewayIp: "10.20.0.1",
            allocationPools: [{ start: "10.20.0.10", end: "10.20.0.99" }],
            dnsNameservers: ["10.20.0.2"],
            hostRoutes: [{ destination: "10.21.0.0/16", nexthop: "10.20.0.254" }],
            enableDhcp: false
          }),
          subnets.delete
        )
        assert.strictEqual(created.cidr, "10.20.0.0/24")
        assert.deepStrictEqual(created.allocationPools, [{ start: "10.20.0.10", end: "10.20.0.99" }])
        assert.deepStrictEqual(created.hostRoutes, [{ destination: "10.21.0.0/16", nexthop: "10.20.0.254" }])
        assert.deepStrictEqual(created.dnsNameservers, ["10.20.0.2"])
        assert.isFalse(created.enableDhcp)
        assert.strictEqual((yield* subnets.get(created.id)).name, name)
        assert.strictEqual((yield* subnets.find(name)).id, created.id)
        assert.deepStrictEqual(ids(yield* subnets.list({ networkId: net.id, ipVersion: 4 })), [created.id])
        assert.deepStrictEqual((yield* networks.get(net.id)).subnets, [created.id])

        const updated = yield* subnets.update(created.id, { dnsNameservers: ["10.20.0.3"], gatewayIp: null }, {
          ifRevision: created.revisionNumber
        })
        assert.deepStrictEqual(updated.dnsNameservers, ["10.20.0.3"])
        assert.isNull(updated.gatewayIp)
        yield* failsWith(subnets.update(created.id, { name: "x" }, { ifRevision: created.revisionNumber }), "PreconditionFailed")

        const v6 = yield* scoped(
          subnets.create({ networkId: net.id, ipVersion: 6, cidr: "fd00:20::/64", ipv6AddressMode: "slaac", ipv6RaMode: "slaac" }),
          subnets.delete
        )
        assert.strictEqual(v6.ipv6AddressMode, "slaac")
        assert.deepStrictEqual(ids(yield* subnets.list({ networkId: net.id, ipVersion: 6 })), [v6.id])

        const bad = yield* failsWith(subnets.create({ networkId: net.id, ipVersion: 4, cidr: "not-a-cidr" }), "BadRequest")
        assert.include(bad.message, "not-a-cidr")
        yield* subnets.delete(created.id)
        yield* failsWith(subnets.get(created.id), "NotFound")
      })
    ))

  it.live("ports: fixed IPs drawn from the subnet or asked for (409 when taken), address pairs, security groups, binding", () =>
    withNetwork(({ networks, ports, securityGroups, subnets }) =>
      Effect.gen(function* () {
        const net = yield* scoped(networks.create({ name: unique("ports") }), networks.delete)
        const subnet = yield* scoped(subnets.create({ networkId: net.id, ipVersion: 4, cidr: "10.30.0.0/24" }), subnets.delete)
        const group = yield* scoped(securityGroups.create({ name: unique("port-sg") }), securityGroups.delete)
        const name = unique("port")
        const drawn = yield* scoped(
          ports.create({
            name,
            networkId: net.id,
            securityGroups: [group.id],
            allowedAddressPairs: [{ ipAddress: "10.30.0.200" }],
            bindingHostId: "compute-1",
            bindingVnicType: "normal",
            bindingProfile: { local_link_information: [] }
          }),
          ports.delete
        )
        assert.strictEqual(drawn.fixedIps.length, 1)
        assert.strictEqual(drawn.fixedIps[0]?.subnetId, subnet.id)
        assert.match(drawn.fixedIps[0]?.ipAddress ?? "", /^10\.30\.0\./)
        assert.deepStrictEqual(drawn.securityGroups, [group.id])
        assert.strictEqual(drawn.allowedAddressPairs?.[0]?.ipAddress, "10.30.0.200")
        assert.strictEqual(drawn.allowedAddressPairs?.[0]?.macAddress, drawn.macAddress)
        assert.strictEqual(drawn.bindingHostId, "compute-1")
        // A host given and no mechanism driver to bind there (the rig has none): Neutron says so.
        assert.strictEqual(drawn.bindingVifType, "binding_failed")
        assert.strictEqual(drawn.status, "DOWN")

        const asked = yield* scoped(
          ports.create({ networkId: net.id, fixedIps: [{ subnetId: subnet.id, ipAddress: "10.30.0.50" }] }),
          ports.delete
        )
        assert.deepStrictEqual(asked.fixedIps, [{ subnetId: subnet.id, ipAddress: "10.30.0.50" }])
        const taken = yield* failsWith(
          ports.create({ networkId: net.id, fixedIps: [{ subnetId: subnet.id, ipAddress: "10.30.0.50" }] }),
          "Conflict"
        )
        assert.strictEqual(taken.status, 409)
        assert.include(taken.message, "10.30.0.50")

        assert.strictEqual((yield* ports.find(name)).id, drawn.id)
        assert.deepStrictEqual(ids(yield* ports.list({ fixedIps: "ip_address=10.30.0.50" })), [asked.id])
        assert.deepStrictEqual(ids(yield* ports.list({ networkId: net.id, name })), [drawn.id])
        const updated = yield* ports.update(asked.id, { deviceOwner: "compute:nova", deviceId: "vm-1" }, { ifRevision: asked.revisionNumber })
        assert.strictEqual(updated.deviceOwner, "compute:nova")
        assert.deepStrictEqual(ids(yield* ports.list({ deviceId: ["vm-1", "vm-2"] })), [asked.id])
        yield* failsWith(ports.update(asked.id, { name: "x" }, { ifRevision: asked.revisionNumber }), "PreconditionFailed")
        yield* ports.delete(asked.id)
        yield* failsWith(ports.get(asked.id), "NotFound")
        yield* failsWith(ports.create({ networkId: randomUUID() }), "NotFound")
        const inUse = yield* failsWith(networks.delete(net.id), "Conflict")
        assert.include(inUse.message, "in use")
      })
    ))
})
