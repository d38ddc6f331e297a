/**
 * The shapes of python-openstackclient's resource commands, declared once: `list` (columns, `--long` columns) and
 * `show` (an item found by name or id, printed as the server wrote it, `links` left out as openstackclient leaves
 * them). A command family (src/cli/identity/projects.ts, …) declares its columns and how to reach its client; these
 * make the commands, with the output flags, the Connection of the global options, and the typed errors.
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
        Effect.flatMap(spec.client(conn).find(flags.target), (item) =>
          Effect.flatMap(SdkResource.toWire(spec.definition, item), (wire) =>
            Display.printShow(flags, Object.entries(wire).filter(([key]) => key !== "links"))))
      )
  ).pipe(described(spec))
