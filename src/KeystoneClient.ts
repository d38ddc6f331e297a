/**
 * The KeystoneClient of the blueprint (seed 004): a client made from a user name, a password and an auth URL that
 * authenticates only when first needed; or bootstrapped from a token and a management URL (no authentication at
 * all); or from a stored token (`tokenRef`: used until it expires; with a password, renewed before). It keeps the
 * token, finds endpoints (`urlFor("compute", { interface: "private" })`), and loads the user, the project and the
 * projects the user may use lazily, once.
 *
 * @example
 * import { Effect, Redacted } from "effect"
 * import { KeystoneClient, Transport } from "effect-openstack"
 *
 * const program = Effect.gen(function* () {
 *   const keystone = yield* KeystoneClient.make({ username: "demo", password: Redacted.make("…"), authUrl })
 *   const compute = yield* keystone.urlFor("compute", { interface: "private" }) // authenticates here
 *   const projects = yield* keystone.projects                                  // loaded once
 *   return { compute, projects: projects.map((p) => p.name) }
 * }).pipe(Effect.provide(Transport.node()))
 *
 * @module
 */
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import type * as Redacted from "effect/Redacted"
import * as SynchronizedRef from "effect/SynchronizedRef"
import * as HttpClient from "effect/http/HttpClient"
import type { AccessInfo } from "./AccessInfo.ts"
import * as Adapter from "./Adapter.ts"
import { type AuthPlugin, make as makePlugin } from "./auth/AuthPlugin.ts"
import * as Fixed from "./auth/Fixed.ts"
import * as Generic from "./auth/Generic.ts"
import { AuthorizationFailure, type AuthPluginOptionsMissing } from "./Errors.ts"
import * as Identity from "./identity/v3/Identity.ts"
import type * as Resource from "./Resource.ts"
import type { InterfaceName } from "./ServiceCatalog.ts"
import { make as makeSession, type SessionError, type SessionOptions, type SessionShape } from "./Session.ts"

/**
 * How the client gets its token: credentials (`username` or `userId`, `password`, `authUrl`, and a project
 * optionally); or `tokenId` + `mgmtUrl`; or a stored `tokenRef`.
 *
 * @example
 * const options: KeystoneClient.Options = { tokenId: Redacted.make("admin-token"), mgmtUrl: "http://keystone:5000/v3" }
 */
export interface Options {
  readonly authUrl?: string | undefined
  readonly username?: string | undefined
  readonly userId?: string | undefined
  readonly password?: Redacted.Redacted<string> | undefined
  /** The project; none: the user's default project, when Keystone has one (seed 004). */
  readonly projectName?: string | undefined
  readonly projectId?: string | undefined
  /** The domain of user and project names ("default" unless given). */
  readonly domainId?: string | undefined
  /** A token and the identity endpoint to use it on: no authentication at all. */
  readonly tokenId?: Redacted.Redacted<string> | undefined
  readonly mgmtUrl?: string | undefined
  /**
   * A stored token: used as is until it nears expiry, then renewed from the credentials; without credentials, used
   * until it expires (renewing a token from itself gives a token with the same expiry), then an `AuthorizationFailure`
   * that says when it expired.
   */
  readonly tokenRef?: AccessInfo | undefined
  /** The Session's other options. */
  readonly session?: Omit<SessionOptions, "auth"> | undefined
}

/**
 * What the client offers.
 *
 * @example
 * const access = yield* keystone.authRef
 */
export interface KeystoneClientShape {
  /** The token's data, authenticating if needed (a `tokenId` client validates its token, once). */
  readonly authRef: Effect.Effect<AccessInfo, Resource.ResourceError>
  /** The token. */
  readonly authToken: Effect.Effect<Redacted.Redacted<string>, SessionError>
  /** The URL of a service, `public` unless said (`private` is `internal`, as are `internalURL`). */
  readonly urlFor: (
    serviceType: string,
    options?: { readonly interface?: InterfaceName | undefined, readonly regionName?: string | undefined }
  ) => Effect.Effect<string, SessionError>
  /** The authenticated user, loaded once. */
  readonly user: Effect.Effect<Identity.Users.User, Resource.ResourceError>
  /** The project the token is scoped to (`undefined` when unscoped), loaded once. */
  readonly project: Effect.Effect<Identity.Projects.Project | undefined, Resource.ResourceError>
  /** The projects the user may scope to, loaded once. */
  readonly projects: Effect.Effect<ReadonlyArray<Identity.Tokens.AuthProject>, Resource.ResourceError>
  /** Every Identity v3 client, on this client's session. */
  readonly identity: Identity.IdentityShape
  readonly session: SessionShape
}

/** An effect that runs once it succeeds: later callers get its value; a failure is not kept. */
const onceSucceeded = <A, E>(effect: Effect.Effect<A, E>): Effect.Effect<Effect.Effect<A, E>> =>
  Effect.map(SynchronizedRef.make(Option.none<A>()), (ref) =>
    SynchronizedRef.modifyEffect(ref, (cached) =>
      Option.isSome(cached)
        ? Effect.succeed([cached.value, cached] as const)
        : Effect.map(effect, (value) => [value, Option.some(value)] as const)))

const given = (value: string | undefined): value is string => value !== undefined && value !== ""

/** The plugin the options stand for. */
const pluginOf = (options: Options): Effect.Effect<AuthPlugin, AuthPluginOptionsMissing | SessionError> => {
  if (options.tokenId !== undefined || given(options.mgmtUrl)) {
    return Fixed.tokenEndpoint({ token: options.tokenId, endpoint: options.mgmtUrl })
  }
  const domain = options.domainId ?? "default"
  if (options.password !== undefined || options.tokenRef === undefined) {
    return Generic.password({
      authUrl: options.authUrl ?? "",
      username: options.username,
      userId: options.userId,
      password: options.password,
      projectName: options.projectName,
      projectId: options.projectId,
      defaultDomainId: domain,
      tokenRef: options.tokenRef
    })
  }
  const stored = options.tokenRef
  return Effect.flatMap(
    given(options.authUrl)
      ? Effect.succeed(options.authUrl)
      : stored.serviceCatalog.urlFor({ serviceType: "identity", interface: "public" }),
    (authUrl) => storedOnly(authUrl, stored)
  )
}

/**
 * The plugin of a stored token alone: the token until it expires, then an `AuthorizationFailure` naming its expiry.
 * Keystone gives a token made from a token the same expiry, so renewing from itself would only add a request per call
 * in the refresh window and a `NotFound` after.
 */
const storedOnly = (authUrl: string, stored: AccessInfo) =>
  makePlugin({
    name: "v3token",
    authUrl,
    identity: { storedToken: true, userId: stored.userId, projectId: stored.projectId },
    tokenRef: stored,
    authenticate: Effect.flatMap(Clock.currentTimeMillis, (now) =>
      now < stored.expiresAtMillis
        ? Effect.succeed(stored)
        : Effect.fail(
            new AuthorizationFailure({
              message: `the stored token (tokenRef) of user ${stored.userId} expired at ${stored.expires.toISOString()}: `
                + "give a password (or a new token) to renew it"
            })
          ))
  })

/**
 * A KeystoneClient. Nothing is sent until something needs a token (or, with `tokenRef`, until it nears expiry).
 *
 * @example
 * const keystone = yield* KeystoneClient.make({ tokenRef: yield* AccessInfo.fromStored(saved) })
 */
export const make = (
  options: Options
): Effect.Effect<KeystoneClientShape, AuthPluginOptionsMissing | SessionError, HttpClient.HttpClient> =>
  Effect.gen(function* () {
    const auth = yield* pluginOf(options)
    const session = yield* makeSession({ ...options.session, auth })
    const identity = Identity.make(
      Adapter.make(session, {
        serviceType: "identity",
        // The Keystone the client was given: its management URL, else the one it authenticates with.
        ...(given(options.mgmtUrl) ? { endpointOverride: options.mgmtUrl } : { interface: "auth", version: "3" })
      })
    )
    // A bare token has no AccessInfo of its own: the token validates itself, once.
    const authRef = options.tokenId === undefined
      ? Effect.provideService(auth.getAccess, HttpClient.HttpClient, session.client)
      : yield* onceSucceeded(identity.tokens.validate(options.tokenId))
    const user = yield* onceSucceeded(Effect.flatMap(authRef, (access) => identity.users.get(access.userId)))
    const project = yield* onceSucceeded(
      Effect.flatMap(authRef, (access) =>
        access.projectId === undefined ? Effect.succeed(undefined) : identity.projects.get(access.projectId))
    )
    const projects = yield* onceSucceeded(identity.tokens.projects())
    return {
      authRef,
      authToken: session.authorize(),
      urlFor: (serviceType, filter = {}) =>
        session.getEndpoint({ serviceType, interface: filter.interface ?? "public", regionName: filter.regionName }),
      user,
      project,
      projects,
      identity,
      session
    } satisfies KeystoneClientShape
  })
