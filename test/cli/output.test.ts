/**
 * The output of the CLI against cliff's own: every expected string below was printed by cliff 4.0.0's formatters
 * (prettytable 3.6, Python 3.11's json and csv, PyYAML 6.0), driven through cliff's Lister / ShowOne `produce_output`
 * with osc_lib's ListColumn / DictColumn / ListDictColumn around lists and dicts, as openstackclient does.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import * as Output from "../../src/cli/output.ts"

/** Lines as a formatter writes them, each ending with a line feed. */
const lines = (...text: ReadonlyArray<string>): string => `${text.join("\n")}\n`

const options = (overrides: Partial<Output.DisplayOptions>): Output.DisplayOptions => ({
  ...Output.defaultOptions,
  ...overrides
})

const list = (
  columns: ReadonlyArray<string>,
  rows: ReadonlyArray<ReadonlyArray<unknown>>,
  overrides: Partial<Output.DisplayOptions> = {}
) => Output.renderList(columns, rows, options(overrides))

const show = (fields: ReadonlyArray<readonly [string, unknown]>, overrides: Partial<Output.DisplayOptions> = {}) =>
  Output.renderShow(fields, options(overrides))

const projectColumns = ["ID", "Name", "Enabled", "Size", "Tags", "Properties", "Description"]
const projectRows = [
  ["p1", "demo", true, 10, ["b", "a"], { z: 1, a: "x" }, null],
  ["p2", "ops", false, 1.5, [], {}, "CI project"]
]
const projectFields: ReadonlyArray<readonly [string, unknown]> = [
  ["name", "demo"],
  ["id", "p1"],
  ["enabled", true],
  ["tags", ["b", "a"]],
  ["options", {}],
  ["parent_id", null],
  ["size", 2]
]

describe("renderList: every format", () => {
  it.effect("table: left-aligned, numbers right-aligned, True/None, ListColumn and DictColumn", () =>
    Effect.gen(function* () {
      assert.strictEqual(yield* list(projectColumns, projectRows), lines(
        "+----+------+---------+------+------+--------------+-------------+",
        "| ID | Name | Enabled | Size | Tags | Properties   | Description |",
        "+----+------+---------+------+------+--------------+-------------+",
        "| p1 | demo | True    |   10 | a, b | a='x', z='1' | None        |",
        "| p2 | ops  | False   |  1.5 |      |              | CI project  |",
        "+----+------+---------+------+------+--------------+-------------+"))
    }))

  it.effect("json: json.dumps(indent=2), keys in column order", () =>
    Effect.gen(function* () {
      assert.strictEqual(yield* list(projectColumns, projectRows, { format: "json" }), lines(
        "[",
        "  {",
        "    \"ID\": \"p1\",",
        "    \"Name\": \"demo\",",
        "    \"Enabled\": true,",
        "    \"Size\": 10,",
        "    \"Tags\": [",
        "      \"b\",",
        "      \"a\"",
        "    ],",
        "    \"Properties\": {",
        "      \"z\": 1,",
        "      \"a\": \"x\"",
        "    },",
        "    \"Description\": null",
        "  },",
        "  {",
        "    \"ID\": \"p2\",",
        "    \"Name\": \"ops\",",
        "    \"Enabled\": false,",
        "    \"Size\": 1.5,",
        "    \"Tags\": [],",
        "    \"Properties\": {},",
        "    \"Description\": \"CI project\"",
        "  }",
        "]"))
    }))

  it.effect("json --noindent: one line, `, ` and `: ` separators", () =>
    Effect.gen(function* () {
      assert.strictEqual(
        yield* list(projectColumns, projectRows, { format: "json", noindent: true }),
        "[{\"ID\": \"p1\", \"Name\": \"demo\", \"Enabled\": true, \"Size\": 10, \"Tags\": [\"b\", \"a\"], \"Properties\": {\"z\": 1, \"a\": \"x\"}, \"Description\": null}, {\"ID\": \"p2\", \"Name\": \"ops\", \"Enabled\": false, \"Size\": 1.5, \"Tags\": [], \"Properties\": {}, \"Description\": \"CI project\"}]\n"
      )
    }))

  it.effect("yaml: safe_dump(default_flow_style=False): sorted keys, sequences not indented", () =>
    Effect.gen(function* () {
      assert.strictEqual(yield* list(projectColumns, projectRows, { format: "yaml" }), lines(
        "- Description: null",
        "  Enabled: true",
        "  ID: p1",
        "  Name: demo",
        "  Properties:",
        "    a: x",
        "    z: 1",
        "  Size: 10",
        "  Tags:",
        "  - b",
        "  - a",
        "- Description: CI project",
        "  Enabled: false",
        "  ID: p2",
        "  Name: ops",
        "  Properties: {}",
        "  Size: 1.5",
        "  Tags: []"))
    }))

  it.effect("value: values joined by a space, lists and dicts as Python's str()", () =>
    Effect.gen(function* () {
      assert.strictEqual(yield* list(projectColumns, projectRows, { format: "value" }), lines(
        "p1 demo True 10 ['b', 'a'] {'z': 1, 'a': 'x'} None",
        "p2 ops False 1.5 [] {} CI project"))
    }))

  it.effect("csv: QUOTE_NONNUMERIC by default (numbers and booleans bare, None an empty quoted field), \\n", () =>
    Effect.gen(function* () {
      assert.strictEqual(yield* list(projectColumns, projectRows, { format: "csv" }), lines(
        "\"ID\",\"Name\",\"Enabled\",\"Size\",\"Tags\",\"Properties\",\"Description\"",
        "\"p1\",\"demo\",True,10,\"['b', 'a']\",\"{'z': 1, 'a': 'x'}\",\"\"",
        "\"p2\",\"ops\",False,1.5,\"[]\",\"{}\",\"CI project\""))
    }))
})

describe("renderShow: every format, fields sorted by name", () => {
  it.effect("table: Field / Value, all left-aligned", () =>
    Effect.gen(function* () {
      assert.strictEqual(yield* show(projectFields), lines(
        "+-----------+-------+",
        "| Field     | Value |",
        "+-----------+-------+",
        "| enabled   | True  |",
        "| id        | p1    |",
        "| name      | demo  |",
        "| options   |       |",
        "| parent_id | None  |",
        "| size      | 2     |",
        "| tags      | a, b  |",
        "+-----------+-------+"))
    }))

  it.effect("json, indented and not", () =>
    Effect.gen(function* () {
      assert.strictEqual(yield* show(projectFields, { format: "json" }), lines(
        "{",
        "  \"enabled\": true,",
        "  \"id\": \"p1\",",
        "  \"name\": \"demo\",",
        "  \"options\": {},",
        "  \"parent_id\": null,",
        "  \"size\": 2,",
        "  \"tags\": [",
        "    \"b\",",
        "    \"a\"",
        "  ]",
        "}"))
      assert.strictEqual(
        yield* show(projectFields, { format: "json", noindent: true }),
        "{\"enabled\": true, \"id\": \"p1\", \"name\": \"demo\", \"options\": {}, \"parent_id\": null, \"size\": 2, \"tags\": [\"b\", \"a\"]}\n"
      )
    }))

  it.effect("yaml: one mapping entry per field", () =>
    Effect.gen(function* () {
      assert.strictEqual(yield* show(projectFields, { format: "yaml" }), lines(
        "enabled: true",
        "id: p1",
        "name: demo",
        "options: {}",
        "parent_id: null",
        "size: 2",
        "tags:",
        "- b",
        "- a"))
    }))

  it.effect("value: one value per line", () =>
    Effect.gen(function* () {
      assert.strictEqual(yield* show(projectFields, { format: "value" }), lines(
        "True",
        "p1",
        "demo",
        "{}",
        "None",
        "2",
        "['b', 'a']"))
    }))

  it.effect("csv is not a show format: a typed failure, worded as argparse words it", () =>
    Effect.gen(function* () {
      const error = yield* Effect.flip(show(projectFields, { format: "csv" }))
      assert.strictEqual(error._tag, "OutputError")
      assert.strictEqual(error.message, "argument -f/--format: invalid choice: 'csv' (choose from 'json', 'table', 'value', 'yaml')")
    }))

  it.effect("multi-line values in the Value column", () =>
    Effect.gen(function* () {
      assert.strictEqual(yield* show([["id", "1"], ["description", "first line\nsecond"]]), lines(
        "+-------------+------------+",
        "| Field       | Value      |",
        "+-------------+------------+",
        "| description | first line |",
        "|             | second     |",
        "| id          | 1          |",
        "+-------------+------------+"))
    }))

  it.effect("no fields: a blank line for the table, nothing for value and yaml, {} for json", () =>
    Effect.gen(function* () {
      assert.strictEqual(yield* show([]), "\n")
      assert.strictEqual(yield* show([], { format: "value" }), "")
      assert.strictEqual(yield* show([], { format: "yaml" }), "")
      assert.strictEqual(yield* show([], { format: "json" }), "{}\n")
    }))
})

describe("table cells", () => {
  it.effect("wide characters take two cells, combining marks none", () =>
    Effect.gen(function* () {
      assert.strictEqual(yield* list(["Name", "Note"], [["日本", "ok"], ["😀 smile", "é"], ["ｱｲ", "e\u0301"]]), lines(
        "+----------+------+",
        "| Name     | Note |",
        "+----------+------+",
        "| 日本     | ok   |",
        "| 😀 smile | é    |",
        "| ｱｲ       | e\u0301    |",
        "+----------+------+"))
    }))

  it.effect("ANSI styles take no cells; a control character makes the line count -1, as wcwidth says", () =>
    Effect.gen(function* () {
      assert.strictEqual(yield* list(["Name", "Note"], [["tab\there", "x"], ["ok", "\u001b[1mbold\u001b[0m"]]), lines(
        "+------+------+",
        "| Name | Note |",
        "+------+------+",
        "| tab\there      | x    |",
        "| ok   | \u001b[1mbold\u001b[0m |",
        "+------+------+"))
    }))

  it.effect("multi-line cells: \\n and \\r\\n split the cell, a lone \\r is a space", () =>
    Effect.gen(function* () {
      assert.strictEqual(yield* list(["ID", "Description"], [["1", "a\nbbb\r\nc\rd"], ["22", "one"]]), lines(
        "+----+-------------+",
        "| ID | Description |",
        "+----+-------------+",
        "| 1  | a           |",
        "|    | bbb         |",
        "|    | c d         |",
        "| 22 | one         |",
        "+----+-------------+"))
      assert.strictEqual(yield* list(["ID", "Description"], [["1", "a\nb"]], { format: "value" }), lines("1 a", "b"))
    }))

  it.effect("a column is right-aligned, header included, when its first row holds a number", () =>
    Effect.gen(function* () {
      assert.strictEqual(yield* list(["Size", "Name"], [[1, "a"], [12345, "bb"], [null, "c"]]), lines(
        "+-------+------+",
        "|  Size | Name |",
        "+-------+------+",
        "|     1 | a    |",
        "| 12345 | bb   |",
        "|  None | c    |",
        "+-------+------+"))
      assert.strictEqual(yield* list(["Size", "Name"], [[null, "a"], [12345, "bb"]]), lines(
        "+-------+------+",
        "| Size  | Name |",
        "+-------+------+",
        "| None  | a    |",
        "| 12345 | bb   |",
        "+-------+------+"))
    }))

  it.effect("osc_lib's formatters: nested dicts dotted, None as `n=`, a list of dicts one line each, other lists as repr", () =>
    Effect.gen(function* () {
      const row = [{ z: 1, a: "x", n: null, d: { e: true }, l: ["q"] }, [{ port: 80, proto: "tcp" }, { port: 22 }], [1, "a", null, true], []]
      assert.strictEqual(yield* list(["Props", "Rules", "Mixed", "Empty"], [row]), lines(
        "+-----------------------------------------+------------------------+----------------------+-------+",
        "| Props                                   | Rules                  | Mixed                | Empty |",
        "+-----------------------------------------+------------------------+----------------------+-------+",
        "| a='x', d.e='True', l='['q']', n=, z='1' | port='80', proto='tcp' | [1, 'a', None, True] |       |",
        "|                                         | port='22'              |                      |       |",
        "+-----------------------------------------+------------------------+----------------------+-------+"))
    }))
})

describe("values", () => {
  it.effect("value format: Python's repr inside lists and dicts (quotes chosen as Python does, escapes)", () =>
    Effect.gen(function* () {
      const row = [{ z: 1, a: "x", n: null, d: { e: true } }, [{ port: 80 }], [1, "a", null, true], ["it's", "say \"hi\"", "both ' \"", "back\\slash\ttab"]]
      assert.strictEqual(
        yield* list(["Props", "Rules", "Mixed", "Quotes"], [row], { format: "value" }),
        "{'z': 1, 'a': 'x', 'n': None, 'd': {'e': True}} [{'port': 80}] [1, 'a', None, True] [\"it's\", 'say \"hi\"', 'both \\' \"', 'back\\\\slash\\ttab']\n"
      )
    }))

  it.effect("numbers: floats as Python's repr (exponent below 1e-4), whole numbers as Python ints", () =>
    Effect.gen(function* () {
      const rows = [[0.0001], [1.5e-5], [1e-7], [123.456], [-2.5e-10], [1e21]]
      assert.strictEqual(yield* list(["N"], rows, { format: "value" }), lines(
        "0.0001",
        "1.5e-05",
        "1e-07",
        "123.456",
        "-2.5e-10",
        "1000000000000000000000"))
      assert.strictEqual(yield* list(["N"], [[1e-7]], { format: "json", noindent: true }), "[{\"N\": 1e-07}]\n")
    }))

  it.effect("json escapes as ensure_ascii does: non-ASCII as \\uXXXX (surrogate pairs), controls, DEL", () =>
    Effect.gen(function* () {
      assert.strictEqual(yield* list(["S"], [["日本 😀 \"q\" back\\ \u0001 \t\n\u007f"]], { format: "json" }), lines(
        "[",
        "  {",
        "    \"S\": \"\\u65e5\\u672c \\ud83d\\ude00 \\\"q\\\" back\\\\ \\u0001 \\t\\n\\u007f\"",
        "  }",
        "]"))
    }))

  it.effect("undefined is None, a Date its ISO string, a missing cell None", () =>
    Effect.gen(function* () {
      const rows = [["1", undefined, new Date("2026-01-02T03:04:05Z")], ["2"]]
      assert.strictEqual(
        yield* list(["ID", "Name", "Created"], rows, { format: "value" }),
        lines("1 None 2026-01-02T03:04:05.000Z", "2 None None")
      )
      assert.strictEqual(yield* list(["ID", "Name"], [["1", undefined]], { format: "json", noindent: true }), "[{\"ID\": \"1\", \"Name\": null}]\n")
    }))

  it.effect("yaml: the yaml package differs from PyYAML on non-ASCII and multi-line strings (PyYAML: \"\\u65E5\\u672C\", 'two\\n\\n    lines')", () =>
    Effect.gen(function* () {
      assert.strictEqual(yield* list(["Name"], [["日本"], ["two\nlines"]], { format: "yaml" }), lines(
        "- Name: 日本",
        "- Name: |-",
        "    two",
        "    lines"))
    }))
})

describe("empty lists", () => {
  it.effect("table: a blank line; --print-empty: the header", () =>
    Effect.gen(function* () {
      assert.strictEqual(yield* list(["ID", "Name"], []), "\n")
      assert.strictEqual(yield* list(["ID", "Name"], [], { printEmpty: true }), lines(
        "+----+------+",
        "| ID | Name |",
        "+----+------+",
        "+----+------+"))
    }))

  it.effect("json and yaml: [], value: nothing, csv: the header", () =>
    Effect.gen(function* () {
      assert.strictEqual(yield* list(["ID", "Name"], [], { format: "json" }), "[]\n")
      assert.strictEqual(yield* list(["ID", "Name"], [], { format: "yaml" }), "[]\n")
      assert.strictEqual(yield* list(["ID", "Name"], [], { format: "value" }), "")
      assert.strictEqual(yield* list(["ID", "Name"], [], { format: "csv" }), "\"ID\",\"Name\"\n")
    }))
})

describe("sorting (--sort-column, --sort-descending)", () => {
  const rows = [["x", 2], ["y", 1], ["x", 1], [null, 0], ["y", null], ["a", 3]]

  it.effect("the first sort column has priority; None sorts last", () =>
    Effect.gen(function* () {
      assert.strictEqual(yield* list(["A", "B"], rows, { format: "value", sortColumns: ["A", "B"] }), lines(
        "a 3",
        "x 1",
        "x 2",
        "y 1",
        "y None",
        "None 0"))
    }))

  it.effect("descending: reversed, None first", () =>
    Effect.gen(function* () {
      const text = yield* list(["A", "B"], rows, { format: "value", sortColumns: ["A", "B"], sortAscending: false })
      assert.strictEqual(text, lines(
        "None 0",
        "y None",
        "y 1",
        "x 2",
        "x 1",
        "a 3"))
    }))

  it.effect("by a column -c leaves out; an unknown sort column is ignored", () =>
    Effect.gen(function* () {
      const text = yield* list(["ID", "Name"], [["b", 2], ["a", 1], ["c", 0]], {
        format: "csv",
        sortColumns: ["Name", "Nope"],
        columns: ["ID"]
      })
      assert.strictEqual(text, lines("\"ID\"", "\"c\"", "\"a\"", "\"b\""))
    }))

  it.effect("values Python cannot order (2 < 'x') leave the rows as they were", () =>
    Effect.gen(function* () {
      const text = yield* list(["A", "B"], [[2, "b"], ["x", "a"], [1, "c"]], { format: "value", sortColumns: ["A"] })
      assert.strictEqual(text, lines("2 b", "x a", "1 c"))
    }))

  it.effect("strings by code point, lists element by element, booleans among numbers", () =>
    Effect.gen(function* () {
      const strings = [["é"], ["z"], ["😀"], ["ｱ"], ["Z"], [""], ["\uffff"]]
      assert.strictEqual(
        yield* list(["A"], strings, { format: "value", sortColumns: ["A"] }),
        lines("", "Z", "z", "é", "ｱ", "\uffff", "😀")
      )
      const lists = [[["b", "a"]], [["a", "z"]], [["a"]], [[]]]
      assert.strictEqual(
        yield* list(["A"], lists, { format: "value", sortColumns: ["A"] }),
        lines("[]", "['a']", "['a', 'z']", "['b', 'a']")
      )
      const numbers = [[true], [0], [1.5], [false], [-3]]
      assert.strictEqual(
        yield* list(["A"], numbers, { format: "value", sortColumns: ["A"] }),
        lines("-3", "0", "False", "True", "1.5")
      )
    }))
})

describe("column selection (-c)", () => {
  it.effect("keeps the command's column order, not the order of -c", () =>
    Effect.gen(function* () {
      const text = yield* list(["ID", "Name", "Domain"], [["1", "a", "d"]], { format: "csv", columns: ["Domain", "ID"] })
      assert.strictEqual(text, lines("\"ID\",\"Domain\"", "\"1\",\"d\""))
      assert.strictEqual(yield* show(projectFields, { format: "value", columns: ["name", "id"] }), lines("p1", "demo"))
    }))

  it.effect("no known column: cliff's message, with Python's reprs of the names", () =>
    Effect.gen(function* () {
      const nope = yield* Effect.flip(list(["ID", "Name"], [["1", "a"]], { columns: ["Nope"] }))
      assert.strictEqual(nope._tag, "OutputError")
      assert.strictEqual(nope.message, "No recognized column names in ['Nope']. Recognized columns are ('ID', 'Name').")
      const quoted = yield* Effect.flip(list(["ID"], [], { columns: ["Nope", "it's"] }))
      assert.strictEqual(quoted.message, "No recognized column names in ['Nope', \"it's\"]. Recognized columns are ('ID',).")
      const shown = yield* Effect.flip(show([["name", "demo"], ["id", "p1"]], { columns: ["Name"] }))
      assert.strictEqual(shown.message, "No recognized column names in ['Name']. Recognized columns are ('id', 'name').")
    }))
})

describe("csv quoting (--quote)", () => {
  const columns = ["S", "N", "B", "Z"]
  const rows = [["a\"b,c", 3, true, null], ["l\nm", 1.5, false, "back\\slash"], ["x\ry", "0", "", ["i", "j"]]]

  it.effect("nonnumeric: quotes doubled, line feeds inside quotes, backslash escaped, \\r as it is", () =>
    Effect.gen(function* () {
      assert.strictEqual(yield* list(columns, rows, { format: "csv" }), lines(
        "\"S\",\"N\",\"B\",\"Z\"",
        "\"a\"\"b,c\",3,True,\"\"",
        "\"l",
        "m\",1.5,False,\"back\\\\slash\"",
        "\"x\ry\",\"0\",\"\",\"['i', 'j']\""))
    }))

  it.effect("minimal: only fields holding a comma, a quote or a line feed", () =>
    Effect.gen(function* () {
      assert.strictEqual(yield* list(columns, rows, { format: "csv", quote: "minimal" }), lines(
        "S,N,B,Z",
        "\"a\"\"b,c\",3,True,",
        "\"l",
        "m\",1.5,False,back\\\\slash",
        "x\ry,0,,\"['i', 'j']\""))
    }))

  it.effect("all: every field", () =>
    Effect.gen(function* () {
      assert.strictEqual(yield* list(columns, rows, { format: "csv", quote: "all" }), lines(
        "\"S\",\"N\",\"B\",\"Z\"",
        "\"a\"\"b,c\",\"3\",\"True\",\"\"",
        "\"l",
        "m\",\"1.5\",\"False\",\"back\\\\slash\"",
        "\"x\ry\",\"0\",\"\",\"['i', 'j']\""))
    }))

  it.effect("none: quote, comma and line feed escaped with a backslash", () =>
    Effect.gen(function* () {
      assert.strictEqual(yield* list(columns, rows, { format: "csv", quote: "none" }), lines(
        "S,N,B,Z",
        "a\\\"b\\,c,3,True,",
        "l\\",
        "m,1.5,False,back\\\\slash",
        "x\ry,0,,['i'\\, 'j']"))
    }))

  it.effect("a record of one empty field is quoted; with none it is Python's csv.Error", () =>
    Effect.gen(function* () {
      assert.strictEqual(yield* list(["S"], [[""], [null]], { format: "csv", quote: "minimal" }), lines("S", "\"\"", "\"\""))
      const error = yield* Effect.flip(list(["S"], [[""]], { format: "csv", quote: "none" }))
      assert.strictEqual(error.message, "single empty field record must be quoted")
    }))
})
