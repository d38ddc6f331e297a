/**
 * The shapes of python-openstackclient's resource commands, declared once: `list` (columns, `--long` columns),
 * `show` (an item found by name or id, printed as the server wrote it, `links` left out as openstackclient leaves
 * them), `create` (printed as `show` prints), `set` (prints nothing) and `delete` (one or more, each reported when it
 * fails). A command family (src/cli/identity/projects.ts, …) declares its columns, its options and how to reach its
 * client; these make the commands, with the output flags, the Connection of the global options, and the typed errors.
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
import type { Definition } from "../internal/resource/declaration.ts"
import * as SdkResource from "../Resource.ts"
import * as Display from "./display.ts"
import * as Globals from "./globals.ts"

/**
 * A list's columns: header and how to read it from an item.
 *
 * @example
 * const columns: Columns<Project> = [["ID", (p) => p.id], ["Name", (p) => p.name]]
 */
export type Columns<A> = ReadonlyArray<readonly [header: string, read: (item: A) => unknown]>

/**
 * Runs `body` with the Connection the global options stand for.
 *
 * @example
 * yield* Resource.withConnection((conn) => conn.identity.projects.list())
 */
export const withConnection = <A, E>(body: (conn: ConnectionShape) => Effect.Effect<A, E>) =>
  Effect.flatMap(Globals.connection, (layer) =>
    Effect.provide(
      Effect.gen(function* () {
        return yield* body(yield* Connection)
      }),
      layer
    ))

/** A command's help: its description, and its example. */
const described = (spec: { readonly description: string, readonly example: string }) =>
  <Name extends string, Input, CI, E, R>(command: Command.Command<Name, Input, CI, E, R>) =>
    command.pipe(
      Command.withDescription(spec.description),
      Command.withExamples([{ command: spec.example, description: spec.description }])
    )

/**
 * A `list` command: the items, printed under their columns (`--long` adds the long columns).
 *
 * @example
 * const list = Resource.list({ description, example, columns, long, items: (conn) => conn.identity.projects.list() })
 */
export const list = <A, E>(spec: {
  readonly description: string
  readonly example: string
  readonly columns: Columns<A>
  readonly long?: Columns<A>
  readonly items: (conn: ConnectionShape) => Effect.Effect<ReadonlyArray<A>, E>
}) =>
  Command.make(
    "list",
    { ...Display.listFlags, long: Flag.Boolean("long").pipe(Flag.withDescription("list additional fields in output"), Flag.withDefault(false)) },
    (flags) =>
      withConnection((conn) =>
        Effect.flatMap(spec.items(conn), (items) => {
          const columns = flags.long ? [...spec.columns, ...(spec.long ?? [])] : spec.columns
          const rows = items.map((item) => columns.map(([, read]) => read(item)))
          return Display.printList(flags, columns.map(([header]) => header), rows)
        })
      )
  ).pipe(described(spec))

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

/** Prints an item as `show` prints it: as the server wrote it, without `links`. */
const printItem = <D extends Definition>(choice: Display.ShowChoice, definition: D, item: SdkResource.Item<D>) =>
  Effect.flatMap(SdkResource.toWire(definition, item), (wire) =>
    Display.printShow(choice, Object.entries(wire).filter(([key]) => key !== "links")))

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
        Effect.flatMap(spec.client(conn).find(flags.target), (item) => printItem(flags, spec.definition, item))
      )
  ).pipe(described(spec))

/**
 * The `create` command of a declared resource: `create [options] <name>`, the attributes made from the name and the
 * family's options (names of related resources resolved to ids by `attributes`), the new item printed as `show`
 * prints it.
 *
 * @example
 * const create = Resource.create({
 *   noun: "group", description: "Create new group", example: "effect-openstack group create --domain default ops",
 *   definition: Groups.Group, options: { domain: Options.text("domain", "domain to contain the new group") },
 *   attributes: (conn, name, options) => Effect.succeed({ name, domainId: "default" }),
 *   client: (conn) => conn.identity.groups
 * })
 */
export const create = <D extends Definition, const O extends Command.Command.Config, E, E2>(spec: Declared<D> & {
  readonly options: O
  readonly attributes: (
    conn: ConnectionShape,
    name: string,
    options: Command.Command.Config.InferValue<O>
  ) => Effect.Effect<SdkResource.Create<D>, E2>
  readonly client: (conn: ConnectionShape) => {
    readonly create: (attributes: SdkResource.Create<D>) => Effect.Effect<SdkResource.Item<D>, E>
  }
}) =>
  Command.make(
    "create",
    {
      output: Display.showFlags,
      options: spec.options,
      name: Argument.String("name").pipe(Argument.withDescription(`new ${spec.noun} name`))
    },
    (input) =>
      withConnection((conn) =>
        spec.attributes(conn, input.name, input.options).pipe(
          Effect.flatMap((attributes) => spec.client(conn).create(attributes)),
          Effect.flatMap((item) => printItem(input.output, spec.definition, item))
        )
      )
  ).pipe(described(spec))

/**
 * The `set` command of a declared resource: `set [options] <item>`, the item found by name or id, changed with the
 * attributes the options give (no request when they give none); nothing printed, as openstackclient prints nothing.
 *
 * @example
 * const set = Resource.set({
 *   noun: "project", description: "Set project properties", example: "effect-openstack project set --disable demo",
 *   definition: Projects.Project, options: { ...Options.enabled("project") },
 *   changes: (conn, options) => Effect.succeed(Options.enabledOf(options) === undefined ? {} : { enabled: false }),
 *   client: (conn) => conn.identity.projects
 * })
 */
export const set = <D extends Definition, const O extends Command.Command.Config, E, E2>(spec: Declared<D> & {
  readonly options: O
  readonly changes: (
    conn: ConnectionShape,
    options: Command.Command.Config.InferValue<O>
  ) => Effect.Effect<SdkResource.Update<D>, E2>
  readonly client: (conn: ConnectionShape) => Finder<D, E> & {
    readonly update: (id: string, attributes: SdkResource.Update<D>) => Effect.Effect<SdkResource.Item<D>, E>
  }
}) =>
  Command.make(
    "set",
    {
      options: spec.options,
      target: Argument.String(spec.noun).pipe(Argument.withDescription(`${spec.noun} to modify (name or ID)`))
    },
    (input) =>
      withConnection((conn) =>
        Effect.gen(function* () {
          const client = spec.client(conn)
          const item = yield* client.find(input.target)
          const changes = yield* spec.changes(conn, input.options)
          if (Object.keys(changes).length > 0) yield* client.update(idOf(item), changes)
        })
      )
  ).pipe(described(spec))

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

/** The one line of a failure, as {@link App} prints it. */
const causeOf = (error: unknown): string =>
  typeof error === "object" && error !== null && "message" in error && typeof error.message === "string"
    ? error.message
    : String(error)

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
              yield* Console.error(`Failed to delete ${spec.noun} with name or ID '${target}': ${causeOf(outcome.failure)}`)
            }
          }
          if (failed > 0) return yield* new DeleteFailed({ failed, of: input.targets.length, noun: spec.noun })
        })
      )
  ).pipe(described(spec))
