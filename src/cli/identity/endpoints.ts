/**
 * `endpoint list | show`, as python-openstackclient has them: each endpoint with its service's name and type.
 *
 * @example
 * // effect-openstack endpoint list --service identity --interface public
 * const command = Endpoints.command
 *
 * @module
 */
import * as Effect from "effect/Effect"
import * as Flag from "effect/cli/Flag"
import * as Command from "effect/cli/Command"
import type { ConnectionShape } from "../../Connection.ts"
import * as Endpoints from "../../identity/v3/Endpoints.ts"
import type { Service } from "../../identity/v3/Services.ts"
import * as Options from "../options.ts"
import * as Resource from "../resource.ts"
import { findService } from "./services.ts"

type Endpoint = Endpoints.Endpoint

/** An endpoint and its service (openstackclient's `service_name`, `service_type`). */
interface Row {
  readonly endpoint: Endpoint
  readonly service: Service | undefined
}

const list = Resource.list({
  description: "List endpoints",
  example: "effect-openstack endpoint list --service identity --interface public",
  options: {
    service: Options.text("service", "filter by service (type, name or ID)"),
    interface: Flag.Literals("interface", ["admin", "public", "internal"] as const).pipe(
      Flag.withDescription("filter by interface type"),
      Flag.optional
    ),
    region: Options.text("region", "filter by region ID")
  },
  columns: [
    ["ID", (r: Row) => r.endpoint.id],
    ["Region", (r: Row) => r.endpoint.region ?? null],
    ["Service Name", (r: Row) => r.service?.name ?? ""],
    ["Service Type", (r: Row) => r.service?.type ?? ""],
    ["Enabled", (r: Row) => r.endpoint.enabled],
    ["Interface", (r: Row) => r.endpoint.interface],
    ["URL", (r: Row) => r.endpoint.url]
  ],
  items: (conn, options) =>
    Effect.gen(function* () {
      const serviceId = yield* Options.idOf(options.service, (s) => findService(conn, s))
      const query = Options.given({ serviceId, interface: options.interface, regionId: options.region })
      const [endpoints, services] = yield* Effect.all([
        conn.identity.endpoints.list(query),
        conn.identity.services.list()
      ])
      return endpoints.map((endpoint): Row => ({
        endpoint,
        service: services.find((s) => s.id === endpoint.serviceId)
      }))
    })
})

/** The endpoint with this id, its service's name and type added as openstackclient adds them. */
const withService = (conn: ConnectionShape, id: string) =>
  Effect.gen(function* () {
    const endpoint = yield* conn.identity.endpoints.find(id)
    const service = yield* findService(conn, endpoint.serviceId)
    return { ...endpoint, extra: { ...endpoint.extra, service_name: service.name ?? "", service_type: service.type } }
  })

const show = Resource.show({
  noun: "endpoint",
  description: "Display endpoint details",
  example: "effect-openstack endpoint show 1b2c…",
  definition: Endpoints.Endpoint,
  client: (conn) => ({ find: (id: string) => withService(conn, id) })
})

/**
 * The `endpoint` command family.
 *
 * @example
 * Command.withSubcommands(root, [Endpoints.command])
 */
export const command = Command.make("endpoint").pipe(
  Command.withDescription("Endpoints of the catalog (Identity v3)"),
  Command.withSubcommands([list, show])
)
