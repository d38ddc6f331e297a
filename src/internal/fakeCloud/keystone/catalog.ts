/**
 * The fake Keystone's simple collections: regions, services, endpoints (the catalog the tokens carry), credentials
 * (an EC2 credential's id is the SHA-256 of its access key) and policies.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import { type Route } from "../http.ts"
import { newId } from "../ids.ts"
import { drop, rows } from "../world.ts"
import { fail, stringIn } from "./common.ts"
import { pick, tableRoutes } from "./table.ts"

const sha256Hex = (text: string) =>
  Effect.map(
    Effect.promise(() => globalThis.crypto.subtle.digest("SHA-256", new TextEncoder().encode(text))),
    (digest) => [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, "0")).join("")
  )

const interfaces = ["public", "internal", "admin"]

const checkInterface = (value: unknown) =>
  value === undefined || interfaces.includes(String(value))
    ? Effect.void
    : fail(400, `Invalid input for field 'interface': '${String(value)}' is not one of ['admin', 'internal', 'public']`)

const regions = tableRoutes({
  table: "regions",
  key: "region",
  filters: ["parent_region_id"],
  create: (body) => Effect.succeed({
    id: typeof body.id === "string" ? body.id : newId("hex"),
    description: body.description ?? "",
    parent_region_id: body.parent_region_id ?? null
  }),
  update: (record, body) => Effect.succeed({ ...record, ...pick(body, ["description", "parent_region_id"]) }),
  remove: (record, world) =>
    rows(world, "regions").some((r) => r.parent_region_id === record.id)
      ? fail(403, `Unable to delete region ${String(record.id)} because it or its child regions have associated endpoints.`)
      : Effect.succeed(drop(world, "regions", String(record.id)))
})

const services = tableRoutes({
  table: "services",
  key: "service",
  filters: ["type", "name"],
  create: (body) =>
    Effect.map(stringIn(body, "type", true), (type) => ({
      id: newId("hex"), type, enabled: body.enabled ?? true,
      ...pick(body, ["name", "description"])
    })),
  update: (record, body) => Effect.succeed({ ...record, ...pick(body, ["type", "name", "description", "enabled"]) }),
  remove: (record, world) =>
    Effect.succeed(rows(world, "endpoints").filter((e) => e.service_id === record.id)
      .reduce((w, e) => drop(w, "endpoints", String(e.id)), drop(world, "services", String(record.id))))
})

const endpoints = tableRoutes({
  table: "endpoints",
  key: "endpoint",
  filters: ["service_id", "interface", "region_id"],
  create: (body, world) =>
    Effect.gen(function* () {
      const serviceId = yield* stringIn(body, "service_id", true)
      if (!world.tables.services.has(serviceId ?? "")) return yield* fail(400, `Could not find service: ${String(serviceId)}.`)
      yield* checkInterface(body.interface)
      const url = yield* stringIn(body, "url", true)
      const region = body.region_id ?? null
      return { id: newId("hex"), service_id: serviceId, interface: body.interface, url, region_id: region, region, enabled: body.enabled ?? true }
    }),
  update: (record, body) =>
    Effect.as(checkInterface(body.interface), {
      ...record,
      ...pick(body, ["service_id", "interface", "url", "region_id", "enabled"]),
      ...(body.region_id === undefined ? {} : { region: body.region_id })
    })
})

const credentials = tableRoutes({
  table: "credentials",
  key: "credential",
  filters: ["user_id", "type"],
  create: (body, world) =>
    Effect.gen(function* () {
      const userId = yield* stringIn(body, "user_id", true)
      const type = yield* stringIn(body, "type", true)
      const blob = yield* stringIn(body, "blob", true)
      if (!world.tables.users.has(userId ?? "")) return yield* fail(404, `Could not find user: ${String(userId)}.`)
      let id = newId("hex")
      if (type === "ec2") {
        const access = (() => {
          try {
            return (JSON.parse(blob ?? "") as { access?: unknown }).access
          } catch {
            return undefined
          }
        })()
        if (typeof access !== "string" || body.project_id === undefined) {
          return yield* fail(400, "Invalid blob in credential")
        }
        id = yield* sha256Hex(access)
      }
      return { id, user_id: userId, type, blob, project_id: body.project_id ?? null }
    }),
  update: (record, body) =>
    Object.keys(body).some((key) => key !== "blob")
      ? fail(400, "Additional properties are not allowed")
      : Effect.succeed({ ...record, ...pick(body, ["blob"]) })
})

const policies = tableRoutes({
  table: "policies",
  key: "policy",
  path: "policies",
  filters: ["type"],
  create: (body) =>
    Effect.gen(function* () {
      const blob = yield* stringIn(body, "blob", true)
      const type = yield* stringIn(body, "type", true)
      return { id: newId("hex"), blob, type }
    }),
  update: (record, body) => Effect.succeed({ ...record, ...pick(body, ["blob", "type"]) })
})

/**
 * The routes of regions, services, endpoints, credentials and policies.
 *
 * @example
 * const routes = catalogRoutes
 */
export const catalogRoutes: ReadonlyArray<Route> = [...regions, ...services, ...endpoints, ...credentials, ...policies]
