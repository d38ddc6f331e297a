import { createHash } from "node:crypto"
import { assert, describe, it } from "@effect/vitest"
import { sha256Hex } from "../../src/internal/sha256.ts"

describe("sha256Hex", () => {
  it("the FIPS 180-4 test vectors", () => {
    assert.strictEqual(sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    assert.strictEqual(sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    assert.strictEqual(
      sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
      "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
    )
  })

  it("agrees with node:crypto on every length around the block boundaries, and on UTF-8", () => {
    for (let length = 0; length < 200; length++) {
      const text = "é€x".repeat(length).slice(0, length)
      assert.strictEqual(sha256Hex(text), createHash("sha256").update(text).digest("hex"), `length ${length}`)
    }
  })
})
