/**
 * Testing an application with FakeCloud: a seeded Keystone and Neutron in memory that behave as the real ones (the
 * project's contract suite runs against both). No scripting: your program talks to a cloud, and you check the cloud.
 */
import { assert, it } from "@effect/vitest"
import { Effect } from "effect"
import { Connection } from "effect-openstack"
import { FakeCloud } from "effect-openstack/testing"
import { ciNetwork } from "./app.ts"

const seed: FakeCloud.Seed = {
  projects: [{ name: "web" }],
  users: [{ name: "ci-bot", password: "ci-bot-secret" }],
  assignments: [{ role: "member", user: "ci-bot", project: "web" }]
}

it.effect("the first run creates and tags the network, the second finds it; the cloud has one", () =>
  Effect.gen(function* () {
    const first = yield* ciNetwork("web")
    const second = yield* ciNetwork("web")
    assert.strictEqual(second.id, first.id)
    const conn = yield* Connection.Connection
    const subnet = yield* conn.network.subnets.create({ networkId: first.id, ipVersion: 4, cidr: "10.7.0.0/24" })
    assert.deepStrictEqual((yield* ciNetwork("web")).cidrs, [subnet.cidr])
    const tagged = yield* conn.network.networks.list({ tags: ["ci"] })
    assert.deepStrictEqual(tagged.map((n) => n.name), ["web-ci"])
    const cloud = yield* FakeCloud.FakeCloud
    const creates = (yield* cloud.requests).filter((r) => r.method === "POST" && r.path === "/network/v2.0/networks")
    assert.strictEqual(creates.length, 1)
  }).pipe(Effect.provide(FakeCloud.connection({ seed, user: "ci-bot", project: "web" }))))
