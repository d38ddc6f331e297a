/** TOTP for tests: a secret as Keystone wants it (base32), and the passcode of a moment. */
import { createHmac } from "node:crypto"

/** Base32 (RFC 4648) of bytes: how Keystone wants a TOTP secret. */
export const base32 = (bytes: Uint8Array): string => {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
  let bits = 0
  let value = 0
  let out = ""
  for (const byte of bytes) {
    value = (value << 8) | byte
    bits += 8
    while (bits >= 5) {
      out += alphabet[(value >>> (bits - 5)) & 31]
      bits -= 5
    }
  }
  return bits > 0 ? out + alphabet[(value << (5 - bits)) & 31] : out
}

/** The RFC 6238 passcode (6 digits, 30-second steps, HMAC-SHA1) of a secret at a time. */
export const totpPasscode = (secret: Uint8Array, at = Date.now()): string => {
  const counter = Buffer.alloc(8)
  counter.writeBigUInt64BE(BigInt(Math.floor(at / 30_000)))
  const mac = createHmac("sha1", secret).update(counter).digest()
  const offset = (mac[mac.length - 1] ?? 0) & 0x0f
  const code = (mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000
  return code.toString().padStart(6, "0")
}
