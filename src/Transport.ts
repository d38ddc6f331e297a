/**
 * Where HTTP requests go out: layers that provide effect's `HttpClient`.
 *
 * - `node`: undici (the engine `@effect/platform-node` ships), with TLS settings (`verify`, `cert`), a keep-alive pool
 *   and a connect timeout — in the Node entry (`effect-openstack/node`, which Node's conditional export of the package
 *   gives by default). The one to use on Node: its requests skip most of the per-request work of effect's own undici
 *   client, and it bounds the Session's tries itself.
 * - {@link fetch}: the runtime's global `fetch`, for Bun, Deno and browsers. TLS is the runtime's business there.
 *
 * Neither layer follows redirects: the Session does, so that it can drop credentials on a cross-origin hop.
 *
 * @example
 * import { Effect } from "effect"
 * import { HttpClient } from "effect/http"
 * import { Transport } from "effect-openstack"
 *
 * const program = Effect.gen(function* () {
 *   const client = yield* HttpClient.HttpClient
 *   return (yield* client.get("https://keystone.example:5000/v3")).status
 * }).pipe(Effect.provide(Transport.fetch()))
 *
 * @module
 */
import type * as Duration from "effect/Duration"
import * as Layer from "effect/Layer"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import type * as HttpClient from "effect/http/HttpClient"

/**
 * TLS settings, with the meaning keystoneauth1's Session and openstacksdk's Connection give them.
 *
 * @example
 * const tls: Transport.TlsOptions = { verify: "/etc/ssl/ca.pem", cert: ["/etc/ssl/me.pem", "/etc/ssl/me.key"] }
 */
export interface TlsOptions {
  /**
   * `true` (the default): verify server certificates against Node's trusted CAs. `false`: do not verify (insecure;
   * for tests only). A path: verify against the CA certificates (PEM) in that file only.
   */
  readonly verify?: boolean | string | undefined
  /** A client certificate: one PEM file holding the certificate and its key, or `[certificateFile, keyFile]`. */
  readonly cert?: string | readonly [certificate: string, key: string] | undefined
}

/**
 * Settings of the Node transport: TLS, plus the connection pool.
 *
 * @example
 * Transport.node({ verify: false, connections: 4, connectTimeout: "5 seconds" })
 */
export interface NodeOptions extends TlsOptions {
  /** Most connections kept open per origin (the keep-alive pool size). Unlimited by default. */
  readonly connections?: number | undefined
  /** How long an idle kept-alive connection stays open. 4 seconds by default. */
  readonly keepAliveTimeout?: Duration.Input | undefined
  /** Longest wait for a TCP + TLS connection before `ConnectTimeout`. 10 seconds by default. */
  readonly connectTimeout?: Duration.Input | undefined
}

/**
 * Settings of the fetch transport.
 *
 * @example
 * Transport.fetch({ requestInit: { credentials: "omit" } })
 */
export interface FetchOptions {
  /** Defaults for every request (`redirect` is always "manual": the Session follows redirects itself). */
  readonly requestInit?: globalThis.RequestInit | undefined
}

/**
 * An `HttpClient` on the runtime's global `fetch` (Bun, Deno, browsers, Node). Redirects are not followed by fetch
 * (`redirect: "manual"`); TLS trust is the runtime's own. In browsers a redirect cannot be read and fails as a
 * status-0 `UnexpectedStatus`, which keeps tokens from being forwarded.
 *
 * @example
 * program.pipe(Effect.provide(Transport.fetch()))
 */
export const fetch = (options: FetchOptions = {}): Layer.Layer<HttpClient.HttpClient> =>
  FetchHttpClient.layer.pipe(
    Layer.provide(Layer.succeed(FetchHttpClient.RequestInit, { ...options.requestInit, redirect: "manual" }))
  )
