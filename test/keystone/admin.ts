/** Admin calls the Keystone tests need for set-up (users, credentials, trusts), through this package's own plugins. */
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

export { base32, totpPasscode } from "../support/totp.ts"

/** Provides the node transport. */
export const live = <A, E, R>(effect: Effect.Effect<A, E, R>) => effect.pipe(Effect.provide(Transport.node()))
