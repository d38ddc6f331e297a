/**
 * The local server of the load benchmark (a process of its own, so the memory measured is the client's): `POST
 * /v3/auth/tokens` issues one day's token, `GET /items` answers `{"n": i}` — but every 100th request's connection is
 * reset before the answer and every 150th gets a 503: about 1.7 % faults, the same in every run. Prints its port.
 */
import * as http from "node:http"
import type { AddressInfo } from "node:net"
import { tokenBody } from "./token-body.ts"

const token = tokenBody(86_400_000)
let n = 0

const server = http.createServer((request, response) => {
  request.resume()
  request.on("end", () => {
    if (request.method === "POST" && request.url === "/v3/auth/tokens") {
      response.writeHead(201, { "content-type": "application/json", "x-subject-token": "tok-load" })
      return response.end(token)
    }
    const i = ++n
    if (i % 100 === 0) return request.socket.resetAndDestroy()
    if (i % 150 === 0) {
      response.writeHead(503, { "content-type": "application/json" })
      return response.end('{"error":{"code":503,"message":"busy","title":"Service Unavailable"}}')
    }
    response.writeHead(200, { "content-type": "application/json" })
    response.end(JSON.stringify({ n: i }))
  })
})
server.keepAliveTimeout = 60_000
server.listen(0, "127.0.0.1", () => console.log((server.address() as AddressInfo).port))
