/**
 * What a fake cloud starts with: domains, projects, users with passwords, groups, roles and who holds them where,
 * regions, and the catalog's services. Names refer to each other (a project's domain, a user's default project, an
 * assignment's role); ids are made up unless given.
 *
 * @internal
 */

/**
 * A domain to seed (`Default`, id `default`, is always there).
 *
 * @example
 * const acme: SeedDomain = { name: "acme", description: "ACME Corp." }
 */
export interface SeedDomain {
  readonly id?: string
  readonly name: string
  readonly description?: string
  readonly enabled?: boolean
}

/**
 * A project to seed, in a domain (by name or id; default `Default`), under a parent project (by name).
 *
 * @example
 * const child: SeedProject = { name: "demo-child", parent: "demo" }
 */
export interface SeedProject {
  readonly id?: string
  readonly name: string
  readonly domain?: string
  readonly parent?: string
  readonly description?: string
  readonly enabled?: boolean
  readonly tags?: ReadonlyArray<string>
}

/**
 * A user to seed, with its password (and, for TOTP, the base32 secret of its TOTP credential).
 *
 * @example
 * const demo: SeedUser = { name: "demo", password: "demo-secret", defaultProject: "demo" }
 */
export interface SeedUser {
  readonly id?: string
  readonly name: string
  readonly password: string
  readonly domain?: string
  readonly defaultProject?: string
  readonly email?: string
  readonly enabled?: boolean
  readonly totpSecret?: string
}

/**
 * A group to seed, with its members (user names).
 *
 * @example
 * const ops: SeedGroup = { name: "ops", members: ["alice"] }
 */
export interface SeedGroup {
  readonly id?: string
  readonly name: string
  readonly domain?: string
  readonly members?: ReadonlyArray<string>
}

/**
 * A role held: by a user or a group (names), on a project, a domain or the system.
 *
 * @example
 * const grant: SeedAssignment = { role: "member", user: "demo", project: "demo" }
 */
export interface SeedAssignment {
  readonly role: string
  readonly user?: string
  readonly group?: string
  readonly project?: string
  readonly domain?: string
  readonly system?: boolean
}

/**
 * An application credential to seed: its user and project (names), its secret, the roles it delegates (default: the
 * user's on the project).
 *
 * @example
 * const ci: SeedApplicationCredential = { name: "ci", user: "demo", project: "demo", secret: "ci-secret" }
 */
export interface SeedApplicationCredential {
  readonly id?: string
  readonly name: string
  readonly user: string
  readonly project: string
  readonly secret: string
  readonly roles?: ReadonlyArray<string>
  readonly description?: string
}

/**
 * A service in the catalog, with endpoints in these regions (default: every region) and interfaces (default: public,
 * internal, admin). Identity and network point at the fake itself; other types at a path of it that answers 404.
 *
 * @example
 * const compute: SeedService = { type: "compute", name: "nova", regions: ["RegionOne"] }
 */
export interface SeedService {
  readonly type: string
  readonly name?: string
  readonly regions?: ReadonlyArray<string>
  readonly interfaces?: ReadonlyArray<"public" | "internal" | "admin">
}

/**
 * Everything a fake cloud starts with; what is left out takes the defaults of {@link defaultSeed}.
 *
 * @example
 * const seed: Seed = { projects: [{ name: "ci" }], users: [{ name: "jenkins", password: "s3cret" }],
 *   assignments: [{ role: "member", user: "jenkins", project: "ci" }] }
 */
export interface Seed {
  readonly domains?: ReadonlyArray<SeedDomain>
  readonly projects?: ReadonlyArray<SeedProject>
  readonly users?: ReadonlyArray<SeedUser>
  readonly groups?: ReadonlyArray<SeedGroup>
  readonly roles?: ReadonlyArray<string>
  readonly assignments?: ReadonlyArray<SeedAssignment>
  readonly regions?: ReadonlyArray<string>
  readonly services?: ReadonlyArray<SeedService>
  readonly applicationCredentials?: ReadonlyArray<SeedApplicationCredential>
  /** How long a token lives, in seconds (default 3600). */
  readonly tokenLifetime?: number
}

/**
 * The defaults: an `admin` user (password `admin-secret`, admin of project `admin`, of domain `Default` and of the
 * system), a `demo`
 * user (password `demo-secret`, member of project `demo`), the roles `admin`, `member`, `reader` and `service` (admin
 * implies member, member implies reader), region `RegionOne`, and identity and network in the catalog.
 *
 * @example
 * const cloud = yield* FakeCloud.make(FakeCloud.defaultSeed)
 */
export const defaultSeed: Required<Omit<Seed, "domains" | "groups" | "applicationCredentials" | "tokenLifetime">> = {
  projects: [{ name: "admin" }, { name: "demo" }],
  users: [
    { name: "admin", password: "admin-secret", defaultProject: "admin" },
    { name: "demo", password: "demo-secret", defaultProject: "demo", email: "demo@example.org" }
  ],
  roles: ["admin", "member", "reader", "service"],
  assignments: [
    { role: "admin", user: "admin", project: "admin" },
    { role: "admin", user: "admin", domain: "Default" },
    { role: "admin", user: "admin", system: true },
    { role: "member", user: "demo", project: "demo" }
  ],
  regions: ["RegionOne"],
  services: [{ type: "identity", name: "keystone" }, { type: "network", name: "neutron" }]
}
