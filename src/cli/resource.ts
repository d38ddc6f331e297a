/**
 * The shapes of python-openstackclient's resource commands, declared once: `list` (columns, `--long` columns),
 * `show` (an item found by name or id, printed as the server wrote it, `links` left out as openstackclient leaves
 * them, or as the family's {@link View} says), `create` (printed as `show` prints), `set` / `unset` (print nothing),
 * `delete` (one or more, each reported when it fails) and `relate` (`router add subnet <router> <subnet>`: prints
 * nothing). A value may print in two forms, as cliff's formattable columns do ({@link Formattable}: `UP` in a table,
 * `true` in json). A command family (src/cli/identity/projects.ts, src/cli/network/networks.ts, …) declares its
 * columns, its options and how to reach its client; these make the commands, with the output flags, the Connection of
 * the global options, and the typed errors.
 *
 * @example
 * const list = Resource.list({
 *   description: "List projects",
 *   columns: [["ID", (p) => p.id], ["Name", (p) => p.name]],
 *   items: (conn) => conn.identity.projects.list()
 * })
 *
 * @module
 */
import * as Console from "effect/Console"
import * as Data from "effect/Data"
import * as Effect from "effect/Effect"
import * as Argument from "effect/cli/Argument"
import * as Command from "effect/cli/Command"
import * as Flag from "effect/cli/Flag"
import { Connection, type ConnectionShape } from "../Connection.ts"
import { Conflict } from "../Errors.ts"
import type { Definition } from "../internal/resource/declaration.ts"
import * as SdkResource from "../Resource.ts"
import * as Diagnostics from "./diagnostics.ts"
import * as Display from "./display.ts"
import * as Globals from "./globals.ts"
import * as Options from "./options.ts"

/**
 * A list's columns: header and how to read it from an item.
 *
 * @example
 * const columns: Columns<Project> = [["ID", (p) => p.id], ["Name", (p) => p.name]]
 */
export type Columns<A> = ReadonlyArray<readonly [header: string, read: (item: A) => unknown]>

/**
 * A value with two forms, as cliff's `FormattableColumn`: a table shows `human`, json, yaml, value and csv the
 * `machine` value (a network's `admin_state_up`: `UP` in a table, `true` elsewhere). A list's cell or a shown field
 * may be one.
 *
 * @example
 * const state = (up: boolean) => new Resource.Formattable(up, up ? "UP" : "DOWN")
 */
export class Formattable {
  readonly machine: unknown
  readonly human: string
  constructor(machine: unknown, human: string) {
    this.machine = machine
    this.human = human
  }
}

/** A value as `format` prints it: a {@link Formattable}'s human form in a table, its machine value elsewhere. */
const formatted = (format: string, value: unknown): unknown =>
  value instanceof Formattable ? (format === "table" ? value.human : value.machine) : value

/**
 * Runs `body` with the Connection the global options stand for, as `--debug` and `--timing` ask.
 *
 * @example
 * yield* Resource.withConnection((conn) => conn.identity.projects.list())
 */
export const withConnection = <A, E>(body: (conn: ConnectionShape) => Effect.Effect<A, E>) =>
  Diagnostics.instrument(Effect.flatMap(Globals.connection, (layer) =>
    Effect.provide(
      Effect.gen(function* () {
        return yield* body(yield* Connection)
      }),
      layer
    )))

/** A command's help: its description, and its example. */
const described = (spec: { readonly description: string, readonly example: string }) =>
  <Name extends string, Input, CI, E, R>(command: Command.Command<Name, Input, CI, E, R>) =>
    command.pipe(
      Command.withDescription(spec.description),
      Command.withExamples([{ command: spec.example, description: spec.description }])
    )

/** The columns a list shows: its own (for these options), those of `sometimes` some item has, then `--long`'s. */
const columnsOf = <A, O>(
  spec: ListSpec<A, O>,
  options: O,
  long: boolean,
  items: ReadonlyArray<A>
): Columns<A> => [
  ...(typeof spec.columns === "function" ? spec.columns(options) : spec.columns),
  ...(spec.sometimes ?? []).filter(([, read]) => items.some((item) => read(item) !== undefined)),
  ...(long ? spec.long ?? [] : [])
]

/** What a `list` command declares. */
interface ListSpec<A, O> {
  readonly description: string
  readonly example: string
  readonly columns: Columns<A> | ((options: O) => Columns<A>)
  readonly long?: Columns<A>
  /** Columns shown only when some item has a value there (openstackclient's router list: Distributed, HA). */
  readonly sometimes?: Columns<A>
}

/**
 * A `list` command: the items, printed under their columns (`--long` adds the long columns). `options` (flags or a
 * positional) are the family's filters, given to `items` (and to `columns`, when they depend on them).
 *
 * @example
 * const list = Resource.list({ description, example, columns, long, items: (conn) => conn.identity.projects.list() })
 */
export const list = <A, E, const O extends Command.Command.Config = Record<string, never>>(
  spec: ListSpec<A, Command.Command.Config.InferValue<O>> & {
    readonly options?: O
    readonly items: (
      conn: ConnectionShape,
      options: Command.Command.Config.InferValue<O>
    ) => Effect.Effect<ReadonlyArray<A>, E>
  }
) =>
  Command.make(
    "list",
    {
      ...Display.listFlags,
      long: Flag.Boolean("long").pipe(Flag.withDescription("list additional fields in output"), Flag.withDefault(false)),
      options: spec.options ?? ({} as O)
    },
    (flags) =>
      withConnection((conn) =>
        Effect.flatMap(spec.items(conn, flags.options), (items) => {
          const columns = columnsOf(spec, flags.options, flags.long, items)
          const rows = items.map((item) => columns.map(([, read]) => formatted(flags.format, read(item))))
          return Display.printList(flags, columns.map(([header]) => header), rows)
        })
      )
  ).pipe(Command.validate((input) => Options.exclusivePairs(spec.options ?? {}, input.options)), described(spec))

/** The found-or-not item of a declared resource's client. */
type Finder<D extends Definition, E> = {
  readonly find: (nameOrId: string) => Effect.Effect<SdkResource.Item<D>, E>
}

/** What a command of one declared resource says about itself. */
interface Declared<D extends Definition> {
  readonly noun: string
  readonly description: string
  readonly example: string
  readonly definition: D
}

/**
 * The fields `show` prints of an item as the server wrote it (openstackclient prints its SDK's attributes, some
 * renamed, rather than the server's keys); by default the server's own, without `links`. A field may be a
 * {@link Formattable}.
 *
 * @example
 * const view: Resource.View = (wire) => ({ id: wire.id, name: wire.name })
 */
export type View = (wire: Readonly<Record<string, unknown>>) => Readonly<Record<string, unknown>>

const serverView: View = (wire) => Object.fromEntries(Object.entries(wire).filter(([key]) => key !== "links"))

/** Prints an item as `show` prints it: its view (by default: as the server wrote it, without `links`). */
const printItem = <D extends Definition>(
  choice: Display.ShowChoice,
  spec: { readonly definition: D, readonly view?: View | undefined },
  item: SdkResource.Item<D>
) =>
  Effect.flatMap(SdkResource.toWire(spec.definition, item), (wire) =>
    Display.printShow(
      choice,
      Object.entries((spec.view ?? serverView)(wire))
        .map(([key, value]) => [key, formatted(choice.format, value)] as const)
    ))

/**
 * The `show` command of a declared resource: found by name or id with its client's `find`, printed as the server wrote
 * it (`Resource.toWire`), `links` left out as openstackclient leaves them.
 *
 * @example
 * const show = Resource.show({
 *   noun: "user", description: "Display user details", example: "effect-openstack user show demo",
 *   definition: Users.User, client: (conn) => conn.identity.users
 * })
 */
export const show = <D extends Definition, E>(spec: {
  readonly noun: string
  readonly description: string
  readonly example: string
  readonly definition: D
  readonly view?: View
  readonly client: (conn: ConnectionShape) => {
    readonly find: (nameOrId: string) => Effect.Effect<SdkResource.Item<D>, E>
  }
}) =>
  Command.make(
    "show",
    {
      ...Display.showFlags,
      target: Argument.String(spec.noun).pipe(Argument.withDescription(`${spec.noun} to display (name or ID)`))
    },
    (flags) =>
      withConnection((conn) =>
        Effect.flatMap(spec.client(conn).find(flags.target), (item) => printItem(flags, spec, item))
      )
  ).pipe(described(spec))

/**
 * The `create` command of a declared resource: `create [options] <name>`, the attributes made from the name and the
 * family's options (names of related resources resolved to ids by `attributes`), the new item printed as `show`
 * prints it. `argument` names another positional than `<name>` (a floating IP's `<network>`); `then` is a step after
 * the creation (tags, which Neutron sets apart), answering the item to print.
 *
 * @example
 * const create = Resource.create({
 *   noun: "group", description: "Create new group", example: "effect-openstack group create --domain default ops",
 *   definition: Groups.Group, options: { domain: Options.text("domain", "domain to contain the new group") },
 *   attributes: (conn, name, options) => Effect.succeed({ name, domainId: "default" }),
 *   client: (conn) => conn.identity.groups
 * })
 */
export const create = <
  D extends Definition,
  const O extends Command.Command.Config,
  E,
  E2,
  E3 = never
>(spec: Declared<D> & {
  readonly options: O
  readonly view?: View
  readonly argument?: { readonly name: string, readonly description: string }
  readonly then?: (
    conn: ConnectionShape,
    item: SdkResource.Item<D>,
    options: Command.Command.Config.InferValue<O>
  ) => Effect.Effect<SdkResource.Item<D>, E3>
  readonly attributes: (
    conn: ConnectionShape,
    name: string,
    options: Command.Command.Config.InferValue<O>
  ) => Effect.Effect<SdkResource.Create<D>, E2>
  /**
   * openstackclient's `--or-show`: when the server answers Conflict (the name is taken), the item of that name is
   * shown instead, found with the query the attributes give (its domain). Without it, the command has no `--or-show`.
   */
  readonly orShow?: (attributes: SdkResource.Create<D>) => SdkResource.Query<D>
  readonly client: (conn: ConnectionShape) => {
    readonly create: (attributes: SdkResource.Create<D>) => Effect.Effect<SdkResource.Item<D>, E>
    readonly find: (nameOrId: string, query?: SdkResource.Query<D>) => Effect.Effect<SdkResource.Item<D>, E>
  }
}) =>
  Command.make(
    "create",
    {
      output: Display.showFlags,
      options: spec.options,
      orShow: spec.orShow === undefined
        ? Flag.Never.pipe(Flag.withDefault(false))
        : Flag.Boolean("or-show").pipe(Flag.withDescription(`return existing ${spec.noun}`), Flag.withDefault(false)),
      name: Argument.String(spec.argument?.name ?? "name").pipe(
        Argument.withDescription(spec.argument?.description ?? `new ${spec.noun} name`)
      )
    },
    (input) =>
      withConnection((conn) =>
        spec.attributes(conn, input.name, input.options).pipe(
          Effect.flatMap((attributes) => {
            const created = spec.client(conn).create(attributes)
            const query = spec.orShow
            return query === undefined || !input.orShow
              ? created
              : Effect.catchIf(created, (error) => error instanceof Conflict, () =>
                  spec.client(conn).find(input.name, query(attributes)))
          }),
          Effect.flatMap((item) =>
            spec.then === undefined ? Effect.succeed(item) : spec.then(conn, item, input.options)),
          Effect.flatMap((item) => printItem(input.output, spec, item))
        )
      )
  ).pipe(Command.validate((input) => Options.exclusivePairs(spec.options, input.options)), described(spec))

/**
 * The query that finds an item by name in the domain its attributes name (the `--or-show` of the identity resources
 * that live in a domain: projects, users, groups, roles).
 *
 * @example
 * Resource.create({ …, orShow: Resource.inDomainOf, client: (conn) => conn.identity.projects })
 */
export const inDomainOf = (attributes: { readonly domainId?: string | null | undefined }) =>
  typeof attributes.domainId === "string" ? { domainId: attributes.domainId } : {}

/**
 * The `set` command of a declared resource: `set [options] <item>`, the item found by name or id, changed with the
 * attributes the options give (no request when they give none); nothing printed, as openstackclient prints nothing.
 * `command` names it otherwise (`unset`); `then` is a step after the change (tags, which Neutron sets apart).
 *
 * @example
 * const set = Resource.set({
 *   noun: "project", description: "Set project properties", example: "effect-openstack project set --disable demo",
 *   definition: Projects.Project, options: { ...Options.enabled("project") },
 *   changes: (conn, options) => Effect.succeed(Options.enabledOf(options) === undefined ? {} : { enabled: false }),
 *   client: (conn) => conn.identity.projects
 * })
 */
export const set = <
  D extends Definition,
  const O extends Command.Command.Config,
  E,
  E2,
  E3 = never
>(spec: Declared<D> & {
  readonly options: O
  readonly command?: string
  readonly then?: (
    conn: ConnectionShape,
    item: SdkResource.Item<D>,
    options: Command.Command.Config.InferValue<O>
  ) => Effect.Effect<void, E3>
  readonly changes: (
    conn: ConnectionShape,
    options: Command.Command.Config.InferValue<O>,
    item: SdkResource.Item<D>
  ) => Effect.Effect<SdkResource.Update<D>, E2>
  readonly client: (conn: ConnectionShape) => Finder<D, E> & {
    readonly update: (id: string, attributes: SdkResource.Update<D>) => Effect.Effect<SdkResource.Item<D>, E>
  }
}) =>
  Command.make(
    spec.command ?? "set",
    {
      options: spec.options,
      target: Argument.String(spec.noun).pipe(Argument.withDescription(`${spec.noun} to modify (name or ID)`))
    },
    (input) =>
      withConnection((conn) =>
        Effect.gen(function* () {
          const client = spec.client(conn)
          const item = yield* client.find(input.target)
          const changes = yield* spec.changes(conn, input.options, item)
          if (Object.keys(changes).length > 0) yield* client.update(idOf(item), changes)
          if (spec.then !== undefined) yield* spec.then(conn, item, input.options)
        })
      )
  ).pipe(Command.validate((input) => Options.exclusivePairs(spec.options, input.options)), described(spec))

/**
 * The failure of a `delete` of several items of which some could not be deleted (each was reported on stderr), as
 * openstackclient words it: "1 of 2 projects failed to delete."
 *
 * @example
 * new Resource.DeleteFailed({ failed: 1, of: 2, noun: "project" }).message // "1 of 2 projects failed to delete."
 */
export class DeleteFailed extends Data.TaggedError("DeleteFailed")<{
  readonly failed: number
  readonly of: number
  readonly noun: string
}> {
  override get message() {
    return `${this.failed} of ${this.of} ${this.noun}s failed to delete.`
  }
}

const idOf = (item: unknown): string => (item as { readonly id: string }).id

/**
 * The `delete` command of a declared resource: `delete <item> [<item> ...]`, each found by name or id and deleted;
 * each failure reported on stderr ("Failed to delete project with name or ID 'x': …") and the command failed with
 * {@link DeleteFailed} when any did, as openstackclient does.
 *
 * @example
 * const remove = Resource.remove({
 *   noun: "project", description: "Delete project(s)", example: "effect-openstack project delete demo",
 *   definition: Projects.Project, client: (conn) => conn.identity.projects
 * })
 */
export const remove = <D extends Definition, E>(spec: Declared<D> & {
  readonly client: (conn: ConnectionShape) => Finder<D, E> & {
    readonly delete: (id: string) => Effect.Effect<void, E>
  }
}) =>
  Command.make(
    "delete",
    {
      targets: Argument.String(spec.noun).pipe(
        Argument.withDescription(`${spec.noun}(s) to delete (name or ID)`),
        Argument.atLeast(1)
      )
    },
    (input) =>
      withConnection((conn) =>
        Effect.gen(function* () {
          const client = spec.client(conn)
          let failed = 0
          for (const target of input.targets) {
            const deleted = Effect.flatMap(client.find(target), (item) => client.delete(idOf(item)))
            const outcome = yield* Effect.result(deleted)
            if (outcome._tag === "Failure") {
              failed++
              yield* Console.error(`Failed to delete ${spec.noun} with name or ID '${target}': ${Display.failureLine(outcome.failure)}`)
            }
          }
          if (failed > 0) return yield* new DeleteFailed({ failed, of: input.targets.length, noun: spec.noun })
        })
      )
  ).pipe(described(spec))

/** One side of a {@link relate} command: its positional's name and how to find an item by name or id. */
interface Side<E> {
  readonly noun: string
  readonly description: string
  readonly find: (conn: ConnectionShape, nameOrId: string) => Effect.Effect<{ readonly id: string }, E>
}

/**
 * A command that relates two items, as openstackclient's `router add subnet <router> <subnet>`: both found by name or
 * id, then `run` with their ids; nothing printed.
 *
 * @example
 * const addSubnet = Resource.relate({
 *   name: "subnet", description: "Add a subnet to a router", example: "effect-openstack router add subnet edge app",
 *   target: { noun: "router", description: "router to which subnet will be added (name or ID)", find: findRouter },
 *   member: { noun: "subnet", description: "subnet to be added (name or ID)", find: findSubnet },
 *   run: (conn, routerId, subnetId) => conn.network.routers.addInterface(routerId, { subnetId })
 * })
 */
export const relate = <E1, E2, E3>(spec: {
  readonly name: string
  readonly description: string
  readonly example: string
  readonly target: Side<E1>
  readonly member: Side<E2>
  readonly run: (conn: ConnectionShape, targetId: string, memberId: string) => Effect.Effect<unknown, E3>
}) =>
  Command.make(
    spec.name,
    {
      target: Argument.String(spec.target.noun).pipe(Argument.withDescription(spec.target.description)),
      member: Argument.String(spec.member.noun).pipe(Argument.withDescription(spec.member.description))
    },
    (input) =>
      withConnection((conn) =>
        Effect.gen(function* () {
          const target = yield* spec.target.find(conn, input.target)
          const member = yield* spec.member.find(conn, input.member)
          yield* spec.run(conn, target.id, member.id)
        })
      )
  ).pipe(described(spec))

/**
 * The failure of a command on several items of which some failed (each was reported on stderr), worded as
 * openstackclient words it: "1 of 2 users not added to group ops."
 *
 * @example
 * new Resource.PartlyFailed({ message: "1 of 2 users not added to group ops." }).message
 */
export class PartlyFailed extends Data.TaggedError("PartlyFailed")<{ readonly message: string }> {}

/**
 * A command that relates an item to one or more others, as openstackclient's `group add user <group> <user>...`: the
 * target found by name or id, then each member found and `run` with both ids. Each failure is reported on stderr
 * ("alice not added to group ops: …", `done` being "added to") and the command fails with {@link PartlyFailed} when
 * any did ("1 of 2 users not added to group ops."); nothing is printed otherwise.
 *
 * @example
 * const addUser = Resource.relateEach({
 *   name: "user", description: "Add user to group", example: "effect-openstack group add user ops alice bob",
 *   target: { noun: "group", description: "group to contain the users (name or ID)", find: findGroup },
 *   member: { noun: "user", description: "user(s) to add to the group (name or ID)", find: findUser },
 *   done: "added to",
 *   run: (conn, groupId, userId) => conn.identity.groups.addUser(groupId, userId)
 * })
 */
export const relateEach = <E1, E2, E3>(spec: {
  readonly name: string
  readonly description: string
  readonly example: string
  readonly target: Side<E1>
  readonly member: Side<E2>
  readonly done: string
  readonly run: (conn: ConnectionShape, targetId: string, memberId: string) => Effect.Effect<unknown, E3>
}) =>
  Command.make(
    spec.name,
    {
      target: Argument.String(spec.target.noun).pipe(Argument.withDescription(spec.target.description)),
      members: Argument.String(spec.member.noun).pipe(
        Argument.withDescription(spec.member.description),
        Argument.atLeast(1)
      )
    },
    (input) =>
      withConnection((conn) =>
        Effect.gen(function* () {
          const target = yield* spec.target.find(conn, input.target)
          let failed = 0
          for (const name of input.members) {
            const outcome = yield* Effect.result(
              Effect.flatMap(spec.member.find(conn, name), (member) => spec.run(conn, target.id, member.id))
            )
            if (outcome._tag === "Failure") {
              failed++
              yield* Console.error(`${name} not ${spec.done} ${spec.target.noun} ${input.target}: ${Display.failureLine(outcome.failure)}`)
            }
          }
          const of = `${failed} of ${input.members.length} ${spec.member.noun}s`
          if (failed > 0) return yield* new PartlyFailed({ message: `${of} not ${spec.done} ${spec.target.noun} ${input.target}.` })
        })
      )
  ).pipe(described(spec))
