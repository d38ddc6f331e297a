/**
 * `group list | show | create | set | delete`, and `group add user` / `group remove user` (a group's members), as
 * python-openstackclient has them.
 *
 * @example
 * // effect-openstack group add user ops alice bob
 * const command = Groups.command
 *
 * @module
 */
import * as Effect from "effect/Effect"
import * as Command from "effect/cli/Command"
import type { ConnectionShape } from "../../Connection.ts"
import * as Groups from "../../identity/v3/Groups.ts"
import * as Options from "../options.ts"
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

const create = Resource.create({
  noun: "group",
  description: "Create new group",
  example: "effect-openstack group create --domain default --description 'on call' ops",
  definition: Groups.Group,
  options: {
    domain: Options.text("domain", "domain to contain new group (name or ID)"),
    description: Options.text("description", "new group description")
  },
  attributes: (conn, name, options) =>
    Effect.map(
      Options.idOf(options.domain, (d) => conn.identity.domains.find(d)),
      (domainId) => ({ name, ...Options.given({ domainId, description: options.description }) })
    ),
  orShow: Resource.inDomainOf,
  client: (conn) => conn.identity.groups
})

const set = Resource.set({
  noun: "group",
  description: "Set group properties",
  example: "effect-openstack group set --description 'on call, nights' ops",
  definition: Groups.Group,
  options: { name: Options.text("name", "new group name"), description: Options.text("description", "new group description") },
  changes: (_conn, options) => Effect.succeed(Options.given({ name: options.name, description: options.description })),
  client: (conn) => conn.identity.groups
})

const remove = Resource.remove({
  noun: "group",
  description: "Delete group(s)",
  example: "effect-openstack group delete ops",
  definition: Groups.Group,
  client: (conn) => conn.identity.groups
})

const findGroup = (conn: ConnectionShape, nameOrId: string) => conn.identity.groups.find(nameOrId)
const findUser = (conn: ConnectionShape, nameOrId: string) => conn.identity.users.find(nameOrId)

const addUser = Resource.relateEach({
  name: "user",
  description: "Add user to group",
  example: "effect-openstack group add user ops alice bob",
  target: { noun: "group", description: "group to contain <user> (name or ID)", find: findGroup },
  member: { noun: "user", description: "user(s) to add to <group> (name or ID)", find: findUser },
  done: "added to",
  run: (conn, groupId, userId) => conn.identity.groups.addUser(groupId, userId)
})

const removeUser = Resource.relateEach({
  name: "user",
  description: "Remove user from group",
  example: "effect-openstack group remove user ops alice",
  target: { noun: "group", description: "group containing <user> (name or ID)", find: findGroup },
  member: { noun: "user", description: "user(s) to remove from <group> (name or ID)", find: findUser },
  done: "removed from",
  run: (conn, groupId, userId) => conn.identity.groups.removeUser(groupId, userId)
})

/**
 * The `group` command family.
 *
 * @example
 * Command.withSubcommands(root, [Groups.command])
 */
export const command = Command.make("group").pipe(
  Command.withDescription("Groups (Identity v3)"),
  Command.withSubcommands([
    list,
    show,
    create,
    set,
    remove,
    Command.make("add").pipe(Command.withDescription("Add a user to a group"), Command.withSubcommands([addUser])),
    Command.make("remove").pipe(Command.withDescription("Remove a user from a group"), Command.withSubcommands([removeUser]))
  ])
)
