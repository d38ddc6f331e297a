/**
 * A scripted HTTP server for tests: an `HttpClient` layer that answers every request with a function of yours, without
 * any network. Use it to test code built on this package, or to see exactly what it sends.
 *
 * @example
 * import { Effect } from "effect"
 * import { MockHttp } from "effect-openstack/testing"
 *
 * const sent: Array<string> = []
 * const layer = MockHttp.layer((request) => {
 *   sent.push(`${request.method} ${request.url}`)
 *   return MockHttp.json(200, { version: { id: "v3.14", status: "stable" } })
 * })
 * // program.pipe(Effect.provide(layer)) — then assert on `sent`
 *
 * @module
 */
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as HttpClient from "effect/http/HttpClient"
import type * as HttpClientError from "effect/http/HttpClientError"
import type * as HttpClientRequest from "effect/http/HttpClientRequest"
import * as HttpClientResponse from "effect/http/HttpClientResponse"

/**
 * A scripted answer. A `body` that is not a string is sent as JSON (with `content-type: application/json`).
 *
 * @example
 * const reply: MockHttp.Reply = { status: 204 }
 */
export interface Reply {
  readonly status?: number
  readonly headers?: Readonly<Record<string, string>>
  readonly body?: unknown
}

/**
 * Answers one request: a reply, an effect of one, or a failure (e.g. effect's `TransportError`, to play a network
 * failure). `url` is the full request URL, query string included.
 *
 * @example
 * const handler: MockHttp.Handler = (request, url) => ({ status: url.pathname === "/v3" ? 200 : 404 })
 */
export type Handler = (
  request: HttpClientRequest.HttpClientRequest,
  url: URL
) => Reply | Effect.Effect<Reply, HttpClientError.HttpClientError>

/**
 * A JSON reply.
 *
 * @example
 * MockHttp.json(201, { token: {} }, { "x-subject-token": "gAAAA…" })
 */
export const json = (status: number, body: unknown, headers: Readonly<Record<string, string>> = {}): Reply => ({
  status,
  headers,
  body
})

const toResponse = (reply: Reply): Response => {
  const status = reply.status ?? 200
  const isJson = reply.body !== undefined && typeof reply.body !== "string"
  const body =
    reply.body === undefined || status === 204 || status === 304
      ? null
      : isJson
        ? JSON.stringify(reply.body)
        : String(reply.body)
  const headers = new Headers(reply.headers)
  if (isJson && !headers.has("content-type")) headers.set("content-type", "application/json")
  return new Response(body, { status, headers })
}

/**
 * The body a request carries, as text (`undefined` for no body or a streamed one).
 *
 * @example
 * MockHttp.layer((request) => ({ status: MockHttp.bodyText(request)?.includes("password") ? 201 : 400 }))
 */
export const bodyText = (request: HttpClientRequest.HttpClientRequest): string | undefined =>
  request.body._tag === "Uint8Array" ? new TextDecoder().decode(request.body.body) : undefined

/**
 * The JSON body a request carries (`undefined` for no body, or one that is not JSON).
 *
 * @example
 * const body = MockHttp.bodyJson(request) as { auth: { identity: { methods: Array<string> } } }
 */
export const bodyJson = (request: HttpClientRequest.HttpClientRequest): unknown => {
  const text = bodyText(request)
  return text === undefined ? undefined : Option.getOrUndefined(parseJson(text))
}

const parseJson = Option.liftThrowable((text: string): unknown => JSON.parse(text))

/**
 * An `HttpClient` layer that answers with `handler`.
 *
 * @example
 * program.pipe(Effect.provide(MockHttp.layer(() => MockHttp.json(404, { error: { message: "nope" } }))))
 */
export const layer = (handler: Handler): Layer.Layer<HttpClient.HttpClient> =>
  Layer.succeed(
    HttpClient.HttpClient,
    HttpClient.make((request, url) =>
      Effect.map(
        Effect.suspend(() => {
          const reply = handler(request, url)
          return Effect.isEffect(reply) ? reply : Effect.succeed(reply)
        }),
        (reply) => HttpClientResponse.fromWeb(request, toResponse(reply))
      )
    )
  )
