import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { ServiceCatalog, ServiceTypes } from "effect-openstack"

const { ServiceCatalog: Catalog } = ServiceCatalog

/** A v3 catalog with two regions, three interfaces, aliases, and a service without a name. */
const v3 = Catalog.fromV3([
  {
    id: "svc-keystone",
    type: "identity",
    name: "keystone",
    endpoints: [
      { id: "id-pub", interface: "public", region_id: "RegionOne", region: "RegionOne", url: "https://keystone/v3" },
      { id: "id-int", interface: "internal", region_id: "RegionOne", url: "http://keystone.int/v3" },
      { id: "id-adm", interface: "admin", region: "RegionOne", url: "http://keystone.adm/v3" }
    ]
  },
  {
    id: "svc-nova",
    type: "compute",
    name: "nova",
    endpoints: [
      { id: "nova-1-pub", interface: "public", region_id: "RegionOne", url: "https://nova.r1/v2.1" },
      { id: "nova-1-int", interface: "internal", region_id: "RegionOne", url: "http://nova.r1.int/v2.1" },
      { id: "nova-2-pub", interface: "public", region_id: "RegionTwo", url: "https://nova.r2/v2.1" }
    ]
  },
  {
    id: "svc-cinder-alias",
    type: "volumev3",
    name: "cinderv3",
    endpoints: [{ id: "cinder-alias", interface: "public", region_id: "RegionTwo", url: "https://cinder.alias/v3" }]
  },
  {
    id: "svc-cinder",
    type: "block-storage",
    name: "cinder",
    endpoints: [{ id: "cinder", interface: "public", region_id: "RegionTwo", url: "https://cinder/v3" }]
  },
  {
    id: "svc-glance",
    type: "image",
    endpoints: [{ id: "glance", interface: "public", region_id: "RegionOne", url: "https://glance" }]
  }
])

const urlFor = (filter: ServiceCatalog.EndpointFilter, catalog = v3) => Effect.runSync(catalog.urlFor(filter))
const failure = <E>(effect: Effect.Effect<unknown, E>) => Effect.runSync(Effect.flip(effect))

describe("ServiceCatalog filters (v3)", () => {
  it("interface: v3 names, v2 names and 'private'", () => {
    assert.strictEqual(urlFor({ interface: "public" }), "https://keystone/v3")
    assert.strictEqual(urlFor({ interface: "internal" }), "http://keystone.int/v3")
    assert.strictEqual(urlFor({ interface: "admin" }), "http://keystone.adm/v3")
    assert.strictEqual(urlFor({ interface: "publicURL" }), "https://keystone/v3")
    assert.strictEqual(urlFor({ interface: "internalURL" }), "http://keystone.int/v3")
    assert.strictEqual(urlFor({ interface: "adminURL" }), "http://keystone.adm/v3")
    assert.strictEqual(urlFor({ interface: "private" }), "http://keystone.int/v3")
  })

  it("urlFor defaults to identity and public, as keystoneclient", () => {
    assert.strictEqual(urlFor({}), "https://keystone/v3")
    assert.strictEqual(urlFor({ serviceType: "compute" }), "https://nova.r1/v2.1")
  })

  it("an interface list is an order of preference", () => {
    assert.strictEqual(urlFor({ serviceType: "compute", interface: ["admin", "internal", "public"] }), "http://nova.r1.int/v2.1")
    assert.strictEqual(
      urlFor({ serviceType: "compute", interface: ["internal", "public"], regionName: "RegionTwo" }),
      "https://nova.r2/v2.1"
    )
    const none = failure(v3.urlFor({ serviceType: "compute", interface: ["admin", "internal"], regionName: "RegionTwo" }))
    assert.deepStrictEqual(none.filter, { serviceType: "compute", interface: "admin,internal", regionName: "RegionTwo" })
  })

  it("region: region_id, or region when region_id is absent", () => {
    assert.strictEqual(urlFor({ serviceType: "compute", regionName: "RegionTwo" }), "https://nova.r2/v2.1")
    assert.strictEqual(urlFor({ interface: "admin", regionName: "RegionOne" }), "http://keystone.adm/v3")
    assert.deepStrictEqual(v3.getUrls({ serviceType: "compute", regionName: "RegionThree" }), [])
  })

  it("service type aliases, the official type preferred", () => {
    assert.strictEqual(urlFor({ serviceType: "block-storage" }), "https://cinder/v3")
    assert.strictEqual(urlFor({ serviceType: "volumev3" }), "https://cinder/v3")
    assert.strictEqual(urlFor({ serviceType: "volume" }), "https://cinder/v3")
    assert.deepStrictEqual(v3.getUrls({ serviceType: "volumev2" }), ["https://cinder/v3", "https://cinder.alias/v3"])
    assert.strictEqual(ServiceTypes.official("sharev2"), "shared-file-system")
    assert.isFalse(ServiceTypes.isMatch("compute", "network"))
  })

  it("service name: enforced where the catalog has names, skipped where it has none", () => {
    assert.strictEqual(urlFor({ serviceType: "compute", serviceName: "nova" }), "https://nova.r1/v2.1")
    assert.deepStrictEqual(v3.getUrls({ serviceType: "compute", serviceName: "other" }), [])
    assert.strictEqual(urlFor({ serviceType: "image", serviceName: "anything" }), "https://glance")
    assert.strictEqual(urlFor({ serviceType: "block-storage", serviceName: "cinderv3" }), "https://cinder.alias/v3")
  })

  it("service id and endpoint id", () => {
    assert.strictEqual(urlFor({ serviceType: "block-storage", serviceId: "svc-cinder-alias" }), "https://cinder.alias/v3")
    assert.strictEqual(urlFor({ serviceType: "compute", endpointId: "nova-2-pub" }), "https://nova.r2/v2.1")
    assert.strictEqual(urlFor({ serviceType: "compute", serviceId: "svc-nova", endpointId: "nova-1-pub" }), "https://nova.r1/v2.1")
    assert.deepStrictEqual(v3.getUrls({ serviceType: "compute", serviceId: "svc-keystone" }), [])
  })

  it("getEndpoints without an interface returns every interface; getUrls defaults to public", () => {
    assert.deepStrictEqual(
      v3.getEndpoints({ serviceType: "identity" }).map((e) => e.interface),
      ["public", "internal", "admin"]
    )
    assert.deepStrictEqual(v3.getUrls({ serviceType: "compute" }), ["https://nova.r1/v2.1", "https://nova.r2/v2.1"])
    assert.strictEqual(v3.getEndpoints().length, 9)
  })

  it("normalized endpoints carry the service and endpoint data", () => {
    const endpoint = Effect.runSync(v3.endpointData({ serviceType: "compute", interface: "internal" }))
    assert.deepStrictEqual(endpoint, {
      serviceType: "compute",
      serviceName: "nova",
      serviceId: "svc-nova",
      interface: "internal",
      region: "RegionOne",
      url: "http://nova.r1.int/v2.1",
      id: "nova-1-int"
    })
  })
})

describe("ServiceCatalog failures", () => {
  it("EndpointNotFound names the filter and says what the catalog has", () => {
    const error = failure(v3.urlFor({ serviceType: "compute", interface: "admin", regionName: "RegionTwo" }))
    assert.strictEqual(error._tag, "EndpointNotFound")
    assert.deepStrictEqual(error.filter, { serviceType: "compute", interface: "admin", regionName: "RegionTwo" })
    assert.strictEqual(
      error.message,
      'no endpoint in the service catalog matches serviceType "compute", interface "admin", regionName "RegionTwo"; '
      + "compute is offered as: public in RegionOne, internal in RegionOne, public in RegionTwo"
    )
  })

  it("EndpointNotFound for a service the catalog lacks lists the types it has", () => {
    const error = failure(v3.urlFor({ serviceType: "dns" }))
    assert.strictEqual(error._tag, "EndpointNotFound")
    assert.include(error.message, "the catalog has no dns service (it has: identity, compute, volumev3, block-storage, image)")
  })

  it("EmptyCatalog for a token without a catalog", () => {
    const error = failure(Catalog.empty.urlFor({ serviceType: "compute" }))
    assert.strictEqual(error._tag, "EmptyCatalog")
    assert.deepStrictEqual(error.filter, { serviceType: "compute", interface: "public" })
    assert.deepStrictEqual(Catalog.fromV3([]).getUrls({ serviceType: "compute" }), [])
  })

  it("endpointData refuses to guess between regions: AmbiguousEndpoints", () => {
    const error = failure(v3.endpointData({ serviceType: "compute" }))
    assert.strictEqual(error._tag, "AmbiguousEndpoints")
    if (error._tag !== "AmbiguousEndpoints") return
    assert.deepStrictEqual(error.endpoints, ["https://nova.r1/v2.1", "https://nova.r2/v2.1"])
    assert.deepStrictEqual(error.filter, { serviceType: "compute", interface: "public" })
    const chosen = Effect.runSync(v3.endpointData({ serviceType: "compute", regionName: "RegionTwo" }))
    assert.strictEqual(chosen.url, "https://nova.r2/v2.1")
  })

  it("endpointData takes the official type over an alias without calling it ambiguous", () => {
    assert.strictEqual(Effect.runSync(v3.endpointData({ serviceType: "volumev3" })).url, "https://cinder/v3")
  })

  it("decodeV3 fails with InvalidResponse naming the path", () => {
    const error = failure(Catalog.decodeV3([{ type: "compute", endpoints: [{ interface: "public" }] }]))
    assert.strictEqual(error._tag, "InvalidResponse")
    assert.include(error.message, "the v3 service catalog does not decode")
    assert.include(error.message, '[0]["endpoints"][0]["url"]')
  })
})

describe("ServiceCatalog (v2.0)", () => {
  const v2 = Effect.runSync(
    Catalog.decodeV2([
      {
        type: "compute",
        name: "nova",
        endpoints: [
          { region: "RegionOne", publicURL: "https://nova.r1/v2", internalURL: "http://nova.r1.int/v2", adminURL: "http://nova.r1.adm/v2" },
          { region: "RegionTwo", publicURL: "https://nova.r2/v2" }
        ]
      },
      { type: "identity", endpoints: [{ publicURL: "https://keystone/v2.0", adminURL: "https://keystone:35357/v2.0" }] }
    ])
  )

  it("each v2 endpoint is one endpoint per URL, with v2 and v3 interface names", () => {
    assert.strictEqual(v2.getEndpoints().length, 6)
    assert.strictEqual(urlFor({ serviceType: "compute", interface: "internalURL" }, v2), "http://nova.r1.int/v2")
    assert.strictEqual(urlFor({ serviceType: "compute", interface: "admin" }, v2), "http://nova.r1.adm/v2")
    assert.strictEqual(urlFor({ serviceType: "compute", regionName: "RegionTwo" }, v2), "https://nova.r2/v2")
    assert.strictEqual(urlFor({ interface: "adminURL" }, v2), "https://keystone:35357/v2.0")
  })

  it("names are skipped where absent", () => {
    assert.strictEqual(urlFor({ serviceName: "keystone" }, v2), "https://keystone/v2.0")
    assert.deepStrictEqual(v2.getUrls({ serviceType: "compute", serviceName: "other" }), [])
  })
})
