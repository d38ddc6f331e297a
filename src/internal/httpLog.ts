/**
 * What the Session logs at Debug: keystoneauth1's curl-style request lines and status/headers/body response lines,
 * with every secret hidden (`{SHA256}…` for secret headers, `***` for secret body fields and query parameters, no
 * catalog in token bodies; see `redact.ts`). When Debug lines would not be logged, nothing is read, hashed or built.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import * as LogLevel from "effect/LogLevel"
import * as Option from "effect/Option"
import type * as HttpBody from "effect/http/HttpBody"
import * as HttpClientRequest from "effect/http/HttpClientRequest"
import type * as HttpClientResponse from "effect/http/HttpClientResponse"
import * as UrlParams from "effect/http/UrlParams"
import { requestIdOf } from "../Errors.ts"
import { clip, redactBody, redactHeaders, redactUrl } from "./redact.ts"

/**
 * Whether the current fiber would log a Debug line: `References.MinimumLogLevel` is Debug or lower (the default, Info,
 * hides them).
 *
 * @example
 * const on = yield* debugEnabled.pipe(Effect.provideService(References.MinimumLogLevel, "Debug")) // true
 */
export const debugEnabled: Effect.Effect<boolean> = LogLevel.isEnabled("Debug")

/** `make()` is only called, and its effect only run, when Debug lines would be logged. */
const whenDebug = (make: () => Effect.Effect<void>): Effect.Effect<void> =>
  Effect.flatMap(debugEnabled, (on) => (on ? make() : Effect.void))

// ---------------------------------------------------------------------------------------------------------------------
// Formatting
// ---------------------------------------------------------------------------------------------------------------------

/** `x-openstack-request-id` → `X-Openstack-Request-Id` (effect keeps header names in lower case). */
const displayName = (name: string): string =>
  name.replace(/(^|-)([a-z])/g, (_, dash: string, letter: string) => dash + letter.toUpperCase())

/** Text for inside a double-quoted shell word. */
const shellDouble = (text: string): string => text.replace(/["\\$`]/g, "\\$&")

/** Text as a single-quoted shell word. */
const shellSingle = (text: string): string => `'${text.replace(/'/g, "'\\''")}'`

/** The URL a request goes to, with its query parameters and without its fragment (not sent), secrets redacted. */
const requestUrl = (request: HttpClientRequest.HttpClientRequest): string => {
  const full = Option.match(HttpClientRequest.toUrl(request), {
    onNone: () => {
      const query = UrlParams.toString(request.urlParams)
      return query === "" ? request.url : `${request.url}${request.url.includes("?") ? "&" : "?"}${query}`
    },
    onSome: (url) => {
      url.hash = ""
      return url.toString()
    }
  })
  return redactUrl(full)
}

/** Whether a body of this content type is text worth showing (not an image, an archive, …). */
const isTextual = (contentType: string | undefined): boolean =>
  contentType === undefined
  || contentType === ""
  || /^text\/|json|xml|yaml|x-www-form-urlencoded|javascript/i.test(contentType)

const decoder = new TextDecoder()

/** A body shown as text, redacted; a binary one as its size and type. */
const showBytes = (text: () => string, length: number, contentType: string | undefined): string =>
  isTextual(contentType) ? redactBody(text(), contentType) : `<${length} bytes of ${contentType ?? "unknown type"}>`

/** curl's `-d` argument for a request body, or `undefined` when there is no body. */
const bodyArgument = (body: HttpBody.HttpBody): string | undefined => {
  switch (body._tag) {
    case "Empty":
      return undefined
    case "Uint8Array": {
      const shown = showBytes(() => body.text ?? decoder.decode(body.body), body.contentLength, body.contentType)
      return isTextual(body.contentType) ? shellSingle(shown) : shown
    }
    case "Raw":
      return typeof body.body === "string" ? shellSingle(redactBody(body.body, body.contentType)) : "<raw body>"
    case "FormData":
      return "<form-data>"
    case "Stream":
      return "<stream>"
  }
}

/** The content type a body will be sent with, when it has one. */
const bodyContentType = (body: HttpBody.HttpBody): string | undefined =>
  body._tag === "Empty" || body._tag === "FormData" ? undefined : body.contentType

/**
 * The request as a curl command line, as keystoneauth1 logs it: `REQ: curl -g -i -X <method> "<url>" -H "<Name>:
 * <value>"… -d '<body>'`. The URL goes through `redactUrl`, the headers (sorted by name, `Content-Type` taken from the
 * body when missing, `Content-Length` left to curl) through `redactHeaders`, the body through `redactBody`; a body
 * that is not bytes is named (`-d <stream>`), a binary one sized (`-d <3 bytes of application/octet-stream>`).
 *
 * @example
 * yield* formatRequest(HttpClientRequest.post("https://keystone.example/v3/auth/tokens").pipe(
 *   HttpClientRequest.acceptJson, HttpClientRequest.bodyJsonUnsafe({ auth: {} })))
 * // `REQ: curl -g -i -X POST "https://keystone.example/v3/auth/tokens" -H "Accept: application/json"
 * //  -H "Content-Type: application/json" -d '{"auth":{}}'`
 */
export const formatRequest = (request: HttpClientRequest.HttpClientRequest): Effect.Effect<string> =>
  Effect.suspend(() => {
    const contentType = bodyContentType(request.body)
    // curl computes Content-Length itself (and a clipped body would not match it).
    const { "content-length": _length, ...headers }: Record<string, string> = { ...request.headers }
    if (contentType !== undefined && headers["content-type"] === undefined) headers["content-type"] = contentType
    return Effect.map(redactHeaders(headers), (redacted) => {
      const parts = ["REQ: curl -g -i", `-X ${request.method}`, `"${shellDouble(requestUrl(request))}"`]
      for (const name of Object.keys(redacted).sort()) {
        parts.push(`-H "${shellDouble(`${displayName(name)}: ${redacted[name] ?? ""}`)}"`)
      }
      const data = bodyArgument(request.body)
      if (data !== undefined) parts.push(`-d ${data}`)
      return parts.join(" ")
    })
  })

/**
 * The lines of a response, as keystoneauth1 logs them: `RESP: [<status>] <elapsed> ms <method> <url> <Name>: <value>…`
 * (headers in the order received, secret ones as `{SHA256}…`), then `RESP BODY: <redacted body>` when there is a body
 * that was read (`body` is `undefined` when it was not, e.g. a streamed download).
 *
 * @example
 * yield* formatResponse(response, bytes, 123)
 * // ["RESP: [201] 123 ms POST https://keystone.example/v3/auth/tokens Content-Type: application/json X-Subject-Token: {SHA256}…",
 * //  "RESP BODY: {\"token\":{\"catalog\":\"<catalog removed>\",…}}"]
 */
export const formatResponse = (
  response: HttpClientResponse.HttpClientResponse,
  body: Uint8Array | undefined,
  elapsedMillis: number
): Effect.Effect<ReadonlyArray<string>> =>
  Effect.suspend(() =>
    Effect.map(redactHeaders(response.headers), (redacted) => {
      const url = response.url === "" ? requestUrl(response.request) : redactUrl(response.url)
      const headers = Object.entries(redacted).map(([name, value]) => `${displayName(name)}: ${value}`)
      const head = [`RESP: [${response.status}]`, `${Math.round(elapsedMillis)} ms`, response.request.method, url]
      const lines = [clip([...head, ...headers].join(" "))]
      if (body !== undefined && body.length > 0) {
        lines.push(`RESP BODY: ${showBytes(() => decoder.decode(body), body.length, response.headers["content-type"])}`)
      }
      return lines
    })
  )

// ---------------------------------------------------------------------------------------------------------------------
// Logging
// ---------------------------------------------------------------------------------------------------------------------

/**
 * Logs the request at Debug as a curl command line ({@link formatRequest}), annotated with `attempt` when given (1 for
 * the first try). When Debug is off it does nothing at all: the request is not even read.
 *
 * @example
 * yield* logRequest(request, 1)
 * // level=DEBUG message="REQ: curl -g -i -X POST \"https://…/v3/auth/tokens\" -H \"X-Auth-Token: {SHA256}…\" …" attempt=1
 */
export const logRequest = (request: HttpClientRequest.HttpClientRequest, attempt?: number): Effect.Effect<void> =>
  whenDebug(() => {
    const log = Effect.flatMap(formatRequest(request), (line) => Effect.logDebug(line))
    return attempt === undefined ? log : Effect.annotateLogs(log, "attempt", attempt)
  })

/**
 * Logs the response at Debug ({@link formatResponse}): one `RESP:` line, and a `RESP BODY:` line when there is a body,
 * both annotated with the server's request id (`requestId`) when it sent one. `body` is what was read of the body, if
 * it was. When Debug is off it does nothing at all: neither the response nor the body is read.
 *
 * @example
 * yield* logResponse(response, bytes, 123)
 * // level=DEBUG message="RESP: [201] 123 ms POST https://…/v3/auth/tokens … X-Subject-Token: {SHA256}…" requestId=req-…
 * // level=DEBUG message="RESP BODY: {\"token\":{…,\"catalog\":\"<catalog removed>\"}}" requestId=req-…
 */
export const logResponse = (
  response: HttpClientResponse.HttpClientResponse,
  body: Uint8Array | undefined,
  elapsedMillis: number
): Effect.Effect<void> =>
  whenDebug(() => {
    const log = Effect.flatMap(formatResponse(response, body, elapsedMillis), (lines) =>
      Effect.forEach(lines, (line) => Effect.logDebug(line), { discard: true })
    )
    const requestId = requestIdOf(response.headers)
    return requestId === undefined ? log : Effect.annotateLogs(log, "requestId", requestId)
  })
