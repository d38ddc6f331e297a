import { createHash } from "node:crypto"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Redacted } from "effect"
import { Auth, type Adapter } from "effect-openstack"
import * as Credentials from "../../src/identity/v3/Credentials.ts"
import * as Domains from "../../src/identity/v3/Domains.ts"
import * as Endpoints from "../../src/identity/v3/Endpoints.ts"
import * as Groups from "../../src/identity/v3/Groups.ts"
import * as Policies from "../../src/identity/v3/Policies.ts"
import * as Projects from "../../src/identity/v3/Projects.ts"
import * as Regions from "../../src/identity/v3/Regions.ts"
import * as Services from "../../src/identity/v3/Services.ts"
import * as Users from "../../src/identity/v3/Users.ts"
import { unique, withIdentity } from "./identity.ts"
import { facts, project, user, transport } from "./target.ts"

const ids = (items: ReadonlyArray<{ readonly id: string }>) => items.map((item) => item.id)
const names = (items: ReadonlyArray<{ readonly name: string }>) => items.map((item) => item.name).sort()
const sorted = (values: ReadonlyArray<string>) => [...values].sort()
const acme = facts.domains.acme?.id ?? "acme"

/** Fails the test unless `effect` fails with `tag`. */
const failsWith = <A, E extends { readonly _tag: string }, R>(effect: Effect.Effect<A, E, R>, tag: string) =>
  Effect.map(Effect.flip(effect), (error) => assert.strictEqual(error._tag, tag, String(error)))

/** A user created for one test (in the default domain), deleted after it. */
const scopedUser = (identity: Adapter.AdapterShape, attributes: Partial<Parameters<Users.UsersClient["create"]>[0]> = {}) => {
  const users = Users.make(identity)
  return Effect.acquireRelease(users.create({ name: unique("person"), domainId: "default", ...attributes }), (created) =>
    Effect.ignore(users.delete(created.id)))
}

/** Gives the identity's user (the admin) a role on a project, so that Keystone's filtered hierarchy lists show it. */
const grantAdmin = (identity: Adapter.AdapterShape, projectId: string, role = "reader") =>
  identity.put(`/projects/${projectId}/users/${user("admin").id}/roles/${facts.roles[role]?.id ?? role}`)

/** Authenticates (unscoped) as a user with a password; Keystone rejects a token of the second a password changed in. */
const authenticate = (userId: string, password: string) =>
  Effect.flatMap(Auth.v3Password({ authUrl: facts.auth_url, userId, password: Redacted.make(password), unscoped: true }), (plugin) => plugin.getAccess).pipe(
    Effect.provide(transport)
  )

describe("Identity v3 projects", () => {
  it.live("create → get → find → list with filters → update → delete", () =>
    withIdentity((identity) =>
      Effect.scoped(
        Effect.gen(function* () {
          const projects = Projects.make(identity)
          const tag = unique("tag")
          const name = unique("project")
          const created = yield* Effect.acquireRelease(
            projects.create({ name, domainId: "default", description: "first", tags: [tag, "people"] }),
            (p) => Effect.ignore(projects.delete(p.id))
          )
          assert.strictEqual(created.name, name)
          assert.strictEqual(created.domainId, "default")
          assert.strictEqual(created.parentId, "default")
          assert.strictEqual(created.description, "first")
          assert.isTrue(created.enabled)
          assert.isFalse(created.isDomain)
          assert.deepStrictEqual(sorted(created.tags ?? []), sorted([tag, "people"]))

          const got = yield* projects.get(created.id)
          assert.strictEqual(got.name, name)
          assert.deepStrictEqual(sorted(got.tags ?? []), sorted([tag, "people"]))
          assert.strictEqual((got.extra.links as { self?: string } | undefined)?.self?.endsWith(`/projects/${created.id}`), true)
          assert.strictEqual((yield* projects.find(name)).id, created.id)
          assert.strictEqual((yield* projects.find(created.id)).name, name)

          assert.deepStrictEqual(ids(yield* projects.list({ name })), [created.id])
          assert.deepStrictEqual(ids(yield* projects.list({ tags: [tag] })), [created.id])
          assert.deepStrictEqual(ids(yield* projects.list({ tags: [tag, "people"] })), [created.id])
          assert.deepStrictEqual(ids(yield* projects.list({ tags: [tag, "absent-tag"] })), [])
          const anyOf = ids(yield* projects.list({ tagsAny: [tag, "seeded"] }))
          assert.includeMembers(anyOf, [created.id, project("demo").id])
          assert.notInclude(anyOf, project("alt").id)
          const notAny = ids(yield* projects.list({ domainId: "default", notTagsAny: [tag] }))
          assert.include(notAny, project("alt").id)
          assert.notInclude(notAny, created.id)
          const notAll = ids(yield* projects.list({ notTags: [tag, "people"] }))
          assert.notInclude(notAll, created.id)
          assert.include(notAll, project("demo").id)
          const inAcme = ids(yield* projects.list({ domainId: acme }))
          assert.include(inAcme, project("acme-project").id)
          assert.notInclude(inAcme, created.id)
          const domainsAsProjects = yield* projects.list({ isDomain: true })
          assert.include(ids(domainsAsProjects), "default")
          assert.notInclude(ids(domainsAsProjects), created.id)
          assert.isTrue(domainsAsProjects.every((p) => p.isDomain && p.domainId === null))

          const updated = yield* projects.update(created.id, { description: "second", enabled: false })
          assert.strictEqual(updated.description, "second")
          assert.isFalse(updated.enabled)
          const persisted = yield* projects.get(created.id)
          assert.strictEqual(persisted.description, "second")
          assert.isFalse(persisted.enabled)
          assert.deepStrictEqual(ids(yield* projects.list({ name, enabled: false })), [created.id])
          assert.deepStrictEqual(ids(yield* projects.list({ name, enabled: true })), [])

          yield* projects.delete(created.id)
          yield* failsWith(projects.get(created.id), "NotFound")
          yield* failsWith(projects.find(name), "NotFound")
        })
      )
    ))

  it.live("the hierarchy: parents and subtree, as projects (filtered by the caller's roles) and as ids", () =>
    withIdentity((identity) =>
      Effect.scoped(
        Effect.gen(function* () {
          const projects = Projects.make(identity)
          const scoped = (attributes: Parameters<typeof projects.create>[0]) =>
            Effect.acquireRelease(projects.create(attributes), (p) => Effect.ignore(projects.delete(p.id)))
          const top = yield* scoped({ name: unique("top"), domainId: "default" })
          const middle = yield* scoped({ name: unique("middle"), parentId: top.id })
          const leaf = yield* scoped({ name: unique("leaf"), parentId: middle.id })
          assert.strictEqual(middle.parentId, top.id)
          assert.strictEqual(middle.domainId, "default")

          assert.deepStrictEqual(yield* projects.parentIds(leaf.id), { [middle.id]: { [top.id]: { default: null } } })
          assert.deepStrictEqual(yield* projects.subtreeIds(top.id), { [middle.id]: { [leaf.id]: null } })
          assert.deepStrictEqual(yield* projects.subtreeIds(leaf.id), {})
          assert.deepStrictEqual(ids(yield* projects.list({ parentId: top.id })), [middle.id])

          // Without a role on them, the admin sees none of them in the lists.
          assert.deepStrictEqual(ids(yield* projects.parents(leaf.id)), [])
          yield* grantAdmin(identity, top.id)
          yield* grantAdmin(identity, middle.id)
          assert.deepStrictEqual(sorted(ids(yield* projects.parents(leaf.id))), sorted([top.id, middle.id]))
          const below = yield* projects.subtree(top.id)
          assert.deepStrictEqual(ids(below), [middle.id]) // the leaf has no role of the admin
          assert.strictEqual(below[0]?.parentId, top.id)

          yield* failsWith(projects.parentIds("no-such-project"), "NotFound")
          // Keystone refuses to delete a project that has children.
          yield* failsWith(projects.delete(top.id), "Forbidden")
        })
      )
    ))

  it.live("tags: list, add, has, remove, replace", () =>
    withIdentity((identity) =>
      Effect.scoped(
        Effect.gen(function* () {
          const projects = Projects.make(identity)
          const created = yield* Effect.acquireRelease(projects.create({ name: unique("tagged"), domainId: "default", tags: ["a"] }), (p) =>
            Effect.ignore(projects.delete(p.id)))
          assert.deepStrictEqual(yield* projects.listTags(created.id), ["a"])
          yield* projects.addTag(created.id, "b c")
          // Keystone validates the new tag list, duplicates included: adding a tag the project has is a BadRequest.
          yield* failsWith(projects.addTag(created.id, "b c"), "BadRequest")
          assert.deepStrictEqual(sorted(yield* projects.listTags(created.id)), ["a", "b c"])
          assert.isTrue(yield* projects.hasTag(created.id, "b c"))
          assert.isFalse(yield* projects.hasTag(created.id, "zzz"))
          assert.isFalse(yield* projects.hasTag("no-such-project", "a"))

          yield* projects.removeTag(created.id, "a")
          assert.isFalse(yield* projects.hasTag(created.id, "a"))
          yield* failsWith(projects.removeTag(created.id, "a"), "NotFound")

          assert.deepStrictEqual(sorted(yield* projects.replaceTags(created.id, ["x", "y"])), ["x", "y"])
          assert.deepStrictEqual(sorted((yield* projects.get(created.id)).tags ?? []), ["x", "y"])
          assert.deepStrictEqual(yield* projects.replaceTags(created.id, []), [])
          assert.deepStrictEqual(yield* projects.listTags(created.id), [])

          yield* failsWith(projects.addTag(created.id, "bad/tag"), "ValidationError")
          yield* failsWith(projects.replaceTags(created.id, ["bad,tag"]), "BadRequest")
        })
      )
    ))
})

describe("Identity v3 domains", () => {
  it.live("create → get → find → list → update → delete (only once disabled)", () =>
    withIdentity((identity) =>
      Effect.scoped(
        Effect.gen(function* () {
          const domains = Domains.make(identity)
          const name = unique("domain")
          const created = yield* Effect.acquireRelease(domains.create({ name, description: "first", tags: ["people"] }), (d) =>
            Effect.ignore(Effect.andThen(domains.update(d.id, { enabled: false }), domains.delete(d.id))))
          assert.strictEqual(created.name, name)
          assert.strictEqual(created.description, "first")
          assert.isTrue(created.enabled)
          assert.deepStrictEqual(created.tags, ["people"])

          assert.strictEqual((yield* domains.get(created.id)).name, name)
          assert.strictEqual((yield* domains.find(name)).id, created.id)
          assert.strictEqual((yield* domains.find(created.id)).name, name)
          assert.strictEqual((yield* domains.find("Default")).id, "default")
          assert.deepStrictEqual(ids(yield* domains.list({ name })), [created.id])
          const enabled = ids(yield* domains.list({ enabled: true }))
          assert.includeMembers(enabled, [created.id, "default"])

          const updated = yield* domains.update(created.id, { description: "second", enabled: false })
          assert.strictEqual(updated.description, "second")
          assert.isFalse(updated.enabled)
          const persisted = yield* domains.get(created.id)
          assert.strictEqual(persisted.description, "second")
          assert.isFalse(persisted.enabled)
          const disabled = ids(yield* domains.list({ enabled: false }))
          assert.include(disabled, created.id)
          assert.notInclude(disabled, "default")

          yield* domains.delete(created.id)
          yield* failsWith(domains.get(created.id), "NotFound")
        })
      )
    ))

  it.live("deleting an enabled domain is Forbidden", () =>
    withIdentity((identity) =>
      Effect.scoped(
        Effect.gen(function* () {
          const domains = Domains.make(identity)
          const created = yield* Effect.acquireRelease(domains.create({ name: unique("domain") }), (d) =>
            Effect.ignore(Effect.andThen(domains.update(d.id, { enabled: false }), domains.delete(d.id))))
          yield* failsWith(domains.delete(created.id), "Forbidden")
          assert.isTrue((yield* domains.get(created.id)).enabled)
        })
      )
    ))
})

describe("Identity v3 users", () => {
  it.live("create → get → find → list with filters → update → delete", () =>
    withIdentity((identity) =>
      Effect.scoped(
        Effect.gen(function* () {
          const users = Users.make(identity)
          const name = unique("user")
          const created = yield* scopedUser(identity, {
            name,
            password: Redacted.make("first-password"),
            email: `${name}@example.org`,
            description: "first",
            defaultProjectId: project("demo").id
          })
          assert.strictEqual(created.name, name)
          assert.strictEqual(created.domainId, "default")
          assert.strictEqual(created.email, `${name}@example.org`)
          assert.strictEqual(created.defaultProjectId, project("demo").id)
          assert.isTrue(created.enabled)
          assert.notProperty(created.extra, "password")

          const got = yield* users.get(created.id)
          assert.strictEqual(got.name, name)
          assert.strictEqual(got.description, "first")
          assert.strictEqual((yield* users.find(name)).id, created.id)
          assert.strictEqual((yield* users.find(created.id)).name, name)

          assert.deepStrictEqual(ids(yield* users.list({ name })), [created.id])
          const inDefault = ids(yield* users.list({ domainId: "default" }))
          assert.include(inDefault, created.id)
          assert.notInclude(inDefault, user("acme-user").id)
          const inAcme = ids(yield* users.list({ domainId: acme }))
          assert.include(inAcme, user("acme-user").id)
          assert.notInclude(inAcme, created.id)
          const disabled = ids(yield* users.list({ enabled: false }))
          assert.include(disabled, user("disabled-user").id)
          assert.notInclude(disabled, created.id)

          const updated = yield* users.update(created.id, { email: `new-${name}@example.org`, enabled: false, defaultProjectId: null })
          assert.strictEqual(updated.email, `new-${name}@example.org`)
          assert.isFalse(updated.enabled)
          assert.isNull(updated.defaultProjectId ?? null)
          const persisted = yield* users.get(created.id)
          assert.strictEqual(persisted.email, `new-${name}@example.org`)
          assert.isFalse(persisted.enabled)
          assert.include(ids(yield* users.list({ enabled: false })), created.id)

          yield* users.delete(created.id)
          yield* failsWith(users.get(created.id), "NotFound")
        })
      )
    ))

  it.live("changePassword: the new password authenticates, the old one no longer does", () =>
    withIdentity((identity) =>
      Effect.scoped(
        Effect.gen(function* () {
          const users = Users.make(identity)
          const created = yield* scopedUser(identity, { password: Redacted.make("old-password") })
          yield* failsWith(
            users.changePassword(created.id, { originalPassword: Redacted.make("wrong-password"), password: Redacted.make("x-password") }),
            "Unauthorized"
          )
          yield* users.changePassword(created.id, { originalPassword: Redacted.make("old-password"), password: Redacted.make("new-password") })
          yield* Effect.sleep("1100 millis")
          assert.strictEqual((yield* authenticate(created.id, "new-password")).userId, created.id)
          yield* failsWith(authenticate(created.id, "old-password"), "Unauthorized")

          // An admin resets a password with update.
          yield* users.update(created.id, { password: Redacted.make("reset-password") })
          yield* Effect.sleep("1100 millis")
          assert.strictEqual((yield* authenticate(created.id, "reset-password")).userId, created.id)
        })
      )
    ))

  it.live("a user's projects (direct and through a group) and groups", () =>
    withIdentity((identity) =>
      Effect.gen(function* () {
        const projects = Projects.make(identity)
        const groups = Groups.make(identity)
        assert.deepStrictEqual(names(yield* projects.list({ userId: user("demo").id })), ["demo", "demo-child"])
        assert.deepStrictEqual(names(yield* projects.list({ userId: user("demo").id, name: "demo-child" })), ["demo-child"])
        assert.deepStrictEqual(names(yield* projects.list({ userId: user("noproject").id })), ["alt"])
        assert.deepStrictEqual(names(yield* projects.list({ userId: user("acme-user").id })), ["acme-project"])
        assert.deepStrictEqual(names(yield* groups.list({ userId: user("noproject").id })), ["demo-group"])
        assert.deepStrictEqual(yield* groups.list({ userId: user("demo").id }), [])
        yield* failsWith(projects.list({ userId: "no-such-user" }), "NotFound")
      })
    ))
})

describe("Identity v3 groups", () => {
  it.live("create → get → find → list → update → delete", () =>
    withIdentity((identity) =>
      Effect.scoped(
        Effect.gen(function* () {
          const groups = Groups.make(identity)
          const name = unique("group")
          const created = yield* Effect.acquireRelease(groups.create({ name, domainId: "default", description: "first" }), (g) =>
            Effect.ignore(groups.delete(g.id)))
          assert.strictEqual(created.name, name)
          assert.strictEqual(created.domainId, "default")
          assert.strictEqual(created.description, "first")
          assert.strictEqual((yield* groups.get(created.id)).name, name)
          assert.strictEqual((yield* groups.find(name)).id, created.id)
          assert.strictEqual((yield* groups.find(created.id)).name, name)

          assert.deepStrictEqual(ids(yield* groups.list({ name })), [created.id])
          const inDefault = ids(yield* groups.list({ domainId: "default" }))
          assert.includeMembers(inDefault, [created.id, facts.groups["demo-group"]?.id ?? ""])
          assert.notInclude(ids(yield* groups.list({ domainId: acme })), created.id)

          const updated = yield* groups.update(created.id, { description: "second" })
          assert.strictEqual(updated.description, "second")
          assert.strictEqual((yield* groups.get(created.id)).description, "second")

          yield* groups.delete(created.id)
          yield* failsWith(groups.get(created.id), "NotFound")
        })
      )
    ))

  it.live("membership: addUser, hasUser, users, removeUser", () =>
    withIdentity((identity) =>
      Effect.scoped(
        Effect.gen(function* () {
          const groups = Groups.make(identity)
          const users = Users.make(identity)
          const group = yield* Effect.acquireRelease(groups.create({ name: unique("members"), domainId: "default" }), (g) =>
            Effect.ignore(groups.delete(g.id)))
          const member = yield* scopedUser(identity)
          const other = yield* scopedUser(identity)

          assert.deepStrictEqual(yield* users.list({ groupId: group.id }), [])
          assert.isFalse(yield* groups.hasUser(group.id, member.id))
          yield* groups.addUser(group.id, member.id)
          yield* groups.addUser(group.id, member.id) // again: no change
          assert.isTrue(yield* groups.hasUser(group.id, member.id))
          assert.isFalse(yield* groups.hasUser(group.id, other.id))
          assert.isFalse(yield* groups.hasUser(group.id, "no-such-user"))
          assert.isTrue(yield* groups.hasUser(facts.groups["demo-group"]?.id ?? "", user("noproject").id))

          const members = yield* users.list({ groupId: group.id })
          assert.deepStrictEqual(ids(members), [member.id])
          assert.strictEqual(members[0]?.name, member.name)
          assert.deepStrictEqual(ids(yield* users.list({ groupId: group.id, enabled: false })), [])
          assert.deepStrictEqual(ids(yield* groups.list({ userId: member.id })), [group.id])
          assert.deepStrictEqual(yield* groups.list({ userId: other.id }), [])

          yield* groups.removeUser(group.id, member.id)
          assert.isFalse(yield* groups.hasUser(group.id, member.id))
          assert.deepStrictEqual(yield* users.list({ groupId: group.id }), [])
          yield* failsWith(groups.removeUser(group.id, member.id), "NotFound")
          yield* failsWith(groups.addUser(group.id, "no-such-user"), "NotFound")
        })
      )
    ))
})

describe("Identity v3 credentials", () => {
  it.live("create (blob Redacted) → get → find by id → list with filters → update → delete", () =>
    withIdentity((identity) =>
      Effect.scoped(
        Effect.gen(function* () {
          const credentials = Credentials.make(identity)
          const owner = yield* scopedUser(identity)
          const scopedCredential = (attributes: Parameters<typeof credentials.create>[0]) =>
            Effect.acquireRelease(credentials.create(attributes), (c) => Effect.ignore(credentials.delete(c.id)))

          const cert = yield* scopedCredential({ userId: owner.id, type: "cert", blob: Redacted.make("cert-secret-1") })
          assert.strictEqual(cert.userId, owner.id)
          assert.strictEqual(cert.type, "cert")
          assert.strictEqual(Redacted.value(cert.blob), "cert-secret-1")
          assert.notInclude(String(cert.blob), "cert-secret-1")
          assert.notInclude(JSON.stringify(cert), "cert-secret-1")

          const access = unique("access")
          const ec2 = yield* scopedCredential({
            userId: owner.id,
            type: "ec2",
            projectId: project("demo").id,
            blob: Redacted.make(JSON.stringify({ access, secret: "ec2-secret" }))
          })
          assert.strictEqual(ec2.id, createHash("sha256").update(access).digest("hex"))
          assert.strictEqual(ec2.projectId, project("demo").id)
          assert.deepStrictEqual(JSON.parse(Redacted.value(ec2.blob)), { access, secret: "ec2-secret" })

          assert.strictEqual(Redacted.value((yield* credentials.get(cert.id)).blob), "cert-secret-1")
          assert.strictEqual((yield* credentials.find(cert.id)).type, "cert")
          yield* failsWith(credentials.find("cert"), "NotFound") // no names: ids only

          assert.deepStrictEqual(sorted(ids(yield* credentials.list({ userId: owner.id }))), sorted([cert.id, ec2.id]))
          assert.deepStrictEqual(ids(yield* credentials.list({ userId: owner.id, type: "ec2" })), [ec2.id])
          assert.notInclude(ids(yield* credentials.list({ userId: user("demo").id })), cert.id)

          const updated = yield* credentials.update(cert.id, { blob: Redacted.make("cert-secret-2") })
          assert.strictEqual(Redacted.value(updated.blob), "cert-secret-2")
          assert.strictEqual(Redacted.value((yield* credentials.get(cert.id)).blob), "cert-secret-2")

          yield* credentials.delete(cert.id)
          yield* failsWith(credentials.get(cert.id), "NotFound")
        })
      )
    ))
})

describe("Identity v3 regions", () => {
  it.live("create (own id, a child) → get → find by id → list by parent → update → findOrCreate → delete", () =>
    withIdentity((identity) =>
      Effect.scoped(
        Effect.gen(function* () {
          const regions = Regions.make(identity)
          const parentId = unique("Region")
          const parent = yield* Effect.acquireRelease(regions.create({ id: parentId, description: "parent" }), (r) =>
            Effect.ignore(regions.delete(r.id)))
          assert.strictEqual(parent.id, parentId)
          assert.strictEqual(parent.parentRegionId, null)
          const child = yield* Effect.acquireRelease(regions.create({ parentRegionId: parentId }), (r) =>
            Effect.ignore(regions.delete(r.id)))
          assert.match(child.id, /^[0-9a-f]{32}$/) // Keystone makes the id when none is given
          assert.strictEqual(child.parentRegionId, parentId)

          assert.strictEqual((yield* regions.get(parentId)).description, "parent")
          assert.strictEqual((yield* regions.find(child.id)).parentRegionId, parentId)
          yield* failsWith(regions.find(unique("no-such-region")), "NotFound")
          assert.deepStrictEqual(ids(yield* regions.list({ parentRegionId: parentId })), [child.id])
          assert.includeMembers(ids(yield* regions.list()), ["RegionOne", "RegionTwo", parentId, child.id])

          const updated = yield* regions.update(child.id, { description: "child", parentRegionId: null })
          assert.strictEqual(updated.description, "child")
          assert.strictEqual(updated.parentRegionId, null)
          assert.deepStrictEqual(ids(yield* regions.list({ parentRegionId: parentId })), [])

          assert.strictEqual((yield* regions.findOrCreate(parentId, {})).description, "parent")
          const madeId = unique("Region")
          const made = yield* Effect.acquireRelease(regions.findOrCreate(madeId, { description: "made" }), (r) =>
            Effect.ignore(regions.delete(r.id)))
          assert.strictEqual(made.id, madeId)
          assert.strictEqual(made.description, "made")

          yield* regions.delete(child.id)
          yield* failsWith(regions.get(child.id), "NotFound")
        })
      )
    ))
})

describe("Identity v3 services and endpoints", () => {
  it.live("services: create → get → find → list with filters → update → delete", () =>
    withIdentity((identity) =>
      Effect.scoped(
        Effect.gen(function* () {
          const services = Services.make(identity)
          const name = unique("svc")
          const type = unique("svc-type")
          const created = yield* Effect.acquireRelease(services.create({ type, name, description: "first" }), (s) =>
            Effect.ignore(services.delete(s.id)))
          assert.strictEqual(created.type, type)
          assert.strictEqual(created.name, name)
          assert.strictEqual(created.description, "first")
          assert.isTrue(created.enabled)

          assert.strictEqual((yield* services.get(created.id)).type, type)
          assert.strictEqual((yield* services.find(name)).id, created.id)
          assert.strictEqual((yield* services.find(created.id)).name, name)
          assert.strictEqual((yield* services.find("nova")).id, facts.services.compute?.id)
          assert.deepStrictEqual(ids(yield* services.list({ type })), [created.id])
          const computes = ids(yield* services.list({ type: "compute" }))
          assert.include(computes, facts.services.compute?.id)
          assert.notInclude(computes, created.id)
          assert.deepStrictEqual(ids(yield* services.list({ name })), [created.id])

          const updated = yield* services.update(created.id, { description: "second", enabled: false })
          assert.strictEqual(updated.description, "second")
          assert.isFalse(updated.enabled)
          const persisted = yield* services.get(created.id)
          assert.strictEqual(persisted.description, "second")
          assert.isFalse(persisted.enabled)

          yield* services.delete(created.id)
          yield* failsWith(services.get(created.id), "NotFound")
        })
      )
    ))

  it.live("endpoints: create → get → find by id → list with filters → update → delete", () =>
    withIdentity((identity) =>
      Effect.scoped(
        Effect.gen(function* () {
          const services = Services.make(identity)
          const endpoints = Endpoints.make(identity)
          const service = yield* Effect.acquireRelease(services.create({ type: unique("ep-type"), name: unique("ep-svc") }), (s) =>
            Effect.ignore(services.delete(s.id)))
          const created = yield* Effect.acquireRelease(
            endpoints.create({ serviceId: service.id, interface: "internal", url: "http://127.0.0.1:9999/v1", regionId: "RegionTwo" }),
            (e) => Effect.ignore(endpoints.delete(e.id))
          )
          assert.strictEqual(created.serviceId, service.id)
          assert.strictEqual(created.interface, "internal")
          assert.strictEqual(created.url, "http://127.0.0.1:9999/v1")
          assert.strictEqual(created.regionId, "RegionTwo")
          assert.strictEqual(created.region, "RegionTwo")
          assert.isTrue(created.enabled)

          assert.strictEqual((yield* endpoints.get(created.id)).url, "http://127.0.0.1:9999/v1")
          assert.strictEqual((yield* endpoints.find(created.id)).serviceId, service.id)
          assert.deepStrictEqual(ids(yield* endpoints.list({ serviceId: service.id })), [created.id])
          assert.deepStrictEqual(ids(yield* endpoints.list({ serviceId: service.id, interface: "public" })), [])
          const internalTwo = yield* endpoints.list({ regionId: "RegionTwo", interface: "internal" })
          assert.include(ids(internalTwo), created.id)
          assert.isTrue(internalTwo.every((e) => e.regionId === "RegionTwo" && e.interface === "internal"))
          const seededOne = facts.endpoints.find((e) => e.region === "RegionOne" && e.interface === "internal")
          assert.notInclude(ids(internalTwo), seededOne?.id)

          const updated = yield* endpoints.update(created.id, { url: "http://127.0.0.1:9999/v2", enabled: false })
          assert.strictEqual(updated.url, "http://127.0.0.1:9999/v2")
          assert.isFalse(updated.enabled)
          const persisted = yield* endpoints.get(created.id)
          assert.strictEqual(persisted.url, "http://127.0.0.1:9999/v2")
          assert.isFalse(persisted.enabled)

          yield* endpoints.delete(created.id)
          yield* failsWith(endpoints.get(created.id), "NotFound")
        })
      )
    ))
})

describe("Identity v3 policies (deprecated)", () => {
  it.live("create → get → find by id → list by type → update → delete", () =>
    withIdentity((identity) =>
      Effect.scoped(
        Effect.gen(function* () {
          const policies = Policies.make(identity)
          const type = `application/x-${unique("test")}`
          const created = yield* Effect.acquireRelease(policies.create({ type, blob: '{"default": ""}' }), (p) =>
            Effect.ignore(policies.delete(p.id)))
          assert.strictEqual(created.type, type)
          assert.strictEqual(created.blob, '{"default": ""}')
          assert.strictEqual((yield* policies.get(created.id)).blob, '{"default": ""}')
          assert.strictEqual((yield* policies.find(created.id)).type, type)
          assert.deepStrictEqual(ids(yield* policies.list({ type })), [created.id])
          assert.deepStrictEqual(ids(yield* policies.list({ type: `${type}-other` })), [])

          const updated = yield* policies.update(created.id, { blob: '{"default": "role:admin"}' })
          assert.strictEqual(updated.blob, '{"default": "role:admin"}')
          assert.strictEqual(updated.type, type)
          assert.strictEqual((yield* policies.get(created.id)).blob, '{"default": "role:admin"}')

          yield* policies.delete(created.id)
          yield* failsWith(policies.get(created.id), "NotFound")
        })
      )
    ))
})
