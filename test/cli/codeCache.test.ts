/**
 * The CLI's code cache (src/cli/codeCache.ts), as a user meets it: made by the first command that succeeds, in the
 * user's cache directory, private; not by help or a failure; off with NODE_DISABLE_COMPILE_CACHE=1; a cache V8
 * refuses (a corrupt one) replaced, the command's answer unchanged; the four newest caches kept, older ones removed; a
 * cache another user could have written, or a link, never read.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { chmodSync, existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from "node:fs"
import { basename, dirname, join } from "node:path"
import { Script } from "node:vm"
import { cliEntry } from "../support/cli.ts"
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
      })), 60_000)

  it.effect("help and a failed command make none; NODE_DISABLE_COMPILE_CACHE=1 turns it off", () =>
    withCloud((cloud, cache) =>
      Effect.gen(function* () {
        assert.strictEqual((yield* cli(cloud, cache, ["project", "list", "--help"])).code, 0)
        assert.strictEqual((yield* cli(cloud, cache, ["--version"])).code, 0)
        assert.strictEqual((yield* cli(cloud, cache, ["project", "show", "no-such-project"])).code, 1)
        const off = yield* cli(cloud, cache, ["project", "list"], { NODE_DISABLE_COMPILE_CACHE: "1" })
        assert.strictEqual(off.code, 0, off.stderr)
        assert.deepStrictEqual(caches(cache), [])
      })), 60_000)

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
      })), 60_000)
  it.effect("a cache another user could have written, or a link, is never read: a planted cache does not run", () =>
    withCloud((cloud, cache) =>
      Effect.gen(function* () {
        const reference = yield* cli(cloud, cache, ["project", "list", "-f", "value", "-c", "Name"])
        assert.strictEqual(reference.code, 0, reference.stderr)
        const [name = ""] = caches(cache)
        const file = join(codeDir(cache), name)
        // A cache of another program of the same length (all V8 checks): were it read, the command would print "planted".
        const program = readdirSync(dirname(cliEntry)).find((entry) => entry.endsWith(".cjs")) ?? ""
        const length = readFileSync(join(dirname(cliEntry), program), "utf8").length
        const planted = "process.stdout.write(\"planted\\n\")"
        const script = new Script(`(function (exports, require, module, __filename, __dirname) {\n${planted.padEnd(length)}\n})`, {
          filename: join(dirname(cliEntry), program),
          lineOffset: -1
        })
        const plant = (mode: number) => {
          rmSync(file, { force: true })
          writeFileSync(file, script.createCachedData(), { mode })
          chmodSync(file, mode)
        }
        const runs = () => cli(cloud, cache, ["project", "list", "-f", "value", "-c", "Name"])
        plant(0o600)
        chmodSync(codeDir(cache), 0o777) // a directory others may write in
        assert.deepStrictEqual(yield* runs(), reference)
        chmodSync(codeDir(cache), 0o700)
        plant(0o666) // a file others may write
        assert.deepStrictEqual(yield* runs(), reference)
        plant(0o600) // the same cache, through a link
        renameSync(file, join(cache, "elsewhere.bin"))
        symlinkSync(join(cache, "elsewhere.bin"), file)
        assert.deepStrictEqual(yield* runs(), reference)
        rmSync(file)
        renameSync(join(cache, "elsewhere.bin"), file)
        assert.strictEqual((yield* runs()).stdout, "planted\n") // the control: the user's own cache is read as it is
      })), 60_000)
})
