/**
 * What a response of ours shows when printed or logged, as effect's own responses do: its request (headers
 * redacted) and its status.
 *
 * @internal
 */
import type * as HttpClientResponse from "effect/http/HttpClientResponse"
import * as HttpIncomingMessage from "effect/http/HttpIncomingMessage"

/**
 * The printable form of `response` (its `toJSON`).
 *
 * @example
 * toJSON(): unknown { return inspectResponse(this) }
 */
export const inspectResponse = (response: HttpClientResponse.HttpClientResponse): unknown =>
  HttpIncomingMessage.inspect(response, {
    _id: "effect/http/HttpClientResponse",
    request: response.request.toJSON(),
    status: response.status
  })
