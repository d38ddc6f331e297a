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
import type { AccessInfo } from "./AccessInfo.ts"
import * as ByteSize from "effect/ByteSize"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Record from "effect/Record"
import * as Redacted from "effect/Redacted"
import * as Headers from "effect/http/Headers"
import * as HttpClient from "effect/http/HttpClient"
import * as HttpClientRequest from "effect/http/HttpClientRequest"
import type { AuthPlugin } from "./auth/AuthPlugin.ts"
import * as Discovery from "./Discovery.ts"
import { AuthorizationFailure } from "./Errors.ts"
import { clientOf, executeOf, makeTry } from "./internal/sessionTry.ts"
import { sessionHeadersOf } from "./session/headers.ts"
import { makeLimits } from "./session/limits.ts"
import type { EndpointFilter, RequestOptions, Response, SessionError, SessionOptions } from "./session/options.ts"
import { requestOf } from "./session/request.ts"
import { defaultsOf, inSessionClient, type SessionParts } from "./session/run.ts"
import { getEndpoint, requirePlugin } from "./session/url.ts"

// ---------------------------------------------------------------------------------------------------------------------
// Options
// ---------------------------------------------------------------------------------------------------------------------

export type {
  EndpointFilter,
  RequestOptions,
  Response,
  ServiceLimits,
  SessionError,
  SessionOptions,
  Tunables
} from "./session/options.ts"

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
  /**
   * The whole token (keystoneauth1's `session.auth.get_access(session)`): scope, user, expiry, catalog; authenticating
   * if needed, from the token store when it holds a fresh one.
   */
  readonly getAccess: (auth?: AuthPlugin) => Effect.Effect<AccessInfo, SessionError>
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

export { microversionHeaders, userAgent } from "./session/headers.ts"

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
// The session: its parts, and the steps of src/session/ over them
// ---------------------------------------------------------------------------------------------------------------------

/** The parts of a session every step uses (see session/run.ts). */
const partsOf = (options: SessionOptions): Effect.Effect<SessionParts, never, HttpClient.HttpClient> =>
  Effect.gen(function* () {
    const transport = yield* HttpClient.HttpClient
    const oneTry = makeTry(
      transport,
      Duration.fromInputUnsafe(options.timeout ?? "60 seconds"),
      bytesOf(options.maxResponseSize)
    )
    const headers = sessionHeadersOf(options)
    // The session's client, for the plugin's authentication, discovery and callers of `session.client`: its requests
    // carry the session's headers too (keystoneauth1 sends its User-Agent with every request, authentication included).
    const client = HttpClient.mapRequest(
      clientOf(transport, oneTry),
      HttpClientRequest.updateHeaders((own) => Headers.merge(headers, own))
    )
    return {
      options,
      client,
      execute: executeOf(transport, oneTry),
      // The Discovery service of the context when there is one (its cache shared with the app), else the session's own.
      discovery: Option.getOrUndefined(yield* Effect.serviceOption(Discovery.Discovery))
        ?? (yield* Effect.provideService(Discovery.make, HttpClient.HttpClient, client)),
      limitsFor: yield* makeLimits(options.limits),
      headers,
      defaults: defaultsOf(options)
    }
  })

/** The token of a plugin, for `authorize`: an {@link AuthorizationFailure} for plugins without tokens. */
const tokenToAuthorize = (plugin: AuthPlugin) =>
  Effect.flatMap(plugin.getToken, (token) =>
    token === undefined
      ? Effect.fail(new AuthorizationFailure({ message: `the ${plugin.name} auth plugin gives no token to authorize with` }))
      : Effect.succeed(token))

/**
 * Makes a session on the `HttpClient` of the context: its parts, then `request` as the steps of src/session/
 * (plan, URL, headers, tries with auth and limits, re-authentication, retries, redirects, status), and the plugin's
 * accessors on the session's client.
 *
 * @example
 * const session = yield* Session.make({ auth, connectRetries: 2 })
 */
export const make = (sessionOptions: SessionOptions = {}): Effect.Effect<SessionShape, never, HttpClient.HttpClient> =>
  Effect.map(partsOf(sessionOptions), (parts): SessionShape => {
    const withPlugin = <A>(
      auth: AuthPlugin | undefined,
      what: string,
      f: (plugin: AuthPlugin) => Effect.Effect<A, SessionError, HttpClient.HttpClient>
    ) => Effect.flatMap(requirePlugin(parts, auth, what), (plugin) => inSessionClient(parts)(f(plugin)))
    return {
      ...withVerbs(requestOf(parts)),
      getEndpoint: (filter, auth) => getEndpoint(parts, filter, auth),
      getToken: (auth) => withPlugin(auth, "a token", (p) => p.getToken),
      authorize: (auth) => withPlugin(auth, "a token", tokenToAuthorize),
      getAccess: (auth) => withPlugin(auth, "a token", (p) => p.getAccess),
      getAuthHeaders: (auth) =>
        withPlugin(auth, "auth headers", (p) => Effect.map(p.getHeaders, (headers) => Record.map(headers, Redacted.value))),
      getUserId: (auth) => withPlugin(auth, "a user id", (p) => p.getUserId),
      getProjectId: (auth) => withPlugin(auth, "a project id", (p) => p.getProjectId),
      invalidate: (auth) => {
        const plugin = auth ?? sessionOptions.auth
        return plugin === undefined ? Effect.succeed(false) : plugin.invalidate()
      },
      client: parts.client
    }
  })

/**
 * The Session service on the `HttpClient` of the context (a Transport layer).
 *
 * @example
 * program.pipe(Effect.provide(Session.layer({ auth })), Effect.provide(Transport.node()))
 */
export const layer = (options: SessionOptions = {}): Layer.Layer<Session, never, HttpClient.HttpClient> =>
  Layer.effect(Session, make(options))
