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
const rounds = 5

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

/** The clients take turns, round after round (the first round warms up), so that drift hits them alike. */
const compare = async (clients: Record<string, Client>, concurrency: number) => {
  const times: Record<string, Array<number>> = Object.fromEntries(Object.keys(clients).map((name) => [name, []]))
  for (let round = 0; round <= rounds; round++) {
    for (const [name, one] of Object.entries(clients)) {
      const time = await run(concurrency, one)
      if (round > 0) times[name]?.push(time)
    }
  }
  return Object.fromEntries(Object.entries(times).map(([name, runs]) => [name, median(runs)]))
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
const results: Record<string, { c1: number, c64: number }> = Object.fromEntries(
  Object.keys(clients).map((name) => [name, { c1: c1[name] ?? Number.NaN, c64: c64[name] ?? Number.NaN }])
)

try {
  execFileSync("bash", ["bench/keystoneauth1.sh"], { stdio: ["ignore", "ignore", "inherit"] })
  const out = execFileSync("/usr/bin/python3", ["bench/keystoneauth1_session.py", String(port), String(count)], { encoding: "utf8" })
  results["keystoneauth1 Session (Python)"] = JSON.parse(out) as { c1: number, c64: number }
} catch (error) {
  console.error(`keystoneauth1 not measured: ${error instanceof Error ? error.message : String(error)}`)
}
server.kill()
await agent.close()
await runtime.dispose()

const baseline = results["bare undici"] ?? { c1: Number.NaN, c64: Number.NaN }
const row = (name: string, r: { c1: number, c64: number }) =>
  `| ${name} | ${r.c1.toFixed(0)} µs | ${(baseline.c1 / r.c1).toFixed(2)} × | ${r.c64.toFixed(0)} µs | ${(baseline.c64 / r.c64).toFixed(2)} × |`
writeSection(
  "session",
  `## An authenticated GET: Session vs bare undici vs keystoneauth1

${count} GETs of a small JSON document from a local Node server in another process (keep-alive); the clients take
turns over ${rounds} rounds (median); concurrency 64 is wall time per request. Ratio = undici's time / this time (1.00 × is as
fast as bare undici).

| client | concurrency 1 | ratio | concurrency 64 | ratio |
|---|---|---|---|---|
${Object.entries(results).map(([name, r]) => row(name, r)).join("\n")}`
)
process.exit(0)
