/**
 * Version discovery, as keystoneauth1's `discover` module does it: which API versions an endpoint serves, and which one
 * to use for the version you need.
 *
 * - Versions: {@link normalizeVersion} turns `"v3.1"`, `3`, `[3, 1]`, `"latest"`, `"3.latest"`, … into a
 *   {@link Version} pair; {@link versionMatch} says whether a server's version satisfies the one required.
 * - Documents: {@link decodeDocument} reads every shape servers send (`{"version": …}`, `{"versions": […]}`,
 *   `{"versions": {"values": […]}}`); {@link rawVersionData} and {@link versionData} filter them by status;
 *   {@link dataForVersion} picks the highest version that matches; {@link microversionFor} checks a microversion
 *   against a version's range.
 * - Fetching: the {@link Discovery} service GETs version documents through effect's `HttpClient` and caches them per
 *   URL, so that concurrent and later callers share one request.
 *
 * @example
 * import { Effect } from "effect"
 * import { Discovery } from "effect-openstack"
 *
 * const identityV3 = Effect.gen(function* () {
 *   const discovery = yield* Discovery.Discovery
 *   const chosen = yield* discovery.endpointFor("https://keystone.example:5000/", [3, 0])
 *   return chosen.url // "https://keystone.example:5000/v3/"
 * })
 * // provide Discovery.Discovery.layer and an HttpClient (Transport.node(), or a Session's client)
 *
 * @module
 */
import * as Arr from "effect/Array"
import * as Cache from "effect/Cache"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Order from "effect/Order"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import * as SchemaIssue from "effect/SchemaIssue"
import * as SchemaTransformation from "effect/SchemaTransformation"
import * as HttpClient from "effect/http/HttpClient"
import * as HttpClientRequest from "effect/http/HttpClientRequest"
import type * as HttpClientResponse from "effect/http/HttpClientResponse"
import {
  DiscoveryFailure,
  fromHttpClientError,
  fromResponse,
  type InvalidResponse,
  requestIdOf,
  ValidationError,
  VersionNotAvailable
} from "./Errors.ts"
import { decodeOrInvalid, type Origin } from "./internal/decode.ts"
import { redactUrl } from "./internal/redact.ts"

// ---------------------------------------------------------------------------------------------------------------------
// Versions
// ---------------------------------------------------------------------------------------------------------------------

/**
 * The "latest" part of a version (keystoneauth1's `LATEST = float('inf')`): `[LATEST, LATEST]` is "latest",
 * `[3, LATEST]` is "the latest 3.x".
 *
 * @example
 * Discovery.versionToString([3, Discovery.LATEST]) // "3.latest"
 */
export const LATEST: number = Number.POSITIVE_INFINITY

/**
 * A normalized version: major and minor, either of which may be {@link LATEST}.
 *
 * @example
 * const v3: Discovery.Version = [3, 0]
 */
export type Version = readonly [major: number, minor: number]

/**
 * What {@link normalizeVersion} accepts: a string (`"v3.1"`, `"3"`, `"latest"`, `"3.latest"`), a number (`3`, `3.1`,
 * {@link LATEST}) or a list of parts (`[3]`, `[3, 1]`, `["3", "1"]`, `[3, "latest"]`).
 *
 * @example
 * const required: Discovery.VersionInput = "v3.latest"
 */
export type VersionInput = string | number | ReadonlyArray<string | number>

const partToString = (part: string | number): string => (part === LATEST ? "latest" : String(part))

/** How an input is shown in an error message: strings quoted, lists bracketed. */
const describeInput = (input: VersionInput): string =>
  typeof input === "string"
    ? JSON.stringify(input)
    : typeof input === "number"
      ? String(input)
      : `[${input.map(describeInput).join(", ")}]`

const expectedForms = 'expected "3", "v3.1", 3.1, [3, 1], "latest" or "3.latest"'

/** One part of a version: digits, or "latest". */
const parsePart = (part: string): number | undefined => {
  if (part === "latest") return LATEST
  if (!/^\d+$/.test(part)) return undefined
  const value = Number(part)
  return Number.isSafeInteger(value) ? value : undefined
}

/** keystoneauth1's `normalize_version_number`, on the text form of the input. */
const parseVersionText = (text: string): Version | undefined => {
  const unprefixed = text.replace(/^v+/, "")
  const parts = /^\d+$/.test(unprefixed) ? [unprefixed, "0"] : unprefixed.split(".")
  if (parts.length === 1 && parts[0] === "latest") return [LATEST, LATEST]
  if (parts.length !== 2) return undefined
  const [major, minor] = parts.map(parsePart)
  return major === undefined || minor === undefined ? undefined : [major, minor]
}

/** The text form of any input, as keystoneauth1 builds it (numbers as text, lists joined with "."). */
const versionText = (input: VersionInput): string =>
  typeof input === "string"
    ? input
    : typeof input === "number"
      ? partToString(input)
      : input.map(partToString).join(".")

/**
 * {@link normalizeVersion} without the Effect: the version, or why the input is not one.
 *
 * @example
 * Discovery.parseVersion("v3.1") // Result.succeed([3, 1])
 */
export const parseVersion = (input: VersionInput): Result.Result<Version, string> => {
  const text = versionText(input)
  const version = parseVersionText(text)
  if (version !== undefined) return Result.succeed(version)
  const why = text.replace(/^v+/, "").split(".").length > 2 ? "only major.minor versions are supported" : expectedForms
  return Result.fail(`invalid version ${describeInput(input)}: ${why}`)
}

/**
 * Turns any version form into a {@link Version}, as keystoneauth1's `normalize_version_number` does: `"v3.3"` →
 * `[3, 3]`; `"v3"`, `"3"`, `3`, `[3]` → `[3, 0]`; `3.1`, `[3, 1]`, `["3", "1"]` → `[3, 1]`; `"latest"` →
 * `[LATEST, LATEST]`; `"3.latest"`, `[3, "latest"]` → `[3, LATEST]`. Anything else (`"foo"`, `-1`, `[]`, `"v3.x"`,
 * `NaN`, three-part versions) fails with `ValidationError` naming the input.
 *
 * @example
 * const version = yield* Discovery.normalizeVersion("v3.1") // [3, 1]
 */
export const normalizeVersion = (input: VersionInput): Effect.Effect<Version, ValidationError> =>
  Result.match(parseVersion(input), {
    onSuccess: Effect.succeed,
    onFailure: (message) => Effect.fail(new ValidationError({ message }))
  })

/**
 * A version as text (keystoneauth1's `version_to_string`): `"3.1"`, `"latest"`, `"3.latest"`.
 *
 * @example
 * Discovery.versionToString([Discovery.LATEST, Discovery.LATEST]) // "latest"
 */
export const versionToString = (version: Version): string =>
  version.every((part) => part === LATEST) ? "latest" : version.map(partToString).join(".")

/**
 * Versions in ascending order, {@link LATEST} above every number.
 *
 * @example
 * Arr.sort(versions, Discovery.versionOrder)
 */
export const versionOrder: Order.Order<Version> = Order.Tuple([Order.Number, Order.Number])

/** keystoneauth1's `_latest_soft_match`: "latest" matches anything, "3.latest" matches any 3.x. */
const latestSoftMatch = (required: Version, candidate: Version): boolean => {
  const [major, minor] = required
  if (major === LATEST && minor === LATEST) return true
  return minor === LATEST && major === candidate[0]
}

/**
 * Whether `candidate` satisfies `required` (keystoneauth1's `version_match`): `[LATEST, LATEST]` matches anything,
 * `[3, LATEST]` any 3.x; otherwise the major versions must be equal and the candidate's minor at least the required
 * one (a 3.3 server satisfies 3.1; a 4.1 server does not).
 *
 * @example
 * Discovery.versionMatch([3, 1], [3, 3]) // true
 */
export const versionMatch = (required: Version, candidate: Version): boolean =>
  latestSoftMatch(required, candidate)
  || (candidate[0] === required[0] && Order.isGreaterThanOrEqualTo(versionOrder)(candidate, required))

const isBetween = Order.isBetween(versionOrder)

// ---------------------------------------------------------------------------------------------------------------------
// Version documents
// ---------------------------------------------------------------------------------------------------------------------

/**
 * A version's status, normalized as keystoneauth1's `Status.normalize` does: case-insensitive, `stable` is `CURRENT`,
 * anything not known is `UNKNOWN`.
 *
 * @example
 * const status: Discovery.VersionStatus = "DEPRECATED"
 */
export type VersionStatus = typeof VersionStatus.Type

const VersionStatus = Schema.Literals(["CURRENT", "SUPPORTED", "DEPRECATED", "EXPERIMENTAL", "UNKNOWN"])

/**
 * The {@link VersionStatus} of a status as a server writes it.
 *
 * @example
 * Discovery.normalizeStatus("stable") // "CURRENT"
 */
export const normalizeStatus = (status: string | undefined): VersionStatus => {
  const upper = status?.toUpperCase()
  const canonical = upper === "STABLE" ? "CURRENT" : upper
  return VersionStatus.literals.find((known) => known === canonical) ?? "UNKNOWN"
}

const Link = Schema.Struct({ rel: Schema.String, href: Schema.String, type: Schema.optionalKey(Schema.String) })
const MediaType = Schema.Struct({ base: Schema.String, type: Schema.String })
/** `min_version`, `version`, `max_version`: some servers send "" or null for "none" (Nova's v2.0). */
const MicroversionText = Schema.optionalKey(Schema.NullOr(Schema.String))

/** A version entry as the server sends it; fields this module does not know are kept. */
const RawVersion = Schema.StructWithRest(
  Schema.Struct({
    id: Schema.String,
    status: Schema.optionalKey(Schema.String),
    links: Schema.optionalKey(Schema.Array(Link)),
    "media-types": Schema.optionalKey(Schema.Array(MediaType)),
    updated: Schema.optionalKey(Schema.String),
    min_version: MicroversionText,
    version: MicroversionText,
    max_version: MicroversionText
  }),
  [Schema.Record(Schema.String, Schema.Unknown)]
)

/**
 * A version entry as the server sent it (its JSON, checked to have the fields below with the right types).
 *
 * @example
 * const raw: Discovery.RawVersion = { id: "v3.14", status: "stable", links: [{ rel: "self", href: "http://x/v3/" }] }
 */
export type RawVersion = typeof RawVersion.Type

/**
 * A link of a version entry (`rel` "self" is the version's URL, "collection" the unversioned root).
 *
 * @example
 * const self: Discovery.Link = { rel: "self", href: "http://127.0.0.1:5000/v3/" }
 */
export type Link = typeof Link.Type

/**
 * A media type of a version entry.
 *
 * @example
 * const json: Discovery.MediaType = { base: "application/json", type: "application/vnd.openstack.identity-v3+json" }
 */
export type MediaType = typeof MediaType.Type

const VersionSchema = Schema.Tuple([Schema.Number, Schema.Number])

const VersionEntrySchema = Schema.Struct({
  id: Schema.String,
  version: VersionSchema,
  status: VersionStatus,
  rawStatus: Schema.UndefinedOr(Schema.String),
  links: Schema.Array(Link),
  mediaTypes: Schema.Array(MediaType),
  updated: Schema.UndefinedOr(Schema.String),
  minMicroversion: Schema.UndefinedOr(VersionSchema),
  maxMicroversion: Schema.UndefinedOr(VersionSchema),
  raw: RawVersion
})

/**
 * One decoded version entry.
 *
 * @example
 * const [entry] = document.versions // a Discovery.VersionEntry
 * entry?.version // [3, 14], from the id "v3.14"
 */
export interface VersionEntry {
  /** The id as the server wrote it: "v3.14", "v2.0". */
  readonly id: string
  /** The id, normalized. */
  readonly version: Version
  /** The status, normalized. */
  readonly status: VersionStatus
  /** The status as the server wrote it ("stable", "CURRENT"); undefined when it sent none. */
  readonly rawStatus: string | undefined
  readonly links: ReadonlyArray<Link>
  /** `media-types`. */
  readonly mediaTypes: ReadonlyArray<MediaType>
  readonly updated: string | undefined
  /** The lowest microversion (`min_version`); undefined when the service has none. */
  readonly minMicroversion: Version | undefined
  /** The highest microversion (`max_version`, else Nova's `version`); undefined when the service has none. */
  readonly maxMicroversion: Version | undefined
  /** The entry's JSON, with every field the server sent. */
  readonly raw: RawVersion
}

/** A version read from field `key`: a schema issue at that key when it is not one. */
const versionAt = (key: string, text: string): Effect.Effect<Version, SchemaIssue.Issue> =>
  Result.match(parseVersion(text), {
    onSuccess: Effect.succeed,
    onFailure: (message) => Effect.fail(new SchemaIssue.Pointer([key], new SchemaIssue.InvalidValue({ message })))
  })

/** A microversion field: "", null and a missing key all mean "none". */
const microversionAt = (
  key: "min_version" | "version" | "max_version",
  raw: RawVersion
): Effect.Effect<Version | undefined, SchemaIssue.Issue> => {
  const text = raw[key]
  return text === undefined || text === null || text === "" ? Effect.succeed(undefined) : versionAt(key, text)
}

const toVersionEntry = (raw: RawVersion): Effect.Effect<VersionEntry, SchemaIssue.Issue> =>
  Effect.all({
    version: versionAt("id", raw.id),
    minMicroversion: microversionAt("min_version", raw),
    maxMicroversion: raw.max_version ? microversionAt("max_version", raw) : microversionAt("version", raw)
  }).pipe(
    Effect.map(({ version, minMicroversion, maxMicroversion }) => ({
      id: raw.id,
      version,
      status: normalizeStatus(raw.status),
      rawStatus: raw.status,
      links: raw.links ?? [],
      mediaTypes: raw["media-types"] ?? [],
      updated: raw.updated,
      minMicroversion,
      maxMicroversion,
      raw
    }))
  )

/** A version entry, decoded: its id and microversions must be versions (a failure points at the field). */
const VersionEntryFromRaw = RawVersion.pipe(
  Schema.decodeTo(
    VersionEntrySchema,
    SchemaTransformation.transformEffect({
      decode: toVersionEntry,
      encode: (entry) => Effect.succeed(entry.raw)
    })
  )
)

/** Keystone's GET / (HTTP 300). */
const ValuesDocument = Schema.Struct({ versions: Schema.Struct({ values: Schema.Array(VersionEntryFromRaw) }) })
/** Nova, Neutron, Glance, … at their root. */
const ListDocument = Schema.Struct({ versions: Schema.Array(VersionEntryFromRaw) })
/** A versioned endpoint (Keystone's GET /v3). */
const SingleDocument = Schema.Struct({ version: VersionEntryFromRaw })
/** The body, as JSON. */
const JsonText = Schema.fromJsonString(Schema.Unknown)
/** Anything else. */
const NotAVersionDocument = Schema.Never.annotate({
  identifier: '{"version": {…}}, {"versions": […]} or {"versions": {"values": […]}}'
})

/**
 * A decoded version document: the versions an endpoint offers.
 *
 * @example
 * const document = yield* discovery.versions("http://127.0.0.1:5000/")
 * document.versions.map((v) => v.id) // ["v3.14"]
 */
export interface VersionDocument {
  /** Where it was fetched from, when known: relative links resolve against it, and errors name it. */
  readonly url: string | undefined
  /** The versions, in the server's order. */
  readonly versions: ReadonlyArray<VersionEntry>
}

const isRecord = (u: unknown): u is Readonly<Record<string, unknown>> =>
  typeof u === "object" && u !== null && !Array.isArray(u)

/** Decodes the JSON of a version document, choosing the shape as keystoneauth1 does (values, list, single). */
const decodeVersions = (json: unknown, origin: Origin): Effect.Effect<ReadonlyArray<VersionEntry>, InvalidResponse> => {
  const what = "the version document"
  if (isRecord(json) && isRecord(json.versions)) {
    return Effect.map(decodeOrInvalid(ValuesDocument, json, what, origin), (d) => d.versions.values)
  }
  if (isRecord(json) && "versions" in json) {
    return Effect.map(decodeOrInvalid(ListDocument, json, what, origin), (d) => d.versions)
  }
  if (isRecord(json) && "version" in json) {
    return Effect.map(decodeOrInvalid(SingleDocument, json, what, origin), (d) => [d.version])
  }
  return decodeOrInvalid(NotAVersionDocument, json, what, origin)
}

/**
 * Decodes a version document's JSON in any shape servers use: `{"version": {…}}` (a versioned endpoint, e.g.
 * Keystone's GET /v3), `{"versions": {"values": […]}}` (Keystone's GET /, an HTTP 300) and `{"versions": […]}` (Nova,
 * Neutron, Glance). Anything else fails with `InvalidResponse` naming the path that does not decode. `url` is where the
 * document came from, if known.
 *
 * @example
 * const document = yield* Discovery.decodeDocument({ versions: [{ id: "v2.0", status: "CURRENT", links: [] }] })
 */
export const decodeDocument = (json: unknown, url?: string): Effect.Effect<VersionDocument, InvalidResponse> =>
  Effect.map(decodeVersions(json, url === undefined ? {} : { url: redactUrl(url) }), (versions) => ({ url, versions }))

// ---------------------------------------------------------------------------------------------------------------------
// Choosing a version
// ---------------------------------------------------------------------------------------------------------------------

/**
 * Which statuses are acceptable, as in keystoneauth1's `raw_version_data`: current, supported and stable versions
 * always are; deprecated ones by default; experimental and unknown ones only when asked for.
 *
 * @example
 * Discovery.versionData(document, { allowExperimental: true })
 */
export interface StatusOptions {
  /** Accept EXPERIMENTAL versions. Default false. */
  readonly allowExperimental?: boolean | undefined
  /** Accept DEPRECATED versions. Default true. */
  readonly allowDeprecated?: boolean | undefined
  /** Accept versions with a status this module does not know. Default false. */
  readonly allowUnknown?: boolean | undefined
}

const isAllowed = (entry: VersionEntry, options: StatusOptions): boolean => {
  if (entry.rawStatus === undefined) return false
  switch (entry.status) {
    case "CURRENT":
    case "SUPPORTED":
      return true
    case "DEPRECATED":
      return options.allowDeprecated ?? true
    case "EXPERIMENTAL":
      return options.allowExperimental ?? false
    case "UNKNOWN":
      return options.allowUnknown ?? false
  }
}

/**
 * The entries whose status is acceptable, in the server's order (keystoneauth1's `raw_version_data`). An entry with no
 * status at all is never acceptable.
 *
 * @example
 * Discovery.rawVersionData(document, { allowDeprecated: false }).map((v) => v.id)
 */
export const rawVersionData = (document: VersionDocument, options: StatusOptions = {}): ReadonlyArray<VersionEntry> =>
  document.versions.filter((entry) => isAllowed(entry, options))

/**
 * A usable version: an entry plus its URLs.
 *
 * @example
 * const data: Discovery.VersionData = yield* Discovery.dataForVersion(document, [3, 0])
 * data.url // "http://127.0.0.1:5000/v3/"
 */
export interface VersionData extends VersionEntry {
  /** The version's endpoint (its "self" link, resolved against the document's URL). */
  readonly url: string
  /** The unversioned root (its "collection" link), when the server gives one. */
  readonly collectionUrl: string | undefined
}

/**
 * keystoneauth1's `_combine_relative_url`: a link resolved against the URL the document came from. When the link names
 * another host (a service behind a proxy that does not know its public name), the discovery URL's scheme and host are
 * kept and only the link's last path segment (its version) is taken.
 */
const resolveLink = (discoveryUrl: string | undefined, href: string): string => {
  const base = discoveryUrl === undefined ? null : URL.parse(discoveryUrl)
  const resolved = base === null ? null : URL.parse(href, base.href.replace(/\/*$/, "/"))
  if (base === null || resolved === null) return href
  const combined = new URL(base.href)
  if (resolved.host === base.host) {
    combined.pathname = resolved.pathname
  } else {
    const version = href.replace(/\/+$/, "").split("/").at(-1) ?? ""
    const basePath = base.pathname.replace(/\/+$/, "")
    const slash = href.endsWith("/") ? "/" : ""
    combined.pathname = basePath.endsWith(version) ? base.pathname : `${basePath}/${version}${slash}`
  }
  combined.search = resolved.search
  combined.hash = resolved.hash
  return combined.href
}

const linkUrl = (document: VersionDocument, entry: VersionEntry, rel: string): string | undefined => {
  const link = entry.links.find((l) => l.rel.toLowerCase() === rel)
  return link === undefined ? undefined : resolveLink(document.url, link.href)
}

const toVersionData = (document: VersionDocument) => (entry: VersionEntry): ReadonlyArray<VersionData> => {
  const url = linkUrl(document, entry, "self")
  return url === undefined || url === "" ? [] : [{ ...entry, url, collectionUrl: linkUrl(document, entry, "collection") }]
}

/**
 * The acceptable versions that have a "self" link, with their URLs, sorted by version, lowest first (keystoneauth1's
 * `version_data`).
 *
 * @example
 * Discovery.versionData(document).map((v) => [v.id, v.url])
 */
export const versionData = (document: VersionDocument, options: StatusOptions = {}): ReadonlyArray<VersionData> =>
  Arr.sort(
    rawVersionData(document, options).flatMap(toVersionData(document)),
    Order.mapInput(versionOrder, (data: VersionData) => data.version)
  )

/**
 * A range of acceptable versions (keystoneauth1's `min_version` / `max_version`). A missing `minVersion` means no lower
 * bound, a missing `maxVersion` means "latest". `minVersion: "latest"` allows only `maxVersion: "latest"`.
 *
 * @example
 * const range: Discovery.VersionRange = { minVersion: "3.0", maxVersion: "3.latest" }
 */
export interface VersionRange {
  readonly minVersion?: VersionInput | undefined
  readonly maxVersion?: VersionInput | undefined
}

/**
 * A required version: one version (the lowest acceptable in its major, as keystoneauth1's `data_for` takes it) or a
 * {@link VersionRange}.
 *
 * @example
 * const required: Discovery.VersionRequirement = [3, 0]
 */
export type VersionRequirement = VersionInput | VersionRange

const isVersionRange = (required: VersionRequirement): required is VersionRange =>
  typeof required === "object" && !Array.isArray(required)

/**
 * A requirement, normalized: its text (for errors), which versions satisfy it, and the major version a catalog URL
 * must name to be used as it is, without discovery (keystoneauth1's `_catalog_matches_exactly`: a bounded requirement
 * whose upper bound is in that major).
 */
interface Matcher {
  readonly requested: string
  readonly matches: (candidate: Version) => boolean
  readonly exactMajor: number | undefined
}

const isLatest = (version: Version): boolean => version[0] === LATEST && version[1] === LATEST

const rangeMatcher = Effect.fnUntraced(function* (range: VersionRange) {
  const min = range.minVersion === undefined ? ([0, 0] as const) : yield* normalizeVersion(range.minVersion)
  const max = range.maxVersion === undefined ? ([LATEST, LATEST] as const) : yield* normalizeVersion(range.maxVersion)
  const requested = `${versionToString(min)}-${versionToString(max)}`
  if (isLatest(min) && !isLatest(max)) {
    return yield* new ValidationError({
      message: `version range ${requested}: a minimum of "latest" allows only a maximum of "latest"`
    })
  }
  if (Order.isLessThan(versionOrder)(max, min)) {
    return yield* new ValidationError({ message: `version range ${requested}: the minimum is above the maximum` })
  }
  return {
    requested,
    matches: (v: Version) => latestSoftMatch(min, v) || isBetween(v, { minimum: min, maximum: max }),
    exactMajor: range.minVersion === undefined || range.maxVersion === undefined || max[0] === LATEST
      ? undefined
      : max[0]
  }
})

const matcherFor = (required: VersionRequirement): Effect.Effect<Matcher, ValidationError> =>
  isVersionRange(required)
    ? rangeMatcher(required)
    : Effect.map(normalizeVersion(required), (version) => ({
        requested: versionToString(version),
        matches: (candidate: Version) => versionMatch(version, candidate),
        exactMajor: version[0] === LATEST ? undefined : version[0]
      }))

const notAvailable = (document: VersionDocument, requested: string, usable: ReadonlyArray<VersionData>) => {
  const available = usable.map((v) => v.id)
  const excluded = document.versions.filter((v) => !available.includes(v.id))
  const where = document.url === undefined ? "" : ` at ${redactUrl(document.url)}`
  const offered = available.length === 0 ? "it offers no usable version" : `it offers ${available.join(", ")}`
  const others = excluded.length === 0
    ? ""
    : ` (not usable: ${excluded.map((v) => `${v.id} ${v.rawStatus ?? "with no status"}`).join(", ")})`
  return new VersionNotAvailable({
    message: `version ${requested} is not available${where}: ${offered}${others}`,
    requested,
    available,
    ...(document.url === undefined ? {} : { url: redactUrl(document.url) })
  })
}

/**
 * The highest acceptable version that satisfies `required` (keystoneauth1's `data_for`, or `versioned_data_for` with a
 * {@link VersionRange}). Fails with `VersionNotAvailable` (`requested`, `available`: the usable ids) when none does,
 * and with `ValidationError` when `required` is not a version.
 *
 * @example
 * const v3 = yield* Discovery.dataForVersion(document, "3") // the highest 3.x
 * const any = yield* Discovery.dataForVersion(document, { minVersion: "2.0" })
 */
export const dataForVersion = (
  document: VersionDocument,
  required: VersionRequirement,
  options: StatusOptions = {}
): Effect.Effect<VersionData, VersionNotAvailable | ValidationError> =>
  Effect.flatMap(matcherFor(required), ({ requested, matches }) => {
    const usable = versionData(document, options)
    return Option.match(Arr.findLast(usable, (data) => matches(data.version)), {
      onSome: Effect.succeed,
      onNone: () => Effect.fail(notAvailable(document, requested, usable))
    })
  })

// ---------------------------------------------------------------------------------------------------------------------
// Microversions
// ---------------------------------------------------------------------------------------------------------------------

/**
 * What a microversion check needs of a version: its microversion range (a {@link VersionEntry} or
 * {@link VersionData}).
 *
 * @example
 * const nova: Discovery.MicroversionRange = { id: "v2.1", minMicroversion: [2, 1], maxMicroversion: [2, 90] }
 */
export interface MicroversionRange {
  readonly id: string
  readonly minMicroversion: Version | undefined
  readonly maxMicroversion: Version | undefined
  readonly url?: string | undefined
}

/** The microversion `required` stands for: "latest" and "2.latest" are the version's maximum. */
const resolveMicroversion = (range: MicroversionRange, required: Version): Version | undefined => {
  const max = range.maxMicroversion
  if (required[1] !== LATEST) return required
  return max !== undefined && (required[0] === LATEST || required[0] === max[0]) ? max : undefined
}

/**
 * Whether a version supports a microversion: both ends of its range are known and the microversion lies within them
 * (openstacksdk's `supports_microversion`). `[LATEST, LATEST]` is supported when the range has a maximum,
 * `[2, LATEST]` when the maximum's major is 2.
 *
 * @example
 * Discovery.supportsMicroversion({ id: "v2.1", minMicroversion: [2, 1], maxMicroversion: [2, 90] }, [2, 53]) // true
 */
export const supportsMicroversion = (range: MicroversionRange, microversion: Version): boolean => {
  const { minMicroversion: min, maxMicroversion: max } = range
  const resolved = resolveMicroversion(range, microversion)
  return min !== undefined && max !== undefined && resolved !== undefined
    && isBetween(resolved, { minimum: min, maximum: max })
}

const rangeText = (range: MicroversionRange): ReadonlyArray<string> =>
  range.minMicroversion === undefined || range.maxMicroversion === undefined
    ? []
    : [`${versionToString(range.minMicroversion)}-${versionToString(range.maxMicroversion)}`]

/**
 * The microversion to send for `required` ("2.53", `[2, 53]`, "latest"), "latest" resolved to the version's maximum.
 * Fails with `VersionNotAvailable` when the version does not support it (`available` holds its range, e.g.
 * `["2.1-2.90"]`, or nothing when it has no microversions), and with `ValidationError` when `required` is not a
 * version.
 *
 * @example
 * const microversion = yield* Discovery.microversionFor(novaV21, "latest") // [2, 90]
 */
export const microversionFor = (
  range: MicroversionRange,
  required: VersionInput
): Effect.Effect<Version, VersionNotAvailable | ValidationError> =>
  Effect.flatMap(normalizeVersion(required), (microversion) => {
    const resolved = resolveMicroversion(range, microversion)
    if (resolved !== undefined && supportsMicroversion(range, resolved)) return Effect.succeed(resolved)
    const requested = versionToString(microversion)
    const available = rangeText(range)
    const where = range.url === undefined ? range.id : `${range.id} at ${redactUrl(range.url)}`
    const supports = available.length === 0 ? "it has no microversions" : `it supports ${available.join(", ")}`
    return Effect.fail(
      new VersionNotAvailable({
        message: `microversion ${requested} is not available in ${where}: ${supports}`,
        requested,
        available,
        ...(range.url === undefined ? {} : { url: redactUrl(range.url) })
      })
    )
  })

// ---------------------------------------------------------------------------------------------------------------------
// The catalog rule
// ---------------------------------------------------------------------------------------------------------------------

/** keystoneauth1's `_VERSION_HACKS`: catalog URLs that are versioned but stand for the unversioned root. */
const catalogRules: ReadonlyArray<{ readonly serviceType: string, readonly pattern: RegExp, readonly root: string }> = [
  { serviceType: "identity", pattern: /\/v2\.0\/?$/, root: "/" }
]

/**
 * The URL to discover versions from for a catalog endpoint: an identity URL ending in `/v2.0` or `/v2.0/` stands for
 * its unversioned root (keystoneauth1's `add_catalog_discover_hack('identity', re.compile('/v2.0/?$'), '/')`); other
 * URLs are returned as they are.
 *
 * @example
 * Discovery.catalogDiscoveryUrl("identity", "http://keystone:5000/v2.0") // "http://keystone:5000/"
 */
export const catalogDiscoveryUrl = (serviceType: string, url: string): string =>
  catalogRules
    .filter((rule) => rule.serviceType === serviceType)
    .reduce((current, rule) => current.replace(rule.pattern, rule.root), url)

/** A path segment that names a version: `v3`, `v2.1`, `v2.0`. */
const versionSegment = /^v\d+(\.\d+)?$/

/**
 * The unversioned root of a catalog URL (keystoneauth1's version hack): a trailing segment after a version segment
 * (a project id) is dropped, then a trailing version segment. Unversioned URLs are returned as they are.
 *
 * @example
 * Discovery.unversionedUrl("http://nova:8774/v2.1/6f70e4") // "http://nova:8774/"
 * Discovery.unversionedUrl("http://host/identity/v3")     // "http://host/identity/"
 */
export const unversionedUrl = (url: string): string => {
  const parsed = URL.parse(url)
  if (parsed === null) return url
  const segments = parsed.pathname.split("/").filter((segment) => segment !== "")
  if (segments.length >= 2 && versionSegment.test(segments.at(-2) ?? "")) segments.pop()
  if (versionSegment.test(segments.at(-1) ?? "")) segments.pop()
  parsed.pathname = `/${segments.map((segment) => `${segment}/`).join("")}`
  return parsed.href
}

/** The version a URL's path ends with (before a project id), if any. */
const versionOfUrl = (url: string): Version | undefined => {
  const segments = (URL.parse(url)?.pathname ?? "").split("/").filter((segment) => segment !== "")
  const segment = [segments.at(-1), segments.at(-2)].find((s) => s !== undefined && versionSegment.test(s))
  return segment === undefined ? undefined : parseVersionText(segment)
}

/**
 * The endpoint of a catalog URL for a required version, as keystoneauth1's `EndpointData` finds it for `get_endpoint`:
 * the catalog URL itself, with no request, when its path names the major version asked for and satisfies it (`/v3`
 * for `"3"`, `/v2.1/<project>` for `"2"`; keystoneauth1's exact catalog match); else from the version document at the
 * catalog URL, else at its unversioned root; when neither answers with a version document (no
 * answer, an error status, a body that is not one), the catalog URL itself — quietly when its path names a matching
 * version, with a warning otherwise (keystoneauth1's fallback). A document that lacks the version fails with
 * `VersionNotAvailable`.
 *
 * @example
 * const url = yield* Discovery.endpointForCatalogUrl(discovery, "identity", "http://keystone:5000/v3", "3")
 */
export const endpointForCatalogUrl = (
  discovery: DiscoveryService,
  serviceType: string,
  url: string,
  required: VersionRequirement
): Effect.Effect<string, VersionNotAvailable | ValidationError> =>
  Effect.gen(function* () {
    const { exactMajor, matches } = yield* matcherFor(required)
    const catalogVersion = versionOfUrl(url)
    // The catalog names the version asked for: used as it is, no document fetched (keystoneauth1's `get_endpoint`).
    if (catalogVersion !== undefined && catalogVersion[0] === exactMajor && matches(catalogVersion)) return url
    const candidates = Arr.dedupe([catalogDiscoveryUrl(serviceType, url), unversionedUrl(url)].map(discoveryUrl))
    const reasons: Array<string> = []
    for (const candidate of candidates) {
      const found = yield* Effect.result(discovery.endpointFor(candidate, required))
      if (Result.isSuccess(found)) return found.success.url
      const error = found.failure
      if (error._tag === "VersionNotAvailable" || error._tag === "ValidationError") return yield* Effect.fail(error)
      reasons.push(error.message)
    }
    if (catalogVersion === undefined || !matches(catalogVersion)) {
      yield* Effect.logWarning(
        `no version document for ${redactUrl(url)} (${reasons.join("; ")}): using the catalog URL as the endpoint`
      )
    }
    return url
  })

// ---------------------------------------------------------------------------------------------------------------------
// The service: fetching, with one cache entry per URL
// ---------------------------------------------------------------------------------------------------------------------

/**
 * The URL a document is fetched from and cached under: trailing slashes do not matter, and the path is sent with one
 * (Nova answers `/v2.1` with a redirect to `/v2.1/`, which the transport does not follow; every service answers the
 * form with the slash).
 *
 * @example
 * Discovery.discoveryUrl("http://127.0.0.1:5000/v3") // "http://127.0.0.1:5000/v3/"
 */
export const discoveryUrl = (url: string): string => {
  const parsed = URL.parse(url)
  if (parsed === null) return url
  parsed.pathname = parsed.pathname.replace(/\/*$/, "/")
  return parsed.href
}

/** 2xx answers and Keystone's 300 Multiple Choices carry a version document; any other status is an error. */
const requireDocumentStatus = (
  response: HttpClientResponse.HttpClientResponse
) =>
  (response.status >= 200 && response.status < 300) || response.status === 300
    ? Effect.succeed(response)
    : Effect.flatMap(fromResponse(response), Effect.fail)

const discoveryFailure = (url: string) => (error: { readonly message: string }) =>
  new DiscoveryFailure({
    message: `version discovery at ${redactUrl(url)} failed: ${error.message}`,
    url: redactUrl(url),
    cause: error
  })

/**
 * What the {@link Discovery} service does.
 *
 * @example
 * const discovery: Discovery.DiscoveryService = yield* Discovery.Discovery
 */
export interface DiscoveryService {
  /**
   * The version document at `url`, fetched once per URL (trailing slash insensitive) and cached; concurrent callers
   * share one request, and a failed fetch is not cached. Fails with `DiscoveryFailure` when there is no answer or an
   * error status, and with `InvalidResponse` when the body is not a version document.
   */
  readonly versions: (url: string) => Effect.Effect<VersionDocument, DiscoveryFailure | InvalidResponse>
  /**
   * The highest acceptable version at `url` that satisfies `required` (see {@link dataForVersion}); its `url` is the
   * endpoint to use.
   */
  readonly endpointFor: (
    url: string,
    required: VersionRequirement,
    options?: StatusOptions
  ) => Effect.Effect<VersionData, DiscoveryFailure | InvalidResponse | VersionNotAvailable | ValidationError>
  /** Forgets the cached document of `url`, so that the next call fetches it again. */
  readonly invalidate: (url: string) => Effect.Effect<void>
}

/** How many URLs keep their document; the least recently used is dropped beyond that (and fetched again if needed). */
const cacheCapacity = 1024

/**
 * GETs and decodes the version document at `url`, without caching (the {@link Discovery} service caches). Statuses 2xx
 * and 300 carry a document; no answer or another status fails with `DiscoveryFailure`, a body that is not a version
 * document with `InvalidResponse`.
 *
 * @example
 * const document = yield* Discovery.fetchDocument("http://127.0.0.1:5000/") // needs an HttpClient
 */
export const fetchDocument = Effect.fn("Discovery.fetch")(function* (url: string) {
  const client = yield* HttpClient.HttpClient
  yield* Effect.annotateCurrentSpan({ "url.full": redactUrl(url) })
  const request = HttpClientRequest.get(url).pipe(HttpClientRequest.acceptJson)
  const { response, body } = yield* client.execute(request).pipe(
    Effect.flatMap(requireDocumentStatus),
    Effect.flatMap((response) => Effect.map(response.text, (body) => ({ response, body }))),
    Effect.catchTag("HttpClientError", fromHttpClientError),
    Effect.mapError(discoveryFailure(url))
  )
  const requestId = requestIdOf(response.headers)
  const origin: Origin = {
    method: "GET",
    url: redactUrl(url),
    status: response.status,
    ...(requestId === undefined ? {} : { requestId })
  }
  const json = yield* decodeOrInvalid(JsonText, body, "the version document", origin)
  return { url, versions: yield* decodeVersions(json, origin) } satisfies VersionDocument
})

/**
 * A {@link DiscoveryService} on the `HttpClient` of the context (what {@link Discovery.layer} provides), for code that
 * keeps its own instance — a Session has one.
 *
 * @example
 * const discovery = yield* Discovery.make
 */
export const make: Effect.Effect<DiscoveryService, never, HttpClient.HttpClient> = Effect.gen(function* () {
  const client = yield* HttpClient.HttpClient
  const fetchWithClient = (url: string) => Effect.provideService(fetchDocument(url), HttpClient.HttpClient, client)

  const cache = yield* Cache.makeWith(fetchWithClient, {
    capacity: cacheCapacity,
    // Keep documents for the life of the layer, as keystoneauth1's session cache does; never keep a failure.
    timeToLive: (exit) => (Exit.isSuccess(exit) ? Duration.infinity : Duration.zero)
  })

  const versions = Effect.fn("Discovery.versions")(function* (url: string) {
    yield* Effect.annotateCurrentSpan({ "url.full": redactUrl(url) })
    return yield* Cache.get(cache, discoveryUrl(url))
  })

  const endpointFor = Effect.fn("Discovery.endpointFor")(function* (
    url: string,
    required: VersionRequirement,
    options?: StatusOptions
  ) {
    return yield* dataForVersion(yield* versions(url), required, options)
  })

  const invalidate = (url: string) => Cache.invalidate(cache, discoveryUrl(url))

  return { versions, endpointFor, invalidate } satisfies DiscoveryService
})

/**
 * Version discovery over effect's `HttpClient`, with a per-URL cache for the life of the layer. Requests go through
 * the client you provide, with no timeout of their own: give it one that bounds requests (the Session does).
 *
 * @example
 * const program = Effect.gen(function* () {
 *   const discovery = yield* Discovery.Discovery
 *   return (yield* discovery.endpointFor("http://127.0.0.1:5000/", "3")).url
 * }).pipe(Effect.provide(Discovery.Discovery.layer), Effect.provide(Transport.node()))
 */
export class Discovery extends Context.Service<Discovery, DiscoveryService>()("effect-openstack/Discovery") {
  /**
   * The service, on the `HttpClient` of the context.
   *
   * @example
   * Discovery.Discovery.layer.pipe(Layer.provide(Transport.node()))
   */
  static readonly layer: Layer.Layer<Discovery, never, HttpClient.HttpClient> = Layer.effect(Discovery, make)
}
