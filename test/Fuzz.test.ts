/**
 * Every public decoder, fed mutations of valid documents (a fixed seed, so a failure replays): fields removed,
 * retyped, emptied, made huge or nested thousands of levels deep, keys like `__proto__`. Each must end in a value or
 * its typed error — never a defect — and what it decodes must survive being printed, summarised and stored.
 */
import { assert, describe, it } from "@effect/vitest"
import { Arbitrary, Cause, Effect, Exit, Schema } from "effect"
import { AccessInfo, CloudConfig, Discovery, Errors, Pagination, Resource } from "effect-openstack"
import { Fixtures } from "effect-openstack/testing"
import { User } from "../src/identity/v3/Users.ts"
import { encodeEntry } from "../src/internal/tokenStore/shared.ts"
import { Network } from "../src/network/v2/Networks.ts"
import { Port } from "../src/network/v2/Ports.ts"

/** How many mutations each decoder gets (a few seconds in all). */
const runs = 1000

const deep = (levels: number, inner: unknown = {}): unknown => {
  let value = inner
  for (let i = 0; i < levels; i++) value = i % 2 === 0 ? [value] : { bind: value }
  return value
}

/** What a mutation may put in place of a value. */
const hostile: ReadonlyArray<unknown> = [
  null, "", 0, -1, 1e308, -0, true, false, [], {}, "x".repeat(200_000), deep(20_000), deep(50, "leaf"),
  "\u0000\ud800\uffff", "2030-13-45T99:99:99Z", "not-a-date", [null], [{}], { __proto__: { polluted: true } },
  JSON.parse("{\"__proto__\": {\"polluted\": true}}"), "http://[::1", "../../etc/passwd", 2 ** 53 + 1, "NaN"
]

/** The paths to the values of a JSON document (the root included), down to 12 levels (a hostile value is deeper). */
const pathsOf = (value: unknown, at: ReadonlyArray<string | number> = [], out: Array<ReadonlyArray<string | number>> = []) => {
  out.push(at)
  if (at.length >= 12) return out
  if (Array.isArray(value)) value.forEach((item, i) => pathsOf(item, [...at, i], out))
  else if (typeof value === "object" && value !== null) for (const [k, v] of Object.entries(value)) pathsOf(v, [...at, k], out)
  return out
}

/** A document as a server would send it: JSON text (a document too deep for JSON.stringify, as the nesting it is). */
const toText = (doc: unknown): string => {
  try {
    return JSON.stringify(doc) ?? ""
  } catch {
    return `{"error": ${"[".repeat(20_000)}${"]".repeat(20_000)}}`
  }
}

/** `doc` (a JSON document) with the value at `path` replaced by `next`, or removed when `next` is `undefined`. */
const setAt = (doc: unknown, path: ReadonlyArray<string | number>, next: unknown): unknown => {
  if (path.length === 0) return next
  const [head, ...rest] = path
  if (Array.isArray(doc)) {
    const copy = [...doc]
    if (next === undefined && rest.length === 0) copy.splice(Number(head), 1)
    else copy[Number(head)] = setAt(copy[Number(head)], rest, next)
    return copy
  }
  const copy: Record<string, unknown> = { ...(doc as Record<string, unknown>) }
  if (next === undefined && rest.length === 0) delete copy[String(head)]
  else copy[String(head)] = setAt(copy[String(head)], rest, next)
  return copy
}

/** Applies the mutations the numbers choose to `doc`: each picks a path and what happens there. */
const mutate = (doc: unknown, choices: ReadonlyArray<number>): unknown => {
  let out = doc
  for (let i = 0; i + 1 < choices.length; i += 2) {
    const paths = pathsOf(out)
    const path = paths[Math.abs(choices[i] ?? 0) % paths.length] ?? []
    const pick = Math.abs(choices[i + 1] ?? 0) % (hostile.length + 2)
    out = setAt(out, path, pick === hostile.length ? undefined : pick === hostile.length + 1 ? String(choices[i + 1]) : hostile[pick])
  }
  return out
}

/** Mutation instructions: pairs of numbers (a path, a replacement), up to four mutations. */
const instructions = Arbitrary.schema(Schema.Array(Schema.Int).check(Schema.isMaxLength(8)))

/** Runs `decode` on `runs` mutations of `valid`: every outcome is a value or a typed failure. */
const fuzz = <A, E>(valid: unknown, decode: (input: unknown) => Effect.Effect<A, E>, after: (a: A) => Effect.Effect<unknown> = () => Effect.void) =>
  Effect.gen(function* () {
    let succeeded = 0
    let failed = 0
    const result = yield* Arbitrary.checkEffect(
      instructions,
      (choices) =>
        Effect.gen(function* () {
          const exit = yield* Effect.exit(Effect.flatMap(decode(mutate(valid, choices)), (a) => Effect.as(after(a), a)))
          if (Exit.isSuccess(exit)) succeeded++
          else if (Cause.hasFails(exit.cause) && !Cause.hasDies(exit.cause)) failed++
          return Exit.isSuccess(exit) || (Cause.hasFails(exit.cause) && !Cause.hasDies(exit.cause))
        }),
      { runs, seed: 20261206, maxShrinks: 0 }
    )
    const failure = Arbitrary.formatCheckFailure(result)
    if (failure !== undefined && process.env.FUZZ_DEBUG) console.log(failure)
    assert.strictEqual(failure, undefined)
    assert.strictEqual(succeeded + failed, runs)
    assert.isAbove(failed, 0, "some mutations are refused")
    return { succeeded, failed }
  })

const v3Token = () => {
  const token = new Fixtures.V3Token({ projectName: "demo", roles: ["member", "reader"], subjectToken: "gAAAA-fuzz" })
  token.addService("identity").addStandardEndpoints({ public: "https://keystone/v3", region: "r1" })
  token.addService("network").addStandardEndpoints({ public: "https://neutron:9696", region: "r1" })
  return token
}

/** What a decoded token must survive: printing, JSON, the catalog, and the token stores' serialisation. */
const useToken = (access: AccessInfo.AccessInfo) =>
  Effect.gen(function* () {
    String(access)
    JSON.stringify(access)
    void access.roleNames
    void access.serviceCatalog
    yield* Effect.ignore(encodeEntry(access, 0))
  })

describe("fuzzed bodies, fixed seed", () => {
  it.effect("AccessInfo.fromV3 (token bodies), and what a decoded token goes through", () =>
    fuzz(v3Token().body, (body) => AccessInfo.fromV3(body, "gAAAA-fuzz"), useToken))

  it.effect("AccessInfo.fromV2", () => {
    const token = new Fixtures.V2Token({ tenantName: "demo", tokenId: "v2-fuzz" })
    token.addService("compute").addEndpoint("public", "https://nova/v2.1", { region: "r1" })
    return fuzz(token.body, AccessInfo.fromV2, useToken)
  })

  it.effect("AccessInfo.fromStored (what a token store reads back)", () =>
    Effect.gen(function* () {
      const access = yield* AccessInfo.fromV3(v3Token().body, "gAAAA-fuzz")
      return yield* fuzz(AccessInfo.toStored(access), AccessInfo.fromStored, useToken)
    }))

  it.effect("Discovery.decodeDocument (version documents of every shape)", () =>
    Effect.gen(function* () {
      const v3 = Fixtures.v3Version({ url: "https://keystone/v3/" })
      yield* fuzz(Fixtures.versionList([v3]), (doc) => Discovery.decodeDocument(doc, "https://keystone/"))
      yield* fuzz(Fixtures.versionArray([Fixtures.versionEntry({ id: "v2.0", url: "https://neutron:9696/v2.0/" })]), (doc) =>
        Discovery.decodeDocument(doc))
      yield* fuzz(Fixtures.singleVersion(v3), (doc) => Discovery.decodeDocument(doc))
    }))

  it.effect("Errors.parseErrorBody and Errors.fromResponseInfo (error bodies, as text)", () =>
    fuzz(
      { error: { code: 404, message: "Could not find user: u1.", title: "Not Found" }, NeutronError: { message: "m", type: "t" } },
      // Always an error: built (and printed) without a defect.
      (doc) =>
        Effect.suspend(() => {
          const error = Errors.fromResponseInfo({ status: 404, method: "GET", url: "https://k/v3/users/u1", headers: {}, body: toText(doc) }, 0)
          JSON.stringify(error)
          return Effect.fail(error)
        })
    ))

  it.effect("Pagination (pages of a list, their next links)", () =>
    fuzz({ networks: [{ id: "n1" }], networks_links: [{ rel: "next", href: "https://neutron/v2.0/networks?marker=n1" }] }, (body) =>
      Effect.map(Pagination.itemsOf({ url: "https://neutron/v2.0/networks", body }, "networks"), (items) => [items, Pagination.nextLink(body, "networks")])))

  it.effect("resources' item decoders (a user, a network, a port)", () =>
    Effect.gen(function* () {
      yield* fuzz({ id: "u1", name: "demo", domain_id: "default", enabled: true, options: {}, password_expires_at: null }, Schema.decodeUnknownEffect(Resource.schemaOf(User)))
      yield* fuzz({ id: "n1", name: "net", status: "ACTIVE", admin_state_up: true, subnets: [], tags: [], shared: false, project_id: "p" }, Schema.decodeUnknownEffect(Resource.schemaOf(Network)))
      yield* fuzz({ id: "port1", network_id: "n1", mac_address: "fa:16:3e:00:00:01", fixed_ips: [{ subnet_id: "s", ip_address: "10.0.0.3" }], admin_state_up: true, status: "DOWN", device_id: "", device_owner: "" }, Schema.decodeUnknownEffect(Resource.schemaOf(Port)))
    }))

  it.effect("CloudConfig.fromObject (clouds.yaml documents)", () =>
    fuzz(
      { clouds: { mycloud: { auth: { auth_url: "https://keystone/v3", username: "demo", password: "pw", project_name: "demo", user_domain_name: "Default", project_domain_name: "Default" }, region_name: "r1", interface: "public" } } },
      (clouds) => CloudConfig.fromObject({ clouds, env: {} }, { cloud: "mycloud" }),
      (cloud) => Effect.sync(() => String(cloud))
    ))
})
