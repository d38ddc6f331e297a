import { assert, describe, it } from "@effect/vitest"
import { Effect, Redacted } from "effect"
import { aesGcm, minimumKeyLength, plain } from "../../src/internal/tokenStore/seal.ts"

const key = Redacted.make("k".repeat(minimumKeyLength) + "-the-store-key")
const otherKey = Redacted.make("o".repeat(minimumKeyLength) + "-another-key")
const text = JSON.stringify({ version: 1, token: "gAAAAA-the-secret-token-body" })
const nameA = "effect-openstack:token:aaaa"
const nameB = "effect-openstack:token:bbbb"

const base64Of = (s: string) => Buffer.from(s, "utf8").toString("base64")

/** The bytes of a sealed value, after its `s1.` prefix. */
const bytesOf = (sealed: string) => Buffer.from(sealed.slice(3), "base64")
const sealedOf = (bytes: Buffer) => `s1.${bytes.toString("base64")}`

describe("aesGcm", () => {
  it.effect("round trip: what is sealed under a name opens under that name", () =>
    Effect.gen(function* () {
      const sealer = yield* aesGcm(key)
      const sealed = yield* sealer.seal(text, nameA)
      assert.isTrue(sealed.startsWith("s1."))
      assert.strictEqual(yield* sealer.open(sealed, nameA), text)
      // Another sealer on the same key (another process of the fleet) opens it too.
      const again = yield* aesGcm(key)
      assert.strictEqual(yield* again.open(sealed, nameA), text)
      // UTF-8 survives.
      const unicode = "é€ 🔑 ü"
      assert.strictEqual(yield* sealer.open(yield* sealer.seal(unicode, nameA), nameA), unicode)
      assert.strictEqual(yield* sealer.open(yield* sealer.seal("", nameA), nameA), "")
    }))

  it.effect("a value sealed under name A does not open under name B (the name is additional data)", () =>
    Effect.gen(function* () {
      const sealer = yield* aesGcm(key)
      const sealed = yield* sealer.seal(text, nameA)
      const why = yield* Effect.flip(sealer.open(sealed, nameB))
      assert.strictEqual(why, "it does not open with this store's key (another key, or altered)")
    }))

  it.effect("a tampered byte anywhere (IV, ciphertext, tag) fails", () =>
    Effect.gen(function* () {
      const sealer = yield* aesGcm(key)
      const sealed = yield* sealer.seal(text, nameA)
      const bytes = bytesOf(sealed)
      for (const index of [0, 11, 12, 12 + Math.floor(text.length / 2), bytes.length - 1]) {
        const tampered = Buffer.from(bytes)
        tampered[index] = (tampered[index] ?? 0) ^ 0x01
        const why = yield* Effect.flip(sealer.open(sealedOf(tampered), nameA))
        assert.strictEqual(why, "it does not open with this store's key (another key, or altered)", `byte ${index}`)
      }
    }))

  it.effect("another key fails", () =>
    Effect.gen(function* () {
      const sealed = yield* Effect.flatMap(aesGcm(key), (sealer) => sealer.seal(text, nameA))
      const other = yield* aesGcm(otherKey)
      const why = yield* Effect.flip(other.open(sealed, nameA))
      assert.strictEqual(why, "it does not open with this store's key (another key, or altered)")
    }))

  it.effect("the sealed text holds neither the plaintext nor its base64", () =>
    Effect.gen(function* () {
      const sealer = yield* aesGcm(key)
      const sealed = yield* sealer.seal(text, nameA)
      assert.notInclude(sealed, text)
      assert.notInclude(sealed, "the-secret-token")
      assert.notInclude(sealed, base64Of(text))
      assert.notInclude(sealed, base64Of("the-secret-token").slice(0, 16))
      // 12-byte IV + ciphertext (as long as the text) + 16-byte tag
      assert.strictEqual(bytesOf(sealed).length, 12 + Buffer.byteLength(text) + 16)
    }))

  it.effect("two seals of the same text differ (a random IV each time), and both open", () =>
    Effect.gen(function* () {
      const sealer = yield* aesGcm(key)
      const first = yield* sealer.seal(text, nameA)
      const second = yield* sealer.seal(text, nameA)
      assert.notStrictEqual(first, second)
      assert.notDeepEqual(bytesOf(first).subarray(0, 12), bytesOf(second).subarray(0, 12))
      assert.strictEqual(yield* sealer.open(first, nameA), text)
      assert.strictEqual(yield* sealer.open(second, nameA), text)
    }))

  it.effect("garbage fails with a reason that does not quote it", () =>
    Effect.gen(function* () {
      const sealer = yield* aesGcm(key)
      const cases: ReadonlyArray<readonly [string, string]> = [
        ["s1.!!!", "it is cut short or not base64"],
        ["s1.", "it is cut short or not base64"],
        [`s1.${Buffer.alloc(27).toString("base64")}`, "it is cut short or not base64"],
        ["xyz", "it is no entry of ours"],
        ["", "it is no entry of ours"],
        [`s1.${Buffer.alloc(40, 7).toString("base64")}`, "it does not open with this store's key (another key, or altered)"]
      ]
      for (const [value, reason] of cases) {
        const why = yield* Effect.flip(sealer.open(value, nameA))
        assert.strictEqual(why, reason, JSON.stringify(value))
        if (value !== "") assert.notInclude(why, value)
      }
    }))
})

describe("plain and sealed values are told apart", () => {
  it.effect("plain: `p1.` + the text, and back", () =>
    Effect.gen(function* () {
      const sealed = yield* plain.seal(text, nameA)
      assert.strictEqual(sealed, `p1.${text}`)
      assert.strictEqual(yield* plain.open(sealed, nameA), text)
    }))

  it.effect("a plain store refuses a sealed value; a sealing store refuses a plain one; both refuse garbage", () =>
    Effect.gen(function* () {
      const sealer = yield* aesGcm(key)
      const sealed = yield* sealer.seal(text, nameA)
      const clear = yield* plain.seal(text, nameA)
      assert.strictEqual(yield* Effect.flip(plain.open(sealed, nameA)), "it is sealed, and this store has no key")
      assert.strictEqual(yield* Effect.flip(sealer.open(clear, nameA)), "it is in clear, and this store seals")
      const garbage = yield* Effect.flip(plain.open("xyz", nameA))
      assert.strictEqual(garbage, "it is no entry of ours")
      assert.notInclude(garbage, "xyz")
    }))
})
