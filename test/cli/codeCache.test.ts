/**
 * The CLI's code cache (src/cli/codeCache.ts), as a user meets it: made by the first command that succeeds, in the
 * user's cache directory, private; not by help or a failure; off with NODE_DISABLE_COMPILE_CACHE=1; a cache V8
 * refuses (a corrupt one) replaced, the command's answer unchanged; the four newest caches kept, older ones removed.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { existsSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from "node:fs"
import { basename, join } from "node:path"
import { cli, withCloud } from "./harness.ts"

const codeDir = (cache: string) => join(cache, "effect-openstack", "code")
const caches = (cache: string) => existsSync(codeDir(cache)) ? readdirSync(codeDir(cache)) : []
const cacheName = new RegExp(`^cli-program-[A-Z0-9]+-${process.version.replaceAll(".", "\\.")}-${process.arch}\\.bin$`)

describe("CLI code cache", () => {
  it.effect("the first command that succeeds makes it (0600 in a 0700 directory); the next one reads it", () =>
    withCloud((cloud, cache) =>
      Effect.gen(function* () {
        const first = yield* cli(cloud, cache, ["project", "list", "-f", "value", "-c", "Name"])
        assert.strictEqual(first.code, 0, first.stderr)
        const made = caches(cache)
        assert.strictEqual(made.length, 1)
        assert.match(made[0] ?? "", cacheName)
        const file = join(codeDir(cache), made[0] ?? "")
        assert.strictEqual(statSync(file).mode & 0o777, 0o600)
        assert.strictEqual(statSync(codeDir(cache)).mode & 0o777, 0o700)
        const bytes = readFileSync(file)
        const second = yield* cli(cloud, cache, ["project", "list", "-f", "value", "-c", "Name"])
        assert.deepStrictEqual(second, first)
        assert.deepStrictEqual(readFileSync(file), bytes) // taken as it is, not made again
      })
    ))

  it.effect("help and a failed command make none; NODE_DISABLE_COMPILE_CACHE=1 turns it off", () =>
    withCloud((cloud, cache) =>
      Effect.gen(function* () {
        assert.strictEqual((yield* cli(cloud, cache, ["project", "list", "--help"])).code, 0)
        assert.strictEqual((yield* cli(cloud, cache, ["--version"])).code, 0)
        assert.strictEqual((yield* cli(cloud, cache, ["project", "show", "no-such-project"])).code, 1)
        const off = yield* cli(cloud, cache, ["project", "list"], { NODE_DISABLE_COMPILE_CACHE: "1" })
        assert.strictEqual(off.code, 0, off.stderr)
        assert.deepStrictEqual(caches(cache), [])
      })
    ))

  it.effect("a cache V8 refuses is replaced, the answer unchanged; the four newest caches are kept", () =>
    withCloud((cloud, cache) =>
      Effect.gen(function* () {
        const reference = yield* cli(cloud, cache, ["project", "list", "-f", "json"])
        assert.strictEqual(reference.code, 0, reference.stderr)
        const [name] = caches(cache)
        const file = join(codeDir(cache), name ?? "")
        const garbage = Buffer.from("not a code cache".repeat(64))
        writeFileSync(file, garbage)
        // Other builds' caches (written before it): the four newest caches are kept, the oldest goes.
        const others = ["A", "B", "C", "D"].map((build, i) => {
          const other = join(codeDir(cache), `cli-program-OLD${build}-v22.0.0-x64.bin`)
          writeFileSync(other, garbage)
          utimesSync(other, new Date(1_000_000 * (i + 1)), new Date(1_000_000 * (i + 1)))
          return basename(other)
        })
        const again = yield* cli(cloud, cache, ["project", "list", "-f", "json"])
        assert.deepStrictEqual(again, reference)
        assert.deepStrictEqual(caches(cache).sort(), [...others.slice(1), name].sort())
        assert.isFalse(readFileSync(file).equals(garbage))
        assert.isAbove(statSync(file).size, garbage.length)
      })
    ))
})
