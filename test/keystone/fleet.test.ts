/**
 * A fleet of real processes sharing one token (and one rate limit) through a real Redis (scripts/redis/start.sh),
 * against the real Keystone — and its twin whose tokens live 5 seconds.
 */
import { execFileSync } from "node:child_process"
import { readFileSync, rmSync, writeFileSync } from "node:fs"
import type * as http from "node:http"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Option, Redacted, Schema } from "effect"
import * as Redis from "effect/persistence/Redis"
import { SharedRedis, TokenStore } from "effect-openstack/node"
import { type Child, repoRoot, startChild } from "../support/children.ts"
import { httpServer } from "../support/servers.ts"
import { facts, shortLived } from "./rig.ts"

const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6390"
const redisState = process.env.REDIS_STATE_DIR ?? join(repoRoot, ".redis")
const storeKey = "fleet-test-key-0123456789abcdef0123456789"

const Done = Schema.Struct({
  calls: Schema.Number,
  failures: Schema.Number,
  posts: Schema.Number,
  errors: Schema.Array(Schema.String),
  warnings: Schema.Array(Schema.String)
})
type Done = typeof Done.Type
const Progress = Schema.Struct({ calls: Schema.Number, failures: Schema.Number, posts: Schema.Number, at: Schema.Number })

interface Member {
  readonly seconds: number
  readonly intervalMs: number
  readonly call: "token" | "limited"
  readonly prefix: string
  readonly authUrl?: string
  readonly user?: { readonly id: string, readonly password: string }
  readonly limitedUrl?: string
  readonly rateLimit?: number
  readonly fleetLimit?: boolean
}

/** Starts `n` members with the same settings; they begin together once all are ready. */
const startFleet = (n: number, member: Member) =>
  Effect.gen(function* () {
    const user = member.user ?? facts.users.demo
    if (user === undefined) return yield* Effect.die("no seeded demo user")
    const go = join(tmpdir(), `eo-fleet-go-${process.pid}-${Date.now()}-${Math.random()}`)
    const config = JSON.stringify({ ...member, user: undefined, authUrl: member.authUrl ?? facts.auth_url, userId: user.id, redisUrl, go })
    const children = yield* Effect.forEach(Array.from({ length: n }), () =>
      startChild("test/support/fleet-process.ts", [config], { AUTH_PASSWORD: user.password, STORE_KEY: storeKey }))
    yield* Effect.forEach(children, (child) => child.waitFor("ready"), { concurrency: "unbounded" })
    return { children, go: Effect.sync(() => writeFileSync(go, "")), cleanup: Effect.sync(() => rmSync(go, { force: true })) }
  })

const doneOf = (children: ReadonlyArray<Child>) =>
  Effect.forEach(children, (child) => Effect.flatMap(child.waitFor("done"), Schema.decodeUnknownEffect(Done)), {
    concurrency: "unbounded"
  })

const sum = (results: ReadonlyArray<Done>, field: "calls" | "failures" | "posts") =>
  results.reduce((total, result) => total + result[field], 0)

/** The token POSTs the members had made at `time` (from their progress lines, every ~0.5 s). */
const postsAt = (children: ReadonlyArray<Child>, time: number) =>
  children.reduce((total, child) => {
    const before = child.linesOf("progress").map((line) => Schema.decodeUnknownSync(Progress)(line)).filter((p) => p.at <= time)
    return total + (before.at(-1)?.posts ?? 0)
  }, 0)

const uniquePrefix = (name: string) => `eo-test:${name}:${Date.now()}:`

/** The shared Redis, as the test's own client. */
const redis = <A, E>(effect: Effect.Effect<A, E, Redis.Redis>) =>
  Effect.scoped(Effect.provide(effect, SharedRedis.layer({ url: redisUrl })))

const keysUnder = (prefix: string) =>
  redis(Effect.flatMap(Redis.Redis, (r) => r.send<Array<string>>("KEYS", `${prefix}*`)))

describe("a fleet on Redis, against the real Keystone", () => {
  it.live("20 processes started together: exactly 1 token POST; the shared token revoked (a forced 401): exactly 1 re-authentication fleet-wide; 0 failed calls", () =>
    Effect.scoped(Effect.gen(function* () {
      const prefix = uniquePrefix("twenty")
      const fleet = yield* startFleet(20, { seconds: 8, intervalMs: 200, call: "token", prefix })
      yield* fleet.go
      yield* Effect.forEach(fleet.children, (child) => child.waitFor("progress", 3), { concurrency: "unbounded" })
      assert.strictEqual(postsAt(fleet.children, Date.now()), 1, "one token for the twenty")
      const names = yield* keysUnder(prefix)
      assert.strictEqual(names.length, 1, "one entry, no lock left")
      const [name] = names
      assert.isDefined(name)
      const stored = yield* redis(Effect.gen(function* () {
        const store = yield* TokenStore.makeRedisStore({ prefix, encryption: { key: Redacted.make(storeKey) } })
        return yield* store.load((name ?? "").slice(prefix.length))
      }))
      assert.isTrue(Option.isSome(stored))
      const token = Option.isSome(stored) ? Redacted.value(stored.value.authToken) : ""
      const revoked = yield* Effect.promise(() =>
        fetch(`${facts.auth_url}/auth/tokens`, { method: "DELETE", headers: { "x-auth-token": token, "x-subject-token": token } }))
      assert.strictEqual(revoked.status, 204)
      const results = yield* doneOf(fleet.children)
      yield* fleet.cleanup
      assert.strictEqual(sum(results, "failures"), 0, JSON.stringify(results.flatMap((r) => r.errors).slice(0, 3)))
      assert.isTrue(results.every((result) => result.calls > 0))
      assert.strictEqual(sum(results, "posts"), 2, "the first authentication, and one after the revocation")
    })), 120_000)
})

describe("a fleet on Redis, against the Keystone whose tokens live 5 seconds", () => {
  const short = shortLived()
  const shortUser = short.users.demo

  it.live("20 processes for 30 s make as many token POSTs as one process alone, with 0 failed calls", () =>
    Effect.scoped(Effect.gen(function* () {
      const member = { seconds: 30, intervalMs: 500, call: "token", authUrl: short.auth_url, ...(shortUser ? { user: shortUser } : {}) } as const
      const [alone, fleet] = yield* Effect.all([
        startFleet(1, { ...member, prefix: uniquePrefix("alone") }),
        startFleet(20, { ...member, prefix: uniquePrefix("fleet") })
      ], { concurrency: 2 })
      yield* Effect.all([alone.go, fleet.go])
      const [one, all] = yield* Effect.all([doneOf(alone.children), doneOf(fleet.children)], { concurrency: 2 })
      yield* Effect.all([alone.cleanup, fleet.cleanup])
      assert.strictEqual(sum(all, "failures") + sum(one, "failures"), 0, JSON.stringify(all.flatMap((r) => r.errors).slice(0, 3)))
      // One POST per refresh window (half the 5-second life): about 12 in 30 s, for the one and for the twenty.
      yield* Effect.logInfo(
        `30 s of 5-second tokens: ${sum(all, "posts")} token POSTs for 20 processes (${sum(all, "calls")} calls), `
        + `${sum(one, "posts")} for one alone (${sum(one, "calls")} calls)`
      )
      assert.isAtLeast(sum(one, "posts"), 10)
      // Keystone truncates a token's issue and expiry times to the second, so the phase of the refresh windows, and
      // with it a run's count, varies by one or two between runs (alone: 14 or 15 in 30 s); without sharing, the twenty
      // would make about 20 × 13.
      assert.isAtMost(sum(all, "posts"), sum(one, "posts") + 2)
    })), 120_000)

  it.live("Redis killed mid-run (kill -9): 0 failed calls, one warning per process; restarted: sharing resumes", () =>
    Effect.scoped(Effect.gen(function* () {
      const prefix = uniquePrefix("outage")
      const member = { seconds: 26, intervalMs: 200, call: "token", authUrl: short.auth_url, prefix, ...(shortUser ? { user: shortUser } : {}) } as const
      const fleet = yield* startFleet(5, member)
      yield* fleet.go
      const started = Date.now()
      yield* Effect.sleep("4 seconds")
      const pid = Number(readFileSync(join(redisState, "redis.pid"), "utf8"))
      process.kill(pid, "SIGKILL")
      yield* Effect.sleep("6 seconds")
      execFileSync("bash", [join(repoRoot, "scripts/redis/start.sh")], { stdio: ["ignore", "ignore", "inherit"] })
      const results = yield* doneOf(fleet.children)
      yield* fleet.cleanup
      assert.strictEqual(sum(results, "failures"), 0, JSON.stringify(results.flatMap((r) => r.errors).slice(0, 3)))
      for (const result of results) {
        assert.strictEqual(result.warnings.filter((w) => w.includes("Redis is unavailable")).length, 1, result.warnings.join("\n"))
      }
      // During the outage each of the 5 refreshes on its own (~5 per 2.5-s window); once Redis is back, the fleet shares
      // again: in the last 10 s, one POST per window (4) and a window's worth of convergence.
      const during = postsAt(fleet.children, started + 10_000) - postsAt(fleet.children, started + 4_500)
      const after = sum(results, "posts") - postsAt(fleet.children, started + 16_000)
      yield* Effect.logInfo(`Redis killed: ${sum(results, "calls")} calls, 0 failed; token POSTs ${during} in the 5.5 s of the outage, ${after} in the last 10 s`)
      assert.isAtLeast(during, 6, "each process authenticated on its own while Redis was down")
      assert.isAtMost(after, 6, "the fleet shares again")
    })), 120_000)
})

describe("a fleet-wide rate limit on Redis", () => {
  it.live("10 processes with a fleet limit of 50 requests/s for 10 s: the server sees at most 50 in any second", () =>
    Effect.scoped(Effect.gen(function* () {
      const seen: Array<number> = []
      const server = yield* httpServer((request: http.IncomingMessage, response: http.ServerResponse) => {
        if (!(request.url ?? "").endsWith("?warm-up")) seen.push(performance.now())
        response.writeHead(200, { "content-type": "application/json" }).end("{}")
      })
      const fleet = yield* startFleet(10, {
        seconds: 10, intervalMs: 0, call: "limited", prefix: uniquePrefix("limits"), limitedUrl: `${server.url}/ping`,
        rateLimit: 50, fleetLimit: true
      })
      yield* fleet.go
      const results = yield* doneOf(fleet.children)
      yield* fleet.cleanup
      assert.strictEqual(sum(results, "failures"), 0)
      assert.strictEqual(seen.length, sum(results, "calls"))
      // Per second since the first request: at most 50, give or take the request at a second's edge.
      const start = seen[0] ?? 0
      const perSecond = Array.from({ length: Math.ceil(((seen.at(-1) ?? start) - start + 1) / 1000) }, () => 0)
      for (const t of seen) {
        const second = Math.floor((t - start) / 1000)
        perSecond[second] = (perSecond[second] ?? 0) + 1
      }
      yield* Effect.logInfo(`fleet limit 50/s, 10 processes: requests by second ${perSecond.join(" ")}`)
      assert.isAtMost(Math.max(...perSecond), 51, `by second: ${perSecond.join(" ")}`)
      // Over any 1-second window: a request can leave a few tens of milliseconds after its slot on a loaded machine (10
      // processes on 2 CPUs), which bunches a slot or two.
      let busiest = 0
      for (let i = 0, j = 0; i < seen.length; i++) {
        while (j < seen.length && (seen[j] ?? 0) < (seen[i] ?? 0) + 1000) j++
        busiest = Math.max(busiest, j - i)
      }
      assert.isAtMost(busiest, 55)
      assert.isAtMost(seen.length, 50 * 11 + 1)
    })), 120_000)
})
