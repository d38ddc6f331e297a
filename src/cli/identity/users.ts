/**
 * `user list | show`, as python-openstackclient prints them.
 *
 * @example
 * // effect-openstack user list --long -f json
 * const command = Users.command
 *
 * @module
 */
import * as Command from "effect/cli/Command"
import * as Users from "../../identity/v3/Users.ts"
import * as Resource from "../resource.ts"

type User = Users.User

const list = Resource.list({
  description: "List users",
  example: "effect-openstack user list --long",
  columns: [["ID", (u: User) => u.id], ["Name", (u: User) => u.name]],
  long: [
    ["Project", (u: User) => u.defaultProjectId ?? ""],
    ["Domain", (u: User) => u.domainId],
    ["Description", (u: User) => u.description ?? ""],
    ["Email", (u: User) => u.email ?? ""],
    ["Enabled", (u: User) => u.enabled]
  ],
  items: (conn) => conn.identity.users.list()
})

const show = Resource.show({
  noun: "user",
  description: "Display user details",
  example: "effect-openstack user show demo",
  definition: Users.User,
  client: (conn) => conn.identity.users
})

/**
 * The `user` command family.
 *
 * @example
 * Command.withSubcommands(root, [Users.command])
 */
export const command = Command.make("user").pipe(
  Command.withDescription("Users (Identity v3)"),
  Command.withSubcommands([list, show])
)
