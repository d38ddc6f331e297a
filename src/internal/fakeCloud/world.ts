/**
 * The whole fake cloud at one moment: Keystone's and Neutron's records (as their wire JSON), the secrets Keystone
 * keeps, group memberships, role grants and implications, and the tokens issued. A world is never changed in place:
 * a request that changes the cloud gives a new world, which replaces the old one atomically.
 *
 * @internal
 */
import { newId } from "./ids.ts"
import { defaultSeed, type Seed } from "./seed.ts"

/**
 * A record as the API shows it (snake_case JSON).
 *
 * @example
 * const project: Rec = { id: "p1", name: "demo", domain_id: "default" }
 */
export type Rec = Readonly<Record<string, unknown>>

/**
 * The collections of records.
 *
 * @example
 * const name: TableName = "networks"
 */
export type TableName =
  | "domains" | "projects" | "users" | "groups" | "roles" | "regions" | "services" | "endpoints"
  | "application_credentials" | "access_rules" | "credentials" | "policies"
  | "networks" | "subnets" | "ports" | "routers" | "floatingips" | "security_groups" | "security_group_rules"

const tableNames: ReadonlyArray<TableName> = [
  "domains", "projects", "users", "groups", "roles", "regions", "services", "endpoints", "application_credentials",
  "access_rules", "credentials", "policies", "networks", "subnets", "ports", "routers", "floatingips",
  "security_groups", "security_group_rules"
]

/**
 * A role held by a user or a group on a project, a domain or the system; inherited by the projects under the target.
 *
 * @example
 * const grant: Grant = { role: "r1", user: "u1", project: "p1", inherited: false }
 */
export interface Grant {
  readonly role: string
  readonly user?: string
  readonly group?: string
  readonly project?: string
  readonly domain?: string
  readonly system?: boolean
  readonly inherited: boolean
}

/**
 * An issued token: whose, how, scoped to what, with which roles (ids), and when it ends (epoch milliseconds).
 *
 * @example
 * const token: Token = { id: "fake-…", userId: "u1", methods: ["password"], scope: { project: "p1" }, roles: ["r1"],
 *   issuedAt: 0, expiresAt: 3_600_000, auditId: "a1" }
 */
export interface Token {
  readonly id: string
  readonly userId: string
  readonly methods: ReadonlyArray<string>
  readonly scope: { readonly project?: string, readonly domain?: string, readonly system?: boolean }
  readonly roles: ReadonlyArray<string>
  readonly issuedAt: number
  readonly expiresAt: number
  readonly auditId: string
  readonly applicationCredential?: string
  readonly revoked?: boolean
}

/**
 * The fake cloud at one moment.
 *
 * @example
 * const projects = world.tables.projects.size
 */
export interface World {
  /** Where the fake answers: `${baseUrl}/identity/v3` is Keystone, `${baseUrl}/network` Neutron. */
  readonly baseUrl: string
  readonly tokenLifetimeMs: number
  readonly tables: Readonly<Record<TableName, ReadonlyMap<string, Rec>>>
  /** Passwords by user id, secrets by application credential id, TOTP secrets by `totp:<user id>`. */
  readonly secrets: ReadonlyMap<string, string>
  /** `<group id>/<user id>`. */
  readonly memberships: ReadonlySet<string>
  /** `<prior role id>/<implied role id>`. */
  readonly implies: ReadonlySet<string>
  readonly grants: ReadonlyArray<Grant>
  readonly tokens: ReadonlyMap<string, Token>
}

/**
 * The records of a table, in the order they were made.
 *
 * @example
 * const networks = rows(world, "networks")
 */
export const rows = (world: World, table: TableName): ReadonlyArray<Rec> => [...world.tables[table].values()]

/**
 * A world with a record put (added, or replaced by id).
 *
 * @example
 * const next = put(world, "networks", network)
 */
export const put = (world: World, table: TableName, record: Rec): World => ({
  ...world,
  tables: { ...world.tables, [table]: new Map(world.tables[table]).set(String(record.id), record) }
})

/**
 * A world without a record.
 *
 * @example
 * const next = drop(world, "networks", id)
 */
export const drop = (world: World, table: TableName, id: string): World => {
  const next = new Map(world.tables[table])
  next.delete(id)
  return { ...world, tables: { ...world.tables, [table]: next } }
}

/**
 * The endpoint URL of a service type in the fake.
 *
 * @example
 * serviceUrl("http://fake.cloud", "identity") // "http://fake.cloud/identity/v3"
 */
export const serviceUrl = (baseUrl: string, type: string): string =>
  type === "identity" ? `${baseUrl}/identity/v3` : `${baseUrl}/${type}`

// ---------------------------------------------------------------------------------------------------------------------
// From a seed
// ---------------------------------------------------------------------------------------------------------------------

interface Builder {
  world: World
  readonly byName: Map<string, string>
  readonly problems: Array<string>
}

const add = (builder: Builder, table: TableName, record: Rec, key: string) => {
  builder.world = put(builder.world, table, record)
  builder.byName.set(`${table}:${key}`, String(record.id))
}

const lookup = (builder: Builder, table: TableName, key: string): string => {
  const id = builder.byName.get(`${table}:${key}`) ?? (builder.world.tables[table].has(key) ? key : undefined)
  if (id === undefined) builder.problems.push(`the seed names ${table} "${key}", which it does not define`)
  return id ?? key
}

const domainOf = (builder: Builder, domain: string | undefined) => lookup(builder, "domains", domain ?? "Default")

const seedDomains = (builder: Builder, seed: Seed) => {
  add(builder, "domains", { id: "default", name: "Default", description: "The default domain", enabled: true, tags: [], options: {} }, "Default")
  for (const d of seed.domains ?? []) {
    add(builder, "domains", { id: d.id ?? newId("hex"), name: d.name, description: d.description ?? "", enabled: d.enabled ?? true, tags: [], options: {} }, d.name)
  }
}

const seedProjects = (builder: Builder, seed: Seed) => {
  for (const p of seed.projects ?? defaultSeed.projects) {
    const domainId = domainOf(builder, p.domain)
    const parentId = p.parent === undefined ? domainId : lookup(builder, "projects", p.parent)
    add(builder, "projects", {
      id: p.id ?? newId("hex"), name: p.name, domain_id: domainId, description: p.description ?? "",
      enabled: p.enabled ?? true, parent_id: parentId, is_domain: false, tags: [...(p.tags ?? [])], options: {}
    }, p.name)
  }
}

const seedUsers = (builder: Builder, seed: Seed) => {
  for (const u of seed.users ?? defaultSeed.users) {
    const id = u.id ?? newId("hex")
    add(builder, "users", {
      id, name: u.name, domain_id: domainOf(builder, u.domain), enabled: u.enabled ?? true,
      default_project_id: u.defaultProject === undefined ? null : lookup(builder, "projects", u.defaultProject),
      ...(u.email === undefined ? {} : { email: u.email }), password_expires_at: null, options: {}
    }, u.name)
    const secrets = new Map(builder.world.secrets).set(id, u.password)
    if (u.totpSecret !== undefined) secrets.set(`totp:${id}`, u.totpSecret)
    builder.world = { ...builder.world, secrets }
  }
}

const seedGroupsAndRoles = (builder: Builder, seed: Seed) => {
  for (const g of seed.groups ?? []) {
    const id = g.id ?? newId("hex")
    add(builder, "groups", { id, name: g.name, domain_id: domainOf(builder, g.domain), description: "" }, g.name)
    const memberships = new Set(builder.world.memberships)
    for (const member of g.members ?? []) memberships.add(`${id}/${lookup(builder, "users", member)}`)
    builder.world = { ...builder.world, memberships }
  }
  const roles = seed.roles ?? defaultSeed.roles
  // Keystone's bootstrap makes its default roles immutable.
  const immutable = new Set(["admin", "member", "reader", "service"])
  for (const name of roles) {
    add(builder, "roles", { id: newId("hex"), name, domain_id: null, description: null, options: immutable.has(name) ? { immutable: true } : {} }, name)
  }
  const implies = new Set<string>()
  const imply = (prior: string, implied: string) => {
    if (roles.includes(prior) && roles.includes(implied)) implies.add(`${lookup(builder, "roles", prior)}/${lookup(builder, "roles", implied)}`)
  }
  imply("admin", "member")
  imply("member", "reader")
  builder.world = { ...builder.world, implies }
}

const seedAssignments = (builder: Builder, seed: Seed) => {
  const grants = (seed.assignments ?? defaultSeed.assignments).map((a): Grant => ({
    role: lookup(builder, "roles", a.role),
    ...(a.user === undefined ? {} : { user: lookup(builder, "users", a.user) }),
    ...(a.group === undefined ? {} : { group: lookup(builder, "groups", a.group) }),
    ...(a.project === undefined ? {} : { project: lookup(builder, "projects", a.project) }),
    ...(a.domain === undefined ? {} : { domain: lookup(builder, "domains", a.domain) }),
    ...(a.system === true ? { system: true } : {}),
    inherited: false
  }))
  builder.world = { ...builder.world, grants }
}

const seedCatalog = (builder: Builder, seed: Seed) => {
  const regions = seed.regions ?? defaultSeed.regions
  for (const region of regions) add(builder, "regions", { id: region, description: "", parent_region_id: null }, region)
  for (const service of seed.services ?? defaultSeed.services) {
    const serviceId = newId("hex")
    add(builder, "services", { id: serviceId, type: service.type, name: service.name ?? service.type, description: "", enabled: true }, service.type)
    for (const region of service.regions ?? regions) {
      for (const iface of service.interfaces ?? ["public", "internal", "admin"]) {
        add(builder, "endpoints", {
          id: newId("hex"), service_id: serviceId, interface: iface, url: serviceUrl(builder.world.baseUrl, service.type),
          region_id: region, region, enabled: true
        }, `${service.type}/${region}/${iface}`)
      }
    }
  }
}

const seedApplicationCredentials = (builder: Builder, seed: Seed) => {
  for (const c of seed.applicationCredentials ?? []) {
    const id = c.id ?? newId("hex")
    const user = lookup(builder, "users", c.user)
    const project = lookup(builder, "projects", c.project)
    const roles = c.roles === undefined
      ? builder.world.grants.filter((g) => g.user === user && g.project === project).map((g) => g.role)
      : c.roles.map((role) => lookup(builder, "roles", role))
    add(builder, "application_credentials", {
      id, name: c.name, description: c.description ?? null, user_id: user, project_id: project, expires_at: null,
      unrestricted: false, roles: roles.map((role) => ({ id: role })), access_rules: []
    }, c.name)
    builder.world = { ...builder.world, secrets: new Map(builder.world.secrets).set(id, c.secret) }
  }
}

/**
 * The world a seed describes, answering at `baseUrl`, and what is wrong with the seed (the names it uses without
 * defining them).
 *
 * @example
 * const { world, problems } = fromSeed(defaultSeed, "http://fake.cloud")
 */
export const fromSeed = (
  seed: Seed,
  baseUrl: string
): { readonly world: World, readonly problems: ReadonlyArray<string> } => {
  const empty = Object.fromEntries(tableNames.map((name) => [name, new Map()])) as unknown as World["tables"]
  const builder: Builder = {
    world: {
      baseUrl, tokenLifetimeMs: (seed.tokenLifetime ?? 3600) * 1000, tables: empty, secrets: new Map(),
      memberships: new Set(), implies: new Set(), grants: [], tokens: new Map()
    },
    byName: new Map(),
    problems: []
  }
  seedDomains(builder, seed)
  seedProjects(builder, seed)
  seedUsers(builder, seed)
  seedGroupsAndRoles(builder, seed)
  seedAssignments(builder, seed)
  seedCatalog(builder, seed)
  seedApplicationCredentials(builder, seed)
  return { world: builder.world, problems: builder.problems }
}
