/**
 * `service list | show`, as python-openstackclient has them: a service is found by id, else by name, else by type
 * (`service show identity`).
 *
 * @example
 * // effect-openstack service show identity -f json
 * const command = Services.command
 *
 * @module
 */
import * as Data from "effect/Data"
import * as Effect from "effect/Effect"
import * as Command from "effect/cli/Command"
import type { ConnectionShape } from "../../Connection.ts"
import * as Services from "../../identity/v3/Services.ts"
import * as Resource from "../resource.ts"

type Service = Services.Service

/**
 * No service, or several, has the type, name or id asked for (openstackclient's CommandError).
 *
 * @example
 * new Services.ServiceNotFound({ message: "No service with a type, name or ID of 'x' exists." })
 */
export class ServiceNotFound extends Data.TaggedError("ServiceNotFound")<{ readonly message: string }> {}

/**
 * The service with this id, else the one with this name, else the one of this type (openstackclient's
 * `find_service`); several of one name or type fail, as none does.
 *
 * @example
 * const keystone = yield* Services.findService(conn, "identity")
 */
export const findService = (conn: ConnectionShape, nameTypeOrId: string) =>
  Effect.catchTag(conn.identity.services.get(nameTypeOrId), "NotFound", () =>
    Effect.gen(function* () {
      for (const query of [{ name: nameTypeOrId }, { type: nameTypeOrId }]) {
        const matches = yield* conn.identity.services.list(query)
        if (matches.length > 1) {
          return yield* new ServiceNotFound({ message: `Multiple service matches found for '${nameTypeOrId}', use an ID to be more specific.` })
        }
        if (matches[0] !== undefined) return matches[0]
      }
      return yield* new ServiceNotFound({ message: `No service with a type, name or ID of '${nameTypeOrId}' exists.` })
    }))

const list = Resource.list({
  description: "List services",
  example: "effect-openstack service list --long",
  columns: [["ID", (s: Service) => s.id], ["Name", (s: Service) => s.name ?? ""], ["Type", (s: Service) => s.type]],
  long: [["Description", (s: Service) => s.description ?? ""], ["Enabled", (s: Service) => s.enabled]],
  items: (conn) => conn.identity.services.list()
})

const show = Resource.show({
  noun: "service",
  description: "Display service details",
  example: "effect-openstack service show identity",
  definition: Services.Service,
  client: (conn) => ({ find: (nameTypeOrId: string) => findService(conn, nameTypeOrId) })
})

/**
 * The `service` command family.
 *
 * @example
 * Command.withSubcommands(root, [Services.command])
 */
export const command = Command.make("service").pipe(
  Command.withDescription("Services of the catalog (Identity v3)"),
  Command.withSubcommands([list, show])
)
