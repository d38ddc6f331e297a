/**
 * The exact requests of the Identity v3 authorization modules, on a scripted server: the dotted role-assignment filters
 * and Keystone's presence flags, every grant path (OS-INHERIT included), batch creation of limits, the
 * X-Subject-Token operations, and the decoding of the answers.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Redacted } from "effect"
import { Fixtures, MockHttp } from "effect-openstack/testing"
import * as ApplicationCredentials from "../../src/identity/v3/ApplicationCredentials.ts"
import * as Limits from "../../src/identity/v3/Limits.ts"
import * as RoleAssignments from "../../src/identity/v3/RoleAssignments.ts"
import * as Roles from "../../src/identity/v3/Roles.ts"
import * as Tokens from "../../src/identity/v3/Tokens.ts"
import * as Trusts from "../../src/identity/v3/Trusts.ts"
import { scripted } from "../support/scripted.ts"

const endpoint = "http://keystone.test/v3"

/** An identity adapter on a scripted server; `answer` gets each request. */
const withIdentity = scripted({ endpoint, serviceType: "identity", token: "admin-token" })

const notFound = MockHttp.json(404, { error: { code: 404, message: "Could not find it.", title: "Not Found" } })
const role = (id: string, name = `role-${id}`) => ({ id, name, domain_id: null, description: null, links: { self: `${endpoint}/roles/${id}` } })
const ref = (id: string, name: string) => ({ id, name, links: { self: `${endpoint}/roles/${id}` } })

describe("RoleAssignments", () => {
  it.effect("filters go out under their dotted wire names; flags as 1 and 0", () =>
    withIdentity(
      () => MockHttp.json(200, { role_assignments: [], links: { next: null } }),
      (identity, seen) =>
        Effect.gen(function* () {
          const assignments = RoleAssignments.make(identity)
          yield* assignments.list({
            userId: "u1",
            roleId: "r1",
            projectId: "p1",
            inheritedTo: "projects",
            effective: false,
            includeNames: true,
            includeSubtree: true
          })
          yield* assignments.list({ groupId: "g1", domainId: "d1" })
          yield* assignments.list({ system: "all", effective: true })
          assert.deepStrictEqual(seen.map((s) => [...new URL(s.url).searchParams.entries()]), [
            [
              ["user.id", "u1"],
              ["role.id", "r1"],
              ["scope.project.id", "p1"],
              ["scope.OS-INHERIT:inherited_to", "projects"],
              ["effective", "0"],
              ["include_names", "1"],
              ["include_subtree", "1"]
            ],
            [["group.id", "g1"], ["scope.domain.id", "d1"]],
            [["scope.system", "all"], ["effective", "1"]]
          ])
          assert.isTrue(seen.every((s) => new URL(s.url).pathname === "/v3/role_assignments"))
        })
    ))

  it.effect("assignments decode: actor, role, scope (inheritance under OS-INHERIT), links", () =>
    withIdentity(
      () =>
        MockHttp.json(200, {
          role_assignments: [
            {
              user: { id: "u1", name: "ann", domain: { id: "default", name: "Default" } },
              role: { id: "r1", name: "member" },
              scope: { project: { id: "p2" }, "OS-INHERIT:inherited_to": "projects" },
              links: { assignment: `${endpoint}/OS-INHERIT/projects/p1/users/u1/roles/r1/inherited_to_projects` }
            },
            { group: { id: "g1" }, role: { id: "r2" }, scope: { system: { all: true } }, links: { assignment: "x" } }
          ],
          links: { next: null }
        }),
      (identity) =>
        Effect.gen(function* () {
          const [inherited, system] = yield* RoleAssignments.make(identity).list()
          assert.deepStrictEqual(inherited?.scope, { project: { id: "p2" }, inheritedTo: "projects" })
          assert.deepStrictEqual(inherited?.user, { id: "u1", name: "ann", domain: { id: "default", name: "Default" } })
          assert.strictEqual(inherited?.role.name, "member")
          assert.deepStrictEqual(system?.group, { id: "g1" })
          assert.deepStrictEqual(system?.scope, { system: { all: true } })
          assert.isUndefined(system?.user)
        })
    ))

  const cases: ReadonlyArray<readonly [RoleAssignments.Actor, RoleAssignments.Target, boolean, string]> = [
    [{ user: "u1" }, { project: "p1" }, false, "/projects/p1/users/u1/roles"],
    [{ group: "g1" }, { project: "p1" }, false, "/projects/p1/groups/g1/roles"],
    [{ user: "u1" }, { domain: "d1" }, false, "/domains/d1/users/u1/roles"],
    [{ group: "g1" }, { domain: "d1" }, false, "/domains/d1/groups/g1/roles"],
    [{ user: "u1" }, { system: "all" }, false, "/system/users/u1/roles"],
    [{ group: "g1" }, { system: "all" }, false, "/system/groups/g1/roles"],
    [{ user: "u1" }, { project: "p1" }, true, "/OS-INHERIT/projects/p1/users/u1/roles"],
    [{ group: "g1" }, { project: "p1" }, true, "/OS-INHERIT/projects/p1/groups/g1/roles"],
    [{ user: "u1" }, { domain: "d1" }, true, "/OS-INHERIT/domains/d1/users/u1/roles"],
    [{ group: "g1" }, { domain: "d1" }, true, "/OS-INHERIT/domains/d1/groups/g1/roles"]
  ]

  it.effect("grant, check, revoke: one path per actor, target and inheritance", () =>
    withIdentity(
      (s) => (s.method === "HEAD" && s.url.includes("/groups/") ? notFound : { status: 204 }),
      (identity, seen) =>
        Effect.gen(function* () {
          const assignments = RoleAssignments.make(identity)
          const expected: Array<string> = []
          for (const [actor, target, inherited, roles] of cases) {
            const options = { inherited }
            yield* assignments.grant("r 1", actor, target, options)
            const held = yield* assignments.check("r 1", actor, target, options)
            assert.strictEqual(held, actor.user !== undefined) // the script answers 404 for groups
            yield* assignments.revoke("r 1", actor, target, options)
            const role = `${endpoint}${roles}/r%201${inherited ? "/inherited_to_projects" : ""}`
            expected.push(`PUT ${role}`, `HEAD ${role}`, `DELETE ${role}`)
          }
          assert.deepStrictEqual(seen.map((s) => `${s.method} ${s.url}`), expected)
          assert.isTrue(seen.every((s) => s.body === undefined))
        })
    ))

  it.effect("listGrants: the roles of one actor on one target; inherited ones of domains only; no inherited system role", () =>
    withIdentity(
      () => MockHttp.json(200, { roles: [role("r1", "member")], links: { next: null } }),
      (identity, seen) =>
        Effect.gen(function* () {
          const assignments = RoleAssignments.make(identity)
          const held = yield* assignments.listGrants({ user: "u1" }, { project: "p1" })
          assert.deepStrictEqual(held.map((r) => [r.id, r.name, r.domainId]), [["r1", "member", null]])
          yield* assignments.listGrants({ group: "g1" }, { domain: "d1" }, { inherited: true })
          yield* assignments.listGrants({ user: "u1" }, { system: "all" })
          assert.deepStrictEqual(seen.map((s) => `${s.method} ${s.url}`), [
            `GET ${endpoint}/projects/p1/users/u1/roles`,
            `GET ${endpoint}/OS-INHERIT/domains/d1/groups/g1/roles/inherited_to_projects`,
            `GET ${endpoint}/system/users/u1/roles`
          ])
          const onProject = yield* Effect.flip(assignments.listGrants({ user: "u1" }, { project: "p1" }, { inherited: true }))
          assert.strictEqual(onProject._tag, "ValidationError")
          const onSystem = yield* Effect.flip(assignments.grant("r1", { user: "u1" }, { system: "all" }, { inherited: true }))
          assert.strictEqual(onSystem._tag, "ValidationError")
          assert.include(onSystem.message, "system role cannot be inherited")
          assert.strictEqual(seen.length, 3)
        })
    ))
})

describe("Roles", () => {
  it.effect("implication rules: PUT, HEAD (404 is false), DELETE, the implied list, the inferences", () =>
    withIdentity(
      (s) => {
        const path = new URL(s.url).pathname
        if (s.method === "HEAD") return path.endsWith("/implies/r2") ? { status: 204 } : notFound
        if (s.method === "DELETE") return { status: 204 }
        if (s.method === "PUT") {
          return MockHttp.json(201, { role_inference: { prior_role: ref("r1", "boss"), implies: ref("r2", "worker") }, links: {} })
        }
        if (path === "/v3/roles/r1/implies") {
          return MockHttp.json(200, { role_inference: { prior_role: ref("r1", "boss"), implies: [ref("r2", "worker"), ref("r3", "viewer")] } })
        }
        return MockHttp.json(200, { role_inferences: [{ prior_role: ref("r1", "boss"), implies: [ref("r2", "worker")] }] })
      },
      (identity, seen) =>
        Effect.gen(function* () {
          const roles = Roles.make(identity)
          const rule = yield* roles.imply("r1", "r2")
          assert.deepStrictEqual(rule, { priorRole: { id: "r1", name: "boss" }, implies: { id: "r2", name: "worker" } })
          assert.isTrue(yield* roles.implies("r1", "r2"))
          assert.isFalse(yield* roles.implies("r1", "r9"))
          yield* roles.unimply("r1", "r2")
          assert.deepStrictEqual((yield* roles.impliedBy("r1")).map((r) => r.name), ["worker", "viewer"])
          assert.deepStrictEqual(yield* roles.inferences(), [{ priorRole: { id: "r1", name: "boss" }, implies: [{ id: "r2", name: "worker" }] }])
          assert.deepStrictEqual(seen.map((s) => `${s.method} ${new URL(s.url).pathname}`), [
            "PUT /v3/roles/r1/implies/r2",
            "HEAD /v3/roles/r1/implies/r2",
            "HEAD /v3/roles/r1/implies/r9",
            "DELETE /v3/roles/r1/implies/r2",
            "GET /v3/roles/r1/implies",
            "GET /v3/role_inferences"
          ])
        })
    ))

  it.effect("a domain role: domain_id on the wire, options decoded", () =>
    withIdentity(
      () => MockHttp.json(201, { role: { ...role("r5", "local"), domain_id: "d1", options: { immutable: false } } }),
      (identity, seen) =>
        Effect.gen(function* () {
          const created = yield* Roles.make(identity).create({ name: "local", domainId: "d1", options: { immutable: false } })
          assert.deepStrictEqual([created.domainId, created.options], ["d1", { immutable: false }])
          assert.deepStrictEqual(seen[0]?.body, { role: { name: "local", domain_id: "d1", options: { immutable: false } } })
        })
    ))
})

describe("Limits", () => {
  const registered = (id: string, resource: string) => ({
    id,
    service_id: "s1",
    region_id: null,
    resource_name: resource,
    default_limit: 10,
    description: null,
    links: {}
  })

  it.effect("create sends a batch of one under the collection key; createMany one batch; the answer in order", () =>
    withIdentity(
      (s) => {
        const sent = (s.body as { registered_limits?: ReadonlyArray<{ resource_name: string }> }).registered_limits ?? []
        return MockHttp.json(201, { registered_limits: sent.map((r, i) => registered(`id${i}`, r.resource_name)) })
      },
      (identity, seen) =>
        Effect.gen(function* () {
          const { registeredLimits } = Limits.make(identity)
          const one = yield* registeredLimits.create({ serviceId: "s1", regionId: "RegionOne", resourceName: "cores", defaultLimit: 10 })
          assert.deepStrictEqual([one.id, one.resourceName, one.defaultLimit, one.regionId], ["id0", "cores", 10, null])
          const many = yield* registeredLimits.createMany([
            { serviceId: "s1", resourceName: "a", defaultLimit: 1 },
            { serviceId: "s1", resourceName: "b", defaultLimit: -1, description: "unlimited" }
          ])
          assert.deepStrictEqual(many.map((r) => r.resourceName), ["a", "b"])
          assert.deepStrictEqual(yield* registeredLimits.createMany([]), [])
          assert.deepStrictEqual(seen.map((s) => [s.method, s.url, s.body]), [
            ["POST", `${endpoint}/registered_limits`, {
              registered_limits: [{ service_id: "s1", region_id: "RegionOne", resource_name: "cores", default_limit: 10 }]
            }],
            ["POST", `${endpoint}/registered_limits`, {
              registered_limits: [
                { service_id: "s1", resource_name: "a", default_limit: 1 },
                { service_id: "s1", resource_name: "b", default_limit: -1, description: "unlimited" }
              ]
            }]
          ])
        })
    ))

  it.effect("limits: project or domain on the wire; update PATCHes the singular key; a batch of one answered with two fails", () =>
    withIdentity(
      (s) => {
        const limit = { id: "l1", project_id: "p1", service_id: "s1", resource_name: "cores", resource_limit: 5 }
        if (s.method === "PATCH") return MockHttp.json(200, { limit: { ...limit, resource_limit: 7 } })
        if (s.url.endsWith("/limits/model")) return MockHttp.json(200, { model: { name: "strict-two-level", description: "two" } })
        return MockHttp.json(201, { limits: JSON.stringify(s.body).includes("\"two\"") ? [limit, limit] : [limit] })
      },
      (identity, seen) =>
        Effect.gen(function* () {
          const { limits, model } = Limits.make(identity)
          const created = yield* limits.create({ projectId: "p1", serviceId: "s1", resourceName: "cores", resourceLimit: 5 })
          assert.deepStrictEqual([created.projectId, created.resourceLimit], ["p1", 5])
          yield* limits.createMany([{ domainId: "d1", serviceId: "s1", regionId: "RegionOne", resourceName: "cores", resourceLimit: 50 }])
          const updated = yield* limits.update("l1", { resourceLimit: 7 })
          assert.strictEqual(updated.resourceLimit, 7)
          assert.deepStrictEqual(yield* model(), { name: "strict-two-level", description: "two" })
          assert.deepStrictEqual(seen.map((s) => [s.method, s.url, s.body]), [
            ["POST", `${endpoint}/limits`, { limits: [{ project_id: "p1", service_id: "s1", resource_name: "cores", resource_limit: 5 }] }],
            ["POST", `${endpoint}/limits`, {
              limits: [{ domain_id: "d1", service_id: "s1", region_id: "RegionOne", resource_name: "cores", resource_limit: 50 }]
            }],
            ["PATCH", `${endpoint}/limits/l1`, { limit: { resource_limit: 7 } }],
            ["GET", `${endpoint}/limits/model`, undefined]
          ])
          const bad = yield* Effect.flip(limits.create({ projectId: "p1", serviceId: "s1", resourceName: "two", resourceLimit: 1 }))
          assert.strictEqual(bad._tag, "InvalidResponse")
          assert.include(bad.message, "creating one limit answered 2")
          const invalid = yield* Effect.flip(limits.create({ projectId: "p1", serviceId: "s1", resourceName: "x", resourceLimit: 1.5 }))
          assert.strictEqual(invalid._tag, "ValidationError")
        })
    ))
})

describe("Tokens", () => {
  const token = new Fixtures.V3Token({ subjectToken: "subject-token", userId: "u1", userName: "ann", projectId: "p1", roles: ["reader"] })
  token.addService("compute").addEndpoint("public", "http://nova.test/v2.1", { region: "RegionOne" })

  it.effect("validate, check and revoke send X-Subject-Token; validate's options become parameters", () =>
    withIdentity(
      (s) => {
        if (s.headers["x-subject-token"] !== "subject-token") return notFound
        if (s.method === "GET") return MockHttp.json(200, token.body, { "x-subject-token": "subject-token" })
        return { status: s.method === "DELETE" ? 204 : 200 }
      },
      (identity, seen) =>
        Effect.gen(function* () {
          const tokens = Tokens.make(identity)
          const subject = Redacted.make("subject-token")
          const access = yield* tokens.validate(subject)
          assert.deepStrictEqual([access.userId, access.username, access.projectId, access.roleNames], ["u1", "ann", "p1", ["reader"]])
          yield* tokens.validate(subject, { allowExpired: true, includeCatalog: false })
          assert.isTrue(yield* tokens.check(subject))
          assert.isFalse(yield* tokens.check(Redacted.make("other")))
          yield* tokens.revoke(subject)
          const invalid = yield* Effect.flip(tokens.validate(Redacted.make("other")))
          assert.strictEqual(invalid._tag, "NotFound")
          assert.deepStrictEqual(seen.map((s) => `${s.method} ${s.url}`), [
            `GET ${endpoint}/auth/tokens`,
            `GET ${endpoint}/auth/tokens?allow_expired=true&nocatalog=`,
            `HEAD ${endpoint}/auth/tokens`,
            `HEAD ${endpoint}/auth/tokens`,
            `DELETE ${endpoint}/auth/tokens`,
            `GET ${endpoint}/auth/tokens`
          ])
          assert.isTrue(seen.every((s) => s.headers["x-auth-token"] === "admin-token"))
        })
    ))

  it.effect("the token's scopes and catalog", () =>
    withIdentity(
      (s) => {
        const path = new URL(s.url).pathname
        if (path === "/v3/auth/projects") {
          return MockHttp.json(200, { projects: [{ id: "p1", name: "demo", domain_id: "default", enabled: true, is_domain: false }], links: { next: null } })
        }
        if (path === "/v3/auth/domains") return MockHttp.json(200, { domains: [{ id: "default", name: "Default", enabled: true }], links: { next: null } })
        if (path === "/v3/auth/system") return MockHttp.json(200, { system: [{ all: true }], links: {} })
        return MockHttp.json(200, { catalog: (token.body as { token: { catalog: unknown } }).token.catalog, links: {} })
      },
      (identity) =>
        Effect.gen(function* () {
          const tokens = Tokens.make(identity)
          assert.deepStrictEqual((yield* tokens.projects()).map((p) => [p.id, p.name, p.domainId, p.isDomain]), [["p1", "demo", "default", false]])
          assert.deepStrictEqual((yield* tokens.domains()).map((d) => d.name), ["Default"])
          assert.deepStrictEqual(yield* tokens.system(), [{ all: true }])
          const catalog = yield* tokens.catalog()
          assert.strictEqual(yield* catalog.urlFor({ serviceType: "compute", interface: "public" }), "http://nova.test/v2.1")
        })
    ))
})

describe("ApplicationCredentials and Trusts", () => {
  it.effect("a credential's secret is revealed on the wire only, and comes back Redacted; access rules under the user", () =>
    withIdentity(
      (s) =>
        s.url.includes("access_rules")
          ? MockHttp.json(200, { access_rules: [{ id: "a1", service: "compute", method: "GET", path: "/v2.1/servers" }], links: { next: null } })
          : MockHttp.json(201, {
              application_credential: {
                id: "c1",
                name: "ci",
                project_id: "p1",
                roles: [{ id: "r1", name: "reader", domain_id: null }],
                secret: "s3cret",
                expires_at: null,
                unrestricted: false,
                access_rules: []
              }
            }),
      (identity, seen) =>
        Effect.gen(function* () {
          const credentials = ApplicationCredentials.make(identity)
          const created = yield* credentials.forUser("u/1").create({
            name: "ci",
            secret: Redacted.make("s3cret"),
            roles: [{ name: "reader" }, { id: "r2" }],
            accessRules: [{ service: "compute", method: "GET", path: "/v2.1/servers" }]
          })
          assert.isTrue(created.secret !== undefined && Redacted.isRedacted(created.secret))
          assert.strictEqual(created.secret === undefined ? "" : Redacted.value(created.secret), "s3cret")
          assert.notInclude(String(created.secret), "s3cret")
          assert.deepStrictEqual(created.roles, [{ id: "r1", name: "reader", domainId: null }])
          const rules = yield* credentials.accessRules("u/1").list({ service: "compute" })
          assert.deepStrictEqual(rules.map((r) => r.path), ["/v2.1/servers"])
          assert.deepStrictEqual(seen.map((s) => [s.method, s.url, s.body]), [
            ["POST", `${endpoint}/users/u%2F1/application_credentials`, {
              application_credential: {
                name: "ci",
                secret: "s3cret",
                roles: [{ name: "reader" }, { id: "r2" }],
                access_rules: [{ service: "compute", method: "GET", path: "/v2.1/servers" }]
              }
            }],
            ["GET", `${endpoint}/users/u%2F1/access_rules?service=compute`, undefined]
          ])
        })
    ))

  it.effect("a trust: create under OS-TRUST with wire names; its roles", () =>
    withIdentity(
      (s) =>
        s.url.endsWith("/roles")
          ? MockHttp.json(200, { roles: [role("r1", "member")], links: {} })
          : MockHttp.json(201, {
              trust: {
                id: "t1",
                trustor_user_id: "u1",
                trustee_user_id: "u2",
                project_id: "p1",
                impersonation: true,
                remaining_uses: 2,
                expires_at: null,
                roles: [role("r1", "member")],
                roles_links: {}
              }
            }),
      (identity, seen) =>
        Effect.gen(function* () {
          const trusts = Trusts.make(identity)
          const trust = yield* trusts.create({
            trustorUserId: "u1",
            trusteeUserId: "u2",
            projectId: "p1",
            impersonation: true,
            roles: [{ name: "member" }],
            remainingUses: 2,
            allowRedelegation: false
          })
          assert.deepStrictEqual([trust.id, trust.impersonation, trust.remainingUses], ["t1", true, 2])
          assert.deepStrictEqual(trust.roles, [{ id: "r1", name: "member", domainId: null }])
          assert.deepStrictEqual((yield* trusts.roles("t1")).map((r) => r.name), ["member"])
          assert.deepStrictEqual(seen.map((s) => [s.method, s.url, s.body]), [
            ["POST", `${endpoint}/OS-TRUST/trusts`, {
              trust: {
                trustor_user_id: "u1",
                trustee_user_id: "u2",
                project_id: "p1",
                impersonation: true,
                roles: [{ name: "member" }],
                remaining_uses: 2,
                allow_redelegation: false
              }
            }],
            ["GET", `${endpoint}/OS-TRUST/trusts/t1/roles`, undefined]
          ])
        })
    ))
})
