/**
 * An Adapter: a Session bound to one service's defaults (keystoneauth1's `Adapter`) — service type and name, interface,
 * region, API version, endpoint override, auth plugin, User-Agent, retries, microversion, and a logger name — with the
 * same request API. Each request may still override any of them.
 *
 * {@link AdapterShape.legacyJson} gives keystoneclient's `LegacyJsonAdapter` form: the response and its decoded JSON
 * body together.
 *
 * @example
 * import { Effect, Option, type Redacted } from "effect"
 * import { Adapter, Session } from "effect-openstack"
 *
 * const users = Effect.gen(function* () {
 *   const session = yield* Session.Session
 *   const identity = Adapter.make(session, { serviceType: "identity", interface: "public", version: "3" })
 *   const { body } = yield* identity.legacyJson.get("/users")
 *   return body
 * })
 *
 * @module
 */
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import type * as Redacted from "effect/Redacted"
import type { AuthPlugin } from "./auth/AuthPlugin.ts"
import type * as Discovery from "./Discovery.ts"
import {
  type EndpointFilter,
  type RequestOptions,
  type Response,
  type SessionError,
  type SessionShape,
  type Verbs,
  withVerbs
} from "./Session.ts"

/**
 * An adapter's defaults.
 *
 * @example
 * const compute: Adapter.AdapterOptions = { serviceType: "compute", interface: "internal", microversion: "2.79" }
 */
export interface AdapterOptions {
  readonly serviceType: string
  readonly serviceName?: string | undefined
  readonly interface?: EndpointFilter["interface"]
  readonly regionName?: string | undefined
  readonly version?: Discovery.VersionInput | undefined
  readonly minVersion?: Discovery.VersionInput | undefined
  readonly maxVersion?: Discovery.VersionInput | undefined
  readonly endpointOverride?: string | undefined
  readonly auth?: AuthPlugin | undefined
  readonly userAgent?: string | undefined
  readonly connectRetries?: number | undefined
  readonly statusCodeRetries?: number | undefined
  readonly retriableStatusCodes?: ReadonlyArray<number> | undefined
  readonly microversion?: string | undefined
  /** A name put on this adapter's log lines (annotation `logger`), like keystoneauth1's per-adapter logger. */
  readonly logger?: string | undefined
}

/**
 * The answer and its decoded JSON body (`undefined` when the body is empty or not JSON).
 *
 * @example
 * const { response, body } = yield* adapter.legacyJson.get("/servers")
 */
export interface LegacyJsonResult {
  readonly response: Response
  readonly body: unknown
}

type Send<A> = (url: string, options?: RequestOptions) => Effect.Effect<A, SessionError>

/**
 * What an adapter offers: the Session's API with its defaults applied, and the legacy JSON form.
 *
 * @example
 * const response = yield* adapter.get("/v3/projects")
 */
export interface AdapterShape extends Verbs<Response, SessionError> {
  readonly options: AdapterOptions
  /** The endpoint of this adapter's service (a filter may override the defaults). */
  readonly getEndpoint: (filter?: Partial<EndpointFilter>) => Effect.Effect<string, SessionError>
  readonly getToken: Effect.Effect<Redacted.Redacted<string> | undefined, SessionError>
  readonly getUserId: Effect.Effect<string | undefined, SessionError>
  readonly getProjectId: Effect.Effect<string | undefined, SessionError>
  readonly invalidate: Effect.Effect<boolean>
  /** The same verbs, answering the response together with its decoded JSON body. */
  readonly legacyJson: Verbs<LegacyJsonResult, SessionError>
  /** An adapter on the same session with some defaults changed, e.g. `{ interface: "auth" }`. */
  readonly withOptions: (overrides: Partial<AdapterOptions>) => AdapterShape
}

const defined = <T extends object>(record: T): Partial<T> =>
  Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as Partial<T>

/** The adapter's defaults under a request's own options. */
const withDefaults = (defaults: AdapterOptions, options: RequestOptions = {}): RequestOptions => ({
  ...defined({
    endpointOverride: defaults.endpointOverride,
    auth: defaults.auth,
    userAgent: defaults.userAgent,
    connectRetries: defaults.connectRetries,
    statusCodeRetries: defaults.statusCodeRetries,
    retriableStatusCodes: defaults.retriableStatusCodes,
    microversion: defaults.microversion
  }),
  ...options,
  endpointFilter: { ...filterOf(defaults), ...options.endpointFilter }
})

const filterOf = (defaults: AdapterOptions): EndpointFilter =>
  defined({
    serviceType: defaults.serviceType,
    serviceName: defaults.serviceName,
    interface: defaults.interface,
    regionName: defaults.regionName,
    version: defaults.version,
    minVersion: defaults.minVersion,
    maxVersion: defaults.maxVersion
  })

const parseJson = Option.liftThrowable((text: string): unknown => JSON.parse(text))

/** The decoded JSON body: `undefined` when it is empty or not JSON (keystoneclient's legacy form returns None). */
const decodeBody = (response: Response): Effect.Effect<LegacyJsonResult> =>
  Effect.map(Effect.orElseSucceed(response.text, () => ""), (text) => ({
    response,
    body: text === "" ? undefined : Option.getOrUndefined(parseJson(text))
  }))

/**
 * An adapter over a session.
 *
 * @example
 * const network = Adapter.make(session, { serviceType: "network", regionName: "RegionOne", connectRetries: 3 })
 */
export const make = (session: SessionShape, defaults: AdapterOptions): AdapterShape => {
  const annotate = <A, E>(effect: Effect.Effect<A, E>) =>
    defaults.logger === undefined ? effect : Effect.annotateLogs(effect, { logger: defaults.logger })
  const request: Send<Response> = (url, options) =>
    annotate(session.request(url, withDefaults(defaults, options)))
  const verbs = withVerbs(request)
  return {
    ...verbs,
    options: defaults,
    getEndpoint: (filter = {}) =>
      annotate(session.getEndpoint({ ...filterOf(defaults), ...filter }, defaults.auth)),
    getToken: session.getToken(defaults.auth),
    getUserId: session.getUserId(defaults.auth),
    getProjectId: session.getProjectId(defaults.auth),
    invalidate: session.invalidate(defaults.auth),
    legacyJson: withVerbs((url, options) => Effect.flatMap(request(url, options), decodeBody)),
    withOptions: (overrides) => make(session, { ...defaults, ...overrides })
  }
}
