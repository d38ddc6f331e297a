/**
 * `role list | show | create | set | delete`, `role add` / `role remove` (a grant to a user or group on a project, a
 * domain or the system) and `role assignment list`, as python-openstackclient has them.
 *
 * @example
 * // effect-openstack role add --user alice --project demo member
 * const command = Roles.command
 *
 * @module
 */
import * as Data from "effect/Data"
import * as Effect from "effect/Effect"
import * as Argument from "effect/cli/Argument"
import * as Command from "effect/cli/Command"
import * as Roles from "../../identity/v3/Roles.ts"
import * as Options from "../options.ts"
import * as Resource from "../resource.ts"
import * as RoleAssignments from "./roleAssignments.ts"

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

const create = Resource.create({
  noun: "role",
  description: "Create new role",
  example: "effect-openstack role create --description 'may read the audit log' auditor",
  definition: Roles.Role,
  options: {
    description: Options.text("description", "add description about the role"),
    domain: Options.text("domain", "domain the role belongs to (name or ID)")
  },
  attributes: (conn, name, options) =>
    Effect.map(
      Options.idOf(options.domain, (d) => conn.identity.domains.find(d)),
      (domainId) => ({ name, ...Options.given({ domainId, description: options.description }) })
    ),
  orShow: Resource.inDomainOf,
  client: (conn) => conn.identity.roles
})

const set = Resource.set({
  noun: "role",
  description: "Set role properties",
  example: "effect-openstack role set --description 'may read the audit log' auditor",
  definition: Roles.Role,
  options: { name: Options.text("name", "set role name"), description: Options.text("description", "add description about the role") },
  changes: (_conn, options) => Effect.succeed(Options.given({ name: options.name, description: options.description })),
  client: (conn) => conn.identity.roles
})

const remove = Resource.remove({
  noun: "role",
  description: "Delete role(s)",
  example: "effect-openstack role delete auditor",
  definition: Roles.Role,
  client: (conn) => conn.identity.roles
})

/**
 * `role add` or `role remove` given no user and group, or no project, domain and system: openstackclient's
 * CommandError (exit 1).
 *
 * @example
 * new Roles.IncorrectArguments({ message: "Role not added, incorrect set of arguments provided. See …" })
 */
export class IncorrectArguments extends Data.TaggedError("IncorrectArguments")<{ readonly message: string }> {}

/** `role add` (grant) or `role remove` (revoke): the role found by name or id, the actor and the target by theirs. */
const grantCommand = (spec: {
  readonly name: "add" | "remove"
  readonly description: string
  readonly example: string
  readonly incorrect: string
}) =>
  Command.make(
    spec.name,
    {
      options: RoleAssignments.grantOptions("role assignment"),
      role: Argument.String("role").pipe(Argument.withDescription(`role to ${spec.name} (name or ID)`))
    },
    (input) =>
      Resource.withConnection((conn) =>
        Effect.gen(function* () {
          const roleQuery = yield* RoleAssignments.within(conn, input.options.roleDomain)
          const role = yield* conn.identity.roles.find(input.role, roleQuery)
          const actor = yield* RoleAssignments.actorOf(conn, input.options, spec.name === "remove")
          const target = yield* RoleAssignments.targetOf(conn, input.options)
          if (actor === undefined || target === undefined) {
            return yield* new IncorrectArguments({ message: spec.incorrect })
          }
          const options = { inherited: input.options.inherited }
          yield* spec.name === "add"
            ? conn.identity.roleAssignments.grant(role.id, actor, target, options)
            : conn.identity.roleAssignments.revoke(role.id, actor, target, options)
        })
      )
  ).pipe(
    Command.validate((input) => RoleAssignments.exclusive(input.options)),
    Command.withDescription(spec.description),
    Command.withExamples([{ command: spec.example, description: spec.description }])
  )

const add = grantCommand({
  name: "add",
  description: "Adds a role assignment to a user or group on the system, a domain, or a project",
  example: "effect-openstack role add --user alice --project demo member",
  incorrect: "Role not added, incorrect set of arguments provided. See openstack --help for more details"
})

const revoke = grantCommand({
  name: "remove",
  description: "Removes a role assignment from system/domain/project : user/group",
  example: "effect-openstack role remove --user alice --project demo member",
  incorrect: "Incorrect set of arguments provided. See openstack --help for more details"
})

/**
 * The `role` command family.
 *
 * @example
 * Command.withSubcommands(root, [Roles.command])
 */
export const command = Command.make("role").pipe(
  Command.withDescription("Roles (Identity v3)"),
  Command.withSubcommands([list, show, create, set, remove, add, revoke, RoleAssignments.command])
)
