import { assert, describe, it } from "@effect/vitest"
import { Effect, Redacted } from "effect"
import { MockHttp } from "effect-openstack/testing"
import * as Credentials from "../../src/identity/v3/Credentials.ts"
import * as Groups from "../../src/identity/v3/Groups.ts"
import * as Projects from "../../src/identity/v3/Projects.ts"
import * as Users from "../../src/identity/v3/Users.ts"
import { scripted } from "../support/scripted.ts"

const endpoint = "http://keystone.test/v3"

/** An identity adapter on a scripted Keystone; `answer` gets each request, its URL parsed. */
const withKeystone = scripted({ endpoint, serviceType: "identity", url: (url) => url })

const project = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  name: `p-${id}`,
  domain_id: "default",
  enabled: true,
  parent_id: "default",
  is_domain: false,
  ...extra
})

describe("Projects", () => {
  it.effect("tag filters are one comma-separated parameter each, under Keystone's dashed names", () =>
    withKeystone(
      () => MockHttp.json(200, { projects: [] }),
      (identity, seen) =>
        Effect.gen(function* () {
          yield* Projects.make(identity).list({
            tags: ["a", "b"],
            tagsAny: ["c"],
            notTags: ["d", "e"],
            notTagsAny: ["f"],
            isDomain: false,
            enabled: true,
            parentId: "p0"
          })
          const url = seen[0]?.url
          assert.strictEqual(url?.pathname, "/v3/projects")
          assert.deepStrictEqual(
            [...(url?.searchParams.entries() ?? [])].sort(),
            [["enabled", "true"], ["is_domain", "false"], ["not-tags", "d,e"], ["not-tags-any", "f"], ["parent_id", "p0"], ["tags", "a,b"], ["tags-any", "c"]]
          )
        })
    ))

  it.effect("parents and subtree read the expanded project; a domain's null parents are {}; a missing key is InvalidResponse", () =>
    withKeystone(
      (s) => {
        const params = s.url.searchParams
        if (params.has("parents_as_list")) return MockHttp.json(200, { project: project("c", { parents: [{ project: project("b") }, { project: project("a") }] }) })
        if (params.has("parents_as_ids")) return MockHttp.json(200, { project: project("default", { is_domain: true, parents: null }) })
        if (params.has("subtree_as_ids")) return MockHttp.json(200, { project: project("a", { subtree: { b: { c: null } } }) })
        return MockHttp.json(200, { project: project("a") })
      },
      (identity, seen) =>
        Effect.gen(function* () {
          const projects = Projects.make(identity)
          const parents = yield* projects.parents("c")
          assert.deepStrictEqual(parents.map((p) => [p.id, p.name]), [["b", "p-b"], ["a", "p-a"]])
          assert.strictEqual(seen[0]?.url.href, `${endpoint}/projects/c?parents_as_list=true`)
          assert.deepStrictEqual(yield* projects.parentIds("default"), {})
          assert.deepStrictEqual(yield* projects.subtreeIds("a"), { b: { c: null } })
          assert.strictEqual(seen[2]?.url.href, `${endpoint}/projects/a?subtree_as_ids=true`)
          const missing = yield* Effect.flip(projects.subtree("a"))
          assert.strictEqual(missing._tag, "InvalidResponse")
          assert.include(missing.message, "the subtree of project a")
        })
    ))

  it.effect("tags: the exact requests; hasTag is true on 2xx, false on 404, the typed error otherwise", () =>
    withKeystone(
      (s) => {
        if (s.method === "HEAD") return { status: s.url.pathname.endsWith("/yes") ? 204 : s.url.pathname.endsWith("/no") ? 404 : 403 }
        if (s.method === "PUT" && s.url.pathname.endsWith("/tags")) return MockHttp.json(200, { tags: ["x", "y"], links: {} })
        if (s.method === "GET") return MockHttp.json(200, { tags: ["a b"], links: {} })
        return { status: s.method === "PUT" ? 201 : 204 }
      },
      (identity, seen) =>
        Effect.gen(function* () {
          const projects = Projects.make(identity)
          assert.deepStrictEqual(yield* projects.listTags("p1"), ["a b"])
          yield* projects.addTag("p1", "a b")
          assert.isTrue(yield* projects.hasTag("p1", "yes"))
          assert.isFalse(yield* projects.hasTag("p1", "no"))
          const denied = yield* Effect.flip(projects.hasTag("p1", "secret"))
          assert.strictEqual(denied._tag, "Forbidden")
          yield* projects.removeTag("p1", "a b")
          assert.deepStrictEqual(yield* projects.replaceTags("p1", ["x", "y"]), ["x", "y"])
          assert.deepStrictEqual(seen.map((s) => `${s.method} ${s.url.pathname}`), [
            "GET /v3/projects/p1/tags",
            "PUT /v3/projects/p1/tags/a%20b",
            "HEAD /v3/projects/p1/tags/yes",
            "HEAD /v3/projects/p1/tags/no",
            "HEAD /v3/projects/p1/tags/secret",
            "DELETE /v3/projects/p1/tags/a%20b",
            "PUT /v3/projects/p1/tags"
          ])
          assert.deepStrictEqual(seen.at(-1)?.body, { tags: ["x", "y"] })
          const bad = yield* Effect.flip(projects.addTag("p1", "a/b"))
          assert.strictEqual(bad._tag, "ValidationError")
          assert.strictEqual(seen.length, 7) // nothing sent
        })
    ))
})

describe("Users", () => {
  it.effect("federated filters and fields: snake_case on the wire, camelCase in TypeScript; passwords revealed only in the body", () =>
    withKeystone(
      (s) =>
        s.method === "POST"
          ? MockHttp.json(201, {
              user: {
                id: "u1",
                name: "fed",
                domain_id: "default",
                enabled: true,
                federated: [{ idp_id: "idp", protocols: [{ protocol_id: "saml2", unique_id: "u@idp" }] }]
              }
            })
          : MockHttp.json(200, { users: [] }),
      (identity, seen) =>
        Effect.gen(function* () {
          const users = Users.make(identity)
          yield* users.list({ idpId: "idp", protocolId: "saml2", uniqueId: "u@idp", passwordExpiresAt: "lt:2030-01-01T00:00:00Z" })
          assert.deepStrictEqual(Object.fromEntries(seen[0]?.url.searchParams ?? []), {
            idp_id: "idp",
            protocol_id: "saml2",
            unique_id: "u@idp",
            password_expires_at: "lt:2030-01-01T00:00:00Z"
          })
          const created = yield* users.create({
            name: "fed",
            password: Redacted.make("pw-1"),
            federated: [{ idpId: "idp", protocols: [{ protocolId: "saml2", uniqueId: "u@idp" }] }]
          })
          assert.deepStrictEqual(seen[1]?.body, {
            user: { name: "fed", password: "pw-1", federated: [{ idp_id: "idp", protocols: [{ protocol_id: "saml2", unique_id: "u@idp" }] }] }
          })
          assert.deepStrictEqual(created.federated, [{ idpId: "idp", protocols: [{ protocolId: "saml2", uniqueId: "u@idp" }] }])
        })
    ))

  it.effect("changePassword posts both passwords under `user`", () =>
    withKeystone(
      () => ({ status: 204 }),
      (identity, seen) =>
        Effect.gen(function* () {
          yield* Users.make(identity).changePassword("u 1", { originalPassword: Redacted.make("old"), password: Redacted.make("new") })
          assert.strictEqual(`${seen[0]?.method} ${seen[0]?.url.href}`, `POST ${endpoint}/users/u%201/password`)
          assert.deepStrictEqual(seen[0]?.body, { user: { original_password: "old", password: "new" } })
        })
    ))
})

describe("Groups", () => {
  it.effect("membership requests; hasUser maps 204 and 404", () =>
    withKeystone(
      (s) => (s.method === "HEAD" ? { status: s.url.pathname.endsWith("/u1") ? 204 : 404 } : s.method === "GET" ? MockHttp.json(200, { users: [] }) : { status: 204 }),
      (identity, seen) =>
        Effect.gen(function* () {
          const groups = Groups.make(identity)
          yield* groups.addUser("g1", "u1")
          assert.isTrue(yield* groups.hasUser("g1", "u1"))
          assert.isFalse(yield* groups.hasUser("g1", "u2"))
          yield* groups.removeUser("g1", "u1")
          yield* Users.make(identity).list({ groupId: "g1", enabled: true })
          assert.deepStrictEqual(seen.map((s) => `${s.method} ${s.url.pathname}${s.url.search}`), [
            "PUT /v3/groups/g1/users/u1",
            "HEAD /v3/groups/g1/users/u1",
            "HEAD /v3/groups/g1/users/u2",
            "DELETE /v3/groups/g1/users/u1",
            "GET /v3/groups/g1/users?enabled=true"
          ])
        })
    ))
})

describe("Credentials", () => {
  it.effect("the blob is Redacted when decoded and revealed only on the wire", () =>
    withKeystone(
      () => MockHttp.json(200, { credential: { id: "c1", user_id: "u1", type: "cert", blob: "s3cret", project_id: null } }),
      (identity, seen) =>
        Effect.gen(function* () {
          const credential = yield* Credentials.make(identity).update("c1", { blob: Redacted.make("n3w") })
          assert.deepStrictEqual(seen[0]?.body, { credential: { blob: "n3w" } })
          assert.isTrue(Redacted.isRedacted(credential.blob))
          assert.strictEqual(Redacted.value(credential.blob), "s3cret")
          assert.notInclude(JSON.stringify(credential), "s3cret")
          assert.strictEqual(credential.projectId, null)
        })
    ))
})
