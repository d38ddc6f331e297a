/**
 * The bound on an answer's size: every Session try reads its answer's body whole (the response keeps it), so the
 * session's `maxResponseSize` bounds what a try may read. A `Content-Length` over the limit is refused before any byte
 * is read; a body without one (chunked) is counted as it comes and abandoned at the limit. Either way the try fails
 * with a `DecodeError` whose cause carries {@link tooLargeCode} and the limit, which `Errors.fromHttpClientError`
 * turns into `ResponseTooLarge`. Platform-free.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Predicate from "effect/Predicate"
import * as Stream from "effect/Stream"
import * as HttpClientError from "effect/http/HttpClientError"
import * as HttpClientResponse from "effect/http/HttpClientResponse"

/** The `code` of the cause of a try that stopped reading at the size limit. */
export const tooLargeCode = "ERESPONSETOOLARGE"

/**
 * The limit (bytes) a cause says an answer went over, or `undefined` for any other cause.
 *
 * @example
 * limitOf(error.reason.cause) // 67108864
 */
export const limitOf = (cause: unknown): number | undefined =>
  Predicate.hasProperty(cause, "code") && cause.code === tooLargeCode
  && Predicate.hasProperty(cause, "limit") && typeof cause.limit === "number"
    ? cause.limit
    : undefined

/**
 * The failure of a try whose answer is larger than `limit` bytes.
 *
 * @example
 * return Effect.fail(tooLarge(response, 1024))
 */
export const tooLarge = (
  response: HttpClientResponse.HttpClientResponse,
  limit: number,
  cause: Error = tooLargeCause(limit)
) =>
  new HttpClientError.HttpClientError({
    reason: new HttpClientError.DecodeError({ request: response.request, response, cause, description: cause.message })
  })

/**
 * The cause of a try that stopped reading at `limit` bytes (also the reason its request is aborted with).
 *
 * @example
 * controller.abort(tooLargeCause(1024))
 */
export const tooLargeCause = (limit: number): Error =>
  Object.assign(new Error(`the answer is larger than ${limit} bytes`), { code: tooLargeCode, limit })

/**
 * Whether the answer's `Content-Length` says it is larger than `limit` bytes.
 *
 * @example
 * if (declaredOver(response.headers["content-length"], limit)) return Effect.fail(tooLarge(response, limit))
 */
export const declaredOver = (contentLength: string | ReadonlyArray<string> | undefined, limit: number): boolean =>
  typeof contentLength === "string" && /^\d+$/.test(contentLength) && Number(contentLength) > limit

/**
 * Marks a response class whose `stream` may be read (once) whatever was read before: Transport.node's answers. Other
 * backends' streams may throw once their body was read (by a user's middleware, say), so they are not streamed.
 */
export const streamable: unique symbol = Symbol.for("effect-openstack/internal/responseSize/streamable")

const isStreamable = (response: HttpClientResponse.HttpClientResponse): boolean =>
  Predicate.hasProperty(response, streamable) && response[streamable] === true

/** A Node stream (`IncomingMessage`): something with `pipe` and `destroy`. */
const isNodeReadable = (u: unknown): u is { readonly destroy: () => unknown } =>
  Predicate.hasProperty(u, "destroy") && typeof u.destroy === "function"
  && Predicate.hasProperty(u, "pipe") && typeof u.pipe === "function"

/**
 * The Node `IncomingMessage` behind an answer of Transport.nodeHttp (effect's node:http client, whose answers effect
 * wraps, the message under `original.source`), if it is one.
 */
const nodeSource = (response: unknown): { readonly destroy: () => unknown } | undefined => {
  for (let at = response, depth = 0; depth < 4 && Predicate.isObject(at); depth++) {
    const source = Predicate.hasProperty(at, "source") ? at.source : undefined
    if (isNodeReadable(source)) return source
    at = Predicate.hasProperty(at, "original") ? at.original : undefined
  }
  return undefined
}

/** Bytes in one piece. */
const concat = (chunks: ReadonlyArray<Uint8Array>, length: number): Uint8Array<ArrayBuffer> => {
  const all = new Uint8Array(length)
  let at = 0
  for (const chunk of chunks) {
    all.set(chunk, at)
    at += chunk.length
  }
  return all
}

/** The chunks of `response.stream`, failing with `tooLarge` as soon as they add up to more than `limit` bytes. */
const collectStream = (response: HttpClientResponse.HttpClientResponse, limit: number) =>
  Effect.suspend(() => {
    const chunks: Array<Uint8Array> = []
    let length = 0
    return response.stream.pipe(
      Stream.runForEach((chunk) => {
        length += chunk.length
        if (length > limit) return Effect.fail(tooLarge(response, limit))
        chunks.push(chunk)
        return Effect.void
      }),
      Effect.map(() => concat(chunks, length))
    )
  })

/** The bytes of a web body, read with its own reader and cancelled at `limit` (`undefined` past it). */
const readWebBody = async (
  body: ReadableStream<Uint8Array>,
  limit: number
): Promise<Uint8Array<ArrayBuffer> | undefined> => {
  const reader = body.getReader()
  const chunks: Array<Uint8Array> = []
  let length = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) return concat(chunks, length)
    length += value.length
    if (length > limit) {
      await reader.cancel().catch(() => undefined)
      return undefined
    }
    chunks.push(value)
  }
}

/** The body of a fetch-backed answer not read yet, at most `limit` bytes of it. */
const collectWeb = (response: HttpClientResponse.HttpClientResponse, body: ReadableStream<Uint8Array>, limit: number) =>
  Effect.flatMap(
    Effect.tryPromise({
      try: () => readWebBody(body, limit),
      catch: (cause) =>
        new HttpClientError.HttpClientError({
          reason: new HttpClientError.DecodeError({ request: response.request, response, cause })
        })
    }),
    (bytes) => (bytes === undefined ? Effect.fail(tooLarge(response, limit)) : Effect.succeed(bytes))
  )

/** A copy of `response` holding `bytes` as its body. */
const withBody = (response: HttpClientResponse.HttpClientResponse, bytes: Uint8Array<ArrayBuffer>) =>
  Effect.try({
    try: () =>
      HttpClientResponse.fromWeb(
        response.request,
        new Response(bytes.length === 0 || nullBody.has(response.status) ? null : bytes, {
          status: response.status,
          headers: Object.entries(response.headers)
        })
      ),
    catch: (cause) =>
      new HttpClientError.HttpClientError({
        reason: new HttpClientError.DecodeError({ request: response.request, response, cause })
      })
  })

/**
 * `response` with its whole body read, at most `limit` bytes of it. A `Content-Length` over the limit fails at once;
 * one within it is read as it is (the transport stops at that length). A body of no stated length is counted as it
 * comes and abandoned at the limit — Transport.node's answers (their stream), Transport.nodeHttp's (their stream, the
 * Node message destroyed at the limit), and fetch-backed ones whose body is not read yet (their web body, with its own
 * reader) — and the answer handed on is a copy holding the bytes read. Any
 * other answer (another backend, or a body a middleware read already) is read whole, then refused if over the limit.
 * An infinite limit reads as effect does.
 *
 * @example
 * const whole = yield* readBounded(response, 64 * 1024 * 1024)
 */
export const readBounded = (
  response: HttpClientResponse.HttpClientResponse,
  limit: number
): Effect.Effect<HttpClientResponse.HttpClientResponse, HttpClientError.HttpClientError> => {
  const length = response.headers["content-length"]
  if (declaredOver(length, limit)) return Effect.fail(tooLarge(response, limit))
  const whole = Effect.as(response.arrayBuffer, response)
  if (limit === Number.POSITIVE_INFINITY || length !== undefined) return whole
  const source = nodeSource(response)
  if (isStreamable(response) || source !== undefined) {
    const read = Effect.flatMap(collectStream(response, limit), (bytes) => withBody(response, bytes))
    // Abandoned at the limit, a Node message is destroyed (its socket closed), or Node would go on reading it.
    const copy = source === undefined ? read : Effect.tapError(read, () => Effect.sync(() => source.destroy()))
    // A response without a body at all has no stream: it is read as it is.
    return Effect.catchIf(copy, (error) => error.reason._tag === "EmptyBodyError", () => whole)
  }
  const web = Option.getOrUndefined(HttpClientResponse.toWeb(response))
  if (web !== undefined && web.body !== null && !web.bodyUsed && !web.body.locked) {
    return Effect.flatMap(collectWeb(response, web.body, limit), (bytes) => withBody(response, bytes))
  }
  return Effect.flatMap(response.arrayBuffer, (bytes) =>
    bytes.byteLength > limit ? Effect.fail(tooLarge(response, limit)) : Effect.succeed(response))
}

/** Statuses whose answer has no body (a web `Response` with one cannot be built). */
const nullBody: ReadonlySet<number> = new Set([101, 204, 205, 304])
