/**
 * `project list | show | create | set | delete`, as python-openstackclient has them.
 *
 * @example
 * // effect-openstack project list --long -f json
 * const command = Projects.command
 *
 * @module
 */
import * as Effect from "effect/Effect"
import * as Command from "effect/cli/Command"
import * as Projects from "../../identity/v3/Projects.ts"
import * as Options from "../options.ts"
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

const create = Resource.create({
  noun: "project",
  description: "Create new project",
  example: "effect-openstack project create --domain default --description 'CI runs' ci",
  definition: Projects.Project,
  options: {
    domain: Options.text("domain", "domain owning the project (name or ID)"),
    parent: Options.text("parent", "parent of the project (name or ID)"),
    description: Options.text("description", "project description"),
    ...Options.enabled("project"),
    tag: Options.tags("project")
  },
  attributes: (conn, name, options) =>
    Effect.gen(function* () {
      const domainId = yield* Options.idOf(options.domain, (d) => conn.identity.domains.find(d))
      const parentId = yield* Options.idOf(options.parent, (p) => conn.identity.projects.find(p))
      return {
        name,
        ...Options.given({ domainId, parentId, description: options.description, enabled: Options.enabledOf(options) }),
        ...(options.tag.length > 0 ? { tags: options.tag } : {})
      }
    }),
  orShow: Resource.inDomainOf,
  client: (conn) => conn.identity.projects
})

const set = Resource.set({
  noun: "project",
  description: "Set project properties",
  example: "effect-openstack project set --disable --description 'retired' ci",
  definition: Projects.Project,
  options: {
    name: Options.text("name", "set project name"),
    description: Options.text("description", "set project description"),
    ...Options.enabled("project")
  },
  changes: (_conn, options) =>
    Effect.succeed(
      Options.given({ name: options.name, description: options.description, enabled: Options.enabledOf(options) })
    ),
  client: (conn) => conn.identity.projects
})

const remove = Resource.remove({
  noun: "project",
  description: "Delete project(s)",
  example: "effect-openstack project delete ci",
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
  Command.withSubcommands([list, show, create, set, remove])
)
