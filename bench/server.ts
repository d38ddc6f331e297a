/**
 * The local server the Session benchmark talks to (a separate process, so that client and server do not share a
 * thread): it answers `POST /v3/auth/tokens` with a token body (X-Subject-Token: bench-token) and `GET /v3/projects`
 * with a small project list when the token is sent. Prints its port on stdout.
 */
import * as http from "node:http"
import type { AddressInfo } from "node:net"
import { tokenBody } from "./token-body.ts"

const token = tokenBody(86_400_000)
const projects = JSON.stringify({ projects: [{ id: "p1", name: "bench", domain_id: "default", enabled: true }], links: {} })

const server = http.createServer((request, response) => {
  request.resume()
  request.on("end", () => {
    if (request.method === "POST" && request.url === "/v3/auth/tokens") {
      response.writeHead(201, { "content-type": "application/json", "x-subject-token": "bench-token" })
      response.end(token)
    } else if (request.url === "/v3/projects" && request.headers["x-auth-token"] === "bench-token") {
      response.writeHead(200, { "content-type": "application/json", "x-openstack-request-id": "req-bench" })
      response.end(projects)
    } else {
      response.writeHead(401, { "content-type": "application/json" })
      response.end('{"error":{"code":401,"message":"no token","title":"Unauthorized"}}')
    }
  })
})
server.keepAliveTimeout = 60_000
server.listen(0, "127.0.0.1", () => console.log((server.address() as AddressInfo).port))
