/**
 * `role assignment list`, as python-openstackclient prints it (Role, User, Group, Project, Domain, System, Inherited;
 * with `--names`, `name@domain` for users, groups and projects), and what it shares with `role add` / `role remove`:
 * the actor options (`--user` or `--group`), the target options (`--project`, `--domain` or `--system all`), which
 * argparse makes mutually exclusive (an argument error, exit 2), and their resolution to ids.
 *
 * @example
 * // effect-openstack role assignment list --names --effective --user alice
 * const command = RoleAssignments.command
 *
 * @module
 */
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Command from "effect/cli/Command"
import * as Flag from "effect/cli/Flag"
import type { ConnectionShape } from "../../Connection.ts"
import type * as Assignments from "../../identity/v3/RoleAssignments.ts"
import * as Options from "../options.ts"
import * as Resource from "../resource.ts"

/** openstackclient's `--<noun>-domain`: the domain a name given for that noun is looked up in. */
const domainOf = (noun: string) =>
  Options.text(`${noun}-domain`, `domain the ${noun} belongs to (name or ID), for a ${noun} given by name`)

/**
 * The query of a lookup by name in the domain an option names (`{}` without it), the domain found by name or id.
 *
 * @example
 * const query = yield* RoleAssignments.within(conn, input.userDomain) // { domainId: "…" }
 * const user = yield* conn.identity.users.find("alice", query)
 */
export const within = (conn: ConnectionShape, domain: Option.Option<string>) =>
  Option.isNone(domain)
    ? Effect.succeed({})
    : Effect.map(conn.identity.domains.find(domain.value), (found) => ({ domainId: found.id }))

/**
 * The actor and target options of `role add`, `role remove` and `role assignment list`, and `--inherited`.
 *
 * @example
 * const add = Command.make("add", { ...RoleAssignments.grantOptions("role assignment") }, handler)
 */
export const grantOptions = (what: string) => ({
  user: Options.text("user", `include <user> (name or ID) in the ${what}`),
  userDomain: domainOf("user"),
  group: Options.text("group", `include <group> (name or ID) in the ${what}`),
  groupDomain: domainOf("group"),
  system: Flag.Literals("system", ["all"] as const).pipe(Flag.withDescription(`include the system in the ${what}`), Flag.optional),
  domain: Options.text("domain", `include <domain> (name or ID) in the ${what}`),
  project: Options.text("project", `include <project> (name or ID) in the ${what}`),
  projectDomain: domainOf("project"),
  roleDomain: domainOf("role"),
  inherited: Flag.Boolean("inherited").pipe(
    Flag.withDescription("the assignment is inherited by the projects under the domain or project"),
    Flag.withDefault(false)
  )
})

/** What {@link grantOptions} hold once parsed. */
type GrantInput = Command.Command.Config.InferValue<ReturnType<typeof grantOptions>>

/**
 * The argument check of the grant options: `--user` or `--group`, and one of `--system`, `--domain`, `--project`.
 *
 * @example
 * const add = Command.make("add", options, handler).pipe(Command.validate(RoleAssignments.exclusive))
 */
export const exclusive = (input: GrantInput) =>
  Effect.andThen(
    Options.notAllowed([Option.isSome(input.user) ? ["user"] : [], Option.isSome(input.group) ? ["group"] : []].flat()),
    Options.notAllowed(
      [Option.isSome(input.system) ? ["system"] : [], Option.isSome(input.domain) ? ["domain"] : [],
        Option.isSome(input.project) ? ["project"] : []].flat()
    )
  )

/** An actor or a target, found by name or id; for `lenient` (`role remove`), a user or group not found is its id. */
const found = <E extends { readonly _tag: string }>(
  lookup: Effect.Effect<{ readonly id: string }, E>,
  nameOrId: string,
  lenient: boolean
) =>
  Effect.map(
    Effect.catchIf(lookup, (error) => lenient && error._tag === "NotFound", () => Effect.succeed({ id: nameOrId })),
    (item) => item.id
  )

/**
 * The actor the options name (`undefined` for neither), its name resolved to its id.
 *
 * @example
 * const actor = yield* RoleAssignments.actorOf(conn, input, false) // { user: "…" }
 */
export const actorOf = (conn: ConnectionShape, input: GrantInput, lenient: boolean) => {
  if (Option.isSome(input.user)) {
    const name = input.user.value
    const user = Effect.flatMap(within(conn, input.userDomain), (query) =>
      found(conn.identity.users.find(name, query), name, lenient))
    return Effect.map(user, (id): Assignments.Actor => ({ user: id }))
  }
  if (Option.isSome(input.group)) {
    const name = input.group.value
    const group = Effect.flatMap(within(conn, input.groupDomain), (query) =>
      found(conn.identity.groups.find(name, query), name, lenient))
    return Effect.map(group, (id): Assignments.Actor => ({ group: id }))
  }
  return Effect.succeed(undefined)
}

/**
 * The target the options name (`undefined` for none), its name resolved to its id.
 *
 * @example
 * const target = yield* RoleAssignments.targetOf(conn, input) // { project: "…" }
 */
export const targetOf = (conn: ConnectionShape, input: GrantInput) => {
  type Target = Assignments.Target | undefined
  if (Option.isSome(input.system)) return Effect.succeed<Target>({ system: input.system.value })
  if (Option.isSome(input.domain)) {
    return Effect.map(conn.identity.domains.find(input.domain.value), (d): Target => ({ domain: d.id }))
  }
  if (Option.isSome(input.project)) {
    const project = input.project.value
    const lookup = Effect.flatMap(within(conn, input.projectDomain), (q) => conn.identity.projects.find(project, q))
    return Effect.map(lookup, (p): Target => ({ project: p.id }))
  }
  return Effect.succeed<Target>(undefined)
}

type Party = NonNullable<Assignments.RoleAssignment["user"]>

/** A user, group or project as the list prints it: its id, or with `--names` `name@domain`. */
const partyOf = (party: Party | undefined, names: boolean) =>
  party === undefined ? "" : names ? `${party.name ?? ""}@${party.domain?.name ?? ""}` : party.id

/** An assignment as a row (openstackclient's `_as_tuple`). */
const rowOf = (names: boolean) => (a: Assignments.RoleAssignment): ReadonlyArray<unknown> => [
  names ? a.role.name ?? "" : a.role.id,
  partyOf(a.user, names),
  a.user === undefined ? partyOf(a.group, names) : "",
  partyOf(a.scope.project, names),
  a.scope.project === undefined && a.scope.domain !== undefined ? (names ? a.scope.domain.name ?? "" : a.scope.domain.id) : "",
  a.scope.project === undefined && a.scope.domain === undefined && a.scope.system !== undefined ? "all" : "",
  a.scope.inheritedTo === "projects"
]

const listOptions = {
  ...grantOptions("filter"),
  role: Options.text("role", "role to filter (name or ID)"),
  names: Flag.Boolean("names").pipe(Flag.withDescription("display names instead of IDs"), Flag.withDefault(false)),
  effective: Flag.Boolean("effective").pipe(Flag.withDescription("returns only effective role assignments"), Flag.withDefault(false)),
  authUser: Flag.Boolean("auth-user").pipe(Flag.withDescription("only list assignments for the authenticated user"), Flag.withDefault(false)),
  authProject: Flag.Boolean("auth-project").pipe(
    Flag.withDescription("only list assignments for the project to which the authenticated user's token is scoped"),
    Flag.withDefault(false)
  )
}

type ListInput = Command.Command.Config.InferValue<typeof listOptions>

/** The query the filter options stand for, names resolved to ids (`--auth-user` / `--auth-project`: the token's). */
const queryOf = (conn: ConnectionShape, input: ListInput) =>
  Effect.gen(function* () {
    const access = input.authUser || input.authProject ? yield* conn.session.getAccess() : undefined
    const actor = yield* actorOf(conn, input, false)
    const target = yield* targetOf(conn, input)
    const roleId = yield* Options.idOf(input.role, (r) =>
      Effect.flatMap(within(conn, input.roleDomain), (q) => conn.identity.roles.find(r, q)))
    const query: Assignments.Query = {
      ...Options.given({
        userId: actor?.user ?? (input.authUser ? access?.userId : undefined),
        groupId: actor?.group,
        projectId: target?.project ?? (input.authProject ? access?.projectId : undefined),
        domainId: target?.domain,
        system: target?.system,
        roleId
      }),
      ...(input.inherited ? { inheritedTo: "projects" as const } : {}),
      ...(input.effective ? { effective: true } : {}),
      ...(input.names ? { includeNames: true } : {})
    }
    return query
  })

const list = Resource.list({
  description: "List role assignments",
  example: "effect-openstack role assignment list --names --effective --user alice",
  options: listOptions,
  columns: ["Role", "User", "Group", "Project", "Domain", "System", "Inherited"].map((header, index) =>
    [header, (row: ReadonlyArray<unknown>) => row[index]] as const),
  items: (conn, input) =>
    Effect.map(
      Effect.flatMap(queryOf(conn, input), (query) => conn.identity.roleAssignments.list(query)),
      (assignments) => assignments.map(rowOf(input.names))
    )
}).pipe(Command.validate((input) => exclusive(input.options)))

/**
 * The `role assignment` commands (under `role`).
 *
 * @example
 * Command.withSubcommands(Command.make("role"), [RoleAssignments.command])
 */
export const command = Command.make("assignment").pipe(
  Command.withDescription("Role assignments (Identity v3)"),
  Command.withSubcommands([list])
)
