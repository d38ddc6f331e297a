import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { describeWhere, project, supports } from "./target.ts"
import { failsWith, scoped, unique, withNetwork } from "./network.ts"

const ids = (items: ReadonlyArray<{ readonly id: string }>) => items.map((item) => item.id)

describeWhere("subnet pools", "Network v2 subnet pools", () => {
  it.live("subnet pools: create → get → find → list → update (If-Match) → prefixes added and removed → a subnet drawn → delete", () =>
    withNetwork(({ networks, subnetPools, subnets }) =>
      Effect.gen(function* () {
        const name = unique("pool")
        const created = yield* scoped(
          subnetPools.create({ name, prefixes: ["10.150.0.0/16"], defaultPrefixlen: 26, minPrefixlen: 24, maxPrefixlen: 28 }),
          subnetPools.delete
        )
        assert.strictEqual(created.defaultPrefixlen, 26) // Neutron answers "26"
        assert.strictEqual(created.ipVersion, 4)
        assert.strictEqual((yield* subnetPools.get(created.id)).name, name)
        assert.strictEqual((yield* subnetPools.find(name)).id, created.id)
        assert.deepStrictEqual(ids(yield* subnetPools.list({ name, defaultPrefixlen: 26 })), [created.id])
        const updated = yield* subnetPools.update(created.id, { defaultPrefixlen: 27 }, { ifRevision: created.revisionNumber })
        assert.strictEqual(updated.defaultPrefixlen, 27)
        yield* failsWith(subnetPools.update(created.id, { name: "x" }, { ifRevision: created.revisionNumber }), "PreconditionFailed")

        // Neutron merges adjacent prefixes (10.150/16 + 10.151/16 = 10.150/15): add one that is not.
        assert.deepStrictEqual((yield* subnetPools.addPrefixes(created.id, { prefixes: ["10.152.0.0/16"] })).prefixes, [
          "10.150.0.0/16",
          "10.152.0.0/16"
        ])
        assert.deepStrictEqual((yield* subnetPools.removePrefixes(created.id, { prefixes: ["10.152.0.0/16"] })).prefixes, ["10.150.0.0/16"])

        const net = yield* scoped(networks.create({ name: unique("pooled") }), networks.delete)
        const drawn = yield* scoped(subnets.create({ networkId: net.id, ipVersion: 4, subnetpoolId: created.id, prefixlen: 28 }), subnets.delete)
        assert.match(drawn.cidr ?? "", /^10\.150\.\d+\.\d+\/28$/)
        assert.strictEqual(drawn.subnetpoolId, created.id)
        const inUse = yield* failsWith(subnetPools.removePrefixes(created.id, { prefixes: ["10.150.0.0/16"] }), "BadRequest")
        assert.strictEqual(inUse.details, "IllegalSubnetPoolPrefixUpdate")
        yield* subnets.delete(drawn.id)
        yield* subnetPools.delete(created.id)
        yield* failsWith(subnetPools.get(created.id), "NotFound")
      })
    ))
})

describeWhere("address scopes", "Network v2 address scopes", () => {
  it.live("address scopes: create → get → find → list → update (no revision numbers) → a pool in the scope → delete", () =>
    withNetwork(({ addressScopes, subnetPools }) =>
      Effect.gen(function* () {
        const name = unique("scope")
        const created = yield* scoped(addressScopes.create({ name, ipVersion: 4 }), addressScopes.delete)
        assert.isFalse(created.shared)
        assert.strictEqual((yield* addressScopes.get(created.id)).name, name)
        assert.strictEqual((yield* addressScopes.find(name)).id, created.id)
        assert.deepStrictEqual(ids(yield* addressScopes.list({ name, ipVersion: 4 })), [created.id])
        assert.deepStrictEqual(yield* addressScopes.list({ name, ipVersion: 6 }), [])
        const renamed = yield* addressScopes.update(created.id, { name: `${name}-2` })
        assert.strictEqual(renamed.name, `${name}-2`)
        const unconditional = yield* failsWith(addressScopes.update(created.id, { name }, { ifRevision: 1 }), "ValidationError")
        assert.include(unconditional.message, "no revision numbers")
        const pool = yield* scoped(
          subnetPools.create({ name: unique("scoped-pool"), prefixes: ["10.160.0.0/16"], addressScopeId: created.id }),
          subnetPools.delete
        )
        assert.strictEqual(pool.addressScopeId, created.id)
        assert.deepStrictEqual(ids(yield* subnetPools.list({ addressScopeId: created.id })), [pool.id])
        yield* failsWith(addressScopes.delete(created.id), "Conflict")
        yield* subnetPools.delete(pool.id)
        yield* addressScopes.delete(created.id)
        yield* failsWith(addressScopes.get(created.id), "NotFound")
      })
    ))
})

describeWhere("RBAC policies", "Network v2 RBAC policies", () => {
  it.live("share a network with one project: create → get → find → list → update → delete", () =>
    withNetwork(({ networks, rbacPolicies }) =>
      Effect.gen(function* () {
        const net = yield* scoped(networks.create({ name: unique("shared") }), networks.delete)
        const demo = project("demo").id
        const alt = project("alt").id
        const created = yield* scoped(
          rbacPolicies.create({ objectType: "network", objectId: net.id, action: "access_as_shared", targetTenant: demo }),
          rbacPolicies.delete
        )
        assert.strictEqual(created.targetTenant, demo)
        assert.strictEqual((yield* rbacPolicies.get(created.id)).objectId, net.id)
        assert.strictEqual((yield* rbacPolicies.find(created.id)).id, created.id)
        assert.deepStrictEqual(ids(yield* rbacPolicies.list({ objectId: net.id, action: "access_as_shared" })), [created.id])
        const moved = yield* rbacPolicies.update(created.id, { targetTenant: alt })
        assert.strictEqual(moved.targetTenant, alt)
        yield* failsWith(
          rbacPolicies.create({ objectType: "network", objectId: net.id, action: "access_as_shared", targetTenant: alt }),
          "Conflict"
        )
        yield* rbacPolicies.delete(created.id)
        yield* failsWith(rbacPolicies.get(created.id), "NotFound")
      })
    ))
})

describeWhere("quotas", "Network v2 quotas", () => {
  it.live("show, defaults, usage, update, list, reset (delete)", () =>
    withNetwork(({ quotas }) =>
      Effect.gen(function* () {
        const alt = project("alt").id
        const defaults = yield* quotas.defaults(alt)
        assert.strictEqual(defaults.network, 100)
        assert.strictEqual(defaults.port, 500)
        yield* Effect.acquireRelease(quotas.update(alt, { network: 7, port: 70 }), () => Effect.ignore(quotas.delete(alt)))
        const shown = yield* quotas.get(alt)
        assert.strictEqual(shown.network, 7)
        assert.strictEqual(shown.port, 70)
        assert.strictEqual(shown.subnet, defaults.subnet)
        const listed = yield* quotas.list()
        assert.strictEqual(listed.find((quota) => quota.projectId === alt)?.network, 7)

        const admin = project("admin").id
        const usage = yield* quotas.usage(admin)
        assert.isAtLeast(usage.network?.used ?? -1, 0)
        assert.strictEqual(usage.network?.limit, (yield* quotas.get(admin)).network)

        yield* quotas.delete(alt)
        assert.strictEqual((yield* quotas.get(alt)).network, defaults.network)
        assert.isUndefined((yield* quotas.list()).find((quota) => quota.projectId === alt))
      })
    ))

  it.live("a member may not set quotas: Forbidden", () =>
    withNetwork(({ quotas }) => failsWith(quotas.update(project("demo").id, { network: 1 }), "Forbidden"), "demo"))
})

describe("Network v2 extensions and availability zones", () => {
  it.live("extensions: list, get by alias, find by name", () =>
    withNetwork(({ extensions }) =>
      Effect.gen(function* () {
        const aliases = (yield* extensions.list()).map((extension) => extension.alias)
        assert.includeMembers(aliases, ["standard-attr-tag", "revision-if-match", "router", "pagination"])
        assert.strictEqual(aliases.includes("quota_details"), supports("quotas"))
        const tags = yield* extensions.get("standard-attr-tag")
        assert.strictEqual(tags.alias, "standard-attr-tag")
        assert.strictEqual((yield* extensions.find(tags.name)).alias, "standard-attr-tag")
        yield* failsWith(extensions.get("no-such-extension"), "NotFound")
      })
    ))

  it.live("availability zones: none without agents", () =>
    withNetwork(({ availabilityZones }) =>
      Effect.map(availabilityZones.list({ resource: "router" }), (zones) => assert.deepStrictEqual(zones, []))))
})

describeWhere("service providers", "Network v2 service providers", () => {
  it.live("the L3 providers", () =>
    withNetwork(({ serviceProviders }) =>
      Effect.gen(function* () {
        const l3 = yield* serviceProviders.list({ serviceType: "L3_ROUTER_NAT" })
        assert.includeMembers(l3.map((provider) => provider.name), ["single_node", "ha", "dvr"])
        assert.isTrue(l3.every((provider) => provider.serviceType === "L3_ROUTER_NAT"))
      })
    ))
})

describeWhere("network IP availability", "Network v2 IP availability", () => {
  it.live("network IP availability: list with a filter, get by network id, find by network name", () =>
    withNetwork(({ networkIpAvailabilities, networks, ports, subnets }) =>
      Effect.gen(function* () {
        const name = unique("ips")
        const net = yield* scoped(networks.create({ name }), networks.delete)
        const subnet = yield* scoped(subnets.create({ networkId: net.id, ipVersion: 4, cidr: "10.170.0.0/28" }), subnets.delete)
        yield* scoped(ports.create({ networkId: net.id }), ports.delete)
        const availability = yield* networkIpAvailabilities.get(net.id)
        assert.strictEqual(availability.networkName, name)
        assert.strictEqual(availability.totalIps, 13)
        assert.strictEqual(availability.usedIps, 1) // the port (no DHCP agent, so no DHCP port)
        assert.strictEqual(availability.subnetIpAvailability[0]?.subnetId, subnet.id)
        assert.strictEqual((yield* networkIpAvailabilities.find(name)).networkId, net.id)
        assert.deepStrictEqual((yield* networkIpAvailabilities.list({ networkName: name, ipVersion: 4 })).map((a) => a.networkId), [net.id])
      })
    ))
})
