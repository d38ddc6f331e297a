/**
 * Streaming a large collection through the Resource: 100,000 ports from a local server that pages them 1,000 at a
 * time (Neutron's `ports_links`), counted as they come. Memory is sampled during the run: a stream holds one page at a
 * time, so the heap should not grow with the collection. Run with `npm run bench` (the process runs with
 * `--expose-gc` so that the figures are of live memory); the figures go to BENCHMARKS.md.
 */
import { spawn } from "node:child_process"
import { once } from "node:events"
import { Effect, Redacted, Stream } from "effect"
import { Adapter, Auth, Network, Resource, Session, Transport } from "effect-openstack"
import { writeSection } from "./report.ts"

const total = 100_000
const pageSize = 1_000

// The server runs in a process of its own, so that the memory measured here is the client's alone.
const server = spawn(process.execPath, [new URL("./ports-server.ts", import.meta.url).pathname, String(total), String(pageSize)], {
  stdio: ["ignore", "pipe", "inherit"]
})
const [line] = (await once(server.stdout, "data")) as [Buffer]
const endpoint = line.toString().trim()

const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined)
const mib = (bytes: number) => (bytes / 1024 / 1024).toFixed(1)

const run = Effect.gen(function* () {
  const auth = yield* Auth.tokenEndpoint({ token: Redacted.make("bench"), endpoint })
  const session = yield* Session.make({ auth })
  const ports = Resource.make(Network.Ports.Port, Adapter.make(session, { serviceType: "network" }))
  gc()
  const before = process.memoryUsage()
  let peakHeap = before.heapUsed
  let peakLive = before.heapUsed
  let peakRss = before.rss
  const started = performance.now()
  const count = yield* ports.stream(undefined, { limit: pageSize }).pipe(
    Stream.runFold(() => 0, (n, item) => {
      if ((n + 1) % 10_000 === 0) {
        const now = process.memoryUsage()
        peakHeap = Math.max(peakHeap, now.heapUsed)
        peakRss = Math.max(peakRss, now.rss)
        gc()
        peakLive = Math.max(peakLive, process.memoryUsage().heapUsed)
      }
      return item.id === "" ? n : n + 1
    })
  )
  const seconds = (performance.now() - started) / 1000
  gc()
  const after = process.memoryUsage()
  return { count, seconds, before, after, peakHeap, peakLive, peakRss }
}).pipe(Effect.provide(Transport.node()))

const result = await Effect.runPromise(run)
server.kill()
if (result.count !== total) throw new Error(`streamed ${result.count} ports, expected ${total}`)

writeSection("stream", `## Streaming 100,000 ports through the Resource

\`bench/stream.ts\`: \`Resource.make(Network.Ports.Port, …).stream()\` over a local server that pages 1,000 ports at a
time with \`ports_links\`, as Neutron does (in a process of its own); every port decoded (19 fields each), counted,
dropped. Memory sampled every 10,000 ports, as it is (garbage included) and after a full GC (what is live).

| | |
|---|---|
| ports streamed | ${result.count.toLocaleString("en")} in ${result.seconds.toFixed(2)} s (${Math.round(result.count / result.seconds).toLocaleString("en")} per second) |
| live heap before → peak → after (MiB) | ${mib(result.before.heapUsed)} → ${mib(result.peakLive)} → ${mib(result.after.heapUsed)} (growth ${mib(result.peakLive - result.before.heapUsed)} MiB) |
| heap with garbage, peak (MiB) | ${mib(result.peakHeap)} (growth ${mib(result.peakHeap - result.before.heapUsed)} MiB) |
| RSS before → peak (MiB) | ${mib(result.before.rss)} → ${mib(result.peakRss)} (growth ${mib(result.peakRss - result.before.rss)} MiB) |

The goal: less than 50 MB of growth. A stream holds one page (1,000 ports) at a time; a \`list()\` of the same collection
would hold all 100,000.`)
