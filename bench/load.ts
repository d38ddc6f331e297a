/**
 * The long load run with faults: 10,000 authenticated GETs, 256 in flight, through a Session with connection and
 * status retries, against a server that resets or refuses about 1.7 % of them (bench/faulty-server.ts, another
 * process). Counted: answers, typed failures, defects, requests lost (none may be); the tries the server saw; live
 * heap before and after (after a GC) and the peak RSS. Run with `--expose-gc` (`npm run bench` does). The figures go
 * to BENCHMARKS.md.
 */
import { spawn } from "node:child_process"
import { once } from "node:events"
import { Cause, Effect, Exit, Layer, Redacted } from "effect"
import { Auth, Session } from "effect-openstack"
import { Transport } from "effect-openstack/node"
import { writeSection } from "./report.ts"

const requests = Number(process.env.BENCH_LOAD_REQUESTS ?? 10_000)
const inFlight = 256

const server = spawn(process.execPath, [new URL("./faulty-server.ts", import.meta.url).pathname], { stdio: ["ignore", "pipe", "inherit"] })
const [line] = (await once(server.stdout, "data")) as [Buffer]
const base = `http://127.0.0.1:${line.toString().trim()}`

const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined)
const mib = (bytes: number) => (bytes / 1024 / 1024).toFixed(1)

const run = Effect.gen(function* () {
  const auth = yield* Auth.v3Password({ authUrl: `${base}/v3`, username: "bench", password: Redacted.make("bench"), userDomainId: "default", projectId: "p1" })
  const session = yield* Session.make({ auth, connectRetries: 3, statusCodeRetries: 3, retryDelay: "5 millis", maxRetryDelay: "50 millis" })
  yield* Effect.flatMap(session.get(`${base}/items`), (r) => r.json)
  gc()
  const heapBefore = process.memoryUsage().heapUsed
  const started = performance.now()
  const exits = yield* Effect.forEach(
    Array.from({ length: requests }),
    () => Effect.exit(Effect.flatMap(session.get(`${base}/items`), (r) => r.json)),
    { concurrency: inFlight }
  )
  const seconds = (performance.now() - started) / 1000
  const answers = exits.filter(Exit.isSuccess).length
  const failures = exits.filter((e) => Exit.isFailure(e) && Cause.hasFails(e.cause)).length
  const defects = exits.filter((e) => Exit.isFailure(e) && !Cause.hasFails(e.cause)).length
  exits.length = 0
  gc()
  const heapAfter = process.memoryUsage().heapUsed
  return { seconds, answers, failures, defects, heapBefore, heapAfter }
})

const result = await Effect.runPromise(run.pipe(Effect.provide(Layer.orDie(Transport.node())), Effect.scoped))
const tries = Number((await (await fetch(`${base}/items`)).json() as { n: number }).n) - 1
server.kill()
const lost = requests - result.answers - result.failures - result.defects

writeSection("load", `
## Load with faults: ${requests.toLocaleString("en")} requests, ${inFlight} in flight

One Session (Transport.node; connectRetries 3, statusCodeRetries 3), authenticated GETs against a local server in
another process that resets every 100th request's connection and answers every 150th with a 503 (≈1.7 % faults).
One run.

| requests | answers | typed failures | defects | lost | tries the server saw (with the warm-up) | time | live heap before → after (after GC) | peak RSS |
|---|---|---|---|---|---|---|---|---|
| ${requests} | ${result.answers} | ${result.failures} | ${result.defects} | ${lost} | ${tries} | ${result.seconds.toFixed(2)} s (${(requests / result.seconds).toFixed(0)} req/s) | ${mib(result.heapBefore)} → ${mib(result.heapAfter)} MiB | ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB |
`)
