/**
 * The auth plugin contract, and the token state every identity plugin shares.
 *
 * A plugin knows how to get a token ({@link AuthPlugin.getAccess}) and what to send with a request
 * ({@link AuthPlugin.getHeaders}); identity plugins (password, token, application credential, …) are built by
 * {@link make} from one capability — `authenticate`, a single request to Keystone — and get the rest from the token
 * state:
 *
 * - the token is cached and refreshed when it expires within `staleDuration` (120 s by default);
 * - refresh is single-flight: however many fibers ask at once, one request goes to Keystone, and they all get its
 *   answer (a failure included, which is not cached: the next call tries again);
 * - `invalidate(seenToken)` drops the token only if it is still the one that caller saw, so a late 401 for an old
 *   token does not throw away a fresh one;
 * - a plugin built from a stored token (`tokenRef`) makes no call until that token nears expiry;
 * - with a {@link TokenStore} in the context, tokens are shared across processes.
 *
 * Every method needs effect's `HttpClient`: the Session provides its own (with its timeouts and logging).
 *
 * @example
 * import { Effect } from "effect"
 * import { Auth, Transport } from "effect-openstack"
 *
 * const program = Effect.gen(function* () {
 *   const plugin = yield* Auth.password({ authUrl: "https://keystone:5000/v3", username: "demo", password, userDomainId: "default" })
 *   const access = yield* plugin.getAccess // authenticates once; later calls reuse the token
 *   return access.projectId
 * }).pipe(Effect.provide(Transport.node()))
 *
 * @module
 */
import * as Clock from "effect/Clock"
import * as Deferred from "effect/Deferred"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Ref from "effect/Ref"
import type * as HttpClient from "effect/http/HttpClient"
import type { AccessInfo } from "../AccessInfo.ts"
import {
  AuthorizationFailure,
  type AuthPluginOptionsMissing,
  type CatalogError,
  type DiscoveryError,
  type MissingAuthMethods,
  type RequestError
} from "../Errors.ts"
import type { EndpointFilter } from "../ServiceCatalog.ts"
import * as Freshness from "../internal/freshness.ts"
import { heldHeaders as heldHeadersOf, withHeldHeaders } from "../internal/heldHeaders.ts"
import { cacheKey, TokenStore, type TokenStoreService } from "./TokenStore.ts"

/**
 * The headers `plugin.getHeaders` would give at `now` (epoch milliseconds) when they are at hand without a request —
 * a held fresh token, fixed credentials — else `undefined`: then run `getHeaders`. The Session asks it first on every
 * request. The shortcut belongs to the `getHeaders` effect, so a plugin that replaces `getHeaders` has none.
 *
 * @example
 * const headers = AuthPlugin.heldHeaders(plugin, Date.now()) ?? (yield* plugin.getHeaders)
 */
export const heldHeaders = (plugin: AuthPlugin, now: number): AuthHeaders | undefined =>
  heldHeadersOf(plugin.getHeaders, now)

/**
 * `getHeaders` with a shortcut for {@link heldHeaders}: `held(now)` answers the same headers when they are at hand
 * without a request, else `undefined` — the same frozen object for as long as they hold.
 *
 * @example
 * getHeaders: AuthPlugin.withHeldHeaders(Effect.succeed(headers), () => headers)
 */
export { withHeldHeaders }

/**
 * Everything an authentication request can fail with (`AuthPluginOptionsMissing` when a generic plugin finds, once it
 * has discovered the API, that the options do not suffice for it: a v3 user name without a domain).
 *
 * @example
 * const explain = (e: AuthPlugin.AuthenticationError) => e._tag === "MissingAuthMethods" ? "add a factor" : e.message
 */
export type AuthenticationError =
  | RequestError
  | AuthorizationFailure
  | MissingAuthMethods
  | AuthPluginOptionsMissing
  | DiscoveryError

/**
 * Headers a plugin sends with a request; values are secrets.
 *
 * @example
 * const headers: AuthPlugin.AuthHeaders = { "x-auth-token": Redacted.make("gAAAA…") }
 */
export type AuthHeaders = Readonly<Record<string, Redacted.Redacted<string>>>

/**
 * An auth plugin: keystoneauth1's `BaseAuthPlugin`, as Effects.
 *
 * @example
 * const token = yield* plugin.getToken
 * const url = yield* plugin.getEndpoint({ serviceType: "compute", interface: "public" })
 */
export interface AuthPlugin {
  /** The registry name: "v3password", "v3token", "token_endpoint", … */
  readonly name: string
  /** The current token, authenticating when there is none or it is about to expire. */
  readonly getAccess: Effect.Effect<AccessInfo, AuthenticationError, HttpClient.HttpClient>
  /** The token to send, if this plugin uses tokens (`undefined` for noauth and HTTP basic). */
  readonly getToken: Effect.Effect<Redacted.Redacted<string> | undefined, AuthenticationError, HttpClient.HttpClient>
  /** The headers that authenticate a request (`x-auth-token`, or `authorization` for HTTP basic, or none). */
  readonly getHeaders: Effect.Effect<AuthHeaders, AuthenticationError, HttpClient.HttpClient>
  /** The URL of the endpoint a filter selects: from the token's catalog, or the plugin's fixed endpoint. */
  readonly getEndpoint: (
    filter: EndpointFilter
  ) => Effect.Effect<string, AuthenticationError | CatalogError, HttpClient.HttpClient>
  /** The authenticated user's id, if the plugin knows one. */
  readonly getUserId: Effect.Effect<string | undefined, AuthenticationError, HttpClient.HttpClient>
  /** The project the token is scoped to, if any. */
  readonly getProjectId: Effect.Effect<string | undefined, AuthenticationError, HttpClient.HttpClient>
  /**
   * Forgets the token so that the next call authenticates again — only if it is still `seenToken` when one is given
   * (compare-then-invalidate). Returns whether a token was dropped. Plugins with a fixed token cannot invalidate.
   */
  readonly invalidate: (seenToken?: Redacted.Redacted<string>) => Effect.Effect<boolean>
}

/**
 * What {@link make} needs to build an identity plugin.
 *
 * @example
 * const spec: AuthPlugin.IdentitySpec = { name: "v3password", authUrl, identity: { username: "demo" }, authenticate }
 */
export interface IdentitySpec {
  readonly name: string
  /** The identity endpoint the plugin authenticates against. */
  readonly authUrl: string
  /** The one capability: a single request to Keystone for a new token. */
  readonly authenticate: Effect.Effect<AccessInfo, AuthenticationError, HttpClient.HttpClient>
  /** Who and what scope the plugin authenticates as, without secrets: the token store's cache key. */
  readonly identity: Readonly<Record<string, string | boolean | undefined>>
  /** The long-lived secrets (password, token, application credential secret): hashed into the cache key. */
  readonly secrets?: ReadonlyArray<Redacted.Redacted<string>> | undefined
  /** Refresh this long before expiry. Default 120 seconds. */
  readonly staleDuration?: Duration.Input | undefined
  /** Start from a stored token: no call is made until it nears expiry. */
  readonly tokenRef?: AccessInfo | undefined
}

/**
 * keystoneauth1 refreshes a token this long before it expires; so do we, unless told otherwise.
 *
 * @example
 * AuthPlugin.isFresh(access, AuthPlugin.defaultStaleDuration, Date.now())
 */
export const defaultStaleDuration: Duration.Duration = Freshness.defaultStaleDuration

/**
 * Whether a token is still good at `now`: it does not expire within the stale window — `staleDuration`, or half the
 * token's lifetime for short-lived tokens, so that a 60-second token is not refreshed on every call.
 *
 * @example
 * isFresh(access, Duration.seconds(120), Date.now())
 */
export const isFresh = (access: AccessInfo, staleDuration: Duration.Duration, now: number): boolean =>
  Freshness.freshUntil(access, staleDuration) > now

interface TokenState {
  readonly access: Option.Option<AccessInfo>
  readonly refreshing: Option.Option<Deferred.Deferred<AccessInfo, AuthenticationError>>
}

type Next =
  | { readonly _tag: "Fresh", readonly access: AccessInfo }
  | { readonly _tag: "Wait", readonly attempt: Deferred.Deferred<AccessInfo, AuthenticationError> }
  | { readonly _tag: "Lead", readonly attempt: Deferred.Deferred<AccessInfo, AuthenticationError> }

const sameToken = (a: Redacted.Redacted<string>, b: Redacted.Redacted<string>): boolean =>
  Redacted.value(a) === Redacted.value(b)

type Attempt = Deferred.Deferred<AccessInfo, AuthenticationError>

/** Whether a token is fresh at `now`: worked out once per token (as every request asks), by its stale window. */
const freshCheck = (staleDuration: Duration.Duration) => {
  let checked: { readonly access: AccessInfo, readonly until: number } | undefined
  return (access: AccessInfo, now: number) => {
    if (checked?.access !== access) checked = { access, until: Freshness.freshUntil(access, staleDuration) }
    return checked.until > now
  }
}

/**
 * The token stored under `key` when it is fresh; its taking is noted on the current span (`AuthPlugin.authenticate`)
 * as `openstack.auth.stored: true`.
 */
const freshStored = (
  tokens: TokenStoreService,
  key: string,
  fresh: (access: AccessInfo, now: number) => boolean
): Effect.Effect<Option.Option<AccessInfo>> =>
  Effect.flatMap(tokens.load(key), (stored) =>
    Effect.flatMap(Clock.currentTimeMillis, (now): Effect.Effect<Option.Option<AccessInfo>> => {
      const taken = Option.filter(stored, (access) => fresh(access, now))
      return Option.isSome(taken)
        ? Effect.as(Effect.annotateCurrentSpan("openstack.auth.stored", true), taken)
        : Effect.succeed(taken)
    }))

/**
 * One authentication, through the shared store when there is one: another process may hold a fresh token. A fresh
 * stored token is taken as it is; without one, the store is looked up again under its lock before authenticating,
 * so that processes starting together authenticate once (double-checked: the lock costs nothing when the store has
 * the token, as for every command of a CLI but the first).
 */
const obtainThrough = (
  store: Option.Option<TokenStoreService>,
  key: string,
  authenticate: IdentitySpec["authenticate"],
  fresh: (access: AccessInfo, now: number) => boolean
): Effect.Effect<AccessInfo, AuthenticationError, HttpClient.HttpClient> =>
  Option.match(store, {
    onNone: () => authenticate,
    onSome: (tokens) =>
      Effect.flatMap(freshStored(tokens, key, fresh), (stored) =>
        Option.isSome(stored)
          ? Effect.succeed(stored.value)
          : tokens.withLock(
              key,
              Effect.flatMap(freshStored(tokens, key, fresh), (again) =>
                Option.isSome(again)
                  ? Effect.succeed(again.value)
                  : Effect.tap(authenticate, (access) => tokens.save(key, access)))
            ))
  })

/**
 * Runs one attempt for every caller waiting on it, and keeps its token (a failure is not kept); its fiber is
 * detached, so no caller's interruption stops it.
 */
const lead = (
  state: Ref.Ref<TokenState>,
  obtain: Effect.Effect<AccessInfo, AuthenticationError, HttpClient.HttpClient>,
  plugin: string
) =>
  (attempt: Attempt) =>
    obtain.pipe(
      Effect.withSpan("AuthPlugin.authenticate", { attributes: { "openstack.auth.plugin": plugin } }),
      Effect.onExit((exit) =>
        Ref.update(state, (current) => ({
          access: Exit.isSuccess(exit) ? Option.some(exit.value) : current.access,
          refreshing: Option.none()
        })).pipe(Effect.andThen(Deferred.done(attempt, exit)))
      ),
      Effect.forkDetach
    )

/** The token: the held one when fresh, else the attempt under way, else a new attempt led by this caller. */
const accessFrom = (
  state: Ref.Ref<TokenState>,
  fresh: (access: AccessInfo, now: number) => boolean,
  leadAttempt: ReturnType<typeof lead>
) =>
  Effect.gen(function* () {
    const now = yield* Clock.currentTimeMillis
    const next = yield* Ref.modify(state, (current): readonly [Next, TokenState] => {
      if (Option.isSome(current.access) && fresh(current.access.value, now)) {
        return [{ _tag: "Fresh", access: current.access.value }, current]
      }
      if (Option.isSome(current.refreshing)) return [{ _tag: "Wait", attempt: current.refreshing.value }, current]
      const attempt = Deferred.makeUnsafe<AccessInfo, AuthenticationError>()
      return [{ _tag: "Lead", attempt }, { ...current, refreshing: Option.some(attempt) }]
    })
    if (next._tag === "Fresh") return next.access
    if (next._tag === "Lead") yield* leadAttempt(next.attempt)
    return yield* Deferred.await(next.attempt)
  })

/** Drops the held token if it is still `seenToken` (any, without one), and its stored copy; whether it dropped it. */
const invalidateIn = (state: Ref.Ref<TokenState>, store: Option.Option<TokenStoreService>, key: string) =>
  (seenToken?: Redacted.Redacted<string>) =>
    Effect.gen(function* () {
      const dropped = yield* Ref.modify(state, (current): readonly [Option.Option<AccessInfo>, TokenState] => {
        const held = current.access
        const matches = Option.isSome(held) && (seenToken === undefined || sameToken(held.value.authToken, seenToken))
        return matches ? [held, { ...current, access: Option.none() }] : [Option.none(), current]
      })
      if (Option.isSome(dropped) && Option.isSome(store)) yield* store.value.remove(key, dropped.value.authToken)
      return Option.isSome(dropped)
    })

/**
 * An identity plugin from its `authenticate` request, with the shared token state: cached, refreshed before expiry,
 * single-flight, compare-then-invalidate, and shared across processes through the {@link TokenStore} in the context
 * (if any).
 *
 * @example
 * const plugin = yield* AuthPlugin.make({ name: "v3token", authUrl, identity: {}, authenticate: postTokens(body) })
 */
export const make = (spec: IdentitySpec): Effect.Effect<AuthPlugin> =>
  Effect.gen(function* () {
    const fresh = freshCheck(
      spec.staleDuration === undefined ? defaultStaleDuration : Duration.fromInputUnsafe(spec.staleDuration)
    )
    const store = yield* Effect.serviceOption(TokenStore)
    const key = cacheKey(spec.authUrl, { plugin: spec.name, ...spec.identity }, spec.secrets)
    const state = yield* Ref.make<TokenState>({
      access: Option.fromUndefinedOr(spec.tokenRef),
      refreshing: Option.none()
    })
    const slow = accessFrom(state, fresh, lead(state, obtainThrough(store, key, spec.authenticate, fresh), spec.name))
    /** The token when a fresh one is held: checked without an effect, as every request asks. */
    const held = (now: number) => {
      const { access } = Ref.getUnsafe(state)
      return Option.isSome(access) && fresh(access.value, now) ? access.value : undefined
    }
    const getAccess = Effect.withFiber((fiber) => {
      const access = held(fiber.getRef(Clock.Clock).currentTimeMillisUnsafe())
      return access === undefined ? slow : Effect.succeed(access)
    })
    return fromAccess(spec.name, getAccess, invalidateIn(state, store, key), spec.authUrl, held)
  })

/** The headers of a token: made once per token (and never changed), as every request asks. */
const tokenHeaders = (): ((access: AccessInfo) => AuthHeaders) => {
  let last: { readonly access: AccessInfo, readonly headers: AuthHeaders } | undefined
  return (access) => {
    if (last?.access !== access) last = { access, headers: Object.freeze({ "x-auth-token": access.authToken }) }
    return last.headers
  }
}

/**
 * The plugin methods that follow from `getAccess`: token headers, the catalog, the user and project. With an
 * `authUrl`, the `auth` interface is that URL (keystoneauth1's `AUTH_INTERFACE`), found without authenticating. With
 * `held` (the token when a fresh one is at hand, without an effect), `getHeaders` gets that shortcut (see
 * {@link heldHeaders}).
 *
 * @example
 * const plugin = AuthPlugin.fromAccess("custom", getAccess, () => Effect.succeed(false), "https://keystone:5000/v3")
 */
export const fromAccess = (
  name: string,
  getAccess: AuthPlugin["getAccess"],
  invalidate: AuthPlugin["invalidate"],
  authUrl?: string,
  held?: (now: number) => AccessInfo | undefined
): AuthPlugin => {
  const headersOf = tokenHeaders()
  return {
    name,
    getAccess,
    getToken: Effect.map(getAccess, (access) => access.authToken),
    getHeaders: held === undefined
      ? Effect.map(getAccess, headersOf)
      : withHeldHeaders(Effect.map(getAccess, headersOf), (now) => {
          const access = held(now)
          return access === undefined ? undefined : headersOf(access)
        }),
    getEndpoint: (filter) =>
      filter.interface === "auth" && authUrl !== undefined
        ? Effect.succeed(authUrl)
        : Effect.flatMap(getAccess, (access) => access.serviceCatalog.urlFor(filter)),
    getUserId: Effect.map(getAccess, (access) => access.userId),
    getProjectId: Effect.map(getAccess, (access) => access.projectId),
    invalidate
  }
}

/**
 * The failure of `getAccess` on a plugin that never talks to Keystone (token_endpoint, noauth, HTTP basic).
 *
 * @example
 * getAccess: AuthPlugin.noAccess("token_endpoint")
 */
export const noAccess = (name: string): Effect.Effect<never, AuthorizationFailure> =>
  Effect.fail(
    new AuthorizationFailure({
      message: `the ${name} auth plugin does not authenticate with Keystone, so it has no token data (AccessInfo)`
    })
  )
