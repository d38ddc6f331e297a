import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { HttpClient } from "effect/http"
import { Discovery, Transport } from "effect-openstack"
import { facts } from "./rig.ts"

/** Keystone's unversioned root, e.g. "http://127.0.0.1:5000". */
const root = facts.auth_url.replace(/\/v3\/?$/, "")

/** Discovery over the node transport, recording every request that goes out. */
const counted = () => {
  const sent: Array<string> = []
  const recording = Layer.effect(
    HttpClient.HttpClient,
    Effect.map(
      HttpClient.HttpClient,
      HttpClient.tapRequest((request) => Effect.sync(() => sent.push(`${request.method} ${request.url}`)))
    )
  ).pipe(Layer.provide(Transport.node()))
  return { sent, layer: Discovery.Discovery.layer.pipe(Layer.provide(recording)) }
}

describe("version discovery against the real Keystone", () => {
  it.live("GET / answers HTTP 300 with a version list holding a stable v3", () => {
    const { layer } = counted()
    return Effect.gen(function* () {
      const client = yield* HttpClient.HttpClient
      const answer = yield* client.get(`${root}/`, { headers: { accept: "application/json" } })
      assert.strictEqual(answer.status, 300)
      const document = yield* Discovery.Discovery.use((d) => d.versions(root))
      assert.strictEqual(document.url, `${root}/`)
      const v3 = document.versions.find((v) => v.version[0] === 3)
      if (v3 === undefined) return assert.fail(`no v3 in ${document.versions.map((v) => v.id).join(", ")}`)
      assert.match(v3.id, /^v3\.\d+$/)
      assert.strictEqual(v3.rawStatus, "stable")
      assert.strictEqual(v3.status, "CURRENT")
      assert.deepStrictEqual(
        Discovery.versionData(document).map((v) => [v.id, v.url]),
        [[v3.id, `${root}/v3/`]]
      )
    }).pipe(Effect.provide(Layer.merge(layer, Transport.node())))
  })

  it.live("GET /v3 decodes as a single version", () => {
    const { sent, layer } = counted()
    return Effect.gen(function* () {
      const document = yield* Discovery.Discovery.use((d) => d.versions(facts.auth_url))
      assert.deepStrictEqual(sent, [`GET ${root}/v3/`])
      assert.strictEqual(document.versions.length, 1)
      const [v3] = Discovery.versionData(document)
      assert.match(v3?.id ?? "", /^v3\.\d+$/)
      assert.strictEqual(v3?.url, `${root}/v3/`)
      assert.deepStrictEqual(v3?.mediaTypes[0], {
        base: "application/json",
        type: "application/vnd.openstack.identity-v3+json"
      })
    }).pipe(Effect.provide(layer))
  })

  it.live("discovery on the root picks /v3/ for 3.0 and fails with VersionNotAvailable for 4.0", () => {
    const { layer } = counted()
    return Effect.gen(function* () {
      const discovery = yield* Discovery.Discovery
      const v3 = yield* discovery.endpointFor(root, [3, 0])
      assert.strictEqual(v3.url, `${root}/v3/`)
      assert.strictEqual((yield* discovery.endpointFor(root, "latest")).url, `${root}/v3/`)
      const error = yield* Effect.flip(discovery.endpointFor(root, [4, 0]))
      if (error._tag !== "VersionNotAvailable") return assert.fail(error.message)
      assert.strictEqual(error.requested, "4.0")
      assert.deepStrictEqual(error.available, [v3.id])
      assert.strictEqual(error.url, `${root}/`)
      assert.strictEqual(error.message, `version 4.0 is not available at ${root}/: it offers ${v3.id}`)
    }).pipe(Effect.provide(layer))
  })

  it.live("the cache makes one request for two calls", () => {
    const { sent, layer } = counted()
    return Effect.gen(function* () {
      const discovery = yield* Discovery.Discovery
      const first = yield* discovery.versions(root)
      const second = yield* discovery.versions(`${root}/`)
      assert.strictEqual(first, second)
      assert.deepStrictEqual(sent, [`GET ${root}/`])
    }).pipe(Effect.provide(layer))
  })
})
