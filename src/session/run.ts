/**
 * What the steps of a Session share: the session's parts ({@link SessionParts}: its client, its transport's try, its
 * discovery and limits), one request's {@link Plan} (its options and the session's defaults, resolved once) and its
 * {@link Run} (span, deadline, tries so far), and the context that talks to Keystone on a request's behalf.
 *
 * @internal
 */
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import type * as Fiber from "effect/Fiber"
import * as References from "effect/References"
import * as Tracer from "effect/Tracer"
import { constUndefined } from "effect/Function"
import type * as Headers from "effect/http/Headers"
import * as HttpClient from "effect/http/HttpClient"
import type * as HttpClientError from "effect/http/HttpClientError"
import type * as HttpClientRequest from "effect/http/HttpClientRequest"
import type * as HttpClientResponse from "effect/http/HttpClientResponse"
import type { AuthPlugin } from "../auth/AuthPlugin.ts"
import type * as Discovery from "../Discovery.ts"
import { Deadline } from "../internal/sessionTry.ts"
import type { LimitsFor } from "./limits.ts"
import type { RequestOptions, Response, SessionError, SessionOptions } from "./options.ts"

/** What a request (or a step of it) answers. */
export type Answer = Effect.Effect<Response, SessionError>

/** What a step does with an answer. */
export type Next = (response: Response) => Answer

/** Exponential backoff from `base`, capped at `cap`. */
export interface Backoff {
  readonly base: Duration.Duration
  readonly cap: Duration.Duration
}

/** The parts of a session every step uses, made once by `Session.make`. */
export interface SessionParts {
  readonly options: SessionOptions
  /** The session's client: its tries, with the session's headers (what plugins and discovery use). */
  readonly client: HttpClient.HttpClient
  /** One try through the transport by the running fiber, within a deadline. */
  readonly execute: (
    fiber: Fiber.Fiber<unknown, unknown>,
    request: HttpClientRequest.HttpClientRequest,
    deadline: number | undefined
  ) => Effect.Effect<HttpClientResponse.HttpClientResponse, HttpClientError.HttpClientError>
  readonly discovery: Discovery.DiscoveryService
  readonly limitsFor: LimitsFor
  /** The headers every request starts from. */
  readonly headers: Headers.Headers
  readonly defaults: Defaults
}

/** The session's defaults of what a request may override, read once. */
export interface Defaults {
  readonly retriable: ReadonlySet<number>
  readonly backoff: Backoff
  readonly deadline: Duration.Duration
}

/** The defaults of a session's options. */
export const defaultsOf = (options: SessionOptions): Defaults => ({
  retriable: new Set(options.retriableStatusCodes ?? [429, 503]),
  backoff: {
    base: Duration.fromInputUnsafe(options.retryDelay ?? "500 millis"),
    cap: Duration.fromInputUnsafe(options.maxRetryDelay ?? "60 seconds")
  },
  deadline: Duration.fromInputUnsafe(options.deadline ?? "10 minutes")
})

/** Everything one request needs, resolved once. */
export interface Plan {
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

const orDefault = (input: Duration.Input | undefined, fallback: Duration.Duration): Duration.Duration =>
  input === undefined ? fallback : Duration.fromInputUnsafe(input)

/** The plan of a request: its options over the session's. */
export const planOf = (parts: SessionParts, options: RequestOptions): Plan => {
  const session = parts.options
  const { defaults } = parts
  const plugin = options.auth ?? session.auth
  return {
    options,
    plugin,
    authenticate: options.authenticated ?? plugin !== undefined,
    serviceType: options.endpointFilter?.serviceType,
    raiseExc: options.raiseExc ?? true,
    allowReauth: options.allowReauth ?? true,
    redirects: options.redirects ?? session.redirects ?? 30,
    connectRetries: options.connectRetries ?? session.connectRetries ?? 0,
    statusCodeRetries: options.statusCodeRetries ?? session.statusCodeRetries ?? 0,
    retriable: options.retriableStatusCodes === undefined ? defaults.retriable : new Set(options.retriableStatusCodes),
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

/**
 * One request being served: its plan, its span, its deadline (epoch milliseconds) and the tries counted so far, across
 * hops and retries (its tries run one at a time), kept on the span as `openstack.attempts`.
 */
export interface Run {
  readonly plan: Plan
  readonly span: Tracer.Span
  readonly deadline: number
  attempts: number
}

/** One hop of a request: whether credentials may go to its origin. */
export interface Hop {
  readonly run: Run
  readonly credentials: boolean
}

/**
 * The context of what may talk to Keystone or log for a request: its span as the parent, its deadline, the
 * session's client (for the plugin). A request's own tries need none of it (their deadline is given to them), so
 * a request whose token is held changes no context at all.
 */
export const inSession = (parts: SessionParts, run: Run) =>
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
        Context.add(HttpClient.HttpClient, parts.client)
      ))

/** Runs what needs an HttpClient (a plugin's request, discovery) on the session's client. */
export const inSessionClient = (parts: SessionParts) =>
  <A, E>(effect: Effect.Effect<A, E, HttpClient.HttpClient>): Effect.Effect<A, E> =>
    Effect.provideService(effect, HttpClient.HttpClient, parts.client)
