/**
 * Testing an application with `Layer.mock`: replace just the resource clients it uses. Fast and exact, but you
 * script every answer, so it tests your code, not its conversation with OpenStack.
 */
import { assert, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { Network } from "effect-openstack"
import { ciNetwork } from "./app.ts"

it.effect("an existing, untagged network gets the ci tag; its subnets are reported", () => {
  const tagged: Array<string> = []
  const networks = Layer.mock(Network.Networks.Networks, {
    findOrCreate: (name) => Effect.succeed({ id: "n1", name, tags: [] } as unknown as Network.Networks.Network),
    addTag: (id, tag) => Effect.sync(() => void tagged.push(`${id}:${tag}`))
  })
  const subnets = Layer.mock(Network.Subnets.Subnets, {
    list: () => Effect.succeed([{ id: "s1", cidr: "10.0.0.0/24" } as unknown as Network.Subnets.Subnet])
  })
  return Effect.map(ciNetwork("web").pipe(Effect.provide(Layer.merge(networks, subnets))), (report) => {
    assert.deepStrictEqual(report, { id: "n1", cidrs: ["10.0.0.0/24"] })
    assert.deepStrictEqual(tagged, ["n1:ci"])
  })
})
