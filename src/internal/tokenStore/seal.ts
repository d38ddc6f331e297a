/**
 * Sealing of token-store entries kept outside this machine (Redis): AES-256-GCM through WebCrypto, with a key derived
 * by HKDF-SHA256 from the secret the user gives, and the entry's name as additional data (a sealed value copied under
 * another name does not open). A sealed value is `s1.` + base64(12-byte IV ‖ ciphertext ‖ tag); a plain one (only when
 * the user says so) is `p1.` + the text.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import * as Encoding from "effect/encoding/Base64"
import * as Redacted from "effect/Redacted"

/** Seals and opens the text of one entry; `open` fails with why (never the text). */
export interface Sealer {
  readonly seal: (text: string, name: string) => Effect.Effect<string, string>
  readonly open: (value: string, name: string) => Effect.Effect<string, string>
}

/** The shortest key accepted: 32 characters (e.g. `openssl rand -base64 32`, which gives 44). */
export const minimumKeyLength = 32

const sealedPrefix = "s1."
const plainPrefix = "p1."
const utf8 = new TextEncoder()
const fromUtf8 = new TextDecoder("utf-8", { fatal: true })

/** Entries kept in clear: for a Redis the user trusts as much as the tokens (their choice, said explicitly). */
export const plain: Sealer = {
  seal: (text) => Effect.succeed(plainPrefix + text),
  open: (value) =>
    value.startsWith(plainPrefix)
      ? Effect.succeed(value.slice(plainPrefix.length))
      : Effect.fail(value.startsWith(sealedPrefix) ? "it is sealed, and this store has no key" : "it is no entry of ours")
}

const deriveKey = (secret: Redacted.Redacted<string>) =>
  Effect.tryPromise({
    try: async () => {
      const material = await crypto.subtle.importKey("raw", utf8.encode(Redacted.value(secret)), "HKDF", false, ["deriveKey"])
      return crypto.subtle.deriveKey(
        { name: "HKDF", hash: "SHA-256", salt: utf8.encode("effect-openstack"), info: utf8.encode("token-store/v1") },
        material,
        { name: "AES-GCM", length: 256 },
        false,
        ["encrypt", "decrypt"]
      )
    },
    catch: () => "WebCrypto cannot derive an AES-GCM key here"
  })

/** Entries sealed with AES-256-GCM under a key derived from `secret` (at least {@link minimumKeyLength} characters). */
export const aesGcm = (secret: Redacted.Redacted<string>): Effect.Effect<Sealer, string> =>
  Effect.map(deriveKey(secret), (key): Sealer => ({
    seal: (text, name) =>
      Effect.tryPromise({
        try: async () => {
          const iv = crypto.getRandomValues(new Uint8Array(12))
          const sealed = await crypto.subtle.encrypt({ name: "AES-GCM", iv, additionalData: utf8.encode(name) }, key, utf8.encode(text))
          const out = new Uint8Array(iv.length + sealed.byteLength)
          out.set(iv)
          out.set(new Uint8Array(sealed), iv.length)
          return sealedPrefix + Encoding.encode(out)
        },
        catch: () => "WebCrypto cannot seal it"
      }),
    open: (value, name) => {
      if (!value.startsWith(sealedPrefix)) {
        return Effect.fail(value.startsWith(plainPrefix) ? "it is in clear, and this store seals" : "it is no entry of ours")
      }
      const bytes = Encoding.decode(value.slice(sealedPrefix.length))
      if (bytes._tag === "Failure" || bytes.success.length < 12 + 16) return Effect.fail("it is cut short or not base64")
      const data = Uint8Array.from(bytes.success)
      return Effect.tryPromise({
        try: async () => {
          const opened = await crypto.subtle.decrypt(
            { name: "AES-GCM", iv: data.subarray(0, 12), additionalData: utf8.encode(name) },
            key,
            data.subarray(12)
          )
          return fromUtf8.decode(opened)
        },
        catch: () => "it does not open with this store's key (another key, or altered)"
      })
    }
  }))
