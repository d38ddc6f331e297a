/**
 * The transports of the Node entry: those of `Transport` (`fetch`), {@link node} on undici (the fastest per request),
 * and {@link nodeHttp} on Node's own `http` / `https` (the fastest to start: for one-shot processes such as a CLI).
 *
 * @example
 * import { Transport } from "effect-openstack/node"
 *
 * program.pipe(Effect.provide(Transport.node({ verify: "/etc/ssl/private-ca.pem" })))
 *
 * @module
 */
import { createSecureContext } from "node:tls"
import * as NodeFileSystem from "@effect/platform-node/NodeFileSystem"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as FileSystem from "effect/FileSystem"
import * as Layer from "effect/Layer"
import * as HttpClient from "effect/http/HttpClient"
import { CloudConfigError } from "../Errors.ts"
import * as UndiciClient from "../internal/undiciClient.ts"
import type { NodeOptions, TlsOptions } from "../Transport.ts"

export * from "../Transport.ts"

const readPem = (fs: FileSystem.FileSystem, file: string, key: string) =>
  fs
    .readFileString(file)
    .pipe(
      Effect.mapError(
        (error) => new CloudConfigError({ message: `cannot read ${key} file ${file}: ${error.message}`, file, key })
      )
    )

/** Reads the CA bundle named by `verify`, checking it holds certificates. */
const readCaBundle = (fs: FileSystem.FileSystem, file: string) =>
  Effect.flatMap(readPem(fs, file, "verify"), (ca) =>
    ca.includes("-----BEGIN CERTIFICATE-----")
      ? Effect.succeed(ca)
      : Effect.fail(
          new CloudConfigError({ message: `the CA bundle ${file} holds no PEM certificate`, file, key: "verify" })
        )
  )

/** Reads the client certificate and key named by `cert`. */
const readClientCertificate = (fs: FileSystem.FileSystem, cert: string | readonly [string, string]) => {
  const [certFile, keyFile] = typeof cert === "string" ? [cert, cert] : cert
  return Effect.all({ cert: readPem(fs, certFile, "cert"), key: readPem(fs, keyFile, "key") })
}

/** What the TLS options become for `tls.connect`. */
interface TlsConnect {
  readonly rejectUnauthorized?: boolean
  readonly ca?: string
  readonly cert?: string
  readonly key?: string
}

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error))

/** Reads the PEM files named by the TLS options into undici's `connect` settings, parsed once to catch bad files. */
const connectOptions = (tls: TlsOptions) =>
  Effect.gen(function* () {
    const fs = yield* FileSystem.FileSystem
    const options: TlsConnect = {
      ...(tls.verify === false ? { rejectUnauthorized: false } : {}),
      ...(typeof tls.verify === "string" ? { ca: yield* readCaBundle(fs, tls.verify) } : {}),
      ...(tls.cert === undefined ? {} : yield* readClientCertificate(fs, tls.cert))
    }
    // Let OpenSSL parse the files now, so that a bad one fails here, naming it, and not at the first connection (with
    // no file there is nothing to check: a context of Node's defaults would only load the system's CA bundle).
    if (typeof tls.verify !== "string" && tls.cert === undefined) return options
    yield* Effect.try({
      try: () => createSecureContext(options),
      catch: (error) =>
        new CloudConfigError({
          message: `the TLS files given (${[tls.verify, tls.cert]
            .flat()
            .filter((f) => typeof f === "string")
            .join(", ")}) cannot be used: ${describe(error)}`,
          key: tls.cert === undefined ? "verify" : "cert"
        })
    })
    return options
  })

/**
 * An `HttpClient` on undici (Node's own HTTP engine), with TLS settings and a keep-alive pool; the pool is closed when
 * the layer's scope ends. A CA bundle or client certificate that cannot be read or parsed fails the layer with
 * `CloudConfigError`, naming the file.
 *
 * It behaves as effect's undici client (`NodeHttpClient.layerUndiciOptions`) — same errors, same client span, no
 * redirects followed, no timeout of its own — with less work per request: one undici dispatch whose answer keeps its
 * body in memory (no Node stream unless `stream` is read early), and for a Session's tries, one timer instead of a
 * race of fibers: the try's budget reaches it in the fiber's context, so it does so under any middleware of yours
 * (`HttpClient.transform`, `mapRequest`, …) too. Two differences: per-request undici options
 * (`NodeHttpClient.UndiciOptions`) are not read (this layer's options apply), and a Session's try timeouts are armed
 * with the runtime's `setTimeout`, not the Effect clock: under `TestClock` they still fire in real time. To drive
 * timeouts with `TestClock`, give the Session a test double (`MockHttp`, FakeCloud, any client that does not claim
 * the budget): the Session then races each try on the Effect clock.
 *
 * @example
 * program.pipe(Effect.provide(Transport.node({ verify: "/etc/ssl/ca.pem", cert: "/etc/ssl/client.pem" })))
 */
export const node = (options: NodeOptions = {}): Layer.Layer<HttpClient.HttpClient, CloudConfigError> =>
  Layer.effect(
    HttpClient.HttpClient,
    Effect.gen(function* () {
      const connect = yield* connectOptions(options)
      const dispatcher = yield* NodeHttpClient.makeDispatcherOptions({
        connect: {
          ...connect,
          timeout: Duration.toMillis(Duration.fromInputUnsafe(options.connectTimeout ?? "10 seconds"))
        },
        ...(options.connections === undefined ? {} : { connections: options.connections }),
        ...(options.keepAliveTimeout === undefined
          ? {}
          : { keepAliveTimeout: Duration.toMillis(Duration.fromInputUnsafe(options.keepAliveTimeout)) })
      })
      // effect's own client on the same pool, for upgrades (WebSocket-style requests).
      const fallback = yield* Effect.provideService(NodeHttpClient.makeUndici, NodeHttpClient.Dispatcher, dispatcher)
      return UndiciClient.make(dispatcher, fallback)
    })
  ).pipe(Layer.provide(NodeFileSystem.layer))

/**
 * An `HttpClient` on Node's built-in `http` / `https` modules (effect's `NodeHttpClient.makeNodeHttp`), with the same
 * TLS settings as {@link node} and a keep-alive agent closed with the layer's scope. Choose it for a process that makes
 * a few requests and exits (a CLI, a cron job, a serverless function): it loads nothing that Node has not already
 * loaded, where undici costs a few hundred milliseconds of start-up (BENCHMARKS.md, "Cold start"). For a long-lived
 * process, {@link node} is faster per request. `connections` caps the sockets per origin; `keepAliveTimeout` and
 * `connectTimeout` are undici's and do not apply here (the Session's per-try timeout bounds every wait).
 *
 * @example
 * program.pipe(Effect.provide(Transport.nodeHttp({ verify: "/etc/ssl/ca.pem" })))
 */
export const nodeHttp = (options: NodeOptions = {}): Layer.Layer<HttpClient.HttpClient, CloudConfigError> =>
  Layer.effect(
    HttpClient.HttpClient,
    Effect.gen(function* () {
      const connect = yield* connectOptions(options)
      const agent = yield* NodeHttpClient.makeAgent({
        ...connect,
        keepAlive: true,
        ...(options.connections === undefined ? {} : { maxSockets: options.connections })
      })
      return yield* Effect.provideService(NodeHttpClient.makeNodeHttp, NodeHttpClient.HttpAgent, agent)
    })
  ).pipe(Layer.provide(NodeFileSystem.layer))
