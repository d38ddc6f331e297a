import { assert, describe, it } from "@effect/vitest"
import { Effect, Fiber, Latch, Layer, Logger, Result } from "effect"
import { HttpClientError, type HttpClientRequest } from "effect/http"
import { Discovery, Errors } from "effect-openstack"
import { Fixtures, MockHttp } from "effect-openstack/testing"

const { LATEST } = Discovery

// Real documents, as the servers send them.
const keystoneRoot = {
  versions: {
    values: [
      {
        id: "v3.14",
        status: "stable",
        updated: "2020-04-07T00:00:00Z",
        links: [{ rel: "self", href: "http://127.0.0.1:5000/v3/" }],
        "media-types": [{ base: "application/json", type: "application/vnd.openstack.identity-v3+json" }]
      }
    ]
  }
}
const keystoneV3 = { version: keystoneRoot.versions.values[0] }
const novaRoot = {
  versions: [
    {
      id: "v2.0",
      status: "SUPPORTED",
      version: "",
      min_version: "",
      updated: "2011-01-21T11:33:21Z",
      links: [{ rel: "self", href: "http://nova.example/v2/" }]
    },
    {
      id: "v2.1",
      status: "CURRENT",
      version: "2.90",
      min_version: "2.1",
      updated: "2013-07-23T11:33:21Z",
      links: [{ rel: "self", href: "http://nova.example/v2.1/" }]
    }
  ]
}
const neutronRoot = {
  versions: [{ status: "CURRENT", id: "v2.0", links: [{ href: "http://127.0.0.1:9696/v2.0/", rel: "self" }] }]
}
const placementRoot = {
  versions: [
    {
      id: "v1.0",
      max_version: "1.39",
      min_version: "1.0",
      status: "CURRENT",
      links: [{ rel: "self", href: "" }]
    }
  ]
}

const decode = (json: unknown, url?: string) => Discovery.decodeDocument(json, url)
/** An input as a test name: LATEST spelled out. */
const show = (input: Discovery.VersionInput): string =>
  typeof input === "number"
    ? String(input)
    : JSON.stringify(input, (_key, value) => (value === LATEST ? "LATEST" : value))

describe("normalizeVersion", () => {
  const valid: ReadonlyArray<readonly [Discovery.VersionInput, Discovery.Version]> = [
    ["v3.3", [3, 3]],
    ["v3", [3, 0]],
    ["3", [3, 0]],
    [3, [3, 0]],
    [3.1, [3, 1]],
    ["3.0", [3, 0]],
    ["v1.20", [1, 20]],
    ["10", [10, 0]],
    [[3], [3, 0]],
    [[3, 1], [3, 1]],
    [["3", "1"], [3, 1]],
    [["3.1"], [3, 1]],
    ["latest", [LATEST, LATEST]],
    ["vlatest", [LATEST, LATEST]],
    ["latest.latest", [LATEST, LATEST]],
    [LATEST, [LATEST, LATEST]],
    [[LATEST, LATEST], [LATEST, LATEST]],
    ["v3.latest", [3, LATEST]],
    ["3.latest", [3, LATEST]],
    [[3, "latest"], [3, LATEST]],
    [[3, LATEST], [3, LATEST]]
  ]
  for (const [input, expected] of valid) {
    it.effect(`${show(input)} → ${Discovery.versionToString(expected)}`, () =>
      Effect.gen(function* () {
        assert.deepStrictEqual(yield* Discovery.normalizeVersion(input), expected)
      })
    )
  }

  const expected = 'expected "3", "v3.1", 3.1, [3, 1], "latest" or "3.latest"'
  const invalid: ReadonlyArray<readonly [Discovery.VersionInput, string]> = [
    ["foo", `invalid version "foo": ${expected}`],
    [-1, `invalid version -1: ${expected}`],
    [[], `invalid version []: ${expected}`],
    ["v3.x", `invalid version "v3.x": ${expected}`],
    [Number.NaN, `invalid version NaN: ${expected}`],
    [-LATEST, `invalid version -Infinity: ${expected}`],
    ["", `invalid version "": ${expected}`],
    ["3.", `invalid version "3.": ${expected}`],
    [".1", `invalid version ".1": ${expected}`],
    [[3, "x"], `invalid version [3, "x"]: ${expected}`],
    ["1.2.3", 'invalid version "1.2.3": only major.minor versions are supported'],
    [[1, 2, 3], "invalid version [1, 2, 3]: only major.minor versions are supported"]
  ]
  for (const [input, message] of invalid) {
    it.effect(`${show(input)} fails with ValidationError`, () =>
      Effect.gen(function* () {
        const error = yield* Effect.flip(Discovery.normalizeVersion(input))
        assert.instanceOf(error, Errors.ValidationError)
        assert.strictEqual(error._tag, "ValidationError")
        assert.strictEqual(error.message, message)
      })
    )
  }

  it("versionToString writes latest parts as keystoneauth1 does", () => {
    assert.strictEqual(Discovery.versionToString([3, 1]), "3.1")
    assert.strictEqual(Discovery.versionToString([3, 0]), "3.0")
    assert.strictEqual(Discovery.versionToString([LATEST, LATEST]), "latest")
    assert.strictEqual(Discovery.versionToString([3, LATEST]), "3.latest")
  })
})

describe("versionMatch", () => {
  const cases: ReadonlyArray<readonly [Discovery.Version, Discovery.Version, boolean]> = [
    [[3, 1], [3, 3], true],
    [[3, 1], [3, 1], true],
    [[3, 3], [3, 1], false],
    [[3, 1], [4, 1], false],
    [[3, 0], [2, 9], false],
    [[LATEST, LATEST], [2, 0], true],
    [[LATEST, LATEST], [99, 99], true],
    [[3, LATEST], [3, 0], true],
    [[3, LATEST], [3, 99], true],
    [[3, LATEST], [4, 0], false],
    [[3, LATEST], [2, 9], false]
  ]
  for (const [required, candidate, matches] of cases) {
    const name = `${Discovery.versionToString(required)} ${matches ? "accepts" : "rejects"} ${candidate.join(".")}`
    it(name, () => assert.strictEqual(Discovery.versionMatch(required, candidate), matches))
  }
})

describe("decodeDocument", () => {
  it.effect("Keystone's GET / (versions.values)", () =>
    Effect.gen(function* () {
      const document = yield* decode(keystoneRoot, "http://127.0.0.1:5000/")
      assert.strictEqual(document.url, "http://127.0.0.1:5000/")
      assert.strictEqual(document.versions.length, 1)
      const [v3] = document.versions
      assert.strictEqual(v3?.id, "v3.14")
      assert.deepStrictEqual(v3?.version, [3, 14])
      assert.strictEqual(v3?.status, "CURRENT")
      assert.strictEqual(v3?.rawStatus, "stable")
      assert.strictEqual(v3?.updated, "2020-04-07T00:00:00Z")
      assert.deepStrictEqual(v3?.links, [{ rel: "self", href: "http://127.0.0.1:5000/v3/" }])
      assert.deepStrictEqual(v3?.mediaTypes, [
        { base: "application/json", type: "application/vnd.openstack.identity-v3+json" }
      ])
      assert.strictEqual(v3?.minMicroversion, undefined)
      assert.strictEqual(v3?.maxMicroversion, undefined)
      assert.deepStrictEqual(v3?.raw, keystoneRoot.versions.values[0])
    })
  )

  it.effect("Keystone's GET /v3 (a single version)", () =>
    Effect.gen(function* () {
      const document = yield* decode(keystoneV3)
      assert.strictEqual(document.url, undefined)
      assert.deepStrictEqual(
        document.versions.map((v) => [v.id, v.status]),
        [["v3.14", "CURRENT"]]
      )
    })
  )

  it.effect("Nova's root: microversions from min_version / version, and \"\" as none", () =>
    Effect.gen(function* () {
      const document = yield* decode(novaRoot)
      const [v20, v21] = document.versions
      assert.strictEqual(v20?.status, "SUPPORTED")
      assert.strictEqual(v20?.minMicroversion, undefined)
      assert.strictEqual(v20?.maxMicroversion, undefined)
      assert.deepStrictEqual(v21?.version, [2, 1])
      assert.deepStrictEqual(v21?.minMicroversion, [2, 1])
      assert.deepStrictEqual(v21?.maxMicroversion, [2, 90])
    })
  )

  it.effect("Neutron's root: upper-case CURRENT", () =>
    Effect.gen(function* () {
      const [v20] = (yield* decode(neutronRoot)).versions
      assert.strictEqual(v20?.status, "CURRENT")
      assert.strictEqual(v20?.rawStatus, "CURRENT")
      assert.deepStrictEqual(v20?.version, [2, 0])
      assert.deepStrictEqual(v20?.mediaTypes, [])
    })
  )

  it.effect("Placement's root: max_version", () =>
    Effect.gen(function* () {
      const [v1] = (yield* decode(placementRoot)).versions
      assert.deepStrictEqual(v1?.minMicroversion, [1, 0])
      assert.deepStrictEqual(v1?.maxMicroversion, [1, 39])
      // Its self link is "": the discovery URL itself, and no usable URL when that is not known.
      const [data] = Discovery.versionData(yield* decode(placementRoot, "http://placement.example/"))
      assert.strictEqual(data?.url, "http://placement.example/")
      assert.deepStrictEqual(Discovery.versionData(yield* decode(placementRoot)), [])
    })
  )

  it.effect("max_version wins over version; null counts as none", () =>
    Effect.gen(function* () {
      const entry = { id: "v2.1", status: "CURRENT", version: "2.5", max_version: "2.7", min_version: null, links: [] }
      const [v21] = (yield* decode({ versions: [entry] })).versions
      assert.deepStrictEqual(v21?.maxMicroversion, [2, 7])
      assert.strictEqual(v21?.minMicroversion, undefined)
    })
  )

  it.effect("unknown fields and statuses are kept", () =>
    Effect.gen(function* () {
      const entry = { id: "v1.0", status: "Beta", links: [], next_min_version: "1.2", extra: { nested: [1] } }
      const [v1] = (yield* decode({ versions: [entry] })).versions
      assert.strictEqual(v1?.status, "UNKNOWN")
      assert.strictEqual(v1?.rawStatus, "Beta")
      assert.deepStrictEqual(v1?.raw, entry)
    })
  )

  it.effect("the fixtures decode in every shape", () =>
    Effect.gen(function* () {
      const v3 = Fixtures.v3Version({ url: "http://k/v3/" })
      const nova = Fixtures.versionEntry({
        id: "v2.1",
        url: "http://n/v2.1/",
        minVersion: "2.1",
        maxVersion: "2.90",
        collectionUrl: "http://n/"
      })
      const placement = Fixtures.versionEntry({
        id: "v1.0",
        url: "http://p/",
        maxVersion: "1.39",
        maxVersionKey: "max_version"
      })
      assert.deepStrictEqual(nova, {
        id: "v2.1",
        status: "CURRENT",
        links: [
          { rel: "self", href: "http://n/v2.1/" },
          { rel: "collection", href: "http://n/" }
        ],
        min_version: "2.1",
        version: "2.90"
      })
      const ids = (document: Discovery.VersionDocument) => document.versions.map((v) => v.id)
      assert.deepStrictEqual(ids(yield* decode(Fixtures.singleVersion(v3))), ["v3.14"])
      assert.deepStrictEqual(ids(yield* decode(Fixtures.versionList([v3, nova]))), ["v3.14", "v2.1"])
      assert.deepStrictEqual(ids(yield* decode(Fixtures.versionArray([nova, placement]))), ["v2.1", "v1.0"])
      const [decodedPlacement] = (yield* decode(Fixtures.versionArray([placement]))).versions
      assert.deepStrictEqual(decodedPlacement?.maxMicroversion, [1, 39])
      assert.strictEqual((yield* decode(Fixtures.singleVersion(v3))).versions[0]?.rawStatus, "stable")
    })
  )

  const failures: ReadonlyArray<readonly [string, unknown, string]> = [
    [
      "a mistyped id",
      { versions: { values: [{ id: 3, status: "stable" }] } },
      'Expected string at ["versions"]["values"][0]["id"]'
    ],
    [
      "an id that is not a version",
      { versions: [{ id: "vx", status: "CURRENT" }] },
      'invalid version "vx": expected "3", "v3.1", 3.1, [3, 1], "latest" or "3.latest" at ["versions"][0]["id"]'
    ],
    [
      "a bad microversion",
      { version: { id: "v2.1", status: "CURRENT", min_version: "two" } },
      'at ["version"]["min_version"]'
    ],
    [
      "a link without href",
      { versions: [{ id: "v2.0", status: "CURRENT", links: [{ rel: "self" }] }] },
      'Missing key at ["versions"][0]["links"][0]["href"]'
    ],
    ["versions without values", { versions: { other: [] } }, 'Missing key at ["versions"]["values"]'],
    [
      "another object",
      { servers: [] },
      'Expected {"version": {…}}, {"versions": […]} or {"versions": {"values": […]}}'
    ],
    ["a list (Swift's account listing)", [{ name: "c" }], 'Expected {"version": {…}}, {"versions": […]}']
  ]
  for (const [name, json, part] of failures) {
    it.effect(`${name} fails with InvalidResponse naming the path`, () =>
      Effect.gen(function* () {
        const error = yield* Effect.flip(decode(json, "http://h/"))
        assert.instanceOf(error, Errors.InvalidResponse)
        assert.include(error.message, "the version document from GET http://h/ does not decode: ")
        assert.include(error.message, part)
      })
    )
  }
})

describe("status filtering", () => {
  const entry = (id: string, status?: string) => ({
    id,
    links: [{ rel: "self", href: `http://h/${id}/` }],
    ...(status === undefined ? {} : { status })
  })
  const document = decode({
    versions: [
      entry("v1.0", "stable"),
      entry("v1.1", "current"),
      entry("v2.0", "SUPPORTED"),
      entry("v2.1", "Deprecated"),
      entry("v3.0", "EXPERIMENTAL"),
      entry("v3.1", "beta"),
      entry("v3.2")
    ]
  })
  const ids = (options?: Discovery.StatusOptions) =>
    Effect.map(document, (d) => Discovery.rawVersionData(d, options).map((v) => v.id))

  it.effect("by default: stable, current, supported and deprecated", () =>
    Effect.gen(function* () {
      assert.deepStrictEqual(yield* ids(), ["v1.0", "v1.1", "v2.0", "v2.1"])
    })
  )
  it.effect("allowDeprecated: false drops deprecated versions", () =>
    Effect.gen(function* () {
      assert.deepStrictEqual(yield* ids({ allowDeprecated: false }), ["v1.0", "v1.1", "v2.0"])
    })
  )
  it.effect("allowExperimental: true adds experimental versions", () =>
    Effect.gen(function* () {
      assert.deepStrictEqual(yield* ids({ allowExperimental: true }), ["v1.0", "v1.1", "v2.0", "v2.1", "v3.0"])
    })
  )
  it.effect("allowUnknown: true adds unknown statuses, never a missing one", () =>
    Effect.gen(function* () {
      assert.deepStrictEqual(yield* ids({ allowUnknown: true }), ["v1.0", "v1.1", "v2.0", "v2.1", "v3.1"])
      const all = yield* ids({ allowUnknown: true, allowExperimental: true })
      assert.deepStrictEqual(all, ["v1.0", "v1.1", "v2.0", "v2.1", "v3.0", "v3.1"])
    })
  )
})

describe("versionData", () => {
  it.effect("sorts by version, resolves links against the document's URL and skips versions with no self link", () =>
    Effect.gen(function* () {
      const document = yield* decode(
        {
          versions: [
            { id: "v3.0", status: "CURRENT", links: [{ rel: "self", href: "v3/" }] },
            { id: "v2.10", status: "SUPPORTED", links: [{ rel: "Self", href: "http://api.example/compute/v2.10/" }] },
            {
              id: "v2.9",
              status: "SUPPORTED",
              links: [
                { rel: "self", href: "/compute/v2.9" },
                { rel: "collection", href: "/compute/" }
              ]
            },
            { id: "v1.0", status: "CURRENT", links: [{ rel: "describedby", href: "http://docs" }] }
          ]
        },
        "http://api.example/compute"
      )
      const data = Discovery.versionData(document)
      assert.deepStrictEqual(
        data.map((v) => [v.id, v.version, v.url, v.collectionUrl]),
        [
          ["v2.9", [2, 9], "http://api.example/compute/v2.9", "http://api.example/compute/"],
          ["v2.10", [2, 10], "http://api.example/compute/v2.10/", undefined],
          ["v3.0", [3, 0], "http://api.example/compute/v3/", undefined]
        ]
      )
      assert.strictEqual(data[0]?.status, "SUPPORTED")
      assert.strictEqual(data[0]?.raw.id, "v2.9")
    })
  )

  it.effect("a link to another host keeps the discovery URL's scheme and host (a service behind a proxy)", () =>
    Effect.gen(function* () {
      const inner = Fixtures.versionEntry({ id: "v2.1", url: "http://10.0.0.5:8774/v2.1/" })
      const document = yield* decode(Fixtures.versionArray([inner]), "https://cloud.example/compute/")
      assert.deepStrictEqual(
        Discovery.versionData(document).map((v) => v.url),
        ["https://cloud.example/compute/v2.1/"]
      )
      const versioned = yield* decode(Fixtures.singleVersion(inner), "https://cloud.example/compute/v2.1/")
      assert.deepStrictEqual(
        Discovery.versionData(versioned).map((v) => v.url),
        ["https://cloud.example/compute/v2.1/"]
      )
    })
  )

  it.effect("without a document URL, links are taken as they are", () =>
    Effect.gen(function* () {
      const document = yield* decode(neutronRoot)
      assert.deepStrictEqual(
        Discovery.versionData(document).map((v) => v.url),
        ["http://127.0.0.1:9696/v2.0/"]
      )
    })
  )
})

describe("dataForVersion", () => {
  const entry = (id: string, status = "CURRENT") => Fixtures.versionEntry({ id, status, url: `http://h/${id}/` })
  const document = decode(
    Fixtures.versionArray([
      entry("v3.4"),
      entry("v2.0", "SUPPORTED"),
      entry("v4.0", "EXPERIMENTAL"),
      entry("v3.0")
    ]),
    "http://h/"
  )
  const chosen = (required: Discovery.VersionRequirement, options?: Discovery.StatusOptions) =>
    Effect.map(
      Effect.flatMap(document, (d) => Discovery.dataForVersion(d, required, options)),
      (data) => [data.id, data.url]
    )
  const failure = (required: Discovery.VersionRequirement, options?: Discovery.StatusOptions) =>
    Effect.flip(Effect.flatMap(document, (d) => Discovery.dataForVersion(d, required, options)))

  it.effect("picks the highest version that matches", () =>
    Effect.gen(function* () {
      assert.deepStrictEqual(yield* chosen([3, 0]), ["v3.4", "http://h/v3.4/"])
      assert.deepStrictEqual(yield* chosen("3"), ["v3.4", "http://h/v3.4/"])
      assert.deepStrictEqual(yield* chosen("v3.4"), ["v3.4", "http://h/v3.4/"])
      assert.deepStrictEqual(yield* chosen("3.latest"), ["v3.4", "http://h/v3.4/"])
      assert.deepStrictEqual(yield* chosen(2), ["v2.0", "http://h/v2.0/"])
    })
  )

  it.effect("latest is the highest acceptable version", () =>
    Effect.gen(function* () {
      assert.deepStrictEqual(yield* chosen("latest"), ["v3.4", "http://h/v3.4/"])
      assert.deepStrictEqual(yield* chosen("latest", { allowExperimental: true }), ["v4.0", "http://h/v4.0/"])
      assert.deepStrictEqual(yield* chosen([4, 0], { allowExperimental: true }), ["v4.0", "http://h/v4.0/"])
    })
  )

  it.effect("no match fails with VersionNotAvailable saying what was asked and what is offered", () =>
    Effect.gen(function* () {
      const error = yield* failure([3, 5])
      if (error._tag !== "VersionNotAvailable") return assert.fail(error.message)
      assert.strictEqual(error.requested, "3.5")
      assert.deepStrictEqual(error.available, ["v2.0", "v3.0", "v3.4"])
      assert.strictEqual(error.url, "http://h/")
      assert.strictEqual(
        error.message,
        "version 3.5 is not available at http://h/: it offers v2.0, v3.0, v3.4 (not usable: v4.0 EXPERIMENTAL)"
      )
      const v4 = yield* failure([4, 0])
      assert.strictEqual(v4._tag === "VersionNotAvailable" ? v4.requested : v4._tag, "4.0")
      const v1 = yield* failure("v1")
      assert.strictEqual(v1._tag === "VersionNotAvailable" ? v1.requested : v1._tag, "1.0")
    })
  )

  it.effect("a version range picks the highest version inside it", () =>
    Effect.gen(function* () {
      assert.deepStrictEqual(yield* chosen({ minVersion: "2.0", maxVersion: "3.0" }), ["v3.0", "http://h/v3.0/"])
      assert.deepStrictEqual(yield* chosen({ minVersion: "2.0", maxVersion: "3.latest" }), ["v3.4", "http://h/v3.4/"])
      assert.deepStrictEqual(yield* chosen({ maxVersion: "2.latest" }), ["v2.0", "http://h/v2.0/"])
      assert.deepStrictEqual(yield* chosen({ minVersion: "3.latest" }), ["v3.4", "http://h/v3.4/"])
      assert.deepStrictEqual(yield* chosen({ minVersion: "latest" }), ["v3.4", "http://h/v3.4/"])
      assert.deepStrictEqual(yield* chosen({}), ["v3.4", "http://h/v3.4/"])
      const error = yield* failure({ minVersion: "3.5", maxVersion: "3.9" })
      assert.strictEqual(error._tag === "VersionNotAvailable" ? error.requested : error._tag, "3.5-3.9")
    })
  )

  it.effect("a required version that is not one fails with ValidationError", () =>
    Effect.gen(function* () {
      const bad = yield* failure("three")
      assert.strictEqual(bad._tag, "ValidationError")
      const inverted = yield* failure({ minVersion: "3.1", maxVersion: "3.0" })
      assert.strictEqual(inverted.message, "version range 3.1-3.0: the minimum is above the maximum")
      const latestMin = yield* failure({ minVersion: "latest", maxVersion: "3.0" })
      assert.strictEqual(
        latestMin.message,
        'version range latest-3.0: a minimum of "latest" allows only a maximum of "latest"'
      )
    })
  )
})

describe("microversions", () => {
  const nova = Effect.map(decode(novaRoot, "http://nova.example/"), Discovery.versionData)
  const v21 = { id: "v2.1", minMicroversion: [2, 1], maxMicroversion: [2, 90] } as const

  it("supportsMicroversion checks the range, latest included", () => {
    assert.isTrue(Discovery.supportsMicroversion(v21, [2, 53]))
    assert.isTrue(Discovery.supportsMicroversion(v21, [2, 1]))
    assert.isTrue(Discovery.supportsMicroversion(v21, [2, 90]))
    assert.isTrue(Discovery.supportsMicroversion(v21, [LATEST, LATEST]))
    assert.isTrue(Discovery.supportsMicroversion(v21, [2, LATEST]))
    assert.isFalse(Discovery.supportsMicroversion(v21, [2, 91]))
    assert.isFalse(Discovery.supportsMicroversion(v21, [2, 0]))
    assert.isFalse(Discovery.supportsMicroversion(v21, [3, LATEST]))
    const noMicroversions = { id: "v2.0", minMicroversion: undefined, maxMicroversion: undefined }
    assert.isFalse(Discovery.supportsMicroversion(noMicroversions, [2, 1]))
  })

  it.effect("microversionFor resolves latest to the maximum", () =>
    Effect.gen(function* () {
      const [, novaV21] = yield* nova
      if (novaV21 === undefined) return assert.fail("no v2.1")
      assert.deepStrictEqual(yield* Discovery.microversionFor(novaV21, "2.53"), [2, 53])
      assert.deepStrictEqual(yield* Discovery.microversionFor(novaV21, [2, 53]), [2, 53])
      assert.deepStrictEqual(yield* Discovery.microversionFor(novaV21, "latest"), [2, 90])
      assert.deepStrictEqual(yield* Discovery.microversionFor(novaV21, "2.latest"), [2, 90])
    })
  )

  it.effect("an unsupported microversion fails with VersionNotAvailable", () =>
    Effect.gen(function* () {
      const [novaV20, novaV21] = yield* nova
      if (novaV20 === undefined || novaV21 === undefined) return assert.fail("no v2.0 / v2.1")
      const above = yield* Effect.flip(Discovery.microversionFor(novaV21, "2.91"))
      if (above._tag !== "VersionNotAvailable") return assert.fail(above.message)
      assert.strictEqual(above.requested, "2.91")
      assert.deepStrictEqual(above.available, ["2.1-2.90"])
      assert.strictEqual(above.url, "http://nova.example/v2.1/")
      assert.strictEqual(
        above.message,
        "microversion 2.91 is not available in v2.1 at http://nova.example/v2.1/: it supports 2.1-2.90"
      )
      const otherMajor = yield* Effect.flip(Discovery.microversionFor(novaV21, "3.latest"))
      assert.strictEqual(otherMajor._tag === "VersionNotAvailable" ? otherMajor.requested : "", "3.latest")
      const none = yield* Effect.flip(Discovery.microversionFor(novaV20, "latest"))
      if (none._tag !== "VersionNotAvailable") return assert.fail(none.message)
      assert.deepStrictEqual(none.available, [])
      assert.include(none.message, "it has no microversions")
      const invalid = yield* Effect.flip(Discovery.microversionFor(novaV21, "2.x"))
      assert.strictEqual(invalid._tag, "ValidationError")
    })
  )
})

describe("catalogDiscoveryUrl and discoveryUrl", () => {
  it("an identity URL ending in /v2.0 stands for its root", () => {
    assert.strictEqual(Discovery.catalogDiscoveryUrl("identity", "http://k:5000/v2.0"), "http://k:5000/")
    assert.strictEqual(Discovery.catalogDiscoveryUrl("identity", "http://k:5000/v2.0/"), "http://k:5000/")
    assert.strictEqual(Discovery.catalogDiscoveryUrl("identity", "http://k/identity/v2.0"), "http://k/identity/")
    assert.strictEqual(Discovery.catalogDiscoveryUrl("identity", "http://k:5000/v3"), "http://k:5000/v3")
    assert.strictEqual(Discovery.catalogDiscoveryUrl("identity", "http://k:5000/v2.0/x"), "http://k:5000/v2.0/x")
    assert.strictEqual(Discovery.catalogDiscoveryUrl("compute", "http://n:8774/v2.0"), "http://n:8774/v2.0")
  })

  it("discovery URLs end in one slash", () => {
    assert.strictEqual(Discovery.discoveryUrl("http://x/v3"), "http://x/v3/")
    assert.strictEqual(Discovery.discoveryUrl("http://x/v3/"), "http://x/v3/")
    assert.strictEqual(Discovery.discoveryUrl("http://x/v3//"), "http://x/v3/")
    assert.strictEqual(Discovery.discoveryUrl("http://x:5000"), "http://x:5000/")
  })
})

describe("the Discovery service", () => {
  /** The scripted answer to the `count`-th request. */
  type Answer = (
    count: number,
    request: HttpClientRequest.HttpClientRequest
  ) => MockHttp.Reply | Effect.Effect<MockHttp.Reply, HttpClientError.HttpClientError>

  /** A Discovery layer over a scripted server that records what it was sent. */
  const scripted = (answer: Answer) => {
    const sent: Array<string> = []
    const http = MockHttp.layer((request, url) => {
      sent.push(`${request.method} ${url.href} accept=${request.headers.accept ?? ""}`)
      return answer(sent.length, request)
    })
    return { sent, layer: Discovery.Discovery.layer.pipe(Layer.provide(http)) }
  }
  const root = "http://k:5000/"
  const rootRequest = `GET ${root} accept=application/json`

  it.effect("20 concurrent callers share one request; later callers make none", () => {
    const requested = Latch.makeUnsafe()
    const release = Latch.makeUnsafe()
    const { sent, layer } = scripted(() =>
      requested.open.pipe(Effect.andThen(release.await), Effect.as(MockHttp.json(300, keystoneRoot)))
    )
    return Effect.gen(function* () {
      const discovery = yield* Discovery.Discovery
      const callers = Array.from({ length: 20 }, () => discovery.versions(root))
      const all = yield* Effect.forkChild(Effect.all(callers, { concurrency: "unbounded" }))
      yield* requested.await
      for (let i = 0; i < 10; i++) yield* Effect.yieldNow
      // Every caller is waiting on the one request in flight.
      assert.strictEqual(all.pollUnsafe(), undefined)
      assert.deepStrictEqual(sent, [rootRequest])
      yield* release.open
      const documents = yield* Fiber.join(all)
      assert.strictEqual(documents.length, 20)
      assert.isTrue(documents.every((d) => d === documents[0]))
      assert.deepStrictEqual(documents[0]?.versions.map((v) => v.id), ["v3.14"])
      yield* discovery.versions(root)
      yield* discovery.versions("http://k:5000")
      assert.deepStrictEqual(sent, [rootRequest])
    }).pipe(Effect.provide(layer))
  })

  it.effect("http://x/v3 and http://x/v3/ share one entry, fetched with the slash", () => {
    const { sent, layer } = scripted(() => MockHttp.json(200, keystoneV3))
    return Effect.gen(function* () {
      const discovery = yield* Discovery.Discovery
      const first = yield* discovery.versions("http://x/v3")
      const second = yield* discovery.versions("http://x/v3/")
      assert.strictEqual(first, second)
      assert.strictEqual(first.url, "http://x/v3/")
      assert.deepStrictEqual(sent, ["GET http://x/v3/ accept=application/json"])
      yield* discovery.versions("http://x/")
      assert.deepStrictEqual(sent, [
        "GET http://x/v3/ accept=application/json",
        "GET http://x/ accept=application/json"
      ])
    }).pipe(Effect.provide(layer))
  })

  it.effect("a failed fetch is not cached: the next call asks again", () => {
    const { sent, layer } = scripted((count) =>
      count === 1 ? MockHttp.json(503, { error: { message: "busy" } }) : MockHttp.json(300, keystoneRoot)
    )
    return Effect.gen(function* () {
      const discovery = yield* Discovery.Discovery
      const error = yield* Effect.flip(discovery.versions(root))
      assert.instanceOf(error, Errors.DiscoveryFailure)
      const document = yield* discovery.versions(root)
      assert.deepStrictEqual(document.versions.map((v) => v.id), ["v3.14"])
      yield* discovery.versions(root)
      assert.deepStrictEqual(sent, [rootRequest, rootRequest])
    }).pipe(Effect.provide(layer))
  })

  it.effect("invalidate forgets a document", () => {
    const { sent, layer } = scripted(() => MockHttp.json(300, keystoneRoot))
    return Effect.gen(function* () {
      const discovery = yield* Discovery.Discovery
      yield* discovery.versions(root)
      yield* discovery.invalidate("http://k:5000")
      yield* discovery.versions(root)
      assert.deepStrictEqual(sent, [rootRequest, rootRequest])
    }).pipe(Effect.provide(layer))
  })

  it.effect("an HTTP 300 answer is a document, and endpointFor picks its version's URL", () => {
    const { layer } = scripted(() => MockHttp.json(300, keystoneRoot))
    return Effect.gen(function* () {
      const discovery = yield* Discovery.Discovery
      const document = yield* discovery.versions(root)
      assert.strictEqual(document.url, root)
      const chosen = yield* discovery.endpointFor(root, [3, 0])
      assert.strictEqual(chosen.url, "http://k:5000/v3/")
      assert.strictEqual(chosen.id, "v3.14")
      const error = yield* Effect.flip(discovery.endpointFor(root, [4, 0]))
      if (error._tag !== "VersionNotAvailable") return assert.fail(error.message)
      assert.strictEqual(error.requested, "4.0")
      assert.deepStrictEqual(error.available, ["v3.14"])
      assert.strictEqual(error.url, root)
    }).pipe(Effect.provide(layer))
  })

  it.effect("an HTTP error status fails with DiscoveryFailure wrapping the HTTP error", () => {
    const { layer } = scripted(() =>
      MockHttp.json(404, { error: { code: 404, message: "Not here", title: "Not Found" } }, {
        "x-openstack-request-id": "req-1"
      })
    )
    return Effect.gen(function* () {
      const error = yield* Effect.flip(Discovery.Discovery.use((d) => d.versions(root)))
      if (error._tag !== "DiscoveryFailure") return assert.fail(error.message)
      assert.strictEqual(error.url, root)
      assert.strictEqual(
        error.message,
        `version discovery at ${root} failed: GET ${root} returned HTTP 404: Not here (request id req-1)`
      )
      assert.instanceOf(error.cause, Errors.NotFound)
    }).pipe(Effect.provide(layer))
  })

  it.effect("a redirect is not a document: DiscoveryFailure", () => {
    const { layer } = scripted(() => ({ status: 302, headers: { location: "http://k:5000/v3/" } }))
    return Effect.gen(function* () {
      const error = yield* Effect.flip(Discovery.Discovery.use((d) => d.versions(root)))
      assert.strictEqual(error._tag, "DiscoveryFailure")
      assert.include(error.message, `GET ${root} returned HTTP 302`)
    }).pipe(Effect.provide(layer))
  })

  it.effect("no answer at all fails with DiscoveryFailure naming the connection error", () => {
    const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5000"), { code: "ECONNREFUSED" })
    const { layer } = scripted((_count, request) =>
      Effect.fail(
        new HttpClientError.HttpClientError({ reason: new HttpClientError.TransportError({ request, cause: refused }) })
      )
    )
    return Effect.gen(function* () {
      const error = yield* Effect.flip(Discovery.Discovery.use((d) => d.versions(root)))
      if (error._tag !== "DiscoveryFailure") return assert.fail(error.message)
      assert.strictEqual(
        error.message,
        `version discovery at ${root} failed: GET ${root}: could not connect: connect ECONNREFUSED 127.0.0.1:5000`
      )
      assert.instanceOf(error.cause, Errors.ConnectFailure)
    }).pipe(Effect.provide(layer))
  })

  it.effect("a body that is not a version document fails with InvalidResponse naming the URL and the path", () => {
    const { sent, layer } = scripted(() =>
      MockHttp.json(200, { versions: { values: [{ id: 3, status: "stable" }] } }, { "x-openstack-request-id": "req-2" })
    )
    return Effect.gen(function* () {
      const discovery = yield* Discovery.Discovery
      const error = yield* Effect.flip(discovery.versions(root))
      if (error._tag !== "InvalidResponse") return assert.fail(error.message)
      assert.strictEqual(
        error.message,
        `the version document from GET ${root} does not decode: Expected string at ["versions"]["values"][0]["id"]`
      )
      assert.strictEqual(error.url, root)
      assert.strictEqual(error.status, 200)
      assert.strictEqual(error.requestId, "req-2")
      // Not cached either.
      yield* Effect.flip(discovery.versions(root))
      assert.strictEqual(sent.length, 2)
    }).pipe(Effect.provide(layer))
  })

  it.effect("a body that is not JSON fails with InvalidResponse", () => {
    const html = { status: 200, headers: { "content-type": "text/html" }, body: "<html>hi</html>" }
    const { layer } = scripted(() => html)
    return Effect.gen(function* () {
      const error = yield* Effect.flip(Discovery.Discovery.use((d) => d.versions(root)))
      assert.strictEqual(error._tag, "InvalidResponse")
      assert.include(error.message, `the version document from GET ${root} does not decode: `)
      assert.include(error.message, "JSON")
    }).pipe(Effect.provide(layer))
  })
})

describe("unversionedUrl and endpointForCatalogUrl (keystoneauth1's fallbacks)", () => {
  it("the unversioned root drops a trailing version, and a project id after one", () => {
    assert.strictEqual(Discovery.unversionedUrl("http://nova:8774/v2.1/6f70e4"), "http://nova:8774/")
    assert.strictEqual(Discovery.unversionedUrl("http://nova:8774/v2.1/"), "http://nova:8774/")
    assert.strictEqual(Discovery.unversionedUrl("http://host/identity/v3"), "http://host/identity/")
    assert.strictEqual(Discovery.unversionedUrl("http://swift:8080/v1/AUTH_abc"), "http://swift:8080/")
    assert.strictEqual(Discovery.unversionedUrl("http://neutron:9696"), "http://neutron:9696/")
    assert.strictEqual(Discovery.unversionedUrl("http://host/placement"), "http://host/placement/")
    assert.strictEqual(Discovery.unversionedUrl("not a url"), "not a url")
  })

  /** Runs endpointForCatalogUrl over a server that answers by URL, recording the requests and the warnings. */
  const run = (
    answers: Readonly<Record<string, MockHttp.Reply>>,
    url: string,
    required: Discovery.VersionRequirement
  ) => {
    const sent: Array<string> = []
    const warnings: Array<string> = []
    const http = MockHttp.layer((_request, requested) => {
      sent.push(requested.href)
      return answers[requested.href] ?? { status: 404 }
    })
    return Effect.gen(function* () {
      const discovery = yield* Discovery.make
      const result = yield* Effect.result(Discovery.endpointForCatalogUrl(discovery, "identity", url, required))
      return { result, sent, warnings }
    }).pipe(
      Effect.provide(http),
      Effect.provide(Logger.layer([Logger.make((o) => void (o.logLevel === "Warn" ? warnings.push(String(o.message)) : undefined))]))
    )
  }

  it.effect("the catalog URL names the major version asked for: used as it is, nothing fetched (an exact match)", () =>
    Effect.gen(function* () {
      const cases = [
        ["http://k:5000/v3", "3"],
        ["http://k:5000/v3/", [3, 0]],
        ["http://k:5000/v3", { minVersion: "3.0", maxVersion: "3.latest" }],
        ["http://nova:8774/v2.1/6f70e4", "2"],
        ["http://nova:8774/v2.1/6f70e4", "2.1"]
      ] as const
      for (const [url, required] of cases) {
        const { result, sent, warnings } = yield* run({}, url, required)
        assert.deepStrictEqual([result, sent, warnings], [Result.succeed(url), [], []], `${url} for ${JSON.stringify(required)}`)
      }
      // Not exact: "latest", a lower bound alone, a minor above the URL's, another major.
      for (const [url, required] of [
        ["http://k:5000/v3", "latest"],
        ["http://k:5000/v3", { minVersion: "3.0" }],
        ["http://nova:8774/v2.1", "2.5"],
        ["http://k:5000/v2.0", "3"]
      ] as const) {
        const { sent } = yield* run({}, url, required)
        assert.isAbove(sent.length, 0, `${url} for ${JSON.stringify(required)} is discovered`)
      }
    }))

  it.effect("no document at the catalog URL: the root's", () =>
    Effect.gen(function* () {
      const { result, sent, warnings } = yield* run({ "http://k:5000/": MockHttp.json(300, keystoneRoot) }, "http://k:5000/v3", { minVersion: "3.0" })
      // The document's own link, on the host the catalog names (the document says 127.0.0.1).
      assert.deepStrictEqual(result, Result.succeed("http://k:5000/v3/"))
      assert.deepStrictEqual(sent, ["http://k:5000/v3/", "http://k:5000/"])
      assert.deepStrictEqual(warnings, [])
    }))

  it.effect("a document at the catalog URL: no second request", () =>
    Effect.gen(function* () {
      const { result, sent } = yield* run({ "http://k:5000/v3/": MockHttp.json(200, keystoneV3) }, "http://k:5000/v3", { minVersion: "3.0" })
      assert.deepStrictEqual(result, Result.succeed("http://k:5000/v3/"))
      assert.deepStrictEqual(sent, ["http://k:5000/v3/"])
    }))

  it.effect("no document anywhere, the URL names the version: the catalog URL, without a warning", () =>
    Effect.gen(function* () {
      const { result, sent, warnings } = yield* run({ "http://k:5000/": { status: 200, body: "<html>hi</html>", headers: { "content-type": "text/html" } } }, "http://k:5000/v3", { minVersion: "3.0" })
      assert.deepStrictEqual(result, Result.succeed("http://k:5000/v3"))
      assert.deepStrictEqual(sent, ["http://k:5000/v3/", "http://k:5000/"])
      assert.deepStrictEqual(warnings, [])
    }))

  it.effect("no document anywhere, the URL names no matching version: the catalog URL, with a warning saying why", () =>
    Effect.gen(function* () {
      const { result, warnings } = yield* run({}, "http://k:5000/v2.0", "3")
      assert.deepStrictEqual(result, Result.succeed("http://k:5000/v2.0"))
      assert.strictEqual(warnings.length, 1)
      assert.include(warnings[0], "no version document for http://k:5000/v2.0")
      assert.include(warnings[0], "404")
    }))

  it.effect("a document without the version: VersionNotAvailable, and the root is not asked", () =>
    Effect.gen(function* () {
      const { result, sent } = yield* run({ "http://k:5000/v3/": MockHttp.json(200, keystoneV3) }, "http://k:5000/v3", "4")
      assert.isTrue(Result.isFailure(result) && result.failure._tag === "VersionNotAvailable")
      assert.deepStrictEqual(sent, ["http://k:5000/v3/"])
    }))
})
