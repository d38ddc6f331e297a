/**
 * TOTP (RFC 6238) as Keystone checks a passcode: HMAC-SHA1 of the 30-second step, 6 digits, the step before and after
 * accepted too. On WebCrypto, so that the fake runs wherever the SDK does.
 *
 * @internal
 */
import * as Effect from "effect/Effect"

const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"

/** The bytes of a base32 text (padding and case ignored; other characters dropped). */
const base32 = (text: string): Uint8Array<ArrayBuffer> => {
  const bits = [...text.toUpperCase().replace(/=+$/, "")].flatMap((char) => {
    const value = alphabet.indexOf(char)
    return value === -1 ? [] : [...value.toString(2).padStart(5, "0")]
  })
  const bytes = new Uint8Array(new ArrayBuffer(Math.floor(bits.length / 8)))
  for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(bits.slice(i * 8, i * 8 + 8).join(""), 2)
  return bytes
}

/** The passcode of one time step. */
const passcodeAt = (key: CryptoKey, step: number) =>
  Effect.map(
    Effect.promise(() => {
      const counter = new DataView(new ArrayBuffer(8))
      counter.setUint32(0, Math.floor(step / 2 ** 32))
      counter.setUint32(4, step % 2 ** 32)
      return globalThis.crypto.subtle.sign("HMAC", key, counter.buffer)
    }),
    (signature) => {
      const mac = new Uint8Array(signature)
      const offset = (mac[mac.length - 1] ?? 0) & 0x0f
      const code = (((mac[offset] ?? 0) & 0x7f) << 24)
        | ((mac[offset + 1] ?? 0) << 16)
        | ((mac[offset + 2] ?? 0) << 8)
        | (mac[offset + 3] ?? 0)
      return String(code % 1_000_000).padStart(6, "0")
    }
  )

/**
 * Whether `passcode` is the TOTP of `secret` (base32) at `now` (epoch milliseconds), or of the step before or after.
 *
 * @example
 * const valid = yield* totpMatches("JBSWY3DPEHPK3PXP", "123456", Date.now())
 */
export const totpMatches = (secret: string, passcode: string, now: number): Effect.Effect<boolean> =>
  Effect.gen(function* () {
    const key = yield* Effect.promise(() =>
      globalThis.crypto.subtle.importKey("raw", base32(secret), { name: "HMAC", hash: "SHA-1" }, false, ["sign"]))
    const step = Math.floor(now / 30_000)
    for (const candidate of [step, step - 1, step + 1]) {
      if ((yield* passcodeAt(key, candidate)) === passcode) return true
    }
    return false
  })
