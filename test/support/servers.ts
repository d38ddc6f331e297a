/** Local servers on 127.0.0.1 for transport tests, closed with the test's scope. */
import { readFileSync } from "node:fs"
import * as http from "node:http"
import * as https from "node:https"
import * as net from "node:net"
import type { TLSSocket } from "node:tls"
import { Effect, type Scope } from "effect"

const tlsDir = new URL("../fixtures/tls/", import.meta.url)
/** Paths of the TLS fixtures (a private CA, a server certificate for 127.0.0.1, a client certificate). */
export const tlsFile = (name: string): string => new URL(name, tlsDir).pathname

/** A running server: its base URL and how many TCP connections it accepted. */
export interface Running {
  readonly url: string
  readonly connections: () => number
}

/** Listens on a free 127.0.0.1 port; closing the scope destroys every socket, then closes the server. */
export const listen = (server: net.Server, scheme: string): Effect.Effect<Running, never, Scope.Scope> => {
  const sockets = new Set<net.Socket>()
  return Effect.acquireRelease(
    Effect.callback<Running>((resume) => {
      let connections = 0
      server.on("connection", (socket: net.Socket) => {
        connections++
        sockets.add(socket)
        socket.on("close", () => sockets.delete(socket))
      })
      server.listen(0, "127.0.0.1", () => {
        const { port } = server.address() as net.AddressInfo
        resume(Effect.succeed({ url: `${scheme}://127.0.0.1:${port}`, connections: () => connections }))
      })
    }),
    () =>
      Effect.callback<void>((resume) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resume(Effect.void))
      })
  )
}

/** Answers every request with 200 and `{"path": <path>}`, or with `handler`'s answer. */
const defaultHandler: http.RequestListener = (request, response) => {
  response.writeHead(200, { "content-type": "application/json" })
  response.end(JSON.stringify({ path: request.url }))
}

/** A plain HTTP server. */
export const httpServer = (handler: http.RequestListener = defaultHandler) => listen(http.createServer(handler), "http")

/** An HTTPS server with the fixture certificate; `requireClientCertificate` asks for one signed by the fixture CA. */
export const httpsServer = (options: { readonly requireClientCertificate?: boolean } = {}) =>
  listen(
    https.createServer(
      {
        cert: readFileSync(tlsFile("server.pem")),
        key: readFileSync(tlsFile("server.key")),
        ca: readFileSync(tlsFile("ca.pem")),
        requestCert: options.requireClientCertificate === true,
        rejectUnauthorized: options.requireClientCertificate === true
      },
      (request, response) => {
        const peer = (request.socket as TLSSocket).getPeerCertificate()
        response.writeHead(200, { "content-type": "application/json" })
        response.end(JSON.stringify({ path: request.url, client: peer?.subject?.CN ?? null }))
      }
    ),
    "https"
  )

/** A TCP server that accepts connections and never says anything (a TLS handshake never completes). */
export const silentServer = () =>
  listen(
    net.createServer(() => {}),
    "https"
  )

/** A port on 127.0.0.1 where nothing listens (bound, then closed). */
export const closedPort = Effect.callback<number>((resume) => {
  const server = net.createServer()
  server.listen(0, "127.0.0.1", () => {
    const { port } = server.address() as net.AddressInfo
    server.close(() => resume(Effect.succeed(port)))
  })
})
