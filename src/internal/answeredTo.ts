/**
 * A response that names, as its `request`, the request without credentials.
 *
 * The Session adds the auth plugin's headers (a token, HTTP basic credentials) to each try. A response keeps the
 * request it answers, and effect redacts only `authorization`, `cookie`, `set-cookie` and `x-api-key` when one is
 * printed, so a response handed back as it came would show `X-Auth-Token` in clear wherever it is logged. The Session
 * hands back the answer through {@link answeredTo} instead: everything comes from the response as it came, but for
 * `request`.
 *
 * @internal
 */
import * as Inspectable from "effect/Inspectable"
import type * as HttpClientRequest from "effect/http/HttpClientRequest"
import * as HttpClientResponse from "effect/http/HttpClientResponse"
import * as HttpIncomingMessage from "effect/http/HttpIncomingMessage"
import { pipeArguments } from "effect/Pipeable"
import { inspectResponse } from "./inspectResponse.ts"

class AnsweredTo extends Inspectable.Class implements HttpClientResponse.HttpClientResponse {
  readonly [HttpIncomingMessage.TypeId]: typeof HttpIncomingMessage.TypeId = HttpIncomingMessage.TypeId
  readonly [HttpClientResponse.TypeId]: typeof HttpClientResponse.TypeId = HttpClientResponse.TypeId
  readonly response: HttpClientResponse.HttpClientResponse
  readonly request: HttpClientRequest.HttpClientRequest

  constructor(response: HttpClientResponse.HttpClientResponse, request: HttpClientRequest.HttpClientRequest) {
    super()
    this.response = response
    this.request = request
  }

  get url() {
    return this.response.url
  }

  get status() {
    return this.response.status
  }

  get headers() {
    return this.response.headers
  }

  get cookies() {
    return this.response.cookies
  }

  get remoteAddress() {
    return this.response.remoteAddress
  }

  get json() {
    return this.response.json
  }

  get text() {
    return this.response.text
  }

  get urlParamsBody() {
    return this.response.urlParamsBody
  }

  get arrayBuffer() {
    return this.response.arrayBuffer
  }

  get formData() {
    return this.response.formData
  }

  get stream() {
    return this.response.stream
  }

  get upgrade() {
    return this.response.upgrade
  }

  toJSON(): unknown {
    return inspectResponse(this)
  }

  pipe() {
    // eslint-disable-next-line prefer-rest-params
    return pipeArguments(this, arguments)
  }
}

/**
 * `response`, naming `request` (the one sent, without its credentials) as the request it answers.
 *
 * @example
 * const shown = answeredTo(response, requestWithoutToken)
 */
export const answeredTo = (
  response: HttpClientResponse.HttpClientResponse,
  request: HttpClientRequest.HttpClientRequest
): HttpClientResponse.HttpClientResponse => new AnsweredTo(response, request)

/**
 * The request that was sent for `response`, credentials included: behind an {@link answeredTo} answer, the one the
 * transport answered; any other response's own.
 *
 * @example
 * const sent = sentRequestOf(response) // for masking what it carried in an error message
 */
export const sentRequestOf = (response: HttpClientResponse.HttpClientResponse): HttpClientRequest.HttpClientRequest =>
  response instanceof AnsweredTo ? sentRequestOf(response.response) : response.request
