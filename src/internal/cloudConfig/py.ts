/**
 * Python's values, as openstacksdk sees a clouds.yaml: what `yaml.safe_load` / `json.load` / `os.environ` give, and
 * the handful of Python semantics its config loader relies on (truthiness, `str()`, `repr()`, `str.format`, dict
 * order). Dicts are `Map`s, which keep insertion order exactly as Python dicts do; ints are `bigint` and floats
 * `number`, so that `3` and `3.0` stay apart (`str(3.0)` is `"3.0"`); secrets are `Redacted` from the moment they are
 * read.
 *
 * @internal
 */
import * as Redacted from "effect/Redacted"
import * as Result from "effect/Result"
import { secretName } from "../redact.ts"

/**
 * A Python value: str, bool, None, int, float, a secret str, list or dict.
 *
 * @example
 * const value: Py = new Map<string, Py>([["api_timeout", 30n], ["verify", true]])
 */
export type Py = string | boolean | null | bigint | number | Redacted.Redacted<string> | Array<Py> | PyDict

/**
 * A Python dict: insertion-ordered, string keys.
 *
 * @example
 * const auth: PyDict = new Map([["auth_url", "https://keystone:5000/v3"]])
 */
export type PyDict = Map<string, Py>

/**
 * Whether a value is a dict.
 *
 * @example
 * isDict(new Map()) // true
 */
export const isDict = (value: Py | undefined): value is PyDict => value instanceof Map

/**
 * Whether a value is a list.
 *
 * @example
 * isList(["RegionOne"]) // true
 */
export const isList = (value: Py | undefined): value is Array<Py> => Array.isArray(value)

/**
 * Whether a value is a secret str.
 *
 * @example
 * isSecret(Redacted.make("pw")) // true
 */
export const isSecret = (value: unknown): value is Redacted.Redacted<string> =>
  Redacted.isRedacted(value) && typeof Redacted.value(value) === "string"

/**
 * Whether a key names a secret (`password`, `token`, `application_credential_secret`, `passcode`, …).
 *
 * @example
 * isSecretKey("application_credential_secret") // true
 */
export const isSecretKey = (key: string): boolean => secretName.test(key)

/**
 * Python's `bool(value)`.
 *
 * @example
 * truthy("") // false
 * truthy(new Map()) // false
 */
export const truthy = (value: Py | undefined): boolean => {
  if (value === undefined || value === null) return false
  if (typeof value === "boolean") return value
  if (typeof value === "string") return value !== ""
  if (typeof value === "bigint") return value !== 0n
  if (typeof value === "number") return value !== 0
  if (isSecret(value)) return Redacted.value(value) !== ""
  if (isList(value)) return value.length > 0
  return value.size > 0
}

/**
 * Python's `repr(float)`: the shortest round-trip digits, positional between 1e-4 and 1e16, else exponent form.
 *
 * @example
 * floatRepr(3) // "3.0"
 * floatRepr(1.5e-5) // "1.5e-05"
 */
export const floatRepr = (x: number): string => {
  if (Number.isNaN(x)) return "nan"
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf"
  if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0"
  const [mantissa = "0", exponentText = "0"] = x.toExponential().split("e")
  const exponent = Number(exponentText)
  const negative = mantissa.startsWith("-")
  const digits = mantissa.replace("-", "").replace(".", "")
  const sign = negative ? "-" : ""
  if (exponent < -4 || exponent >= 16) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits
    return `${sign}${m}e${exponent < 0 ? "-" : "+"}${String(Math.abs(exponent)).padStart(2, "0")}`
  }
  if (exponent < 0) return `${sign}0.${"0".repeat(-exponent - 1)}${digits}`
  const whole = digits.slice(0, exponent + 1).padEnd(exponent + 1, "0")
  const fraction = digits.slice(exponent + 1)
  return `${sign}${whole}.${fraction === "" ? "0" : fraction}`
}

const quote = (s: string): string => {
  const q = s.includes("'") && !s.includes("\"") ? "\"" : "'"
  const body = s
    .replace(/\\/g, "\\\\")
    .replace(/\n/g, "\\n")
    .replace(/\r/g, "\\r")
    .replace(/\t/g, "\\t")
  return q + (q === "'" ? body.replace(/'/g, "\\'") : body) + q
}

/**
 * Python's `repr()`; a secret shows as `'<redacted>'`.
 *
 * @example
 * repr(new Map([["name", "r1"]])) // "{'name': 'r1'}"
 */
export const repr = (value: Py): string => {
  if (typeof value === "string") return quote(value)
  if (isSecret(value)) return "'<redacted>'"
  if (isList(value)) return `[${value.map(repr).join(", ")}]`
  if (isDict(value)) return `{${[...value].map(([k, v]) => `${quote(k)}: ${repr(v)}`).join(", ")}}`
  return str(value)
}

/**
 * Python's `str()`; a secret shows as `<redacted>` (use {@link strKeepSecret} to keep it).
 *
 * @example
 * str(null) // "None"
 * str(true) // "True"
 */
export const str = (value: Py): string => {
  if (typeof value === "string") return value
  if (value === null) return "None"
  if (typeof value === "boolean") return value ? "True" : "False"
  if (typeof value === "bigint") return value.toString()
  if (typeof value === "number") return floatRepr(value)
  if (isSecret(value)) return "<redacted>"
  return repr(value)
}

/**
 * Python's `str()`, keeping a secret a secret.
 *
 * @example
 * strKeepSecret(1234n) // "1234"
 */
export const strKeepSecret = (value: Py): string | Redacted.Redacted<string> => isSecret(value) ? value : str(value)

/**
 * Python's `template.format(**values)` for the forms a config can hold: `{name}`, `{{` and `}}`. Fails (as Python
 * raises) on an unknown name, a lone brace, a positional field, and refuses a field that is a secret.
 *
 * @example
 * format("https://{region_name}.example.com", new Map([["region_name", "east"]])) // Result.succeed("https://east.example.com")
 */
export const format = (template: string, values: PyDict): Result.Result<string, string> => {
  if (!template.includes("{") && !template.includes("}")) return Result.succeed(template)
  let out = ""
  for (let i = 0; i < template.length; i++) {
    const c = template[i]
    if (c === "{" && template[i + 1] === "{") {
      out += "{"
      i++
    } else if (c === "}" && template[i + 1] === "}") {
      out += "}"
      i++
    } else if (c === "}") {
      return Result.fail("Single '}' encountered in format string")
    } else if (c === "{") {
      const end = template.indexOf("}", i)
      if (end < 0) return Result.fail("Single '{' encountered in format string")
      const field = template.slice(i + 1, end)
      if (field === "" || /^\d+$/.test(field)) return Result.fail(`positional field {${field}} in format string`)
      if (/[!:.[{]/.test(field)) return Result.fail(`unsupported format field {${field}}`)
      const value = values.get(field)
      if (value === undefined) return Result.fail(`{${field}} names no config key`)
      if (isSecret(value) || (typeof value === "object" && value !== null)) {
        return Result.fail(`{${field}} would put a ${isSecret(value) ? "secret" : "collection"} into the text`)
      }
      out += str(value)
      i = end
    } else {
      out += c
    }
  }
  return Result.succeed(out)
}

/**
 * A deep copy (Python's `copy.deepcopy`): dicts and lists are copied, everything else is immutable.
 *
 * @example
 * const copy = deepCopy([new Map([["name", "r1"]])])
 */
export const deepCopy = (value: Py): Py => isDict(value) ? copyDict(value) : isList(value) ? value.map(deepCopy) : value

/**
 * A deep copy of a dict.
 *
 * @example
 * const copy = copyDict(new Map([["auth", new Map()]]))
 */
export const copyDict = (dict: PyDict): PyDict => new Map([...dict].map(([k, v]) => [k, deepCopy(v)]))

/**
 * openstacksdk's `_util.normalize_keys`: dashes to underscores in keys; ints (but `verbose_level` and `api_timeout`)
 * and floats to str.
 *
 * @example
 * normalizeKeys(new Map([["project-name", "demo"], ["identity_api_version", 3n]]))
 * // Map { project_name: "demo", identity_api_version: "3" }
 */
export const normalizeKeys = (config: PyDict): PyDict => {
  const out: PyDict = new Map()
  for (const [k, value] of config) {
    const key = k.replace(/-/g, "_")
    if (isDict(value)) out.set(key, normalizeKeys(value))
    else if (typeof value === "bigint" && key !== "verbose_level" && key !== "api_timeout") out.set(key, value.toString())
    else if (typeof value === "number") out.set(key, floatRepr(value))
    else out.set(key, value)
  }
  return out
}

/**
 * openstacksdk's `_util.merge_clouds`: `dict.update`, merging nested dicts.
 *
 * @example
 * const merged = mergeClouds(cloudsYaml, secureYaml)
 */
export const mergeClouds = (old: PyDict, update: PyDict): PyDict => {
  const out = new Map(old)
  for (const [k, v] of update) {
    const current = out.get(k)
    if (isDict(v)) out.set(k, isDict(current) ? mergeClouds(current, v) : new Map(v))
    else out.set(k, v)
  }
  return out
}

/**
 * What a JavaScript value cannot be in a config: where it is, and what it is.
 *
 * @example
 * const problem: Unrepresentable = { path: ["clouds", "c", "f"], type: "function" }
 */
export interface Unrepresentable {
  readonly path: ReadonlyArray<string>
  readonly type: string
}

/** How deep a config value may nest: far deeper than any config, shallow enough for every walk of it to be safe. */
const maxDepth = 100

/**
 * A JavaScript value (parsed YAML/JSON, or options given in code) as a Python value: plain objects and Maps become
 * dicts, `undefined` None; strings under a secret key become `Redacted`. Numbers: `bigint`s are ints; a `number` is a
 * float when `parsed` (the parsers give ints as `bigint`), else an int when it is integral. A value nested more than
 * 100 levels deep is unrepresentable.
 *
 * @example
 * fromJs({ auth: { password: "pw" }, api_timeout: 30 }) // Map { auth: Map { password: Redacted }, api_timeout: 30n }
 */
export const fromJs = (
  value: unknown,
  parsed = false,
  path: ReadonlyArray<string> = [],
  secret = false
): Result.Result<Py, Unrepresentable> => {
  const wrap = (s: string): Py => secret ? Redacted.make(s) : s
  if (value === undefined || value === null) return Result.succeed(null)
  if (path.length > maxDepth) return Result.fail({ path, type: `a value nested more than ${maxDepth} levels deep` })
  if (typeof value === "string") return Result.succeed(wrap(value))
  if (typeof value === "boolean") return Result.succeed(value)
  if (typeof value === "bigint") return Result.succeed(secret ? wrap(value.toString()) : value)
  if (typeof value === "number") {
    const py: Py = !parsed && Number.isInteger(value) ? BigInt(value) : value
    return Result.succeed(secret ? wrap(str(py)) : py)
  }
  if (Redacted.isRedacted(value)) {
    const inner = Redacted.value(value)
    return isSecret(value)
      ? Result.succeed(value)
      : Result.map(fromJs(inner, parsed, path), (v) => Redacted.make(str(v)))
  }
  if (Array.isArray(value)) {
    const out: Array<Py> = []
    for (const [i, item] of value.entries()) {
      const converted = fromJs(item, parsed, [...path, String(i)], secret)
      if (Result.isFailure(converted)) return converted
      out.push(converted.success)
    }
    return Result.succeed(out)
  }
  const entries = value instanceof Map
    ? [...value.entries()]
    : isPlainObject(value)
      ? Object.entries(value)
      : undefined
  if (entries === undefined) {
    return Result.fail({ path, type: value instanceof Date ? "a date" : typeof value === "object" ? "an object" : typeof value })
  }
  const out: PyDict = new Map()
  for (const [k, v] of entries) {
    if (typeof k !== "string" && typeof k !== "number" && typeof k !== "bigint") {
      // openstacksdk fails on these too (normalize_keys calls key.replace)
      const shown = k === null || k === undefined ? "null" : String(k)
      return Result.fail({ path: [...path, shown], type: `the key ${shown} (YAML reads yes/no/on/off as booleans: quote it)` })
    }
    const key = String(k)
    const converted = fromJs(v, parsed, [...path, key], isSecretKey(key))
    if (Result.isFailure(converted)) return converted
    out.set(key, converted.success)
  }
  return Result.succeed(out)
}

const isPlainObject = (value: unknown): value is Record<string, unknown> => {
  if (typeof value !== "object" || value === null) return false
  const proto: unknown = Object.getPrototypeOf(value)
  return proto === Object.prototype || proto === null
}

/**
 * A Python value as plain JavaScript: dicts become objects, ints numbers; secrets stay `Redacted`.
 *
 * @example
 * toJs(new Map([["api_timeout", 30n]])) // { api_timeout: 30 }
 */
export const toJs = (value: Py): unknown => {
  if (typeof value === "bigint") return Number(value)
  if (isList(value)) return value.map(toJs)
  if (isDict(value)) return Object.fromEntries([...value].map(([k, v]) => [k, toJs(v)]))
  return value
}
