/**
 * The output options of python-openstackclient's list and show commands (cliff's `-f`, `-c`, `--sort-column`,
 * `--sort-ascending` / `--sort-descending`, `--noindent`, `--quote`) as flags, and the printing of a command's result
 * with them.
 *
 * @example
 * const list = Command.make("list", { ...Display.listFlags }, (flags) =>
 *   Display.printList(flags, ["ID", "Name"], [["1", "demo"]]))
 *
 * @module
 */
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as Predicate from "effect/Predicate"
import * as Flag from "effect/cli/Flag"
import * as Output from "./output.ts"

const formats = ["table", "json", "yaml", "value", "csv"] as const

const format = (choices: ReadonlyArray<Output.Format>) =>
  Flag.Literals("format", choices as typeof formats).pipe(
    Flag.withAlias("f"),
    Flag.withDescription("the output format"),
    Flag.withDefault("table" as const)
  )

const columns = Flag.String("column").pipe(
  Flag.withAlias("c"),
  Flag.withDescription("specify the column(s) to include, can be repeated to show multiple columns"),
  Flag.atLeast(0)
)

const common = {
  column: columns,
  noindent: Flag.Boolean("noindent").pipe(Flag.withDescription("whether to disable indenting the JSON"), Flag.withDefault(false)),
  quote: Flag.Literals("quote", ["all", "minimal", "none", "nonnumeric"] as const).pipe(
    Flag.withDescription("when to include quotes (csv)"),
    Flag.withDefault("nonnumeric" as const)
  )
}

/**
 * The flags of a list command (cliff's Lister).
 *
 * @example
 * Command.make("list", { ...Display.listFlags })
 */
export const listFlags = {
  ...common,
  format: format(formats),
  sortColumn: Flag.String("sort-column").pipe(
    Flag.withDescription("specify the column(s) to sort the data (columns specified first have a priority)"),
    Flag.atLeast(0)
  ),
  sortDescending: Flag.Boolean("sort-descending").pipe(Flag.withDescription("sort the columns in descending order"), Flag.withDefault(false))
}

/**
 * The flags of a show command (cliff's ShowOne): no csv, no sorting.
 *
 * @example
 * Command.make("show", { ...Display.showFlags })
 */
export const showFlags = { ...common, format: format(["table", "json", "yaml", "value"]) }

/** What the list flags hold once parsed. */
export interface ListChoice {
  readonly format: Output.Format
  readonly column: ReadonlyArray<string>
  readonly noindent: boolean
  readonly quote: Output.DisplayOptions["quote"]
  readonly sortColumn: ReadonlyArray<string>
  readonly sortDescending: boolean
}

/** What the show flags hold once parsed. */
export type ShowChoice = Omit<ListChoice, "sortColumn" | "sortDescending">

const optionsOf = (choice: ShowChoice & Partial<ListChoice>): Output.DisplayOptions => ({
  format: choice.format,
  columns: choice.column,
  sortColumns: choice.sortColumn ?? [],
  sortAscending: choice.sortDescending !== true,
  noindent: choice.noindent,
  quote: choice.quote
})

const print = (text: string) => (text === "" ? Effect.void : Console.log(text.replace(/\n$/, "")))

/**
 * Prints rows under their column headers as the flags say (`table` by default).
 *
 * @example
 * yield* Display.printList(flags, ["ID", "Name"], projects.map((p) => [p.id, p.name]))
 */
export const printList = (
  choice: ListChoice,
  headers: ReadonlyArray<string>,
  rows: ReadonlyArray<ReadonlyArray<unknown>>
): Effect.Effect<void, Output.OutputError> =>
  Effect.flatMap(Output.renderList(headers, rows, optionsOf(choice)), print)

/**
 * Prints one item's fields (name, value) as the flags say (a Field / Value table by default).
 *
 * @example
 * yield* Display.printShow(flags, [["id", project.id], ["name", project.name]])
 */
export const printShow = (
  choice: ShowChoice,
  fields: ReadonlyArray<readonly [string, unknown]>
): Effect.Effect<void, Output.OutputError> =>
  Effect.flatMap(Output.renderShow(fields, optionsOf(choice)), print)

/**
 * The one line that tells what failed: the typed error's message (which never holds a secret), else the value as text.
 *
 * @example
 * Display.failureLine(new NotFound({ … })) // "no project has the id or the name \"x\""
 */
export const failureLine = (error: unknown): string =>
  Predicate.hasProperty(error, "message") && typeof error.message === "string" && error.message !== ""
    ? error.message
    : String(error)
