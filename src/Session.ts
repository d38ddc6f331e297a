/**
 * The Session: the contact point to every OpenStack service (keystoneauth1's `Session`). It authenticates on demand,
 * finds endpoints in the token's catalog, and carries every request option of keystoneauth1, as a pipeline of small
 * steps:
 *
 * 1. resolve the URL — absolute, or a path under `endpointOverride` or the endpoint `endpointFilter` selects (with
 *    version discovery when a version is asked for);
 * 2. build the headers — User-Agent, Forwarded (`originalIp`), the global request id, microversion headers, JSON;
 * 3. send each try: the auth headers of the request's plugin, a per-try timeout, the body read in full, Debug lines
 *    (curl-style, redacted), the service's rate limit and concurrency;
 * 4. on a 401, invalidate the token that was sent and try once more (`allowReauth`);
 * 5. retry connection failures (`connectRetries`) and retriable statuses (`statusCodeRetries`, 429 and 503 by
 *    default) with capped, jittered exponential backoff that honours `Retry-After` — idempotent methods only, unless
 *    the request provably never reached the server or the caller opts in;
 * 6. follow redirects itself (method kept but for 303, credentials dropped across origins);
 * 7. fail with the typed error of the status (`raiseExc`), all within one overall deadline.
 *
 * @example
 * import { Effect, Redacted } from "effect"
 * import { Auth, Session, Transport } from "effect-openstack"
 *
 * const projects = Effect.gen(function* () {
 *   const session = yield* Session.Session
 *   const response = yield* session.get("/v3/projects", {
 *     endpointFilter: { serviceType: "identity", interface: "public", regionName: "RegionOne" }
 *   })
 *   return yield* response.json
 * })
 *
 * const program = Effect.gen(function* () {
 *   const auth = yield* Auth.password({ authUrl, username: "demo", password, defaultDomainId: "default" })
 *   return yield* projects.pipe(Effect.provide(Session.layer({ auth })))
 * }).pipe(Effect.provide(Transport.node()))
 *
 * @module
 */
import * as ByteSize from "effect/ByteSize"
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import type * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Record from "effect/Record"
import * as Redacted from "effect/Redacted"
import * as References from "effect/References"
import * as Schedule from "effect/Schedule"
import * as Tracer from "effect/Tracer"
import { constUndefined } from "effect/Function"
import * as Headers from "effect/http/Headers"
import * as HttpBody from "effect/http/HttpBody"
import * as HttpClient from "effect/http/HttpClient"
import * as HttpClientRequest from "effect/http/HttpClientRequest"
import * as UrlParams from "effect/http/UrlParams"
import type { AuthenticationError, AuthHeaders, AuthPlugin } from "./auth/AuthPlugin.ts"
import * as Discovery from "./Discovery.ts"
import {
  AuthorizationFailure,
  type CatalogError,
  ConnectTimeout,
  fromHttpClientError,
  fromResponse,
  isConnectionError,
  MissingAuthPlugin,
  neverReachedServer,
  OtherRedirection,
  parseRetryAfter,
  type RequestError,
  requestIdOf,
  ValidationError
} from "./Errors.ts"
import { type Response as AnswerResponse, toAnswer } from "./internal/answer.ts"
import { heldHeaders } from "./internal/heldHeaders.ts"
import {
  clientOf,
  Deadline,
  debugOn,
  executeOf,
  isDeadline,
  makeTry,
  timeLeft
} from "./internal/sessionTry.ts"
import { redactUrl } from "./internal/redact.ts"
import { type Chain, nextHop, redirectStatuses } from "./internal/redirect.ts"
import type { EndpointFilter as CatalogFilter } from "./ServiceCatalog.ts"
import * as ServiceTypes from "./ServiceTypes.ts"
import { makeLimits } from "./session/limits.ts"
import { version } from "./version.ts"

// ---------------------------------------------------------------------------------------------------------------------
// Options
// ---------------------------------------------------------------------------------------------------------------------

/**
 * Which endpoint a relative path is under: the catalog filter, plus the API version wanted (discovered at the
 * endpoint: `version` is the lowest acceptable in its major, or a `minVersion` / `maxVersion` range).
 *
 * @example
 * const filter: Session.EndpointFilter = { serviceType: "identity", interface: "public", version: "3" }
 */
export interface EndpointFilter extends CatalogFilter {
  readonly version?: Discovery.VersionInput | undefined
  readonly minVersion?: Discovery.VersionInput | undefined
  readonly maxVersion?: Discovery.VersionInput | undefined
}

/**
 * Client-side limits of a service: requests per second (spaced evenly, first come first served, no burst after an
 * idle period) and requests in flight at once (in this process). The rate is kept in effect's `RateLimiterStore` of
 * the context when there is one: with `RateLimiter.layerStoreRedis` (keyed by the official service type, so give
 * each cloud its own `prefix`), N processes together keep one rate; if that store fails or is slow, each process keeps
 * the rate on its own until it is back (one warning per outage).
 *
 * @example
 * const limits: Session.ServiceLimits = { rateLimit: 5, concurrency: 2 }
 */
export interface ServiceLimits {
  readonly rateLimit?: number | undefined
  readonly concurrency?: number | undefined
}

/** Options a request may give and a session may default. */
interface Tunables {
  /** Follow up to this many redirects (default 30); `false`: return the 3xx as it is. */
  readonly redirects?: number | false | undefined
  /** Retries of a connection failure (default 0). */
  readonly connectRetries?: number | undefined
  /** Retries of a retriable status (default 0). */
  readonly statusCodeRetries?: number | undefined
  /** The statuses worth retrying (default 429 and 503). */
  readonly retriableStatusCodes?: ReadonlyArray<number> | undefined
  /** The first retry delay, doubled each time (default 0.5 s). */
  readonly retryDelay?: Duration.Input | undefined
  /**
   * The longest backoff between retries (default 60 s); a longer `Retry-After` is still honoured, unless it does not
   * fit before the deadline: then the server's answer (its `retryAfter` kept) is the result at once.
   */
  readonly maxRetryDelay?: Duration.Input | undefined
  /** The longest wait for one try's answer, body included (default 60 s). */
  readonly timeout?: Duration.Input | undefined
  /**
   * The largest answer a request may read (default 64 MiB): the body of a larger one is not read past the limit (a
   * `Content-Length` over it is refused at once), and the request fails with `ResponseTooLarge`.
   */
  readonly maxResponseSize?: ByteSize.Input | undefined
  /** The longest a whole request may take: authentication, redirects and retries included (default 10 minutes). */
  readonly deadline?: Duration.Input | undefined
  /** Sent as `X-OpenStack-Request-ID`, to follow one operation across services. */
  readonly globalRequestId?: string | undefined
}

/**
 * What a session is made with.
 *
 * @example
 * Session.layer({ auth, userAgent: "my-app/1.2", connectRetries: 2, microversions: { compute: "2.79" } })
 */
export interface SessionOptions extends Tunables {
  /** The plugin that authenticates requests (a request may give its own). */
  readonly auth?: AuthPlugin | undefined
  /** The application, put before `effect-openstack/<version>` in the User-Agent, e.g. "my-app/1.2". */
  readonly userAgent?: string | undefined
  /** The end user's address, for services behind a proxy: sent as `Forwarded: for=<ip>`. */
  readonly originalIp?: string | undefined
  /** A microversion per service type, e.g. `{ compute: "2.79" }`. */
  readonly microversions?: Readonly<Record<string, string>> | undefined
  /** Client-side limits per service type. */
  readonly limits?: Readonly<Record<string, ServiceLimits>> | undefined
}

/**
 * What one request may say.
 *
 * @example
 * session.request("/v3/users", { method: "POST", endpointFilter: { serviceType: "identity" }, json: { user } })
 */
export interface RequestOptions extends Tunables {
  readonly method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE" | "HEAD" | "OPTIONS" | undefined
  readonly endpointFilter?: EndpointFilter | undefined
  /** Use this endpoint instead of the catalog's; `{project_id}` (or `%(project_id)s`) is the token's project. */
  readonly endpointOverride?: string | undefined
  /** Send a token: `true`, `false`, or (unset) when a plugin exists. */
  readonly authenticated?: boolean | undefined
  /** A plugin for this request only, in place of the session's. */
  readonly auth?: AuthPlugin | undefined
  /** A JSON body (sets Content-Type and Accept). */
  readonly json?: unknown
  /** Any other body. */
  readonly body?: HttpBody.HttpBody | undefined
  readonly headers?: Readonly<Record<string, string>> | undefined
  readonly urlParams?: Readonly<Record<string, string | ReadonlyArray<string>>> | undefined
  /** `false`: return the response whatever its status (default `true`: a status of 400 or more fails). */
  readonly raiseExc?: boolean | undefined
  /** On a 401, invalidate the token that was sent and try once more (default `true`). */
  readonly allowReauth?: boolean | undefined
  /** Retry non-idempotent methods (POST, PATCH) on retriable statuses and ambiguous connection failures too. */
  readonly retryNonIdempotent?: boolean | undefined
  /**
   * Follow a redirect that would send this request's body to another origin (default `false`: such a redirect fails
   * with `OtherRedirection`, as the body may hold a password). Credentials headers never go there either way.
   */
  readonly redirectBodyAcrossOrigins?: boolean | undefined
  /** The microversion for this request (else the session's for the service type). */
  readonly microversion?: string | undefined
  /** Put before `effect-openstack/<version>` in the User-Agent (else the session's). */
  readonly userAgent?: string | undefined
}

/**
 * A Session's answer: effect's `HttpClientResponse` — status, headers, the body already read — whose `request` is the
 * one sent without its credentials (printed or logged, it shows no token), and whose body accessors (`json`, `text`,
 * `arrayBuffer`, `stream`, …) fail with the SDK's own {@link InvalidResponse} (a body that is not JSON), never with
 * effect's `HttpClientError`.
 *
 * @example
 * const response: Session.Response = yield* session.get(url)
 * const body = yield* response.json // Effect<Schema.Json, InvalidResponse>
 */
export type Response = AnswerResponse

/**
 * Everything a request can fail with.
 *
 * @example
 * const status: Effect.Effect<number, Session.SessionError> = Effect.map(session.get(url), (r) => r.status)
 */
export type SessionError =
  | RequestError
  | AuthenticationError
  | CatalogError
  | MissingAuthPlugin

/**
 * The Session's operations (seed 003's `Session`).
 *
 * @example
 * const session: Session.SessionShape = yield* Session.Session
 */
export interface SessionShape extends Verbs<Response, SessionError> {
  /** The URL of the endpoint a filter selects (with version discovery when a version is given). */
  readonly getEndpoint: (filter: EndpointFilter, auth?: AuthPlugin) => Effect.Effect<string, SessionError>
  /** The plugin's token (`undefined` for plugins without tokens: noauth, HTTP basic). */
  readonly getToken: (auth?: AuthPlugin) => Effect.Effect<Redacted.Redacted<string> | undefined, SessionError>
  /**
   * The token, authenticating if needed (openstacksdk's `authorize()`); an {@link AuthorizationFailure} for plugins
   * without tokens.
   */
  readonly authorize: (auth?: AuthPlugin) => Effect.Effect<Redacted.Redacted<string>, SessionError>
  /** The headers that authenticate a request, values in clear (they are yours to send). */
  readonly getAuthHeaders: (auth?: AuthPlugin) => Effect.Effect<Readonly<Record<string, string>>, SessionError>
  readonly getUserId: (auth?: AuthPlugin) => Effect.Effect<string | undefined, SessionError>
  readonly getProjectId: (auth?: AuthPlugin) => Effect.Effect<string | undefined, SessionError>
  /** Forgets the plugin's token, so the next request authenticates again. */
  readonly invalidate: (auth?: AuthPlugin) => Effect.Effect<boolean>
  /** The HttpClient the session sends through (timeouts, full bodies, Debug lines): what its plugins use. */
  readonly client: HttpClient.HttpClient
}

/**
 * A request function and its verbs: `get`, `post`, … are `request` with the method set.
 *
 * @example
 * const { get, post } = Session.withVerbs((url, options) => session.request(url, options))
 */
export const withVerbs = <A, E>(
  request: (url: string, options?: RequestOptions) => Effect.Effect<A, E>
): Verbs<A, E> => {
  const verb = (method: NonNullable<RequestOptions["method"]>) => (url: string, options: RequestOptions = {}) =>
    request(url, { ...options, method })
  return {
    request,
    get: verb("GET"),
    post: verb("POST"),
    put: verb("PUT"),
    patch: verb("PATCH"),
    delete: verb("DELETE"),
    head: verb("HEAD")
  }
}

/**
 * A request function and a function per method.
 *
 * @example
 * const verbs: Session.Verbs<HttpClientResponse.HttpClientResponse, Session.SessionError> = session
 */
export interface Verbs<A, E> {
  readonly request: (url: string, options?: RequestOptions) => Effect.Effect<A, E>
  readonly get: (url: string, options?: RequestOptions) => Effect.Effect<A, E>
  readonly post: (url: string, options?: RequestOptions) => Effect.Effect<A, E>
  readonly put: (url: string, options?: RequestOptions) => Effect.Effect<A, E>
  readonly patch: (url: string, options?: RequestOptions) => Effect.Effect<A, E>
  readonly delete: (url: string, options?: RequestOptions) => Effect.Effect<A, E>
  readonly head: (url: string, options?: RequestOptions) => Effect.Effect<A, E>
}

/**
 * The Session service.
 *
 * @example
 * const response = yield* Session.Session.use((s) => s.get("https://keystone.example/v3"))
 */
export class Session extends Context.Service<Session, SessionShape>()("effect-openstack/Session") {}

// ---------------------------------------------------------------------------------------------------------------------
// Headers
// ---------------------------------------------------------------------------------------------------------------------

const runtimeName = (): string => {
  const g = globalThis as { readonly process?: { readonly versions?: Readonly<Record<string, string>> } }
  const versions = g.process?.versions
  if (versions?.bun !== undefined) return `bun/${versions.bun}`
  if (versions?.deno !== undefined) return `deno/${versions.deno}`
  if (versions?.node !== undefined) return `node/${versions.node}`
  return "javascript"
}

/**
 * The User-Agent: the application (if any), `effect-openstack/<version>` and the runtime.
 *
 * @example
 * Session.userAgent("my-app/1.2") // "my-app/1.2 effect-openstack/0.1.0 node/24.21.0"
 */
export const userAgent = (application?: string): string =>
  [application, `effect-openstack/${version}`, runtimeName()].filter((part) => part !== undefined && part !== "").join(" ")

/** The pre-standard microversion headers some services still read (keystoneauth1 sends both). */
const legacyMicroversionHeaders: Readonly<Record<string, string>> = {
  compute: "x-openstack-nova-api-version",
  baremetal: "x-openstack-ironic-api-version",
  "shared-file-system": "x-openstack-manila-api-version"
}

/**
 * The headers that ask a service for a microversion: `OpenStack-API-Version: <type> <version>` (block storage calls
 * itself "volume" there), and the legacy header of compute, bare metal and shared file systems.
 *
 * @example
 * Session.microversionHeaders("compute", "2.79")
 * // { "openstack-api-version": "compute 2.79", "x-openstack-nova-api-version": "2.79" }
 */
export const microversionHeaders = (serviceType: string, microversion: string): Record<string, string> => {
  const type = ServiceTypes.official(serviceType)
  const legacy = legacyMicroversionHeaders[type]
  return {
    "openstack-api-version": `${type === "block-storage" ? "volume" : type} ${microversion}`,
    ...(legacy === undefined ? {} : { [legacy]: microversion })
  }
}

/** Headers that authenticate a request: never sent to another origin than the one they were meant for. */

// ---------------------------------------------------------------------------------------------------------------------
// The client every try goes through: per-try timeout, body read in full, Debug lines
// ---------------------------------------------------------------------------------------------------------------------

/**
 * The HttpClient a session sends through: each request is logged (Debug, redacted), its answer read in full (the
 * response keeps it) and logged, all within `timeout` (or the time left before the request's deadline). Effect's own
 * client span is off: the Session's span covers the request, with the OpenStack attributes.
 *
 * The bound is enforced by the transport itself when it can (`Transport.node`: one timer that aborts the request),
 * else by racing each try against a timer.
 *
 * @example
 * const client = Session.sessionClient(yield* HttpClient.HttpClient, Duration.seconds(30))
 */
export const sessionClient = (
  base: HttpClient.HttpClient,
  timeout: Duration.Duration,
  maxResponseSize?: ByteSize.Input
): HttpClient.HttpClient =>
  clientOf(base, makeTry(base, timeout, bytesOf(maxResponseSize)))

/** The largest answer a session reads when its options do not say: 64 MiB. */
const defaultMaxResponseBytes = 64 * 1024 * 1024

/** A size in bytes, as a number; the default when none is given, or for what is not a size (only a cast gives one). */
const bytesOf = (input: ByteSize.Input | undefined): number =>
  input === undefined
    ? defaultMaxResponseBytes
    : Option.match(ByteSize.fromInput(input), { onNone: () => defaultMaxResponseBytes, onSome: Number })

// ---------------------------------------------------------------------------------------------------------------------
// Retries
// ---------------------------------------------------------------------------------------------------------------------

const idempotent: ReadonlySet<string> = new Set(["GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE"])

/** A response with a retriable status, carried through `Effect.retry` as a failure. */
class RetriableStatus {
  readonly _tag = "RetriableStatus"
  readonly response: Response
  readonly retryAfter: number | undefined
  constructor(response: Response, retryAfter: number | undefined) {
    this.response = response
    this.retryAfter = retryAfter
  }
}

interface Backoff {
  readonly base: Duration.Duration
  readonly cap: Duration.Duration
}

/**
 * Exponential backoff from `base`, jittered, capped at `cap`, never shorter than the server's Retry-After; a wait that
 * does not fit in the time left before the deadline ends the retries, so the caller gets the last answer (the server's
 * 503 with its Retry-After, the connection's failure) at once instead of a deadline timeout after a useless sleep.
 */
const backoff = (policy: Backoff, retryAfterOf: (error: unknown) => number | undefined, deadline: number) =>
  Schedule.exponential(policy.base).pipe(
    Schedule.jittered,
    Schedule.modifyDelay(({ duration, input }) => {
      const capped = Duration.min(Duration.fromInputUnsafe(duration), policy.cap)
      const asked = retryAfterOf(input)
      return Effect.succeed(asked === undefined ? capped : Duration.max(capped, Duration.seconds(asked)))
    }),
    Schedule.while(({ duration }) => Effect.map(timeLeft(deadline), (left) => Duration.toMillis(duration) < left))
  )

const isRetriableStatus = (error: unknown): error is RetriableStatus => error instanceof RetriableStatus

const retryAfterOf = (error: unknown): number | undefined =>
  error instanceof RetriableStatus ? error.retryAfter : undefined

// ---------------------------------------------------------------------------------------------------------------------
// The session
// ---------------------------------------------------------------------------------------------------------------------

const orDefault = (input: Duration.Input | undefined, fallback: Duration.Duration): Duration.Duration =>
  input === undefined ? fallback : Duration.fromInputUnsafe(input)

const isAbsolute = (url: string): boolean => /^[a-z][a-z\d+.-]*:\/\//i.test(url)

const join = (base: string, path: string): string =>
  path === "" ? base : `${base.replace(/\/+$/, "")}/${path.replace(/^\/+/, "")}`

/** `{project_id}` (openstacksdk) or `%(project_id)s` (keystoneauth1) in an endpoint override. */
const projectIdPlaceholder = /\{project_id\}|%\(project_id\)s/g

/**
 * One request being served: its plan, its span, its deadline (epoch milliseconds) and the tries counted so far, across
 * hops and retries (its tries run one at a time), kept on the span as `openstack.attempts`.
 */
interface Run {
  readonly plan: Plan
  readonly span: Tracer.Span
  readonly deadline: number
  attempts: number
}

/** One hop of a request: whether credentials may go to its origin. */
interface Hop {
  readonly run: Run
  readonly credentials: boolean
}

/**
 * The values of auth headers as request headers, for the headers objects that never change (frozen: a plugin's held
 * headers, one per token): unwrapped once each.
 */
const authRequestHeaders = new WeakMap<AuthHeaders, Headers.Headers>()

const unwrap = (headers: AuthHeaders): Headers.Headers => Headers.fromInput(Record.map(headers, Redacted.value))

/** The values of a plugin's headers (once per frozen headers object). */
const authHeaderValues = (headers: AuthHeaders): Headers.Headers => {
  const known = authRequestHeaders.get(headers)
  if (known !== undefined) return known
  const values = unwrap(headers)
  if (Object.isFrozen(headers)) authRequestHeaders.set(headers, values)
  return values
}

/** The request with the plugin's headers. */
const withAuthHeaders = (request: HttpClientRequest.HttpClientRequest, headers: AuthHeaders) => {
  const values = authHeaderValues(headers)
  return HttpClientRequest.updateHeaders(request, (own) => Headers.merge(own, values))
}

/** What a request (or a step of it) answers. */
type Answer = Effect.Effect<Response, SessionError>

/** What a step does with an answer. */
type Next = (response: Response) => Answer

/** Everything one request needs, resolved once. */
interface Plan {
  readonly options: RequestOptions
  readonly plugin: AuthPlugin | undefined
  readonly authenticate: boolean
  readonly serviceType: string | undefined
  readonly raiseExc: boolean
  readonly allowReauth: boolean
  readonly redirects: number | false
  readonly connectRetries: number
  readonly statusCodeRetries: number
  readonly retriable: ReadonlySet<number>
  readonly retryNonIdempotent: boolean
  readonly backoff: Backoff
  readonly deadline: Duration.Duration
}

/**
 * Makes a session on the `HttpClient` of the context.
 *
 * @example
 * const session = yield* Session.make({ auth, connectRetries: 2 })
 */
export const make = (sessionOptions: SessionOptions = {}): Effect.Effect<SessionShape, never, HttpClient.HttpClient> =>
  Effect.gen(function* () {
    const timeout = Duration.fromInputUnsafe(sessionOptions.timeout ?? "60 seconds")
    const transport = yield* HttpClient.HttpClient
    const oneTry = makeTry(transport, timeout, bytesOf(sessionOptions.maxResponseSize))
    /** The User-Agent of requests that do not set their own application. */
    const sessionUserAgent = userAgent(sessionOptions.userAgent)

    /** The headers every request of this session starts from (made once: every request sends them). */
    const sessionHeaders = Headers.fromInput({
      "user-agent": sessionUserAgent,
      ...(sessionOptions.originalIp === undefined
        ? {}
        : { forwarded: `for=${sessionOptions.originalIp};by=effect-openstack` }),
      ...(sessionOptions.globalRequestId === undefined ? {} : { "x-openstack-request-id": sessionOptions.globalRequestId })
    })

    /**
     * The session's client, for the plugin's authentication, discovery and callers of `session.client`: its requests
     * carry the session's headers too (keystoneauth1 sends its User-Agent with every request, authentication included).
     */
    const client = HttpClient.mapRequest(
      clientOf(transport, oneTry),
      HttpClientRequest.updateHeaders((own) => Headers.merge(sessionHeaders, own))
    )
    /** `client.execute`: what the request's steps call. */
    const execute = executeOf(transport, oneTry)
    const discovery = yield* Effect.provideService(Discovery.make, HttpClient.HttpClient, client)
    const limitsFor = yield* makeLimits(sessionOptions.limits)
    const withClient = <A, E>(effect: Effect.Effect<A, E, HttpClient.HttpClient>) =>
      Effect.provideService(effect, HttpClient.HttpClient, client)

    /** The session's defaults, read once. */
    const defaults = {
      retriable: new Set(sessionOptions.retriableStatusCodes ?? [429, 503]),
      backoff: {
        base: Duration.fromInputUnsafe(sessionOptions.retryDelay ?? "500 millis"),
        cap: Duration.fromInputUnsafe(sessionOptions.maxRetryDelay ?? "60 seconds")
      },
      deadline: Duration.fromInputUnsafe(sessionOptions.deadline ?? "10 minutes")
    }

    const pluginFor = (auth: AuthPlugin | undefined) => auth ?? sessionOptions.auth

    const requirePlugin = (auth: AuthPlugin | undefined, what: string) => {
      const plugin = pluginFor(auth)
      return plugin === undefined
        ? Effect.fail(new MissingAuthPlugin({ message: `${what} needs an auth plugin, and the session has none` }))
        : Effect.succeed(plugin)
    }

    const getEndpoint = (filter: EndpointFilter, auth?: AuthPlugin): Effect.Effect<string, SessionError> =>
      Effect.gen(function* () {
        const plugin = yield* requirePlugin(auth, `the endpoint of ${filter.serviceType ?? "a service"}`)
        const { version, minVersion, maxVersion, ...catalogFilter } = filter
        const url = yield* withClient(plugin.getEndpoint(catalogFilter))
        if (version === undefined && minVersion === undefined && maxVersion === undefined) return url
        const required = version !== undefined ? version : { minVersion, maxVersion }
        return yield* Discovery.endpointForCatalogUrl(discovery, filter.serviceType ?? "", url, required)
      })

    /** The absolute URL of a request. */
    const resolveUrl = (url: string, plan: Plan): Effect.Effect<string, SessionError> => {
      if (isAbsolute(url)) return Effect.succeed(url)
      const { endpointOverride, endpointFilter } = plan.options
      if (endpointOverride !== undefined) {
        if (!projectIdPlaceholder.test(endpointOverride)) return Effect.succeed(join(endpointOverride, url))
        return Effect.gen(function* () {
          const plugin = yield* requirePlugin(plan.options.auth, `the {project_id} of ${endpointOverride}`)
          const projectId = (yield* withClient(plugin.getProjectId)) ?? ""
          return join(endpointOverride.replaceAll(projectIdPlaceholder, projectId), url)
        })
      }
      if (endpointFilter !== undefined) {
        return Effect.map(getEndpoint(endpointFilter, plan.options.auth), (base) => join(base, url))
      }
      return Effect.fail(
        new ValidationError({
          message: `"${url}" is a relative path: give an absolute URL, an endpointFilter (e.g. { serviceType: "identity" }) `
            + "or an endpointOverride"
        })
      )
    }

    /** The request, with every header but authentication's. */
    const build = (url: string, plan: Plan): HttpClientRequest.HttpClientRequest => {
      const { options } = plan
      const microversion = options.microversion
        ?? (plan.serviceType === undefined
          ? undefined
          : sessionOptions.microversions?.[ServiceTypes.official(plan.serviceType)]
            ?? sessionOptions.microversions?.[plan.serviceType])
      // The request's own over the session's; the caller's headers are normalised over these.
      const own: Record<string, string> = {}
      if (options.userAgent !== undefined) own["user-agent"] = userAgent(options.userAgent)
      if (options.globalRequestId !== undefined) own["x-openstack-request-id"] = options.globalRequestId
      if (microversion !== undefined && plan.serviceType !== undefined) {
        Object.assign(own, microversionHeaders(plan.serviceType, microversion))
      }
      if (options.json !== undefined) own.accept = "application/json"
      let headers = Object.keys(own).length === 0 ? sessionHeaders : Headers.setAll(sessionHeaders, own)
      if (options.headers !== undefined) headers = Headers.setAll(headers, options.headers)
      let request = HttpClientRequest.makeWith(
        options.method ?? "GET",
        url,
        UrlParams.empty,
        Option.none(),
        headers,
        HttpBody.empty
      )
      if (options.urlParams !== undefined) request = HttpClientRequest.setUrlParams(request, options.urlParams)
      if (options.json !== undefined) request = HttpClientRequest.bodyJsonUnsafe(request, options.json)
      else if (options.body !== undefined) request = HttpClientRequest.setBody(request, options.body)
      return request
    }

    /**
     * The context of what may talk to Keystone or log for a request: its span as the parent, its deadline, the
     * session's client (for the plugin). A request's own tries need none of it (their deadline is given to them), so
     * a request whose token is held changes no context at all.
     */
    const inSession = (run: Run) =>
      <A, E>(effect: Effect.Effect<A, E, HttpClient.HttpClient>): Effect.Effect<A, E> =>
        // Effect.withParentSpan (as Effect.withSpan does it, without a stack trace), in one change of the context.
        Effect.updateContext(effect, (context: Context.Context<never>) =>
          context.pipe(
            Context.add(Tracer.ParentSpan, run.span),
            Context.add(References.CurrentStackFrame, {
              name: "Session.request",
              stack: constUndefined,
              parent: Context.get(context, References.CurrentStackFrame)
            }),
            Context.add(Deadline, run.deadline),
            Context.add(HttpClient.HttpClient, client)
          ))

    /**
     * One try: the plugin's headers (unless credentials must not go there: the held ones when it has them, else
     * `getHeaders` in the request's context), the service's limits, the send; and on a 401 for a token this session
     * sent, one more after invalidating that token (`reauth`).
     */
    const attemptWithReauth = (
      request: HttpClientRequest.HttpClientRequest,
      hop: Hop,
      next: Next | undefined,
      reauth = hop.run.plan.allowReauth
    ): Answer => {
      const { run, credentials } = hop
      const { plan } = run
      const plugin = plan.plugin
      const send = (fiber: Fiber.Fiber<unknown, unknown>, headers: AuthHeaders | undefined) => {
        const sent = headers === undefined ? request : withAuthHeaders(request, headers)
        run.attempts++
        run.span.attribute("openstack.attempts", run.attempts)
        const limited = limitsFor(plan.serviceType, sent, run.deadline)
        const tried = limited === undefined
          ? execute(fiber, sent, run.deadline)
          : inSession(run)(limited(Effect.withFiber((after) => execute(after, sent, run.deadline))))
        const token = headers?.["x-auth-token"]
        const invalidate = reauth && token !== undefined && plugin !== undefined
          ? inSession(run)(plugin.invalidate(token))
          : undefined
        return Effect.matchEffect(tried, {
          onFailure: fromHttpClientError,
          onSuccess: (answer) => {
            // The answer names the request without the plugin's headers (printed, it shows no credentials), and its
            // body accessors fail with InvalidResponse.
            const response = toAnswer(answer, request)
            if (invalidate !== undefined && response.status === 401) {
              return Effect.andThen(invalidate, attemptWithReauth(request, hop, next, false))
            }
            return next === undefined ? Effect.succeed(response) : next(response)
          }
        })
      }
      // An effect run again by each retry: every try is counted, and asks for the headers at its time.
      if (!credentials || !plan.authenticate || plugin === undefined) {
        return Effect.withFiber((fiber) => send(fiber, undefined))
      }
      return Effect.withFiber((fiber) => {
        const headers = heldHeaders(plugin.getHeaders, fiber.getRef(Clock.Clock).currentTimeMillisUnsafe())
        return headers === undefined
          ? Effect.flatMap(inSession(run)(plugin.getHeaders), (fetched) => send(fiber, fetched))
          : send(fiber, headers)
      })
    }

    /** A try with its retries (connection failures, then retriable statuses); its answer goes to `next`. */
    const send = (request: HttpClientRequest.HttpClientRequest, hop: Hop, next: Next): Answer => {
      const { plan, deadline } = hop.run
      const safe = idempotent.has(request.method) || plan.retryNonIdempotent
      const statusRetries = plan.statusCodeRetries !== 0 && safe
      // Without retries, the answer goes straight on (one step less per request).
      if (plan.connectRetries === 0 && !statusRetries) return attemptWithReauth(request, hop, next)
      const once = attemptWithReauth(request, hop, undefined)
      const connectRetriable = (error: SessionError) =>
        isConnectionError(error) && !isDeadline(error) && (safe || neverReachedServer(error))
      const schedule = backoff(plan.backoff, retryAfterOf, deadline)
      const withConnectRetries = plan.connectRetries === 0
        ? once
        : Effect.retry(once, { times: plan.connectRetries, schedule, while: connectRetriable })
      if (!statusRetries) return Effect.flatMap(withConnectRetries, next)
      return withConnectRetries.pipe(
        Effect.flatMap((response) =>
          plan.retriable.has(response.status)
            ? Effect.flatMap(Clock.currentTimeMillis, (now) =>
                Effect.fail(new RetriableStatus(response, parseRetryAfter(response.headers["retry-after"], now))))
            : Effect.succeed(response)
        ),
        Effect.retry({ times: plan.statusCodeRetries, schedule, while: isRetriableStatus }),
        Effect.catchIf(isRetriableStatus, (error) => Effect.succeed(error.response)),
        Effect.flatMap(next)
      )
    }

    /**
     * Sends, following redirects (see redirect.ts: method kept but for 303, credentials to the first origin only and
     * never after the chain left it, a body to another origin only if allowed); the answer that is not a redirect goes
     * to `answer`.
     */
    const follow = (
      request: HttpClientRequest.HttpClientRequest,
      run: Run,
      answer: Next
    ): Answer => {
      const { plan } = run
      /** `chain`: found at the first redirect (a request that is not redirected needs none). */
      const loop = (current: HttpClientRequest.HttpClientRequest, hops: number, chain: Chain | undefined): Answer =>
        send(current, { run, credentials: chain === undefined || !chain.left }, (response) => {
          const location = response.headers.location
          if (plan.redirects === false || !redirectStatuses.has(response.status) || location === undefined) {
            return answer(response)
          }
          if (hops >= plan.redirects) {
            return Effect.fail(
              new OtherRedirection({
                status: response.status,
                method: current.method,
                url: redactUrl(current.url),
                message: `${current.method} ${redactUrl(request.url)}: gave up after ${hops} redirects (the last to ${redactUrl(location)})`
              })
            )
          }
          const from = chain ?? { origin: URL.parse(request.url)?.origin ?? "", left: false }
          const hop = nextHop(current, response.status, location, from, plan.options.redirectBodyAcrossOrigins === true)
          return hop._tag === "Refuse" ? Effect.fail(hop.error) : loop(hop.request, hops + 1, hop.chain)
        })
      return loop(request, 0, undefined)
    }

    const planOf = (options: RequestOptions): Plan => {
      const plugin = pluginFor(options.auth)
      return {
        options,
        plugin,
        authenticate: options.authenticated ?? plugin !== undefined,
        serviceType: options.endpointFilter?.serviceType,
        raiseExc: options.raiseExc ?? true,
        allowReauth: options.allowReauth ?? true,
        redirects: options.redirects ?? sessionOptions.redirects ?? 30,
        connectRetries: options.connectRetries ?? sessionOptions.connectRetries ?? 0,
        statusCodeRetries: options.statusCodeRetries ?? sessionOptions.statusCodeRetries ?? 0,
        retriable: options.retriableStatusCodes === undefined
          ? defaults.retriable
          : new Set(options.retriableStatusCodes),
        retryNonIdempotent: options.retryNonIdempotent ?? false,
        backoff: options.retryDelay === undefined && options.maxRetryDelay === undefined
          ? defaults.backoff
          : {
              base: orDefault(options.retryDelay, defaults.backoff.base),
              cap: orDefault(options.maxRetryDelay, defaults.backoff.cap)
            },
        deadline: orDefault(options.deadline, defaults.deadline)
      }
    }

    const request = (url: string, options: RequestOptions = {}): Answer => {
      const plan = planOf(options)
      const method = options.method ?? "GET"
      if (plan.authenticate && plan.plugin === undefined) {
        return Effect.fail(new MissingAuthPlugin({ message: `${method} ${redactUrl(url)} must be authenticated, and the session has no auth plugin` }))
      }
      const deadline = Duration.toMillis(plan.deadline)
      // Effect.withSpan, with the span at hand: its attributes are set as the request goes, without an effect each.
      return Effect.useSpan("Session.request", (span: Tracer.Span) =>
        Effect.withFiber((fiber) => {
          const run: Run = {
            plan,
            span,
            deadline: fiber.getRef(Clock.Clock).currentTimeMillisUnsafe() + deadline,
            attempts: 0
          }
          span.attribute("openstack.attempts", 0)
          const sendTo = (absolute: string) => {
            span.attribute("http.request.method", method)
            span.attribute("url.full", redactUrl(absolute))
            if (plan.serviceType !== undefined) span.attribute("openstack.service_type", plan.serviceType)
            return follow(build(absolute, plan), run, (response) => {
              span.attribute("http.response.status_code", response.status)
              const requestId = requestIdOf(response.headers)
              if (requestId !== undefined) span.attribute("openstack.request_id", requestId)
              return plan.raiseExc && response.status >= 400
                ? Effect.flatMap(fromResponse(response), (error) => Effect.fail(error))
                : Effect.succeed(response)
            })
          }
          const answer = isAbsolute(url) ? sendTo(url) : Effect.flatMap(inSession(run)(resolveUrl(url, plan)), sendTo)
          const deadlineReached = (error: SessionError): SessionError =>
            isDeadline(error)
              ? new ConnectTimeout({
                  method,
                  url: redactUrl(url),
                  message: `${method} ${redactUrl(url)}: no answer within the deadline of ${Duration.format(plan.deadline)} `
                    + `(${run.attempts} tries)`
                })
              : error
          const bounded = Effect.mapError(answer, deadlineReached)
          // Debug lines belong to the request's span: with Debug on, everything runs in the request's context.
          return debugOn(fiber) ? inSession(run)(bounded) : bounded
        }))
    }

    const withPlugin = <A>(
      auth: AuthPlugin | undefined,
      what: string,
      f: (plugin: AuthPlugin) => Effect.Effect<A, SessionError, HttpClient.HttpClient>
    ) => Effect.flatMap(requirePlugin(auth, what), (plugin) => withClient(f(plugin)))

    return {
      ...withVerbs(request),
      getEndpoint,
      getToken: (auth) => withPlugin(auth, "a token", (p) => p.getToken),
      authorize: (auth) =>
        withPlugin(auth, "a token", (p) =>
          Effect.flatMap(p.getToken, (token) =>
            token === undefined
              ? Effect.fail(new AuthorizationFailure({ message: `the ${p.name} auth plugin gives no token to authorize with` }))
              : Effect.succeed(token))),
      getAuthHeaders: (auth) =>
        withPlugin(auth, "auth headers", (p) =>
          Effect.map(p.getHeaders, (headers) => Record.map(headers, Redacted.value))),
      getUserId: (auth) => withPlugin(auth, "a user id", (p) => p.getUserId),
      getProjectId: (auth) => withPlugin(auth, "a project id", (p) => p.getProjectId),
      invalidate: (auth) => {
        const plugin = pluginFor(auth)
        return plugin === undefined ? Effect.succeed(false) : plugin.invalidate()
      },
      client
    } satisfies SessionShape
  })

/**
 * The Session service on the `HttpClient` of the context (a Transport layer).
 *
 * @example
 * program.pipe(Effect.provide(Session.layer({ auth })), Effect.provide(Transport.node()))
 */
export const layer = (options: SessionOptions = {}): Layer.Layer<Session, never, HttpClient.HttpClient> =>
  Layer.effect(Session, make(options))
