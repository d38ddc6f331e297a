/**
 * Builders of the token bodies Keystone sends, for tests — keystoneauth1's `fixture.V3Token` / `fixture.V2Token`.
 * Every field has a realistic default (random ids, one hour of validity); give only what the test is about.
 *
 * @example
 * import { Effect } from "effect"
 * import { AccessInfo } from "effect-openstack"
 * import { Fixtures } from "effect-openstack/testing"
 *
 * const token = new Fixtures.V3Token({ userName: "demo", projectName: "demo", roles: ["member"] })
 * token.addService("compute", { name: "nova" }).addStandardEndpoints({ public: "https://nova/v2.1", region: "r1" })
 * const access = AccessInfo.fromV3(token.body, token.subjectToken) // Effect<AccessInfo, InvalidResponse>
 *
 * @module
 */

const randomId = (): string => globalThis.crypto.randomUUID().replaceAll("-", "")

/** Keystone's timestamp format: "2026-11-22T11:56:16.000000Z". */
const keystoneTime = (date: Date): string => date.toISOString().replace(/\.(\d{3})Z$/, ".$1000Z")

const timeOf = (value: Date | string | undefined, fallback: () => Date): string =>
  typeof value === "string" ? value : keystoneTime(value ?? fallback())

const hourFromNow = () => new Date(Date.now() + 3_600_000)
const now = () => new Date()

/**
 * A role: a name (its id is made up), or both.
 *
 * @example
 * const roles: ReadonlyArray<Fixtures.RoleInput> = ["member", { id: "r1", name: "reader" }]
 */
export type RoleInput = string | { readonly id: string, readonly name: string }

const roleOf = (role: RoleInput) => (typeof role === "string" ? { id: randomId(), name: role } : role)

/**
 * The three interfaces' URLs of a service in one region.
 *
 * @example
 * service.addStandardEndpoints({ public: "https://nova/v2.1", internal: "http://nova.internal/v2.1", region: "r1" })
 */
export interface StandardEndpoints {
  readonly public: string
  readonly internal?: string
  readonly admin?: string
  readonly region?: string
}

/** Something endpoints can be added to, one interface at a time. */
interface AddsEndpoints {
  addEndpoint(iface: string, url: string, options?: { readonly region?: string }): unknown
}

/** Adds the public URL, and the internal and admin ones when given, in one region. */
const addStandard = <S extends AddsEndpoints>(service: S, urls: StandardEndpoints): S => {
  const region = urls.region === undefined ? {} : { region: urls.region }
  service.addEndpoint("public", urls.public, region)
  if (urls.internal !== undefined) service.addEndpoint("internal", urls.internal, region)
  if (urls.admin !== undefined) service.addEndpoint("admin", urls.admin, region)
  return service
}

interface V3EndpointJson {
  id: string
  interface: string
  url: string
  region?: string
  region_id?: string
}

/**
 * A service in a v3 catalog fixture; add its endpoints.
 *
 * @example
 * token.addService("identity").addEndpoint("public", "https://keystone/v3", { region: "r1" })
 */
export class V3Service {
  readonly type: string
  readonly name: string | undefined
  readonly id: string
  readonly #endpoints: Array<V3EndpointJson> = []

  constructor(type: string, name: string | undefined, id?: string) {
    this.type = type
    this.name = name
    this.id = id ?? randomId()
  }

  /**
   * Adds one endpoint.
   *
   * @example
   * service.addEndpoint("internal", "http://nova.internal/v2.1", { region: "RegionOne" })
   */
  addEndpoint(iface: string, url: string, options: { readonly region?: string, readonly id?: string } = {}): this {
    this.#endpoints.push({
      id: options.id ?? randomId(),
      interface: iface,
      url,
      ...(options.region === undefined ? {} : { region: options.region, region_id: options.region })
    })
    return this
  }

  /**
   * Adds a public endpoint, and internal and admin ones when given, in one region.
   *
   * @example
   * service.addStandardEndpoints({ public: "https://nova/v2.1", admin: "https://nova.admin/v2.1" })
   */
  addStandardEndpoints(urls: StandardEndpoints): this {
    return addStandard(this, urls)
  }

  /** The catalog entry as Keystone sends it. */
  toJSON(): unknown {
    return {
      id: this.id,
      type: this.type,
      ...(this.name === undefined ? {} : { name: this.name }),
      endpoints: this.#endpoints.map((e) => ({ ...e }))
    }
  }
}

/**
 * What a v3 token fixture says; everything is optional.
 *
 * @example
 * const options: Fixtures.V3TokenOptions = { domainId: "d1", domainName: "acme", methods: ["password", "totp"] }
 */
export interface V3TokenOptions {
  /** The X-Subject-Token (random by default). */
  readonly subjectToken?: string
  readonly userId?: string
  readonly userName?: string
  readonly userDomainId?: string
  readonly userDomainName?: string
  readonly expires?: Date | string
  readonly issued?: Date | string
  readonly methods?: ReadonlyArray<string>
  readonly auditId?: string
  readonly auditChainId?: string
  readonly roles?: ReadonlyArray<RoleInput>
  readonly projectId?: string
  readonly projectName?: string
  readonly projectDomainId?: string
  readonly projectDomainName?: string
  readonly domainId?: string
  readonly domainName?: string
  /** Scope to the whole system (`system: {all: true}`). */
  readonly system?: boolean
  readonly trustId?: string
  readonly trusteeUserId?: string
  readonly trustorUserId?: string
  readonly trustImpersonation?: boolean
  readonly oauthAccessTokenId?: string
  readonly oauthConsumerId?: string
  readonly applicationCredentialId?: string
  readonly applicationCredentialName?: string
  /** Federation data of the user (OS-FEDERATION): makes `isFederated` true. */
  readonly federation?: { readonly identityProviderId: string, readonly protocolId: string }
  readonly serviceProviders?: ReadonlyArray<{ readonly id: string, readonly authUrl: string, readonly spUrl: string }>
  readonly bind?: Readonly<Record<string, unknown>>
  /** Include a `catalog` even with no services (an empty list). By default only once a service is added. */
  readonly withCatalog?: boolean
}

/** The trustee and trustor of a trust, made up unless given. */
const trustParties = (o: { readonly trusteeUserId?: string, readonly trustorUserId?: string }) => ({
  trusteeUserId: o.trusteeUserId ?? randomId(),
  trustorUserId: o.trustorUserId ?? randomId()
})

/** An audit id, and the chain's first one for a rescoped token. */
const auditIds = (o: { readonly auditId?: string, readonly auditChainId?: string }): ReadonlyArray<string> => [
  o.auditId ?? randomId().slice(0, 22),
  ...(o.auditChainId === undefined ? [] : [o.auditChainId])
]

/** Fills the made-up ids a body needs once, so that every read of `body` gives the same token. */
const resolveV3 = (o: V3TokenOptions): V3TokenOptions => ({
  ...o,
  ...(o.projectId === undefined && o.projectName !== undefined ? { projectId: randomId() } : {}),
  ...(o.domainId === undefined && o.domainName !== undefined ? { domainId: randomId() } : {}),
  ...(o.trustId === undefined ? {} : trustParties(o)),
  ...(o.oauthAccessTokenId === undefined ? {} : { oauthConsumerId: o.oauthConsumerId ?? randomId() })
})

const isScoped = (o: V3TokenOptions): boolean =>
  o.projectId !== undefined || o.domainId !== undefined || o.system === true

const v3Scope = (o: V3TokenOptions) => ({
  ...(o.projectId === undefined
    ? {}
    : {
        project: {
          id: o.projectId,
          ...(o.projectName === undefined ? {} : { name: o.projectName }),
          domain: { id: o.projectDomainId ?? "default", name: o.projectDomainName ?? "Default" }
        }
      }),
  ...(o.domainId === undefined
    ? {}
    : { domain: { id: o.domainId, ...(o.domainName === undefined ? {} : { name: o.domainName }) } }),
  ...(o.system === true ? { system: { all: true } } : {})
})

const v3Extras = (o: V3TokenOptions) => ({
  ...(o.trustId === undefined
    ? {}
    : {
        "OS-TRUST:trust": {
          id: o.trustId,
          impersonation: o.trustImpersonation ?? false,
          trustee_user: { id: o.trusteeUserId },
          trustor_user: { id: o.trustorUserId }
        }
      }),
  ...(o.oauthAccessTokenId === undefined
    ? {}
    : { "OS-OAUTH1": { access_token_id: o.oauthAccessTokenId, consumer_id: o.oauthConsumerId } }),
  ...(o.applicationCredentialId === undefined
    ? {}
    : {
        application_credential: {
          id: o.applicationCredentialId,
          name: o.applicationCredentialName ?? "app-cred",
          restricted: true
        }
      }),
  ...(o.serviceProviders === undefined
    ? {}
    : { service_providers: o.serviceProviders.map((sp) => ({ id: sp.id, auth_url: sp.authUrl, sp_url: sp.spUrl })) }),
  ...(o.bind === undefined ? {} : { bind: o.bind })
})

/**
 * An identity v3 token: `body` is what `POST /v3/auth/tokens` answers, `subjectToken` its `X-Subject-Token`.
 *
 * @example
 * const token = new Fixtures.V3Token({ projectId: "p1", roles: ["admin"] })
 * token.addService("network").addStandardEndpoints({ public: "https://neutron:9696", region: "RegionOne" })
 */
export class V3Token {
  readonly subjectToken: string
  readonly options: V3TokenOptions
  readonly #services: Array<V3Service> = []
  readonly #user: { readonly id: string, readonly name: string }
  readonly #roles: ReadonlyArray<{ readonly id: string, readonly name: string }>
  readonly #audit: ReadonlyArray<string>
  readonly #times: { readonly expires: string, readonly issued: string }

  constructor(options: V3TokenOptions = {}) {
    this.options = resolveV3(options)
    this.subjectToken = options.subjectToken ?? `gAAAAA${randomId()}`
    this.#user = { id: options.userId ?? randomId(), name: options.userName ?? `user-${randomId().slice(0, 8)}` }
    this.#roles = (options.roles ?? []).map(roleOf)
    this.#audit = auditIds(options)
    this.#times = { expires: timeOf(options.expires, hourFromNow), issued: timeOf(options.issued, now) }
  }

  /**
   * Adds a service to the catalog; add its endpoints on what this returns.
   *
   * @example
   * token.addService("block-storage", { name: "cinderv3" }).addEndpoint("public", "https://cinder/v3", { region: "r2" })
   */
  addService(type: string, options: { readonly name?: string, readonly id?: string } = {}): V3Service {
    const service = new V3Service(type, options.name, options.id)
    this.#services.push(service)
    return service
  }

  /** The token body, `{"token": {...}}`, as Keystone sends it. */
  get body(): unknown {
    const o = this.options
    const federation = o.federation === undefined
      ? {}
      : {
          "OS-FEDERATION": {
            identity_provider: { id: o.federation.identityProviderId },
            protocol: { id: o.federation.protocolId },
            groups: []
          }
        }
    return {
      token: {
        methods: [...(o.methods ?? ["password"])],
        user: {
          id: this.#user.id,
          name: this.#user.name,
          domain: { id: o.userDomainId ?? "default", name: o.userDomainName ?? "Default" },
          ...federation
        },
        audit_ids: [...this.#audit],
        expires_at: this.#times.expires,
        issued_at: this.#times.issued,
        ...v3Scope(o),
        ...(this.#roles.length === 0 && !isScoped(o)
          ? {}
          : { roles: this.#roles.map((r) => ({ ...r })) }),
        ...(this.#services.length === 0 && o.withCatalog !== true
          ? {}
          : { catalog: this.#services.map((s) => s.toJSON()) }),
        ...v3Extras(o)
      }
    }
  }

  /** The user id the body carries (made up unless given). */
  get userId(): string {
    return this.#user.id
  }

  /** The roles the body carries, with their ids. */
  get roles(): ReadonlyArray<{ readonly id: string, readonly name: string }> {
    return this.#roles
  }
}

/**
 * A service in a v2.0 catalog fixture; each region is one v2 endpoint carrying up to three URLs.
 *
 * @example
 * token.addService("compute").addEndpoint("publicURL", "https://nova/v2", { region: "r1" })
 */
export class V2Service {
  readonly type: string
  readonly name: string | undefined
  readonly #endpoints: Array<Record<string, string>> = []

  constructor(type: string, name: string | undefined) {
    this.type = type
    this.name = name
  }

  /**
   * Sets the URL of one interface (`public` or `publicURL`, …) in a region.
   *
   * @example
   * service.addEndpoint("admin", "https://nova.admin/v2", { region: "RegionOne" })
   */
  addEndpoint(iface: string, url: string, options: { readonly region?: string } = {}): this {
    const key = iface.endsWith("URL") ? iface : `${iface}URL`
    const endpoint = this.#endpoints.find((e) => e.region === options.region)
    if (endpoint === undefined) {
      const region = options.region === undefined ? {} : { region: options.region }
      this.#endpoints.push({ id: randomId(), ...region, [key]: url })
    } else {
      endpoint[key] = url
    }
    return this
  }

  /**
   * Sets the public URL, and the internal and admin ones when given, in one region.
   *
   * @example
   * service.addStandardEndpoints({ public: "https://nova/v2", admin: "https://nova.admin/v2", region: "r1" })
   */
  addStandardEndpoints(urls: StandardEndpoints): this {
    return addStandard(this, urls)
  }

  /** The catalog entry as Keystone v2.0 sent it. */
  toJSON(): unknown {
    return {
      type: this.type,
      ...(this.name === undefined ? {} : { name: this.name }),
      endpoints: this.#endpoints.map((e) => ({ ...e })),
      endpoints_links: []
    }
  }
}

/**
 * What a v2.0 token fixture says; everything is optional.
 *
 * @example
 * const options: Fixtures.V2TokenOptions = { tenantId: "t1", tenantName: "demo", roles: ["member"] }
 */
export interface V2TokenOptions {
  readonly tokenId?: string
  readonly userId?: string
  readonly userName?: string
  readonly expires?: Date | string
  readonly issued?: Date | string
  readonly auditId?: string
  readonly auditChainId?: string
  readonly tenantId?: string
  readonly tenantName?: string
  readonly roles?: ReadonlyArray<RoleInput>
  readonly trustId?: string
  readonly trusteeUserId?: string
  readonly trustorUserId?: string
  readonly bind?: Readonly<Record<string, unknown>>
}

/**
 * A legacy identity v2.0 token body (`{"access": …}`); its token id is in the body.
 *
 * @example
 * const token = new Fixtures.V2Token({ tenantName: "demo" })
 * token.addService("identity").addStandardEndpoints({ public: "https://keystone/v2.0" })
 */
export class V2Token {
  readonly tokenId: string
  readonly options: V2TokenOptions
  readonly #services: Array<V2Service> = []
  readonly #userId: string
  readonly #roles: ReadonlyArray<{ readonly id: string, readonly name: string }>
  readonly #times: { readonly expires: string, readonly issued: string }
  readonly #audit: ReadonlyArray<string>

  constructor(options: V2TokenOptions = {}) {
    this.options = {
      ...options,
      ...(options.tenantId === undefined && options.tenantName !== undefined ? { tenantId: randomId() } : {}),
      ...(options.trustId === undefined ? {} : trustParties(options))
    }
    this.tokenId = options.tokenId ?? randomId()
    this.#userId = options.userId ?? randomId()
    this.#roles = (options.roles ?? []).map(roleOf)
    this.#times = { expires: timeOf(options.expires, hourFromNow), issued: timeOf(options.issued, now) }
    this.#audit = auditIds(options)
  }

  /**
   * Adds a service to the catalog; add its endpoints on what this returns.
   *
   * @example
   * token.addService("compute", { name: "nova" }).addStandardEndpoints({ public: "https://nova/v2" })
   */
  addService(type: string, options: { readonly name?: string } = {}): V2Service {
    const service = new V2Service(type, options.name)
    this.#services.push(service)
    return service
  }

  /** The token body, `{"access": {...}}`. */
  get body(): unknown {
    const o = this.options
    const tenant = o.tenantId === undefined
      ? undefined
      : { id: o.tenantId, ...(o.tenantName === undefined ? {} : { name: o.tenantName }), enabled: true }
    return {
      access: {
        token: {
          id: this.tokenId,
          expires: this.#times.expires,
          issued_at: this.#times.issued,
          audit_ids: [...this.#audit],
          ...(tenant === undefined ? {} : { tenant }),
          ...(o.bind === undefined ? {} : { bind: o.bind })
        },
        user: {
          id: this.#userId,
          name: o.userName ?? `user-${this.#userId.slice(0, 8)}`,
          roles: this.#roles.map((r) => ({ name: r.name })),
          roles_links: []
        },
        metadata: { is_admin: 0, roles: this.#roles.map((r) => r.id) },
        serviceCatalog: this.#services.map((s) => s.toJSON()),
        ...(o.trustId === undefined
          ? {}
          : {
              trust: {
                id: o.trustId,
                trustee_user_id: o.trusteeUserId,
                trustor_user_id: o.trustorUserId,
                impersonation: false
              }
            })
      }
    }
  }

  /** The user id the body carries (made up unless given). */
  get userId(): string {
    return this.#userId
  }

  /** The roles the body carries, with their ids. */
  get roles(): ReadonlyArray<{ readonly id: string, readonly name: string }> {
    return this.#roles
  }
}
