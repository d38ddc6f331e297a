/**
 * What a response of ours shows when printed or logged, as effect's own responses do: its request (headers
 * redacted), its status, and its headers (redacted).
 *
 * @internal
 */
import type * as HttpClientResponse from "effect/http/HttpClientResponse"
import { redact } from "effect/Redactable"

/**
 * The printable form of `response` (its `toJSON`), as effect's `HttpIncomingMessage.inspect` makes it.
 *
 * @example
 * toJSON(): unknown { return inspectResponse(this) }
 */
export const inspectResponse = (
  response: Pick<HttpClientResponse.HttpClientResponse, "request" | "status" | "headers" | "remoteAddress">
): unknown => ({
  _id: "effect/http/HttpClientResponse",
  request: response.request.toJSON(),
  status: response.status,
  headers: redact(response.headers),
  remoteAddress: response.remoteAddress
})
