/**
 * The Session's own CPU per request, without a network: an authenticated GET through the Session on a transport that
 * answers at once, against the same answer taken from that transport directly. The difference is what the Session
 * adds (span, token, request building, the try's bounds, retry and redirect checks). Measured on both of the
 * Session's paths: a transport that bounds its tries itself (as `Transport.node` does), and any other transport
 * (each try raced against a timer). The figures go to BENCHMARKS.md.
 */
import { Effect, Layer, ManagedRuntime, Redacted } from "effect"
import { HttpClient, HttpClientRequest, HttpClientResponse } from "effect/http"
import { Auth, Session } from "effect-openstack"
import { Fixtures } from "effect-openstack/testing"
import { withBudgetedSend } from "../src/internal/tryBudget.ts"
import { format, writeSection } from "./report.ts"

const count = 50_000
const rounds = 7
const token = new Fixtures.V3Token({ userId: "u1", projectId: "p1" })
const tokenBody = JSON.stringify(token.body)
const projects = JSON.stringify({ projects: [{ id: "p1", name: "bench" }], links: {} })

/** The answer of the fake transport: a token for POST /auth/tokens, the project list otherwise. */
const answer = (request: HttpClientRequest.HttpClientRequest) =>
  HttpClientResponse.fromWeb(
    request,
    request.url.endsWith("/auth/tokens")
      ? new Response(tokenBody, { status: 201, headers: { "content-type": "application/json", "x-subject-token": "tok" } })
      : new Response(projects, { status: 200, headers: { "content-type": "application/json" } })
  )

/** One answer, its body read (as the Session reads it): the transports' work, the same on every path. */
const sendOnce = (request: HttpClientRequest.HttpClientRequest) =>
  Effect.flatMap(Effect.sync(() => answer(request)), (response) => Effect.as(response.arrayBuffer, response))

const plain = HttpClient.make(sendOnce)
/** A transport that bounds the Session's tries itself, like Transport.node (here: answered at once). */
const bounding = withBudgetedSend(HttpClient.make(sendOnce), { accepts: () => true, send: sendOnce })

/** Median µs per request of `effect`, run `count` times in a row, over `rounds` rounds (after a warm-up round). */
const time = async (runtime: ManagedRuntime.ManagedRuntime<HttpClient.HttpClient, never>, effect: Effect.Effect<unknown, unknown>) => {
  const perRequest: Array<number> = []
  for (let round = 0; round <= rounds; round++) {
    const start = performance.now()
    await runtime.runPromise(Effect.forEach(Array.from({ length: count }), () => effect, { discard: true }))
    if (round > 0) perRequest.push(((performance.now() - start) * 1000) / count)
  }
  return perRequest.sort((a, b) => a - b)[Math.floor(rounds / 2)] ?? Number.NaN
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
  const alone = transport === bounding
    ? sendOnce(request)
    : Effect.provideService(transport.execute(request), HttpClient.TracerDisabledWhen, () => true)
  const direct = await time(runtime, Effect.flatMap(alone, (r) => r.json))
  const viaSession = await time(runtime, Effect.flatMap(session.get(url), (r) => r.json))
  await runtime.dispose()
  return { direct, viaSession }
}

const bounded = await measurePath(bounding)
const raced = await measurePath(plain)
const row = (name: string, r: { direct: number, viaSession: number }) =>
  `| ${name} | ${format(r.direct)} | ${format(r.viaSession)} | ${format(r.viaSession - r.direct)} |`
writeSection(
  "session-overhead",
  `## The Session's own cost per request (no network)

An authenticated GET (token held) through the Session on a transport that answers at once, against the same answer
taken from the transport directly; ${count.toLocaleString("en")} requests in a row, median of ${rounds} rounds.

| transport | the transport alone | through the Session | the Session's own cost |
|---|---|---|---|
${row("bounds each try itself (as Transport.node does)", bounded)}
${row("any other (each try raced against a timer)", raced)}`
)
process.exit(0)
