/**
 * A scripted HTTP server on 127.0.0.1 for the Session's fault tests: per route, a test lists what happens to each
 * request in turn (normal answers, error statuses with Retry-After, resets, stalls, redirects, broken JSON, a 401 once
 * per token), and reads back every request that arrived. Closing the test's scope destroys every socket.
 */
import * as http from "node:http"
import type * as net from "node:net"
import { performance } from "node:perf_hooks"
import { Effect, Redacted, type Scope } from "effect"
import { Auth } from "effect-openstack"
import { Fixtures } from "effect-openstack/testing"
import { closedPort, listen } from "./servers.ts"

/** A request as the server saw it. */
export interface Seen {
  readonly method: string
  /** The path with its query string, as sent. */
  readonly path: string
  /** Header names in lower case; repeated headers joined with ", ". */
  readonly headers: Readonly<Record<string, string>>
  readonly body: string
  /** Milliseconds since the server started, when the request's headers arrived. */
  readonly at: number
  /** The `x-openstack-request-id` given to it (`req-<n>`), also when no response was sent. */
  readonly requestId: string
  /** Which TCP connection carried it: 1 for the first accepted, 2 for the second, ... */
  readonly connection: number
}

/** What happens to one request. */
export type Fault =
  /** A normal JSON answer (status 200 unless given); `headers` override the defaults. */
  | { readonly kind: "json", readonly status?: number, readonly body: unknown, readonly headers?: Readonly<Record<string, string>> }
  /** A text answer (`text/plain` unless `headers` say otherwise). */
  | { readonly kind: "text", readonly status?: number, readonly body: string, readonly headers?: Readonly<Record<string, string>> }
  /**
   * An error status (429, 503, 500, ...) with a Keystone-style JSON error body unless `body` is given, and a
   * `Retry-After` header when `retryAfter` is given (seconds such as "2", or an HTTP-date).
   */
  | { readonly kind: "status", readonly status: number, readonly retryAfter?: string, readonly body?: unknown }
  /** Read the request, then reset the connection (TCP RST) before any response byte. */
  | { readonly kind: "reset" }
  /** Send 200 headers with a Content-Length larger than what follows, half the body, then close the connection. */
  | { readonly kind: "resetMidBody" }
  /** Read the request and never answer; with `ms`, answer with `then` (default 200 `{}`) after that delay. */
  | { readonly kind: "stallHeaders", readonly ms?: number, readonly then?: Fault }
  /**
   * Send 200 JSON headers and the first half of `body` (default `{"stalled":"body"}`), then stall; with `ms`, send
   * the rest after that delay.
   */
  | { readonly kind: "stallBody", readonly ms?: number, readonly body?: unknown }
  /** A redirect (302 unless given) to `location`, sent as is (absolute or relative), with an empty body. */
  | { readonly kind: "redirect", readonly status?: 301 | 302 | 303 | 307 | 308, readonly location: string }
  /** 200 `application/json` whose body (with a matching Content-Length) stops in the middle of the document. */
  | { readonly kind: "truncatedJson" }
  /** 200 `application/json` whose body is not JSON (an HTML error page). */
  | { readonly kind: "malformedJson" }
  /**
   * 200 `application/json`, a JSON string of `bytes` bytes in all, in 64 KiB chunks: with its Content-Length, or
   * chunked (no length) when `chunked`. The server stops writing once the client has gone; `written()` says how much.
   */
  | { readonly kind: "large", readonly bytes: number, readonly chunked?: boolean }
  /**
   * Keystone-style 401 the first time `token` arrives in `x-auth-token` (default: the first token this fault sees),
   * `then` (default 200 `{}`) for every other request; a request without `x-auth-token` always gets the 401.
   */
  | { readonly kind: "unauthorizedOnce", readonly token?: string, readonly then?: Fault }

/**
 * Which requests a script answers: `"/path"` (any method) or `"METHOD /path"`, matched exactly against the path
 * without its query string; or a predicate on the method and that path.
 */
export type Route = string | ((method: string, path: string) => boolean)

/** A running fault server. */
export interface FaultServer {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string
  /**
   * Answers the requests matching `route` with `faults` in turn; the last one repeats. A later script takes precedence
   * over an earlier one for the requests both match (so scripting the same route again replaces it). An empty list
   * answers the 404 of an unscripted route.
   */
  readonly script: (route: Route, faults: ReadonlyArray<Fault>) => void
  /** Every request that arrived (once its body was read), in order. */
  readonly seen: () => ReadonlyArray<Seen>
  /** How many requests arrived, in all or matching `route`. */
  readonly count: (route?: Route) => number
  /** How many TCP connections the server accepted. */
  readonly connections: () => number
  /** How many of them are still open. */
  readonly openConnections: () => number
  /** How many body bytes the `large` faults have written so far. */
  readonly largeWritten: () => number
}

/** Options of {@link faultServer}. */
export interface FaultServerOptions {
  /** Prefix of the `x-openstack-request-id` counter (default `"req-"`, giving `req-1`, `req-2`, ...). */
  readonly requestIdPrefix?: string
  /** How long an idle keep-alive connection stays open, in ms (node's default is 5000). */
  readonly keepAliveTimeout?: number
}

/** Keystone's error document. */
export const keystoneError = (code: number, message: string) => ({
  error: { code, message, title: http.STATUS_CODES[code] ?? "Error" }
})

const toPredicate = (route: Route): ((method: string, path: string) => boolean) => {
  if (typeof route !== "string") return route
  const space = route.indexOf(" ")
  if (space < 0) return (_method, path) => path === route
  const method = route.slice(0, space).toUpperCase()
  const path = route.slice(space + 1)
  return (m, p) => m === method && p === path
}

const pathOf = (url: string): string => {
  const q = url.indexOf("?")
  return q < 0 ? url : url.slice(0, q)
}

const noBodyStatus = (status: number) => status === 204 || status === 304 || (status >= 100 && status < 200)

interface Entry {
  readonly matches: (method: string, path: string) => boolean
  readonly faults: ReadonlyArray<Fault>
  next: number
  /** unauthorizedOnce state, by the index of the fault in `faults`. */
  readonly rejected: Map<number, { token: string | undefined, done: boolean }>
}

/** A fault server on a free 127.0.0.1 port, closed (every socket destroyed) when the scope closes. */
export const faultServer = (options: FaultServerOptions = {}): Effect.Effect<FaultServer, never, Scope.Scope> =>
  Effect.gen(function* () {
    const prefix = options.requestIdPrefix ?? "req-"
    const started = performance.now()
    const entries: Array<Entry> = []
    const seen: Array<Seen> = []
    const connectionIds = new WeakMap<net.Socket, number>()
    const open = new Set<net.Socket>()
    let requests = 0
    let accepted = 0

    const send = (
      response: http.ServerResponse,
      status: number,
      headers: Readonly<Record<string, string>>,
      body: string
    ) => {
      const bytes = noBodyStatus(status) ? "" : body
      response.writeHead(status, { "content-length": String(Buffer.byteLength(bytes)), ...headers })
      response.end(bytes)
    }

    /** Writes a JSON string of `bytes` bytes in 64 KiB chunks, as fast as the client reads, until it is done or gone. */
    const sendLarge = (response: http.ServerResponse, bytes: number, chunked: boolean) => {
      response.writeHead(200, { "content-type": "application/json", ...(chunked ? {} : { "content-length": String(bytes) }) })
      const chunk = Buffer.alloc(64 * 1024, "x")
      let left = bytes - 2
      response.write("\"")
      const pump = () => {
        while (left > 0 && !response.destroyed) {
          const part = left >= chunk.length ? chunk : chunk.subarray(0, left)
          left -= part.length
          largeWritten += part.length
          if (!response.write(part)) return void response.once("drain", pump)
        }
        if (!response.destroyed) response.end("\"")
      }
      pump()
    }
    let largeWritten = 0

    const later = (response: http.ServerResponse, ms: number, f: () => void) => {
      const timer = setTimeout(f, ms)
      response.once("close", () => clearTimeout(timer))
    }

    const answer = (
      fault: Fault,
      request: http.IncomingMessage,
      response: http.ServerResponse,
      state: () => { token: string | undefined, done: boolean }
    ): void => {
      switch (fault.kind) {
        case "json":
          return send(response, fault.status ?? 200, { "content-type": "application/json", ...fault.headers }, JSON.stringify(fault.body))
        case "text":
          return send(response, fault.status ?? 200, { "content-type": "text/plain; charset=utf-8", ...fault.headers }, fault.body)
        case "status": {
          const headers: Record<string, string> = { "content-type": "application/json" }
          if (fault.retryAfter !== undefined) headers["retry-after"] = fault.retryAfter
          const body = fault.body === undefined
            ? keystoneError(fault.status, http.STATUS_CODES[fault.status] ?? "Error")
            : fault.body
          return send(response, fault.status, headers, JSON.stringify(body))
        }
        case "reset":
          request.socket.resetAndDestroy()
          return
        case "resetMidBody": {
          const body = JSON.stringify({ servers: Array.from({ length: 8 }, (_, i) => ({ id: `server-${i}` })) })
          response.writeHead(200, { "content-type": "application/json", "content-length": String(Buffer.byteLength(body)) })
          response.write(body.slice(0, body.length >> 1), () => request.socket.destroy())
          return
        }
        case "stallHeaders":
          if (fault.ms !== undefined) {
            const then = fault.then ?? { kind: "json", body: {} }
            later(response, fault.ms, () => answer(then, request, response, state))
          }
          return
        case "stallBody": {
          const body = JSON.stringify(fault.body ?? { stalled: "body" })
          const half = body.length >> 1
          response.writeHead(200, { "content-type": "application/json", "content-length": String(Buffer.byteLength(body)) })
          response.write(body.slice(0, half))
          if (fault.ms !== undefined) later(response, fault.ms, () => response.end(body.slice(half)))
          return
        }
        case "redirect":
          return send(response, fault.status ?? 302, { location: fault.location }, "")
        case "truncatedJson": {
          const body = JSON.stringify({ token: { methods: ["password"], expires_at: "2030-01-01T00:00:00.000000Z" } })
          return send(response, 200, { "content-type": "application/json" }, body.slice(0, body.length >> 1))
        }
        case "malformedJson":
          return send(response, 200, { "content-type": "application/json" }, "<html><body><h1>502 Bad Gateway</h1></body></html>")
        case "large":
          return sendLarge(response, fault.bytes, fault.chunked ?? false)
        case "unauthorizedOnce": {
          const token = request.headers["x-auth-token"]
          const s = state()
          s.token ??= fault.token ?? (typeof token === "string" ? token : undefined)
          const reject = typeof token !== "string" || (token === s.token && !s.done)
          if (typeof token === "string" && token === s.token) s.done = true
          if (!reject) return answer(fault.then ?? { kind: "json", body: {} }, request, response, state)
          return send(
            response,
            401,
            { "content-type": "application/json", "www-authenticate": "Keystone uri=\"http://127.0.0.1/identity/v3\"" },
            JSON.stringify(keystoneError(401, "The request you have made requires authentication."))
          )
        }
      }
    }

    const handler: http.RequestListener = (request, response) => {
      const at = performance.now() - started
      const requestId = `${prefix}${++requests}`
      const connection = connectionIds.get(request.socket) ?? 0
      response.setHeader("x-openstack-request-id", requestId)
      const chunks: Array<Buffer> = []
      request.on("data", (chunk: Buffer) => chunks.push(chunk))
      request.on("end", () => {
        const method = request.method ?? "GET"
        const path = request.url ?? "/"
        const headers: Record<string, string> = {}
        for (const [name, value] of Object.entries(request.headers)) {
          if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(", ") : value
        }
        seen.push({ method, path, headers, body: Buffer.concat(chunks).toString("utf8"), at, requestId, connection })
        const bare = pathOf(path)
        const entry = entries.findLast((e) => e.faults.length > 0 && e.matches(method, bare))
        if (entry === undefined) {
          return send(response, 404, { "content-type": "application/json" }, JSON.stringify(keystoneError(404, `no script for ${method} ${bare}`)))
        }
        const index = Math.min(entry.next++, entry.faults.length - 1)
        const fault = entry.faults[index] as Fault
        const state = () => {
          let s = entry.rejected.get(index)
          if (s === undefined) entry.rejected.set(index, s = { token: undefined, done: false })
          return s
        }
        answer(fault, request, response, state)
      })
    }

    const server = http.createServer(handler)
    if (options.keepAliveTimeout !== undefined) server.keepAliveTimeout = options.keepAliveTimeout
    server.on("connection", (socket: net.Socket) => {
      connectionIds.set(socket, ++accepted)
      open.add(socket)
      socket.on("close", () => open.delete(socket))
    })
    const running = yield* listen(server, "http")

    return {
      url: running.url,
      script: (route, faults) => {
        entries.push({ matches: toPredicate(route), faults: [...faults], next: 0, rejected: new Map() })
      },
      seen: () => [...seen],
      count: (route) => {
        if (route === undefined) return seen.length
        const matches = toPredicate(route)
        return seen.filter((s) => matches(s.method, pathOf(s.path))).length
      },
      connections: running.connections,
      openConnections: () => [...open].filter((socket) => !socket.destroyed).length,
      largeWritten: () => largeWritten
    } satisfies FaultServer
  })

/** The URL of a 127.0.0.1 port where nothing listens: connecting is refused. */
export const refusedUrl: Effect.Effect<string> = Effect.map(closedPort, (port) => `http://127.0.0.1:${port}`)

/**
 * Scripts `server` as Keystone: `POST /v3/auth/tokens` answers tokens `tok-1`, `tok-2`, … (`tokens` of them, the last
 * repeating); gives a v3 password plugin (user u1, project p1) that authenticates there.
 */
export const keystoneOn = (server: FaultServer, tokens = 5) => {
  server.script(
    "POST /v3/auth/tokens",
    Array.from({ length: tokens }, (_, i) => {
      const token = new Fixtures.V3Token({ subjectToken: `tok-${i + 1}`, projectId: "p1", userId: "u1" })
      return { kind: "json" as const, status: 201, body: token.body, headers: { "x-subject-token": token.subjectToken } }
    })
  )
  return Auth.v3Password({ authUrl: `${server.url}/v3`, userId: "u1", password: Redacted.make("pw"), projectId: "p1" })
}
