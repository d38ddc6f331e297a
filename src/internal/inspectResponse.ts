/**
 * What a response of ours shows when printed or logged, as effect's own responses do: its request (headers
 * redacted) and its status.
 *
 * @internal
 */
import type { HttpClientResponse } from "effect/http"
import { HttpIncomingMessage } from "effect/http"

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
