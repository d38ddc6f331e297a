/**
 * The secrets a request carried — the values of its credentials headers (a token, a receipt, HTTP basic credentials)
 * and the secret values of its JSON body (a password, an application credential's secret, a TOTP passcode) — so that
 * an error built from the answer can mask them where the server echoes them. The Session's answers name a request
 * without credentials (answer.ts); the one that was sent is looked up behind it (sentRequest.ts).
 *
 * @internal
 */
import type * as HttpClientRequest from "effect/http/HttpClientRequest"
import { sentRequestOf } from "./sentRequest.ts"
import { isSensitiveHeader, secretValuesIn } from "./redact.ts"

const decoder = new TextDecoder()

/** The secret values of a JSON body, if the body is JSON. */
const bodySecrets = (request: HttpClientRequest.HttpClientRequest): ReadonlyArray<string> => {
  if (request.body._tag !== "Uint8Array" || !request.body.contentType.includes("json")) return []
  try {
    return secretValuesIn(JSON.parse(decoder.decode(request.body.body)))
  } catch {
    return []
  }
}

/** A credentials header's value, and its credentials alone (`Bearer abc` → `abc` too). */
const headerSecrets = (request: HttpClientRequest.HttpClientRequest): ReadonlyArray<string> =>
  Object.entries(request.headers).flatMap(([name, value]) =>
    isSensitiveHeader(name) ? [value, ...value.split(/\s+/).slice(1)] : [])

/**
 * The secrets of the request `response` answers.
 *
 * @example
 * maskKnown(serverMessage, sentSecrets(response))
 */
export const sentSecrets = (
  response: { readonly request: HttpClientRequest.HttpClientRequest }
): ReadonlyArray<string> => {
  const request = sentRequestOf(response)
  return [...headerSecrets(request), ...bodySecrets(request)]
}
