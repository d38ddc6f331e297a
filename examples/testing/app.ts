/**
 * A small application to test three ways (the files beside this one): it makes sure a project's CI network exists,
 * tagged, and reports its subnets.
 */
import { Effect } from "effect"
import { Network } from "effect-openstack"

/** The CI network of a team: found or created, tagged `ci`; its subnets' CIDRs. */
export const ciNetwork = (team: string) =>
  Effect.gen(function* () {
    const networks = yield* Network.Networks.Networks
    const subnets = yield* Network.Subnets.Subnets
    const network = yield* networks.findOrCreate(`${team}-ci`, { description: `CI of ${team}` })
    if (!(network.tags ?? []).includes("ci")) yield* networks.addTag(network.id, "ci")
    const cidrs = (yield* subnets.list({ networkId: network.id })).map((subnet) => subnet.cidr ?? "")
    return { id: network.id, cidrs }
  })
