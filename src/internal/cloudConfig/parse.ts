/**
 * clouds.yaml / secure.yaml / clouds-public.yaml (and their `.json` forms) read as openstacksdk reads them: YAML with
 * PyYAML's `safe_load` (YAML 1.1: `yes`/`no`/`on`/`off` are booleans, `010` is octal, `3.0` is a float but `1e3` a
 * string, `<<` merge keys, duplicate keys allowed, the last one winning), JSON with `json.load`. Built on `yaml`
 * (eemeli) with PyYAML's own scalar resolvers; ints come out as `bigint`, floats as `number`. Timestamps stay text.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import * as Result from "effect/Result"
import type * as YamlModule from "yaml"
import type { Document, ScalarTag, Tags, YAMLError } from "yaml"
import { fromJs, type Py, type Unrepresentable } from "./py.ts"

/** The `yaml` package, loaded the first time a file is read (a program given its cloud in code never loads it). */
type YamlModule = (typeof YamlModule)["default"]

/**
 * Why a file does not parse, and where.
 *
 * @example
 * const problem: SyntaxProblem = { message: "unexpected end of the flow sequence", line: 6, column: 5 }
 */
export interface SyntaxProblem {
  readonly message: string
  readonly line?: number
  readonly column?: number
}

/** A regular expression matching the whole text against one of the alternatives. */
const anyOf = (...alternatives: ReadonlyArray<string>) => new RegExp(`^(?:${alternatives.join("|")})$`)

const tag = (name: string, test: RegExp, resolve: (source: string) => unknown): ScalarTag => ({
  tag: `tag:yaml.org,2002:${name}`,
  default: true,
  test,
  resolve
})

/** PyYAML's `construct_yaml_int`. */
const pyInt = (source: string): bigint => {
  let text = source.replace(/_/g, "")
  const sign = text.startsWith("-") ? -1n : 1n
  if (text.startsWith("-") || text.startsWith("+")) text = text.slice(1)
  if (text === "0") return 0n
  if (text.startsWith("0b")) return sign * BigInt(`0b${text.slice(2)}`)
  if (text.startsWith("0x")) return sign * BigInt(`0x${text.slice(2)}`)
  if (text.startsWith("0")) return sign * BigInt(`0o${text.slice(1)}`)
  if (text.includes(":")) return sign * text.split(":").reduce((total, part) => total * 60n + BigInt(part), 0n)
  return sign * BigInt(text)
}

/** PyYAML's `construct_yaml_float`. */
const pyFloat = (source: string): number => {
  let text = source.replace(/_/g, "").toLowerCase()
  const sign = text.startsWith("-") ? -1 : 1
  if (text.startsWith("-") || text.startsWith("+")) text = text.slice(1)
  if (text === ".inf") return sign * Infinity
  if (text === ".nan") return NaN
  if (text.includes(":")) return sign * text.split(":").reduce((total, part) => total * 60 + Number(part), 0)
  return sign * Number(text)
}

/** PyYAML's implicit resolvers (yaml/resolver.py), replacing the YAML 1.1 schema's own. */
const pyScalars: Tags = [
  tag("null", /^(?:~|null|Null|NULL|)$/, () => null),
  tag("bool", /^(?:yes|Yes|YES|true|True|TRUE|on|On|ON)$/, () => true),
  tag("bool", /^(?:no|No|NO|false|False|FALSE|off|Off|OFF)$/, () => false),
  tag("int", anyOf(
    "[-+]?0b[0-1_]+",
    "[-+]?0[0-7_]+",
    "[-+]?(?:0|[1-9][0-9_]*)",
    "[-+]?0x[0-9a-fA-F_]+",
    "[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+"
  ), pyInt),
  tag("float", anyOf(
    "[-+]?(?:[0-9][0-9_]*)\\.[0-9_]*(?:[eE][-+][0-9]+)?",
    "\\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?",
    "[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\\.[0-9_]*",
    "[-+]?\\.(?:inf|Inf|INF)",
    "\\.(?:nan|NaN|NAN)"
  ), pyFloat),
  tag("timestamp", anyOf(
    "[0-9]{4}-[0-9]{2}-[0-9]{2}",
    "[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \\t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\\.[0-9]*)?"
    + "(?:[ \\t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?"
  ), (source) => source)
]

const replaced = new Set(["null", "bool", "int", "float", "timestamp"].map((name) => `tag:yaml.org,2002:${name}`))

const pyTags = (tags: Tags): Tags => [
  ...tags.filter((t) => typeof t === "string" || !replaced.has(t.tag)),
  ...pyScalars
]

const unrepresentable = (problem: Unrepresentable): SyntaxProblem => ({
  message: `${problem.type} at ${problem.path.join(".") || "the top"} is not a value a config can hold`
})

/** The first error of a parsed document, with its line and column. */
const problemOf = (error: YAMLError | undefined): SyntaxProblem | undefined => {
  if (error === undefined) return undefined
  const at = error.linePos?.[0]
  const message = (error.message.split("\n")[0] ?? error.message).replace(/ at line \d+, column \d+:?$/, "")
  return at === undefined ? { message } : { message, line: at.line, column: at.col }
}

const thrown = (error: unknown): SyntaxProblem => ({ message: error instanceof Error ? error.message : String(error) })

/**
 * Parses YAML as PyYAML's `safe_load` does.
 *
 * @example
 * parseYaml(YAML)("verify: no\nidentity_api_version: 3.0\n") // Map { verify: false, identity_api_version: 3.0 }
 */
const parseYaml = (YAML: YamlModule) => (text: string): Result.Result<Py, SyntaxProblem> => {
  const doc = YAML.parseDocument(text, { version: "1.1", customTags: pyTags, uniqueKeys: false, prettyErrors: true })
  const error = problemOf(doc.errors[0])
  if (error !== undefined) return Result.fail(error)
  return toPy(doc)
}

/** A parsed document's value as Python's, or why it cannot be one. */
const toPy = (doc: Document.Parsed): Result.Result<Py, SyntaxProblem> =>
  Result.flatMap(
    Result.try({ try: () => doc.toJS({ mapAsMap: true }), catch: thrown }),
    (value) => Result.mapError(fromJs(value, true), unrepresentable)
  )

/**
 * Where JSON.parse says the problem is (its "position N"), else where the YAML parser found one. JSON.parse's message
 * itself is not kept: it quotes the text around the problem, which may be a secret.
 */
const jsonProblem = (text: string, error: unknown, located: SyntaxProblem | undefined): SyntaxProblem => {
  const position = /position (\d+)/.exec(thrown(error).message)?.[1]
  if (position === undefined) {
    return located?.line === undefined ? { message: "not valid JSON" } : { message: "not valid JSON", line: located.line, ...(located.column === undefined ? {} : { column: located.column }) }
  }
  const before = text.slice(0, Number(position)).split("\n")
  return { message: "not valid JSON", line: before.length, column: (before.at(-1)?.length ?? 0) + 1 }
}

/**
 * Parses JSON as `json.load` does (ints and floats kept apart).
 *
 * @example
 * parseJson(YAML)("{\"api_timeout\": 30, \"volume_api_version\": 3.0}") // Map { api_timeout: 30n, ... }
 */
const parseJson = (YAML: YamlModule) => (text: string): Result.Result<Py, SyntaxProblem> => {
  const doc = YAML.parseDocument(text, { schema: "json", intAsBigInt: true, uniqueKeys: false, prettyErrors: true })
  return Result.flatMap(
    // JSON.parse decides what is valid JSON; the YAML parser (JSON schema) locates the problem and keeps ints apart.
    Result.try({
      try: (): unknown => JSON.parse(text),
      catch: (error) => jsonProblem(text, error, problemOf(doc.errors[0]))
    }),
    () => toPy(doc)
  )
}

/**
 * The two parsers of config files.
 *
 * @example
 * const { yaml } = yield* parsers
 */
export interface Parsers {
  readonly yaml: (text: string) => Result.Result<Py, SyntaxProblem>
  readonly json: (text: string) => Result.Result<Py, SyntaxProblem>
}

/**
 * The parsers, the `yaml` package loaded on first use (its ~70 modules stay off the SDK's start path); a package that
 * cannot be loaded (a broken install) is reported as a syntax problem of no file, never a defect.
 *
 * @example
 * const parsed = (yield* parsers).yaml("verify: no\n")
 */
export const parsers: Effect.Effect<Parsers, SyntaxProblem> = Effect.tryPromise({
  // `default`: the package's CommonJS exports, under Node's ESM and in a bundle's chunk alike (a chunk has no others).
  try: () => import("yaml").then((module) => module.default),
  catch: (error): SyntaxProblem => ({ message: `the YAML parser (the yaml package) cannot be loaded: ${thrown(error).message}` })
}).pipe(Effect.map((YAML) => ({ yaml: parseYaml(YAML), json: parseJson(YAML) })))
