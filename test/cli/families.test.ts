/**
 * Which command families a command line loads (src/cli/families.ts): its noun's only, past the global options and
 * their values; every family for help, completions and a word that is no noun.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import * as Families from "../../src/cli/families.ts"

describe("Families", () => {
  it("nounOf: the first word that is neither an option nor a global option's value", () => {
    const cases: ReadonlyArray<readonly [ReadonlyArray<string>, string | undefined]> = [
      [["project", "list"], "project"],
      [["--os-cloud", "devstack", "project", "list"], "project"],
      [["--os-cloud=devstack", "network", "list"], "network"],
      [["--debug", "--timing", "--os-region-name", "RegionTwo", "floating", "ip", "list"], "floating"],
      [["--insecure", "--no-cache", "token", "issue"], "token"],
      [["--log-level", "debug", "router", "show", "r1"], "router"],
      [["--help"], undefined],
      [["-h", "project", "list"], undefined],
      [["--completions", "bash"], undefined],
      [[], undefined]
    ]
    for (const [args, noun] of cases) assert.strictEqual(Families.nounOf(args), noun, args.join(" "))
  })

  it.effect("forArguments: the noun's family alone; all of them for help or a word that is no noun", () =>
    Effect.gen(function* () {
      const one = yield* Families.forArguments(["--os-cloud", "x", "security", "group", "rule", "list"])
      assert.deepStrictEqual(one.map((family) => family.name), ["security"])
      const all = yield* Families.forArguments(["--help"])
      assert.includeMembers(all.map((family) => family.name), ["token", "project", "network", "floating", "fake-cloud"])
      assert.strictEqual(all.length, 18)
      assert.strictEqual((yield* Families.forArguments(["frobnicate"])).length, 18)
    }))
})
