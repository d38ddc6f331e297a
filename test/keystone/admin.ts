/** Admin calls the Keystone tests need for set-up (users, credentials, trusts), through this package's own plugins. */
import { createHmac } from "node:crypto"
import { Effect, Redacted } from "effect"
import { HttpClient, HttpClientRequest } from "effect/http"
import { Auth, Errors, Transport } from "effect-openstack"
import { facts, user } from "./rig.ts"

/** The admin, scoped to the admin project. */
export const adminPlugin = Auth.v3Password({
  authUrl: facts.auth_url,
  username: "admin",
  userDomainId: "default",
  password: Redacted.make(user("admin").password),
  projectName: "admin",
  projectDomainId: "default"
})

/** A JSON call to Keystone with a plugin's token; a status of 400 or more fails with its typed error. */
export const call = (
  plugin: Effect.Effect<Auth.AuthPlugin, Errors.AuthPluginOptionsMissing>,
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE",
  path: string,
  body?: unknown
) =>
  Effect.gen(function* () {
    const auth = yield* plugin
    const client = yield* HttpClient.HttpClient
    const headers = yield* auth.getHeaders
    const request = HttpClientRequest.make(method)(`${facts.auth_url}${path}`).pipe(
      HttpClientRequest.acceptJson,
      HttpClientRequest.setHeaders(Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, Redacted.value(v)]))),
      body === undefined ? (r) => r : HttpClientRequest.bodyJsonUnsafe(body)
    )
    const response = yield* Effect.flatMap(client.execute(request), Errors.checkStatus)
    return response.status === 204 ? undefined : ((yield* response.json) as Record<string, unknown>)
  }).pipe(Effect.catchTag("HttpClientError", Errors.fromHttpClientError))

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

/** Provides the node transport. */
export const live = <A, E, R>(effect: Effect.Effect<A, E, R>) => effect.pipe(Effect.provide(Transport.node()))
