/**
 * The fake cloud's engine: one world behind a `SynchronizedRef` (each request runs against the current world and, if
 * it changes it, replaces it atomically — requests are served one at a time, as the real single-process servers do),
 * the routing of `/identity` to Keystone and `/network` to Neutron, injected faults, and a log of what was asked.
 *
 * @internal
 */
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Ref from "effect/Ref"
import * as SynchronizedRef from "effect/SynchronizedRef"
import { dispatch, type FakeRequest, type FakeResponse } from "./http.ts"
import { newId } from "./ids.ts"
import { keystoneMissing, keystoneRoutes } from "./keystone/index.ts"
import { neutronMissing, neutronRoutes } from "./neutron/index.ts"
import type { World } from "./world.ts"

/**
 * A fault to inject for matching requests: a delay, an error status (429 / 503 with `Retry-After`), or a connection
 * reset; for the first `times` matching requests (default: all).
 *
 * @example
 * const throttled: Fault = { path: /\/v2.0\/networks/, status: 429, retryAfter: 1, times: 2 }
 */
export interface Fault {
  /** The request path (`/network/v2.0/networks`): a prefix, or a pattern. */
  readonly path: string | RegExp
  readonly method?: string | undefined
  readonly latency?: Duration.Input | undefined
  readonly status?: number | undefined
  /** Seconds, sent as `Retry-After` with the status. */
  readonly retryAfter?: number | undefined
  /** Drop the connection instead of answering. */
  readonly reset?: boolean | undefined
  readonly times?: number | undefined
}

/**
 * A request as the log keeps it.
 *
 * @example
 * const posts = (yield* cloud.requests).filter((r) => r.method === "POST" && r.path === "/identity/v3/auth/tokens")
 */
export interface Logged {
  readonly method: string
  readonly path: string
  readonly status: number
}

/** What a request became: an answer, or a reset connection. */
export type Outcome = { readonly _tag: "Answer", readonly response: FakeResponse } | { readonly _tag: "Reset" }

/**
 * The engine.
 *
 * @example
 * const outcome = yield* engine.handle({ method: "GET", url, headers: {}, body: undefined })
 */
export interface Engine {
  readonly handle: (request: Omit<FakeRequest, "path">) => Effect.Effect<Outcome>
  readonly world: Effect.Effect<World>
  readonly requests: Effect.Effect<ReadonlyArray<Logged>>
}

const matchesFault = (fault: Fault, method: string, path: string) =>
  (fault.method === undefined || fault.method === method)
  && (typeof fault.path === "string" ? path.startsWith(fault.path) : fault.path.test(path))

const faultResponse = (fault: Fault): FakeResponse => ({
  status: fault.status ?? 503,
  headers: fault.retryAfter === undefined ? {} : { "retry-after": String(fault.retryAfter) },
  body: { error: { code: fault.status ?? 503, message: "Injected by FakeCloud", title: "Injected" } }
})

/** The service a path is under, and the path within it. */
const serviceOf = (pathname: string) => {
  for (const prefix of ["/identity", "/network"] as const) {
    if (pathname === prefix || pathname.startsWith(`${prefix}/`)) return { prefix, path: pathname.slice(prefix.length) || "/" }
  }
  return undefined
}

/**
 * An engine over a world, with Neutron paged at `pageSize` and these faults.
 *
 * @example
 * const engine = yield* makeEngine(world, { pageSize: 3, faults: [] })
 */
export const makeEngine = (
  initial: World,
  options: { readonly pageSize?: number | undefined, readonly faults?: ReadonlyArray<Fault> | undefined }
) =>
  Effect.gen(function* () {
    const state = yield* SynchronizedRef.make(initial)
    const log = yield* SynchronizedRef.make<ReadonlyArray<Logged>>([])
    const faults = options.faults ?? []
    const left = yield* Ref.make(faults.map((fault) => fault.times ?? Number.POSITIVE_INFINITY))
    const keystone = keystoneRoutes
    const neutron = neutronRoutes(options.pageSize)

    const route = (request: Omit<FakeRequest, "path">) =>
      SynchronizedRef.modifyEffect(state, (world) => {
        const service = serviceOf(request.url.pathname)
        if (service === undefined) return Effect.succeed([{ status: 404, body: "Not Found" } as FakeResponse, world] as const)
        const routes = service.prefix === "/identity" ? keystone : neutron
        const missing = service.prefix === "/identity" ? keystoneMissing : neutronMissing
        return Effect.map(dispatch(routes, { ...request, path: service.path }, world, missing), (result) =>
          [result.response, result.world ?? world] as const)
      })

    const handle = (request: Omit<FakeRequest, "path">): Effect.Effect<Outcome> =>
      Effect.gen(function* () {
        const path = request.url.pathname
        const fault = yield* Ref.modify(left, (counts) => {
          const i = faults.findIndex((f, k) => (counts[k] ?? 0) > 0 && matchesFault(f, request.method, path))
          return [faults[i], counts.map((n, k) => (k === i ? n - 1 : n))] as const
        })
        if (fault?.latency !== undefined) yield* Effect.sleep(Duration.fromInputUnsafe(fault.latency))
        if (fault?.reset === true) {
          yield* SynchronizedRef.update(log, (l) => [...l, { method: request.method, path, status: 0 }])
          return { _tag: "Reset" } as const
        }
        const response = fault?.status !== undefined ? faultResponse(fault) : yield* route(request)
        yield* SynchronizedRef.update(log, (l) => [...l, { method: request.method, path, status: response.status }])
        const headers = { "x-openstack-request-id": `req-${newId("uuid")}`, ...response.headers }
        return { _tag: "Answer", response: { ...response, headers } } as const
      })

    return { handle, world: SynchronizedRef.get(state), requests: SynchronizedRef.get(log) } satisfies Engine
  })
