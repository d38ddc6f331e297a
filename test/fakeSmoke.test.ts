import { assert, it } from "@effect/vitest"
import { Effect } from "effect"
import { Connection } from "effect-openstack"
import { FakeCloud } from "effect-openstack/testing"

it.effect("smoke", () =>
  Effect.gen(function* () {
    const conn = yield* Connection.Connection
    const projects = yield* conn.identity.projects.list()
    assert.deepStrictEqual(projects.map((p) => p.name).sort(), ["admin", "demo"])
    const net = yield* conn.network.networks.findOrCreate("jenkins", {})
    const subnet = yield* conn.network.subnets.create({ networkId: net.id, ipVersion: 4, cidr: "10.0.0.0/24" })
    const port = yield* conn.network.ports.create({ networkId: net.id })
    console.log(net, subnet, port)
    const again = yield* conn.network.networks.findOrCreate("jenkins", {})
    assert.strictEqual(again.id, net.id)
    const groups = yield* conn.network.securityGroups.list()
    console.log(groups.map((g) => [g.name, g.securityGroupRules.length]))
  }).pipe(Effect.provide(FakeCloud.connection({ user: "admin", project: "admin" }))))
