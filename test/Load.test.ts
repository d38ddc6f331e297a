/**
 * A load run with faults, bounded for CI: thousands of authenticated requests at 256 in flight, ~2 % of the answers
 * broken (connection resets, 503s) and some slow, over Transport.node and Transport.fetch. Every request ends in
 * its answer or a typed error — none lost, no defect — and all of them share one authentication.
 */
import { assert, describe, it } from "@effect/vitest"
import { Cause, Effect, Exit, Layer, Redacted } from "effect"
import type { HttpClient } from "effect/http"
import { Auth, Session, Transport } from "effect-openstack"
import { Fixtures } from "effect-openstack/testing"
import { type Fault, faultServer } from "./support/faultServer.ts"

const requests = 3000
const inFlight = 256

/**
 * The answers in arrival order: mostly `{"n": i}`, every 97th a reset, every 89th a 503, every 211th a body that
 * stalls for 100 ms (a slow answer, within the timeout: timeouts are the fault matrix's, not a load run's business).
 */
const script: ReadonlyArray<Fault> = Array.from({ length: requests * 2 }, (_, i): Fault =>
  i % 97 === 13
    ? { kind: "reset" }
    : i % 89 === 7
      ? { kind: "status", status: 503 }
      : i % 211 === 5
        ? { kind: "stallBody", ms: 100, body: { n: i } }
        : { kind: "json", body: { n: i } })

const transports: ReadonlyArray<readonly [string, () => Layer.Layer<HttpClient.HttpClient, unknown>]> = [
  ["Transport.node", () => Transport.node()],
  ["Transport.fetch", () => Transport.fetch()]
]

describe("load with faults", () => {
  for (const [name, transport] of transports) {
    it.live(`${requests} requests, ${inFlight} in flight, ~2 % faults, over ${name}: none lost, no defect, one authentication`, () =>
      Effect.gen(function* () {
        const server = yield* faultServer()
        const token = new Fixtures.V3Token({ subjectToken: "tok-load", projectId: "p1", userId: "u1" })
        server.script("POST /v3/auth/tokens", [{ kind: "json", status: 201, body: token.body, headers: { "x-subject-token": token.subjectToken } }])
        server.script("/items", script)
        const auth = yield* Auth.v3Password({ authUrl: `${server.url}/v3`, userId: "u1", password: Redacted.make("pw"), projectId: "p1" })
        const session = yield* Session.make({
          auth,
          timeout: "10 seconds",
          connectRetries: 3,
          statusCodeRetries: 3,
          retryDelay: "5 millis",
          maxRetryDelay: "20 millis"
        })
        const exits = yield* Effect.forEach(
          Array.from({ length: requests }, (_, i) => i),
          () => Effect.exit(Effect.flatMap(session.get(`${server.url}/items`), (r) => r.json)),
          { concurrency: inFlight }
        )
        const defects = exits.filter((exit) => Exit.isFailure(exit) && !Cause.hasFails(exit.cause))
        const failures = exits.filter((exit) => Exit.isFailure(exit) && Cause.hasFails(exit.cause))
        const answers = exits.filter(Exit.isSuccess)
        if (failures.length > 0 && process.env.LOAD_DEBUG) {
          const tags = failures.map((exit) => Exit.isFailure(exit) ? Cause.squash(exit.cause) : undefined)
          console.log(tags.slice(0, 3).map((e) => (e as { message?: string }).message))
        }
        assert.strictEqual(defects.length, 0, "no defect")
        assert.strictEqual(answers.length + failures.length, requests, "none lost")
        // Three retries of a connection failure or a 503 cover every fault of the script.
        assert.strictEqual(failures.length, 0, "no failure once retried")
        assert.strictEqual(new Set(answers.map((exit) => JSON.stringify(exit.value))).size, requests, "each its own answer")
        assert.strictEqual(server.count("POST /v3/auth/tokens"), 1, "one authentication for all")
        assert.isAbove(server.count("/items"), requests, "the faults were retried")
      }).pipe(Effect.scoped, Effect.provide(Layer.orDie(transport()))), { timeout: 60_000 })
  }
})
