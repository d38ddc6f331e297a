/**
 * One client of the Session benchmark, run in a process of its own so that no client pays for another's garbage or
 * JIT state (bench/session.ts runs it; so can `node --cpu-prof`):
 *
 * `node --conditions=effect-openstack/source bench/session-client.ts <client> <concurrency> <requests> <origin>`
 *
 * Clients: `bare` (undici), `bare-effect` (the same request run as an Effect), `httpclient` (effect's HttpClient on
 * Transport.node), `session` (the Session). Warms up, then sends `requests` authenticated GETs of /v3/projects to the
 * bench server (bench/server.ts) at `origin`, `concurrency` at a time, and prints `{"wall":…,"cpu":…}`: µs per request
 * of wall time and of this process's CPU.
 */
import { Effect, ManagedRuntime, Redacted } from "effect"
import { HttpClient } from "effect/http"
import { Agent } from "undici"
import { Auth, Session, Transport } from "effect-openstack"

const [client = "session", concurrencyArg = "1", requestsArg = "5000", origin = ""] = process.argv.slice(2)
const concurrency = Number(concurrencyArg)
const requests = Number(requestsArg)
const url = `${origin}/v3/projects`

// Bare undici: a keep-alive agent, the token in a header, the JSON body parsed.
const agent = new Agent({ keepAliveTimeout: 60_000 })
const bare = () =>
  agent.request({ origin, path: "/v3/projects", method: "GET", headers: { "x-auth-token": "bench-token" } }).then((r) => r.body.json())

const runtime = ManagedRuntime.make(Transport.node({ keepAliveTimeout: "60 seconds" }))

/** The client's request as an Effect (undefined for bare undici, which runs as promises). */
const effectOf = async (): Promise<Effect.Effect<unknown, unknown> | undefined> => {
  switch (client) {
    case "bare":
      return undefined
    case "bare-effect":
      return Effect.promise(bare)
    case "httpclient": {
      const http = await runtime.runPromise(HttpClient.HttpClient)
      return Effect.flatMap(http.get(url, { headers: { "x-auth-token": "bench-token" } }), (r) => r.json)
    }
    case "session":
    case "session-transformed": {
      // A v3 password plugin (it authenticates once, during the warm-up). `session-transformed`: the transport wrapped
      // by a user's middleware (`HttpClient.transform`, which adds nothing), as an app that logs or meters would.
      const make = Effect.gen(function* () {
        const auth = yield* Auth.v3Password({ authUrl: `${origin}/v3`, userId: "u1", password: Redacted.make("bench"), projectId: "p1" })
        return yield* Session.make({ auth })
      })
      const session = await runtime.runPromise(
        client === "session"
          ? make
          : Effect.provideServiceEffect(
              make,
              HttpClient.HttpClient,
              Effect.map(HttpClient.HttpClient, (http) => HttpClient.transform(http, (effect) => effect))
            )
      )
      return Effect.flatMap(session.get(url), (r) => r.json)
    }
    default:
      throw new Error(`unknown client ${client}`)
  }
}
const effect = await effectOf()

/**
 * `count` requests, `concurrency` at a time, the same way for every client: `concurrency` workers, each sending its
 * next request once its last is answered — promise loops for bare undici, fibers for the Effect clients.
 */
const send = async (count: number) => {
  let next = 0
  if (effect === undefined) {
    await Promise.all(Array.from({ length: concurrency }, async () => {
      while (next++ < count) await bare()
    }))
  } else {
    const worker = Effect.whileLoop({ while: () => next++ < count, body: () => effect, step: () => {} })
    await runtime.runPromise(Effect.forEach(Array.from({ length: concurrency }), () => worker, { concurrency, discard: true }))
  }
}

// The warm-up: enough requests for the JIT to settle on every client's code (a service runs for much longer).
await send(Number(process.env.BENCH_WARMUP ?? 5000))
const cpu = process.cpuUsage()
const start = performance.now()
await send(requests)
const wall = ((performance.now() - start) * 1000) / requests
const used = process.cpuUsage(cpu)
console.log(JSON.stringify({ wall, cpu: (used.user + used.system) / requests }))
await agent.close()
await runtime.dispose()
process.exit(0)
