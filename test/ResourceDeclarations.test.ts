/** The second edition of Resource: what a declaration derives, its extras, spans and services, on a scripted server. */
import { assert, describe, it } from "@effect/vitest"
import { Context, Effect, Layer, Redacted, Schema, Tracer } from "effect"
import { Resource } from "effect-openstack"
import { MockHttp } from "effect-openstack/testing"
import { recordingTracer } from "./support/recordingTracer.ts"
import { scripted, type Seen } from "./support/scripted.ts"

const endpoint = "http://api.test/v2.0"
const { field, filterOnly } = Resource
const service = { type: "gadget-service", name: "Gadgets", pathSeparator: "-" } as const

const Part = Resource.define({
  service,
  key: "part",
  fields: { id: field(Schema.String), name: field(Schema.String) },
  operations: ["list"]
})

const Gadget = Resource.define({
  service,
  key: "gadget_box",
  fields: {
    id: field(Schema.String).filterIn,
    name: field(Schema.String).required.update.filterIn,
    size: field(Schema.Int).optional.create.filter,
    color: field(Schema.String).create.update.wire("gadget:color"),
    secret: field(Schema.RedactedFromValue(Schema.String)).writeOnly.create,
    status: field(Schema.String),
    revisionNumber: field(Schema.Int).optional,
    tags: field(Schema.Array(Schema.String)).optional,
    verbose: filterOnly(Schema.Boolean)
  },
  tags: true,
  revision: true,
  updateMethod: "PUT",
  listUnder: { ownerId: (ownerId: string) => `/owners/${ownerId}/gadget-boxes`, shelfId: (id: string) => `/shelves/${id}/boxes` },
  associations: { part: "parts" },
  actions: {
    open: { method: "PUT", path: "open", input: Resource.body({ lidAngle: Schema.Int }), wrap: "gadget_box", output: "item" },
    weigh: { method: "GET", path: "weight", output: Resource.body({ grams: Schema.Int }), outputKey: "weight" },
    reset: { method: "POST", path: "reset" }
  },
  lists: { parts: { path: "parts", of: Part } },
  operations: ["list", "get", "create", "update", "delete"]
})

const Batch = Resource.define({
  service,
  key: "limit",
  fields: { id: field(Schema.String), value: field(Schema.Int).required },
  batchCreate: true,
  operations: ["list", "create"]
})

const box = (id: string, extra: Record<string, unknown> = {}) =>
  ({ id, name: `box-${id}`, "gadget:color": "red", status: "ACTIVE", revision_number: 3, tags: [], ...extra })

/** A session on a scripted server (also the Session of the context); `answer` gets each request. */
const withServer = scripted({ endpoint, serviceType: service.type })

const path = (s: Seen) => s.url.replace(endpoint, "")

describe("Resource: what a declaration derives", () => {
  it("names, collection key and path from the key; the path's words joined as the service joins them", () => {
    assert.strictEqual(Resource.pathOf(Gadget), "/gadget-boxes")
    assert.strictEqual(Resource.pathOf(Resource.define({ ...Part, key: "policy" })), "/policies")
    assert.strictEqual(Resource.pathOf(Resource.define({ ...Part, key: "rbac_policy", service: { type: "x", name: "X" } })), "/rbac_policies")
  })

  it.effect("create sends the create fields (required ones checked before any request), wire names, secrets revealed on the wire", () =>
    withServer(() => MockHttp.json(201, { gadget_box: box("1") }), (adapter, seen) =>
      Effect.gen(function* () {
        const gadgets = Resource.make(Gadget, adapter)
        const created = yield* gadgets.create({ name: "one", size: 2, color: "blue", secret: Redacted.make("s3") })
        assert.deepStrictEqual(seen[0]?.body, { gadget_box: { name: "one", size: 2, "gadget:color": "blue", secret: "s3" } })
        assert.deepStrictEqual(created, { id: "1", name: "box-1", color: "red", status: "ACTIVE", revisionNumber: 3, tags: [], extra: {} })
        assert.notProperty(created, "secret")
        const missing = yield* Effect.flip(gadgets.create({ size: 1 } as unknown as Resource.Create<typeof Gadget>))
        assert.strictEqual(missing._tag, "ValidationError")
        assert.include(missing.message, "the attributes of the gadget box")
        assert.include(missing.message, "name")
        assert.strictEqual(seen.length, 1)
      })))

  it.effect("update PUTs the update fields; If-Match from ifRevision; a resource without revisions refuses ifRevision", () =>
    withServer((s) => (s.method === "DELETE" ? { status: 204 } : MockHttp.json(200, { gadget_box: box("1"), limit: { id: "l", value: 1 } })), (adapter, seen) =>
      Effect.gen(function* () {
        const gadgets = Resource.make(Gadget, adapter)
        yield* gadgets.update("1", { name: "renamed", color: "green" }, { ifRevision: 3 })
        yield* gadgets.delete("1", { ifRevision: 4 })
        yield* gadgets.delete("1")
        assert.deepStrictEqual(seen.map((s) => `${s.method} ${path(s)} ${s.headers["if-match"] ?? "-"}`), [
          "PUT /gadget-boxes/1 revision_number=3",
          "DELETE /gadget-boxes/1 revision_number=4",
          "DELETE /gadget-boxes/1 -"
        ])
        assert.deepStrictEqual(seen[0]?.body, { gadget_box: { name: "renamed", "gadget:color": "green" } })
        const parts = Resource.make(Resource.define({ ...Part, operations: ["list", "update"] }), adapter)
        const refused = yield* Effect.flip(parts.update("p", {}, { ifRevision: 1 }))
        assert.strictEqual(refused._tag, "ValidationError")
        assert.include(refused.message, "no revision numbers")
        assert.strictEqual(seen.length, 3)
      })))

  it.effect("filters: several values repeat, filter-only fields, tag filters comma-joined; sort and page size", () =>
    withServer(() => MockHttp.json(200, { gadget_boxes: [] }), (adapter, seen) =>
      Effect.gen(function* () {
        const gadgets = Resource.make(Gadget, adapter)
        yield* gadgets.list({ id: ["a", "b"], name: "x", verbose: true, tags: ["t1", "t2"], notTagsAny: ["old"] }, {
          sort: [["name", "asc"], ["color", "desc"]],
          limit: 50
        })
        const url = new URL(seen[0]?.url ?? "")
        const params = (name: string) => url.searchParams.getAll(name)
        assert.deepStrictEqual(params("id"), ["a", "b"])
        assert.deepStrictEqual([params("name"), params("verbose"), params("tags"), params("not-tags-any")], [["x"], ["true"], ["t1,t2"], ["old"]])
        assert.deepStrictEqual([params("limit"), params("sort_key"), params("sort_dir")], [["50"], ["name", "gadget:color"], ["asc", "desc"]])
        assert.deepStrictEqual(new Set(url.searchParams.keys()).size, 8)
      })))

  it.effect("select asks for some fields and decodes only those", () =>
    withServer(() => MockHttp.json(200, { gadget_boxes: [{ id: "1", "gadget:color": "red" }] }), (adapter, seen) =>
      Effect.gen(function* () {
        const picked = yield* Resource.make(Gadget, adapter).select(["id", "color"], { name: "x" })
        assert.deepStrictEqual(picked, [{ id: "1", color: "red", extra: {} }])
        assert.strictEqual(path(seen[0] ?? { url: "" } as Seen), "/gadget-boxes?name=x&fields=id&fields=gadget%3Acolor")
      })))

  it.effect("listUnder: a filter moves the list under another collection; two of them fail before any request", () =>
    withServer(() => MockHttp.json(200, { gadget_boxes: [box("1")] }), (adapter, seen) =>
      Effect.gen(function* () {
        const gadgets = Resource.make(Gadget, adapter)
        assert.deepStrictEqual((yield* gadgets.list({ ownerId: "o1", name: "x" })).map((g) => g.id), ["1"])
        assert.strictEqual(path(seen[0] ?? { url: "" } as Seen), "/owners/o1/gadget-boxes?name=x")
        const both = yield* Effect.flip(gadgets.list({ ownerId: "o1", shelfId: "s1" }))
        assert.strictEqual(both._tag, "ValidationError")
        assert.strictEqual(seen.length, 1)
      })))

  it.effect("batchCreate: create sends a batch of one, createMany one batch", () =>
    withServer((s) => MockHttp.json(201, { limits: ((s.body as { limits: Array<{ value: number }> }).limits).map((l, i) => ({ id: `l${i}`, ...l })) }), (adapter, seen) =>
      Effect.gen(function* () {
        const limits = Resource.make(Batch, adapter)
        assert.deepStrictEqual(yield* limits.create({ value: 1 }), { id: "l0", value: 1, extra: {} })
        assert.deepStrictEqual((yield* limits.createMany([{ value: 2 }, { value: 3 }])).map((l) => l.id), ["l0", "l1"])
        assert.deepStrictEqual(seen.map((s) => s.body), [{ limits: [{ value: 1 }] }, { limits: [{ value: 2 }, { value: 3 }] }])
      })))
})

describe("Resource: extras", () => {
  it.effect("tags: the tag operations' requests; a tag with a comma fails before any request", () =>
    withServer((s) => (s.method === "GET" || (s.method === "PUT" && s.url.endsWith("/tags")) ? MockHttp.json(200, { tags: ["a"] }) : { status: s.method === "HEAD" ? 404 : 204 }), (adapter, seen) =>
      Effect.gen(function* () {
        const gadgets = Resource.make(Gadget, adapter)
        assert.deepStrictEqual(yield* gadgets.listTags("1"), ["a"])
        assert.deepStrictEqual(yield* gadgets.replaceTags("1", ["a"]), ["a"])
        yield* gadgets.addTag("1", "b c")
        assert.isFalse(yield* gadgets.hasTag("1", "b"))
        yield* gadgets.removeTag("1", "b")
        yield* gadgets.removeAllTags("1")
        const bad = yield* Effect.flip(gadgets.addTag("1", "x,y"))
        assert.strictEqual(bad._tag, "ValidationError")
        assert.deepStrictEqual(seen.map((s) => `${s.method} ${path(s)}`), [
          "GET /gadget-boxes/1/tags",
          "PUT /gadget-boxes/1/tags",
          "PUT /gadget-boxes/1/tags/b%20c",
          "HEAD /gadget-boxes/1/tags/b",
          "DELETE /gadget-boxes/1/tags/b",
          "DELETE /gadget-boxes/1/tags"
        ])
      })))

  it.effect("associations, actions and sub-collections", () =>
    withServer((s) => {
      if (s.url.endsWith("/open")) return MockHttp.json(200, { gadget_box: box("1", { status: "OPEN" }) })
      if (s.url.endsWith("/weight")) return MockHttp.json(200, { weight: { grams: 250 } })
      if (s.url.endsWith("/parts")) return MockHttp.json(200, { parts: [{ id: "p1", name: "lid" }] })
      return { status: s.method === "HEAD" ? 204 : 204 }
    }, (adapter, seen) =>
      Effect.gen(function* () {
        const gadgets = Resource.make(Gadget, adapter)
        yield* gadgets.addPart("1", "p1")
        assert.isTrue(yield* gadgets.hasPart("1", "p1"))
        yield* gadgets.removePart("1", "p1")
        const opened = yield* gadgets.open("1", { lidAngle: 90 })
        assert.strictEqual(opened.status, "OPEN")
        assert.deepStrictEqual(yield* gadgets.weigh("1"), { grams: 250 })
        yield* gadgets.reset("1")
        assert.deepStrictEqual((yield* gadgets.parts("1")).map((p) => p.name), ["lid"])
        assert.deepStrictEqual(seen.map((s) => `${s.method} ${path(s)}`), [
          "PUT /gadget-boxes/1/parts/p1",
          "HEAD /gadget-boxes/1/parts/p1",
          "DELETE /gadget-boxes/1/parts/p1",
          "PUT /gadget-boxes/1/open",
          "GET /gadget-boxes/1/weight",
          "POST /gadget-boxes/1/reset",
          "GET /gadget-boxes/1/parts"
        ])
        assert.deepStrictEqual(seen[3]?.body, { gadget_box: { lid_angle: 90 } })
        assert.isUndefined(seen[5]?.body)
      })))

  it.effect("an action answer that does not decode is an InvalidResponse naming the action", () =>
    withServer(() => MockHttp.json(200, { weight: { grams: "heavy" } }), (adapter) =>
      Effect.gen(function* () {
        const error = yield* Effect.flip(Resource.make(Gadget, adapter).weigh("1"))
        assert.strictEqual(error._tag, "InvalidResponse")
        assert.include(error.message, "the answer to weigh of a gadget box")
      })))
})

describe("Resource: spans and services", () => {
  it.effect("each operation is a span named after the service and the client, with the resource and the id", () => {
    const { tracer, spans } = recordingTracer()
    return withServer((s) => MockHttp.json(200, s.url.endsWith("/1") ? { gadget_box: box("1") } : { gadget_boxes: [box("1")] }), (adapter) =>
      Effect.gen(function* () {
        const gadgets = Resource.make(Gadget, adapter)
        yield* gadgets.get("1")
        yield* gadgets.list()
        yield* gadgets.find("1")
        const ours = spans.filter((span) => span.name.startsWith("Gadgets."))
        assert.deepStrictEqual(ours.map((span) => span.name), ["Gadgets.gadgetBoxes.get", "Gadgets.gadgetBoxes.list", "Gadgets.gadgetBoxes.find", "Gadgets.gadgetBoxes.get"])
        assert.strictEqual(ours[0]?.attributes.get("openstack.resource"), "gadget box")
        assert.strictEqual(ours[0]?.attributes.get("openstack.resource.id"), "1")
        assert.isUndefined(ours[1]?.attributes.get("openstack.resource.id"))
      })).pipe(Effect.provideService(Tracer.Tracer, tracer))
  })

  it.effect("Resource.layer: a client as a service of its own, on the Session of the context; Layer.mock replaces it", () => {
    class Gadgets extends Context.Service<Gadgets, Resource.Client<typeof Gadget>>()("test/Gadgets") {
      static readonly layer = Resource.layer(this, (adapter) => Resource.make(Gadget, adapter), service)
    }
    return withServer(() => MockHttp.json(200, { gadget_box: box("7") }), (_adapter, seen) =>
      Effect.gen(function* () {
        const real = yield* Effect.flatMap(Gadgets, (gadgets) => gadgets.get("7")).pipe(Effect.provide(Gadgets.layer()))
        assert.strictEqual(real.id, "7")
        assert.strictEqual(path(seen[0] ?? { url: "" } as Seen), "/gadget-boxes/7")
        const mocked = yield* Effect.flatMap(Gadgets, (gadgets) => gadgets.get("7")).pipe(
          Effect.provide(Layer.mock(Gadgets, { get: (id) => Effect.succeed({ ...real, id: `mock-${id}` }) }))
        )
        assert.strictEqual(mocked.id, "mock-7")
        assert.strictEqual(seen.length, 1)
      }))
  })
})
