/**
 * The service catalog at scale: decode a v3 token whose catalog has 1,000 endpoints, then look endpoints up.
 * Run with `npm run bench`; the figures go to BENCHMARKS.md.
 */
import { Effect } from "effect"
import { AccessInfo } from "effect-openstack"
import { Fixtures } from "effect-openstack/testing"
import { format, measure, writeSection } from "./report.ts"

const regions = ["RegionOne", "RegionTwo"]
const token = new Fixtures.V3Token({ projectName: "bench", roles: ["member"] })
// 200 services × 2 regions × {public, internal, admin} (the last 50 with public only) = 1,000 endpoints.
for (let s = 0; s < 200; s++) {
  const service = token.addService(`service-${s}`, { name: `svc${s}` })
  for (const region of regions) {
    const base = `https://svc${s}.${region.toLowerCase()}.example:8${s.toString().padStart(3, "0")}`
    if (s < 150) service.addStandardEndpoints({ public: base, internal: `${base}/int`, admin: `${base}/adm`, region })
    else service.addStandardEndpoints({ public: base, region })
  }
}
const body = token.body
const decode = () => Effect.runSync(AccessInfo.fromV3(body, token.subjectToken))
const access = decode()
const catalog = access.serviceCatalog
const endpoints = catalog.getEndpoints().length
if (endpoints < 1000) throw new Error(`expected at least 1,000 endpoints, built ${endpoints}`)

const last = { serviceType: "service-199", interface: "public" as const, regionName: "RegionTwo" }
const rows = [
  ["decode the token (AccessInfo.fromV3, Schema + index)", format(measure(decode, 50))],
  ["urlFor, last service, by type + interface + region", format(measure(() => Effect.runSync(catalog.urlFor(last)), 20_000))],
  ["urlFor, first service, type only", format(measure(() => Effect.runSync(catalog.urlFor({ serviceType: "service-0" })), 20_000))],
  ["getEndpoints, all 1,000 (no filter)", format(measure(() => catalog.getEndpoints(), 2_000))],
  ["urlFor, a type the catalog lacks (EndpointNotFound)", format(measure(() => Effect.runSync(Effect.flip(catalog.urlFor({ serviceType: "dns" }))), 2_000))]
]

writeSection(
  "catalog",
  `## Service catalog: ${endpoints} endpoints, ${catalog.serviceCount} services

| operation | median per call |
|---|---|
${rows.map(([name, time]) => `| ${name} | ${time} |`).join("\n")}`
)
