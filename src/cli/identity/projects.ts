/**
 * `project list | show`, as python-openstackclient prints them.
 *
 * @example
 * // effect-openstack project list --long -f json
 * const command = Projects.command
 *
 * @module
 */
import * as Command from "effect/cli/Command"
import * as Projects from "../../identity/v3/Projects.ts"
import * as Resource from "../resource.ts"

type Project = Projects.Project

const list = Resource.list({
  description: "List projects",
  example: "effect-openstack project list --long",
  columns: [["ID", (p: Project) => p.id], ["Name", (p: Project) => p.name]],
  long: [
    ["Domain ID", (p: Project) => p.domainId],
    ["Description", (p: Project) => p.description ?? ""],
    ["Enabled", (p: Project) => p.enabled]
  ],
  items: (conn) => conn.identity.projects.list()
})

const show = Resource.show({
  noun: "project",
  description: "Display project details",
  example: "effect-openstack project show demo",
  definition: Projects.Project,
  client: (conn) => conn.identity.projects
})

/**
 * The `project` command family.
 *
 * @example
 * Command.withSubcommands(root, [Projects.command])
 */
export const command = Command.make("project").pipe(
  Command.withDescription("Projects (Identity v3)"),
  Command.withSubcommands([list, show])
)
