/**
 * An authenticated GET through the Session, against a bare undici request to the same local server (a separate
 * process), at concurrency 1 and 64; and the same work through keystoneauth1's Session (Debian's
 * python3-keystoneauth1, installed by bench/anchors.sh when missing). The figures go to BENCHMARKS.md.
 *
 * Each run of a client is a process of its own (bench/session-client.ts): no client pays for the garbage, heap growth
 * or JIT state another left behind, which in one shared process moved a client's figure by 10–20 % depending on
 * which client ran before it.
 */
import { execFileSync, spawn } from "node:child_process"
import { writeSection } from "./report.ts"

/** Requests per run, in flight one at a time and 64 at a time (each run after its own warm-up). */
const counts: Record<1 | 64, number> = {
  1: Number(process.env.BENCH_REQUESTS ?? 5000),
  64: Number(process.env.BENCH_REQUESTS ?? 20000)
}
const rounds = Number(process.env.BENCH_ROUNDS ?? 7)
/** The client every ratio is taken against. */
const baseline = "bare undici"

const server = spawn(process.execPath, ["bench/server.ts"], { stdio: ["ignore", "pipe", "inherit"] })
const port = await new Promise<number>((resolve) => server.stdout.once("data", (chunk: Buffer) => resolve(Number(String(chunk).trim()))))
const origin = `http://127.0.0.1:${port}`

/** The clients, by the name in the table and the name bench/session-client.ts knows. */
const clients: Record<string, string> = {
  "bare undici": "bare",
  "bare undici, run as an Effect (Effect.promise; the Effect runtime's own cost)": "bare-effect",
  "effect HttpClient alone (same transport, no Session)": "httpclient",
  "effect-openstack Session": "session",
  "effect-openstack Session, the transport wrapped by a user's HttpClient.transform": "session-transformed"
}

/** One run of a client in a fresh process: µs per request of wall time and of the client's CPU. */
const run = (client: string, concurrency: 1 | 64): { readonly wall: number, readonly cpu: number } =>
  JSON.parse(
    execFileSync(process.execPath, [...process.execArgv, "bench/session-client.ts", client, String(concurrency), String(counts[concurrency]), origin], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"]
    })
  ) as { wall: number, cpu: number }

const median = (values: ReadonlyArray<number>) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN

/** A client's median time and CPU per request, and the median of its per-round ratios to bare undici. */
interface Figures {
  readonly time: number
  readonly cpu: number
  readonly ratio: number
  /** Every round's ratio, in the order of the rounds. */
  readonly ratios: ReadonlyArray<number>
}

/**
 * The clients take turns, round after round, starting each round with the next client, so that drift and position
 * hit them alike. A client's ratio is taken per round against bare undici's time in the same round, then the median
 * of those ratios is kept: pairing cancels the machine's slow and fast spells.
 */
const compare = (concurrency: 1 | 64): Record<string, Figures> => {
  const names = Object.keys(clients)
  const runs: Record<string, Array<{ wall: number, cpu: number }>> = Object.fromEntries(names.map((name) => [name, []]))
  for (let round = 0; round < rounds; round++) {
    for (let turn = 0; turn < names.length; turn++) {
      const name = names[(round + turn) % names.length] ?? ""
      runs[name]?.push(run(clients[name] ?? "", concurrency))
    }
  }
  const bare = runs[baseline] ?? []
  return Object.fromEntries(names.map((name) => {
    const own = runs[name] ?? []
    const ratios = own.map((r, i) => (bare[i]?.wall ?? Number.NaN) / r.wall)
    return [name, {
      time: median(own.map((r) => r.wall)),
      cpu: median(own.map((r) => r.cpu)),
      ratio: median(ratios),
      ratios
    }]
  }))
}

const c1 = compare(1)
const c64 = compare(64)
const nan: Figures = { time: Number.NaN, cpu: Number.NaN, ratio: Number.NaN, ratios: [] }
const results: Record<string, { c1: Figures, c64: Figures }> = Object.fromEntries(
  Object.keys(clients).map((name) => [name, { c1: c1[name] ?? nan, c64: c64[name] ?? nan }])
)

// keystoneauth1 runs in its own process, after the others: its ratio is against bare undici's median time.
try {
  execFileSync("bash", ["bench/anchors.sh"], { stdio: ["ignore", "ignore", "inherit"] })
  const out = execFileSync("/usr/bin/python3", ["bench/keystoneauth1_session.py", String(port), String(counts[1])], { encoding: "utf8" })
  const python = JSON.parse(out) as { c1: number, c64: number }
  const against = (time: number, bare: Figures | undefined) => ({
    time,
    cpu: Number.NaN,
    ratio: (bare?.time ?? Number.NaN) / time,
    ratios: []
  })
  results["keystoneauth1 Session (Python)"] = { c1: against(python.c1, c1[baseline]), c64: against(python.c64, c64[baseline]) }
} catch (error) {
  console.error(`keystoneauth1 not measured: ${error instanceof Error ? error.message : String(error)}`)
}
server.kill()

const micros = (value: number) => (Number.isNaN(value) ? "–" : `${value.toFixed(0)} µs`)
const cells = (f: Figures) => `${micros(f.time)} | ${micros(f.cpu)} | ${f.ratio.toFixed(2)} ×`
writeSection(
  "session",
  `## An authenticated GET: Session vs bare undici vs keystoneauth1

${counts[1]} GETs (${counts[64]} at 64 in flight) of a small JSON document from a local Node server in another process
(keep-alive), after a warm-up of 5000; each run of a client is a fresh process of its own. The clients take turns over
${rounds} rounds, each round started by the next client. Time: wall time per request (at 64 in flight, the run's wall
time / its requests); CPU: the client
process's CPU per request; both medians. Ratio = bare undici's time / this client's time, taken per round and then the
median (1.00 × is as fast as bare undici).

| client | time, 1 in flight | CPU | ratio | time, 64 in flight | CPU | ratio |
|---|---|---|---|---|---|---|
${Object.entries(results).map(([name, r]) => `| ${name} | ${cells(r.c1)} | ${cells(r.c64)} |`).join("\n")}

Every round's ratio (not only the median), for the Session clients:

| client | 1 in flight, by round | 64 in flight, by round |
|---|---|---|
${
  Object.entries(results).filter(([name]) => name.startsWith("effect-openstack")).map(([name, r]) =>
    `| ${name} | ${r.c1.ratios.map((x) => x.toFixed(2)).join(", ")} | ${r.c64.ratios.map((x) => x.toFixed(2)).join(", ")} |`
  ).join("\n")
}`
)
process.exit(0)
