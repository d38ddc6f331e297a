/**
 * `user list | show | create | set | delete`, as python-openstackclient has them. A password (`--password`) is
 * `Redacted` from the moment it is parsed: it goes into the request body and nowhere else.
 *
 * @example
 * // effect-openstack user create --domain default --project demo --password s3cret --email a@example.org alice
 * const command = Users.command
 *
 * @module
 */
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Command from "effect/cli/Command"
import * as Users from "../../identity/v3/Users.ts"
import * as Options from "../options.ts"
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

/** What openstackclient warns of a user made without a password. */
const noPassword = "No password was supplied, authentication will fail when a user does not have a password."

const create = Resource.create({
  noun: "user",
  description: "Create new user",
  example: "effect-openstack user create --domain default --project demo --password s3cret --email a@example.org alice",
  definition: Users.User,
  options: {
    domain: Options.text("domain", "default domain (name or ID)"),
    project: Options.text("project", "default project (name or ID)"),
    password: Options.secret("password", "set user password"),
    email: Options.text("email", "set user email address"),
    description: Options.text("description", "user description"),
    ...Options.enabled("user")
  },
  attributes: (conn, name, options) =>
    Effect.gen(function* () {
      const domainId = yield* Options.idOf(options.domain, (d) => conn.identity.domains.find(d))
      const defaultProjectId = yield* Options.idOf(options.project, (p) => conn.identity.projects.find(p))
      if (Option.isNone(options.password)) yield* Console.error(noPassword)
      return {
        name,
        ...Options.given({
          domainId,
          defaultProjectId,
          password: options.password,
          email: options.email,
          description: options.description,
          enabled: Options.enabledOf(options)
        })
      }
    }),
  orShow: Resource.inDomainOf,
  client: (conn) => conn.identity.users
})

const set = Resource.set({
  noun: "user",
  description: "Set user properties",
  example: "effect-openstack user set --email alice@example.org --disable alice",
  definition: Users.User,
  options: {
    name: Options.text("name", "set user name"),
    project: Options.text("project", "set default project (name or ID)"),
    password: Options.secret("password", "set user password"),
    email: Options.text("email", "set user email address"),
    description: Options.text("description", "set user description"),
    ...Options.enabled("user")
  },
  changes: (conn, options) =>
    Effect.map(
      Options.idOf(options.project, (p) => conn.identity.projects.find(p)),
      (defaultProjectId) =>
        Options.given({
          name: options.name,
          defaultProjectId,
          password: options.password,
          email: options.email,
          description: options.description,
          enabled: Options.enabledOf(options)
        })
    ),
  client: (conn) => conn.identity.users
})

const remove = Resource.remove({
  noun: "user",
  description: "Delete user(s)",
  example: "effect-openstack user delete alice",
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
  Command.withSubcommands([list, show, create, set, remove])
)
