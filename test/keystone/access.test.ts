import { assert, describe, it } from "@effect/vitest"
import { Effect, Redacted } from "effect"
import { HttpClient, HttpClientRequest } from "effect/http"
import { AccessInfo, Errors, Transport } from "effect-openstack"
import { facts, passwordAuth, project, type Scope, user } from "./rig.ts"

/** POST /v3/auth/tokens and decode the answer into an AccessInfo. */
const issue = (name: string, scope?: Scope) =>
  Effect.gen(function* () {
    const client = yield* HttpClient.HttpClient
    const response = yield* HttpClientRequest.post(`${facts.auth_url}/auth/tokens`).pipe(
      HttpClientRequest.bodyJsonUnsafe(passwordAuth(name, scope)),
      client.execute,
      Effect.flatMap(Errors.checkStatus)
    )
    return yield* AccessInfo.fromV3Response(response)
  }).pipe(Effect.catchTag("HttpClientError", Errors.fromHttpClientError), Effect.provide(Transport.node()))

const endpoint = (serviceType: string, region: string, iface: string) => {
  const found = facts.endpoints.find(
    (e) => e.service_type === serviceType && e.region === region && e.interface === iface
  )
  if (found === undefined) throw new Error(`no seeded ${serviceType} endpoint ${iface} in ${region}`)
  return found
}

const expiration = Number(process.env.KEYSTONE_TOKEN_EXPIRATION ?? 3600)

describe("AccessInfo from the real Keystone", () => {
  it.live("a project-scoped token: user, project, roles, expiry", () =>
    Effect.gen(function* () {
      const demo = user("demo")
      const access = yield* issue("demo", { project: { id: project("demo").id } })
      assert.strictEqual(access.version, "v3")
      assert.strictEqual(access.userId, demo.id)
      assert.strictEqual(access.username, "demo")
      assert.strictEqual(access.userDomainId, "default")
      assert.strictEqual(access.userDomainName, "Default")
      assert.strictEqual(access.projectId, project("demo").id)
      assert.strictEqual(access.projectName, "demo")
      assert.strictEqual(access.projectDomainId, "default")
      assert.deepStrictEqual([...access.roleNames].sort(), ["member", "observer", "reader"]) // member implies reader
      assert.deepStrictEqual(access.methods, ["password"])
      assert.isTrue(access.projectScoped)
      assert.strictEqual(access.expires.getTime() - (access.issued?.getTime() ?? 0), expiration * 1000)
      assert.isAbove(access.expires.getTime(), Date.now())
      assert.isString(access.auditId)
      assert.match(Redacted.value(access.authToken), /^gAAAAA/)
    })
  )

  it.live("its catalog answers urlFor for identity in RegionOne on each interface", () =>
    Effect.gen(function* () {
      const access = yield* issue("demo", { project: { id: project("demo").id } })
      for (const iface of ["public", "internal", "admin"] as const) {
        const filter = { serviceType: "identity", interface: iface, regionName: "RegionOne" }
        assert.strictEqual(yield* access.serviceCatalog.urlFor(filter), facts.auth_url)
        const data = yield* access.serviceCatalog.endpointData(filter)
        assert.strictEqual(data.interface, iface)
        assert.strictEqual(data.serviceId, facts.services.identity?.id)
      }
      const ids = new Set(
        access.serviceCatalog.getEndpoints({ serviceType: "identity", regionName: "RegionOne" }).map((e) => e.id)
      )
      assert.strictEqual(ids.size, 3)
    })
  )

  it.live("…and for the services seeded in both regions, and in RegionTwo only", () =>
    Effect.gen(function* () {
      const catalog = (yield* issue("demo", { project: { id: project("demo").id } })).serviceCatalog
      assert.strictEqual(
        yield* catalog.urlFor({ serviceType: "compute", interface: "internal", regionName: "RegionTwo" }),
        endpoint("compute", "RegionTwo", "internal").url
      )
      assert.strictEqual(
        yield* catalog.urlFor({ serviceType: "network", interface: "private", regionName: "RegionOne" }),
        endpoint("network", "RegionOne", "internal").url
      )
      // Keystone fills in the catalog's $(project_id)s template with the token's project.
      const blockStorage = endpoint("block-storage", "RegionTwo", "public").url.replace("$(project_id)s", project("demo").id)
      assert.strictEqual(yield* catalog.urlFor({ serviceType: "block-storage" }), blockStorage)
      assert.strictEqual(yield* catalog.urlFor({ serviceType: "volumev3", regionName: "RegionTwo" }), blockStorage)
      const missing = yield* Effect.flip(catalog.urlFor({ serviceType: "block-storage", regionName: "RegionOne" }))
      assert.strictEqual(missing._tag, "EndpointNotFound")
      assert.include(missing.message, "block-storage is offered as: public in RegionTwo")
      const ambiguous = yield* Effect.flip(catalog.endpointData({ serviceType: "compute" }))
      assert.strictEqual(ambiguous._tag, "AmbiguousEndpoints")
    })
  )

  it.live("domain- and system-scoped tokens", () =>
    Effect.gen(function* () {
      const domain = yield* issue("admin", { domain: { id: facts.domains.acme?.id ?? "" } })
      assert.deepStrictEqual([domain.domainScoped, domain.projectScoped, domain.domainName], [true, false, "acme"])
      assert.include(domain.roleNames, "admin")
      const system = yield* issue("admin", { system: { all: true } })
      assert.deepStrictEqual([system.systemScoped, system.projectScoped, system.domainScoped], [true, false, false])
      assert.isTrue(system.hasServiceCatalog)
    })
  )

  it.live("a user without a default project gets an unscoped token, without a catalog to use", () =>
    Effect.gen(function* () {
      const access = yield* issue("noproject")
      assert.isFalse(access.scoped)
      assert.deepStrictEqual(access.roleIds, [])
      const error = yield* Effect.flip(access.serviceCatalog.urlFor({ serviceType: "compute" }))
      assert.strictEqual(error._tag, "EmptyCatalog")
    })
  )

  it.live("a stored token restores, and Keystone still accepts it", () =>
    Effect.gen(function* () {
      const access = yield* issue("demo", { project: { id: project("demo").id } })
      const restored = yield* AccessInfo.fromStored(JSON.parse(JSON.stringify(AccessInfo.toStored(access))))
      assert.deepStrictEqual(restored.toJSON(), access.toJSON())
      const client = yield* HttpClient.HttpClient
      const token = Redacted.value(restored.authToken)
      const validated = yield* client.get(`${facts.auth_url}/auth/tokens`, {
        headers: { "x-auth-token": token, "x-subject-token": token }
      }).pipe(Effect.flatMap(Errors.checkStatus), Effect.flatMap(AccessInfo.fromV3Response))
      assert.strictEqual(validated.userId, access.userId)
      assert.strictEqual(validated.expires.getTime(), access.expires.getTime())
    }).pipe(Effect.catchTag("HttpClientError", Errors.fromHttpClientError), Effect.provide(Transport.node()))
  )
})
