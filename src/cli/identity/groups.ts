/**
 * `group list | show`, as python-openstackclient prints them.
 *
 * @example
 * // effect-openstack group list --long -f json
 * const command = Groups.command
 *
 * @module
 */
import * as Command from "effect/cli/Command"
import * as Groups from "../../identity/v3/Groups.ts"
import * as Resource from "../resource.ts"

type Group = Groups.Group

const list = Resource.list({
  description: "List groups",
  example: "effect-openstack group list --long",
  columns: [["ID", (g: Group) => g.id], ["Name", (g: Group) => g.name]],
  long: [["Domain ID", (g: Group) => g.domainId], ["Description", (g: Group) => g.description ?? ""]],
  items: (conn) => conn.identity.groups.list()
})

const show = Resource.show({
  noun: "group",
  description: "Display group details",
  example: "effect-openstack group show ops",
  definition: Groups.Group,
  client: (conn) => conn.identity.groups
})

/**
 * The `group` command family.
 *
 * @example
 * Command.withSubcommands(root, [Groups.command])
 */
export const command = Command.make("group").pipe(
  Command.withDescription("Groups (Identity v3)"),
  Command.withSubcommands([list, show])
)
