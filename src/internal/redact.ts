/**
 * What counts as a secret, in one place: names of fields, headers and query parameters whose values must never be
 * shown, and the functions that hide them in URLs (errors, spans), headers and bodies (debug logs).
 *
 * Everything here is pure and runs anywhere (Node, Bun, Deno, browsers): the only platform API is
 * `globalThis.crypto.subtle`, for the `{SHA256}` form of secret headers.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import * as UrlParams from "effect/http/UrlParams"

// ---------------------------------------------------------------------------------------------------------------------
// Names
// ---------------------------------------------------------------------------------------------------------------------

/** The secret words of {@link secretName}, as a regular expression source. */
const secretWordSource = [
  "pass(?:words?|wd|code|phrase)?",
  "ps?wd",
  "secrets?",
  "tokens?",
  "signature",
  "sig",
  "credentials?",
  "blob",
  "receipt",
  "cookie",
  "authorization",
  "apikey",
  "(?:private|secret|api|encrypted|fernet|hmac|ssl|signing)[-_.]?key"
].join("|")

/**
 * A name whose values are secrets, spelled in snake_case or kebab-case: its last word is one of `password(s)`,
 * `passwd`, `pwd`, `pswd`, `pass`, `passcode`, `passphrase`, `secret(s)`, `token(s)`, `signature`, `sig`,
 * `credential(s)`, `blob`, `receipt`, `cookie`, `authorization`, `apikey`, or `<qualifier>_key` (qualifier: private,
 * secret, api, encrypted, fernet, hmac, ssl, signing). {@link isSecretName} also reads camelCase and accepts a secret
 * word anywhere in the name unless the name ends with a word that describes the secret without being it
 * (`password_expires_at`, `token_type`, `SignatureVersion`, …).
 *
 * @example
 * secretName.test("new_password") // true
 * secretName.test("X-Amz-Security-Token") // true
 * secretName.test("password_expires_at") // false
 */
export const secretName: RegExp = new RegExp(`(?:^|[^a-z0-9])(?:${secretWordSource})$`, "i")

/** Words that are a secret wherever they appear in a name. */
const secretWords: ReadonlySet<string> = new Set([
  "password",
  "passwords",
  "passwd",
  "pwd",
  "pswd",
  "pass",
  "passcode",
  "passphrase",
  "secret",
  "secrets",
  "token",
  "tokens",
  "signature",
  "sig",
  "credential",
  "credentials",
  "blob",
  "receipt",
  "cookie",
  "authorization",
  "apikey"
])

/** First words of `<word>_key`, the names of key material (`private_key`, `api_key`, …). */
const keyQualifiers: ReadonlySet<string> = new Set([
  "private",
  "secret",
  "api",
  "encrypted",
  "fernet",
  "hmac",
  "ssl",
  "signing"
])

/**
 * Last words of names that describe a secret without holding it: `password_expires_at`, `token_type`,
 * `SignatureVersion`, `SignatureMethod`, `minimum_password_age`, `unique_last_password_count`, `password_regex`,
 * `credential_id`, `access_token_id` (OAuth1's public half), …
 */
const describingWords: ReadonlySet<string> = new Set([
  "at",
  "age",
  "count",
  "days",
  "description",
  "expires",
  "expiry",
  "id",
  "ids",
  "length",
  "method",
  "methods",
  "name",
  "regex",
  "type",
  "version"
])

/** The words of a name: camelCase, snake_case, kebab-case and dotted names all split into lower-case words. */
const wordsOf = (name: string): ReadonlyArray<string> =>
  name
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1_$2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word !== "")

/**
 * Whether the values of a field, header or query parameter with this name are secrets. A name is secret when one of its
 * words is a secret word (see {@link secretName}), or `<qualifier>_key`, unless its last word only describes the secret
 * (`password_expires_at`, `token_type`, `credential_id`). Case and spelling (camelCase, snake_case, kebab-case) do not
 * matter.
 *
 * @example
 * isSecretName("adminPass") // true
 * isSecretName("client_secret") // true
 * isSecretName("X-Amz-Signature") // true
 * isSecretName("password_expires_at") // false
 * isSecretName("AWSAccessKeyId") // false
 */
export const isSecretName = (name: string): boolean => {
  const words = wordsOf(name)
  const last = words.at(-1)
  if (last === undefined || describingWords.has(last)) return false
  return words.some((word, i) => secretWords.has(word) || (word === "key" && keyQualifiers.has(words[i - 1] ?? "")))
}

/** Whether the name's last word is `token` or `receipt`: the `id` of such an object is the token itself. */
const isTokenName = (name: string): boolean => {
  const last = wordsOf(name).at(-1)
  return last === "token" || last === "receipt"
}

// ---------------------------------------------------------------------------------------------------------------------
// URLs
// ---------------------------------------------------------------------------------------------------------------------

/** Splits off the fragment of a query ("a=1#x" → ["a=1", "#x"]). */
const splitFragment = (rest: string): readonly [string, string] => {
  const hash = rest.indexOf("#")
  return hash === -1 ? [rest, ""] : [rest.slice(0, hash), rest.slice(hash)]
}

const decodeName = (name: string): string => {
  try {
    return decodeURIComponent(name.replace(/\+/g, " "))
  } catch {
    return name
  }
}

/**
 * The URL with its user info and every query parameter named like a secret ({@link isSecretName}) replaced by
 * `REDACTED`. The rest of the URL is kept as written.
 *
 * @example
 * redactUrl("https://u:p@host/v3?token=abc&limit=2") // "https://REDACTED:REDACTED@host/v3?token=REDACTED&limit=2"
 */
export const redactUrl = (url: string): string => {
  // effect's redactUrl finds the user info the way URL parsers do; with no names it leaves the query alone.
  const withoutUserInfo = UrlParams.redactUrl(url, [])
  const queryStart = withoutUserInfo.indexOf("?")
  const hashStart = withoutUserInfo.indexOf("#")
  if (queryStart === -1 || (hashStart !== -1 && hashStart < queryStart)) return withoutUserInfo
  const [query, fragment] = splitFragment(withoutUserInfo.slice(queryStart + 1))
  const redacted = query
    .split("&")
    .map((part) => {
      const eq = part.indexOf("=")
      return eq !== -1 && isSecretName(decodeName(part.slice(0, eq))) ? `${part.slice(0, eq + 1)}REDACTED` : part
    })
    .join("&")
  return `${withoutUserInfo.slice(0, queryStart + 1)}${redacted}${fragment}`
}

// ---------------------------------------------------------------------------------------------------------------------
// Headers
// ---------------------------------------------------------------------------------------------------------------------

/**
 * Header names (lower case) whose values are secrets: tokens, credentials, auth receipts and cookies. Any header named
 * like a secret ({@link isSecretName}, e.g. `X-Amz-Security-Token`) is treated the same way.
 *
 * @example
 * sensitiveHeaders.has("x-auth-token") // true
 */
export const sensitiveHeaders: ReadonlySet<string> = new Set([
  "x-auth-token",
  "x-subject-token",
  "x-service-token",
  "authorization",
  "proxy-authorization",
  "openstack-auth-receipt",
  "cookie",
  "set-cookie"
])

/**
 * Whether a header's value is a secret: it is one of {@link sensitiveHeaders} or is named like a secret
 * ({@link isSecretName}). Case-insensitive.
 *
 * @example
 * isSensitiveHeader("X-Subject-Token") // true
 * isSensitiveHeader("Content-Type") // false
 */
export const isSensitiveHeader = (name: string): boolean =>
  sensitiveHeaders.has(name.toLowerCase()) || isSecretName(name)

const hex = (bytes: ArrayBuffer): string =>
  Array.from(new Uint8Array(bytes), (byte) => byte.toString(16).padStart(2, "0")).join("")

const textEncoder = new TextEncoder()

/**
 * keystoneauth1's form of a secret value in logs: `{SHA256}` and the hex SHA-256 of the value, which lets one see that
 * two lines carry the same token without showing it. Where Web Crypto is missing (a browser page not served over
 * HTTPS) the value becomes `***`.
 *
 * @example
 * yield* hashSecret("gAAAAA…") // "{SHA256}5b1c…"
 */
export const hashSecret = (value: string): Effect.Effect<string> => {
  const subtle = globalThis.crypto?.subtle
  return subtle === undefined
    ? Effect.succeed("***")
    : Effect.map(
        Effect.promise(() => subtle.digest("SHA-256", textEncoder.encode(value))),
        (digest) => `{SHA256}${hex(digest)}`
      )
}

/**
 * The headers with the value of every sensitive header ({@link isSensitiveHeader}) replaced by its `{SHA256}` hash;
 * names and the other values are kept as they are.
 *
 * @example
 * yield* redactHeaders({ "X-Auth-Token": "gAAAAA…", Accept: "application/json" })
 * // { "X-Auth-Token": "{SHA256}5b1c…", Accept: "application/json" }
 */
export const redactHeaders = (headers: Readonly<Record<string, string>>): Effect.Effect<Record<string, string>> =>
  Effect.map(
    Effect.forEach(
      Object.entries(headers),
      ([name, value]) =>
        isSensitiveHeader(name)
          ? Effect.map(hashSecret(value), (hashed) => [name, hashed] as const)
          : Effect.succeed([name, value] as const),
      { concurrency: "unbounded" }
    ),
    (entries) => Object.fromEntries(entries)
  )

// ---------------------------------------------------------------------------------------------------------------------
// Bodies
// ---------------------------------------------------------------------------------------------------------------------

/**
 * What a masked value becomes.
 *
 * @example
 * redactJson({ password: "hunter2" }) // { password: masked }, i.e. { password: "***" }
 */
export const masked = "***"

/**
 * What a token body's service catalog becomes.
 *
 * @example
 * redactJson({ token: { catalog: [] } }) // { token: { catalog: "<catalog removed>" } }
 */
export const catalogRemoved = "<catalog removed>"

/** Nesting depth past which a value is not walked any further (a guard against cyclic objects). */
const maxDepth = 64

const isPlainObject = (u: unknown): u is Readonly<Record<string, unknown>> => {
  if (typeof u !== "object" || u === null) return false
  const proto: unknown = Object.getPrototypeOf(u)
  return proto === Object.prototype || proto === null
}

const isScalar = (u: unknown): u is string | number | bigint =>
  typeof u === "string" || typeof u === "number" || typeof u === "bigint"

/**
 * A value found under `key` (`undefined` at the top): masked if `secret` and a string or number, arrays walked item by
 * item with the same key, plain objects walked field by field, anything else kept.
 */
const redactValue = (key: string | undefined, secret: boolean, value: unknown, depth: number): unknown => {
  if (depth > maxDepth) return "…"
  if (secret && isScalar(value)) return masked
  if (Array.isArray(value)) return value.map((item) => redactValue(key, secret, item, depth + 1))
  if (!isPlainObject(value)) return value
  const out: Record<string, unknown> = {}
  for (const [field, fieldValue] of Object.entries(value)) out[field] = redactField(key, field, fieldValue, depth + 1)
  return out
}

/** The value of `field` in an object found under `parent`. */
const redactField = (parent: string | undefined, field: string, value: unknown, depth: number): unknown => {
  if ((parent === "token" && field === "catalog") || (parent === "access" && field === "serviceCatalog")) {
    return catalogRemoved
  }
  if (field === "id" && parent !== undefined && isTokenName(parent) && isScalar(value)) return masked
  return redactValue(field, isSecretName(field), value, depth)
}

/**
 * A deep copy of a decoded JSON body with its secrets masked, ready to be logged:
 * - a string or number under a name that is a secret ({@link isSecretName}: `password`, `original_password`,
 *   `new_password`, `passcode`, `secret`, `token`, `credential(s)`, `blob`, `signature`, `access_token`,
 *   `client_secret`, `adminPass`, `private_key`, …) becomes `"***"`, in arrays too;
 * - the `id` of an object under a name ending in `token` or `receipt` becomes `"***"` (the token method's
 *   `{"token":{"id":…}}`, v2's `access.token.id`);
 * - a token body's catalog (`token.catalog`, v2 `access.serviceCatalog`) becomes `"<catalog removed>"`.
 *
 * Objects under a secret name (`{"password":{"user":…}}`, `{"credential":{"blob":…}}`) are walked, not masked whole.
 * Everything else is kept as it is.
 *
 * @example
 * redactJson({ auth: { identity: { password: { user: { name: "demo", password: "s3cr3t" } } } } })
 * // { auth: { identity: { password: { user: { name: "demo", password: "***" } } } } }
 */
export const redactJson = (value: unknown): unknown => redactValue(undefined, false, value, 0)

/**
 * The longest body {@link redactBody} returns by default, in characters (plus the "…(N more)" note).
 *
 * @example
 * redactBody("x".repeat(5000)).length // 4096 + "…(904 more)".length
 */
export const maxBodyLength = 4096

/** A quoted, unquoted or XML value after a secret name, in text that is not JSON. */
const secretPattern = String.raw`[\w.-]*?(?:${secretWordSource})`

/** `Authorization: Bearer abc`-style lines: everything after the colon is the secret. */
const secretHeaderLine = new RegExp(String.raw`^([ \t]*(?:${[...sensitiveHeaders].join("|")})[ \t]*:[ \t]*)\S.*$`, "gim")

/** `<password>…</password>` */
const secretXml = new RegExp(String.raw`(<(${secretPattern})(?:\s[^>]*)?>)[^<]*(</\2\s*>)`, "gi")

/** `password=…`, `"password": "…"`, `password: …`, `'password' => '…'`, with the value quoted or not. */
const secretAssignment = new RegExp(
  String.raw`(["']?)\b(${secretPattern})\1(\s*(?:[:=]|=>)\s*)("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|[^\s&,;}\]"'<>]+)`,
  "gi"
)

/**
 * keystoneauth1's `mask_password` idea for text that is not JSON: every value after a secret name (`password=…`,
 * `"password": "…"`, `password: …`, `<password>…</password>`) and every secret header line is masked. Names are
 * matched loosely (`db_password`, `passcode`, `apiKey`, …), as text has no structure to go by.
 *
 * @example
 * maskText("grant_type=password&username=demo&password=hunter2") // "grant_type=password&username=demo&password=***"
 */
export const maskText = (text: string): string =>
  text
    .replace(secretHeaderLine, `$1${masked}`)
    .replace(secretXml, `$1${masked}$3`)
    .replace(secretAssignment, (_match, quote: string, name: string, separator: string, value: string) => {
      const first = value[0]
      const shown = first === "\"" || first === "'" ? `${first}${masked}${first}` : masked
      return `${quote}${name}${quote}${separator}${shown}`
    })

/**
 * The text cut to `max` characters, saying how many were left out.
 *
 * @example
 * clip("abcdef", 4) // "abcd…(2 more)"
 */
export const clip = (text: string, max: number = maxBodyLength): string =>
  text.length <= max ? text : `${text.slice(0, max)}…(${text.length - max} more)`

const parseJson = (text: string): { readonly value: unknown } | undefined => {
  try {
    return { value: JSON.parse(text) }
  } catch {
    return undefined
  }
}

/**
 * A body as it may be logged: JSON (by content type, or text that looks like a JSON object or array) is parsed and
 * redacted with {@link redactJson}, then written back compactly; anything else goes through {@link maskText}. Either
 * way the result is clipped to `maxLength` characters (4,096 by default).
 *
 * @example
 * redactBody("{\"user\":{\"name\":\"demo\",\"password\":\"hunter2\"}}", "application/json")
 * // "{\"user\":{\"name\":\"demo\",\"password\":\"***\"}}"
 * redactBody("password=hunter2&user=demo") // "password=***&user=demo"
 */
export const redactBody = (text: string, contentType?: string, maxLength: number = maxBodyLength): string => {
  const trimmed = text.trim()
  const looksJson = (contentType?.toLowerCase().includes("json") ?? false) || /^[{[]/.test(trimmed)
  const parsed = looksJson && trimmed !== "" ? parseJson(trimmed) : undefined
  return clip(parsed === undefined ? maskText(text) : JSON.stringify(redactJson(parsed.value)), maxLength)
}

/** The scalars of `original` that {@link redactJson} masked, walking both side by side. */
const maskedScalars = (original: unknown, redacted: unknown, into: Array<string>): void => {
  if (redacted === masked && isScalar(original)) {
    into.push(String(original))
    return
  }
  if (Array.isArray(original) && Array.isArray(redacted)) {
    original.forEach((item, i) => maskedScalars(item, redacted[i], into))
  } else if (isPlainObject(original) && isPlainObject(redacted)) {
    for (const [field, value] of Object.entries(original)) maskedScalars(value, redacted[field], into)
  }
}

/**
 * The secret values of a JSON body: those {@link redactJson} masks (passwords, secrets, passcodes, token ids, …).
 *
 * @example
 * secretValuesIn({ user: { name: "demo", password: "hunter22" } }) // ["hunter22"]
 */
export const secretValuesIn = (json: unknown): ReadonlyArray<string> => {
  const found: Array<string> = []
  maskedScalars(json, redactJson(json), found)
  return found
}

/** Secrets shorter than this are not looked for in text: masking every "ab" would garble a message and hide nothing. */
const shortestMaskable = 4

/**
 * `text` with every occurrence of each known secret replaced by `***` — what the SDK does to a server's message that
 * echoes a password or a token it was sent. Longer secrets are replaced first; very short ones are left alone.
 *
 * @example
 * maskKnown("bad password hunter22 for demo", ["hunter22"]) // "bad password *** for demo"
 */
export const maskKnown = (text: string, secrets: Iterable<string>): string => {
  const known = [...new Set(secrets)].filter((s) => s.length >= shortestMaskable).sort((a, b) => b.length - a.length)
  return known.reduce((out, secret) => out.includes(secret) ? out.split(secret).join(masked) : out, text)
}
