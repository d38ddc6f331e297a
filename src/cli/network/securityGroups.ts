/**
 * `security group list | show | create | set | delete`, and under it `security group rule …`
 * (./securityGroupRules.ts), as python-openstackclient has them.
 *
 * @example
 * // effect-openstack security group create --description 'HTTP in' web
 * const command = SecurityGroups.command
 *
 * @module
 */
import * as Effect from "effect/Effect"
import * as Command from "effect/cli/Command"
import type { ConnectionShape } from "../../Connection.ts"
import * as SecurityGroups from "../../network/v2/SecurityGroups.ts"
import * as Options from "../options.ts"
import * as Resource from "../resource.ts"
import * as Format from "./format.ts"
import * as SecurityGroupRules from "./securityGroupRules.ts"

type SecurityGroup = SecurityGroups.SecurityGroup

const client = (conn: ConnectionShape) => conn.network.securityGroups

/** The fields openstackclient prints of a security group (`security_group_rules` as `rules`). */
const view = Format.view([
  "created_at", "description", "id", "name", "project_id", "revision_number", "rules", "stateful", "tags", "updated_at"
], { from: { rules: "security_group_rules" }, table: { rules: Format.rules } })

const list = Resource.list({
  description: "List security groups",
  example: "effect-openstack security group list",
  columns: [
    ["ID", (g: SecurityGroup) => g.id],
    ["Name", (g: SecurityGroup) => g.name],
    ["Description", (g: SecurityGroup) => g.description],
    ["Project", (g: SecurityGroup) => g.projectId],
    ["Tags", (g: SecurityGroup) => g.tags]
  ],
  items: (conn) => client(conn).list()
})

const show = Resource.show({
  noun: "security group",
  description: "Display security group details",
  example: "effect-openstack security group show web",
  definition: SecurityGroups.SecurityGroup,
  view,
  client
})

const create = Resource.create({
  noun: "security group",
  description: "Create a new security group",
  example: "effect-openstack security group create --description 'HTTP in' web",
  definition: SecurityGroups.SecurityGroup,
  view,
  options: {
    description: Options.text("description", "security group description (default: its name)"),
    tag: Options.tags("security group")
  },
  attributes: (_conn, name, options) =>
    Effect.succeed({ name, description: options.description._tag === "Some" ? options.description.value : name }),
  then: Format.tagAfterCreate(client),
  client
})

const set = Resource.set({
  noun: "security group",
  description: "Set security group properties",
  example: "effect-openstack security group set --description 'HTTP and HTTPS in' web",
  definition: SecurityGroups.SecurityGroup,
  options: {
    name: Options.text("name", "new security group name"),
    description: Options.text("description", "new security group description"),
    tag: Options.tags("security group"),
    noTag: Options.noTag("security group")
  },
  changes: (_conn, options) => Effect.succeed(Options.given({ name: options.name, description: options.description })),
  then: Format.tagAfterSet(client),
  client
})

const unset = Resource.set({
  noun: "security group",
  command: "unset",
  description: "Unset security group properties",
  example: "effect-openstack security group unset --all-tag web",
  definition: SecurityGroups.SecurityGroup,
  options: Options.untag("security group"),
  changes: () => Effect.succeed({}),
  then: Format.tagAfterUnset(client),
  client
})

const remove = Resource.remove({
  noun: "security group",
  description: "Delete security group(s)",
  example: "effect-openstack security group delete web",
  definition: SecurityGroups.SecurityGroup,
  client
})

/**
 * The `security` command: `security group …` and `security group rule …`.
 *
 * @example
 * Command.withSubcommands(root, [SecurityGroups.command])
 */
export const command = Command.make("security").pipe(
  Command.withDescription("Security groups and their rules (Network v2)"),
  Command.withSubcommands([
    Command.make("group").pipe(
      Command.withDescription("Security groups (Network v2)"),
      Command.withSubcommands([list, show, create, set, unset, remove, SecurityGroupRules.command])
    )
  ])
)
