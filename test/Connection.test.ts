import { assert, describe, it } from "@effect/vitest"
import { Duration, Effect, Layer, Redacted } from "effect"
import { Auth, CloudConfig, Connection, Identity, Network, Session } from "effect-openstack"
import { MockHttp } from "effect-openstack/testing"
import { authUrl, fakeKeystone, type Seen } from "./support/fakeKeystone.ts"

const password = Redacted.make("pw")
const auth = Auth.v3Password({ authUrl, username: "demo", password, projectName: "demo", userDomainId: "default", projectDomainId: "default" })

/** Keystone's project list, and `{"ok": true}` from every other service. */
const route = (seen: Seen): MockHttp.Reply | undefined => {
  const url = new URL(seen.url)
  if (url.pathname === "/v3/projects") return MockHttp.json(200, {
    projects: [{ id: "p1", name: "demo", domain_id: "default", enabled: true, is_domain: false, parent_id: "default" }]
  })
  return /^\/(v3\/?)?$/.test(url.pathname) ? undefined : MockHttp.json(200, { ok: true })
}

/** Runs `body` on a connection made with `options` over the fake Keystone. */
const withConnection = <A, E>(
  options: Omit<Connection.ConnectionOptions, "auth" | "transport"> & Partial<Pick<Connection.ConnectionOptions, "auth">>,
  body: (conn: Connection.ConnectionShape, seen: ReadonlyArray<Seen>) => Effect.Effect<A, E>
) => {
  const keystone = fakeKeystone({ route })
  return Connection.Connection.use((conn) => body(conn, keystone.seen)).pipe(
    Effect.provide(Connection.layer({ auth, ...options, transport: keystone.layer }))
  )
}
/** The requests that are neither authentication nor version discovery. */
const others = (seen: ReadonlyArray<Seen>) =>
  seen.filter((s) => !s.url.endsWith("/auth/tokens") && !/^\/(v3\/?)?$/.test(new URL(s.url).pathname))

describe("Connection.layer", () => {
  it.effect("authorize: one authentication, the token Redacted; identity lists on it", () =>
    withConnection({}, (conn, seen) =>
      Effect.gen(function* () {
        const token = yield* conn.authorize()
        assert.isTrue(Redacted.isRedacted(token))
        assert.strictEqual(Redacted.value(token), "token-1")
        const projects = yield* conn.identity.projects.list()
        assert.deepStrictEqual(projects.map((p) => p.name), ["demo"])
        assert.strictEqual(seen.filter((s) => s.url.endsWith("/auth/tokens")).length, 1)
        const list = others(seen)
        assert.deepStrictEqual(list.map((s) => s.url), ["http://keystone.test:5000/v3/projects"])
        assert.strictEqual(list[0]?.headers["x-auth-token"], "token-1")
      })))

  it.effect("the layer also provides Session and Identity, the same ones the Connection holds", () => {
    const keystone = fakeKeystone({ route })
    return Effect.gen(function* () {
      const conn = yield* Connection.Connection
      assert.strictEqual(yield* Session.Session, conn.session)
      assert.strictEqual(yield* Identity.Identity, conn.identity)
    }).pipe(Effect.provide(Connection.layer({ auth, transport: keystone.layer })))
  })

  it.effect("region and interface apply to every service; a service's own settings win", () =>
    withConnection(
      {
        regionName: "RegionTwo",
        services: {
          identity: { interface: "internal", regionName: "RegionOne" },
          compute: { endpointOverride: "http://nova.override/v2.1/{project_id}" }
        }
      },
      (conn, seen) =>
        Effect.gen(function* () {
          yield* conn.adapterFor("network").get("/v2.0/networks")
          yield* conn.adapterFor("compute").get("/servers")
          yield* conn.adapterFor("identity").get("/users")
          assert.deepStrictEqual(others(seen).map((s) => s.url), [
            "http://neutron.two:9696/v2.0/networks",
            "http://nova.override/v2.1/project-1/servers",
            "http://keystone.internal:5000/v3/users"
          ])
        })))

  it.effect("service settings are found by alias and by clouds.yaml's underscore spelling", () =>
    withConnection(
      { services: { volumev3: { endpointOverride: "http://cinder.test/v3" }, object_store: { endpointOverride: "http://swift.test" } } },
      (conn, seen) =>
        Effect.gen(function* () {
          yield* conn.adapterFor("block-storage").get("/volumes")
          yield* conn.adapterFor("object-store").get("/info")
          assert.deepStrictEqual(others(seen).map((s) => s.url), ["http://cinder.test/v3/volumes", "http://swift.test/info"])
        })))

  it.effect("a service the catalog lacks: EndpointNotFound naming it, and nothing is sent to it", () =>
    withConnection({}, (conn, seen) =>
      Effect.gen(function* () {
        const error = yield* Effect.flip(conn.adapterFor("object-store").get("/info"))
        assert.strictEqual(error._tag, "EndpointNotFound")
        assert.include(error.message, "object-store")
        assert.deepStrictEqual(others(seen), [])
      })))

  it.effect("a region the catalog lacks: EndpointNotFound naming the region", () =>
    withConnection({ regionName: "Atlantis" }, (conn) =>
      Effect.gen(function* () {
        const error = yield* Effect.flip(conn.adapterFor("compute").get("/servers"))
        assert.strictEqual(error._tag, "EndpointNotFound")
        assert.include(error.message, "Atlantis")
      })))

  it.effect("authorize with a plugin that has no token: AuthorizationFailure", () =>
    withConnection({ auth: Auth.noAuth({ endpoint: "http://keystone.test:5000/v3" }) }, (conn, seen) =>
      Effect.gen(function* () {
        const error = yield* Effect.flip(conn.authorize())
        assert.strictEqual(error._tag, "AuthorizationFailure")
        assert.include(error.message, "the noauth auth plugin gives no token")
        assert.deepStrictEqual(seen, [])
      })))

  it.effect("missing auth options fail the layer with AuthPluginOptionsMissing, before any request", () => {
    const keystone = fakeKeystone({ route })
    return Effect.gen(function* () {
      const error = yield* Effect.flip(
        Effect.provide(Effect.service(Connection.Connection), Connection.layer({
          auth: Auth.v3Password({ authUrl, username: "demo" }),
          transport: keystone.layer
        }))
      )
      assert.strictEqual(error._tag, "AuthPluginOptionsMissing")
      assert.include(error.message, "password")
      assert.deepStrictEqual(keystone.seen, [])
    })
  })

  it.effect("two programs on one memory token store authenticate once", () => {
    const keystone = fakeKeystone({ route })
    const layer = Connection.layer({ auth, transport: keystone.layer })
    return Effect.gen(function* () {
      const ids = yield* Effect.all(
        [1, 2, 3].map(() => Connection.Connection.use((conn) => conn.identity.projects.list())),
        { concurrency: "unbounded" }
      )
      assert.strictEqual(ids.length, 3)
      assert.strictEqual(keystone.tokenRequests(), 1)
    }).pipe(Effect.provide(layer))
  })
})

describe("Connection.optionsFromCloud", () => {
  it.effect("a resolved cloud: its plugin, region, interface, per-service settings and TLS", () =>
    Effect.gen(function* () {
      const cloud = yield* CloudConfig.fromObject({
        clouds: {
          clouds: {
            dev: {
              auth: { auth_url: authUrl, username: "demo", password: "pw", project_name: "demo", user_domain_id: "default", project_domain_id: "default" },
              region_name: "RegionTwo",
              interface: "internal",
              block_storage_endpoint_override: "http://cinder.test/v3",
              api_timeout: 7.5,
              insecure: true
            }
          }
        }
      })
      const options = Connection.optionsFromCloud(cloud, { userAgent: "my-app/1.0" })
      assert.strictEqual(options.regionName, "RegionTwo")
      assert.strictEqual(options.interface, "internal")
      assert.deepStrictEqual(options.services?.["block-storage"], { endpointOverride: "http://cinder.test/v3" })
      assert.strictEqual(options.tls?.verify, false)
      assert.strictEqual(options.userAgent, "my-app/1.0")
      assert.deepStrictEqual(options.session, { timeout: Duration.seconds(7.5) })
      const plugin = Effect.isEffect(options.auth) ? yield* options.auth : options.auth
      assert.strictEqual(plugin.name, "password")
    }))

  it.effect("fromConfig over a resolved cloud sends with the cloud's settings (password from the cloud, Redacted)", () => {
    const keystone = fakeKeystone({ route })
    return Effect.gen(function* () {
      const cloud = yield* CloudConfig.fromObject({
        clouds: {
          clouds: {
            dev: {
              auth: { auth_url: authUrl, username: "demo", password: "pw", project_name: "demo", user_domain_id: "default", project_domain_id: "default" },
              region_name: "RegionTwo"
            }
          }
        }
      })
      assert.isTrue(Redacted.isRedacted(cloud.auth.password))
      const layer = Connection.layer(Connection.optionsFromCloud(cloud, { transport: keystone.layer }))
      yield* Effect.provide(Connection.Connection.use((conn) => conn.adapterFor("network").get("/v2.0/networks")), layer)
      const sent = keystone.seen.find((s) => s.url.endsWith("/auth/tokens"))
      assert.deepStrictEqual(sent?.body, {
        auth: {
          identity: {
            methods: ["password"],
            password: { user: { name: "demo", password: "pw", domain: { id: "default" } } }
          },
          scope: { project: { name: "demo", domain: { id: "default" } } }
        }
      })
      assert.deepStrictEqual(others(keystone.seen).map((s) => s.url), ["http://neutron.two:9696/v2.0/networks"])
    })
  })
})

describe("Connection: the network service", () => {
  const neutron = (seen: Seen): MockHttp.Reply | undefined => {
    const url = new URL(seen.url)
    if (url.host !== "neutron.test:9696") return route(seen)
    if (url.pathname === "/") {
      return MockHttp.json(200, { versions: [{ id: "v2.0", status: "CURRENT", links: [{ rel: "self", href: "http://neutron.test:9696/v2.0/" }] }] })
    }
    if (url.pathname === "/v2.0/networks") {
      return MockHttp.json(200, {
        networks: [{ id: "n1", name: "jenkins", admin_state_up: true, status: "ACTIVE", subnets: [], shared: false, project_id: "project-1", mtu: 1450, "router:external": false }]
      })
    }
    return MockHttp.json(404, { NeutronError: { type: "NetworkNotFound", message: "Network x could not be found.", detail: "" } })
  }

  it.effect("conn.network lists on the catalog's network endpoint, v2.0 discovered there; the clients are services too", () => {
    const keystone = fakeKeystone({ route: neutron })
    return Effect.gen(function* () {
      const conn = yield* Connection.Connection
      const networks = yield* conn.network.networks.list({ name: "jenkins" })
      assert.deepStrictEqual(networks.map((n) => [n.id, n.name, n.routerExternal, n.mtu]), [["n1", "jenkins", false, 1450]])
      assert.deepStrictEqual(keystone.seen.filter((s) => s.url.startsWith("http://neutron.test")).map((s) => s.url), [
        "http://neutron.test:9696/",
        "http://neutron.test:9696/v2.0/networks?name=jenkins"
      ])
      assert.strictEqual(yield* Network.Network, conn.network)
      assert.strictEqual(yield* Network.Networks.Networks, conn.network.networks)
      assert.strictEqual(yield* Identity.Projects.Projects, conn.identity.projects)
      const missing = yield* Effect.flip(conn.network.networks.get("x"))
      assert.strictEqual(missing._tag, "NotFound")
      assert.include(missing.message, "Network x could not be found.")
    }).pipe(Effect.provide(Connection.layer({ auth, transport: keystone.layer })))
  })

  it.effect("a service the catalog lacks fails with EndpointNotFound when used, not when connecting", () =>
    withConnection({ services: { network: { regionName: "RegionThree" } } }, (conn, seen) =>
      Effect.gen(function* () {
        const failure = yield* Effect.flip(conn.network.networks.list())
        assert.strictEqual(failure._tag, "EndpointNotFound")
        assert.include(failure.message, "network")
        assert.include(failure.message, "RegionThree")
        assert.deepStrictEqual(others(seen), [])
      })))

  it.effect("Layer.mock of one resource client: a program that asks for it gets the mock, the rest stay real", () => {
    const keystone = fakeKeystone({ route: neutron })
    const program = Effect.gen(function* () {
      const networks = yield* Network.Networks.Networks
      const projects = yield* Identity.Projects.Projects
      return [(yield* networks.find("jenkins")).id, (yield* projects.list()).map((p) => p.name)] as const
    })
    const mocked = Layer.mock(Network.Networks.Networks, {
      find: (nameOrId) => Effect.succeed({ id: `mock-${nameOrId}` } as Network.Networks.Network)
    })
    return Effect.map(
      program.pipe(Effect.provide(mocked), Effect.provide(Connection.layer({ auth, transport: keystone.layer }))),
      (result) => assert.deepStrictEqual(result, ["mock-jenkins", ["demo"]])
    )
  })
})
