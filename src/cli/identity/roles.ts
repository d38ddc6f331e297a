/**
 * `role list | show`, as python-openstackclient prints them.
 *
 * @example
 * // effect-openstack role list -f json
 * const command = Roles.command
 *
 * @module
 */
import * as Command from "effect/cli/Command"
import * as Roles from "../../identity/v3/Roles.ts"
import * as Resource from "../resource.ts"

type Role = Roles.Role

const list = Resource.list({
  description: "List roles",
  example: "effect-openstack role list",
  columns: [["ID", (r: Role) => r.id], ["Name", (r: Role) => r.name]],
  items: (conn) => conn.identity.roles.list()
})

const show = Resource.show({
  noun: "role",
  description: "Display role details",
  example: "effect-openstack role show member",
  definition: Roles.Role,
  client: (conn) => conn.identity.roles
})

/**
 * The `role` command family.
 *
 * @example
 * Command.withSubcommands(root, [Roles.command])
 */
export const command = Command.make("role").pipe(
  Command.withDescription("Roles (Identity v3)"),
  Command.withSubcommands([list, show])
)
