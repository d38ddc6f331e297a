/**
 * The service catalog of a token: where each service's endpoints are, per interface and region. Identity v3 and v2.0
 * catalogs are normalized into one model of endpoints, indexed by (official) service type.
 *
 * The lookups follow keystoneauth1: service types match their aliases (`volumev3` finds `block-storage`), interfaces
 * may be spelled the v2 way (`publicURL`) or as seed 004's `private` (= internal), a service name is checked only
 * when the catalog has names, and an interface list is an order of preference.
 *
 * @example
 * import { Effect } from "effect"
 * import { ServiceCatalog } from "effect-openstack"
 *
 * const url = (catalog: ServiceCatalog.ServiceCatalog) =>
 *   catalog.urlFor({ serviceType: "compute", interface: "internal", regionName: "RegionOne" })
 *
 * @module
 */
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import { AmbiguousEndpoints, EmptyCatalog, EndpointNotFound, type InvalidResponse } from "./Errors.ts"
import * as ServiceTypes from "./ServiceTypes.ts"
import { decodeOrInvalid } from "./internal/decode.ts"

// ---------------------------------------------------------------------------------------------------------------------
// Wire formats
// ---------------------------------------------------------------------------------------------------------------------

/**
 * An endpoint of a v3 catalog entry.
 *
 * @example
 * const endpoint: typeof ServiceCatalog.V3Endpoint.Type = { interface: "public", url: "https://nova/v2.1" }
 */
export const V3Endpoint = Schema.Struct({
  id: Schema.optionalKey(Schema.String),
  interface: Schema.String,
  region: Schema.optionalKey(Schema.NullOr(Schema.String)),
  region_id: Schema.optionalKey(Schema.NullOr(Schema.String)),
  url: Schema.String
})

/**
 * A v3 catalog entry (`token.catalog[i]`, or `GET /v3/auth/catalog`).
 *
 * @example
 * Schema.decodeUnknownSync(ServiceCatalog.V3Service)({ type: "compute", name: "nova", endpoints: [] })
 */
export const V3Service = Schema.Struct({
  id: Schema.optionalKey(Schema.String),
  type: Schema.String,
  name: Schema.optionalKey(Schema.String),
  endpoints: Schema.Array(V3Endpoint)
})

/**
 * An identity v3 catalog.
 *
 * @example
 * const services = yield* Schema.decodeUnknownEffect(ServiceCatalog.V3Catalog)(body.catalog)
 * const catalog = ServiceCatalog.ServiceCatalog.fromV3(services)
 */
export const V3Catalog = Schema.Array(V3Service)

/**
 * An endpoint of a v2.0 catalog entry: one URL per interface.
 *
 * @example
 * const endpoint: typeof ServiceCatalog.V2Endpoint.Type = { region: "RegionOne", publicURL: "https://nova/v2" }
 */
export const V2Endpoint = Schema.Struct({
  id: Schema.optionalKey(Schema.String),
  region: Schema.optionalKey(Schema.NullOr(Schema.String)),
  publicURL: Schema.optionalKey(Schema.String),
  internalURL: Schema.optionalKey(Schema.String),
  adminURL: Schema.optionalKey(Schema.String)
})

/**
 * A v2.0 catalog entry (`access.serviceCatalog[i]`).
 *
 * @example
 * Schema.decodeUnknownSync(ServiceCatalog.V2Service)({ type: "identity", endpoints: [{ publicURL: url }] })
 */
export const V2Service = Schema.Struct({
  type: Schema.String,
  name: Schema.optionalKey(Schema.String),
  endpoints: Schema.Array(V2Endpoint)
})

/**
 * An identity v2.0 catalog.
 *
 * @example
 * const services = Schema.decodeUnknownSync(ServiceCatalog.V2Catalog)(body.access.serviceCatalog)
 * const catalog = ServiceCatalog.ServiceCatalog.fromV2(services)
 */
export const V2Catalog = Schema.Array(V2Service)

// ---------------------------------------------------------------------------------------------------------------------
// The model
// ---------------------------------------------------------------------------------------------------------------------

/**
 * One endpoint: a URL for one service, interface and region.
 *
 * @example
 * const endpoint: ServiceCatalog.Endpoint = { serviceType: "compute", interface: "public", url: "https://nova:8774/v2.1" }
 */
export interface Endpoint {
  /** The service type as the catalog spells it (possibly an alias, e.g. "volumev3"). */
  readonly serviceType: string
  readonly serviceName?: string
  readonly serviceId?: string
  /** "public", "internal" or "admin" (v2 `publicURL` etc. are normalized). */
  readonly interface: string
  /** The region id (v3 `region_id`, else `region`). */
  readonly region?: string
  readonly url: string
  /** The endpoint's id, when the catalog gives one. */
  readonly id?: string
}

/**
 * An interface, in any spelling: v3 (`public`), v2 (`publicURL`), or `private` for internal. `auth` is not in any
 * catalog: it stands for the auth plugin's own auth URL (keystoneauth1's `AUTH_INTERFACE`), which the plugin answers
 * for — how a token without a catalog (unscoped) still reaches Keystone's `/auth/projects`.
 *
 * @example
 * const preference: ReadonlyArray<ServiceCatalog.InterfaceName> = ["internal", "public"]
 */
export type InterfaceName =
  | "public"
  | "internal"
  | "admin"
  | "publicURL"
  | "internalURL"
  | "adminURL"
  | "private"
  | "auth"

/**
 * What to look for. Every criterion is optional; an interface list is an order of preference.
 *
 * @example
 * const filter: ServiceCatalog.EndpointFilter = { serviceType: "network", interface: ["internal", "public"] }
 */
export interface EndpointFilter {
  readonly serviceType?: string | undefined
  readonly interface?: InterfaceName | ReadonlyArray<InterfaceName> | undefined
  readonly regionName?: string | undefined
  /** Checked only against catalog entries that have a name (older catalogs have none). */
  readonly serviceName?: string | undefined
  readonly serviceId?: string | undefined
  readonly endpointId?: string | undefined
}

const interfaceAliases: Readonly<Record<string, string>> = {
  publicURL: "public",
  internalURL: "internal",
  adminURL: "admin",
  private: "internal"
}

/**
 * The v3 spelling of an interface name: `publicURL` → `public`, `private` → `internal`, …
 *
 * @example
 * ServiceCatalog.normalizeInterface("adminURL") // "admin"
 */
export const normalizeInterface = (name: string): string => interfaceAliases[name] ?? name

const interfacesOf = (filter: EndpointFilter): ReadonlyArray<string> =>
  filter.interface === undefined
    ? []
    : (typeof filter.interface === "string" ? [filter.interface] : filter.interface).map(normalizeInterface)

/**
 * A filter as error fields: only the criteria that were given, as text.
 *
 * @example
 * ServiceCatalog.describeFilter({ serviceType: "compute", interface: ["internal", "public"] })
 * // { serviceType: "compute", interface: "internal,public" }
 */
export const describeFilter = (filter: EndpointFilter): Record<string, string> =>
  Object.fromEntries(
    Object.entries(filter)
      .filter(([, value]) => value !== undefined)
      .map(([key, value]) => [key, Array.isArray(value) ? value.join(",") : String(value)])
  )

const filterText = (filter: EndpointFilter): string =>
  Object.entries(describeFilter(filter))
    .map(([key, value]) => `${key} "${value}"`)
    .join(", ") || "no criteria"

const withDefaultInterface = (filter: EndpointFilter): EndpointFilter =>
  filter.interface === undefined ? { ...filter, interface: "public" } : filter

/** Whether an endpoint passes every criterion but the interface and the service type. */
const passes = (filter: EndpointFilter) => (endpoint: Endpoint): boolean =>
  (filter.regionName === undefined || endpoint.region === filter.regionName)
  && (filter.serviceName === undefined || endpoint.serviceName === undefined
    || endpoint.serviceName === filter.serviceName)
  && (filter.serviceId === undefined || endpoint.serviceId === filter.serviceId)
  && (filter.endpointId === undefined || endpoint.id === filter.endpointId)

/** Of endpoints of one service type, those on the most preferred interface that has any. */
const onPreferredInterface = (endpoints: ReadonlyArray<Endpoint>, interfaces: ReadonlyArray<string>) => {
  if (interfaces.length === 0) return endpoints
  const best = interfaces.find((name) => endpoints.some((e) => e.interface === name))
  return best === undefined ? [] : endpoints.filter((e) => e.interface === best)
}

const rank = (endpoint: Endpoint): number => ServiceTypes.preference(endpoint.serviceType)

/** Groups in first-seen order. */
const groupBy = (endpoints: ReadonlyArray<Endpoint>, key: (e: Endpoint) => string): Map<string, Array<Endpoint>> => {
  const groups = new Map<string, Array<Endpoint>>()
  for (const endpoint of endpoints) {
    const group = groups.get(key(endpoint))
    if (group === undefined) groups.set(key(endpoint), [endpoint])
    else group.push(endpoint)
  }
  return groups
}

/**
 * A token's catalog, normalized and indexed by official service type.
 *
 * @example
 * const catalog = ServiceCatalog.ServiceCatalog.fromV3([
 *   { type: "compute", name: "nova", endpoints: [{ interface: "public", region_id: "r1", url: "https://nova/v2.1" }] }
 * ])
 * catalog.getUrls({ serviceType: "compute" }) // ["https://nova/v2.1"]
 */
export class ServiceCatalog {
  /** Every endpoint, in catalog order. */
  readonly endpoints: ReadonlyArray<Endpoint>
  /** How many services the catalog lists (0: an empty or absent catalog). */
  readonly serviceCount: number
  readonly #byOfficialType: ReadonlyMap<string, ReadonlyArray<Endpoint>>

  private constructor(endpoints: ReadonlyArray<Endpoint>, serviceCount: number) {
    this.endpoints = endpoints
    this.serviceCount = serviceCount
    const byType = groupBy(endpoints, (e) => ServiceTypes.official(e.serviceType))
    // Within a service, the official type's entries come first, then each alias's, in the order of preference.
    this.#byOfficialType = new Map(
      [...byType].map(([type, group]) => [type, group.toSorted((a, b) => rank(a) - rank(b))])
    )
  }

  /**
   * A catalog with no services (an unscoped token's).
   *
   * @example
   * ServiceCatalog.ServiceCatalog.empty.serviceCount // 0
   */
  static readonly empty: ServiceCatalog = new ServiceCatalog([], 0)

  /**
   * From a decoded v3 catalog.
   *
   * @example
   * ServiceCatalog.ServiceCatalog.fromV3([{ type: "identity", endpoints: [] }]).serviceCount // 1
   */
  static fromV3(services: Schema.Schema.Type<typeof V3Catalog>): ServiceCatalog {
    const endpoints = services.flatMap((service) =>
      service.endpoints.map((endpoint): Endpoint => {
        const region = endpoint.region_id ?? endpoint.region ?? undefined
        return {
          serviceType: service.type,
          ...(service.name === undefined ? {} : { serviceName: service.name }),
          ...(service.id === undefined ? {} : { serviceId: service.id }),
          interface: normalizeInterface(endpoint.interface),
          ...(region === undefined ? {} : { region }),
          url: endpoint.url,
          ...(endpoint.id === undefined ? {} : { id: endpoint.id })
        }
      })
    )
    return new ServiceCatalog(endpoints, services.length)
  }

  /**
   * From a decoded v2.0 catalog: each v2 endpoint yields one endpoint per URL it has.
   *
   * @example
   * ServiceCatalog.ServiceCatalog.fromV2([{ type: "compute", endpoints: [{ publicURL: "https://nova" }] }])
   */
  static fromV2(services: Schema.Schema.Type<typeof V2Catalog>): ServiceCatalog {
    const urlKeys = ["publicURL", "internalURL", "adminURL"] as const
    const endpoints = services.flatMap((service) =>
      service.endpoints.flatMap((endpoint) =>
        urlKeys.flatMap((key): ReadonlyArray<Endpoint> => {
          const url = endpoint[key]
          return url === undefined
            ? []
            : [
                {
                  serviceType: service.type,
                  ...(service.name === undefined ? {} : { serviceName: service.name }),
                  interface: normalizeInterface(key),
                  ...(endpoint.region == null ? {} : { region: endpoint.region }),
                  url,
                  ...(endpoint.id === undefined ? {} : { id: endpoint.id })
                }
              ]
        })
      )
    )
    return new ServiceCatalog(endpoints, services.length)
  }

  /**
   * Decodes a v3 catalog from JSON (e.g. the body of `GET /v3/auth/catalog`'s `catalog`).
   *
   * @example
   * const catalog = yield* ServiceCatalog.ServiceCatalog.decodeV3(json)
   */
  static decodeV3(json: unknown): Effect.Effect<ServiceCatalog, InvalidResponse> {
    return Effect.map(decodeOrInvalid(V3Catalog, json, "the v3 service catalog"), ServiceCatalog.fromV3)
  }

  /**
   * Decodes a v2.0 catalog from JSON (`access.serviceCatalog`).
   *
   * @example
   * const catalog = yield* ServiceCatalog.ServiceCatalog.decodeV2(json)
   */
  static decodeV2(json: unknown): Effect.Effect<ServiceCatalog, InvalidResponse> {
    return Effect.map(decodeOrInvalid(V2Catalog, json, "the v2.0 service catalog"), ServiceCatalog.fromV2)
  }

  /**
   * Every endpoint that matches, best first: by service type preference (official type, then aliases), and on each
   * service's most preferred interface when an interface list is given. No interface given: every interface.
   *
   * @example
   * catalog.getEndpoints({ serviceType: "compute", regionName: "RegionOne" })
   */
  getEndpoints(filter: EndpointFilter = {}): ReadonlyArray<Endpoint> {
    return this.matchesByType(filter).flat()
  }

  /** The matches grouped by the catalog's service type, most preferred type first. */
  private matchesByType(filter: EndpointFilter): ReadonlyArray<ReadonlyArray<Endpoint>> {
    const candidates = filter.serviceType === undefined
      ? this.endpoints
      : (this.#byOfficialType.get(ServiceTypes.official(filter.serviceType)) ?? [])
    const interfaces = interfacesOf(filter)
    return [...groupBy(candidates.filter(passes(filter)), (e) => e.serviceType).values()]
      .map((group) => onPreferredInterface(group, interfaces))
      .filter((group) => group.length > 0)
  }

  /**
   * The URLs of the matching endpoints (interface "public" unless given), best first; empty when none matches.
   *
   * @example
   * catalog.getUrls({ serviceType: "identity", interface: "adminURL" })
   */
  getUrls(filter: EndpointFilter = {}): ReadonlyArray<string> {
    return this.getEndpoints(withDefaultInterface(filter)).map((e) => e.url)
  }

  /**
   * The URL of the first matching endpoint, as keystoneclient's `url_for`: service type "identity" and interface
   * "public" unless given. Fails with `EmptyCatalog` when the token has no catalog and `EndpointNotFound` when nothing
   * matches, both naming the filter.
   *
   * @example
   * const url = yield* catalog.urlFor({ serviceType: "compute", interface: "private" }) // private = internal
   */
  urlFor(filter: EndpointFilter = {}): Effect.Effect<string, EmptyCatalog | EndpointNotFound> {
    return Effect.map(this.firstMatch(filter), (endpoint) => endpoint.url)
  }

  /**
   * The one endpoint the filter selects (service type "identity" and interface "public" unless given). Unlike
   * {@link urlFor}, it does not guess: matches with different URLs (e.g. one per region when no region was given)
   * fail with `AmbiguousEndpoints`.
   *
   * @example
   * const endpoint = yield* catalog.endpointData({ serviceType: "network", regionName: "RegionTwo" })
   */
  endpointData(
    filter: EndpointFilter = {}
  ): Effect.Effect<Endpoint, EmptyCatalog | EndpointNotFound | AmbiguousEndpoints> {
    const full = this.withDefaults(filter)
    return Effect.flatMap(this.firstMatch(filter), (first) => {
      const urls = [...new Set((this.matchesByType(full)[0] ?? []).map((e) => e.url))]
      return urls.length <= 1
        ? Effect.succeed(first)
        : Effect.fail(
            new AmbiguousEndpoints({
              message: `${urls.length} endpoints match ${filterText(full)}: ${urls.join(", ")}; `
                + "give a region name (or another criterion) to choose one",
              filter: describeFilter(full),
              endpoints: urls
            })
          )
    })
  }

  private withDefaults(filter: EndpointFilter): EndpointFilter {
    return withDefaultInterface(filter.serviceType === undefined ? { ...filter, serviceType: "identity" } : filter)
  }

  private firstMatch(filter: EndpointFilter): Effect.Effect<Endpoint, EmptyCatalog | EndpointNotFound> {
    const full = this.withDefaults(filter)
    if (this.serviceCount === 0) {
      return Effect.fail(
        new EmptyCatalog({
          message: `the token has no service catalog (an unscoped token?), so nothing matches ${filterText(full)}`,
          filter: describeFilter(full)
        })
      )
    }
    const [first] = this.getEndpoints(full)
    return first === undefined
      ? Effect.fail(
          new EndpointNotFound({
            message: `no endpoint in the service catalog matches ${filterText(full)}; ${this.describeService(full)}`,
            filter: describeFilter(full)
          })
        )
      : Effect.succeed(first)
  }

  /** What the catalog does offer for the filter's service type, to say next to "not found". */
  private describeService(filter: EndpointFilter): string {
    const type = filter.serviceType ?? "identity"
    const offered = this.#byOfficialType.get(ServiceTypes.official(type))
    if (offered === undefined) {
      const types = [...new Set(this.endpoints.map((e) => e.serviceType))].join(", ")
      return `the catalog has no ${type} service (it has: ${types || "no endpoints"})`
    }
    const where = [...new Set(offered.map((e) => `${e.interface} in ${e.region ?? "no region"}`))].join(", ")
    return `${type} is offered as: ${where}`
  }
}
