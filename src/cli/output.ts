/**
 * A command's result printed as python-openstackclient prints it: cliff's formatters (`table`, `json`, `yaml`, `value`,
 * `csv`), its column selection (`-c`) and sorting (`--sort-column`, `--sort-descending`), byte for byte where the
 * reference (cliff 4.0, prettytable 3.6, Python 3.11's `json` and `csv`) allows it.
 *
 * Each function returns the whole text cliff writes to stdout, final newline included (an empty `table` is `"\n"`,
 * an empty `value` list is `""`).
 *
 * How a value prints (openstackclient wraps lists and dicts in osc_lib's `ListColumn` / `DictColumn` /
 * `ListDictColumn`; the table shows their human-readable form, `value` and `csv` Python's `str()` of the raw value):
 *
 * | value                    | table                                        | value, csv                 | json, yaml |
 * |--------------------------|----------------------------------------------|----------------------------|------------|
 * | `"x"`                    | `x` (`\r\n` → line break, `\r` → space)      | `x`                        | `"x"`      |
 * | `1`, `1.5`, `1e-7`       | `1`, `1.5`, `1e-07` (right-aligned, below)   | the same (csv: unquoted)   | numbers    |
 * | `true`                   | `True`                                       | `True` (csv: unquoted)     | `true`     |
 * | `null`, `undefined`      | `None`                                       | `None` (csv: empty field)  | `null`     |
 * | `["b", "a"]`             | `a, b` (sorted)                              | `['b', 'a']`               | a list     |
 * | `{ b: 1, a: "x" }`       | `a='x', b='1'` (sorted; nested keys dotted)  | `{'b': 1, 'a': 'x'}`       | a mapping  |
 * | `[{ p: 80 }, { p: 22 }]` | one `p='80'` line per item                   | `[{'p': 80}, {'p': 22}]`   | a list     |
 * | `[1, "a"]` (other lists) | `[1, 'a']` (Python's repr)                   | `[1, 'a']`                 | a list     |
 *
 * A list's table right-aligns a column (header included) whose first row holds a number, as cliff does; a show
 * table is all left-aligned. A row shorter than the columns is padded with `None`.
 *
 * Limits, all of them what a JavaScript value cannot say: a whole number prints as a Python int (`1`, where Python
 * prints `1.0` for a float the API sent as `1.0`); a dict's integer-like keys come first (a JavaScript object's own
 * order; PyYAML sorts anyway); a `Date` prints as its ISO string (pass the API's own string to print what
 * openstackclient prints). Cell widths are terminal cells (`CliOutput.displayWidth`, which agrees with Python's
 * `wcwidth` on CJK, emoji and combining marks; a control character, a tab included, makes a line count -1 as in
 * wcwidth). `--max-width` / `--fit-width` (prettytable's word wrapping) and the `shell` format are not offered. YAML is
 * written by the `yaml` package (imported only when asked for) set up as close to PyYAML's `safe_dump` as it goes
 * (YAML 1.1 quoting, sorted keys, sequences not indented, single quotes, 80 columns): the same documents, and the same
 * bytes for ASCII one-line strings, but non-ASCII text stays UTF-8 (PyYAML writes `"\u65E5"`), multi-line strings are
 * block scalars (PyYAML folds them in quotes), `y` / `n` / `1e3` are quoted and `1e-07` prints `1e-7`.
 *
 * @example
 * import { Effect } from "effect"
 * import * as Output from "./output.ts"
 *
 * const text = Effect.runSync(Output.renderList(["ID", "Name"], [["1", "demo"]], Output.defaultOptions))
 * // +----+------+
 * // | ID | Name |
 * // +----+------+
 * // | 1  | demo |
 * // +----+------+
 *
 * @module
 */
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import { displayWidth } from "effect/cli/CliOutput"
import type * as YamlModule from "yaml"

// ---------------------------------------------------------------------------------------------------------------------
// The public surface
// ---------------------------------------------------------------------------------------------------------------------

/**
 * An output format (`-f`): cliff's `table` (the default), `json`, `yaml`, `value` and `csv` (lists only).
 *
 * @example
 * const format: Output.Format = "json"
 */
export type Format = "table" | "json" | "yaml" | "value" | "csv"

/**
 * When csv fields are quoted (`--quote`), as Python's `csv.QUOTE_*`: `nonnumeric` (the default: everything but numbers
 * and booleans), `all`, `minimal` (only fields holding `,`, `"` or a line break) and `none` (those characters escaped
 * with a backslash).
 *
 * @example
 * const quote: Output.Quote = "minimal"
 */
export type Quote = "all" | "minimal" | "none" | "nonnumeric"

/**
 * The output options of a list or show command, as cliff's flags set them.
 *
 * - `columns` (`-c`, repeatable): the columns to keep; they keep the command's own order, not the order given.
 * - `sortColumns` (`--sort-column`, repeatable; lists only): the first has priority; unknown names are ignored.
 * - `sortAscending`: false for `--sort-descending`.
 * - `noindent` (`--noindent`): one-line JSON.
 * - `quote` (`--quote`): csv quoting.
 * - `printEmpty` (`--print-empty`; lists, table only): the header of an empty table rather than a blank line.
 *
 * @example
 * const options: Output.DisplayOptions = { ...Output.defaultOptions, format: "value", columns: ["ID"] }
 */
export interface DisplayOptions {
  readonly format: Format
  readonly columns: ReadonlyArray<string>
  readonly sortColumns: ReadonlyArray<string>
  readonly sortAscending: boolean
  readonly noindent: boolean
  readonly quote: Quote
  readonly printEmpty?: boolean
}

/**
 * The options of a command given no output flag: a table of every column, unsorted.
 *
 * @example
 * Output.renderShow([["name", "demo"]], Output.defaultOptions)
 */
export const defaultOptions: DisplayOptions = {
  format: "table",
  columns: [],
  sortColumns: [],
  sortAscending: true,
  noindent: false,
  quote: "nonnumeric"
}

/**
 * Output that cannot be produced, with cliff's own message: a `-c` naming no known column ("No recognized column
 * names in ['Nope']. Recognized columns are ('ID', 'Name')."), `csv` asked of a show command, or a csv record of one
 * empty field with `--quote none`.
 *
 * @example
 * Output.renderList(["ID"], [], { ...Output.defaultOptions, columns: ["Nope"] }).pipe(
 *   Effect.catchTag("OutputError", (error) => Console.error(error.message)))
 */
export class OutputError extends Schema.TaggedError<OutputError>()("OutputError", {
  /** What went wrong, worded as cliff words it. */
  message: Schema.String
}) {}

/**
 * The text of a list (cliff's Lister): rows sorted by `sortColumns`, then the `columns` kept, then formatted.
 *
 * @example
 * const csv = yield* Output.renderList(["ID", "Name"], [["2", "b"], ["1", "a"]],
 *   { ...Output.defaultOptions, format: "csv", sortColumns: ["ID"] })
 * // "ID","Name"\n"1","a"\n"2","b"\n
 */
export const renderList = (
  columns: ReadonlyArray<string>,
  rows: ReadonlyArray<ReadonlyArray<unknown>>,
  options: DisplayOptions
): Effect.Effect<string, OutputError> =>
  Effect.gen(function* () {
    const values = rows.map((row) => columns.map((_, index) => normalize(row[index])))
    const sorted = yield* sortRows(columns, values, options)
    const kept = yield* selectColumns(columns, options.columns)
    const names = kept.map((index) => columns[index] ?? "")
    const data = sorted.map((row) => kept.map((index) => row[index] ?? null))
    return yield* emitList(names, data, options)
  })

/**
 * The text of one item (cliff's ShowOne): its fields sorted by name (openstackclient sorts the item's keys), the
 * `columns` kept, then formatted; the table has the headers `Field` and `Value`. `csv` is not a show format: it fails.
 *
 * @example
 * const options = { ...Output.defaultOptions, format: "value" as const }
 * const text = yield* Output.renderShow([["name", "demo"], ["enabled", true]], options)
 * // True\ndemo\n
 */
export const renderShow = (
  fields: ReadonlyArray<readonly [string, unknown]>,
  options: DisplayOptions
): Effect.Effect<string, OutputError> =>
  Effect.gen(function* () {
    if (options.format === "csv") return yield* Effect.fail(csvOfShow())
    const sorted = [...fields].sort(([a], [b]) => compareCodePoints(a, b))
    const names = sorted.map(([name]) => name)
    const kept = yield* selectColumns(names, options.columns)
    const chosen = kept.map((index): readonly [string, Value] => [names[index] ?? "", normalize(sorted[index]?.[1])])
    return yield* emitShow(chosen, options)
  })

// ---------------------------------------------------------------------------------------------------------------------
// Values: what a Python dict from the API would hold
// ---------------------------------------------------------------------------------------------------------------------

/** A value as Python holds it once decoded from JSON; a dict keeps its keys in order (integer-like ones too). */
type Value = null | boolean | number | string | ReadonlyArray<Value> | Dict

/** A Python dict: its entries in insertion order. */
interface Dict {
  readonly entries: ReadonlyArray<readonly [string, Value]>
}

const isList = (value: Value): value is ReadonlyArray<Value> => Array.isArray(value)

const isDict = (value: Value): value is Dict => typeof value === "object" && value !== null && !isList(value)

/** Any JavaScript value as a {@link Value}: `undefined` is `None`, a `Date` its ISO string, an object its entries. */
const normalize = (value: unknown): Value => {
  if (value === null || value === undefined) return null
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value
  if (typeof value === "bigint") return Number(value)
  if (Array.isArray(value)) return value.map(normalize)
  if (value instanceof Date) return value.toISOString()
  if (typeof value === "object") {
    return { entries: Object.entries(value).map(([key, item]): readonly [string, Value] => [key, normalize(item)]) }
  }
  return String(value)
}

/** Python's string order: by code point (JavaScript's `<` compares UTF-16 code units). */
const compareCodePoints = (a: string, b: string): number => {
  const left = Array.from(a, (ch) => ch.codePointAt(0) ?? 0)
  const right = Array.from(b, (ch) => ch.codePointAt(0) ?? 0)
  for (let index = 0; index < Math.min(left.length, right.length); index++) {
    const difference = (left[index] ?? 0) - (right[index] ?? 0)
    if (difference !== 0) return difference
  }
  return left.length - right.length
}

const sortedEntries = (dict: Dict): ReadonlyArray<readonly [string, Value]> =>
  [...dict.entries].sort(([a], [b]) => compareCodePoints(a, b))

// ---------------------------------------------------------------------------------------------------------------------
// Python's str() and repr()
// ---------------------------------------------------------------------------------------------------------------------

/** `repr(float)`: the shortest round-trip digits, in exponent form below 1e-4 and from 1e16 (`1e-07`, `1.5e+16`). */
const pyFloat = (value: number): string => {
  const [mantissa = "", exponentText = "0"] = value.toExponential().split("e")
  const exponent = Number(exponentText)
  if (exponent >= -4 && exponent < 16) return String(value)
  return `${mantissa}e${exponent < 0 ? "-" : "+"}${String(Math.abs(exponent)).padStart(2, "0")}`
}

/** `str()` of a number: a whole number as a Python int (every digit), anything else as a float. */
const pyNumber = (value: number): string => {
  if (Number.isNaN(value)) return "nan"
  if (!Number.isFinite(value)) return value > 0 ? "inf" : "-inf"
  return Number.isInteger(value) ? BigInt(value).toString() : pyFloat(value)
}

/** Python's `str.isprintable()` for one code point: not a control, format, surrogate, private, unassigned or space. */
const unprintable = /^[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]$/u

const reprEscapes: Record<string, string> = { "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t" }

/** An unprintable code point as `repr` writes it: `\x07`, `\u2028`, `\U000e0001`. */
const reprEscape = (code: number): string => {
  const hex = code.toString(16)
  if (code < 0x100) return `\\x${hex.padStart(2, "0")}`
  return code < 0x10000 ? `\\u${hex.padStart(4, "0")}` : `\\U${hex.padStart(8, "0")}`
}

/** `repr(str)`: single quotes unless the text holds `'` and no `"`; unprintable characters as `\xNN` / `\uNNNN`. */
const pyReprString = (text: string): string => {
  const quote = text.includes("'") && !text.includes("\"") ? "\"" : "'"
  let body = ""
  for (const ch of text) {
    const escape = reprEscapes[ch]
    if (escape !== undefined) body += escape
    else if (ch === quote) body += `\\${ch}`
    else if (ch !== " " && unprintable.test(ch)) body += reprEscape(ch.codePointAt(0) ?? 0)
    else body += ch
  }
  return `${quote}${body}${quote}`
}

/** Python's `repr()` of a value: `'a'`, `True`, `None`, `[1, 'a']`, `{'k': 'v'}`. */
const pyRepr = (value: Value): string => {
  if (typeof value === "string") return pyReprString(value)
  if (isList(value)) return `[${value.map(pyRepr).join(", ")}]`
  if (isDict(value)) {
    return `{${value.entries.map(([key, item]) => `${pyReprString(key)}: ${pyRepr(item)}`).join(", ")}}`
  }
  return pyStr(value)
}

/** Python's `str()` of a value: a string as itself, the rest as {@link pyRepr}. */
const pyStr = (value: Value): string => {
  if (value === null) return "None"
  if (typeof value === "boolean") return value ? "True" : "False"
  if (typeof value === "number") return pyNumber(value)
  if (typeof value === "string") return value
  return pyRepr(value)
}

/** `str()` of a tuple of strings, as cliff names the columns: `('ID', 'Name')`, `('ID',)`, `()`. */
const pyTuple = (items: ReadonlyArray<string>): string =>
  items.length === 1 ? `(${pyReprString(items[0] ?? "")},)` : `(${items.map(pyReprString).join(", ")})`

// ---------------------------------------------------------------------------------------------------------------------
// osc_lib's human-readable forms (the table)
// ---------------------------------------------------------------------------------------------------------------------

/** osc_lib's `format_dict`: `a='1', b.c='2', d=` with sorted keys, nested dicts flattened with dotted keys. */
const formatDict = (dict: Dict, prefix?: string): string => {
  let output = ""
  for (const [name, item] of sortedEntries(dict)) {
    const key = prefix === undefined || prefix === "" ? name : `${prefix}.${name}`
    if (isDict(item)) output += `${formatDict(item, key)}, `
    else if (item !== null) output += `${key}='${pyStr(item)}', `
    else output += `${key}=, `
  }
  return output.slice(0, -2)
}

/**
 * A value as the table shows it: a list of strings as osc_lib's `ListColumn` (sorted, joined by `, `), a list of
 * dicts as `ListDictColumn` (one `format_dict` line each), a dict as `DictColumn`, any other list as Python's repr.
 */
const humanReadable = (value: Value): string => {
  if (isDict(value)) return formatDict(value)
  if (isList(value)) {
    if (value.every((item) => typeof item === "string")) return [...value].sort(compareCodePoints).join(", ")
    if (value.every(isDict)) return value.map((item) => formatDict(item)).join("\n")
  }
  return pyStr(value)
}

/** cliff's `_format_row` on a cell: `\r\n` becomes a line break and a lone `\r` a space. */
const tableCell = (value: Value): string => humanReadable(value).replace(/\r\n/g, "\n").replace(/\r/g, " ")

// ---------------------------------------------------------------------------------------------------------------------
// Sorting and column selection (cliff's Lister and DisplayCommandBase)
// ---------------------------------------------------------------------------------------------------------------------

const isNumeric = (value: Value): value is number | boolean => typeof value === "number" || typeof value === "boolean"

/** Python's `==` between two values (`1 == True`; dicts regardless of key order). */
const pyEquals = (a: Value, b: Value): boolean => {
  if (isNumeric(a) && isNumeric(b)) return Number(a) === Number(b)
  if (isList(a) && isList(b)) return a.length === b.length && a.every((item, index) => pyEquals(item, b[index] ?? null))
  if (isDict(a) && isDict(b)) {
    const other = new Map(b.entries)
    return a.entries.length === other.size
      && a.entries.every(([key, item]) => other.has(key) && pyEquals(item, other.get(key) ?? null))
  }
  return a === b
}

/** Python's ordering of two values, or `undefined` where Python raises TypeError (`'a' < 1`, dict < dict). */
const pyCompare = (a: Value, b: Value): number | undefined => {
  if (pyEquals(a, b)) return 0
  if (isNumeric(a) && isNumeric(b)) return Number(a) < Number(b) ? -1 : 1
  if (typeof a === "string" && typeof b === "string") return compareCodePoints(a, b)
  if (isList(a) && isList(b)) {
    const index = a.findIndex((item, at) => at < b.length && !pyEquals(item, b[at] ?? null))
    return index >= 0 ? pyCompare(a[index] ?? null, b[index] ?? null) : a.length - b.length
  }
  return undefined
}

/** One stable sort on one column by cliff's key `(value is None, value)`, or `undefined` where Python raises. */
const sortOn = (
  rows: ReadonlyArray<ReadonlyArray<Value>>,
  index: number,
  ascending: boolean
): ReadonlyArray<ReadonlyArray<Value>> | undefined => {
  let failed = false
  const sign = ascending ? 1 : -1
  const sorted = [...rows].sort((left, right) => {
    const a = left[index] ?? null
    const b = right[index] ?? null
    if (a === null || b === null) return a === b ? 0 : (a === null ? 1 : -1) * sign
    const order = pyCompare(a, b)
    if (order === undefined) failed = true
    return (order ?? 0) * sign
  })
  return failed ? undefined : sorted
}

/**
 * cliff's sort: one stable sort per known sort column, the last first, so the first has priority; a column whose
 * values Python cannot order is skipped with cliff's warning.
 */
const sortRows = (
  columns: ReadonlyArray<string>,
  rows: ReadonlyArray<ReadonlyArray<Value>>,
  options: DisplayOptions
): Effect.Effect<ReadonlyArray<ReadonlyArray<Value>>> =>
  Effect.gen(function* () {
    const indexes = options.sortColumns.map((name) => columns.indexOf(name)).filter((index) => index >= 0)
    let data = rows
    for (const index of [...indexes].reverse()) {
      const sorted = sortOn(data, index, options.sortAscending)
      if (sorted === undefined) yield* Effect.logWarning(`Could not sort on field '${columns[index]}'; unsortable types`)
      else data = sorted
    }
    return data
  })

/** The indexes of the columns `-c` keeps, in the command's own order; none known fails with cliff's message. */
const selectColumns = (
  columns: ReadonlyArray<string>,
  wanted: ReadonlyArray<string>
): Effect.Effect<ReadonlyArray<number>, OutputError> => {
  if (wanted.length === 0) return Effect.succeed(columns.map((_, index) => index))
  const kept = columns.flatMap((name, index) => (wanted.includes(name) ? [index] : []))
  if (kept.length > 0) return Effect.succeed(kept)
  return Effect.fail(new OutputError({
    message: `No recognized column names in [${wanted.map(pyReprString).join(", ")}]. `
      + `Recognized columns are ${pyTuple(columns)}.`
  }))
}

// ---------------------------------------------------------------------------------------------------------------------
// The formatters
// ---------------------------------------------------------------------------------------------------------------------

const emitList = (
  names: ReadonlyArray<string>,
  rows: ReadonlyArray<ReadonlyArray<Value>>,
  options: DisplayOptions
): Effect.Effect<string, OutputError> => {
  switch (options.format) {
    case "table": {
      const align = names.map((_, index): Align => (typeof rows[0]?.[index] === "number" ? "r" : "l"))
      const cells = rows.map((row) => row.map(tableCell))
      return Effect.succeed(`${prettyTable(names, cells, align, options.printEmpty === true)}\n`)
    }
    case "value":
      return Effect.succeed(rows.map((row) => `${row.map(pyStr).join(" ")}\n`).join(""))
    case "json":
      return Effect.succeed(`${pyJson(rows.map((row) => record(names, row)), options.noindent ? undefined : 2, 1)}\n`)
    case "yaml":
      return Effect.map(loadYaml, (YAML) => YAML.stringify(rows.map((row) => toJs(record(names, row))), yamlOptions))
    case "csv":
      return csvDocument(names, rows, options.quote)
  }
}

const emitShow = (
  fields: ReadonlyArray<readonly [string, Value]>,
  options: DisplayOptions
): Effect.Effect<string, OutputError> => {
  switch (options.format) {
    case "table": {
      const cells = fields.map(([name, value]) => [tableCell(name), tableCell(value)])
      return Effect.succeed(`${prettyTable(["Field", "Value"], cells, ["l", "l"], false)}\n`)
    }
    case "value":
      return Effect.succeed(fields.map(([, value]) => `${pyStr(value)}\n`).join(""))
    case "json":
      return Effect.succeed(`${pyJson({ entries: fields }, options.noindent ? undefined : 2, 1)}\n`)
    case "yaml":
      return Effect.map(loadYaml, (YAML) =>
        fields.map((field) => YAML.stringify(toJs({ entries: [field] }), yamlOptions)).join(""))
    case "csv":
      return Effect.fail(csvOfShow())
  }
}

/** What argparse says of `-f csv` on a show command (csv is a list format only). */
const csvOfShow = (): OutputError =>
  new OutputError({ message: "argument -f/--format: invalid choice: 'csv' (choose from 'json', 'table', 'value', 'yaml')" })

/** A row as the dict cliff builds for json and yaml (`zip(column_names, row)`). */
const record = (names: ReadonlyArray<string>, row: ReadonlyArray<Value>): Dict => ({
  entries: names.map((name, index): readonly [string, Value] => [name, row[index] ?? null])
})

// ---------------------------------------------------------------------------------------------------------------------
// table: prettytable
// ---------------------------------------------------------------------------------------------------------------------

type Align = "l" | "r"

const ansiStyle = /\u001b\[[0-9;]*m|\u001b\(B/g

const controlCharacter = /[\u0001-\u001f\u007f-\u009f]/

/**
 * prettytable's width of a line, Python's `wcwidth.wcswidth` once the ANSI styles are removed: the terminal cells it
 * takes, or -1 when it holds a control character (a tab included), which pads such a line one space more.
 */
const cellWidth = (line: string): number => {
  const visible = line.replace(ansiStyle, "")
  return controlCharacter.test(visible) ? -1 : displayWidth(visible)
}

const widthOf = (lines: ReadonlyArray<string>): number => Math.max(0, ...lines.map(cellWidth))

const justify = (text: string, width: number, align: Align): string => {
  const padding = " ".repeat(Math.max(0, width - cellWidth(text)))
  return align === "r" ? `${padding}${text}` : `${text}${padding}`
}

/**
 * prettytable's `get_string()` with cliff's settings: one space of padding, `+---+` borders, the header aligned as
 * its column, a multi-line cell on as many lines as it needs (the others padded below); no rows and no `printEmpty`
 * is the empty string.
 */
const prettyTable = (
  headers: ReadonlyArray<string>,
  rows: ReadonlyArray<ReadonlyArray<string>>,
  align: ReadonlyArray<Align>,
  printEmpty: boolean
): string => {
  if (rows.length === 0 && !printEmpty) return ""
  const cells = rows.map((row) => row.map((cell) => cell.split("\n")))
  const widths = headers.map((header, index) =>
    Math.max(cellWidth(header), ...cells.map((row) => widthOf(row[index] ?? []))))
  const border = `+${widths.map((width) => "-".repeat(width + 2)).join("+")}+`
  const line = (texts: ReadonlyArray<string>): string =>
    `| ${texts.map((text, index) => justify(text, widths[index] ?? 0, align[index] ?? "l")).join(" | ")} |`
  const body = cells.flatMap((row) => {
    const height = Math.max(1, ...row.map((lines) => lines.length))
    return Array.from({ length: height }, (_, at) => line(row.map((lines) => lines[at] ?? "")))
  })
  return [border, line(headers), border, ...body, border].join("\n")
}

// ---------------------------------------------------------------------------------------------------------------------
// json: Python's json.dumps (ensure_ascii, indent=2 or none)
// ---------------------------------------------------------------------------------------------------------------------

const jsonEscapes: Record<string, string> = {
  "\"": "\\\"", "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"
}

/** A JSON string as Python writes it: everything outside printable ASCII as `\uXXXX` (astral: a surrogate pair). */
const jsonString = (text: string): string => {
  const escaped = text.replace(/[\\"]|[^ -~]/g, (ch) =>
    jsonEscapes[ch] ?? `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`)
  return `"${escaped}"`
}

const jsonNumber = (value: number): string =>
  Number.isNaN(value) ? "NaN" : Number.isFinite(value) ? pyNumber(value) : value > 0 ? "Infinity" : "-Infinity"

/** `json.dumps(value, indent=indent)`: `[]` / `{}` when empty, `,` at line ends when indented, `, ` when not. */
const pyJson = (value: Value, indent: number | undefined, level: number): string => {
  if (value === null) return "null"
  if (typeof value === "boolean") return value ? "true" : "false"
  if (typeof value === "number") return jsonNumber(value)
  if (typeof value === "string") return jsonString(value)
  const items = isList(value)
    ? value.map((item) => pyJson(item, indent, level + 1))
    : value.entries.map(([key, item]) => `${jsonString(key)}: ${pyJson(item, indent, level + 1)}`)
  const [open, close] = isList(value) ? ["[", "]"] : ["{", "}"]
  if (items.length === 0) return `${open}${close}`
  if (indent === undefined) return `${open}${items.join(", ")}${close}`
  const inner = `\n${" ".repeat(indent * level)}`
  return `${open}${inner}${items.join(`,${inner}`)}\n${" ".repeat(indent * (level - 1))}${close}`
}

// ---------------------------------------------------------------------------------------------------------------------
// yaml: the yaml package, set up like PyYAML's safe_dump(default_flow_style=False)
// ---------------------------------------------------------------------------------------------------------------------

/** The `yaml` package, imported on first use only (it stays off the start path of every other format). */
// `default`: the package's CommonJS exports, under Node's ESM and in a bundle's chunk alike (a chunk has no others).
const loadYaml: Effect.Effect<(typeof YamlModule)["default"]> = Effect.promise(() => import("yaml").then((module) => module.default))

const yamlOptions = {
  version: "1.1",
  sortMapEntries: true,
  indentSeq: false,
  singleQuote: true,
  lineWidth: 80,
  minContentWidth: 0,
  nullStr: "null",
  trueStr: "true",
  falseStr: "false"
} as const

/** A value as the yaml package takes it: plain arrays and objects (a `Map` would be written as a YAML 1.1 `!!omap`). */
const toJs = (value: Value): unknown => {
  if (isList(value)) return value.map(toJs)
  if (isDict(value)) return Object.fromEntries(value.entries.map(([key, item]) => [key, toJs(item)]))
  return value
}

// ---------------------------------------------------------------------------------------------------------------------
// csv: Python's csv.writer(quoting=…, lineterminator=os.linesep, escapechar="\\")
// ---------------------------------------------------------------------------------------------------------------------

/** A field as cliff hands it to csv: its text, and whether Python's csv counts it a number (bool included). */
const csvInput = (value: Value): { readonly text: string, readonly numeric: boolean } =>
  value === null ? { text: "", numeric: false } : { text: pyStr(value), numeric: isNumeric(value) }

/**
 * One field as CPython 3.11's writer writes it: `\` always escaped; `"` doubled (escaped with `none`); `,` and a
 * line feed make the field quoted (escaped with `none`); a carriage return is written as it is.
 */
const csvField = (value: Value, quote: Quote): string => {
  const { numeric, text } = csvInput(value)
  let quoted = quote === "all" || (quote === "nonnumeric" && !numeric)
  let body = ""
  for (const ch of text) {
    if (ch === "\\") body += "\\\\"
    else if (ch === "\"" || ch === "," || ch === "\n") {
      if (quote === "none") body += `\\${ch}`
      else {
        body += ch === "\"" ? "\"\"" : ch
        quoted = true
      }
    } else body += ch
  }
  return quoted ? `"${body}"` : body
}

/** A record: its fields joined by `,`; a record of one empty field is `""` (an error with `none`, as in Python). */
const csvRecord = (values: ReadonlyArray<Value>, quote: Quote): string | undefined => {
  const line = values.map((value) => csvField(value, quote)).join(",")
  if (line !== "" || values.length === 0) return `${line}\n`
  return quote === "none" ? undefined : "\"\"\n"
}

const csvDocument = (
  names: ReadonlyArray<string>,
  rows: ReadonlyArray<ReadonlyArray<Value>>,
  quote: Quote
): Effect.Effect<string, OutputError> => {
  const records = [names, ...rows].map((values) => csvRecord(values, quote))
  return records.every((line) => line !== undefined)
    ? Effect.succeed(records.join(""))
    : Effect.fail(new OutputError({ message: "single empty field record must be quoted" }))
}
