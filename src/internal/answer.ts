/**
 * The Session's answer: the response as it came, but for two things.
 *
 * - Its `request` is the request without credentials. The Session adds the auth plugin's headers (a token, HTTP basic
 *   credentials) to each try; effect redacts only `authorization`, `cookie`, `set-cookie` and `x-api-key` when a
 *   response is printed, so the request as sent would show `X-Auth-Token` in clear wherever the answer is logged. The
 *   request that was sent stays behind it (sentRequest.ts), for masking secrets in error messages.
 * - Its body accessors fail with the SDK's own `InvalidResponse`, not effect's `HttpClientError`: a body that is not
 *   JSON is a typed error of the same union as everything else a request can fail with. The message says where the
 *   JSON breaks, never what it says there (a body may hold a token).
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import * as Inspectable from "effect/Inspectable"
import * as Stream from "effect/Stream"
import type * as Cookies from "effect/http/Cookies"
import type * as Headers from "effect/http/Headers"
import type * as HttpClientError from "effect/http/HttpClientError"
import type * as HttpClientRequest from "effect/http/HttpClientRequest"
import * as HttpClientResponse from "effect/http/HttpClientResponse"
import * as HttpIncomingMessage from "effect/http/HttpIncomingMessage"
import type * as UrlParams from "effect/http/UrlParams"
import { pipeArguments } from "effect/Pipeable"
import type * as Schema from "effect/Schema"
import { InvalidResponse, requestIdOf } from "../Errors.ts"
import { inspectResponse } from "./inspectResponse.ts"
import { redactUrl } from "./redact.ts"
import { sentRequest } from "./sentRequest.ts"

/**
 * A Session's answer: an effect `HttpClientResponse` whose body accessors fail with `InvalidResponse` (the body is in
 * memory already: only decoding can fail).
 *
 * @example
 * const body: unknown = yield* (yield* session.get(url)).json
 */
export interface Response extends Omit<
  HttpClientResponse.HttpClientResponse,
  "json" | "text" | "urlParamsBody" | "arrayBuffer" | "formData" | "stream"
> {
  readonly json: Effect.Effect<Schema.Json, InvalidResponse>
  readonly text: Effect.Effect<string, InvalidResponse>
  readonly urlParamsBody: Effect.Effect<UrlParams.UrlParams, InvalidResponse>
  readonly arrayBuffer: Effect.Effect<ArrayBuffer, InvalidResponse>
  readonly formData: Effect.Effect<FormData, InvalidResponse>
  readonly stream: Stream.Stream<Uint8Array, InvalidResponse>
}

/** Where JSON.parse says the problem is, without the text it quotes. */
const whereJsonBreaks = (cause: unknown): string => {
  const position = /position (\d+)/.exec(cause instanceof Error ? cause.message : String(cause))?.[1]
  return position === undefined ? "" : ` (at position ${position})`
}

class Answer extends Inspectable.Class implements Response {
  readonly [HttpIncomingMessage.TypeId]: typeof HttpIncomingMessage.TypeId = HttpIncomingMessage.TypeId
  readonly [HttpClientResponse.TypeId]: typeof HttpClientResponse.TypeId = HttpClientResponse.TypeId
  readonly response: HttpClientResponse.HttpClientResponse
  readonly request: HttpClientRequest.HttpClientRequest

  constructor(response: HttpClientResponse.HttpClientResponse, request: HttpClientRequest.HttpClientRequest) {
    super()
    this.response = response
    this.request = request
  }

  /** The request that was sent, credentials included (see sentRequest.ts): only error building looks. */
  get [sentRequest](): HttpClientRequest.HttpClientRequest {
    return this.response.request
  }

  /** The error of a body that cannot be read as `what`. */
  private invalid(what: string, detail = "") {
    const { method } = this.request
    const url = redactUrl(this.request.url)
    const requestId = requestIdOf(this.headers)
    return new InvalidResponse({
      message: `${method} ${url} returned HTTP ${this.status} with a body that is not ${what}${detail}`,
      method,
      url,
      status: this.status,
      ...(requestId === undefined ? {} : { requestId })
    })
  }

  private readAs<A>(body: Effect.Effect<A, HttpClientError.HttpClientError>, what: string) {
    return Effect.mapError(body, () => this.invalid(what))
  }

  get url(): string {
    return this.response.url
  }

  get status(): number {
    return this.response.status
  }

  get headers(): Headers.Headers {
    return this.response.headers
  }

  get cookies(): Cookies.Cookies {
    return this.response.cookies
  }

  get remoteAddress() {
    return this.response.remoteAddress
  }

  get json(): Effect.Effect<Schema.Json, InvalidResponse> {
    return Effect.flatMap(this.text, (text) =>
      Effect.try({
        try: (): Schema.Json => (text === "" ? null : (JSON.parse(text) as Schema.Json)),
        catch: (cause) => this.invalid("JSON", whereJsonBreaks(cause))
      }))
  }

  get text(): Effect.Effect<string, InvalidResponse> {
    return this.readAs(this.response.text, "text")
  }

  get urlParamsBody(): Effect.Effect<UrlParams.UrlParams, InvalidResponse> {
    return this.readAs(this.response.urlParamsBody, "URL-encoded parameters")
  }

  get arrayBuffer(): Effect.Effect<ArrayBuffer, InvalidResponse> {
    return this.readAs(this.response.arrayBuffer, "readable")
  }

  get formData(): Effect.Effect<FormData, InvalidResponse> {
    return this.readAs(this.response.formData, "form data")
  }

  get stream(): Stream.Stream<Uint8Array, InvalidResponse> {
    return Stream.mapError(this.response.stream, () => this.invalid("readable"))
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
 * The Session's answer for `response`, naming `request` (the one sent, without its credentials) as the request it
 * answers.
 *
 * @example
 * return next(toAnswer(response, requestWithoutToken))
 */
export const toAnswer = (
  response: HttpClientResponse.HttpClientResponse,
  request: HttpClientRequest.HttpClientRequest = response.request
): Response => new Answer(response, request)
