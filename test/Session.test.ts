import { readFileSync } from "node:fs"
import { inspect } from "node:util"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Option, Redacted, Tracer } from "effect"
import { HttpBody } from "effect/http"
import { Adapter, Auth, type AuthPlugin, Discovery, Errors, Session, version } from "effect-openstack"
import { MockHttp } from "effect-openstack/testing"
import { authUrl, fakeKeystone, type Seen } from "./support/fakeKeystone.ts"
import { recordingTracer } from "./support/recordingTracer.ts"

const password = Redacted.make("pw")
const demoPlugin = Auth.v3Password({ authUrl, userId: "demo-user", password, projectId: "project-1" })

/** A session on the fake Keystone (every other route answers 200 `{"ok": true}` unless `route` says otherwise). */
const withSession = <A, E>(
  body: (session: Session.SessionShape, seen: ReadonlyArray<Seen>) => Effect.Effect<A, E>,
  options: Session.SessionOptions & { readonly route?: (seen: Seen) => MockHttp.Reply | undefined, readonly noAuth?: boolean } = {}
) => {
  const keystone = fakeKeystone({ route: options.route ?? (() => MockHttp.json(200, { ok: true })) })
  return Effect.gen(function* () {
    const auth = options.noAuth === true ? undefined : options.auth ?? (yield* demoPlugin)
    const session = yield* Session.make({ ...options, auth })
    return yield* body(session, keystone.seen)
  }).pipe(Effect.provide(keystone.layer))
}
const nonToken = (seen: ReadonlyArray<Seen>) => seen.filter((s) => !s.url.endsWith("/auth/tokens"))

describe("URLs", () => {
  it.effect("endpointFilter: the catalog's endpoint + the path", () =>
    withSession((session, seen) =>
      Effect.gen(function* () {
        yield* session.get("/servers/detail", { endpointFilter: { serviceType: "compute", interface: "public" } })
        yield* session.get("v2.0/networks", { endpointFilter: { serviceType: "network", regionName: "RegionTwo" } })
        yield* session.get("/users", { endpointFilter: { serviceType: "identity", interface: "internal" } })
        assert.deepStrictEqual(nonToken(seen).map((s) => s.url), [
          "http://nova.test/v2.1/servers/detail",
          "http://neutron.two:9696/v2.0/networks",
          "http://keystone.internal:5000/v3/users"
        ])
      })))

  it.effect("endpointOverride, with {project_id} and %(project_id)s", () =>
    withSession((session, seen) =>
      Effect.gen(function* () {
        yield* session.get("/volumes", { endpointOverride: "http://cinder.test/v3/{project_id}" })
        yield* session.get("/volumes", { endpointOverride: "http://cinder.test/v3/%(project_id)s/" })
        yield* session.get("/x", { endpointOverride: "http://plain.test", endpointFilter: { serviceType: "compute" } })
        assert.deepStrictEqual(nonToken(seen).map((s) => s.url), [
          "http://cinder.test/v3/project-1/volumes",
          "http://cinder.test/v3/project-1/volumes",
          "http://plain.test/x"
        ])
      })))

  it.effect("a relative path without a filter or an override: ValidationError, and nothing is sent", () =>
    withSession((session, seen) =>
      Effect.gen(function* () {
        const error = yield* Effect.flip(session.get("/v3/users"))
        assert.strictEqual(error._tag, "ValidationError")
        assert.include(error.message, '"/v3/users" is a relative path')
        assert.strictEqual(seen.length, 0)
      })))

  it.effect("a service the catalog lacks: EndpointNotFound naming what was looked for", () =>
    withSession((session) =>
      Effect.gen(function* () {
        const error = yield* Effect.flip(session.get("/zones", { endpointFilter: { serviceType: "dns" } }))
        assert.strictEqual(error._tag, "EndpointNotFound")
        assert.include(error.message, 'serviceType "dns"')
      })))

  it.effect("a version the catalog URL names is used as it is; another requirement is discovered at the endpoint", () =>
    withSession(
      (session, seen) =>
        Effect.gen(function* () {
          // keystoneauth1's get_endpoint: the catalog's /v3 is an exact match for "3", no document is fetched.
          assert.strictEqual(yield* session.getEndpoint({ serviceType: "identity", version: "3" }), "http://keystone.test:5000/v3")
          yield* session.get("/users", { endpointFilter: { serviceType: "identity", version: [3, 0] } })
          assert.deepStrictEqual(nonToken(seen).map((s) => s.url), ["http://keystone.test:5000/v3/users"])
          // A lower bound alone is no exact match: the document at the catalog URL says where v3 is.
          assert.strictEqual(
            yield* session.getEndpoint({ serviceType: "identity", minVersion: "3.0" }),
            "http://keystone.test:5000/v3/"
          )
          assert.deepStrictEqual(nonToken(seen).map((s) => s.url).slice(1), ["http://keystone.test:5000/v3/"])
          const error = yield* Effect.flip(session.getEndpoint({ serviceType: "identity", version: "4" }))
          assert.strictEqual(error._tag, "VersionNotAvailable")
        }),
      {
        route: (s) =>
          s.url === "http://keystone.test:5000/v3/"
            ? MockHttp.json(200, { version: { id: "v3.14", status: "stable", links: [{ rel: "self", href: "http://keystone.test:5000/v3/" }] } })
            : MockHttp.json(200, {})
      }
    ))
})

describe("the Discovery service of the context", () => {
  it.effect("a session takes the Discovery given to it (its cache shared with the app) instead of its own", () =>
    Effect.gen(function* () {
      const asked: Array<string> = []
      const given = Discovery.Discovery.of({
        versions: (url) => Effect.fail(new Errors.DiscoveryFailure({ message: `given: ${url}` })),
        endpointFor: (url) =>
          Effect.suspend(() => {
            asked.push(url)
            return Effect.fail(new Errors.DiscoveryFailure({ message: "the given Discovery answered" }))
          }),
        invalidate: () => Effect.void
      })
      yield* withSession((session, seen) =>
        Effect.gen(function* () {
          // The given Discovery has no document: the catalog URL is kept (keystoneauth1's fallback).
          const url = yield* session.getEndpoint({ serviceType: "identity", minVersion: "3.0" })
          assert.strictEqual(url, "http://keystone.test:5000/v3")
          assert.deepStrictEqual(asked, ["http://keystone.test:5000/v3/", "http://keystone.test:5000/"])
          assert.strictEqual(nonToken(seen).length, 0, "the session's own discovery fetched nothing")
        })).pipe(Effect.provideService(Discovery.Discovery, given))
    }))
})

describe("authentication", () => {
  it.effect("authenticated unset: a token when there is a plugin; false: none; true without a plugin: MissingAuthPlugin", () =>
    Effect.gen(function* () {
      yield* withSession((session, seen) =>
        Effect.gen(function* () {
          yield* session.get("http://api.test/a")
          yield* session.get("http://api.test/b", { authenticated: false })
          const [a, b] = nonToken(seen)
          assert.strictEqual(a?.headers["x-auth-token"], "token-1")
          assert.isUndefined(b?.headers["x-auth-token"])
        }))
      yield* withSession(
        (session, seen) =>
          Effect.gen(function* () {
            yield* session.get("http://api.test/open")
            assert.isUndefined(seen[0]?.headers["x-auth-token"])
            const error = yield* Effect.flip(session.get("http://api.test/closed", { authenticated: true }))
            assert.strictEqual(error._tag, "MissingAuthPlugin")
            const endpoint = yield* Effect.flip(session.get("/servers", { endpointFilter: { serviceType: "compute" } }))
            assert.strictEqual(endpoint._tag, "MissingAuthPlugin")
            assert.strictEqual(seen.length, 1)
          }),
        { noAuth: true }
      )
    }))

  it.effect("a per-request auth plugin overrides the session's", () =>
    withSession((session, seen) =>
      Effect.gen(function* () {
        const other = yield* Auth.v3Password({ authUrl, userId: "other-user", password, projectId: "project-1" })
        yield* session.get("http://api.test/mine")
        yield* session.get("http://api.test/theirs", { auth: other })
        const tokens = seen.filter((s) => s.url.endsWith("/auth/tokens")).map((s) => (s.body as { auth: { identity: { password: { user: { id: string } } } } }).auth.identity.password.user.id)
        assert.deepStrictEqual(tokens, ["demo-user", "other-user"])
        assert.deepStrictEqual(nonToken(seen).map((s) => s.headers["x-auth-token"]), ["token-1", "token-2"])
        assert.strictEqual(yield* session.getUserId(other), "other-user")
        assert.strictEqual(yield* session.getUserId(), "demo-user")
      })))

  it.effect("a plugin wrapping another's getHeaders is asked on every request; an authentication is a child span of its request", () => {
    const { tracer, spans } = recordingTracer()
    return Effect.gen(function* () {
      const inner = yield* demoPlugin
      let asked = 0
      // A wrapper that adds a header: the inner plugin's shortcut for held tokens must not bypass it.
      const auth: AuthPlugin.AuthPlugin = {
        ...inner,
        getHeaders: Effect.map(Effect.sync(() => asked++), () => ({ "x-service-token": Redacted.make("service") })).pipe(
          Effect.flatMap((extra) => Effect.map(inner.getHeaders, (headers) => ({ ...headers, ...extra })))
        )
      }
      yield* withSession((session, seen) =>
        Effect.gen(function* () {
          yield* session.get("http://api.test/first")
          yield* session.get("http://api.test/second")
          yield* session.get("third", { endpointOverride: "http://api.test/{project_id}" })
          assert.deepStrictEqual(nonToken(seen).map((s) => [s.url, s.headers["x-auth-token"], s.headers["x-service-token"]]), [
            ["http://api.test/first", "token-1", "service"],
            ["http://api.test/second", "token-1", "service"],
            ["http://api.test/project-1/third", "token-1", "service"]
          ])
        }), { auth })
      assert.strictEqual(asked, 3)
      const [first, authenticate, second, third] = spans
      assert.deepStrictEqual(spans.map((s) => s.name), ["Session.request", "AuthPlugin.authenticate", "Session.request", "Session.request"])
      assert.strictEqual(Option.getOrUndefined(authenticate?.parent ?? Option.none())?.spanId, first?.spanId)
      assert.strictEqual(second?.parent._tag, "None")
      assert.strictEqual(third?.attributes.get("url.full"), "http://api.test/project-1/third")
    }).pipe(Effect.provideService(Tracer.Tracer, tracer))
  })

  it.effect("the answer names the request without the plugin's headers: printed, it shows no token", () =>
    withSession((session, seen) =>
      Effect.gen(function* () {
        const response = yield* session.get("http://api.test/x")
        assert.strictEqual(nonToken(seen)[0]?.headers["x-auth-token"], "token-1")
        assert.isUndefined(response.request.headers["x-auth-token"])
        assert.strictEqual(response.request.url, "http://api.test/x")
        assert.strictEqual(response.status, 200)
        assert.deepStrictEqual(yield* response.json, { ok: true })
        for (const printed of [JSON.stringify(response), String(response), inspect(response, { depth: 10 })]) {
          assert.notInclude(printed, "token-1")
        }
      })))

  it.effect("a plugin that changes its headers object in place after a 401: the retry sends the new token", () =>
    Effect.gen(function* () {
      const inner = yield* demoPlugin
      const headers: Record<string, Redacted.Redacted<string>> = { "x-auth-token": Redacted.make("old") }
      const auth: AuthPlugin.AuthPlugin = {
        ...inner,
        getHeaders: Effect.sync(() => headers),
        invalidate: () =>
          Effect.sync(() => {
            headers["x-auth-token"] = Redacted.make("new")
            return true
          })
      }
      const route = (seen: Seen) => (seen.headers["x-auth-token"] === "new" ? MockHttp.json(200, { ok: true }) : MockHttp.json(401, {}))
      yield* withSession((session, seen) =>
        Effect.gen(function* () {
          const response = yield* session.get("http://api.test/x")
          assert.strictEqual(response.status, 200)
          assert.deepStrictEqual(seen.map((s) => s.headers["x-auth-token"]), ["old", "new"])
        }), { auth, route })
    }))

  it.effect("getToken, getAuthHeaders, getProjectId, invalidate", () =>
    withSession((session, seen) =>
      Effect.gen(function* () {
        const token = yield* session.getToken()
        assert.isTrue(Redacted.isRedacted(token))
        assert.strictEqual(Redacted.value(yield* session.authorize()), "token-1")
        assert.deepStrictEqual(yield* session.getAuthHeaders(), { "x-auth-token": "token-1" })
        assert.strictEqual(yield* session.getProjectId(), "project-1")
        assert.isTrue(yield* session.invalidate())
        assert.strictEqual(Redacted.value(yield* session.authorize()), "token-2")
        assert.strictEqual(seen.length, 2)
      })))
})

describe("headers and bodies", () => {
  it.effect("User-Agent, Forwarded, global request id, JSON, custom headers, query", () =>
    withSession(
      (session, seen) =>
        Effect.gen(function* () {
          yield* session.post("http://api.test/things", {
            json: { thing: { name: "x" } },
            headers: { "x-custom": "1" },
            urlParams: { limit: "2" }
          })
          const sent = nonToken(seen)[0]
          assert.strictEqual(sent?.url, "http://api.test/things?limit=2")
          assert.strictEqual(sent?.method, "POST")
          assert.deepStrictEqual(sent?.body, { thing: { name: "x" } })
          assert.strictEqual(sent?.headers["content-type"], "application/json")
          assert.strictEqual(sent?.headers.accept, "application/json")
          assert.strictEqual(sent?.headers["x-custom"], "1")
          assert.strictEqual(sent?.headers["user-agent"], `my-app/1.2 effect-openstack/${version} node/${process.versions.node}`)
          assert.strictEqual(sent?.headers.forwarded, "for=203.0.113.7;by=effect-openstack")
          assert.strictEqual(sent?.headers["x-openstack-request-id"], "req-global-1")
          yield* session.get("http://api.test/again", { userAgent: "other/9", globalRequestId: "req-global-2" })
          assert.strictEqual(nonToken(seen)[1]?.headers["user-agent"]?.startsWith("other/9 effect-openstack/"), true)
          assert.strictEqual(nonToken(seen)[1]?.headers["x-openstack-request-id"], "req-global-2")
          // The authentication went through the session too, with its headers (as keystoneauth1 sends them).
          const authentication = seen.find((s) => s.url.endsWith("/auth/tokens"))
          assert.strictEqual(authentication?.headers["user-agent"], `my-app/1.2 effect-openstack/${version} node/${process.versions.node}`)
          assert.strictEqual(authentication?.headers.forwarded, "for=203.0.113.7;by=effect-openstack")
        }),
      { userAgent: "my-app/1.2", originalIp: "203.0.113.7", globalRequestId: "req-global-1" }
    ))

  it.effect("microversions per service type, and per request; block storage says volume", () =>
    withSession(
      (session, seen) =>
        Effect.gen(function* () {
          yield* session.get("/servers", { endpointFilter: { serviceType: "compute" } })
          yield* session.get("/servers", { endpointFilter: { serviceType: "compute" }, microversion: "2.1" })
          yield* session.get("/v2.0/networks", { endpointFilter: { serviceType: "network" } })
          const [a, b, c] = nonToken(seen)
          assert.strictEqual(a?.headers["openstack-api-version"], "compute 2.79")
          assert.strictEqual(a?.headers["x-openstack-nova-api-version"], "2.79")
          assert.strictEqual(b?.headers["openstack-api-version"], "compute 2.1")
          assert.isUndefined(c?.headers["openstack-api-version"])
          assert.deepStrictEqual(Session.microversionHeaders("volumev3", "3.60"), { "openstack-api-version": "volume 3.60" })
          assert.deepStrictEqual(Session.microversionHeaders("baremetal", "1.80"), {
            "openstack-api-version": "baremetal 1.80",
            "x-openstack-ironic-api-version": "1.80"
          })
        }),
      { microversions: { compute: "2.79" } }
    ))

  it.effect("raiseExc: a 404 fails with NotFound; with raiseExc false the response comes back", () =>
    withSession(
      (session) =>
        Effect.gen(function* () {
          const error = yield* Effect.flip(session.get("http://api.test/missing"))
          assert.strictEqual(error._tag, "NotFound")
          assert.include(error.message, "GET http://api.test/missing returned HTTP 404: gone")
          const response = yield* session.get("http://api.test/missing", { raiseExc: false })
          assert.strictEqual(response.status, 404)
          assert.deepStrictEqual(yield* response.json, { error: { message: "gone" } })
        }),
      { route: () => MockHttp.json(404, { error: { message: "gone" } }) }
    ))

  it.effect("a raw body", () =>
    withSession((session, seen) =>
      Effect.gen(function* () {
        yield* session.put("http://api.test/object", { body: HttpBody.text("plain words", "text/plain") })
        assert.strictEqual(nonToken(seen)[0]?.headers["content-type"], "text/plain")
      })))

  it("the version in the User-Agent is package.json's", () => {
    const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string }
    assert.strictEqual(version, pkg.version)
  })
})

describe("Adapter", () => {
  it.effect("defaults a service's filter, microversion and user agent; a request overrides them", () =>
    withSession((session, seen) =>
      Effect.gen(function* () {
        const compute = Adapter.make(session, { serviceType: "compute", interface: "public", microversion: "2.53", userAgent: "nova-tool/1" })
        yield* compute.get("/flavors")
        yield* compute.get("/flavors", { microversion: "2.60" })
        const [a, b] = nonToken(seen)
        assert.strictEqual(a?.url, "http://nova.test/v2.1/flavors")
        assert.strictEqual(a?.headers["openstack-api-version"], "compute 2.53")
        assert.isTrue(a?.headers["user-agent"]?.startsWith("nova-tool/1 "))
        assert.strictEqual(b?.headers["openstack-api-version"], "compute 2.60")
        const network = Adapter.make(session, { serviceType: "network", regionName: "RegionTwo" })
        assert.strictEqual(yield* network.getEndpoint(), "http://neutron.two:9696")
        assert.strictEqual(yield* network.getEndpoint({ regionName: "RegionOne" }), "http://neutron.test:9696")
      })))

  it.effect("legacyJson: the response and its decoded body", () =>
    withSession(
      (session) =>
        Effect.gen(function* () {
          const identity = Adapter.make(session, { serviceType: "identity" })
          const { response, body } = yield* identity.legacyJson.get("/projects")
          assert.strictEqual(response.status, 200)
          assert.deepStrictEqual(body, { projects: [{ id: "p1" }] })
          const empty = yield* identity.legacyJson.delete("/projects/p1")
          assert.isUndefined(empty.body)
        }),
      { route: (s) => (s.method === "DELETE" ? { status: 204 } : MockHttp.json(200, { projects: [{ id: "p1" }] })) }
    ))
})
