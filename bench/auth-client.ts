/**
 * One client process of the authentication benchmark: a Session with a v3 password plugin against the bench's auth
 * server, then `calls` authenticated GETs all at once (`cold`: with no token yet; `expiry`: after one call, once its
 * token is within the 120 s keystoneauth1 calls "about to expire"); or (`file`) one GET with the file token store in
 * `dir`, as one of many processes. Prints the wall time of the burst in ms, as JSON.
 */
import { Effect, Layer, Redacted } from "effect"
import { Auth, Session } from "effect-openstack"
import { TokenStore, Transport } from "effect-openstack/node"

const [mode = "cold", port = "0", calls = "1000", dir = ""] = process.argv.slice(2)
const base = `http://127.0.0.1:${port}/v3`

const program = Effect.gen(function* () {
  const auth = yield* Auth.v3Password({ authUrl: base, username: "bench", password: Redacted.make("bench"), userDomainId: "default", projectId: "p1" })
  const session = yield* Session.make({ auth })
  const burst = (n: number) => Effect.forEach(Array.from({ length: n }), () => Effect.flatMap(session.get(`${base}/projects`), (r) => r.json), { concurrency: "unbounded", discard: true })
  if (mode === "expiry") {
    yield* burst(1)
    yield* Effect.sleep("5500 millis")
  }
  const started = performance.now()
  yield* burst(mode === "file" ? 1 : Number(calls))
  return performance.now() - started
})

const store = mode === "file" ? TokenStore.TokenStore.file({ directory: dir }) : TokenStore.TokenStore.memory
const ms = await Effect.runPromise(program.pipe(Effect.provide(Layer.mergeAll(Transport.node(), store)), Effect.scoped))
console.log(JSON.stringify({ ms }))
