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
import * as SdkResource from "../../Resource.ts"
import * as Resource from "../resource.ts"

const list = Resource.list({
  description: "List projects",
  example: "effect-openstack project list --long",
  columns: [["ID", (p: Projects.Project) => p.id], ["Name", (p: Projects.Project) => p.name]],
  long: [["Domain ID", (p: Projects.Project) => p.domainId], ["Description", (p: Projects.Project) => p.description ?? ""], ["Enabled", (p: Projects.Project) => p.enabled]],
  items: (conn) => conn.identity.projects.list()
})

const show = Resource.show({
  noun: "project",
  description: "Display project details",
  example: "effect-openstack project show demo",
  find: (conn, nameOrId) => conn.identity.projects.find(nameOrId),
  wire: (project) => SdkResource.toWire(Projects.Project, project)
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
