/**
 * The Connection: the entry point (openstacksdk's `Connection`). One layer, from options or from clouds.yaml, gives
 * the Session, the Identity and Network services (each resource client a service of its own too) and the Connection
 * itself — `authorize` for the token, `conn.identity`, `conn.network`, and an adapter per service, each with the
 * cloud's region, interface and per-service overrides. Endpoints come from the token's catalog when a service is
 * used: a service the catalog lacks fails with `EndpointNotFound` then.
 *
 * @example
 * import { Effect } from "effect"
 * import { Connection } from "effect-openstack"
 *
 * const program = Effect.gen(function* () {
 *   const conn = yield* Connection.Connection
 *   const projects = yield* conn.identity.projects.list()
 *   return projects.map((p) => p.name)
 * }).pipe(Effect.provide(Connection.fromConfig({ cloud: "mycloud" })))
 *
 * @module
 */
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import type * as FileSystem from "effect/FileSystem"
import * as Layer from "effect/Layer"
import type * as Path from "effect/Path"
import type * as Redacted from "effect/Redacted"
import * as HttpClient from "effect/http/HttpClient"
import * as Adapter from "./Adapter.ts"
import type { AuthPlugin } from "./auth/AuthPlugin.ts"
import { load as loadPlugin } from "./auth/Registry.ts"
import { TokenStore } from "./auth/TokenStore.ts"
import * as CloudConfig from "./CloudConfig.ts"
import {
  type AuthPluginOptionsMissing,
  type CloudConfigError,
  type NoMatchingPlugin,
  ValidationError
} from "./Errors.ts"
import * as Identity from "./identity/v3/Identity.ts"
import type { ServiceInfo } from "./internal/resource/declaration.ts"
import * as services from "./internal/services.ts"
import * as Network from "./network/v2/Network.ts"
import type { InterfaceName } from "./ServiceCatalog.ts"
import * as ServiceTypes from "./ServiceTypes.ts"
import { Session, type SessionError, type SessionOptions, type SessionShape, make as makeSession } from "./Session.ts"
import * as Transport from "./Transport.ts"

/**
 * A service's settings in this connection (clouds.yaml's `<service>_endpoint_override`, `_interface`,
 * `_api_version`, `_region_name`, `_service_name`).
 *
 * @example
 * const compute: Connection.ServiceSettings = { interface: "internal", apiVersion: "2.79" }
 */
export interface ServiceSettings {
  readonly endpointOverride?: string | undefined
  readonly interface?: string | undefined
  readonly apiVersion?: string | undefined
  readonly regionName?: string | undefined
  readonly serviceName?: string | undefined
}

/**
 * Where a connection's tokens are kept between uses: in this process only (default), in files shared by the user's
 * processes, in a store layer given (e.g. `TokenStore.redis(...)`, shared by a fleet), or nowhere.
 *
 * @example
 * const store: Connection.TokenStoreChoice = { directory: "/run/my-app/tokens" }
 */
export type TokenStoreChoice =
  | "memory"
  | "file"
  | { readonly directory: string }
  | Layer.Layer<TokenStore, ValidationError>
  | "none"

/**
 * What a connection is made with.
 *
 * @example
 * Connection.layer({
 *   auth: Auth.password({ authUrl, username, password, projectName, defaultDomainId }),
 *   regionName: "RegionOne"
 * })
 */
export interface ConnectionOptions {
  /** The auth plugin (or the effect that builds it, e.g. `Auth.password({...})`). */
  readonly auth: AuthPlugin | Effect.Effect<AuthPlugin, AuthPluginOptionsMissing | NoMatchingPlugin | ValidationError>
  /** The region of every service, unless a service says otherwise. */
  readonly regionName?: string | undefined
  /** The interface of every service (default public), unless a service says otherwise. */
  readonly interface?: InterfaceName | string | undefined
  /** Per service type: overrides of the endpoint, interface, region, API version. */
  readonly services?: Readonly<Record<string, ServiceSettings>> | undefined
  /**
   * TLS and connection pool of the Node transport (ignored when `transport` is given). Outside the Node entry, where
   * the transport is `fetch`, TLS settings other than the runtime's own trust fail the layer with `ValidationError`.
   */
  readonly tls?: Transport.NodeOptions | undefined
  /** An HttpClient layer to use instead of the runtime's (e.g. `Transport.fetch()`, or a test double). */
  readonly transport?: Layer.Layer<HttpClient.HttpClient, CloudConfigError> | undefined
  /** Put before `effect-openstack/<version>` in the User-Agent. */
  readonly userAgent?: string | undefined
  /** Where tokens are kept (default "memory"). */
  readonly tokenStore?: TokenStoreChoice | undefined
  /** The Session's other options: timeouts, retries, limits, … */
  readonly session?: Omit<SessionOptions, "auth" | "userAgent"> | undefined
}

/**
 * What a connection offers.
 *
 * @example
 * const conn = yield* Connection.Connection
 * const token = yield* conn.authorize()
 *
 * Accessors follow the Python API they mirror: what is a method there is a method here (`conn.authorize()`,
 * `session.getToken()`), what is a property there is a property here (`client.authToken`, `access.projectId`).
 */
export interface ConnectionShape {
  readonly session: SessionShape
  /** The token, authenticating if needed (openstacksdk's `authorize()`); another plugin's with `auth`. */
  readonly authorize: (auth?: AuthPlugin) => Effect.Effect<Redacted.Redacted<string>, SessionError>
  /** The Identity v3 service. */
  readonly identity: Identity.IdentityShape
  /** The Network v2 service (`EndpointNotFound` when used on a cloud whose catalog has no network service). */
  readonly network: Network.NetworkShape
  /** An adapter for any service type, with this connection's region, interface and the service's overrides. */
  readonly adapterFor: (serviceType: string) => Adapter.AdapterShape
}

/**
 * The Connection service.
 *
 * @example
 * const projects = yield* Connection.Connection.use((conn) => conn.identity.projects.list())
 */
export class Connection extends Context.Service<Connection, ConnectionShape>()("effect-openstack/Connection") {}

/**
 * Everything building a connection can fail with.
 *
 * @example
 * const report = (e: Connection.ConnectionError) => Effect.logError(e._tag, e.message)
 */
export type ConnectionError = AuthPluginOptionsMissing | NoMatchingPlugin | ValidationError | CloudConfigError

/**
 * Every service a connection provides: the Connection, the Session, and each service with its resource clients.
 *
 * @example
 * const layer: Layer.Layer<Connection.Services, Connection.ConnectionError> = Connection.fromConfig()
 */
export type Services = Connection | Session | Identity.Clients | Network.Clients

/** The settings of a service type: its own, by type or by one of its aliases. */
const settingsOf = (options: ConnectionOptions, serviceType: string): ServiceSettings => {
  const services = options.services ?? {}
  const official = ServiceTypes.official(serviceType)
  const key = Object.keys(services).find((name) => ServiceTypes.official(name.replaceAll("_", "-")) === official)
  return key === undefined ? {} : (services[key] ?? {})
}

const adapterOptions = (options: ConnectionOptions, serviceType: string): Adapter.AdapterOptions => {
  const own = settingsOf(options, serviceType)
  const iface = own.interface ?? options.interface
  const region = own.regionName ?? options.regionName
  return {
    serviceType,
    ...(iface === undefined ? {} : { interface: iface as InterfaceName }),
    ...(region === undefined ? {} : { regionName: region }),
    ...(own.serviceName === undefined ? {} : { serviceName: own.serviceName }),
    ...(own.endpointOverride === undefined ? {} : { endpointOverride: own.endpointOverride }),
    ...(serviceType === "identity" ? { version: own.apiVersion ?? "3" } : {})
  }
}

/** The adapter of a service the SDK has clients for: its settings, and the API version its clients speak. */
const clientAdapter = (session: SessionShape, options: ConnectionOptions, service: ServiceInfo): Adapter.AdapterShape =>
  Adapter.make(session, {
    ...adapterOptions(options, service.type),
    version: settingsOf(options, service.type).apiVersion ?? service.version
  })

/**
 * What a connection takes from the runtime it runs on: its default transport (with the cloud's TLS settings) and the
 * file token store. The main entry's is portable (`fetch`, no files); the Node entry's has undici and files.
 *
 * @example
 * const platform: Connection.Platform = { transport: () => Transport.fetch(), fileTokenStore: () => TokenStore.memory }
 */
export interface Platform {
  readonly transport: (
    tls: Transport.NodeOptions
  ) => Layer.Layer<HttpClient.HttpClient, CloudConfigError | ValidationError>
  readonly fileTokenStore: (directory: string | undefined) => Layer.Layer<TokenStore, ValidationError>
}

const needsNode = (what: string) =>
  new ValidationError({ message: `${what} needs the Node entry of effect-openstack (effect-openstack/node): on this runtime, use Transport.fetch() and the memory token store` })

/**
 * The portable platform: the runtime's `fetch` (TLS settings other than its own trust cannot apply there), and no file
 * token store.
 *
 * @example
 * const layer = Connection.layerOn(Connection.portable)({ auth })
 */
export const portable: Platform = {
  transport: (tls) =>
    tls.verify === false || typeof tls.verify === "string" || tls.cert !== undefined
      ? Layer.effect(HttpClient.HttpClient, Effect.fail(needsNode("a CA bundle, a client certificate or verify: false")))
      : Transport.fetch(),
  fileTokenStore: () => Layer.effect(TokenStore, Effect.fail(needsNode("the file token store")))
}

const tokenStoreLayer = (platform: Platform, choice: TokenStoreChoice | undefined) => {
  if (choice === "none") return Layer.empty
  if (choice === undefined || choice === "memory") return TokenStore.memory
  if (choice === "file") return platform.fileTokenStore(undefined)
  return "directory" in choice ? platform.fileTokenStore(choice.directory) : choice
}

/** The connection's services, on the HttpClient (and TokenStore) of the context. */
const build = (options: ConnectionOptions) =>
  Effect.gen(function* () {
    const auth = Effect.isEffect(options.auth) ? yield* options.auth : options.auth
    const session = yield* makeSession({ ...options.session, auth, userAgent: options.userAgent })
    const adapterFor = (serviceType: string) => Adapter.make(session, adapterOptions(options, serviceType))
    const identity = Identity.make(clientAdapter(session, options, services.identity))
    const network = Network.make(clientAdapter(session, options, services.network))
    const connection: ConnectionShape = { session, authorize: session.authorize, identity, network, adapterFor }
    return Context.make(Connection, connection).pipe(
      Context.add(Session, session),
      Context.merge(Identity.context(identity)),
      Context.merge(Network.context(network))
    )
  })

/**
 * A connection from options on a platform: the transport given (else the platform's), the token store, the Session,
 * each service and the Connection itself.
 *
 * @example
 * const layer = Connection.layerOn(Connection.portable)({ auth, transport: Transport.fetch() })
 */
export const layerOn = (platform: Platform) => (options: ConnectionOptions): Layer.Layer<Services, ConnectionError> =>
  Layer.effectContext(build(options)).pipe(
    Layer.provide(
      Layer.merge(
        options.transport ?? platform.transport(options.tls ?? {}),
        tokenStoreLayer(platform, options.tokenStore)
      )
    )
  )

/**
 * A connection from options: the transport given, else the runtime's `fetch` (the Node entry's `layer` uses undici);
 * the token store; the Session, each service and the Connection itself.
 *
 * @example
 * const auth = Auth.v3ApplicationCredential({ authUrl, applicationCredentialId, applicationCredentialSecret })
 * program.pipe(Effect.provide(Connection.layer({ auth })))
 */
export const layer: (options: ConnectionOptions) => Layer.Layer<Services, ConnectionError> = layerOn(portable)

/**
 * What {@link fromConfig} takes: the cloud (else `OS_CLOUD`, else the environment's), the region, overrides of the
 * config, and the connection options clouds.yaml does not hold.
 *
 * @example
 * Connection.fromConfig({ cloud: "prod", regionName: "RegionTwo", tokenStore: "file" })
 */
export interface FromConfigOptions extends CloudConfig.LoadOptions {
  readonly transport?: ConnectionOptions["transport"]
  readonly userAgent?: string | undefined
  readonly tokenStore?: TokenStoreChoice | undefined
  readonly session?: ConnectionOptions["session"]
  /** Pool settings of the Node transport (TLS comes from the cloud's verify / cacert / cert / key). */
  readonly pool?: Omit<Transport.NodeOptions, "verify" | "cert"> | undefined
}

/**
 * The connection options a resolved cloud stands for.
 *
 * @example
 * const options = Connection.optionsFromCloud(cloud)
 */
export const optionsFromCloud = (cloud: CloudConfig.CloudConfig, extra: FromConfigOptions = {}): ConnectionOptions => ({
  auth: loadPlugin(cloud.authType, cloud.auth),
  regionName: cloud.regionName,
  interface: cloud.interface,
  services: Object.fromEntries(
    Object.entries(cloud.services).map(([type, settings]) => [type.replaceAll("_", "-"), settings])
  ),
  tls: { ...extra.pool, verify: cloud.verify, cert: cloud.cert },
  transport: extra.transport,
  userAgent: extra.userAgent,
  tokenStore: extra.tokenStore,
  session: { ...timeoutOf(cloud), ...extra.session }
})

/** clouds.yaml's `api_timeout` (seconds), openstacksdk's per-request timeout. */
const timeoutOf = (cloud: CloudConfig.CloudConfig): { readonly timeout?: Duration.Input } => {
  const seconds = Number(cloud.config.api_timeout)
  return cloud.config.api_timeout === undefined || !(seconds > 0) ? {} : { timeout: Duration.seconds(seconds) }
}

/**
 * A connection from clouds.yaml / secure.yaml / the `OS_*` variables on a platform, the files read with the
 * FileSystem and Path of the context.
 *
 * @example
 * const layer = Connection.fromConfigOn(Connection.portable)({ cloud: "mycloud" })
 */
export const fromConfigOn = (platform: Platform) => (
  options: FromConfigOptions = {}
): Layer.Layer<Services, ConnectionError, FileSystem.FileSystem | Path.Path> =>
  Layer.unwrap(Effect.map(CloudConfig.load(options), (cloud) => layerOn(platform)(optionsFromCloud(cloud, options))))

/**
 * A connection from clouds.yaml / secure.yaml / the `OS_*` variables, resolved as openstacksdk resolves them
 * (openstacksdk's `connection.from_config(cloud_name)`), the files read with the FileSystem and Path of the context
 * (the Node entry's `fromConfig` provides Node's).
 *
 * @example
 * program.pipe(Effect.provide(Connection.fromConfig({ cloud: "mycloud" })), Effect.provide(NodeServices.layer))
 */
export const fromConfig: (
  options?: FromConfigOptions
) => Layer.Layer<Services, ConnectionError, FileSystem.FileSystem | Path.Path> = fromConfigOn(portable)
