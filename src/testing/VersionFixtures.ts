/**
 * Builders of the version documents OpenStack services send, as plain JSON, for tests of version discovery (what
 * keystoneauth1's `fixture.V3Discovery` / `fixture.DiscoveryList` are for). Answer a request with one through
 * `MockHttp.json`. Meant to be re-exported by the `Fixtures` module of `effect-openstack/testing`.
 *
 * @example
 * import { Fixtures, MockHttp } from "effect-openstack/testing"
 *
 * const root = Fixtures.versionList([Fixtures.v3Version({ url: "http://keystone:5000/v3/" })])
 * const layer = MockHttp.layer(() => MockHttp.json(300, root)) // Keystone's GET /
 *
 * @module
 */

/**
 * A link of a version entry.
 *
 * @example
 * const self: Fixtures.LinkJson = { rel: "self", href: "http://nova/v2.1/" }
 */
export interface LinkJson {
  readonly rel: string
  readonly href: string
}

/**
 * A media type of a version entry.
 *
 * @example
 * const json: Fixtures.MediaTypeJson = { base: "application/json", type: "application/vnd.openstack.image" }
 */
export interface MediaTypeJson {
  readonly base: string
  readonly type: string
}

/**
 * A version entry, as a server writes it.
 *
 * @example
 * const entry: Fixtures.VersionJson = { id: "v2.0", status: "CURRENT", links: [] }
 */
export interface VersionJson {
  readonly id: string
  readonly status: string
  readonly links: ReadonlyArray<LinkJson>
  readonly updated?: string
  readonly "media-types"?: ReadonlyArray<MediaTypeJson>
  readonly min_version?: string
  readonly version?: string
  readonly max_version?: string
}

/**
 * What {@link versionEntry} builds a version entry from.
 *
 * @example
 * const nova: Fixtures.VersionOptions = { id: "v2.1", url: "http://nova/v2.1/", maxVersion: "2.90" }
 */
export interface VersionOptions {
  /** The version id, e.g. "v2.1". */
  readonly id: string
  /** The "self" link: the version's endpoint. */
  readonly url: string
  /** Default "CURRENT". */
  readonly status?: string
  readonly updated?: string
  readonly mediaTypes?: ReadonlyArray<MediaTypeJson>
  /** The lowest microversion (`min_version`). */
  readonly minVersion?: string
  /** The highest microversion, written under {@link VersionOptions.maxVersionKey}. */
  readonly maxVersion?: string
  /** Where the highest microversion goes: Nova's `version` (the default) or `max_version`. */
  readonly maxVersionKey?: "version" | "max_version"
  /** A "collection" link: the unversioned root. */
  readonly collectionUrl?: string
}

/**
 * A version entry with a "self" link, and with the optional fields given.
 *
 * @example
 * Fixtures.versionEntry({ id: "v2.1", url: "http://nova/v2.1/", minVersion: "2.1", maxVersion: "2.90" })
 */
export const versionEntry = (options: VersionOptions): VersionJson => ({
  id: options.id,
  status: options.status ?? "CURRENT",
  links: [
    { rel: "self", href: options.url },
    ...(options.collectionUrl === undefined ? [] : [{ rel: "collection", href: options.collectionUrl }])
  ],
  ...(options.updated === undefined ? {} : { updated: options.updated }),
  ...(options.mediaTypes === undefined ? {} : { "media-types": options.mediaTypes }),
  ...(options.minVersion === undefined ? {} : { min_version: options.minVersion }),
  ...(options.maxVersion === undefined ? {} : { [options.maxVersionKey ?? "version"]: options.maxVersion })
})

/**
 * What {@link v3Version} builds Keystone's v3 entry from; everything but the URL has Keystone's default.
 *
 * @example
 * const options: Fixtures.V3VersionOptions = { url: "http://keystone:5000/v3/", status: "deprecated" }
 */
export interface V3VersionOptions {
  readonly url: string
  /** Default "v3.14". */
  readonly id?: string
  /** Default "stable". */
  readonly status?: string
  /** Default "2020-04-07T00:00:00Z". */
  readonly updated?: string
  /** Default: application/json, `application/vnd.openstack.identity-v3+json`. */
  readonly mediaTypes?: ReadonlyArray<MediaTypeJson>
}

/**
 * Keystone's identity v3 entry, as GET /v3 and GET / write it.
 *
 * @example
 * Fixtures.v3Version({ url: "http://keystone:5000/v3/" }).id // "v3.14"
 */
export const v3Version = (options: V3VersionOptions): VersionJson =>
  versionEntry({
    id: options.id ?? "v3.14",
    url: options.url,
    status: options.status ?? "stable",
    updated: options.updated ?? "2020-04-07T00:00:00Z",
    mediaTypes: options.mediaTypes ?? [{ base: "application/json", type: "application/vnd.openstack.identity-v3+json" }]
  })

/**
 * A versioned endpoint's document: `{"version": {…}}` (Keystone's GET /v3).
 *
 * @example
 * Fixtures.singleVersion(Fixtures.v3Version({ url: "http://keystone:5000/v3/" }))
 */
export const singleVersion = (entry: VersionJson): { readonly version: VersionJson } => ({ version: entry })

/**
 * An unversioned root's document in Keystone's shape: `{"versions": {"values": […]}}` (sent with HTTP 300).
 *
 * @example
 * Fixtures.versionList([Fixtures.v3Version({ url: "http://keystone:5000/v3/" })])
 */
export const versionList = (
  entries: ReadonlyArray<VersionJson>
): { readonly versions: { readonly values: ReadonlyArray<VersionJson> } } => ({ versions: { values: entries } })

/**
 * An unversioned root's document in the plain shape of Nova, Neutron and Glance: `{"versions": […]}`.
 *
 * @example
 * Fixtures.versionArray([Fixtures.versionEntry({ id: "v2.0", url: "http://neutron:9696/v2.0/" })])
 */
export const versionArray = (
  entries: ReadonlyArray<VersionJson>
): { readonly versions: ReadonlyArray<VersionJson> } => ({ versions: entries })
