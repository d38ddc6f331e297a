import { inspect } from "node:util"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Redacted, Schema } from "effect"
import { HttpClientRequest, HttpClientResponse } from "effect/http"
import { TestClock } from "effect/testing"
import { AccessInfo } from "effect-openstack"
import { Fixtures } from "effect-openstack/testing"

const expires = "2026-11-22T12:00:00.000000Z"
const issued = "2026-11-22T11:00:00.000000Z"
const decodeV3 = (token: Fixtures.V3Token) => Effect.runSync(AccessInfo.fromV3(token.body, token.subjectToken))
const decodeV2 = (token: Fixtures.V2Token) => Effect.runSync(AccessInfo.fromV2(token.body))
const failure = <E>(effect: Effect.Effect<unknown, E>) => Effect.runSync(Effect.flip(effect))

describe("AccessInfo v3", () => {
  it("a project-scoped token: every accessor", () => {
    const token = new Fixtures.V3Token({
      subjectToken: "gAAAAA-the-token",
      userId: "u1",
      userName: "demo",
      userDomainId: "d-user",
      userDomainName: "UserDomain",
      projectId: "p1",
      projectName: "demo-project",
      projectDomainId: "d-proj",
      projectDomainName: "ProjectDomain",
      roles: [{ id: "r1", name: "member" }, { id: "r2", name: "reader" }],
      expires,
      issued,
      methods: ["password", "totp"],
      auditId: "audit-1",
      auditChainId: "audit-0",
      bind: { kerberos: "demo@EXAMPLE.ORG" }
    })
    token.addService("compute", { name: "nova" }).addStandardEndpoints({ public: "https://nova/v2.1", region: "r1" })
    const access = decodeV3(token)
    assert.strictEqual(access.version, "v3")
    assert.strictEqual(Redacted.value(access.authToken), "gAAAAA-the-token")
    assert.strictEqual(access.expires.toISOString(), "2026-11-22T12:00:00.000Z")
    assert.strictEqual(access.issued?.toISOString(), "2026-11-22T11:00:00.000Z")
    assert.deepStrictEqual(access.methods, ["password", "totp"])
    assert.strictEqual(access.userId, "u1")
    assert.strictEqual(access.username, "demo")
    assert.strictEqual(access.userDomainId, "d-user")
    assert.strictEqual(access.userDomainName, "UserDomain")
    assert.deepStrictEqual(access.roleIds, ["r1", "r2"])
    assert.deepStrictEqual(access.roleNames, ["member", "reader"])
    assert.strictEqual(access.projectId, "p1")
    assert.strictEqual(access.projectName, "demo-project")
    assert.strictEqual(access.tenantId, "p1")
    assert.strictEqual(access.tenantName, "demo-project")
    assert.strictEqual(access.projectDomainId, "d-proj")
    assert.strictEqual(access.projectDomainName, "ProjectDomain")
    assert.isUndefined(access.domainId)
    assert.isUndefined(access.domainName)
    assert.deepStrictEqual(
      [access.scoped, access.projectScoped, access.domainScoped, access.systemScoped, access.trustScoped],
      [true, true, false, false, false]
    )
    assert.strictEqual(access.auditId, "audit-1")
    assert.strictEqual(access.auditChainId, "audit-0")
    assert.strictEqual(access.initialAuditId, "audit-0")
    assert.isFalse(access.isFederated)
    assert.isTrue(access.hasServiceCatalog)
    assert.strictEqual(Effect.runSync(access.serviceCatalog.urlFor({ serviceType: "compute" })), "https://nova/v2.1")
    assert.deepStrictEqual(access.bind, { kerberos: "demo@EXAMPLE.ORG" })
    assert.isUndefined(access.serviceProviders)
    assert.isUndefined(access.trustId)
    assert.isUndefined(access.oauthAccessTokenId)
  })

  it("a domain-scoped token", () => {
    const access = decodeV3(new Fixtures.V3Token({ domainId: "d1", domainName: "acme", roles: ["admin"] }))
    assert.deepStrictEqual(
      [access.scoped, access.projectScoped, access.domainScoped, access.systemScoped],
      [true, false, true, false]
    )
    assert.strictEqual(access.domainId, "d1")
    assert.strictEqual(access.domainName, "acme")
    assert.isUndefined(access.projectId)
    assert.isUndefined(access.projectDomainId)
    assert.deepStrictEqual(access.roleNames, ["admin"])
  })

  it("a system-scoped token", () => {
    const access = decodeV3(new Fixtures.V3Token({ system: true, roles: ["reader"] }))
    assert.deepStrictEqual([access.scoped, access.systemScoped, access.projectScoped], [true, true, false])
  })

  it("an unscoped token has no roles and no catalog", () => {
    const access = decodeV3(new Fixtures.V3Token({ userName: "alone" }))
    assert.deepStrictEqual([access.scoped, access.hasServiceCatalog], [false, false])
    assert.deepStrictEqual(access.roleIds, [])
    assert.strictEqual(access.auditChainId, undefined)
    assert.strictEqual(access.initialAuditId, access.auditId)
    assert.strictEqual(failure(access.serviceCatalog.urlFor({ serviceType: "compute" }))._tag, "EmptyCatalog")
  })

  it("a trust-scoped token", () => {
    const access = decodeV3(
      new Fixtures.V3Token({ projectId: "p", trustId: "t1", trusteeUserId: "trustee", trustorUserId: "trustor" })
    )
    assert.deepStrictEqual(
      [access.trustScoped, access.trustId, access.trusteeUserId, access.trustorUserId],
      [true, "t1", "trustee", "trustor"]
    )
  })

  it("OAuth1, application credential, federation and service providers", () => {
    const access = decodeV3(
      new Fixtures.V3Token({
        projectId: "p",
        oauthAccessTokenId: "oauth-token",
        oauthConsumerId: "consumer",
        applicationCredentialId: "ac1",
        federation: { identityProviderId: "idp", protocolId: "saml2" },
        serviceProviders: [{ id: "sp1", authUrl: "https://sp/auth", spUrl: "https://sp/sso" }]
      })
    )
    assert.strictEqual(access.oauthAccessTokenId, "oauth-token")
    assert.strictEqual(access.oauthConsumerId, "consumer")
    assert.strictEqual(access.applicationCredentialId, "ac1")
    assert.isTrue(access.isFederated)
    assert.deepStrictEqual(access.serviceProviders, [{ id: "sp1", authUrl: "https://sp/auth", spUrl: "https://sp/sso" }])
  })

  it("fixture ids are made up once: the body reads the same every time", () => {
    const token = new Fixtures.V3Token({ projectName: "p", trustId: "t" })
    assert.deepStrictEqual(token.body, token.body)
  })
})

describe("AccessInfo v2.0", () => {
  it("a tenant-scoped token: every accessor, with the v2 defaults", () => {
    const token = new Fixtures.V2Token({
      tokenId: "v2-token-id",
      userId: "u2",
      userName: "legacy",
      tenantId: "t2",
      tenantName: "legacy-tenant",
      roles: [{ id: "r1", name: "Member" }],
      expires: "2026-11-22T12:00:00Z",
      issued: "2026-11-22T11:00:00Z",
      auditId: "a2",
      trustId: "trust2",
      trusteeUserId: "te",
      trustorUserId: "tr"
    })
    token.addService("identity").addStandardEndpoints({ public: "https://k/v2.0", admin: "https://k:35357/v2.0" })
    const access = decodeV2(token)
    assert.strictEqual(access.version, "v2.0")
    assert.strictEqual(Redacted.value(access.authToken), "v2-token-id")
    assert.strictEqual(access.expires.toISOString(), "2026-11-22T12:00:00.000Z")
    assert.strictEqual(access.issued?.toISOString(), "2026-11-22T11:00:00.000Z")
    assert.strictEqual(access.userId, "u2")
    assert.strictEqual(access.username, "legacy")
    assert.strictEqual(access.userDomainId, "default")
    assert.strictEqual(access.userDomainName, "Default")
    assert.strictEqual(access.projectId, "t2")
    assert.strictEqual(access.tenantId, "t2")
    assert.strictEqual(access.projectName, "legacy-tenant")
    assert.strictEqual(access.tenantName, "legacy-tenant")
    assert.strictEqual(access.projectDomainId, "default")
    assert.strictEqual(access.projectDomainName, "Default")
    assert.deepStrictEqual(access.roleIds, ["r1"])
    assert.deepStrictEqual(access.roleNames, ["Member"])
    assert.deepStrictEqual(
      [access.scoped, access.projectScoped, access.domainScoped, access.systemScoped, access.isFederated],
      [true, true, false, false, false]
    )
    assert.deepStrictEqual([access.trustScoped, access.trustId, access.trusteeUserId, access.trustorUserId], [
      true,
      "trust2",
      "te",
      "tr"
    ])
    assert.strictEqual(access.auditId, "a2")
    assert.isUndefined(access.domainId)
    assert.isUndefined(access.oauthConsumerId)
    assert.deepStrictEqual(access.methods, [])
    assert.strictEqual(
      Effect.runSync(access.serviceCatalog.urlFor({ interface: "adminURL" })),
      "https://k:35357/v2.0"
    )
  })

  it("unscoped: no project, so no project domain either", () => {
    const access = decodeV2(new Fixtures.V2Token({}))
    assert.isUndefined(access.projectId)
    assert.isUndefined(access.projectDomainId)
    assert.isUndefined(access.projectDomainName)
    assert.strictEqual(access.userDomainId, "default")
    assert.isFalse(access.scoped)
  })

  it("the project falls back to the user's tenantId / tenantName, and the name to username", () => {
    const access = Effect.runSync(
      AccessInfo.fromV2({
        access: {
          token: { id: "x", expires: "2015-03-05T10:00:00" },
          user: { id: "u", username: "old-style", tenantId: "t9", tenantName: "nine" }
        }
      })
    )
    assert.strictEqual(access.username, "old-style")
    assert.strictEqual(access.projectId, "t9")
    assert.strictEqual(access.projectName, "nine")
    assert.strictEqual(access.expires.toISOString(), "2015-03-05T10:00:00.000Z") // no zone = UTC
    assert.isFalse(access.hasServiceCatalog)
    assert.isUndefined(access.issued)
  })
})

describe("expiry", () => {
  it.effect("willExpireSoon: 30 seconds by default, or the duration given, by the Effect clock", () =>
    Effect.gen(function* () {
      const access = decodeV3(new Fixtures.V3Token({ expires: "1970-01-01T00:10:00Z" }))
      yield* TestClock.setTime(9 * 60_000) // 60 s before expiry
      assert.isFalse(yield* AccessInfo.willExpireSoon(access))
      assert.isTrue(yield* AccessInfo.willExpireSoon(access, "2 minutes"))
      yield* TestClock.setTime(9 * 60_000 + 31_000) // 29 s before expiry
      assert.isTrue(yield* AccessInfo.willExpireSoon(access))
      assert.isFalse(AccessInfo.expiresWithin(access, 0, 9 * 60_000 + 31_000))
      assert.isTrue(AccessInfo.expiresWithin(access, 0, 10 * 60_000))
    })
  )
})

describe("storing", () => {
  it("toStored / fromStored round-trips exactly, both versions", () => {
    const v3 = new Fixtures.V3Token({ projectName: "p", roles: ["member"] })
    v3.addService("network").addEndpoint("public", "https://neutron:9696", { region: "r" })
    const v2 = new Fixtures.V2Token({ tenantName: "t" })
    for (const access of [decodeV3(v3), decodeV2(v2)]) {
      const text = JSON.stringify(AccessInfo.toStored(access))
      const restored = Effect.runSync(AccessInfo.fromStored(JSON.parse(text)))
      assert.deepStrictEqual(AccessInfo.toStored(restored), AccessInfo.toStored(access))
      assert.strictEqual(Redacted.value(restored.authToken), Redacted.value(access.authToken))
      assert.deepStrictEqual(restored.toJSON(), access.toJSON())
    }
  })

  it("fields this package does not model survive the round trip", () => {
    const body = new Fixtures.V3Token({ projectId: "p" }).body as { token: Record<string, unknown> }
    const withExtra = { token: { ...body.token, is_admin_project: true, future_field: { nested: [1, 2] } } }
    const access = Effect.runSync(AccessInfo.fromV3(withExtra, "tok"))
    assert.deepStrictEqual(AccessInfo.toStored(access).body, withExtra)
  })

  it("a tampered stored token fails with InvalidResponse", () => {
    const error = failure(AccessInfo.fromStored({ authToken: "t", body: { token: { methods: [] } } }))
    assert.strictEqual(error._tag, "InvalidResponse")
    assert.include(error.message, "the v3 token body does not decode")
    assert.strictEqual(failure(AccessInfo.fromStored({ body: {} }))._tag, "InvalidResponse")
    assert.include(failure(AccessInfo.fromStored({ authToken: "t", body: { other: 1 } })).message, "neither")
  })
})

describe("secrets", () => {
  it("the token never shows in String, JSON or inspect", () => {
    const v3 = decodeV3(new Fixtures.V3Token({ subjectToken: "SECRET-V3-TOKEN", projectId: "p" }))
    const v2 = decodeV2(new Fixtures.V2Token({ tokenId: "SECRET-V2-TOKEN" }))
    for (const [access, secret] of [[v3, "SECRET-V3-TOKEN"], [v2, "SECRET-V2-TOKEN"]] as const) {
      const shown = [String(access), JSON.stringify(access), inspect(access, { depth: 10 }), String(access.authToken)]
      for (const text of shown) {
        assert.notInclude(text, secret)
      }
    }
  })
})

describe("decoding failures", () => {
  it("a missing field names its path", () => {
    const error = failure(AccessInfo.fromV3({ token: { methods: ["password"], user: { id: "u" } } }, "t"))
    assert.strictEqual(error._tag, "InvalidResponse")
    assert.include(error.message, '["token"]["user"]')
  })

  it("a timestamp that is not one", () => {
    const body = new Fixtures.V3Token({ expires: "tomorrow" }).body
    const error = failure(AccessInfo.fromV3(body, "t"))
    assert.include(error.message, "Expected an ISO 8601 timestamp")
    assert.include(error.message, '["token"]["expires_at"]')
  })

  it("fromBody tells the versions apart, and wants the subject token for v3", () => {
    const v3 = new Fixtures.V3Token({})
    assert.strictEqual(Effect.runSync(AccessInfo.fromBody(v3.body, v3.subjectToken)).version, "v3")
    assert.strictEqual(Effect.runSync(AccessInfo.fromBody(new Fixtures.V2Token().body)).version, "v2.0")
    assert.include(failure(AccessInfo.fromBody(v3.body)).message, "X-Subject-Token")
    assert.include(failure(AccessInfo.fromBody("nope")).message, "neither")
  })

  it.effect("fromV3Response reads the header and the body", () =>
    Effect.gen(function* () {
      const token = new Fixtures.V3Token({ userName: "hdr" })
      const request = HttpClientRequest.post("http://keystone/v3/auth/tokens")
      const ok = HttpClientResponse.fromWeb(
        request,
        new Response(JSON.stringify(token.body), { status: 201, headers: { "x-subject-token": token.subjectToken } })
      )
      assert.strictEqual((yield* AccessInfo.fromV3Response(ok)).username, "hdr")
      const noHeader = HttpClientResponse.fromWeb(request, new Response(JSON.stringify(token.body), { status: 201 }))
      const missing = yield* Effect.flip(AccessInfo.fromV3Response(noHeader))
      assert.strictEqual(missing.message, "POST http://keystone/v3/auth/tokens answered without an X-Subject-Token header")
      const truncated = HttpClientResponse.fromWeb(
        request,
        new Response(JSON.stringify(token.body).slice(0, 40), { status: 201, headers: { "x-subject-token": "t" } })
      )
      const notJson = yield* Effect.flip(AccessInfo.fromV3Response(truncated))
      assert.strictEqual(notJson._tag, "InvalidResponse")
      assert.include(notJson.message, "not JSON")
    })
  )
})

/** Inputs a property test draws: non-empty ids and names, and some of the scopes. */
const Text = Schema.String.check(Schema.isMinLength(1))
const V3Input = Schema.Struct({
  userId: Text,
  userName: Text,
  userDomainId: Text,
  projectId: Schema.optionalKey(Text),
  projectName: Schema.optionalKey(Text),
  roles: Schema.Array(Schema.Struct({ id: Text, name: Text })),
  auditId: Text,
  auditChainId: Schema.optionalKey(Text),
  trustId: Schema.optionalKey(Text),
  expiresInSeconds: Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 10_000_000 }))
})

describe("properties", () => {
  it.prop("v3 fixtures decode to what they were built from, and survive storing", [V3Input], ([input]) => {
    const { expiresInSeconds, ...options } = input
    const expiresAt = new Date(Date.UTC(2030, 0, 1) + expiresInSeconds * 1000)
    const token = new Fixtures.V3Token({ ...options, expires: expiresAt })
    const access = decodeV3(token)
    const restored = Effect.runSync(AccessInfo.fromStored(JSON.parse(JSON.stringify(AccessInfo.toStored(access)))))
    for (const a of [access, restored]) {
      assert.strictEqual(a.userId, input.userId)
      assert.strictEqual(a.username, input.userName)
      assert.strictEqual(a.userDomainId, input.userDomainId)
      assert.strictEqual(a.projectName, input.projectName)
      assert.strictEqual(a.projectScoped, input.projectId !== undefined || input.projectName !== undefined)
      assert.deepStrictEqual(a.roleIds, input.roles.map((r) => r.id))
      assert.strictEqual(a.auditId, input.auditId)
      assert.strictEqual(a.initialAuditId, input.auditChainId ?? input.auditId)
      assert.strictEqual(a.trustId, input.trustId)
      assert.strictEqual(a.expires.getTime(), expiresAt.getTime())
      assert.strictEqual(Redacted.value(a.authToken), token.subjectToken)
    }
    return true
  })

  it.effect.prop("arbitrary JSON fails with InvalidResponse, never a defect", [Schema.Json], ([json]) =>
    Effect.gen(function* () {
      const results = yield* Effect.all([
        Effect.exit(AccessInfo.fromV3(json, "t")),
        Effect.exit(AccessInfo.fromV2(json)),
        Effect.exit(AccessInfo.fromBody(json, "t")),
        Effect.exit(AccessInfo.fromStored(json))
      ])
      for (const exit of results) {
        if (exit._tag === "Success") continue
        const error = yield* Effect.flip(Effect.suspend(() => exit))
        assert.strictEqual(error._tag, "InvalidResponse")
      }
      return true
    })
  )

  it.prop(
    "a token body with any one field removed fails with InvalidResponse naming that field, or still decodes",
    [Schema.Int.check(Schema.isBetween({ minimum: 0, maximum: 1000 }))],
    ([pick]) => {
      const token = new Fixtures.V3Token({ projectName: "p", roles: ["member"], trustId: "t" })
      token.addService("compute").addStandardEndpoints({ public: "https://nova", internal: "http://nova.int" })
      const paths = leafPaths(token.body)
      const path = paths[pick % paths.length] ?? []
      const exit = Effect.runSyncExit(AccessInfo.fromV3(without(token.body, path), token.subjectToken))
      if (exit._tag === "Success") return true
      const error = Effect.runSync(Effect.flip(exit))
      assert.strictEqual(error._tag, "InvalidResponse")
      assert.include(error.message, path.slice(0, -1).map((p) => `[${JSON.stringify(p)}]`).join(""))
      return true
    }
  )
})

type Path = ReadonlyArray<string | number>

/** Every path to a leaf of a JSON value. */
const leafPaths = (json: unknown, at: Path = []): ReadonlyArray<Path> =>
  typeof json === "object" && json !== null
    ? Object.entries(json).flatMap(([key, value]) =>
        leafPaths(value, [...at, Array.isArray(json) ? Number(key) : key])
      )
    : [at]

/** A copy of a JSON value with the value at `path` removed. */
const without = (json: unknown, path: Path): unknown => {
  const [head, ...rest] = path
  if (head === undefined || typeof json !== "object" || json === null) return json
  if (Array.isArray(json)) {
    return rest.length === 0
      ? json.filter((_, i) => i !== head)
      : json.map((v, i) => (i === head ? without(v, rest) : v))
  }
  const record = json as Record<string, unknown>
  return rest.length === 0
    ? Object.fromEntries(Object.entries(record).filter(([k]) => k !== head))
    : { ...record, [head]: without(record[head], rest) }
}
