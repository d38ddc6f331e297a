/**
 * FakeCloud: an in-memory Keystone v3 and Neutron v2 that behave as the real ones do for every operation the SDK has —
 * tokens with every method the plugins send (password, token, application credential, TOTP) and every scope, the
 * catalog in the token, expiry on the Effect clock (`TestClock` moves it), validation and revocation, Keystone's 401
 * and role-based 403, the identity resources; Neutron's networks, subnets (addresses drawn from their pools), ports
 * (409 for an address taken), routers and interfaces, floating IPs, security groups (a `default` group per project),
 * tags, filters, pages, `revision_number` and `If-Match` (412), NeutronError bodies — and faults on demand (latency,
 * 429 / 503 with `Retry-After`, connection resets) for your own tests.
 *
 * Two ways to use it: {@link layer}, an `HttpClient` without sockets (for unit tests), or {@link serve}, a real HTTP
 * server on 127.0.0.1 (for other processes, a CLI, other languages). Keystone is at `<baseUrl>/identity/v3`, Neutron
 * at `<baseUrl>/network`. The same contract suite runs against FakeCloud and against the real servers; what it does
 * not do (trusts, unified limits, subnet pools, address scopes, RBAC, quotas, IP availability, service providers,
 * multi-factor receipts) answers 404.
 *
 * @example
 * import { Effect } from "effect"
 * import { Connection } from "effect-openstack"
 * import { FakeCloud } from "effect-openstack/testing"
 *
 * const program = Effect.gen(function* () {
 *   const conn = yield* Connection.Connection
 *   const network = yield* conn.network.networks.findOrCreate("jenkins", {})
 *   return network.id
 * }).pipe(Effect.provide(FakeCloud.connection({ user: "demo", project: "demo" })))
 *
 * @module
 */
import type { IncomingMessage as NodeRequest, Server as NodeServer, ServerResponse } from "node:http"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as HttpClient from "effect/http/HttpClient"
import * as HttpClientError from "effect/http/HttpClientError"
import type * as HttpClientRequest from "effect/http/HttpClientRequest"
import * as HttpClientResponse from "effect/http/HttpClientResponse"
import { password } from "../auth/Generic.ts"
import * as Connection from "../Connection.ts"
import { ConnectFailure, ValidationError } from "../Errors.ts"
import { type Engine, type Fault, type Logged, makeEngine, type Outcome } from "../internal/fakeCloud/cloud.ts"
import type { FakeResponse } from "../internal/fakeCloud/http.ts"
import { defaultSeed, type Seed } from "../internal/fakeCloud/seed.ts"
import { fromSeed, type TableName, type World } from "../internal/fakeCloud/world.ts"

export type { Fault, Logged } from "../internal/fakeCloud/cloud.ts"
export type {
  Seed,
  SeedApplicationCredential,
  SeedAssignment,
  SeedDomain,
  SeedGroup,
  SeedProject,
  SeedService,
  SeedUser
} from "../internal/fakeCloud/seed.ts"
export { defaultSeed }

/**
 * How a fake cloud is made: what it starts with (else {@link defaultSeed}), Neutron's page size (its
 * `pagination_max_limit`; default none), faults to inject, and where it says it is (default `http://fake.cloud`; a
 * served cloud is where it listens).
 *
 * @example
 * const options: FakeCloud.Options = { seed: { users: [{ name: "ci", password: "s3cret" }] }, pageSize: 50 }
 */
export interface Options {
  readonly seed?: Seed | undefined
  readonly pageSize?: number | undefined
  readonly faults?: ReadonlyArray<Fault> | undefined
  readonly baseUrl?: string | undefined
}

/**
 * The ids of what a seed named, by name (`ids.projects.demo`).
 *
 * @example
 * const demo = cloud.ids.projects.demo
 */
export type Ids = Readonly<Record<"domains" | "projects" | "users" | "groups" | "roles" | "services", Readonly<Record<string, string>>>>

/**
 * An endpoint of the fake's catalog.
 *
 * @example
 * const network = cloud.endpoints.find((e) => e.serviceType === "network" && e.interface === "public")?.url
 */
export interface Endpoint {
  readonly id: string
  readonly serviceType: string
  readonly region: string
  readonly interface: string
  readonly url: string
}

/**
 * A request as the fake reads it: the method, the URL, lower-case headers, the JSON body (or its text).
 *
 * @example
 * const url = new URL(`${cloud.baseUrl}/network/`)
 * const outcome = yield* cloud.handle({ method: "GET", url, headers: {}, body: undefined })
 */
export interface Request {
  readonly method: string
  readonly url: URL
  readonly headers: Readonly<Record<string, string>>
  readonly body: unknown
}

/**
 * A fake cloud.
 *
 * @example
 * const cloud = yield* FakeCloud.FakeCloud
 * const tokenRequests = (yield* cloud.requests).filter((r) => r.path.endsWith("/auth/tokens")).length
 */
export interface FakeCloudShape {
  /** Where it answers: Keystone at `${baseUrl}/identity/v3`, Neutron at `${baseUrl}/network`. */
  readonly baseUrl: string
  /** Keystone's v3 URL, for an auth plugin's `authUrl`. */
  readonly authUrl: string
  /** The seeded records' ids, by name. */
  readonly ids: Ids
  /** The catalog's endpoints, as seeded. */
  readonly endpoints: ReadonlyArray<Endpoint>
  /** Every request so far: method, path, status (0 for an injected reset). */
  readonly requests: Effect.Effect<ReadonlyArray<Logged>>
  /** Answers one request (what the transports call). */
  readonly handle: (request: Request) => Effect.Effect<Outcome>
}

/**
 * The FakeCloud service: the cloud a layer made.
 *
 * @example
 * const authUrl = yield* Effect.map(FakeCloud.FakeCloud, (cloud) => cloud.authUrl)
 */
export class FakeCloud extends Context.Service<FakeCloud, FakeCloudShape>()("effect-openstack/testing/FakeCloud") {}

const idsOf = (world: World): Ids => {
  const byName = (table: TableName, key = "name") =>
    Object.fromEntries([...world.tables[table].values()].map((record) => [String(record[key]), String(record.id)]))
  return {
    domains: byName("domains"), projects: byName("projects"), users: byName("users"), groups: byName("groups"),
    roles: byName("roles"), services: byName("services", "type")
  }
}

const shapeOf = (engine: Engine, world: World): FakeCloudShape => ({
  baseUrl: world.baseUrl,
  authUrl: `${world.baseUrl}/identity/v3`,
  ids: idsOf(world),
  endpoints: [...world.tables.endpoints.values()].map((e) => ({
    id: String(e.id),
    serviceType: String(world.tables.services.get(String(e.service_id))?.type),
    region: String(e.region_id),
    interface: String(e.interface),
    url: String(e.url)
  })),
  requests: engine.requests,
  handle: engine.handle
})

/**
 * A fake cloud (its seed checked: a name it uses without defining it is a `ValidationError`).
 *
 * @example
 * const cloud = yield* FakeCloud.make({ seed: FakeCloud.defaultSeed })
 */
export const make = (options: Options = {}): Effect.Effect<FakeCloudShape, ValidationError> =>
  Effect.gen(function* () {
    const { world, problems } = fromSeed(options.seed ?? {}, (options.baseUrl ?? "http://fake.cloud").replace(/\/+$/, ""))
    if (problems.length > 0) return yield* new ValidationError({ message: `the FakeCloud seed: ${problems.join("; ")}` })
    return shapeOf(yield* makeEngine(world, options), world)
  })

// ---------------------------------------------------------------------------------------------------------------------
// As an HttpClient
// ---------------------------------------------------------------------------------------------------------------------

const bodyOf = (request: HttpClientRequest.HttpClientRequest): unknown => {
  if (request.body._tag !== "Uint8Array") return undefined
  const text = new TextDecoder().decode(request.body.body)
  try {
    return JSON.parse(text) as unknown
  } catch {
    return text
  }
}

/**
 * A Web `Response` of an answer (JSON bodies serialized; none for 204 and `HEAD`).
 *
 * @example
 * const web = toWeb(response, "GET")
 */
export const toWeb = (response: FakeResponse, method: string): Response => {
  const empty = response.body === undefined || response.status === 204 || method === "HEAD"
  const text = empty ? null : typeof response.body === "string" ? response.body : JSON.stringify(response.body)
  const headers = new Headers(response.headers)
  if (text !== null && typeof response.body !== "string") headers.set("content-type", "application/json")
  return new Response(text, { status: response.status, headers })
}

const reset = (request: HttpClientRequest.HttpClientRequest) =>
  new HttpClientError.HttpClientError({
    reason: new HttpClientError.TransportError({ request, description: "FakeCloud reset the connection (an injected fault)" })
  })

const clientOf = (cloud: FakeCloudShape) =>
  HttpClient.make((request, url) => {
    const asked = { method: request.method, url, headers: request.headers, body: bodyOf(request) }
    return Effect.flatMap(cloud.handle(asked), (outcome) =>
      outcome._tag === "Reset"
        ? Effect.fail(reset(request))
        : Effect.succeed(HttpClientResponse.fromWeb(request, toWeb(outcome.response, request.method))))
  })

/**
 * An `HttpClient` that sends every request to this fake cloud.
 *
 * @example
 * Layer.succeed(HttpClient.HttpClient, FakeCloud.httpClient(cloud))
 */
export const httpClient = (cloud: FakeCloudShape): HttpClient.HttpClient => clientOf(cloud)

/**
 * A fake cloud as an `HttpClient`, without sockets: every request of the SDK goes to the fake; it runs on the
 * caller's fiber, so `TestClock` drives token expiry and injected latency. Also gives the {@link FakeCloud} service.
 *
 * @example
 * program.pipe(Effect.provide(Connection.layer({ auth, transport: FakeCloud.layer() })))
 */
export const layer = (options: Options = {}): Layer.Layer<FakeCloud | HttpClient.HttpClient, ValidationError> =>
  Layer.effectContext(
    Effect.map(make(options), (cloud) =>
      Context.make(FakeCloud, cloud).pipe(Context.add(HttpClient.HttpClient, clientOf(cloud))))
  )

/**
 * How {@link connection} connects: a fake cloud's options, and the user (with its password, default the seed's) and
 * project to connect as.
 *
 * @example
 * const options: FakeCloud.ConnectionOptions = { user: "admin", project: "admin", pageSize: 10 }
 */
export interface ConnectionOptions extends Options {
  readonly user?: string | undefined
  readonly password?: string | undefined
  readonly project?: string | undefined
}

/**
 * A Connection to a fake cloud as one of its users (default the seed's `demo` user on project `demo`, in domain
 * `Default`), with every service of a Connection and the {@link FakeCloud} service.
 *
 * @example
 * program.pipe(Effect.provide(FakeCloud.connection({ user: "admin", project: "admin" })))
 */
export const connection = (
  options: ConnectionOptions = {}
): Layer.Layer<Connection.Services | FakeCloud, Connection.ConnectionError | ValidationError> => {
  const seeded = [...(options.seed?.users ?? defaultSeed.users)]
  const user = options.user ?? "demo"
  const secret = options.password ?? seeded.find((u) => u.name === user)?.password ?? ""
  const connected = Layer.unwrap(
    Effect.map(FakeCloud, (fake) =>
      Connection.layer({
        auth: password({
          authUrl: fake.authUrl, username: user, password: Redacted.make(secret), projectName: options.project ?? user,
          userDomainId: "default", projectDomainId: "default"
        }),
        transport: Layer.succeed(HttpClient.HttpClient, clientOf(fake))
      }))
  )
  return Layer.provideMerge(connected, Layer.effect(FakeCloud, make(options)))
}

// ---------------------------------------------------------------------------------------------------------------------
// As a server
// ---------------------------------------------------------------------------------------------------------------------

type NodeResponse = ServerResponse<NodeRequest>

const readBody = (request: NodeRequest): Promise<unknown> =>
  new Promise((resolve) => {
    const chunks: Array<Buffer> = []
    request.on("data", (chunk: Buffer) => chunks.push(chunk))
    request.on("end", () => {
      const text = Buffer.concat(chunks).toString("utf8")
      try {
        resolve(text === "" ? undefined : JSON.parse(text) as unknown)
      } catch {
        resolve(text)
      }
    })
    request.on("error", () => resolve(undefined))
  })

const headersOf = (request: NodeRequest): Readonly<Record<string, string>> =>
  Object.fromEntries(Object.entries(request.headers).flatMap(([name, value]) =>
    value === undefined ? [] : [[name, Array.isArray(value) ? value.join(", ") : value]]))

/** Answers a Node request with the cloud, on the server's own fiber (live clock). */
const answer = (cloud: FakeCloudShape, request: NodeRequest, response: NodeResponse) =>
  Effect.gen(function* () {
    const url = new URL(request.url ?? "/", cloud.baseUrl)
    const body = yield* Effect.promise(() => readBody(request))
    const outcome = yield* cloud.handle({ method: request.method ?? "GET", url, headers: headersOf(request), body })
    if (outcome._tag === "Reset") return request.socket.destroy()
    const web = toWeb(outcome.response, request.method ?? "GET")
    response.writeHead(web.status, Object.fromEntries(web.headers.entries()))
    response.end(web.body === null ? undefined : Buffer.from(yield* Effect.promise(() => web.arrayBuffer())))
  })

const listen = (server: NodeServer, port: number) =>
  Effect.callback<number, ConnectFailure>((resume) => {
    server.once("error", (error) =>
      resume(Effect.fail(new ConnectFailure({ method: "LISTEN", url: `http://127.0.0.1:${port}`, message: `FakeCloud could not listen: ${error.message}` }))))
    server.listen(port, "127.0.0.1", () => {
      const address = server.address()
      resume(Effect.succeed(typeof address === "object" && address !== null ? address.port : port))
    })
  })

/**
 * A fake cloud served over HTTP on 127.0.0.1 (port 0: any free one), for other processes (a CLI, another language's
 * client): it lives as long as the layer, and its `baseUrl` is where it listens. Requests run on the server's fiber,
 * on the real clock. Node only (it imports `node:http` when the layer is built).
 *
 * @example
 * const program = Effect.gen(function* () {
 *   const cloud = yield* FakeCloud.FakeCloud
 *   yield* Console.log(`OS_AUTH_URL=${cloud.authUrl}`)
 * }).pipe(Effect.provide(FakeCloud.serve({ port: 8080 })))
 */
export const serve = (
  options: Options & { readonly port?: number | undefined } = {}
): Layer.Layer<FakeCloud, ValidationError | ConnectFailure> =>
  Layer.effect(
    FakeCloud,
    Effect.gen(function* () {
      const http = yield* Effect.promise(() => import("node:http"))
      const context = yield* Effect.context<never>()
      const server = http.createServer()
      yield* Effect.addFinalizer(() => Effect.promise(() => new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      })))
      const port = yield* listen(server, options.port ?? 0)
      const cloud = yield* make({ ...options, baseUrl: `http://127.0.0.1:${port}` })
      server.on("request", (request: NodeRequest, response: NodeResponse) => {
        const destroyed = Effect.sync(() => response.destroy())
        const answered = Effect.catchCause(answer(cloud, request, response), () => destroyed)
        void Effect.runPromiseWith(context)(answered)
      })
      return cloud
    })
  )
