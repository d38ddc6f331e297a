/**
 * A Neutron-like server of many ports for bench/stream.ts: `GET /v2.0/ports?limit=&marker=` answers the next page and
 * a next link while there is one. Arguments: the number of ports, the page size. Prints its endpoint on stdout.
 */
import { createServer } from "node:http"
import type { AddressInfo } from "node:net"

const total = Number(process.argv[2] ?? 100_000)
const pageSize = Number(process.argv[3] ?? 1_000)

const port = (i: number) => ({
  id: `port-${i.toString().padStart(6, "0")}`,
  name: `port-${i}`,
  network_id: "net-1",
  project_id: "project-1",
  tenant_id: "project-1",
  admin_state_up: true,
  status: "DOWN",
  mac_address: "fa:16:3e:00:00:01",
  fixed_ips: [{ subnet_id: "subnet-1", ip_address: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}` }],
  device_id: "",
  device_owner: "",
  security_groups: ["sg-1"],
  allowed_address_pairs: [],
  "binding:vnic_type": "normal",
  description: "",
  tags: [],
  created_at: "2026-01-01T00:00:00Z",
  updated_at: "2026-01-01T00:00:00Z",
  revision_number: 1
})

const server = createServer((request, response) => {
  const url = new URL(request.url ?? "/", "http://127.0.0.1")
  const marker = url.searchParams.get("marker")
  const start = marker === null ? 0 : Number(marker.slice("port-".length)) + 1
  const end = Math.min(start + pageSize, total)
  const ports = Array.from({ length: end - start }, (_, k) => port(start + k))
  const next = `http://${request.headers.host}/v2.0/ports?limit=${pageSize}&marker=${ports.at(-1)?.id ?? ""}`
  response.setHeader("content-type", "application/json")
  response.end(JSON.stringify({ ports, ports_links: end < total ? [{ rel: "next", href: next }] : [] }))
})
server.listen(0, "127.0.0.1", () => console.log(`http://127.0.0.1:${(server.address() as AddressInfo).port}/v2.0`))
