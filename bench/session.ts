/**
 * An authenticated GET through the Session, against a bare undici request to the same local server (a separate
 * process), at concurrency 1 and 64; and the same work through keystoneauth1's Session (Debian's
 * python3-keystoneauth1, installed by bench/keystoneauth1.sh when missing). The figures go to BENCHMARKS.md.
 */
import { execFileSync, spawn } from "node:child_process"
import { Effect, ManagedRuntime, Redacted } from "effect"
import { Agent } from "undici"
import { HttpClient } from "effect/http"
import { Auth, Session, Transport } from "effect-openstack"
import { writeSection } from "./report.ts"

const count = Number(process.env.BENCH_REQUESTS ?? 5000)
const rounds = 9
/** The client every ratio is taken against. */
const baseline = "bare undici"

const server = spawn(process.execPath, ["bench/server.ts"], { stdio: ["ignore", "pipe", "inherit"] })
const port = await new Promise<number>((resolve) => server.stdout.once("data", (chunk: Buffer) => resolve(Number(String(chunk).trim()))))
const origin = `http://127.0.0.1:${port}`

/** A client: its request, as a promise or (run the Effect way: one program, `concurrency` fibers) as an Effect. */
type Client = { readonly promise: () => Promise<unknown> } | { readonly effect: Effect.Effect<unknown, unknown> }

/** Wall µs per request of one run of `count` requests, `concurrency` at a time. */
const run = async (concurrency: number, client: Client): Promise<number> => {
  const start = performance.now()
  if ("promise" in client) {
    let next = 0
    await Promise.all(Array.from({ length: concurrency }, async () => {
      while (next++ < count) await client.promise()
    }))
  } else {
    await runtime.runPromise(Effect.forEach(Array.from({ length: count }), () => client.effect, { concurrency, discard: true }))
  }
  return ((performance.now() - start) * 1000) / count
}

const median = (values: ReadonlyArray<number>) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN

/** A client's median time per request, and the median of its per-round ratios to bare undici. */
interface Figures {
  readonly time: number
  readonly ratio: number
}

/**
 * The clients take turns, round after round (the first round warms up), starting each round with the next client, so
 * that drift and position hit them alike. A client's ratio is taken per round against bare undici's time in the
 * same round, then the median of those ratios is kept: pairing cancels the machine's slow and fast spells.
 */
const compare = async (clients: Record<string, Client>, concurrency: number): Promise<Record<string, Figures>> => {
  const names = Object.keys(clients)
  const times: Record<string, Array<number>> = Object.fromEntries(names.map((name) => [name, []]))
  for (let round = 0; round <= rounds; round++) {
    for (let turn = 0; turn < names.length; turn++) {
      const name = names[(round + turn) % names.length] ?? ""
      const client = clients[name]
      if (client === undefined) continue
      const time = await run(concurrency, client)
      if (round > 0) times[name]?.push(time)
    }
  }
  const bareTimes = times[baseline] ?? []
  return Object.fromEntries(names.map((name) => {
    const runs = times[name] ?? []
    return [name, { time: median(runs), ratio: median(runs.map((time, i) => (bareTimes[i] ?? Number.NaN) / time)) }]
  }))
}

// Bare undici: a keep-alive agent, the token in a header, the JSON body parsed.
const agent = new Agent({ keepAliveTimeout: 60_000 })
const bare = () =>
  agent.request({ origin, path: "/v3/projects", method: "GET", headers: { "x-auth-token": "bench-token" } }).then((r) => r.body.json())

// The Session: a v3 password plugin (authenticates once), the node transport, kept alive by a runtime.
const runtime = ManagedRuntime.make(Transport.node({ keepAliveTimeout: "60 seconds" }))
const session = await runtime.runPromise(
  Effect.gen(function* () {
    const auth = yield* Auth.v3Password({ authUrl: `${origin}/v3`, userId: "u1", password: Redacted.make("bench"), projectId: "p1" })
    return yield* Session.make({ auth })
  })
)
const viaSession = Effect.flatMap(session.get(`${origin}/v3/projects`), (r) => r.json)
await runtime.runPromise(viaSession)

// effect's HttpClient on the same transport, without the Session: what the Effect runtime itself costs.
const client = await runtime.runPromise(HttpClient.HttpClient)
const viaHttpClient = Effect.flatMap(
  client.get(`${origin}/v3/projects`, { headers: { "x-auth-token": "bench-token" } }),
  (r) => r.json
)
// The same bare undici request, each one run as an Effect (Effect.promise) by the same fibers: what running a request
// as an Effect costs at all, whatever sends it. No Effect program can beat this row.
const bareInEffect = Effect.promise(bare)
const clients: Record<string, Client> = {
  "bare undici": { promise: bare },
  "bare undici, run as an Effect (Effect.promise; the Effect runtime's own cost)": { effect: bareInEffect },
  "effect HttpClient alone (same transport, no Session)": { effect: viaHttpClient },
  "effect-openstack Session": { effect: viaSession }
}
const c1 = await compare(clients, 1)
const c64 = await compare(clients, 64)
const nan: Figures = { time: Number.NaN, ratio: Number.NaN }
const results: Record<string, { c1: Figures, c64: Figures }> = Object.fromEntries(
  Object.keys(clients).map((name) => [name, { c1: c1[name] ?? nan, c64: c64[name] ?? nan }])
)

// keystoneauth1 runs in its own process, after the others: its ratio is against bare undici's median time.
try {
  execFileSync("bash", ["bench/keystoneauth1.sh"], { stdio: ["ignore", "ignore", "inherit"] })
  const out = execFileSync("/usr/bin/python3", ["bench/keystoneauth1_session.py", String(port), String(count)], { encoding: "utf8" })
  const python = JSON.parse(out) as { c1: number, c64: number }
  const against = (time: number, bare: Figures | undefined) => ({ time, ratio: (bare?.time ?? Number.NaN) / time })
  results["keystoneauth1 Session (Python)"] = { c1: against(python.c1, c1[baseline]), c64: against(python.c64, c64[baseline]) }
} catch (error) {
  console.error(`keystoneauth1 not measured: ${error instanceof Error ? error.message : String(error)}`)
}
server.kill()
await agent.close()
await runtime.dispose()

const row = (name: string, r: { c1: Figures, c64: Figures }) =>
  `| ${name} | ${r.c1.time.toFixed(0)} µs | ${r.c1.ratio.toFixed(2)} × | ${r.c64.time.toFixed(0)} µs | ${r.c64.ratio.toFixed(2)} × |`
writeSection(
  "session",
  `## An authenticated GET: Session vs bare undici vs keystoneauth1

${count} GETs of a small JSON document from a local Node server in another process (keep-alive); the clients take
turns over ${rounds} rounds, each round started by the next client; times are medians (at concurrency 64, wall time per
request). Ratio = bare undici's time / this client's time, taken per round and then the median (1.00 × is as fast as
bare undici).

| client | concurrency 1 | ratio | concurrency 64 | ratio |
|---|---|---|---|---|
${Object.entries(results).map(([name, r]) => row(name, r)).join("\n")}`
)
process.exit(0)
