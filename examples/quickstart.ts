/**
 * The SDK's main job (`npm start`): connect, list the projects you may use, make sure there is a network named
 * "jenkins" with a subnet and a port (found if they are there, created if not), and print them as tables.
 * `npm start -- --cleanup` removes what the job made.
 *
 *   npm start                                         # no cloud configured: an in-process FakeCloud, said so
 *   OS_CLOUD=mycloud npm start                        # a cloud of your clouds.yaml
 *   OS_AUTH_URL=http://127.0.0.1:5000 OS_USERNAME=demo OS_PASSWORD=demo-secret OS_PROJECT_NAME=demo \
 *   OS_USER_DOMAIN_NAME=Default OS_PROJECT_DOMAIN_NAME=Default npm start   # the OS_* variables, as the openstack CLI
 *
 * On a real cloud a second run finds what the first made; the in-process FakeCloud forgets it when the program ends.
 */
import { runMain } from "@effect/platform-node/NodeRuntime"
import { Console, Effect, type Layer } from "effect"
import { Connection, type Network } from "effect-openstack"
import { FakeCloud } from "effect-openstack/testing"

const name = process.env.NETWORK_NAME ?? "jenkins"
const cleanup = process.argv.includes("--cleanup")
const configured = process.env.OS_CLOUD !== undefined || process.env.OS_AUTH_URL !== undefined

/** Rows as an aligned text table, the first row the header. */
const table = (rows: ReadonlyArray<ReadonlyArray<string>>): string => {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((row) => (row[i] ?? "").length))) ?? []
  const line = (row: ReadonlyArray<string>) => `| ${row.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join(" | ")} |`
  const rule = `+${widths.map((w) => "-".repeat(w + 2)).join("+")}+`
  return [rule, line(rows[0] ?? []), rule, ...rows.slice(1).map(line), rule].join("\n")
}

/** The network named `name`, with its subnet and its port: found, else created. */
const ensure = (network: Network.NetworkShape) =>
  Effect.gen(function* () {
    const existing = yield* network.networks.list({ name })
    const net = existing[0] ?? (yield* network.networks.create({ name, description: "made by npm start" }))
    const subnets = yield* network.subnets.list({ networkId: net.id, name: `${name}-subnet` })
    const subnet = subnets[0]
      ?? (yield* network.subnets.create({ networkId: net.id, name: `${name}-subnet`, ipVersion: 4, cidr: "10.42.0.0/24" }))
    const ports = yield* network.ports.list({ networkId: net.id, name: `${name}-port` })
    const port = ports[0] ?? (yield* network.ports.create({ networkId: net.id, name: `${name}-port`, fixedIps: [{ subnetId: subnet.id }] }))
    return { found: existing.length > 0, net, subnet, port }
  })

/** Removes the port, the subnet and the network the job made (whatever of them is there). */
const remove = (network: Network.NetworkShape) =>
  Effect.gen(function* () {
    for (const net of yield* network.networks.list({ name })) {
      for (const port of yield* network.ports.list({ networkId: net.id, name: `${name}-port` })) yield* network.ports.delete(port.id)
      for (const subnet of yield* network.subnets.list({ networkId: net.id })) yield* network.subnets.delete(subnet.id)
      yield* network.networks.delete(net.id)
      yield* Console.log(`removed network ${net.name} (${net.id}), its subnet and its port`)
    }
  })

const program = Effect.gen(function* () {
  const conn = yield* Connection.Connection
  yield* Console.log(configured
    ? "Using the cloud of your OS_CLOUD / OS_* settings."
    : "No cloud configured (OS_CLOUD, OS_AUTH_URL): using an in-process FakeCloud as user admin, project admin.")
  const projects = yield* conn.identity.tokens.projects()
  yield* Console.log(`\nProjects you may use (${projects.length}):\n${table([["ID", "Name", "Domain", "Enabled"],
    ...projects.map((p) => [p.id, p.name, p.domainId, String(p.enabled ?? true)])])}`)
  if (cleanup) return yield* remove(conn.network)
  const { found, net, subnet, port } = yield* ensure(conn.network)
  yield* Console.log(`\n${found ? "Found" : "Created"} network "${name}":\n${table([
    ["Resource", "ID", "Name", "Details"],
    ["network", net.id, net.name, `status ${net.status}, mtu ${net.mtu ?? "?"}`],
    ["subnet", subnet.id, subnet.name, `${subnet.cidr ?? ""}, gateway ${subnet.gatewayIp ?? "none"}`],
    ["port", port.id, port.name, `${port.fixedIps.map((ip) => ip.ipAddress).join(", ")}, mac ${port.macAddress}`]
  ])}`)
  yield* Console.log(`\n${configured ? "Run it again: it finds them. " : ""}Remove them with: npm start -- --cleanup`)
})

const connection: Layer.Layer<Connection.Connection, unknown> = configured
  ? Connection.fromConfig()
  : FakeCloud.connection({ user: "admin", project: "admin" })

runMain(program.pipe(Effect.provide(connection)))
