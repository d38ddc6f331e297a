/**
 * The authorization resources of Identity v3 against the real Keystone: roles and implied roles, role assignments and
 * grants (project, domain, system, inherited), application credentials and access rules, trusts, unified limits, and
 * the token operations. Everything created here has a unique name and is deleted afterwards.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Redacted, Schema, type Scope } from "effect"
import type { HttpClient } from "effect/http"
import { Adapter, Auth, Session } from "effect-openstack"
import * as ApplicationCredentials from "../../src/identity/v3/ApplicationCredentials.ts"
import * as Limits from "../../src/identity/v3/Limits.ts"
import * as RoleAssignments from "../../src/identity/v3/RoleAssignments.ts"
import * as Roles from "../../src/identity/v3/Roles.ts"
import * as Tokens from "../../src/identity/v3/Tokens.ts"
import * as Trusts from "../../src/identity/v3/Trusts.ts"
import { pluginOf, unique, withIdentity } from "./identity.ts"
import { describeWhere, facts, project, transport, user } from "./target.ts"

const authUrl = facts.auth_url
const demo = user("demo")
const demoProject = project("demo")
const demoChild = project("demo-child")
const altProject = project("alt")
const acmeProject = project("acme-project")
const acme = facts.domains.acme?.id ?? "missing acme domain"
const roleId = (name: string) => facts.roles[name]?.id ?? `missing role ${name}`
const compute = facts.services.compute?.id ?? "missing compute service"

type Plugin = ReturnType<typeof pluginOf>

/**
 * `withIdentity` (the admin's, or the plugin's identity adapter) with a transport and a scope for the body: what it
 * creates with `acquireRelease` is deleted before the transport closes.
 */
const run = <A, E>(
  body: (identity: Adapter.AdapterShape) => Effect.Effect<A, E, HttpClient.HttpClient | Scope.Scope>,
  plugin?: Plugin
) => withIdentity((identity) => Effect.scoped(body(identity)).pipe(Effect.provide(transport)), plugin)

/** An identity adapter authenticated by another plugin (inside `run`, which provides the transport). */
const adapterOf = (plugin: Plugin) =>
  Effect.gen(function* () {
    const session = yield* Session.make({ auth: yield* plugin })
    return Adapter.make(session, { serviceType: "identity", interface: "public", version: "3" })
  })

const Created = Schema.Struct({ id: Schema.String })

/** A user of this test, with a password, deleted when the scope closes. */
const tempUser = (identity: Adapter.AdapterShape) =>
  Effect.acquireRelease(
    Effect.gen(function* () {
      const name = unique("authz-user")
      const password = unique("pw")
      const { body } = yield* identity.legacyJson.post("/users", { json: { user: { name, password, domain_id: "default" } } })
      const { user: created } = yield* Schema.decodeUnknownEffect(Schema.Struct({ user: Created }))(body)
      return { id: created.id, name, password }
    }),
    (created) => Effect.ignore(identity.delete(`/users/${created.id}`))
  )

/** A group of this test, deleted when the scope closes. */
const tempGroup = (identity: Adapter.AdapterShape) =>
  Effect.acquireRelease(
    Effect.gen(function* () {
      const name = unique("authz-group")
      const { body } = yield* identity.legacyJson.post("/groups", { json: { group: { name, domain_id: "default" } } })
      return (yield* Schema.decodeUnknownEffect(Schema.Struct({ group: Created }))(body)).group
    }),
    (created) => Effect.ignore(identity.delete(`/groups/${created.id}`))
  )

/** A role of this test, deleted when the scope closes. */
const tempRole = (roles: Roles.Client, attributes: Partial<Parameters<Roles.Client["create"]>[0]> = {}) =>
  Effect.acquireRelease(
    roles.create({ name: unique("authz-role"), ...attributes }),
    (created) => Effect.ignore(roles.delete(created.id))
  )

/** The AccessInfo of a password authentication of a user of this test. */
const accessOf = (created: { readonly id: string, readonly password: string }, scope: Omit<Parameters<typeof Auth.v3Password>[0], "authUrl">) =>
  Effect.flatMap(
    Auth.v3Password({ ...scope, authUrl, userId: created.id, password: Redacted.make(created.password) }),
    (plugin) => plugin.getAccess
  )

const inFuture = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().replace(/\.\d+Z$/, "Z")

describe("roles", () => {
  it.live("create, get, find by name and id, list with filters, update, delete", () =>
    run((identity) =>
      Effect.gen(function* () {
        const roles = Roles.make(identity)
        const name = unique("authz-role")
        const created = yield* roles.create({ name, description: "first" })
        yield* Effect.gen(function* () {
          assert.strictEqual(created.name, name)
          assert.strictEqual(created.description, "first")
          assert.strictEqual(created.domainId, null)
          assert.strictEqual((yield* roles.get(created.id)).name, name)
          assert.strictEqual((yield* roles.find(name)).id, created.id)
          assert.strictEqual((yield* roles.find(created.id)).name, name)
          const byName = yield* roles.list({ name })
          assert.deepStrictEqual(byName.map((role) => role.id), [created.id])
          const all = yield* roles.list()
          assert.isTrue(all.some((role) => role.id === created.id))
          assert.isTrue(all.some((role) => role.id === roleId("member")))
          assert.isFalse((yield* roles.list({ name: "member" })).some((role) => role.id === created.id))
          const updated = yield* roles.update(created.id, { description: "second" })
          assert.strictEqual(updated.description, "second")
          assert.strictEqual((yield* roles.get(created.id)).description, "second")
          const member = yield* roles.get(roleId("member"))
          assert.deepStrictEqual(member.options, { immutable: true })
        }).pipe(Effect.ensuring(Effect.ignore(roles.delete(created.id))))
        const gone = yield* Effect.flip(roles.get(created.id))
        assert.strictEqual(gone._tag, "NotFound")
      })))

  it.live("a domain-specific role is listed under its domain only", () =>
    run((identity) =>
      Effect.gen(function* () {
        const roles = Roles.make(identity)
        const role = yield* tempRole(roles, { domainId: acme })
        assert.strictEqual(role.domainId, acme)
        assert.deepStrictEqual((yield* roles.list({ domainId: acme })).map((r) => r.id), [role.id])
        assert.isFalse((yield* roles.list()).some((r) => r.id === role.id))
        assert.deepStrictEqual((yield* roles.list({ name: role.name })).map((r) => r.id), [])
        assert.strictEqual((yield* roles.find(role.name, { domainId: acme })).id, role.id)
        const notGlobal = yield* Effect.flip(roles.find(role.name))
        assert.strictEqual(notGlobal._tag, "NotFound")
      })
    ))

  it.live("implied roles: imply, implies, impliedBy, inferences; a token carries the implied role; unimply", () =>
    run((identity) =>
      Effect.gen(function* () {
        const roles = Roles.make(identity)
        const prior = yield* tempRole(roles)
        const implied = yield* tempRole(roles)
        assert.isFalse(yield* roles.implies(prior.id, implied.id))
        const rule = yield* roles.imply(prior.id, implied.id)
        assert.deepStrictEqual(rule, { priorRole: { id: prior.id, name: prior.name }, implies: { id: implied.id, name: implied.name } })
        assert.isTrue(yield* roles.implies(prior.id, implied.id))
        assert.isFalse(yield* roles.implies(implied.id, prior.id))
        assert.deepStrictEqual(yield* roles.impliedBy(prior.id), [{ id: implied.id, name: implied.name }])
        assert.deepStrictEqual(yield* roles.impliedBy(implied.id), [])
        const inferences = yield* roles.inferences()
        const mine = inferences.find((inference) => inference.priorRole.id === prior.id)
        assert.deepStrictEqual(mine?.implies.map((role) => role.id), [implied.id])
        // Keystone's own default rule: member implies reader.
        const member = inferences.find((inference) => inference.priorRole.id === roleId("member"))
        assert.isTrue(member?.implies.some((role) => role.id === roleId("reader")))

        const holder = yield* tempUser(identity)
        yield* RoleAssignments.make(identity).grant(prior.id, { user: holder.id }, { project: demoProject.id })
        const access = yield* accessOf(holder, { projectId: demoProject.id })
        assert.includeMembers([...access.roleIds], [prior.id, implied.id])
        assert.includeMembers([...access.roleNames], [prior.name, implied.name])

        yield* roles.unimply(prior.id, implied.id)
        assert.isFalse(yield* roles.implies(prior.id, implied.id))
        assert.deepStrictEqual(yield* roles.impliedBy(prior.id), [])
        const again = yield* Effect.flip(roles.unimply(prior.id, implied.id))
        assert.strictEqual(again._tag, "NotFound")
      })
    ))
})

describe("role assignments and grants", () => {
  it.live("a user's roles on a project, a domain and the system: grant, check, listGrants, list, revoke", () =>
    run((identity) =>
      Effect.gen(function* () {
        const assignments = RoleAssignments.make(identity)
        const holder = yield* tempUser(identity)
        const actor = { user: holder.id } as const
        const targets: ReadonlyArray<readonly [RoleAssignments.Target, string, RoleAssignments.Query]> = [
          [{ project: altProject.id }, "member", { projectId: altProject.id }],
          [{ domain: acme }, "reader", { domainId: acme }],
          [{ system: "all" }, "reader", { system: "all" }]
        ]
        for (const [target, role, where] of targets) {
          assert.isFalse(yield* assignments.check(roleId(role), actor, target))
          yield* assignments.grant(roleId(role), actor, target)
          yield* assignments.grant(roleId(role), actor, target) // twice: no error
          assert.isTrue(yield* assignments.check(roleId(role), actor, target))
          assert.isFalse(yield* assignments.check(roleId("admin"), actor, target))
          assert.deepStrictEqual((yield* assignments.listGrants(actor, target)).map((r) => r.name), [role])
          const listed = yield* assignments.list({ userId: holder.id, ...where })
          assert.deepStrictEqual(listed.map((a) => [a.user?.id, a.role.id]), [[holder.id, roleId(role)]])
          assert.deepStrictEqual(listed[0]?.scope, {
            ...(target.project === undefined ? {} : { project: { id: target.project } }),
            ...(target.domain === undefined ? {} : { domain: { id: target.domain } }),
            ...(target.system === undefined ? {} : { system: { all: true } })
          })
        }
        const everything = yield* assignments.list({ userId: holder.id, includeNames: true })
        assert.strictEqual(everything.length, 3)
        const onAlt = everything.find((a) => a.scope.project !== undefined)
        assert.strictEqual(onAlt?.scope.project?.name, "alt")
        assert.strictEqual(onAlt?.user?.name, holder.name)
        assert.strictEqual(onAlt?.role.name, "member")
        assert.deepStrictEqual(
          (yield* assignments.list({ userId: holder.id, roleId: roleId("reader") })).map((a) => a.role.id),
          [roleId("reader"), roleId("reader")]
        )
        // effective: the implied roles too (member implies reader on alt).
        const effective = yield* assignments.list({ userId: holder.id, projectId: altProject.id, effective: true })
        assert.sameMembers(effective.map((a) => a.role.id), [roleId("member"), roleId("reader")])
        // effective=false is sent as 0 (Keystone takes "false" as true).
        assert.strictEqual((yield* assignments.list({ userId: holder.id, projectId: altProject.id, effective: false })).length, 1)

        for (const [target, role] of targets) {
          yield* assignments.revoke(roleId(role), actor, target)
          assert.isFalse(yield* assignments.check(roleId(role), actor, target))
          assert.deepStrictEqual(yield* assignments.listGrants(actor, target), [])
        }
        assert.deepStrictEqual(yield* assignments.list({ userId: holder.id }), [])
        const missing = yield* Effect.flip(assignments.revoke(roleId("member"), actor, { project: altProject.id }))
        assert.strictEqual(missing._tag, "NotFound")
      })
    ))

  it.live("a group's role on a project, and its members' effective assignments", () =>
    run((identity) =>
      Effect.gen(function* () {
        const assignments = RoleAssignments.make(identity)
        const group = yield* tempGroup(identity)
        const member = yield* tempUser(identity)
        yield* identity.put(`/groups/${group.id}/users/${member.id}`)
        const actor = { group: group.id } as const
        const target = { project: altProject.id } as const
        yield* assignments.grant(roleId("reader"), actor, target)
        assert.isTrue(yield* assignments.check(roleId("reader"), actor, target))
        assert.isFalse(yield* assignments.check(roleId("reader"), { user: member.id }, target))
        assert.deepStrictEqual((yield* assignments.listGrants(actor, target)).map((r) => r.id), [roleId("reader")])
        const direct = yield* assignments.list({ groupId: group.id })
        assert.deepStrictEqual(direct.map((a) => [a.group?.id, a.role.id, a.scope.project?.id]), [[group.id, roleId("reader"), altProject.id]])
        const effective = yield* assignments.list({ userId: member.id, effective: true })
        assert.deepStrictEqual(effective.map((a) => [a.user?.id, a.role.id, a.scope.project?.id]), [[member.id, roleId("reader"), altProject.id]])
        assert.include(effective[0]?.links?.membership ?? "", `/groups/${group.id}/users/${member.id}`)
        yield* assignments.revoke(roleId("reader"), actor, target)
        assert.isFalse(yield* assignments.check(roleId("reader"), actor, target))
      })
    ))

  it.live("inherited roles: on a project's subtree and a domain's projects", () =>
    run((identity) =>
      Effect.gen(function* () {
        const assignments = RoleAssignments.make(identity)
        const holder = yield* tempUser(identity)
        const actor = { user: holder.id } as const
        const inherited = { inherited: true } as const

        yield* assignments.grant(roleId("member"), actor, { project: demoProject.id }, inherited)
        assert.isTrue(yield* assignments.check(roleId("member"), actor, { project: demoProject.id }, inherited))
        assert.isFalse(yield* assignments.check(roleId("member"), actor, { project: demoProject.id }))
        const declared = yield* assignments.list({ userId: holder.id, inheritedTo: "projects" })
        assert.deepStrictEqual(declared.map((a) => a.scope), [{ project: { id: demoProject.id }, inheritedTo: "projects" }])
        // The child project gets the role; the project itself does not.
        const onChild = yield* assignments.list({ userId: holder.id, projectId: demoChild.id, effective: true })
        assert.includeMembers(onChild.map((a) => a.role.id), [roleId("member"), roleId("reader")])
        const inheritedMember = onChild.find((a) => a.role.id === roleId("member"))
        assert.strictEqual(inheritedMember?.scope.project?.id, demoChild.id)
        assert.strictEqual(inheritedMember?.scope.inheritedTo, "projects")
        assert.include(inheritedMember?.links?.assignment ?? "", `/OS-INHERIT/projects/${demoProject.id}/users/${holder.id}`)
        assert.deepStrictEqual(yield* assignments.list({ userId: holder.id, projectId: demoProject.id, effective: true }), [])
        const subtree = yield* assignments.list({ projectId: demoProject.id, includeSubtree: true, userId: holder.id, effective: true })
        assert.isTrue(subtree.some((a) => a.scope.project?.id === demoChild.id && a.role.id === roleId("member")))
        const childAccess = yield* accessOf(holder, { projectId: demoChild.id })
        assert.include([...childAccess.roleNames], "member")

        yield* assignments.grant(roleId("reader"), actor, { domain: acme }, inherited)
        assert.isTrue(yield* assignments.check(roleId("reader"), actor, { domain: acme }, inherited))
        assert.deepStrictEqual(
          (yield* assignments.listGrants(actor, { domain: acme }, inherited)).map((r) => r.id),
          [roleId("reader")]
        )
        assert.deepStrictEqual(yield* assignments.listGrants(actor, { domain: acme }), [])
        const inAcme = yield* assignments.list({ userId: holder.id, projectId: acmeProject.id, effective: true })
        assert.deepStrictEqual(inAcme.map((a) => [a.role.id, a.scope.inheritedTo]), [[roleId("reader"), "projects"]])

        const noSystemInheritance = yield* Effect.flip(assignments.grant(roleId("reader"), actor, { system: "all" }, inherited))
        assert.strictEqual(noSystemInheritance._tag, "ValidationError")

        yield* assignments.revoke(roleId("member"), actor, { project: demoProject.id }, inherited)
        yield* assignments.revoke(roleId("reader"), actor, { domain: acme }, inherited)
        assert.isFalse(yield* assignments.check(roleId("member"), actor, { project: demoProject.id }, inherited))
        assert.isFalse(yield* assignments.check(roleId("reader"), actor, { domain: acme }, inherited))
        assert.deepStrictEqual(yield* assignments.list({ userId: holder.id }), [])
      })
    ))
})

describe("application credentials", () => {
  it.live("create (the secret once), get, find, list by name, authenticate with it, access rules, delete", () =>
    run(
      (identity) =>
        Effect.gen(function* () {
          const credentials = ApplicationCredentials.make(identity)
          const mine = credentials.forUser(demo.id)
          const name = unique("authz-appcred")
          const path = `/v2.1/${name}`
          const secret = Redacted.make(unique("secret"))
          const expiresAt = inFuture(30)
          const created = yield* mine.create({
            name,
            description: "for the tests",
            secret,
            expiresAt,
            roles: [{ name: "member" }],
            accessRules: [{ service: "compute", method: "GET", path }]
          })
          const ruleId = created.accessRules?.[0]?.id ?? "no access rule"
          yield* Effect.gen(function* () {
            assert.strictEqual(created.name, name)
            assert.strictEqual(created.projectId, demoProject.id)
            assert.isTrue(created.secret !== undefined && Redacted.isRedacted(created.secret))
            assert.strictEqual(created.secret === undefined ? "" : Redacted.value(created.secret), Redacted.value(secret))
            assert.notInclude(JSON.stringify(created), Redacted.value(secret))
            assert.deepStrictEqual(created.roles?.map((role) => role.name), ["member"])
            assert.strictEqual(created.expiresAt?.slice(0, 19), expiresAt.slice(0, 19))

            const got = yield* mine.get(created.id)
            assert.strictEqual(got.description, "for the tests")
            assert.isUndefined(got.secret)
            assert.deepStrictEqual(got.accessRules, [{ id: ruleId, service: "compute", method: "GET", path }])
            assert.strictEqual((yield* mine.find(name)).id, created.id)
            assert.strictEqual((yield* mine.find(created.id)).name, name)
            const listed = yield* mine.list({ name })
            assert.deepStrictEqual(listed.map((c) => c.id), [created.id])
            const all = yield* mine.list()
            assert.isTrue(all.some((c) => c.id === created.id))
            assert.isTrue(all.some((c) => c.name === "demo-appcred"))
            assert.isFalse(listed.some((c) => c.name === "demo-appcred"))

            const plugin = yield* Auth.v3ApplicationCredential({ authUrl, applicationCredentialId: created.id, applicationCredentialSecret: secret })
            const access = yield* plugin.getAccess
            assert.strictEqual(access.applicationCredentialId, created.id)
            assert.strictEqual(access.userId, demo.id)
            assert.strictEqual(access.projectId, demoProject.id)
            assert.include([...access.roleNames], "member")
            assert.notInclude([...access.roleNames], "admin")

            const rules = credentials.accessRules(demo.id)
            assert.isTrue((yield* rules.list({ service: "compute" })).some((rule) => rule.id === ruleId))
            assert.deepStrictEqual(
              { ...(yield* rules.get(ruleId)), extra: {} },
              { id: ruleId, service: "compute", method: "GET", path, extra: {} }
            )
            const inUse = yield* Effect.flip(rules.delete(ruleId))
            assert.strictEqual(inUse._tag, "Forbidden")
          }).pipe(Effect.ensuring(Effect.ignore(mine.delete(created.id))))
          const gone = yield* Effect.flip(mine.get(created.id))
          assert.strictEqual(gone._tag, "NotFound")
          const rules = credentials.accessRules(demo.id)
          yield* rules.delete(ruleId)
          const ruleGone = yield* Effect.flip(rules.get(ruleId))
          assert.strictEqual(ruleGone._tag, "NotFound")
        }),
      pluginOf("demo")
    ))

  it.live("a generated secret; nobody creates credentials for someone else", () =>
    run(
      (identity) =>
        Effect.gen(function* () {
          const credentials = ApplicationCredentials.make(identity)
          const created = yield* credentials.forUser(demo.id).create({ name: unique("authz-appcred") })
          yield* Effect.gen(function* () {
            assert.isAbove(created.secret === undefined ? 0 : Redacted.value(created.secret).length, 40)
            assert.isNull(created.expiresAt)
            const admin = yield* adapterOf(pluginOf())
            const denied = yield* Effect.flip(ApplicationCredentials.make(admin).forUser(demo.id).create({ name: unique("authz-appcred") }))
            assert.strictEqual(denied._tag, "Forbidden")
          }).pipe(Effect.ensuring(Effect.ignore(credentials.forUser(demo.id).delete(created.id))))
        }),
      pluginOf("demo")
    ))
})

describeWhere("trusts", "trusts", () => {
  it.live("create, get, find, list by trustor and trustee, roles, a trust-scoped token, delete", () =>
    run(
      (identity) =>
        Effect.gen(function* () {
          const trusts = Trusts.make(identity)
          const trustee = user("noproject")
          const created = yield* trusts.create({
            trustorUserId: demo.id,
            trusteeUserId: trustee.id,
            projectId: demoProject.id,
            impersonation: false,
            roles: [{ name: "member" }],
            expiresAt: inFuture(1),
            remainingUses: 3
          })
          yield* Effect.gen(function* () {
            assert.strictEqual(created.trustorUserId, demo.id)
            assert.strictEqual(created.trusteeUserId, trustee.id)
            assert.strictEqual(created.projectId, demoProject.id)
            assert.strictEqual(created.impersonation, false)
            assert.strictEqual(created.remainingUses, 3)
            assert.deepStrictEqual(created.roles?.map((role) => role.name), ["member"])
            const got = yield* trusts.get(created.id)
            assert.strictEqual(got.trusteeUserId, trustee.id)
            assert.strictEqual((yield* trusts.find(created.id)).id, created.id)
            assert.isTrue((yield* trusts.list({ trustorUserId: demo.id })).some((trust) => trust.id === created.id))
            // Keystone lets a user list the trusts it is the trustor of, or the trustee of (and an admin any).
            const forbidden = yield* Effect.flip(trusts.list({ trusteeUserId: trustee.id }))
            assert.strictEqual(forbidden._tag, "Forbidden")
            const asAdmin = Trusts.make(yield* adapterOf(pluginOf()))
            assert.isTrue((yield* asAdmin.list({ trusteeUserId: trustee.id })).some((trust) => trust.id === created.id))
            assert.isFalse((yield* asAdmin.list({ trusteeUserId: demo.id })).some((trust) => trust.id === created.id))
            assert.isFalse((yield* asAdmin.list({ trustorUserId: trustee.id })).some((trust) => trust.id === created.id))
            assert.deepStrictEqual((yield* trusts.roles(created.id)).map((role) => role.id), [roleId("member")])

            const access = yield* accessOf(trustee, { trustId: created.id })
            assert.isTrue(access.trustScoped)
            assert.strictEqual(access.trustId, created.id)
            assert.strictEqual(access.userId, trustee.id)
            assert.strictEqual(access.trustorUserId, demo.id)
            assert.strictEqual(access.trusteeUserId, trustee.id)
            assert.strictEqual(access.projectId, demoProject.id)
            assert.include([...access.roleNames], "member")
            assert.strictEqual((yield* trusts.get(created.id)).remainingUses, 2)
          }).pipe(Effect.ensuring(Effect.ignore(trusts.delete(created.id))))
          const gone = yield* Effect.flip(trusts.get(created.id))
          assert.strictEqual(gone._tag, "NotFound")
        }),
      pluginOf("demo")
    ))

  it.live("only the trustor creates a trust; a role the trustor lacks is refused", () =>
    run(
      (identity) =>
        Effect.gen(function* () {
          const trusts = Trusts.make(identity)
          const notMine = yield* Effect.flip(
            trusts.create({ trustorUserId: user("noproject").id, trusteeUserId: demo.id, impersonation: false })
          )
          assert.strictEqual(notMine._tag, "Forbidden")
          const notHeld = yield* Effect.flip(
            trusts.create({ trustorUserId: demo.id, trusteeUserId: user("noproject").id, projectId: demoProject.id, impersonation: false, roles: [{ name: "admin" }] })
          )
          assert.strictEqual(notHeld._tag, "NotFound")
        }),
      pluginOf("demo")
    ))
})

describeWhere("unified limits", "unified limits", () => {
  const system = pluginOf("admin", { authUrl, systemScope: "all" })

  it.live("registered limits: create, createMany, get, find, list with filters, update, delete", () =>
    run(
      (identity) =>
        Effect.gen(function* () {
          const { registeredLimits } = Limits.make(identity)
          const resourceName = unique("authz-cores")
          const created = yield* registeredLimits.create({
            serviceId: compute,
            regionId: "RegionOne",
            resourceName,
            defaultLimit: 10,
            description: "cores"
          })
          const many = yield* registeredLimits.createMany([
            { serviceId: compute, resourceName: `${resourceName}-a`, defaultLimit: 1 },
            { serviceId: compute, regionId: "RegionTwo", resourceName: `${resourceName}-b`, defaultLimit: -1 }
          ])
          yield* Effect.gen(function* () {
            assert.deepStrictEqual(
              [created.serviceId, created.regionId, created.resourceName, created.defaultLimit, created.description],
              [compute, "RegionOne", resourceName, 10, "cores"]
            )
            assert.deepStrictEqual(many.map((r) => [r.resourceName, r.regionId, r.defaultLimit]), [
              [`${resourceName}-a`, null, 1],
              [`${resourceName}-b`, "RegionTwo", -1]
            ])
            assert.strictEqual((yield* registeredLimits.get(created.id)).resourceName, resourceName)
            assert.strictEqual((yield* registeredLimits.find(created.id)).id, created.id)
            assert.deepStrictEqual((yield* registeredLimits.list({ resourceName })).map((r) => r.id), [created.id])
            const regionTwo = yield* registeredLimits.list({ serviceId: compute, regionId: "RegionTwo" })
            assert.isTrue(regionTwo.some((r) => r.id === many[1]?.id))
            assert.isFalse(regionTwo.some((r) => r.id === created.id))
            const updated = yield* registeredLimits.update(created.id, { defaultLimit: 20, description: null })
            assert.strictEqual(updated.defaultLimit, 20)
            assert.strictEqual(updated.description, null)
            assert.strictEqual((yield* registeredLimits.get(created.id)).defaultLimit, 20)
            const duplicate = yield* Effect.flip(registeredLimits.create({ serviceId: compute, regionId: "RegionOne", resourceName, defaultLimit: 1 }))
            assert.strictEqual(duplicate._tag, "Conflict")
          }).pipe(Effect.ensuring(Effect.forEach([created, ...many], (r) => Effect.ignore(registeredLimits.delete(r.id)))))
          const gone = yield* Effect.flip(registeredLimits.get(created.id))
          assert.strictEqual(gone._tag, "NotFound")
        }),
      system
    ))

  it.live("limits of a project and of a domain: create, get, find, list with filters, update, delete; the model", () =>
    run(
      (identity) =>
        Effect.gen(function* () {
          const { registeredLimits, limits, model } = Limits.make(identity)
          const resourceName = unique("authz-ram")
          const registered = yield* registeredLimits.create({ serviceId: compute, regionId: "RegionOne", resourceName, defaultLimit: 100 })
          yield* Effect.gen(function* () {
            const forProject = yield* limits.create({ projectId: demoProject.id, serviceId: compute, regionId: "RegionOne", resourceName, resourceLimit: 5 })
            const [forDomain] = yield* limits.createMany([
              { domainId: acme, serviceId: compute, regionId: "RegionOne", resourceName, resourceLimit: 50, description: "acme" }
            ])
            const ids = [forProject.id, forDomain?.id ?? "no domain limit"]
            yield* Effect.gen(function* () {
              assert.deepStrictEqual([forProject.projectId, forProject.resourceLimit, forProject.resourceName], [demoProject.id, 5, resourceName])
              assert.deepStrictEqual([forDomain?.domainId, forDomain?.resourceLimit, forDomain?.description], [acme, 50, "acme"])
              assert.strictEqual((yield* limits.get(forProject.id)).resourceLimit, 5)
              assert.strictEqual((yield* limits.find(forProject.id)).projectId, demoProject.id)
              assert.deepStrictEqual((yield* limits.list({ resourceName })).map((l) => l.id).toSorted(), ids.toSorted())
              assert.deepStrictEqual((yield* limits.list({ resourceName, projectId: demoProject.id })).map((l) => l.id), [forProject.id])
              assert.deepStrictEqual((yield* limits.list({ resourceName, domainId: acme })).map((l) => l.id), [forDomain?.id])
              // A project-scoped token sees its own project's limits only (the admin project has none).
              const projectScoped = Limits.make(yield* adapterOf(pluginOf()))
              assert.deepStrictEqual(yield* projectScoped.limits.list({ resourceName }), [])
              assert.strictEqual((yield* projectScoped.limits.get(forProject.id)).id, forProject.id)
              const updated = yield* limits.update(forProject.id, { resourceLimit: 7, description: "more" })
              assert.deepStrictEqual([updated.resourceLimit, updated.description], [7, "more"])
              assert.strictEqual((yield* limits.get(forProject.id)).resourceLimit, 7)
              const unregistered = yield* Effect.flip(limits.create({ projectId: demoProject.id, serviceId: compute, resourceName: unique("none"), resourceLimit: 1 }))
              assert.strictEqual(unregistered._tag, "Forbidden")
            }).pipe(Effect.ensuring(Effect.forEach(ids, (id) => Effect.ignore(limits.delete(id)))))
            const gone = yield* Effect.flip(limits.get(forProject.id))
            assert.strictEqual(gone._tag, "NotFound")
          }).pipe(Effect.ensuring(Effect.ignore(registeredLimits.delete(registered.id))))
          const current = yield* model()
          assert.strictEqual(current.name, "flat")
          assert.include(current.description ?? "", "hierarchy")
        }),
      system
    ))
})

describe("tokens", () => {
  it.live("validate, check and revoke another token", () =>
    run((identity) =>
      Effect.gen(function* () {
        const tokens = Tokens.make(identity)
        const holder = yield* tempUser(identity)
        yield* RoleAssignments.make(identity).grant(roleId("reader"), { user: holder.id }, { project: altProject.id })
        const issued = yield* accessOf(holder, { projectId: altProject.id })
        const access = yield* tokens.validate(issued.authToken)
        assert.strictEqual(access.userId, holder.id)
        assert.strictEqual(access.username, holder.name)
        assert.strictEqual(access.projectId, altProject.id)
        assert.strictEqual(access.projectName, "alt")
        assert.include([...access.roleNames], "reader")
        assert.strictEqual(Redacted.value(access.authToken), Redacted.value(issued.authToken))
        assert.isTrue(access.hasServiceCatalog)
        const bare = yield* tokens.validate(issued.authToken, { includeCatalog: false })
        assert.isFalse(bare.hasServiceCatalog)
        assert.strictEqual(bare.userId, holder.id)

        assert.isTrue(yield* tokens.check(issued.authToken))
        yield* tokens.revoke(issued.authToken)
        assert.isFalse(yield* tokens.check(issued.authToken))
        const revoked = yield* Effect.flip(tokens.validate(issued.authToken))
        assert.strictEqual(revoked._tag, "NotFound")
        assert.isFalse(yield* tokens.check(Redacted.make("not-a-token")))
      })
    ))

  it.live("what a token may scope to: the demo user's projects and domains, the admin's system; the catalog", () =>
    run(
      (identity) =>
        Effect.gen(function* () {
          const tokens = Tokens.make(identity)
          const projects = yield* tokens.projects()
          assert.includeMembers(projects.map((p) => p.id), [demoProject.id])
          assert.isFalse(projects.some((p) => p.id === altProject.id))
          const demoScope = projects.find((p) => p.id === demoProject.id)
          assert.deepStrictEqual([demoScope?.name, demoScope?.domainId, demoScope?.enabled], ["demo", "default", true])
          assert.deepStrictEqual(yield* tokens.domains(), [])
          assert.deepStrictEqual(yield* tokens.system(), [])
          const catalog = yield* tokens.catalog()
          const computeUrl = facts.endpoints.find((e) => e.service_type === "compute" && e.interface === "public" && e.region === "RegionOne")?.url
          assert.strictEqual(yield* catalog.urlFor({ serviceType: "compute", interface: "public", regionName: "RegionOne" }), computeUrl)

          const admin = Tokens.make(yield* adapterOf(pluginOf()))
          assert.deepStrictEqual(yield* admin.system(), [{ all: true }])
          const adminDomains = yield* admin.domains()
          assert.includeMembers(adminDomains.map((d) => d.id), ["default", acme])
          assert.strictEqual(adminDomains.find((d) => d.id === acme)?.name, "acme")
        }),
      pluginOf("demo")
    ))
})
