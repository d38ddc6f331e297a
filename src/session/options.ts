/**
 * What a Session and its requests are made with: the options (keystoneauth1's Session and request arguments), what a
 * request answers and what it can fail with. `Session` re-exports them.
 *
 * @module
 */
import type * as ByteSize from "effect/ByteSize"
import type * as Duration from "effect/Duration"
import type * as HttpBody from "effect/http/HttpBody"
import type { AuthenticationError, AuthPlugin } from "../auth/AuthPlugin.ts"
import type * as Discovery from "../Discovery.ts"
import type { CatalogError, MissingAuthPlugin, RequestError } from "../Errors.ts"
import type { Response as AnswerResponse } from "../internal/answer.ts"
import type { EndpointFilter as CatalogFilter } from "../ServiceCatalog.ts"

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
export interface Tunables {
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
