/**
 * `catalog list | show`: the services of the token's own catalog (no request but the token's, which the token cache
 * usually answers), as python-openstackclient prints them: the Endpoints column one `RegionOne` line and one
 * `  public: http://…` line per endpoint in a table, the endpoints as Keystone wrote them in json, yaml, value and csv.
 *
 * @example
 * // effect-openstack catalog show identity -f json
 * const command = Catalog.command
 *
 * @module
 */
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import * as Argument from "effect/cli/Argument"
import * as Command from "effect/cli/Command"
import type { ConnectionShape } from "../../Connection.ts"
import { decodeOrInvalid } from "../../internal/decode.ts"
import { V3Catalog } from "../../ServiceCatalog.ts"
import * as Display from "../display.ts"
import * as Resource from "../resource.ts"

type Service = (typeof V3Catalog.Type)[number]

const TokenBody = Schema.Struct({ token: Schema.Struct({ catalog: Schema.optionalKey(V3Catalog) }) })

/**
 * The services of the token's catalog, in the token's order (none for a token without a catalog).
 *
 * @example
 * const services = yield* Catalog.servicesOf(conn)
 */
export const servicesOf = (conn: ConnectionShape) =>
  Effect.flatMap(conn.session.getAccess(), (access) =>
    Effect.map(decodeOrInvalid(TokenBody, access.body, "the token's catalog"), (body) => body.token.catalog ?? []))

/**
 * A service's endpoints as openstackclient's `EndpointsColumn`: in a table, `<region>\n  <interface>: <url>\n` for each
 * (the region `<none>` when it has none); elsewhere, the endpoints.
 *
 * @example
 * Catalog.endpointsColumn(service.endpoints).human // "RegionOne\n  public: http://…/identity\n"
 */
export const endpointsColumn = (endpoints: Service["endpoints"]) =>
  new Resource.Formattable(
    endpoints,
    endpoints.map((e) => `${e.region_id || e.region || "<none>"}\n  ${e.interface}: ${e.url}\n`).join("")
  )

const list = Resource.list({
  description: "List services in the service catalog",
  example: "effect-openstack catalog list",
  columns: [
    ["Name", (s: Service) => s.name ?? ""],
    ["Type", (s: Service) => s.type],
    ["Endpoints", (s: Service) => endpointsColumn(s.endpoints)]
  ],
  items: (conn) => servicesOf(conn)
})

const show = Command.make(
  "show",
  {
    ...Display.showFlags,
    service: Argument.String("service").pipe(Argument.withDescription("service to display (type or name)"))
  },
  (input) =>
    Resource.withConnection((conn) =>
      Effect.gen(function* () {
        const services = yield* servicesOf(conn)
        const service = services.find((s) => s.name === input.service || s.type === input.service)
        // openstackclient logs the miss and prints nothing, with exit 0.
        if (service === undefined) return yield* Console.error(`service ${input.service} not found`)
        const endpoints = endpointsColumn(service.endpoints)
        const fields = Object.entries({ ...service, endpoints: input.format === "table" ? endpoints.human : endpoints.machine })
        yield* Display.printShow(input, fields)
      })
    )
).pipe(
  Command.withDescription("Display service catalog details"),
  Command.withExamples([{ command: "effect-openstack catalog show identity -f json", description: "Display service catalog details" }])
)

/**
 * The `catalog` command family.
 *
 * @example
 * Command.withSubcommands(root, [Catalog.command])
 */
export const command = Command.make("catalog").pipe(
  Command.withDescription("The token's service catalog (Identity v3)"),
  Command.withSubcommands([list, show])
)
