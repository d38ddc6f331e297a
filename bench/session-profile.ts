/**
 * A profiling aid for the Session hot path (not part of `npm run bench`): runs one client against bench/server.ts for a
 * number of requests, for `node --cpu-prof`. `node --conditions=effect-openstack/source --cpu-prof bench/session-profile.ts
 * session|client|bare [concurrency] [requests]`.
 */
import { spawn } from "node:child_process"
import { Effect, ManagedRuntime, Redacted } from "effect"
import { HttpClient } from "effect/http"
import { Agent } from "undici"
import { Auth, Session, Transport } from "effect-openstack"

const which = process.argv[2] ?? "session"
const concurrency = Number(process.argv[3] ?? 1)
const count = Number(process.argv[4] ?? 20000)

const server = spawn(process.execPath, ["bench/server.ts"], { stdio: ["ignore", "pipe", "inherit"] })
const port = await new Promise<number>((resolve) => server.stdout.once("data", (chunk: Buffer) => resolve(Number(String(chunk).trim()))))
const origin = `http://127.0.0.1:${port}`

const runtime = ManagedRuntime.make(Transport.node({ keepAliveTimeout: "60 seconds" }))
const session = await runtime.runPromise(
  Effect.gen(function* () {
    const auth = yield* Auth.v3Password({ authUrl: `${origin}/v3`, userId: "u1", password: Redacted.make("bench"), projectId: "p1" })
    return yield* Session.make({ auth })
  })
)
const client = await runtime.runPromise(HttpClient.HttpClient)
const agent = new Agent({ keepAliveTimeout: 60_000 })
const viaClient = Effect.flatMap(client.get(`${origin}/v3/projects`, { headers: { "x-auth-token": "bench-token" } }), (r) => r.json)
const effect = which === "session"
  ? Effect.flatMap(session.get(`${origin}/v3/projects`), (r) => r.json)
  : which === "noauth"
    ? Effect.flatMap(session.get(`${origin}/v3/projects`, { authenticated: false, headers: { "x-auth-token": "bench-token" } }), (r) => r.json)
    : which === "sessionClient"
      ? Effect.flatMap(session.client.get(`${origin}/v3/projects`, { headers: { "x-auth-token": "bench-token" } }), (r) => r.json)
      : which === "untraced"
        ? Effect.provideService(viaClient, HttpClient.TracerDisabledWhen, () => true)
        : viaClient
const bare = () =>
  agent.request({ origin, path: "/v3/projects", method: "GET", headers: { "x-auth-token": "bench-token" } }).then((r) => r.body.json())

const loop = async (n: number) => {
  if (which === "bare") {
    let next = 0
    await Promise.all(Array.from({ length: concurrency }, async () => {
      while (next++ < n) await bare()
    }))
  } else {
    await runtime.runPromise(Effect.forEach(Array.from({ length: n }), () => effect, { concurrency, discard: true }))
  }
}
await loop(Math.min(count, 3000))
const cpu = process.cpuUsage()
const start = performance.now()
await loop(count)
const micros = ((performance.now() - start) * 1000) / count
const used = process.cpuUsage(cpu)
console.log(`${which} c${concurrency}: ${micros.toFixed(0)} µs/req wall, ${((used.user + used.system) / count).toFixed(0)} µs cpu/req`)
server.kill()
await agent.close()
await runtime.dispose()
process.exit(0)
