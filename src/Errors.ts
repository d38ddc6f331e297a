/**
 * Every way an OpenStack call can fail, as typed errors.
 *
 * One `Schema.TaggedError` class per case, named as keystoneauth1 names its exceptions so that Python users recognise
 * them (`Unauthorized`, `NotFound`, `ConnectFailure`, `EndpointNotFound`, …). Python's class hierarchy becomes unions
 * with guards: {@link HttpError}, {@link HttpClientFault}, {@link HttpServerError}, {@link HttpRedirection},
 * {@link ConnectionError}, {@link CatalogError}, {@link DiscoveryError}, {@link AuthError}.
 *
 * @example
 * import { Effect } from "effect"
 * import { Errors } from "effect-openstack"
 *
 * const program = Effect.fail(new Errors.NotFound({ status: 404, method: "GET", url: "http://x/v3/users/1",
 *   message: "GET http://x/v3/users/1 returned HTTP 404 Not Found" })).pipe(
 *   Effect.catchTag("NotFound", () => Effect.succeed("no such user")))
 *
 * @module
 */
import * as ByteSize from "effect/ByteSize"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Predicate from "effect/Predicate"
import * as Schema from "effect/Schema"
import type * as EffectHttpClientError from "effect/http/HttpClientError"
import type * as HttpClientRequest from "effect/http/HttpClientRequest"
import type * as HttpClientResponse from "effect/http/HttpClientResponse"
import { maskKnown, redactUrl } from "./internal/redact.ts"
import { limitOf } from "./internal/responseSize.ts"
import { sentSecrets } from "./internal/sentSecrets.ts"

// ---------------------------------------------------------------------------------------------------------------------
// HTTP status errors
// ---------------------------------------------------------------------------------------------------------------------

/** The fields every HTTP status error carries (keystoneauth1's `HttpError` attributes). */
const httpFields = {
  /** The HTTP status code. */
  status: Schema.Int,
  /** The request method. */
  method: Schema.String,
  /** The request URL, with user info and secret-looking query parameters redacted. */
  url: Schema.String,
  /** What failed: method, URL, status and the server's own message. */
  message: Schema.String,
  /** The server's request id (`x-openstack-request-id`, `x-compute-request-id` or the body's `request_id`). */
  requestId: Schema.optionalKey(Schema.String),
  /** More of what the server said: an error title, type or code, or the body of a text answer. */
  details: Schema.optionalKey(Schema.String),
  /** Seconds the server asked the client to wait (`Retry-After`, as seconds or an HTTP-date). */
  retryAfter: Schema.optionalKey(Schema.Number)
}

/**
 * The constructor argument shared by every HTTP status error.
 *
 * @example
 * const props: Errors.HttpErrorProps = { status: 409, method: "POST", url, message: "name taken" }
 * const error = new Errors.Conflict(props)
 */
export interface HttpErrorProps {
  readonly status: number
  readonly method: string
  readonly url: string
  readonly message: string
  readonly requestId?: string
  readonly details?: string
  readonly retryAfter?: number
}

/**
 * HTTP 300: the server offers several representations (an unversioned endpoint's version list).
 *
 * @example
 * Effect.catchTag(program, "MultipleChoices", (e) => Effect.logWarning("add a version to", e.url))
 */
export class MultipleChoices extends Schema.TaggedError<MultipleChoices>()("MultipleChoices", httpFields) {}
/**
 * A 3xx answer that was not followed (redirects off, or past the limit), other than 300.
 *
 * @example
 * Effect.catchTag(program, "OtherRedirection", (e) => Effect.logWarning("not followed:", e.status, e.url))
 */
export class OtherRedirection extends Schema.TaggedError<OtherRedirection>()("OtherRedirection", httpFields) {}

/**
 * HTTP 400: the request is malformed or fails the server's validation.
 *
 * @example
 * Effect.catchTag(program, "BadRequest", (e) => Effect.logError(e.details ?? e.message))
 */
export class BadRequest extends Schema.TaggedError<BadRequest>()("BadRequest", httpFields) {}
/**
 * HTTP 401: authentication is required, has failed, or the token is no longer valid.
 *
 * @example
 * Effect.tapErrorTag(program, "Unauthorized", (e) => Effect.logError("check the credentials", e.requestId))
 */
export class Unauthorized extends Schema.TaggedError<Unauthorized>()("Unauthorized", httpFields) {}
/**
 * HTTP 402.
 *
 * @example
 * new Errors.PaymentRequired({ status: 402, method: "POST", url, message: "payment required" })
 */
export class PaymentRequired extends Schema.TaggedError<PaymentRequired>()("PaymentRequired", httpFields) {}
/**
 * HTTP 403: authenticated, but not allowed to do this.
 *
 * @example
 * Effect.catchTag(listDomains, "Forbidden", () => Effect.succeed([]))
 */
export class Forbidden extends Schema.TaggedError<Forbidden>()("Forbidden", httpFields) {}
/**
 * HTTP 404: no such resource (or no such route).
 *
 * @example
 * Effect.catchTag(roles.find("reader"), "NotFound", () => roles.create({ name: "reader" }))
 */
export class NotFound extends Schema.TaggedError<NotFound>()("NotFound", httpFields) {}
/**
 * HTTP 405: the resource does not support this method.
 *
 * @example
 * Effect.catchTag(program, "MethodNotAllowed", () => Effect.logWarning("this cloud does not allow that call"))
 */
export class MethodNotAllowed extends Schema.TaggedError<MethodNotAllowed>()("MethodNotAllowed", httpFields) {}
/**
 * HTTP 406: the server cannot answer in a media type the request accepts.
 *
 * @example
 * Effect.catchTag(program, "NotAcceptable", (e) => Effect.logError("unsupported microversion?", e.details))
 */
export class NotAcceptable extends Schema.TaggedError<NotAcceptable>()("NotAcceptable", httpFields) {}
/**
 * HTTP 407: a proxy requires authentication.
 *
 * @example
 * Effect.catchTag(program, "ProxyAuthenticationRequired", (e) => Effect.logError("proxy credentials for", e.url))
 */
export class ProxyAuthenticationRequired extends Schema.TaggedError<ProxyAuthenticationRequired>()(
  "ProxyAuthenticationRequired",
  httpFields
) {}
/**
 * HTTP 408: the server timed out waiting for the request.
 *
 * @example
 * Effect.retry(program, { while: (e) => e._tag === "RequestTimeout", times: 2 })
 */
export class RequestTimeout extends Schema.TaggedError<RequestTimeout>()("RequestTimeout", httpFields) {}
/**
 * HTTP 409: the request conflicts with the resource's state (a duplicate name, an edit conflict).
 *
 * @example
 * Effect.catchTag(projects.create({ name: "demo" }), "Conflict", () => projects.find("demo"))
 */
export class Conflict extends Schema.TaggedError<Conflict>()("Conflict", httpFields) {}
/**
 * HTTP 410: the resource is gone for good.
 *
 * @example
 * Effect.catchTag(users.delete(userId), "Gone", () => Effect.void)
 */
export class Gone extends Schema.TaggedError<Gone>()("Gone", httpFields) {}
/**
 * HTTP 411: the request needs a Content-Length.
 *
 * @example
 * new Errors.LengthRequired({ status: 411, method: "PUT", url, message: "PUT without a Content-Length" })
 */
export class LengthRequired extends Schema.TaggedError<LengthRequired>()("LengthRequired", httpFields) {}
/**
 * HTTP 412: a precondition of the request (If-Match, …) does not hold.
 *
 * @example
 * Effect.retry(readModifyWrite, { while: (e) => e._tag === "PreconditionFailed", times: 3 })
 */
export class PreconditionFailed extends Schema.TaggedError<PreconditionFailed>()("PreconditionFailed", httpFields) {}
/**
 * HTTP 413: the request body is too large (or an over-quota request; may carry `retryAfter`).
 *
 * @example
 * Effect.catchTag(upload, "RequestEntityTooLarge", (e) =>
 *   Effect.logError(e.retryAfter === undefined ? "body too large" : "over quota, retry later"))
 */
export class RequestEntityTooLarge extends Schema.TaggedError<RequestEntityTooLarge>()(
  "RequestEntityTooLarge",
  httpFields
) {}
/**
 * HTTP 414: the URI is too long.
 *
 * @example
 * Effect.catchTag(listByIds(ids), "RequestUriTooLong", () => Effect.forEach(chunks(ids), listByIds))
 */
export class RequestUriTooLong extends Schema.TaggedError<RequestUriTooLong>()("RequestUriTooLong", httpFields) {}
/**
 * HTTP 415: the server does not accept the body's media type.
 *
 * @example
 * Errors.fromResponseInfo({ status: 415, method: "POST", url, headers: {}, body: "" }, Date.now())._tag
 * // "UnsupportedMediaType"
 */
export class UnsupportedMediaType extends Schema.TaggedError<UnsupportedMediaType>()(
  "UnsupportedMediaType",
  httpFields
) {}
/**
 * HTTP 416: the requested range cannot be served.
 *
 * @example
 * Effect.catchTag(download, "RequestedRangeNotSatisfiable", () => Effect.succeed(new Uint8Array()))
 */
export class RequestedRangeNotSatisfiable extends Schema.TaggedError<RequestedRangeNotSatisfiable>()(
  "RequestedRangeNotSatisfiable",
  httpFields
) {}
/**
 * HTTP 417: the server cannot meet the Expect header.
 *
 * @example
 * Effect.catchTag(upload, "ExpectationFailed", () => uploadWithoutExpect)
 */
export class ExpectationFailed extends Schema.TaggedError<ExpectationFailed>()("ExpectationFailed", httpFields) {}
/**
 * HTTP 422: well-formed, but semantically wrong.
 *
 * @example
 * Effect.catchTag(create, "UnprocessableEntity", ({ message }) => Effect.fail(new Errors.ValidationError({ message })))
 */
export class UnprocessableEntity extends Schema.TaggedError<UnprocessableEntity>()("UnprocessableEntity", httpFields) {}
/**
 * HTTP 429: rate limited; `retryAfter` says how long to wait when the server said so.
 *
 * @example
 * Effect.catchTag(program, "TooManyRequests", (e) =>
 *   Effect.sleep(Duration.seconds(e.retryAfter ?? 1)).pipe(Effect.andThen(program)))
 */
export class TooManyRequests extends Schema.TaggedError<TooManyRequests>()("TooManyRequests", httpFields) {}
/**
 * A 4xx status with no class of its own.
 *
 * @example
 * Effect.catchTag(program, "OtherClientError", (e) => Effect.logWarning("HTTP", e.status, e.message))
 */
export class OtherClientError extends Schema.TaggedError<OtherClientError>()("OtherClientError", httpFields) {}

/**
 * HTTP 500: the server failed.
 *
 * @example
 * Effect.tapErrorTag(program, "InternalServerError", (e) => Effect.logError("server failed", e.requestId))
 */
export class InternalServerError extends Schema.TaggedError<InternalServerError>()("InternalServerError", httpFields) {}
/**
 * HTTP 501: the server does not implement this (keystoneauth1's `HttpNotImplemented`).
 *
 * @example
 * Effect.catchTag(program, "HttpNotImplemented", () => Effect.succeed(undefined))
 */
export class HttpNotImplemented extends Schema.TaggedError<HttpNotImplemented>()("HttpNotImplemented", httpFields) {}
/**
 * HTTP 502: a gateway got a bad answer upstream.
 *
 * @example
 * Effect.retry(program, { while: (e) => e._tag === "BadGateway", times: 3, schedule: Schedule.spaced("1 second") })
 */
export class BadGateway extends Schema.TaggedError<BadGateway>()("BadGateway", httpFields) {}
/**
 * HTTP 503: the service is unavailable for now; `retryAfter` says how long to wait when the server said so.
 *
 * @example
 * Effect.catchTag(program, "ServiceUnavailable", (e) => Effect.logWarning("retry in", e.retryAfter ?? 5, "s"))
 */
export class ServiceUnavailable extends Schema.TaggedError<ServiceUnavailable>()("ServiceUnavailable", httpFields) {}
/**
 * HTTP 504: a gateway timed out upstream.
 *
 * @example
 * Effect.catchTag(program, "GatewayTimeout", () => Effect.logWarning("the server may still finish it"))
 */
export class GatewayTimeout extends Schema.TaggedError<GatewayTimeout>()("GatewayTimeout", httpFields) {}
/**
 * HTTP 505: the server does not support the HTTP version.
 *
 * @example
 * new Errors.HttpVersionNotSupported({ status: 505, method: "GET", url, message: "HTTP/1.1 refused" })
 */
export class HttpVersionNotSupported extends Schema.TaggedError<HttpVersionNotSupported>()(
  "HttpVersionNotSupported",
  httpFields
) {}
/**
 * A 5xx status with no class of its own.
 *
 * @example
 * Effect.catchTag(program, "OtherServerError", (e) => Effect.logError("HTTP", e.status, e.requestId))
 */
export class OtherServerError extends Schema.TaggedError<OtherServerError>()("OtherServerError", httpFields) {}

/**
 * A status outside 300–599 handed to {@link fromResponse} (a 1xx or 2xx answer where an error was expected).
 *
 * @example
 * Errors.fromResponseInfo({ status: 204, method: "GET", url, headers: {}, body: "" }, Date.now())._tag
 * // "UnexpectedStatus"
 */
export class UnexpectedStatus extends Schema.TaggedError<UnexpectedStatus>()("UnexpectedStatus", httpFields) {}

/**
 * HTTP 401 carrying an `Openstack-Auth-Receipt`: the methods sent so far are right, but the user's multi-factor rules
 * require more. Continue by authenticating again with the receipt and one of `requiredAuthMethods`.
 *
 * @example
 * Effect.catchTag(plugin.getAccess, "MissingAuthMethods", ({ receipt }) =>
 *   Effect.flatMap(Auth.v3MultiFactor({ authUrl, methods: [totp], receipt }), (p) => p.getAccess))
 */
export class MissingAuthMethods extends Schema.TaggedError<MissingAuthMethods>()("MissingAuthMethods", {
  ...httpFields,
  /** The auth receipt to send back as `Openstack-Auth-Receipt`. */
  receipt: Schema.Redacted(Schema.String, { disallowJsonEncode: true }),
  /** The methods already satisfied. */
  methods: Schema.Array(Schema.String),
  /** The rules still open: each is a list of methods that together satisfy the user. */
  requiredAuthMethods: Schema.Array(Schema.Array(Schema.String)),
  /** When the receipt expires (ISO 8601). */
  expiresAt: Schema.optionalKey(Schema.String)
}) {}

/** The classes by status code (keystoneauth1's `_code_map`). */
const byStatus = {
  300: MultipleChoices,
  400: BadRequest,
  401: Unauthorized,
  402: PaymentRequired,
  403: Forbidden,
  404: NotFound,
  405: MethodNotAllowed,
  406: NotAcceptable,
  407: ProxyAuthenticationRequired,
  408: RequestTimeout,
  409: Conflict,
  410: Gone,
  411: LengthRequired,
  412: PreconditionFailed,
  413: RequestEntityTooLarge,
  414: RequestUriTooLong,
  415: UnsupportedMediaType,
  416: RequestedRangeNotSatisfiable,
  417: ExpectationFailed,
  422: UnprocessableEntity,
  429: TooManyRequests,
  500: InternalServerError,
  501: HttpNotImplemented,
  502: BadGateway,
  503: ServiceUnavailable,
  504: GatewayTimeout,
  505: HttpVersionNotSupported
} as const

type ErrorClass = abstract new (...args: never) => { readonly _tag: string }

const guard =
  <const Classes extends ReadonlyArray<ErrorClass>>(classes: Classes) =>
    (u: unknown): u is InstanceType<Classes[number]> =>
      classes.some((c) => u instanceof c)

const redirectionClasses = [MultipleChoices, OtherRedirection] as const
const clientErrorClasses = [
  BadRequest,
  Unauthorized,
  PaymentRequired,
  Forbidden,
  NotFound,
  MethodNotAllowed,
  NotAcceptable,
  ProxyAuthenticationRequired,
  RequestTimeout,
  Conflict,
  Gone,
  LengthRequired,
  PreconditionFailed,
  RequestEntityTooLarge,
  RequestUriTooLong,
  UnsupportedMediaType,
  RequestedRangeNotSatisfiable,
  ExpectationFailed,
  UnprocessableEntity,
  TooManyRequests,
  OtherClientError,
  MissingAuthMethods
] as const
const serverErrorClasses = [
  InternalServerError,
  HttpNotImplemented,
  BadGateway,
  ServiceUnavailable,
  GatewayTimeout,
  HttpVersionNotSupported,
  OtherServerError
] as const

/**
 * A 3xx answer as an error (keystoneauth1's `HTTPRedirection`).
 *
 * @example
 * const target = (e: Errors.HttpRedirection) => e.status === 300 ? "pick a version" : e.url
 */
export type HttpRedirection = InstanceType<(typeof redirectionClasses)[number]>
/**
 * A 4xx answer as an error: the request's fault (keystoneauth1's `HTTPClientError`, named apart from effect's own
 * `HttpClientError`, which is a transport failure). `MissingAuthMethods` is a 401, so it is one too.
 *
 * @example
 * const ourFault = (e: Errors.HttpClientFault) => `the request was refused: ${e.message}`
 */
export type HttpClientFault = InstanceType<(typeof clientErrorClasses)[number]>
/**
 * The former name of {@link HttpClientFault}.
 *
 * @deprecated Use {@link HttpClientFault}: this name collides with effect's `HttpClientError` (a transport failure).
 * @example
 * const old = (e: Errors.HttpClientError) => e.status
 */
export type HttpClientError = HttpClientFault
/**
 * A 5xx answer as an error (keystoneauth1's `HttpServerError`).
 *
 * @example
 * const transient = (e: Errors.HttpServerError) => e._tag === "ServiceUnavailable" || e._tag === "BadGateway"
 */
export type HttpServerError = InstanceType<(typeof serverErrorClasses)[number]>
/**
 * Any HTTP status answer as an error (keystoneauth1's `HttpError`).
 *
 * @example
 * const describe = (e: Errors.HttpError) => `HTTP ${e.status} (request ${e.requestId ?? "unknown"})`
 */
export type HttpError = HttpRedirection | HttpClientFault | HttpServerError | UnexpectedStatus

/**
 * Whether a value is a 3xx error ({@link HttpRedirection}).
 *
 * @example
 * Effect.catchIf(program, Errors.isHttpRedirection, (e) => Effect.succeed(e.status))
 */
export const isHttpRedirection = guard(redirectionClasses)
/**
 * Whether a value is a 4xx error ({@link HttpClientFault}).
 *
 * @example
 * Effect.catchIf(program, Errors.isHttpClientFault, (e) => Effect.logWarning(e.message))
 */
export const isHttpClientFault = guard(clientErrorClasses)
/**
 * The former name of {@link isHttpClientFault}.
 *
 * @deprecated Use {@link isHttpClientFault}.
 * @example
 * Effect.catchIf(program, Errors.isHttpClientError, (e) => Effect.logWarning(e.message))
 */
export const isHttpClientError = isHttpClientFault
/**
 * Whether a value is a 5xx error ({@link HttpServerError}).
 *
 * @example
 * Effect.retry(program, { while: Errors.isHttpServerError, times: 2 })
 */
export const isHttpServerError = guard(serverErrorClasses)
/**
 * Whether a value is any HTTP status error ({@link HttpError}).
 *
 * @example
 * Effect.catchIf(program, Errors.isHttpError, (e) => Effect.succeed(e.requestId))
 */
export const isHttpError = guard([
  ...redirectionClasses,
  ...clientErrorClasses,
  ...serverErrorClasses,
  UnexpectedStatus
])

// ---------------------------------------------------------------------------------------------------------------------
// Connection errors: the request got no HTTP answer
// ---------------------------------------------------------------------------------------------------------------------

const connectionFields = {
  /** The request method. */
  method: Schema.String,
  /** The request URL, with user info and secret-looking query parameters redacted. */
  url: Schema.String,
  /** What failed, with the transport's own reason. */
  message: Schema.String,
  /** The transport's error, for debugging (it never holds request headers or bodies). */
  cause: Schema.optionalKey(Schema.Defect())
}

/**
 * The connection could not be made or broke before an answer came (refused, reset, DNS, closed early).
 *
 * @example
 * Effect.catchTag(program, "ConnectFailure", (e) => Effect.logError("is the endpoint up?", e.url))
 */
export class ConnectFailure extends Schema.TaggedError<ConnectFailure>()("ConnectFailure", connectionFields) {}
/**
 * The connection, or the whole try, took longer than its timeout.
 *
 * @example
 * Effect.retry(program, { while: (e) => e._tag === "ConnectTimeout", times: 2 })
 */
export class ConnectTimeout extends Schema.TaggedError<ConnectTimeout>()("ConnectTimeout", connectionFields) {}
/**
 * TLS failed: an untrusted or expired certificate, a host name mismatch, or a client certificate the server wants.
 *
 * @example
 * Effect.catchTag(program, "SSLError", (e) => Effect.logError("check cacert / cert", e.message))
 */
export class SSLError extends Schema.TaggedError<SSLError>()("SSLError", connectionFields) {}

const connectionClasses = [ConnectFailure, ConnectTimeout, SSLError] as const
/**
 * The request got no HTTP answer (keystoneauth1's `ConnectionError` family).
 *
 * @example
 * const worthRetrying = (e: Errors.ConnectionError) => e._tag !== "SSLError"
 */
export type ConnectionError = InstanceType<(typeof connectionClasses)[number]>
/**
 * Whether a value is a {@link ConnectionError}.
 *
 * @example
 * Effect.retry(program, { while: Errors.isConnectionError, times: 3 })
 */
export const isConnectionError = guard(connectionClasses)

// ---------------------------------------------------------------------------------------------------------------------
// Catalog, discovery and authentication errors
// ---------------------------------------------------------------------------------------------------------------------

/** The endpoint filter, as text, for error fields: only the criteria that were given. */
const filterField = Schema.Record(Schema.String, Schema.String)

/**
 * The token has a catalog, but no endpoint matches the filter (service type, interface, region, …).
 *
 * @example
 * Effect.catchTag(adapter.getEndpoint(), "EndpointNotFound", (e) => Effect.logError("no endpoint for", e.filter))
 */
export class EndpointNotFound extends Schema.TaggedError<EndpointNotFound>()("EndpointNotFound", {
  message: Schema.String,
  filter: filterField
}) {}
/**
 * The token has no service catalog at all (an unscoped token, or a catalog-less token).
 *
 * @example
 * Effect.catchTag(program, "EmptyCatalog", () => Effect.logError("the token is unscoped: give a project"))
 */
export class EmptyCatalog extends Schema.TaggedError<EmptyCatalog>()("EmptyCatalog", {
  message: Schema.String,
  filter: filterField
}) {}
/**
 * Several endpoints match a filter that must select exactly one.
 *
 * @example
 * Effect.catchTag(program, "AmbiguousEndpoints", (e) => Effect.logError("set a region; found", e.endpoints))
 */
export class AmbiguousEndpoints extends Schema.TaggedError<AmbiguousEndpoints>()("AmbiguousEndpoints", {
  message: Schema.String,
  filter: filterField,
  /** The URLs of the matching endpoints. */
  endpoints: Schema.Array(Schema.String)
}) {}

const catalogClasses = [EndpointNotFound, EmptyCatalog, AmbiguousEndpoints] as const
/**
 * No usable endpoint in the service catalog (keystoneauth1's `CatalogException` family).
 *
 * @example
 * const criteria = (e: Errors.CatalogError) => e.filter // e.g. { serviceType: "compute" }
 */
export type CatalogError = InstanceType<(typeof catalogClasses)[number]>
/**
 * Whether a value is a {@link CatalogError}.
 *
 * @example
 * Effect.catchIf(program, Errors.isCatalogError, () => Effect.succeed("service not deployed"))
 */
export const isCatalogError = guard(catalogClasses)

/**
 * The version documents of an endpoint could not be fetched or read.
 *
 * @example
 * Effect.catchTag(program, "DiscoveryFailure", (e) => Effect.logError("no version document at", e.url))
 */
export class DiscoveryFailure extends Schema.TaggedError<DiscoveryFailure>()("DiscoveryFailure", {
  message: Schema.String,
  url: Schema.optionalKey(Schema.String),
  cause: Schema.optionalKey(Schema.Defect())
}) {}
/**
 * The endpoint serves no version matching the one required.
 *
 * @example
 * Effect.catchTag(program, "VersionNotAvailable", (e) => Effect.logError(e.requested, "not in", e.available))
 */
export class VersionNotAvailable extends Schema.TaggedError<VersionNotAvailable>()("VersionNotAvailable", {
  message: Schema.String,
  url: Schema.optionalKey(Schema.String),
  /** The version that was asked for, e.g. "3.0" or "latest". */
  requested: Schema.String,
  /** The versions the endpoint offers. */
  available: Schema.Array(Schema.String)
}) {}

const discoveryClasses = [DiscoveryFailure, VersionNotAvailable] as const
/**
 * Version discovery failed (keystoneauth1's `DiscoveryFailure` family).
 *
 * @example
 * const where = (e: Errors.DiscoveryError) => e.url ?? "the endpoint"
 */
export type DiscoveryError = InstanceType<(typeof discoveryClasses)[number]>
/**
 * Whether a value is a {@link DiscoveryError}.
 *
 * @example
 * Effect.catchIf(program, Errors.isDiscoveryError, (e) => Effect.logError(e.message))
 */
export const isDiscoveryError = guard(discoveryClasses)

/**
 * Authentication failed on the client side: the server's answer could not be used to build a token.
 *
 * @example
 * Effect.tapErrorTag(plugin.getAccess, "AuthorizationFailure", (e) => Effect.logError(e.message, e.cause))
 */
export class AuthorizationFailure extends Schema.TaggedError<AuthorizationFailure>()("AuthorizationFailure", {
  message: Schema.String,
  cause: Schema.optionalKey(Schema.Defect())
}) {}
/**
 * A request needs a token, but neither the session nor the request has an auth plugin.
 *
 * @example
 * Effect.catchTag(session.get(url), "MissingAuthPlugin", () => session.get(url, { auth }))
 */
export class MissingAuthPlugin extends Schema.TaggedError<MissingAuthPlugin>()("MissingAuthPlugin", {
  message: Schema.String
}) {}
/**
 * No auth plugin is registered under the name given (e.g. `auth_type` in clouds.yaml).
 *
 * @example
 * Effect.catchTag(Auth.fromOptions(authType, options), "NoMatchingPlugin", (e) =>
 *   Effect.logError(e.name, "is not one of", Auth.pluginNames))
 */
export class NoMatchingPlugin extends Schema.TaggedError<NoMatchingPlugin>()("NoMatchingPlugin", {
  message: Schema.String,
  /** The plugin name that was asked for. */
  name: Schema.String
}) {}
/**
 * An auth plugin was given too few options to authenticate.
 *
 * @example
 * Effect.catchTag(Auth.fromOptions("password", options), "AuthPluginOptionsMissing", (e) =>
 *   Effect.logError("clouds.yaml lacks", e.options))
 */
export class AuthPluginOptionsMissing extends Schema.TaggedError<AuthPluginOptionsMissing>()(
  "AuthPluginOptionsMissing",
  {
    message: Schema.String,
    /** The names of the missing options (as in clouds.yaml, e.g. "auth_url", "password"). */
    options: Schema.Array(Schema.String)
  }
) {}

const authClasses = [
  AuthorizationFailure,
  MissingAuthPlugin,
  MissingAuthMethods,
  NoMatchingPlugin,
  AuthPluginOptionsMissing
] as const
/**
 * Authentication could not even be attempted, or its answer was unusable (keystoneauth1's auth exceptions).
 *
 * @example
 * const needsMoreFactors = (e: Errors.AuthError) => e._tag === "MissingAuthMethods"
 */
export type AuthError = InstanceType<(typeof authClasses)[number]>
/**
 * Whether a value is an {@link AuthError}.
 *
 * @example
 * Effect.catchIf(program, Errors.isAuthError, (e) => Effect.logError(e.message))
 */
export const isAuthError = guard(authClasses)

// ---------------------------------------------------------------------------------------------------------------------
// Other errors
// ---------------------------------------------------------------------------------------------------------------------

/**
 * A response body that does not decode as the API says it should (bad JSON, missing or mistyped fields).
 *
 * @example
 * Effect.tapErrorTag(program, "InvalidResponse", (e) => Effect.logError(e.message, e.requestId))
 */
export class InvalidResponse extends Schema.TaggedError<InvalidResponse>()("InvalidResponse", {
  message: Schema.String,
  method: Schema.optionalKey(Schema.String),
  url: Schema.optionalKey(Schema.String),
  status: Schema.optionalKey(Schema.Int),
  requestId: Schema.optionalKey(Schema.String)
}) {}
/**
 * An answer larger than the session's `maxResponseSize` (64 MiB unless set): its body was not read past the limit
 * (a `Content-Length` over it is refused before any byte), so a hostile or broken endpoint cannot exhaust memory.
 * `limit` is the limit in bytes.
 *
 * @example
 * Effect.catchTag(program, "ResponseTooLarge", (e) => Effect.logError(`answer over ${e.limit} bytes from ${e.url}`))
 */
export class ResponseTooLarge extends Schema.TaggedError<ResponseTooLarge>()("ResponseTooLarge", {
  message: Schema.String,
  method: Schema.String,
  url: Schema.String,
  status: Schema.Int,
  limit: Schema.Number,
  requestId: Schema.optionalKey(Schema.String)
}) {}
/**
 * A request that cannot be sent as built: an invalid URL, or a body that cannot be encoded.
 *
 * @example
 * Effect.catchTag(Discovery.normalizeVersion(input), "ValidationError", () => Effect.succeed([3, 0] as const))
 */
export class ValidationError extends Schema.TaggedError<ValidationError>()("ValidationError", {
  message: Schema.String
}) {}
/**
 * `find(nameOrId)` matched more than one resource.
 *
 * @example
 * Effect.catchTag(projects.find("demo"), "NoUniqueMatch", (e) => Effect.logError(e.matches, "match", e.nameOrId))
 */
export class NoUniqueMatch extends Schema.TaggedError<NoUniqueMatch>()("NoUniqueMatch", {
  message: Schema.String,
  /** The resource kind, e.g. "project". */
  resource: Schema.String,
  /** The name or id that was looked for. */
  nameOrId: Schema.String,
  /** How many resources matched. */
  matches: Schema.Int
}) {}
/**
 * A cloud configuration (clouds.yaml, secure.yaml, OS_* variables, or options in code) that cannot be used.
 *
 * @example
 * Effect.catchTag(CloudConfig.load({ cloud: "prod" }), "CloudConfigError", (e) =>
 *   Effect.logError(e.file, e.key, e.message))
 */
export class CloudConfigError extends Schema.TaggedError<CloudConfigError>()("CloudConfigError", {
  message: Schema.String,
  /** The file that holds the problem, when it comes from a file. */
  file: Schema.optionalKey(Schema.String),
  /** The cloud's name in that file. */
  cloud: Schema.optionalKey(Schema.String),
  /** The key at fault, e.g. "auth.auth_url" or "cacert". */
  key: Schema.optionalKey(Schema.String)
}) {}

// ---------------------------------------------------------------------------------------------------------------------
// From an HTTP answer to an error
// ---------------------------------------------------------------------------------------------------------------------

/**
 * What an error body says, whatever its format.
 *
 * @example
 * const said: Errors.ServerMessage = Errors.parseErrorBody(text, "application/json")
 */
export interface ServerMessage {
  /** The server's human-readable message. */
  readonly message?: string
  /** More: the error's title, type or code. */
  readonly details?: string
  /** A request id carried in the body (API-SIG errors have one). */
  readonly requestId?: string
}

/** Longest server message kept in an error; HTML error pages can be long. */
const maxMessageLength = 1000

const clip = (text: string): string | undefined => {
  const oneLine = text.replace(/\s+/g, " ").trim()
  if (oneLine === "") return undefined
  return oneLine.length > maxMessageLength ? `${oneLine.slice(0, maxMessageLength)}…` : oneLine
}

const textOf = (u: unknown): string | undefined =>
  typeof u === "string" ? clip(u) : typeof u === "number" ? String(u) : undefined

const isRecord = (u: unknown): u is Readonly<Record<string, unknown>> => Predicate.isObject(u) && !Array.isArray(u)

const compact = (fields: Record<string, string | undefined>): ServerMessage =>
  Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined))

/** Keystone `{"error": {...}}`, API-SIG `{"errors": [...]}`, Neutron `{"NeutronError": {...}}`, Nova-style faults. */
const fromJsonBody = (body: Readonly<Record<string, unknown>>): ServerMessage | undefined => {
  const { error, errors, NeutronError } = body
  if (isRecord(error)) {
    return compact({ message: textOf(error.message), details: textOf(error.title) ?? textOf(error.details) })
  }
  if (Array.isArray(errors) && isRecord(errors[0])) {
    const [first, ...rest] = errors.filter(isRecord)
    const more = rest.length > 0 ? ` (and ${rest.length} more: ${rest.map((e) => textOf(e.title)).join("; ")})` : ""
    return compact({
      message: (textOf(first?.detail) ?? textOf(first?.title) ?? "") + more || undefined,
      details: textOf(first?.code) ?? textOf(first?.title),
      requestId: textOf(first?.request_id)
    })
  }
  if (isRecord(NeutronError)) {
    return compact({ message: textOf(NeutronError.message), details: textOf(NeutronError.type) })
  }
  if (typeof NeutronError === "string") return compact({ message: textOf(NeutronError) })
  const keys = Object.keys(body)
  const [only] = keys
  if (keys.length === 1 && only !== undefined && isRecord(body[only])) {
    const fault = body[only] as Readonly<Record<string, unknown>>
    if (fault.message !== undefined) return compact({ message: textOf(fault.message), details: only })
  }
  const message = textOf(body.message) ?? textOf(body.faultstring) ?? textOf(body.error_message)
  return message === undefined ? undefined : compact({ message, details: textOf(body.title) })
}

const fromHtml = (html: string): ServerMessage => {
  const title = /<title[^>]*>([^<]*)<\/title>/i.exec(html)?.[1]
  const text = html
    .replace(/<(head|title|script|style)[^>]*>[\s\S]*?<\/\1>/gi, " ")
    .replace(/<[^>]*>/g, " ")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&")
  return compact({ message: clip(text), details: title === undefined ? undefined : clip(title) })
}

/**
 * Reads an error body in any of the formats OpenStack services use: Keystone's `{"error": {message, code, title}}`,
 * API-SIG `{"errors": [{title, detail, code, request_id}]}`, Neutron's `{"NeutronError": {message, type, detail}}`,
 * Nova-style `{"<fault>": {message, code}}`, a flat `{"message": …}`, HTML, plain text or nothing.
 *
 * @example
 * parseErrorBody('{"error":{"code":401,"message":"Bad creds","title":"Unauthorized"}}')
 * // { message: "Bad creds", details: "Unauthorized" }
 */
export const parseErrorBody = (body: string, contentType = ""): ServerMessage => {
  const trimmed = body.trim()
  if (trimmed === "") return {}
  if (trimmed.startsWith("{") || contentType.includes("json")) {
    const parsed = Option.getOrUndefined(Option.liftThrowable(JSON.parse)(trimmed))
    if (isRecord(parsed)) return fromJsonBody(parsed) ?? compact({ message: clip(trimmed) })
  }
  if (contentType.includes("html") || /^<(!doctype|html)/i.test(trimmed)) return fromHtml(trimmed)
  return compact({ message: clip(trimmed) })
}

/**
 * The request id of a response: `x-openstack-request-id`, else `x-compute-request-id`. Header names are lower case.
 *
 * @example
 * requestIdOf({ "x-openstack-request-id": "req-1" }) // "req-1"
 */
export const requestIdOf = (headers: Readonly<Record<string, string | undefined>>): string | undefined =>
  headers["x-openstack-request-id"] ?? headers["x-compute-request-id"]

/**
 * Seconds to wait from a `Retry-After` header: delay-seconds, or an HTTP-date (0 if it is past). Anything else is
 * ignored, as the header is advisory.
 *
 * @example
 * parseRetryAfter("120", Date.now()) // 120
 * parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT", Date.parse("Wed, 21 Oct 2015 07:27:30 GMT")) // 30
 */
export const parseRetryAfter = (value: string | undefined, nowMillis: number): number | undefined => {
  const text = value?.trim()
  if (text === undefined || text === "") return undefined
  if (/^\d+$/.test(text)) return Number(text)
  // An HTTP-date names its day and month ("Wed, 21 Oct 2015 07:28:00 GMT"); Date.parse alone would take "-5" as a year.
  const at = /[a-z]{3}/i.test(text) ? Date.parse(text) : Number.NaN
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - nowMillis) / 1000))
}

/**
 * An HTTP answer, reduced to what an error needs. Header names are lower case.
 *
 * @example
 * const info: Errors.ResponseInfo = { status: 503, method: "GET", url, headers: { "retry-after": "30" }, body: "" }
 * Errors.fromResponseInfo(info, Date.now()).retryAfter // 30
 */
export interface ResponseInfo {
  readonly status: number
  readonly method: string
  readonly url: string
  readonly headers: Readonly<Record<string, string | undefined>>
  readonly body: string
  /** Secrets the request carried (a password, a token): masked wherever the server's message echoes them. */
  readonly secrets?: ReadonlyArray<string> | undefined
}

const fallbackClass = (status: number) =>
  status >= 500 && status < 600
    ? OtherServerError
    : status >= 400 && status < 500
      ? OtherClientError
      : status >= 300 && status < 400
        ? OtherRedirection
        : UnexpectedStatus

const classOf = (status: number) => byStatus[status as keyof typeof byStatus] ?? fallbackClass(status)

/**
 * The error for an HTTP answer: the class by status (ranges fall back to `OtherRedirection`, `OtherClientError`,
 * `OtherServerError`, then `UnexpectedStatus`), with the server's message, request id and `Retry-After`.
 *
 * @example
 * const body = '{"error":{"message":"Could not find user: 1."}}'
 * const headers = { "x-openstack-request-id": "req-1" }
 * const error = fromResponseInfo({ status: 404, method: "GET", url: "http://x/v3/users/1", headers, body }, Date.now())
 * error._tag      // "NotFound"
 * error.message   // "GET http://x/v3/users/1 returned HTTP 404: Could not find user: 1. (request id req-1)"
 */
export const fromResponseInfo = (info: ResponseInfo, nowMillis: number): HttpError => {
  const said = masking(parseErrorBody(info.body, info.headers["content-type"]), info.secrets ?? [])
  const requestId = requestIdOf(info.headers) ?? said.requestId
  const retryAfter = parseRetryAfter(info.headers["retry-after"], nowMillis)
  const url = redactUrl(info.url)
  const message =
    `${info.method} ${url} returned HTTP ${info.status}`
    + (said.message === undefined ? " with no message" : `: ${said.message}`)
    + (requestId === undefined ? "" : ` (request id ${requestId})`)
  const props: HttpErrorProps = {
    status: info.status,
    method: info.method,
    url,
    message,
    ...(requestId === undefined ? {} : { requestId }),
    ...(said.details === undefined ? {} : { details: said.details }),
    ...(retryAfter === undefined ? {} : { retryAfter })
  }
  return new (classOf(info.status))(props)
}

/**
 * What {@link fromResponse} reads of an answer: effect's `HttpClientResponse` and a Session's `Response` both are one.
 *
 * @example
 * const answered: Errors.Answered = yield* session.get(url, { raiseExc: false })
 */
export interface Answered {
  readonly request: HttpClientRequest.HttpClientRequest
  readonly url: string
  readonly status: number
  readonly headers: Readonly<Record<string, string | undefined>>
  readonly text: Effect.Effect<string, unknown>
}

/** What the server said, with the secrets the request carried masked where it echoes them. */
const masking = (said: ServerMessage, secrets: ReadonlyArray<string>): ServerMessage =>
  secrets.length === 0
    ? said
    : {
        ...said,
        ...(said.message === undefined ? {} : { message: maskKnown(said.message, secrets) }),
        ...(said.details === undefined ? {} : { details: maskKnown(said.details, secrets) })
      }

/**
 * The error for a received answer, reading its body (an unreadable body counts as empty). keystoneauth1's
 * `from_response`. The secrets the request carried (its credentials headers, the secret values of its JSON body) are
 * masked where the server's message echoes them. Reading is bounded by the caller's timeout.
 *
 * @example
 * const error = yield* Errors.fromResponse(response) // e.g. Unauthorized, with the server's message
 */
export const fromResponse = (response: Answered): Effect.Effect<HttpError> =>
  Effect.gen(function* () {
    const body = yield* Effect.orElseSucceed(response.text, () => "")
    const now = yield* Clock.currentTimeMillis
    return fromResponseInfo(
      {
        status: response.status,
        method: response.request.method,
        url: response.url || response.request.url,
        headers: response.headers,
        body,
        secrets: sentSecrets(response)
      },
      now
    )
  })

/**
 * Passes an answer below 400 through and fails with its {@link HttpError} otherwise — keystoneauth1's `raise_exc`.
 * 3xx answers pass, as keystoneauth1 returns them: redirects are the Session's business.
 *
 * @example
 * const ok = yield* client.get(url).pipe(Effect.flatMap(Errors.checkStatus))
 */
export const checkStatus = (
  response: HttpClientResponse.HttpClientResponse
): Effect.Effect<HttpClientResponse.HttpClientResponse, HttpError> =>
  response.status < 400 ? Effect.succeed(response) : Effect.flatMap(fromResponse(response), Effect.fail)

// ---------------------------------------------------------------------------------------------------------------------
// From effect's HttpClientError to an error
// ---------------------------------------------------------------------------------------------------------------------

/** The error and the errors it wraps (`cause`, and the members of an `AggregateError`), outermost first. */
const causeChain = (error: unknown): ReadonlyArray<unknown> => {
  const seen: Array<unknown> = []
  const visit = (u: unknown) => {
    if (u === undefined || u === null || seen.includes(u) || seen.length > 16) return
    seen.push(u)
    if (Predicate.hasProperty(u, "errors") && Array.isArray(u.errors)) u.errors.forEach(visit)
    if (Predicate.hasProperty(u, "cause")) visit(u.cause)
  }
  visit(error)
  return seen
}

const field = (u: unknown, key: "code" | "message"): string | undefined =>
  Predicate.hasProperty(u, key) && typeof u[key] === "string" ? u[key] : undefined

/** OpenSSL and Node codes of certificate and handshake failures. */
const tlsCode = /^(ERR_SSL_|ERR_TLS_|CERT_|UNABLE_TO_|(DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|EPROTO)$)/
const timeoutCode =
  /^(UND_ERR_CONNECT_TIMEOUT|UND_ERR_HEADERS_TIMEOUT|UND_ERR_BODY_TIMEOUT|ETIMEDOUT|ESOCKETTIMEDOUT|EDEADLINE)$/

/** Which connection error a transport failure is, from the codes and messages of its cause chain. */
const classifyTransport = (cause: unknown): typeof ConnectFailure | typeof ConnectTimeout | typeof SSLError => {
  const chain = causeChain(cause)
  const codes = chain.map((u) => field(u, "code")).filter(Predicate.isString)
  const messages = chain.map((u) => field(u, "message") ?? "").join(" ")
  if (codes.some((c) => tlsCode.test(c)) || /certificate|ssl|tls alert|handshake/i.test(messages)) return SSLError
  if (codes.some((c) => timeoutCode.test(c)) || /timed? ?out/i.test(messages)) return ConnectTimeout
  return ConnectFailure
}

/** The innermost message of a cause chain that says something, e.g. "connect ECONNREFUSED 127.0.0.1:1". */
const reasonText = (cause: unknown): string => {
  if (typeof cause === "string") return cause
  const said = causeChain(cause)
    .map((u) => {
      const code = field(u, "code")
      const message = field(u, "message")
      return message === undefined || message === ""
        ? code
        : code !== undefined && !message.includes(code)
          ? `${code}: ${message}`
          : message
    })
    .filter((m): m is string => m !== undefined && m !== "" && m !== "fetch failed")
  return said.at(-1) ?? "no reason given"
}

/**
 * Under TLS 1.3 a server that wants a client certificate closes the connection after the handshake, and undici only
 * reports "other side closed": say what the likely reason is.
 */
const hintFor = (url: string, cause: unknown): string =>
  url.startsWith("https:") && causeChain(cause).some((u) => field(u, "message") === "other side closed")
    ? " (the server closed the connection without answering; if it requires a client certificate, set `cert`)"
    : ""

/**
 * The connection error for a request that got no answer: `SSLError` for certificate and handshake failures,
 * `ConnectTimeout` for timeouts, `ConnectFailure` for everything else (refused, reset, DNS, closed early).
 *
 * @example
 * fromTransportFailure("GET", "https://self-signed.example/v3", tlsError)._tag // "SSLError"
 */
export const fromTransportFailure = (method: string, url: string, cause: unknown): ConnectionError => {
  const Class = classifyTransport(cause)
  const safeUrl = redactUrl(url)
  const what = Class === SSLError ? "TLS failed" : Class === ConnectTimeout ? "timed out" : "could not connect"
  const message = `${method} ${safeUrl}: ${what}: ${reasonText(cause)}${hintFor(url, cause)}`
  return new Class({ method, url: safeUrl, message, cause })
}

/** Codes of failures that happen before a request leaves: no connection, no name, no TLS session. */
const notSentCode =
  /^(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ENETUNREACH|EHOSTUNREACH|EADDRNOTAVAIL|UND_ERR_CONNECT_TIMEOUT)$/

/**
 * Whether a connection error proves the request never reached the server — refused, unresolvable, unreachable, a
 * connect timeout or a failed TLS handshake — so that even a POST may be sent again. A reset or a timeout after the
 * connection was made proves nothing.
 *
 * @example
 * Errors.neverReachedServer(refused) // true: safe to retry a POST
 */
export const neverReachedServer = (error: ConnectionError): boolean =>
  error._tag === "SSLError"
  || causeChain(error.cause).some((u) => notSentCode.test(field(u, "code") ?? ""))

/**
 * Everything {@link fromHttpClientError} can turn effect's `HttpClientError` into.
 *
 * @example
 * const summary = (e: Errors.RequestError) => (e._tag === "InvalidResponse" ? "unreadable answer" : e.message)
 */
export type RequestError = HttpError | ConnectionError | InvalidResponse | ResponseTooLarge | ValidationError

/**
 * Maps effect's `HttpClientError` to this package's errors: `TransportError` → {@link fromTransportFailure},
 * `StatusCodeError` → {@link fromResponse}, `DecodeError` / `EmptyBodyError` → `InvalidResponse`,
 * `InvalidUrlError` / `EncodeError` → `ValidationError`.
 *
 * @example
 * const response = yield* client.get(url).pipe(Effect.catch(Errors.fromHttpClientError))
 */
export const fromHttpClientError = (
  error: EffectHttpClientError.HttpClientError
): Effect.Effect<never, RequestError> => {
  const reason = error.reason
  const { method } = reason.request
  const url = redactUrl(reason.request.url)
  switch (reason._tag) {
    case "TransportError":
      return Effect.fail(fromTransportFailure(method, reason.request.url, reason.cause))
    case "StatusCodeError":
      return Effect.flatMap(fromResponse(reason.response), Effect.fail)
    case "DecodeError":
    case "EmptyBodyError": {
      const { status, headers } = reason.response
      const requestId = requestIdOf(headers)
      const limit = limitOf(reason.cause)
      if (limit !== undefined) {
        return Effect.fail(
          new ResponseTooLarge({
            message: `${method} ${url} returned HTTP ${status} with an answer larger than the limit of ${ByteSize.format(ByteSize.bytes(limit))}`
              + " (the session's maxResponseSize); the rest of it was not read",
            method,
            url,
            status,
            limit,
            ...(requestId === undefined ? {} : { requestId })
          })
        )
      }
      const why = reasonText(reason.cause ?? reason.description)
      return Effect.fail(
        new InvalidResponse({
          message: `${method} ${url} returned HTTP ${status} with a body that cannot be read: ${why}`,
          method,
          url,
          status,
          ...(requestId === undefined ? {} : { requestId })
        })
      )
    }
    case "InvalidUrlError":
    case "EncodeError":
      return Effect.fail(
        new ValidationError({
          message: `${method} ${url} cannot be sent: ${reasonText(reason.cause ?? reason.description)}`
        })
      )
  }
}

// ---------------------------------------------------------------------------------------------------------------------
// Context
// ---------------------------------------------------------------------------------------------------------------------

/**
 * The same error with `context` put before its message, e.g. what was being attempted when the server said no.
 *
 * @example
 * withContext(unauthorized, 'password authentication of user "demo": ').message
 * // 'password authentication of user "demo": POST …/auth/tokens returned HTTP 401: …'
 */
export const withContext = <E extends { readonly _tag: string, readonly message: string }>(
  error: E,
  context: string
): E => {
  const Class = error.constructor as new (props: object) => E
  const { _tag, ...fields } = error
  return new Class({ ...fields, message: `${context}${error.message}` })
}
