import { assert, describe, it } from "@effect/vitest"
import { Effect, Exit, Layer } from "effect"
import { HttpClient } from "effect/http"
import { Errors, Transport } from "effect-openstack"
import { closedPort, httpServer, httpsServer, silentServer, tlsFile } from "./support/servers.ts"

/** GET through the transport, mapping effect's errors to ours; returns the status and decoded body. */
const get = (url: string) =>
  Effect.gen(function* () {
    const client = yield* HttpClient.HttpClient
    const response = yield* client.get(url)
    return { status: response.status, body: yield* response.json }
  }).pipe(Effect.catch(Errors.fromHttpClientError))

const getWith = (layer: Layer.Layer<HttpClient.HttpClient, Errors.CloudConfigError>, url: string) =>
  get(url).pipe(Effect.provide(layer))

type MakeTransport = (options?: Transport.NodeOptions) => Layer.Layer<HttpClient.HttpClient, Errors.CloudConfigError>
const nodeTransports: ReadonlyArray<readonly [string, MakeTransport]> = [
  ["Transport.node", Transport.node],
  ["Transport.nodeHttp", Transport.nodeHttp]
]

for (const [name, make] of nodeTransports) {
  describe(`${name} TLS`, () => {
    it.live("verify on (the default) rejects a certificate from an unknown CA with SSLError", () =>
      Effect.gen(function* () {
        const server = yield* httpsServer()
        const error = yield* Effect.flip(getWith(make(), `${server.url}/v3`))
        assert.strictEqual(error._tag, "SSLError")
        assert.include(error.message, `GET ${server.url}/v3: TLS failed: `)
      })
    )

    it.live("a CA bundle path makes it trusted", () =>
      Effect.gen(function* () {
        const server = yield* httpsServer()
        const result = yield* getWith(make({ verify: tlsFile("ca.pem") }), `${server.url}/v3`)
        assert.deepStrictEqual(result, { status: 200, body: { path: "/v3", client: null } })
      })
    )

    it.live("verify off accepts it", () =>
      Effect.gen(function* () {
        const server = yield* httpsServer()
        const result = yield* getWith(make({ verify: false }), `${server.url}/v3`)
        assert.strictEqual(result.status, 200)
      })
    )

    it.live("a server that requires a client certificate accepts ours, as a pair of files", () =>
      Effect.gen(function* () {
        const server = yield* httpsServer({ requireClientCertificate: true })
        const layer = make({ verify: tlsFile("ca.pem"), cert: [tlsFile("client.pem"), tlsFile("client.key")] })
        const result = yield* getWith(layer, `${server.url}/v3`)
        assert.deepStrictEqual(result.body, { path: "/v3", client: "effect-openstack test client" })
      })
    )

    it.live("…and as one PEM file holding certificate and key", () =>
      Effect.gen(function* () {
        const server = yield* httpsServer({ requireClientCertificate: true })
        const layer = make({ verify: tlsFile("ca.pem"), cert: tlsFile("client-combined.pem") })
        const result = yield* getWith(layer, `${server.url}/v3`)
        assert.deepStrictEqual(result.body, { path: "/v3", client: "effect-openstack test client" })
      })
    )
  })
}

describe("Transport.node TLS: a missing client certificate", () => {
  // Under TLS 1.3 the server's "certificate required" alert comes after the handshake, and undici reports the
  // closed socket, not the alert: the error is ConnectFailure, and its message says what probably happened.
  it.live("without a client certificate that server closes the connection: ConnectFailure, with a hint", () =>
    Effect.gen(function* () {
      const server = yield* httpsServer({ requireClientCertificate: true })
      const error = yield* Effect.flip(getWith(Transport.node({ verify: tlsFile("ca.pem") }), `${server.url}/v3`))
      assert.strictEqual(error._tag, "ConnectFailure")
      assert.include(error.message, "other side closed")
      assert.include(error.message, "if it requires a client certificate, set `cert`")
    })
  )
})

describe("Transport.node configuration errors", () => {
  const buildError = (options: Transport.NodeOptions) =>
    Effect.gen(function* () {
      const exit = yield* Effect.exit(Layer.build(Transport.node(options)))
      assert.isTrue(Exit.isFailure(exit))
      return yield* Effect.flip(Effect.scoped(Layer.build(Transport.node(options))))
    })

  it.live("a CA bundle that does not exist names the file", () =>
    Effect.gen(function* () {
      const error = yield* buildError({ verify: "/nonexistent/ca.pem" })
      assert.strictEqual(error._tag, "CloudConfigError")
      assert.strictEqual(error.file, "/nonexistent/ca.pem")
      assert.strictEqual(error.key, "verify")
      assert.include(error.message, "cannot read verify file /nonexistent/ca.pem")
    })
  )

  it.live("a CA bundle with no certificate in it", () =>
    Effect.gen(function* () {
      const error = yield* buildError({ verify: tlsFile("client.key") })
      assert.strictEqual(error.key, "verify")
      assert.include(error.message, "holds no PEM certificate")
    })
  )

  it.live("a client key that does not match its certificate", () =>
    Effect.gen(function* () {
      const error = yield* buildError({ cert: [tlsFile("client.pem"), tlsFile("server.key")] })
      assert.strictEqual(error._tag, "CloudConfigError")
      assert.strictEqual(error.key, "cert")
      assert.include(error.message, "cannot be used")
    })
  )
})

describe("Transport.node connections", () => {
  it.live("a closed port is ConnectFailure", () =>
    Effect.gen(function* () {
      const port = yield* closedPort
      const error = yield* Effect.flip(getWith(Transport.node(), `http://127.0.0.1:${port}/v3`))
      assert.strictEqual(error._tag, "ConnectFailure")
      assert.include(error.message, `GET http://127.0.0.1:${port}/v3: could not connect: `)
      assert.include(error.message, "ECONNREFUSED")
    })
  )

  it.live("a handshake that never completes is ConnectTimeout after connectTimeout", () =>
    Effect.gen(function* () {
      const server = yield* silentServer()
      const error = yield* Effect.flip(getWith(Transport.node({ connectTimeout: "300 millis" }), `${server.url}/v3`))
      assert.strictEqual(error._tag, "ConnectTimeout")
    })
  )

  it.live("the keep-alive pool: connections: 1 sends ten concurrent requests over one socket", () =>
    Effect.gen(function* () {
      const server = yield* httpServer()
      const statuses = yield* Effect.forEach(
        Array.from({ length: 10 }, (_, i) => `${server.url}/r${i}`),
        get,
        {
          concurrency: "unbounded"
        }
      ).pipe(Effect.provide(Transport.node({ connections: 1 })))
      assert.deepStrictEqual(
        statuses.map((r) => r.status),
        Array.from({ length: 10 }, () => 200)
      )
      assert.strictEqual(server.connections(), 1)
    })
  )

  it.live("sequential requests reuse the kept-alive connection", () =>
    Effect.gen(function* () {
      const server = yield* httpServer()
      yield* Effect.forEach(["/a", "/b", "/c"], (p) =>
        get(`${server.url}${p}`).pipe(Effect.andThen(Effect.sleep("5 millis")))
      ).pipe(Effect.provide(Transport.node()))
      assert.strictEqual(server.connections(), 1)
    })
  )
})

describe("Transport.fetch", () => {
  it.live("sends requests through the global fetch", () =>
    Effect.gen(function* () {
      const server = yield* httpServer()
      const result = yield* get(`${server.url}/v3`).pipe(Effect.provide(Transport.fetch()))
      assert.deepStrictEqual(result, { status: 200, body: { path: "/v3" } })
    })
  )

  it.live("does not follow redirects: the Session does", () =>
    Effect.gen(function* () {
      const server = yield* httpServer((request, response) => {
        if (request.url === "/old") {
          response.writeHead(302, { location: "/new" })
          response.end()
        } else {
          response.writeHead(200)
          response.end("{}")
        }
      })
      const response = yield* Effect.flatMap(HttpClient.HttpClient, (client) => client.get(`${server.url}/old`)).pipe(
        Effect.provide(Transport.fetch())
      )
      assert.strictEqual(response.status, 302)
      assert.strictEqual(response.headers.location, "/new")
    })
  )

  it.live("a closed port is ConnectFailure", () =>
    Effect.gen(function* () {
      const port = yield* closedPort
      const error = yield* Effect.flip(get(`http://127.0.0.1:${port}/v3`).pipe(Effect.provide(Transport.fetch())))
      assert.strictEqual(error._tag, "ConnectFailure")
      assert.include(error.message, "ECONNREFUSED")
    })
  )
})
