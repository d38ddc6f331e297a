/**
 * The fake cloud's HTTP, without sockets: a request as the fake reads it, an answer, and a small router of
 * `method /path/:param` routes whose handlers run against one snapshot of the cloud and may give a new one.
 *
 * @internal
 */
import * as Data from "effect/Data"
import * as Effect from "effect/Effect"
import type { World } from "./world.ts"

/**
 * A request, as a handler sees it: the path under its service (`/v3/projects`), the query, lower-case headers, and
 * the JSON body (`undefined` for none; the raw text when it is not JSON).
 *
 * @example
 * const request: FakeRequest = { method: "GET", url, path: "/v3/projects", headers: {}, body: undefined }
 */
export interface FakeRequest {
  readonly method: string
  readonly url: URL
  readonly path: string
  readonly headers: Readonly<Record<string, string>>
  readonly body: unknown
}

/**
 * An answer: a status, headers, and a body sent as JSON (a string as it is).
 *
 * @example
 * const created: FakeResponse = { status: 201, body: { project } }
 */
export interface FakeResponse {
  readonly status: number
  readonly headers?: Readonly<Record<string, string>>
  readonly body?: unknown
}

/**
 * What a handler gives: the answer, and the cloud after the request when it changed it.
 *
 * @example
 * const result: Result = { response: { status: 204 }, world: next }
 */
export interface Result {
  readonly response: FakeResponse
  readonly world?: World
}

/**
 * An answer that ends a handler early (an error status), leaving the cloud unchanged.
 *
 * @example
 * return yield* new Reply({ response: { status: 404, body } })
 */
export class Reply extends Data.TaggedError("Reply")<{ readonly response: FakeResponse }> {}

/** The path parameters of a route, decoded. */
export type Params = Readonly<Record<string, string>>

/**
 * A request handler against one snapshot of the cloud.
 *
 * @example
 * const handler: Handler = (request, params, world) => Effect.succeed({ response: { status: 200, body: {} } })
 */
export type Handler = (request: FakeRequest, params: Params, world: World) => Effect.Effect<Result, Reply>

/**
 * A route: a method, a path pattern (`/v3/projects/:id`), and its handler.
 *
 * @example
 * const route: Route = { method: "GET", segments: ["v3", "projects", ":id"], handler }
 */
export interface Route {
  readonly method: string
  readonly segments: ReadonlyArray<string>
  readonly handler: Handler
}

/**
 * A route from a method and a pattern.
 *
 * @example
 * route("DELETE", "/v3/projects/:id", removeProject)
 */
export const route = (method: string, pattern: string, handler: Handler): Route => ({
  method,
  segments: pattern.split("/").filter((segment) => segment !== ""),
  handler
})

const decodeSegment = (segment: string) => {
  try {
    return decodeURIComponent(segment)
  } catch {
    return segment
  }
}

const match = (route: Route, segments: ReadonlyArray<string>): Params | undefined => {
  if (route.segments.length !== segments.length) return undefined
  const params: Record<string, string> = {}
  for (const [i, pattern] of route.segments.entries()) {
    const segment = segments[i] ?? ""
    if (pattern.startsWith(":")) params[pattern.slice(1)] = decodeSegment(segment)
    else if (pattern !== segment) return undefined
  }
  return params
}

/**
 * The answer of the first route that matches the request (`HEAD` is answered by a `GET` route without its body); a
 * path no route has is a 404, a method a path does not take a 405, each in the service's error body.
 *
 * @example
 * const result = yield* dispatch(routes, request, world, errors)
 */
export const dispatch = (
  routes: ReadonlyArray<Route>,
  request: FakeRequest,
  world: World,
  notFound: (status: 404 | 405, message: string) => FakeResponse
): Effect.Effect<Result> => {
  const segments = request.path.split("/").filter((segment) => segment !== "")
  const candidates = routes.flatMap((route) => {
    const params = match(route, segments)
    return params === undefined ? [] : [{ route, params }]
  })
  const method = request.method === "HEAD" ? ["HEAD", "GET"] : [request.method]
  const found = method.map((m) => candidates.find(({ route }) => route.method === m)).find((c) => c !== undefined)
  if (found === undefined) {
    return Effect.succeed({
      response: candidates.length === 0
        ? notFound(404, "The resource could not be found.")
        : notFound(405, `The method ${request.method} is not allowed for ${request.path}.`)
    })
  }
  return found.route.handler(request, found.params, world).pipe(
    Effect.catchTag("Reply", (reply) => Effect.succeed({ response: reply.response })),
    Effect.map((result) => (request.method === "HEAD" ? { ...result, response: { ...result.response, body: undefined } } : result))
  )
}

/**
 * A JSON answer.
 *
 * @example
 * return ok(200, { project })
 */
export const ok = (
  status: number,
  body?: unknown,
  headers?: Readonly<Record<string, string>>,
  world?: World
): Result => ({
  response: { status, ...(body === undefined ? {} : { body }), ...(headers === undefined ? {} : { headers }) },
  ...(world === undefined ? {} : { world })
})

/**
 * The value of a query parameter, or `undefined`.
 *
 * @example
 * const name = param(request, "name")
 */
export const param = (request: FakeRequest, name: string): string | undefined =>
  request.url.searchParams.get(name) ?? undefined
