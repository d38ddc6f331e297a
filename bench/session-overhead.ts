/**
 * The Session's own CPU per request, without a network: an authenticated GET through the Session on a transport that
 * answers at once, against the same answer taken from that transport directly. The difference is what the Session
 * adds (span, token, request building, the try's bounds, retry, redirect and status checks). Measured on both of the
 * Session's paths: Transport.node's own client (each try bounded by one timer) on an undici dispatcher that answers
 * at once, and any other transport (each try raced against a timer). The figures go to BENCHMARKS.md.
 */
import { Effect, Layer, ManagedRuntime, Redacted } from "effect"
import { HttpClient, HttpClientRequest, HttpClientResponse } from "effect/http"
import type { Dispatcher } from "undici"
import { Auth, Session } from "effect-openstack"
import { Fixtures } from "effect-openstack/testing"
import * as TryBudget from "../src/internal/tryBudget.ts"
import * as UndiciClient from "../src/internal/undiciClient.ts"
import { format, writeSection } from "./report.ts"

const count = 50_000
const rounds = 7
const token = new Fixtures.V3Token({ userId: "u1", projectId: "p1" })
const tokenBody = JSON.stringify(token.body)
const projects = JSON.stringify({ projects: [{ id: "p1", name: "bench" }], links: {} })
const tokenHeaders = { "content-type": "application/json", "x-subject-token": "tok" }
/** What bench/server.ts answers (Node's http adds date, connection, keep-alive and content-length). */
const projectHeaders = {
  "content-type": "application/json",
  "x-openstack-request-id": "req-bench",
  date: new Date().toUTCString(),
  connection: "keep-alive",
  "keep-alive": "timeout=60",
  "content-length": String(projects.length)
}
const isToken = (path: string) => path.endsWith("/auth/tokens")

/** An undici dispatcher that answers every request at once (in a microtask), as a connection would. */
const dispatcher = {
  dispatch(options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler) {
    const controller = { abort() {}, pause() {}, resume() {}, aborted: false, paused: false, reason: null }
    queueMicrotask(() => {
      const auth = isToken(options.path)
      handler.onRequestStart?.(controller, {})
      handler.onResponseStart?.(controller, auth ? 201 : 200, auth ? tokenHeaders : projectHeaders, "OK")
      handler.onResponseData?.(controller, Buffer.from(auth ? tokenBody : projects))
      handler.onResponseEnd?.(controller, {})
    })
    return true
  }
} as unknown as Dispatcher
const node = UndiciClient.make(dispatcher, HttpClient.make((request) => Effect.die(`no upgrades here: ${request.url}`)))

/** Any other transport: an answer made at once, its body read (as the Session reads it). */
const answer = (request: HttpClientRequest.HttpClientRequest) => {
  const auth = isToken(request.url)
  const body = new Response(auth ? tokenBody : projects, { status: auth ? 201 : 200, headers: auth ? tokenHeaders : projectHeaders })
  return HttpClientResponse.fromWeb(request, body)
}
const plain = HttpClient.make((request) =>
  Effect.flatMap(Effect.sync(() => answer(request)), (response) => Effect.as(response.arrayBuffer, response)))

/** µs per request of each effect, `count` in a row, taking turns over `rounds` rounds (after a warm-up round). */
const time = async (
  runtime: ManagedRuntime.ManagedRuntime<HttpClient.HttpClient, never>,
  effects: ReadonlyArray<Effect.Effect<unknown, unknown>>
) => {
  const perRequest = effects.map((): Array<number> => [])
  for (let round = 0; round <= rounds; round++) {
    for (const [i, effect] of effects.entries()) {
      const start = performance.now()
      await runtime.runPromise(Effect.forEach(Array.from({ length: count }), () => effect, { discard: true }))
      if (round > 0) perRequest[i]?.push(((performance.now() - start) * 1000) / count)
    }
  }
  return perRequest.map((times) => times.sort((a, b) => a - b)[Math.floor(rounds / 2)] ?? Number.NaN)
}

const measurePath = async (transport: HttpClient.HttpClient) => {
  const runtime = ManagedRuntime.make(Layer.succeed(HttpClient.HttpClient, transport))
  const session = await runtime.runPromise(
    Effect.gen(function* () {
      const auth = yield* Auth.v3Password({ authUrl: "http://keystone.invalid/v3", userId: "u1", password: Redacted.make("bench"), projectId: "p1" })
      return yield* Session.make({ auth })
    })
  )
  const url = "http://keystone.invalid/v3/projects"
  // The transport alone: the request the Session would send, sent the way the Session sends it on this path.
  const request = HttpClientRequest.get(url, { headers: { "x-auth-token": "tok" } })
  // With a try's budget in the context, as the Session sends it (a transport that claims it bounds the try itself).
  const alone = Effect.suspend(() =>
    transport.execute(request).pipe(
      Effect.provideService(HttpClient.TracerDisabledWhen, () => true),
      Effect.provideService(TryBudget.Current, new TryBudget.TryBudget(60_000, () => new Error("timed out"), 64 * 1024 * 1024))
    ))
  const [transportAlone = Number.NaN, viaSession = Number.NaN] = await time(runtime, [
    Effect.flatMap(alone, (r) => r.json),
    Effect.flatMap(session.get(url), (r) => r.json)
  ])
  await runtime.dispose()
  return { transportAlone, viaSession }
}

const bounded = await measurePath(node)
const raced = await measurePath(plain)
const row = (name: string, r: { transportAlone: number, viaSession: number }) =>
  `| ${name} | ${format(r.transportAlone)} | ${format(r.viaSession)} | ${format(r.viaSession - r.transportAlone)} |`
writeSection(
  "session-overhead",
  `## The Session's own cost per request (no network)

An authenticated GET (token held) through the Session on a transport that answers at once, against the same answer
taken from the transport directly; ${count.toLocaleString("en")} requests in a row, the two taking turns, median of
${rounds} rounds.

| transport | the transport alone | through the Session | the Session's own cost |
|---|---|---|---|
${row("Transport.node's client (bounds each try itself), on an undici dispatcher that answers at once", bounded)}
${row("any other (each try raced against a timer)", raced)}`
)
process.exit(0)
