/**
 * The local Keystone stand-in of the authentication benchmark (a process of its own): `POST /v3/auth/tokens` issues
 * a new token each time (`tok-1`, `tok-2`, …) living the seconds given as the first argument, `GET /v3/projects`
 * answers a small list for any token it issued, and `GET /count` says how many tokens it issued. Prints its port.
 */
import * as http from "node:http"
import type { AddressInfo } from "node:net"
import { tokenBody } from "./token-body.ts"

const lifetime = Number(process.argv[2] ?? 86_400) * 1000
const issued = new Set<string>()
const projects = JSON.stringify({ projects: [{ id: "p1", name: "bench", domain_id: "default", enabled: true }], links: {} })

const server = http.createServer((request, response) => {
  request.resume()
  request.on("end", () => {
    if (request.method === "POST" && request.url === "/v3/auth/tokens") {
      const token = `tok-${issued.size + 1}`
      issued.add(token)
      response.writeHead(201, { "content-type": "application/json", "x-subject-token": token })
      response.end(tokenBody(lifetime))
    } else if (request.url === "/count") {
      response.writeHead(200, { "content-type": "application/json" })
      response.end(JSON.stringify({ issued: issued.size }))
    } else if (request.url === "/v3/projects" && issued.has(String(request.headers["x-auth-token"]))) {
      response.writeHead(200, { "content-type": "application/json" })
      response.end(projects)
    } else {
      response.writeHead(401, { "content-type": "application/json" })
      response.end('{"error":{"code":401,"message":"no token","title":"Unauthorized"}}')
    }
  })
})
server.keepAliveTimeout = 60_000
server.listen(0, "127.0.0.1", () => console.log((server.address() as AddressInfo).port))
