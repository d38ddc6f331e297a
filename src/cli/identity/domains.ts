/**
 * `domain list | show`, as python-openstackclient prints them.
 *
 * @example
 * // effect-openstack domain list -f json
 * const command = Domains.command
 *
 * @module
 */
import * as Command from "effect/cli/Command"
import * as Domains from "../../identity/v3/Domains.ts"
import * as Resource from "../resource.ts"

type Domain = Domains.Domain

const list = Resource.list({
  description: "List domains",
  example: "effect-openstack domain list",
  columns: [
    ["ID", (d: Domain) => d.id],
    ["Name", (d: Domain) => d.name],
    ["Enabled", (d: Domain) => d.enabled],
    ["Description", (d: Domain) => d.description ?? ""]
  ],
  items: (conn) => conn.identity.domains.list()
})

const show = Resource.show({
  noun: "domain",
  description: "Display domain details",
  example: "effect-openstack domain show Default",
  definition: Domains.Domain,
  client: (conn) => conn.identity.domains
})

/**
 * The `domain` command family.
 *
 * @example
 * Command.withSubcommands(root, [Domains.command])
 */
export const command = Command.make("domain").pipe(
  Command.withDescription("Domains (Identity v3)"),
  Command.withSubcommands([list, show])
)
