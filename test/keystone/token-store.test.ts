import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs"
import { readdir } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Schema } from "effect"
import { startChild } from "../support/children.ts"
import { facts, user } from "./rig.ts"

const demo = user("demo")

/** Starts `n` processes on one token directory, lets them go at once, and returns what each printed when done. */
const Done = Schema.Array(Schema.Struct({ posts: Schema.Number, fingerprint: Schema.String }))

const run = (directory: string, n: number) =>
  Effect.scoped(
    Effect.gen(function* () {
      const go = join(directory, "..", `go-${Date.now()}`)
      const config = JSON.stringify({ authUrl: facts.auth_url, userId: demo.id, directory, go })
      const children = yield* Effect.forEach(Array.from({ length: n }), () =>
        startChild("test/support/auth-process.ts", [config], { AUTH_PASSWORD: demo.password }))
      yield* Effect.forEach(children, (child) => child.waitFor("ready"), { concurrency: "unbounded" })
      writeFileSync(go, "")
      const done = yield* Effect.forEach(children, (child) => child.waitFor("done"), { concurrency: "unbounded" })
      rmSync(go)
      return yield* Schema.decodeUnknownEffect(Done)(done)
    })
  ).pipe(Effect.timeout("60 seconds"))

describe("the file token store, across real processes, against the real Keystone", () => {
  it.live("ten processes started together authenticate once; a later one not at all", () =>
    Effect.gen(function* () {
      const directory = join(mkdtempSync(join(tmpdir(), "eo-tokens-")), "tokens")
      const first = yield* run(directory, 10)
      assert.strictEqual(first.reduce((sum, r) => sum + r.posts, 0), 1)
      assert.strictEqual(new Set(first.map((r) => r.fingerprint)).size, 1)
      const second = yield* run(directory, 1)
      assert.strictEqual(second[0]?.posts, 0)
      assert.strictEqual(second[0]?.fingerprint, first[0]?.fingerprint)
      const files = yield* Effect.promise(() => readdir(directory))
      assert.strictEqual(files.length, 1)
      assert.match(files[0] ?? "", /^[0-9a-f]{64}\.json$/)
      assert.strictEqual(statSync(directory).mode & 0o777, 0o700)
      assert.strictEqual(statSync(join(directory, files[0] ?? "")).mode & 0o777, 0o600)
      rmSync(join(directory, ".."), { recursive: true, force: true })
    }), 90_000)
})
