/**
 * `domain list | show | create | set | delete`, as python-openstackclient has them (Keystone deletes a disabled
 * domain only: `domain set --disable` first).
 *
 * @example
 * // effect-openstack domain create --description 'tenants of ACME' acme
 * const command = Domains.command
 *
 * @module
 */
import * as Effect from "effect/Effect"
import * as Command from "effect/cli/Command"
import * as Domains from "../../identity/v3/Domains.ts"
import * as Options from "../options.ts"
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

const create = Resource.create({
  noun: "domain",
  description: "Create new domain",
  example: "effect-openstack domain create --description 'tenants of ACME' acme",
  definition: Domains.Domain,
  options: { description: Options.text("description", "new domain description"), ...Options.enabled("domain") },
  attributes: (_conn, name, options) =>
    Effect.succeed({
      name,
      ...Options.given({ description: options.description, enabled: Options.enabledOf(options) })
    }),
  orShow: () => ({}),
  client: (conn) => conn.identity.domains
})

const set = Resource.set({
  noun: "domain",
  description: "Set domain properties",
  example: "effect-openstack domain set --disable acme",
  definition: Domains.Domain,
  options: {
    name: Options.text("name", "new domain name"),
    description: Options.text("description", "new domain description"),
    ...Options.enabled("domain")
  },
  changes: (_conn, options) =>
    Effect.succeed(
      Options.given({ name: options.name, description: options.description, enabled: Options.enabledOf(options) })
    ),
  client: (conn) => conn.identity.domains
})

const remove = Resource.remove({
  noun: "domain",
  description: "Delete domain(s)",
  example: "effect-openstack domain delete acme",
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
  Command.withSubcommands([list, show, create, set, remove])
)
