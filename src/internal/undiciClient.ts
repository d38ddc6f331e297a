/**
 * A lean effect `HttpClient` on an undici `Dispatcher`: what `Transport.node` provides.
 *
 * effect's own undici client (`NodeHttpClient.makeUndici`) goes through `dispatcher.request`, which wraps every answer
 * in a Node `Readable` (an `AsyncResource` and a stream per response), behind `HttpClient.make`, which adds an
 * `AbortController`, a `FinalizationRegistry` entry and an interruptible wrapper per response. Here a request is one
 * `dispatcher.dispatch` with a small handler that keeps the body's chunks: once the body is in, `arrayBuffer`, `text`
 * and `json` answer from memory at once. A Node stream is only made when `stream` is asked for before the body is in.
 *
 * What stays as effect does it:
 * - requests that effect's client span covers (the default) go through `HttpClient.make`, so the span, its attributes
 *   and trace propagation are effect's own; only the sending underneath is this module's;
 * - request bodies are converted as effect's client converts them (streams to a `Readable`, form data to undici's);
 *   upgrades (`HttpClientRequest.upgrade`) go to effect's client itself;
 * - failures are `HttpClientError`s with undici's error as the `cause` (`TransportError` before the answer,
 *   `DecodeError` while its body is read), and undici's `headersTimeout` / `bodyTimeout` are off (1 h / none), as in
 *   effect's client: callers bound their requests with their own timeouts.
 *
 * The Session's tries come through {@link TryBudget}'s direct path: sent without a client span, bounded by one timer
 * that aborts them, and answered once the whole body is in (one suspension of the fiber per try).
 *
 * An interrupted request is aborted, whether it waits for its answer or for its body. A body nobody reads is kept up
 * to {@link highWaterMark} bytes; past that the connection is paused, and aborted when the response is
 * garbage-collected.
 *
 * @internal
 */
import type * as Undici from "@effect/platform-node/Undici"
import * as NodeStream from "@effect/platform-node/NodeStream"
import * as Effect from "effect/Effect"
import * as Inspectable from "effect/Inspectable"
import * as Option from "effect/Option"
import type * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import * as Tracer from "effect/Tracer"
import * as Cookies from "effect/http/Cookies"
import * as Headers from "effect/http/Headers"
import * as HttpClient from "effect/http/HttpClient"
import * as HttpClientError from "effect/http/HttpClientError"
import type * as HttpClientRequest from "effect/http/HttpClientRequest"
import * as HttpClientResponse from "effect/http/HttpClientResponse"
import * as HttpIncomingMessage from "effect/http/HttpIncomingMessage"
import * as Url from "effect/http/Url"
import * as UrlParams from "effect/http/UrlParams"
import { pipeArguments } from "effect/Pipeable"
import { Buffer } from "node:buffer"
import { Readable } from "node:stream"
import { inspectResponse } from "./inspectResponse.ts"
import { declaredOver, streamable, tooLarge, tooLargeCause } from "./responseSize.ts"
import { claim, Current, type TryBudget } from "./tryBudget.ts"

/** Bytes of an unread body kept before the connection is paused (undici's own default for a response stream). */
export const highWaterMark = 64 * 1024

/** The longest a Node timer waits (2³¹ − 1 ms, about 24.8 days); a longer one fires at once. */
const maxTimerMillis = 2_147_483_647

/** effect's client sets these on every request, leaving timeouts to the caller; so does this one. */
const headersTimeout = 60 * 60 * 1000
const bodyTimeout = 0

/** Response headers as undici parses them: lower-case names, repeated ones as arrays. */
type IncomingHeaders = Parameters<NonNullable<Undici.Dispatcher.DispatchHandler["onResponseStart"]>>[2]

type SendBody = Exclude<Undici.Dispatcher.DispatchOptions["body"], undefined>

type Resume = (effect: Effect.Effect<HttpClientResponse.HttpClientResponse, HttpClientError.HttpClientError>) => void

const transportError = (request: HttpClientRequest.HttpClientRequest, cause: unknown, description?: string) =>
  new HttpClientError.HttpClientError({
    reason: new HttpClientError.TransportError({
      request,
      cause,
      ...(description === undefined ? {} : { description })
    })
  })

const decodeError = (response: UndiciResponse, cause: unknown, description?: string) =>
  new HttpClientError.HttpClientError({
    reason: new HttpClientError.DecodeError({
      request: response.request,
      response,
      cause,
      ...(description === undefined ? {} : { description })
    })
  })

/** Aborts the connection of a response that was dropped while its body was paused (nobody will read it). */
const dropped = new FinalizationRegistry<Undici.Dispatcher.DispatchController>((controller) => {
  controller.abort(new Error("the response was dropped before its body was read"))
})

const formDecoder = new TextDecoder("utf-8", { ignoreBOM: true })

const asError = (cause: unknown): Error => (cause instanceof Error ? cause : new Error(String(cause)))

/** What makes a record effect's `Headers` (redaction, equality, inspection). */
const headersPrototype: object = Object.getPrototypeOf(Headers.empty)

/**
 * One request in flight: the undici handler, and the state of its body once the answer has come.
 */
class Exchange implements Undici.Dispatcher.DispatchHandler {
  readonly request: HttpClientRequest.HttpClientRequest
  readonly url: string
  /** Resumes the fiber waiting for the answer; `undefined` once it was resumed. */
  resume: Resume | undefined
  controller: Undici.Dispatcher.DispatchController | undefined = undefined
  /** Why the request was aborted before undici started it (it is aborted as soon as it starts). */
  abortReason: Error | undefined = undefined
  /** The try's budget running out (see tryBudget.ts). */
  timer: ReturnType<typeof setTimeout> | undefined = undefined
  /** Whether the status and headers came. */
  answered = false
  /** A Session try's answer, until it is handed over with the whole body. */
  pending: UndiciResponse | undefined = undefined
  /**
   * The answer once handed over, weakly: the connection is given up when it is garbage-collected with its body paused
   * (nothing undici holds may lead back to it, or it never would be).
   */
  handedOver: WeakRef<UndiciResponse> | undefined = undefined
  chunks: Array<Uint8Array> = []
  length = 0
  /** "open" while the body comes, then "done" or "failed". */
  state: "open" | "done" | "failed" = "open"
  failure: unknown = undefined
  /** Callbacks waiting for the whole body. */
  waiting: Array<() => void> | undefined = undefined
  /** The Node stream the body goes to once `stream` was asked for while it came. */
  readable: Readable | undefined = undefined
  paused = false
  /** Resume the fiber once the whole body is in (a Session try), not with the status and headers. */
  readonly whole: boolean
  /** The most bytes a Session try's body may have (see responseSize.ts). */
  readonly maxBodyBytes: number

  constructor(
    request: HttpClientRequest.HttpClientRequest,
    url: string,
    resume: Resume,
    budget: TryBudget | undefined
  ) {
    this.request = request
    this.url = url
    this.resume = resume
    this.whole = budget !== undefined
    this.maxBodyBytes = budget?.maxBodyBytes ?? Number.POSITIVE_INFINITY
  }

  /** Fails the Session try: its answer is over the size limit (nothing more of it is read). */
  refuse(response: UndiciResponse): void {
    const resume = this.resume
    this.resume = undefined
    this.pending = undefined
    this.chunks = []
    const cause = tooLargeCause(this.maxBodyBytes)
    resume?.(Effect.fail(tooLarge(response, this.maxBodyBytes, cause)))
    this.abort(cause)
  }

  /**
   * Fails the try with `TransportError(cause)` after `budget.millis`, aborting the request (see tryBudget.ts). An
   * infinite budget arms nothing; one past a Node timer's limit waits in steps of at most that limit.
   */
  arm(budget: TryBudget, millis = Math.max(0, budget.millis)): void {
    if (millis === Number.POSITIVE_INFINITY) return
    const step = Math.min(millis, maxTimerMillis)
    this.timer = setTimeout(() => {
      this.timer = undefined
      if (millis > step) return this.arm(budget, millis - step)
      const cause = budget.cause()
      const resume = this.resume
      this.resume = undefined
      this.pending = undefined
      resume?.(Effect.fail(transportError(this.request, cause)))
      this.abort(cause)
    }, step)
  }

  disarm(): void {
    if (this.timer !== undefined) {
      clearTimeout(this.timer)
      this.timer = undefined
    }
  }

  abort(reason: Error): void {
    if (this.state !== "open") return
    if (this.controller === undefined) this.abortReason ??= reason
    else this.controller.abort(reason)
  }

  onRequestStart(controller: Undici.Dispatcher.DispatchController): void {
    this.controller = controller
    if (this.abortReason !== undefined) controller.abort(this.abortReason)
  }

  onResponseStart(_: Undici.Dispatcher.DispatchController, statusCode: number, headers: IncomingHeaders): void {
    if (statusCode < 200) return
    this.answered = true
    const response = new UndiciResponse(this, statusCode, headers)
    if (this.whole) {
      if (declaredOver(headers["content-length"], this.maxBodyBytes)) return this.refuse(response)
      this.pending = response
      return
    }
    this.handedOver = new WeakRef(response)
    const resume = this.resume
    this.resume = undefined
    // Resumed after undici's parser is done with this packet: a small body is in by then, and read from memory.
    if (resume !== undefined) queueMicrotask(() => resume(Effect.succeed(response)))
  }

  onResponseData(controller: Undici.Dispatcher.DispatchController, chunk: Uint8Array): void {
    if (this.readable !== undefined) {
      if (!this.readable.push(chunk)) {
        // The stream's reader is behind: its next read resumes the connection (want).
        this.paused = true
        controller.pause()
      }
      return
    }
    this.chunks.push(chunk)
    this.length += chunk.length
    if (this.pending !== undefined && this.length > this.maxBodyBytes) return this.refuse(this.pending)
    if (this.handedOver !== undefined && this.waiting === undefined && !this.paused && this.length > highWaterMark) {
      // Nobody reads yet: stop reading from the socket, and give the connection up if the response is dropped.
      const response = this.handedOver.deref()
      if (response === undefined) return controller.abort(new Error("the response was dropped before its body was read"))
      this.paused = true
      controller.pause()
      dropped.register(response, controller, this)
    }
  }

  onResponseEnd(): void {
    this.state = "done"
    this.settle()
    const resume = this.resume
    const response = this.pending
    this.resume = undefined
    this.pending = undefined
    if (resume !== undefined && response !== undefined) queueMicrotask(() => resume(Effect.succeed(response)))
  }

  onResponseError(_controller: Undici.Dispatcher.DispatchController, error: Error): void {
    const resume = this.resume
    this.resume = undefined
    this.pending = undefined
    this.state = "failed"
    this.failure = error
    this.settle()
    if (resume === undefined) return
    const failure = transportError(
      this.request,
      error,
      this.answered ? "the connection broke while the answer's body was read" : undefined
    )
    queueMicrotask(() => resume(Effect.fail(failure)))
  }

  private settle(): void {
    this.disarm()
    if (this.paused) {
      this.paused = false
      dropped.unregister(this)
    }
    if (this.readable !== undefined) {
      if (this.state === "done") this.readable.push(null)
      else this.readable.destroy(asError(this.failure))
    }
    const waiting = this.waiting
    this.waiting = undefined
    if (waiting !== undefined) queueMicrotask(() => waiting.forEach((wake) => wake()))
  }

  /** Asks for the rest of the body: resumes a paused connection. */
  want(): void {
    if (this.paused) {
      this.paused = false
      dropped.unregister(this)
      this.controller?.resume()
    }
  }

  /** The body, in one piece, in memory of its own (called once the body is done). */
  bytes(): Uint8Array {
    const only = this.chunks.length === 1 ? this.chunks[0] : undefined
    if (only !== undefined && only.byteOffset === 0 && only.byteLength === only.buffer.byteLength) return only
    // Chunks are views of undici's socket buffers: copy them out, so the answer owns exactly its bytes.
    const all = new Uint8Array(this.length)
    let at = 0
    for (const chunk of this.chunks) {
      all.set(chunk, at)
      at += chunk.length
    }
    this.chunks = [all]
    return all
  }
}

/** An answer of the lean client: status and headers as undici gave them, the body kept by its {@link Exchange}. */
class UndiciResponse extends Inspectable.Class implements HttpClientResponse.HttpClientResponse {
  readonly [HttpIncomingMessage.TypeId]: typeof HttpIncomingMessage.TypeId = HttpIncomingMessage.TypeId
  readonly [HttpClientResponse.TypeId]: typeof HttpClientResponse.TypeId = HttpClientResponse.TypeId
  /** Its `stream` may be read whatever was read before (see responseSize.ts). */
  readonly [streamable] = true
  readonly request: HttpClientRequest.HttpClientRequest
  readonly url: string
  readonly status: number
  readonly exchange: Exchange
  readonly rawHeaders: IncomingHeaders
  private cachedHeaders: Headers.Headers | undefined = undefined
  private cachedCookies: Cookies.Cookies | undefined = undefined
  private cachedBuffer: ArrayBuffer | undefined = undefined
  private cachedText: string | undefined = undefined

  constructor(exchange: Exchange, status: number, rawHeaders: IncomingHeaders) {
    super()
    this.exchange = exchange
    this.request = exchange.request
    this.url = exchange.url
    this.status = status
    this.rawHeaders = rawHeaders
  }

  get headers(): Headers.Headers {
    if (this.cachedHeaders === undefined) {
      // Headers.fromInput, without lower-casing names undici has already lower-cased.
      const headers: Record<string, string> = Object.create(headersPrototype)
      for (const name of Object.keys(this.rawHeaders)) {
        const value = this.rawHeaders[name]
        if (value !== undefined) headers[name] = typeof value === "string" ? value : value.join(", ")
      }
      this.cachedHeaders = headers as Headers.Headers
    }
    return this.cachedHeaders
  }

  get cookies(): Cookies.Cookies {
    if (this.cachedCookies === undefined) {
      const header = this.rawHeaders["set-cookie"]
      this.cachedCookies = header === undefined ? Cookies.empty : Cookies.fromSetCookie(header)
    }
    return this.cachedCookies
  }

  get remoteAddress(): Option.Option<string> {
    return Option.none()
  }

  /** The whole body, from memory once it is in; waiting (interruptibly: an interruption aborts) while it comes. */
  get arrayBuffer(): Effect.Effect<ArrayBuffer, HttpClientError.HttpClientError> {
    const exchange = this.exchange
    switch (exchange.state) {
      case "done":
        if (exchange.readable !== undefined) {
          return Effect.fail(decodeError(this, undefined, "the body was read as a stream"))
        }
        // A body too large for one buffer fails here, as a DecodeError.
        return Effect.try({ try: () => this.bufferNow(), catch: (cause) => decodeError(this, cause) })
      case "failed":
        return Effect.fail(decodeError(this, exchange.failure))
      case "open":
        if (exchange.readable !== undefined) {
          return Effect.fail(decodeError(this, undefined, "the body is being read as a stream"))
        }
        return Effect.flatMap(
          Effect.callback<void>((resume) => {
            if (exchange.state !== "open") return resume(Effect.void)
            ;(exchange.waiting ??= []).push(() => resume(Effect.void))
            exchange.want()
            return Effect.sync(() => exchange.abort(new Error("reading the response body was interrupted")))
          }),
          () => this.arrayBuffer
        )
    }
  }

  private bufferNow(): ArrayBuffer {
    return (this.cachedBuffer ??= this.exchange.bytes().buffer as ArrayBuffer)
  }

  get text(): Effect.Effect<string, HttpClientError.HttpClientError> {
    const text = Effect.try({ try: () => this.textNow(), catch: (cause) => decodeError(this, cause) })
    return this.exchange.state === "done" ? text : Effect.flatMap(this.arrayBuffer, () => text)
  }

  /** The body as UTF-8 text, a leading byte order mark dropped (as effect's `TextDecoder` does). */
  private textNow(): string {
    if (this.cachedText === undefined) {
      const chunks = this.exchange.chunks
      // One chunk (a small body) is decoded where it is, without copying it out first.
      const bytes = this.cachedBuffer === undefined && chunks.length === 1
        ? (chunks[0] as Uint8Array)
        : new Uint8Array(this.bufferNow())
      const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8")
      this.cachedText = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
    }
    return this.cachedText
  }

  get json(): Effect.Effect<Schema.Json, HttpClientError.HttpClientError> {
    const parse = Effect.try({
      try: (): Schema.Json => {
        const text = this.textNow()
        return text === "" ? null : (JSON.parse(text) as Schema.Json)
      },
      catch: (cause) => decodeError(this, cause)
    })
    return this.exchange.state === "done" ? parse : Effect.flatMap(this.arrayBuffer, () => parse)
  }

  get urlParamsBody(): Effect.Effect<UrlParams.UrlParams, HttpClientError.HttpClientError> {
    return Effect.flatMap(this.arrayBuffer, (bytes) =>
      Effect.try({
        // A leading "?" is form data; URLSearchParams would drop it as a query prefix (as effect's client does).
        try: () => UrlParams.fromInput(new URLSearchParams(formDecoder.decode(bytes).replace(/^\?/, "%3F"))),
        catch: (cause) => decodeError(this, cause)
      }))
  }

  get formData(): Effect.Effect<FormData, HttpClientError.HttpClientError> {
    return Effect.flatMap(this.arrayBuffer, (body) =>
      Effect.tryPromise({
        try: () => new globalThis.Response(body, { headers: this.headers }).formData(),
        catch: (cause) => decodeError(this, cause)
      }))
  }

  get stream(): Stream.Stream<Uint8Array, HttpClientError.HttpClientError> {
    const exchange = this.exchange
    if (exchange.state === "done") {
      return Stream.suspend(() => {
        const bytes = new Uint8Array(this.bufferNow())
        return bytes.length === 0 ? Stream.empty : Stream.succeed(bytes)
      })
    }
    if (exchange.state === "failed") return Stream.fail(decodeError(this, exchange.failure))
    if (exchange.waiting !== undefined) {
      return Stream.fromEffect(Effect.map(this.arrayBuffer, (buffer) => new Uint8Array(buffer)))
    }
    return NodeStream.fromReadable({
      evaluate: () => (exchange.readable ??= this.toReadable()),
      onError: (cause) => decodeError(this, cause)
    })
  }

  /** A Node stream of the body: what came so far, then the rest, with back-pressure on the connection. */
  private toReadable(): Readable {
    const exchange = this.exchange
    const readable = new Readable({
      read: () => exchange.want(),
      destroy: (error, callback) => {
        if (exchange.state === "open") exchange.abort(error ?? new Error("the response body stream was closed"))
        callback(error)
      }
    })
    for (const chunk of exchange.chunks) readable.push(chunk)
    exchange.chunks = []
    exchange.length = 0
    // The stream may be read after the body came (or broke): it ends (or fails) after what came.
    if (exchange.state === "done") readable.push(null)
    else if (exchange.state === "failed") readable.destroy(asError(exchange.failure))
    return readable
  }

  get upgrade(): HttpClientResponse.HttpClientResponse["upgrade"] {
    return Effect.fail(
      new HttpClientError.HttpClientError({
        reason: new HttpClientError.StatusCodeError({
          request: this.request,
          response: this,
          description: "expected 101 Switching Protocols"
        })
      })
    )
  }

  toJSON(): unknown {
    return inspectResponse(this)
  }

  pipe() {
    // eslint-disable-next-line prefer-rest-params
    return pipeArguments(this, arguments)
  }
}

const loadUndici = Effect.promise(() => import("@effect/platform-node/Undici"))

/** Sends a request through the dispatcher, its body converted for undici (as effect's client converts it). */
const send = (
  dispatcher: Undici.Dispatcher,
  request: HttpClientRequest.HttpClientRequest,
  url: URL,
  signal: AbortSignal | undefined,
  budget: TryBudget | undefined
): Effect.Effect<HttpClientResponse.HttpClientResponse, HttpClientError.HttpClientError> => {
  const body = request.body
  switch (body._tag) {
    case "Empty":
      return dispatch(dispatcher, request, url, null, request.headers, signal, budget)
    case "Uint8Array":
      return dispatch(dispatcher, request, url, body.body, request.headers, signal, budget)
    case "Raw":
      return dispatch(dispatcher, request, url, body.body as SendBody, request.headers, signal, budget)
    case "Stream":
      return Effect.flatMap(NodeStream.toReadable(body.stream), (readable) =>
        dispatch(dispatcher, request, url, readable, request.headers, signal, budget))
    case "FormData":
      return Effect.flatMap(loadUndici, (undici) => {
        const form = new undici.FormData()
        for (const [key, value] of body.formData) form.append(key, value)
        // undici writes the multipart content type, with its boundary.
        return dispatch(dispatcher, request, url, form, Headers.remove(request.headers, "content-type"), signal, budget)
      })
  }
}

/**
 * One `dispatcher.dispatch`: the fiber waits for the answer's status and headers (one suspension); `signal` (from
 * `HttpClient.make`) and an interruption abort the request, the budget's timer fails the try.
 */
const dispatch = (
  dispatcher: Undici.Dispatcher,
  request: HttpClientRequest.HttpClientRequest,
  url: URL,
  body: SendBody,
  headers: Headers.Headers,
  signal: AbortSignal | undefined,
  budget: TryBudget | undefined
): Effect.Effect<HttpClientResponse.HttpClientResponse, HttpClientError.HttpClientError> =>
  Effect.callback((resume) => {
    const href = url.hash === "" ? url.href : url.href.slice(0, url.href.indexOf("#"))
    // A Session try (it has a budget) is resumed with the whole body in: the Session reads it anyway.
    const exchange = new Exchange(request, href, resume, budget)
    if (signal !== undefined) {
      if (signal.aborted) exchange.abort(abortReason(signal))
      else signal.addEventListener("abort", () => exchange.abort(abortReason(signal)), { once: true })
    }
    if (budget !== undefined) exchange.arm(budget)
    try {
      dispatcher.dispatch(
        {
          origin: url.origin,
          path: url.pathname + url.search,
          method: request.method,
          headers,
          body,
          headersTimeout,
          bodyTimeout
        },
        exchange
      )
    } catch (cause) {
      exchange.disarm()
      exchange.resume = undefined
      resume(Effect.fail(transportError(request, cause)))
      return
    }
    return Effect.sync(() => {
      // Interrupted while waiting for the answer (or, for a Session try, its body).
      exchange.disarm()
      exchange.resume = undefined
      exchange.abort(new Error("The request was interrupted"))
    })
  })

const abortReason = (signal: AbortSignal): Error =>
  signal.reason instanceof Error ? signal.reason : new Error("The request was aborted")

/**
 * The parsed URLs of requests without query parameters or fragment, by URL: a client sends to the same few URLs again
 * and again, and parsing one costs more than the rest of a send. Read only (never changed), and bounded.
 */
const parsedUrls = new Map<string, URL>()
const maxParsedUrls = 512

/** The URL of a request, or the `InvalidUrlError` effect's clients fail with. */
const urlOf = (request: HttpClientRequest.HttpClientRequest) => {
  const plain = request.urlParams.params.length === 0 && Option.isNone(request.hash)
  const known = plain ? parsedUrls.get(request.url) : undefined
  if (known !== undefined) return known
  const url = Url.make(request.url, request.urlParams, Option.getOrUndefined(request.hash))
  if (url._tag === "Failure") {
    const reason = new HttpClientError.InvalidUrlError({ request, cause: url.failure })
    return new HttpClientError.HttpClientError({ reason })
  }
  if (plain) {
    if (parsedUrls.size >= maxParsedUrls) parsedUrls.clear()
    parsedUrls.set(request.url, url.success)
  }
  return url.success
}

/**
 * The lean `HttpClient` on `dispatcher`, which also sends the Session's tries within the budgets they carry in the
 * context (see tryBudget.ts), even under a user's middleware.
 * `fallback` (effect's undici client on the same dispatcher) sends upgrades.
 *
 * @example
 * const client = UndiciClient.make(agent, effectsOwnClient)
 */
export const make = (dispatcher: Undici.Dispatcher, fallback: HttpClient.HttpClient): HttpClient.HttpClient => {
  // With effect's client span: HttpClient.make does the span, propagation and interruption; the lean path sends.
  const traced = HttpClient.make((request, url, signal) => send(dispatcher, request, url, signal, undefined))
  const untraced = (request: HttpClientRequest.HttpClientRequest, budget: TryBudget | undefined) => {
    const url = urlOf(request)
    return url instanceof URL ? send(dispatcher, request, url, undefined, budget) : Effect.fail(url)
  }
  return HttpClient.makeWith<never, never, HttpClientError.HttpClientError, never>(
    (effect) =>
      Effect.flatMap(effect, (request) =>
        Effect.withFiber((fiber) => {
          if (request.headers.upgrade !== undefined) return fallback.execute(request)
          // A Session's try: its budget in the context (see tryBudget.ts), bounded here by one timer.
          const budget = fiber.getRef(Current)
          if (budget !== undefined) return untraced(request, claim(budget))
          return !fiber.getRef(Tracer.DisablePropagation) && !fiber.getRef(HttpClient.TracerDisabledWhen)(request)
            ? traced.execute(request)
            : untraced(request, undefined)
        })),
    Effect.succeed
  )
}
