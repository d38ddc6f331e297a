/**
 * `application credential list | show | create | delete`, as python-openstackclient has them: the credentials of the
 * token's user (`list --user` another's), the roles printed as their names. `create` prints the secret (given with
 * `--secret` or made up by Keystone): that is what it is for, and Keystone never shows it again.
 *
 * @example
 * // effect-openstack application credential create --role member --expiration 2030-01-01T00:00:00 ci -c secret
 * const command = ApplicationCredentials.command
 *
 * @module
 */
import * as Data from "effect/Data"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Predicate from "effect/Predicate"
import * as Command from "effect/cli/Command"
import type { AccessInfo } from "../../AccessInfo.ts"
import type { ConnectionShape } from "../../Connection.ts"
import * as Credentials from "../../identity/v3/ApplicationCredentials.ts"
import type { RoleSpec } from "../../identity/v3/Roles.ts"
import * as Options from "../options.ts"
import * as Resource from "../resource.ts"

type Credential = Credentials.ApplicationCredential
type Client = ReturnType<ConnectionShape["identity"]["applicationCredentials"]["forUser"]>

/** Runs `body` on the credentials client of the token's user. */
const ofTokenUser = <A, E>(conn: ConnectionShape, body: (client: Client, access: AccessInfo) => Effect.Effect<A, E>) =>
  Effect.flatMap(conn.session.getAccess(), (access) =>
    body(conn.identity.applicationCredentials.forUser(access.userId), access))

/** The token user's credentials client, found, created and deleted as the Resource builders ask. */
const client = (conn: ConnectionShape) => ({
  find: (nameOrId: string) => ofTokenUser(conn, (credentials) => credentials.find(nameOrId)),
  create: (attributes: Parameters<Client["create"]>[0]) => ofTokenUser(conn, (credentials) => credentials.create(attributes)),
  delete: (id: string) => ofTokenUser(conn, (credentials) => credentials.delete(id))
})

/** openstackclient's roles field: the names, space-separated. */
const roleNames = (roles: unknown): unknown =>
  Array.isArray(roles)
    ? (roles as ReadonlyArray<unknown>).map((role) => (Predicate.hasProperty(role, "name") ? String(role.name) : "")).join(" ")
    : roles

const view: Resource.View = ({ links: _links, roles, ...rest }) => ({ ...rest, roles: roleNames(roles) })

const list = Resource.list({
  description: "List application credentials",
  example: "effect-openstack application credential list --user alice",
  options: { user: Options.text("user", "user whose application credentials to list (name or ID)") },
  columns: [
    ["ID", (c: Credential) => c.id],
    ["Name", (c: Credential) => c.name],
    ["Project ID", (c: Credential) => c.projectId ?? null],
    ["Description", (c: Credential) => c.description ?? null],
    ["Expires At", (c: Credential) => c.expiresAt ?? null]
  ],
  items: (conn, options) =>
    Option.isSome(options.user)
      ? Effect.flatMap(conn.identity.users.find(options.user.value), (user) =>
          conn.identity.applicationCredentials.forUser(user.id).list())
      : ofTokenUser(conn, (credentials) => credentials.list())
})

const show = Resource.show({
  noun: "application credential",
  description: "Display application credential details",
  example: "effect-openstack application credential show ci",
  definition: Credentials.ApplicationCredential,
  view,
  client
})

/**
 * An `--expiration` not written `YYYY-mm-ddTHH:MM:SS`, worded as Python's `strptime` words it.
 *
 * @example
 * new ApplicationCredentials.BadExpiration({ message: "time data 'soon' does not match format '%Y-%m-%dT%H:%M:%S'" })
 */
export class BadExpiration extends Data.TaggedError("BadExpiration")<{ readonly message: string }> {}

const expirationOf = (value: Option.Option<string>) =>
  Option.isNone(value) || /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/.test(value.value)
    ? Effect.succeed(Option.getOrUndefined(value))
    : Effect.fail(new BadExpiration({ message: `time data '${value.value}' does not match format '%Y-%m-%dT%H:%M:%S'` }))

/** A `--role`: the token's role of that name or id (by id), else an id when it looks like one, else a name. */
const roleSpecOf = (access: AccessInfo) => (role: string): RoleSpec => {
  const index = access.roleNames.indexOf(role)
  const id = index >= 0 ? access.roleIds[index] : access.roleIds.find((held) => held === role)
  if (id !== undefined) return { id }
  return /^[0-9a-f]{32}$|^[0-9a-f-]{36}$/i.test(role) ? { id: role } : { name: role }
}

const create = Resource.create({
  noun: "application credential",
  description: "Create new application credential",
  example: "effect-openstack application credential create --role member --expiration 2030-01-01T00:00:00 ci",
  definition: Credentials.ApplicationCredential,
  view,
  options: {
    secret: Options.secret("secret", "secret to use for authentication (if not provided, one will be generated)"),
    role: Options.repeated("role", "roles to authorize (name or ID) (repeat option to set multiple values)"),
    expiration: Options.text("expiration", "sets an expiration date for the application credential, format of YYYY-mm-ddTHH:MM:SS"),
    description: Options.text("description", "application credential description"),
    ...Options.pair(
      "unrestricted",
      "restricted",
      "enable application credential to create and delete other application credentials and trusts",
      "prohibit application credential from creating and deleting other application credentials and trusts (the default)"
    )
  },
  attributes: (conn, name, options) =>
    Effect.gen(function* () {
      const expiresAt = yield* expirationOf(options.expiration)
      const access = yield* conn.session.getAccess()
      return {
        name,
        ...Options.given({
          secret: options.secret,
          expiresAt,
          description: options.description,
          unrestricted: Options.pairOf(options.unrestricted, options.restricted)
        }),
        ...(options.role.length > 0 ? { roles: options.role.map(roleSpecOf(access)) } : {})
      }
    }),
  client
})

const remove = Resource.remove({
  noun: "application credential",
  description: "Delete application credentials(s)",
  example: "effect-openstack application credential delete ci",
  definition: Credentials.ApplicationCredential,
  client
})

/**
 * The `application credential` command family.
 *
 * @example
 * Command.withSubcommands(root, [ApplicationCredentials.command])
 */
export const command = Command.make("application").pipe(
  Command.withDescription("Application credentials (Identity v3)"),
  Command.withSubcommands([
    Command.make("credential").pipe(
      Command.withDescription("Application credentials (Identity v3)"),
      Command.withSubcommands([list, show, create, remove])
    )
  ])
)
