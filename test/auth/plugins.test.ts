import { assert, describe, it } from "@effect/vitest"
import { Effect, Redacted } from "effect"
import { Auth, AuthPlugin } from "effect-openstack"
import { MockHttp } from "effect-openstack/testing"
import { authUrl, fakeKeystone, rootUrl } from "../support/fakeKeystone.ts"

const secret = (value: string) => Redacted.make(value)
type Auth3 = { auth: { identity: Record<string, unknown> & { methods: Array<string> }, scope?: unknown } }

/** Authenticates once with the plugin and returns what was sent to Keystone. */
const sent = <E>(make: Effect.Effect<AuthPlugin.AuthPlugin, E>, options: Parameters<typeof fakeKeystone>[0] = {}) => {
  const keystone = fakeKeystone(options)
  return Effect.gen(function* () {
    const plugin = yield* make
    yield* plugin.getAccess
    return keystone.seen
  }).pipe(Effect.provide(keystone.layer))
}
const lastBody = (seen: ReadonlyArray<{ body: unknown }>) => seen.at(-1)?.body as Auth3

describe("v3 request bodies", () => {
  it.effect("password by user id, scoped to a project id", () =>
    Effect.gen(function* () {
      const seen = yield* sent(Auth.v3Password({ authUrl, userId: "u1", password: secret("pw"), projectId: "p1" }))
      assert.strictEqual(seen[0]?.url, `${authUrl}/auth/tokens`)
      assert.deepStrictEqual(lastBody(seen), {
        auth: {
          identity: { methods: ["password"], password: { user: { id: "u1", password: "pw" } } },
          scope: { project: { id: "p1" } }
        }
      })
    }))

  it.effect("password by name + domain name, scoped to a project by name + domain id", () =>
    Effect.gen(function* () {
      const seen = yield* sent(
        Auth.v3Password({
          authUrl: "http://keystone.test:5000", // unversioned: /v3 is appended
          username: "demo",
          userDomainName: "Default",
          password: secret("pw"),
          projectName: "demo",
          projectDomainId: "default"
        })
      )
      assert.strictEqual(seen[0]?.url, "http://keystone.test:5000/v3/auth/tokens")
      assert.deepStrictEqual(lastBody(seen).auth, {
        identity: { methods: ["password"], password: { user: { name: "demo", domain: { name: "Default" }, password: "pw" } } },
        scope: { project: { name: "demo", domain: { id: "default" } } }
      })
    }))

  it.effect.each([
    [{ domainId: "d1" }, { domain: { id: "d1" } }],
    [{ domainName: "acme" }, { domain: { name: "acme" } }],
    [{ systemScope: "all" as const }, { system: { all: true } }],
    [{ trustId: "t1" }, { "OS-TRUST:trust": { id: "t1" } }],
    [{ unscoped: true }, "unscoped"],
    [{}, undefined]
  ] as const)("scope %j", ([scope, expected]) =>
    Effect.gen(function* () {
      const seen = yield* sent(Auth.v3Password({ authUrl, userId: "u1", password: secret("pw"), ...scope }))
      assert.deepStrictEqual(lastBody(seen).auth.scope, expected)
    }))

  it.effect("token", () =>
    Effect.gen(function* () {
      const seen = yield* sent(Auth.v3Token({ authUrl, token: secret("old-token"), projectId: "p2" }))
      assert.deepStrictEqual(lastBody(seen).auth, {
        identity: { methods: ["token"], token: { id: "old-token" } },
        scope: { project: { id: "p2" } }
      })
    }))

  it.effect("application credential by id, and by name + user", () =>
    Effect.gen(function* () {
      const byId = yield* sent(Auth.v3ApplicationCredential({ authUrl, applicationCredentialId: "ac1", applicationCredentialSecret: secret("s") }))
      assert.deepStrictEqual(lastBody(byId).auth, {
        identity: { methods: ["application_credential"], application_credential: { id: "ac1", secret: "s" } }
      })
      const byName = yield* sent(
        Auth.v3ApplicationCredential({
          authUrl,
          applicationCredentialName: "mine",
          username: "demo",
          userDomainId: "default",
          applicationCredentialSecret: secret("s")
        })
      )
      assert.deepStrictEqual(lastBody(byName).auth.identity.application_credential, {
        name: "mine",
        user: { name: "demo", domain: { id: "default" } },
        secret: "s"
      })
    }))

  it.effect("TOTP, and password + TOTP in one request", () =>
    Effect.gen(function* () {
      const totp = yield* sent(Auth.v3Totp({ authUrl, userId: "u1", passcode: secret("123456") }))
      assert.deepStrictEqual(lastBody(totp).auth.identity, { methods: ["totp"], totp: { user: { id: "u1", passcode: "123456" } } })
      const both = yield* sent(
        Auth.v3MultiFactor({
          authUrl,
          methods: [
            Auth.passwordMethod({ userId: "u1", password: secret("pw") }),
            Auth.totpMethod({ userId: "u1", passcode: secret("654321") })
          ],
          projectId: "p1"
        })
      )
      assert.deepStrictEqual(lastBody(both).auth.identity.methods, ["password", "totp"])
      assert.deepStrictEqual(lastBody(both).auth.identity.totp, { user: { id: "u1", passcode: "654321" } })
    }))
})

describe("multi-factor receipts", () => {
  const receiptReply = MockHttp.json(
    401,
    {
      receipt: { methods: ["password"], expires_at: "2030-01-01T00:05:00.000000Z", user: { id: "u1" } },
      required_auth_methods: [["password", "totp"]]
    },
    { "openstack-auth-receipt": "the-receipt", "x-openstack-request-id": "req-r" }
  )

  it.effect("a 401 with a receipt fails with MissingAuthMethods; continuing sends the receipt and the missing method", () => {
    const keystone = fakeKeystone({ override: (n) => (n === 1 ? receiptReply : undefined) })
    return Effect.gen(function* () {
      const first = yield* Auth.v3Password({ authUrl, userId: "u1", password: secret("pw") })
      const error = yield* Effect.flip(first.getAccess)
      assert.strictEqual(error._tag, "MissingAuthMethods")
      if (error._tag !== "MissingAuthMethods") return
      assert.deepStrictEqual(error.requiredAuthMethods, [["password", "totp"]])
      assert.deepStrictEqual(error.methods, ["password"])
      assert.strictEqual(error.expiresAt, "2030-01-01T00:05:00.000000Z")
      assert.strictEqual(error.requestId, "req-r")
      assert.include(error.message, "one of password + totp")
      assert.notInclude(JSON.stringify(error) + error.message, "the-receipt")
      const second = yield* Auth.v3MultiFactor({
        authUrl,
        receipt: error.receipt,
        methods: [Auth.totpMethod({ userId: "u1", passcode: secret("123456") })]
      })
      const access = yield* second.getAccess
      assert.strictEqual(Redacted.value(access.authToken), "token-2")
      const continued = keystone.seen[1]
      assert.strictEqual(continued?.headers["openstack-auth-receipt"], "the-receipt")
      assert.deepStrictEqual((continued?.body as Auth3).auth.identity.methods, ["totp"])
    }).pipe(Effect.provide(keystone.layer))
  })
})

describe("failures say what was attempted, never the secret", () => {
  it.effect("a 401 on password auth", () => {
    const keystone = fakeKeystone({
      override: () =>
        MockHttp.json(401, { error: { code: 401, message: "The request you have made requires authentication." } }, {
          "x-openstack-request-id": "req-401"
        })
    })
    return Effect.gen(function* () {
      const plugin = yield* Auth.v3Password({ authUrl, username: "demo", userDomainId: "default", password: secret("hunter2"), projectName: "demo", projectDomainName: "Default" })
      const error = yield* Effect.flip(plugin.getAccess)
      assert.strictEqual(error._tag, "Unauthorized")
      assert.strictEqual(
        error.message,
        'password of user "demo" in domain "default", scoped to {"project":{"name":"demo","domain":{"name":"Default"}}}: '
        + `POST ${authUrl}/auth/tokens returned HTTP 401: The request you have made requires authentication. (request id req-401)`
      )
      for (const shown of [error.message, JSON.stringify(error), String(error)]) assert.notInclude(shown, "hunter2")
    }).pipe(Effect.provide(keystone.layer))
  })
})

describe("missing options", () => {
  it.effect.each([
    ["v3 password with nothing", Auth.v3Password({ authUrl: "" }), ["auth_url", "user_id or username", "password"]],
    ["a user name without a domain", Auth.v3Password({ authUrl, username: "demo", password: secret("p") }), ["user_domain_id or user_domain_name"]],
    ["a project name without a domain", Auth.v3Password({ authUrl, userId: "u", password: secret("p"), projectName: "x" }), ["project_domain_id or project_domain_name"]],
    ["a token plugin without a token", Auth.v3Token({ authUrl }), ["token"]],
    ["an app cred without id or name", Auth.v3ApplicationCredential({ authUrl, applicationCredentialSecret: secret("s") }), ["application_credential_id or application_credential_name"]],
    ["an app cred by name without its user", Auth.v3ApplicationCredential({ authUrl, applicationCredentialName: "n", applicationCredentialSecret: secret("s") }), ["user_id or username"]],
    ["TOTP without a passcode", Auth.v3Totp({ authUrl, userId: "u" }), ["passcode"]],
    ["multi-factor without methods", Auth.v3MultiFactor({ authUrl, methods: [] }), ["auth_methods"]],
    ["v2 password without a user", Auth.v2Password({ authUrl, password: secret("p") }), ["username or user_id"]],
    ["token_endpoint without an endpoint", Auth.tokenEndpoint({ token: secret("t") }), ["endpoint"]],
    ["http_basic without a password", Auth.httpBasic({ username: "u" }), ["password"]]
  ] as const)("%s", ([, make, options]) =>
    Effect.gen(function* () {
      const error = yield* Effect.flip(make)
      assert.strictEqual(error._tag, "AuthPluginOptionsMissing")
      assert.deepStrictEqual(error.options, options)
      assert.include(error.message, options.join(", "))
    }))
})

describe("v2.0 plugins (against fixtures: Keystone 22 has no v2.0)", () => {
  it.effect("v2 password with a tenant name", () =>
    Effect.gen(function* () {
      const seen = yield* sent(Auth.v2Password({ authUrl: "http://keystone.test:5000/v2.0", username: "demo", password: secret("pw"), tenantName: "demo" }))
      assert.strictEqual(seen[0]?.url, "http://keystone.test:5000/v2.0/tokens")
      assert.deepStrictEqual(seen[0]?.body, { auth: { passwordCredentials: { username: "demo", password: "pw" }, tenantName: "demo" } })
    }))

  it.effect("v2 token with a tenant id; the token is decoded from the v2 body", () => {
    const keystone = fakeKeystone()
    return Effect.gen(function* () {
      const plugin = yield* Auth.v2Token({ authUrl: "http://keystone.test:5000", token: secret("t0"), tenantId: "tenant-1" })
      const access = yield* plugin.getAccess
      assert.strictEqual(access.version, "v2.0")
      assert.strictEqual(Redacted.value(access.authToken), "v2-token-1")
      assert.strictEqual(yield* plugin.getProjectId, "tenant-1")
      assert.deepStrictEqual(keystone.seen[0]?.body, { auth: { token: { id: "t0" }, tenantId: "tenant-1" } })
    }).pipe(Effect.provide(keystone.layer))
  })
})

describe("generic plugins discover the version", () => {
  it.effect("v3 offered: v3 at the discovered URL", () =>
    Effect.gen(function* () {
      const seen = yield* sent(
        Auth.password({ authUrl: rootUrl, username: "demo", password: secret("pw"), defaultDomainId: "default", projectName: "demo" })
      )
      assert.deepStrictEqual(seen.map((s) => `${s.method} ${s.url}`), [`GET ${rootUrl}`, `POST ${rootUrl}v3/auth/tokens`])
      assert.deepStrictEqual(lastBody(seen).auth, {
        identity: { methods: ["password"], password: { user: { name: "demo", domain: { id: "default" }, password: "pw" } } },
        scope: { project: { name: "demo", domain: { id: "default" } } }
      })
    }))

  it.effect("only v2.0 offered: v2.0", () =>
    Effect.gen(function* () {
      const seen = yield* sent(Auth.password({ authUrl: rootUrl, username: "demo", password: secret("pw"), tenantName: "t" }), { versions: ["v2"] })
      assert.strictEqual(seen[1]?.url, `${rootUrl}v2.0/tokens`)
      assert.deepStrictEqual(seen[1]?.body, { auth: { passwordCredentials: { username: "demo", password: "pw" }, tenantName: "t" } })
    }))

  it.effect("v3-only options and only v2.0 offered: VersionNotAvailable", () => {
    const keystone = fakeKeystone({ versions: ["v2"] })
    return Effect.gen(function* () {
      const plugin = yield* Auth.password({ authUrl: rootUrl, userId: "u", password: secret("pw"), domainId: "d1" })
      const error = yield* Effect.flip(plugin.getAccess)
      assert.strictEqual(error._tag, "VersionNotAvailable")
      assert.strictEqual(keystone.tokenRequests(), 0)
    }).pipe(Effect.provide(keystone.layer))
  })

  it.effect("v3 discovered but a user name without any domain: AuthPluginOptionsMissing, no token request", () => {
    const keystone = fakeKeystone()
    return Effect.gen(function* () {
      const plugin = yield* Auth.password({ authUrl: rootUrl, username: "demo", password: secret("pw"), projectName: "demo" })
      const error = yield* Effect.flip(plugin.getAccess)
      assert.strictEqual(error._tag, "AuthPluginOptionsMissing")
      assert.strictEqual(
        error.message,
        `identity v3 at ${rootUrl}v3 needs user_domain_id or user_domain_name, project_domain_id or project_domain_name `
        + "(the generic plugins also take default_domain_id or default_domain_name)"
      )
      assert.strictEqual(keystone.tokenRequests(), 0)
    }).pipe(Effect.provide(keystone.layer))
  })

  it.effect("discovery fails on a /v3 URL: the URL's version decides", () =>
    Effect.gen(function* () {
      const seen = yield* sent(Auth.token({ authUrl, token: secret("t") }))
      assert.deepStrictEqual(seen.map((s) => `${s.method} ${s.url}`), [`GET ${authUrl}/`, `POST ${authUrl}/auth/tokens`])
    }))
})

describe("plugins that never call Keystone", () => {
  it.effect("token_endpoint: the token and the endpoint, whatever the filter; no AccessInfo", () =>
    Effect.gen(function* () {
      const plugin = yield* Auth.tokenEndpoint({ token: secret("admin-token"), endpoint: "http://keystone.test:5000/v3" })
      assert.strictEqual(Redacted.value((yield* plugin.getHeaders)["x-auth-token"] ?? secret("")), "admin-token")
      assert.strictEqual(yield* plugin.getEndpoint({ serviceType: "compute", interface: "internal" }), "http://keystone.test:5000/v3")
      assert.strictEqual((yield* Effect.flip(plugin.getAccess))._tag, "AuthorizationFailure")
      assert.isFalse(yield* plugin.invalidate())
    }).pipe(Effect.provide(MockHttp.layer(() => ({ status: 500 })))))

  it.effect("noauth sends nothing; http_basic sends Authorization: Basic", () =>
    Effect.gen(function* () {
      const none = Auth.noAuth({ endpoint: "http://ironic:6385" })
      assert.deepStrictEqual(yield* none.getHeaders, {})
      assert.strictEqual(yield* none.getEndpoint({}), "http://ironic:6385")
      const basic = yield* Auth.httpBasic({ username: "admin", password: secret("pässword"), endpoint: "http://ironic:6385" })
      const header = (yield* basic.getHeaders).authorization
      assert.strictEqual(header === undefined ? "" : Redacted.value(header), `Basic ${Buffer.from("admin:pässword").toString("base64")}`)
      assert.notInclude(JSON.stringify(yield* basic.getHeaders), "pässword")
      // Fixed credentials are always at hand: the Session never needs getHeaders for them.
      assert.strictEqual(AuthPlugin.heldHeaders(basic, 0), yield* basic.getHeaders)
      assert.deepStrictEqual(AuthPlugin.heldHeaders(none, 0), {})
      // A plugin that replaces getHeaders (a wrapper) has no shortcut: its own getHeaders must be asked.
      assert.isUndefined(AuthPlugin.heldHeaders({ ...basic, getHeaders: Effect.succeed({}) }, 0))
      const noEndpoint = yield* Effect.flip(Auth.noAuth().getEndpoint({ serviceType: "baremetal" }))
      assert.strictEqual(noEndpoint._tag, "EndpointNotFound")
    }).pipe(Effect.provide(MockHttp.layer(() => ({ status: 500 })))))
})

describe("the registry", () => {
  it("knows the names openstacksdk and keystoneauth1 use", () => {
    assert.deepStrictEqual([...Auth.pluginNames].sort(), [
      "admin_token",
      "http_basic",
      "noauth",
      "none",
      "password",
      "token",
      "token_endpoint",
      "v2password",
      "v2token",
      "v3applicationcredential",
      "v3multifactor",
      "v3password",
      "v3token",
      "v3totp"
    ])
  })

  it.effect("an unknown name: NoMatchingPlugin", () =>
    Effect.gen(function* () {
      const error = yield* Effect.flip(Auth.fromOptions("kerberos", {}))
      assert.strictEqual(error._tag, "NoMatchingPlugin")
      if (error._tag === "NoMatchingPlugin") assert.strictEqual(error.name, "kerberos")
    }))

  it.effect("missing options are named as clouds.yaml names them", () =>
    Effect.gen(function* () {
      const error = yield* Effect.flip(Auth.fromOptions("v3password", { auth_url: authUrl, username: "demo" }))
      assert.strictEqual(error._tag, "AuthPluginOptionsMissing")
      if (error._tag === "AuthPluginOptionsMissing") assert.deepStrictEqual(error.options, ["user_domain_id or user_domain_name", "password"])
    }))

  it.effect("a value of the wrong type: ValidationError naming the key", () =>
    Effect.gen(function* () {
      const error = yield* Effect.flip(Auth.fromOptions("v3password", { auth_url: authUrl, password: { nested: true } }))
      assert.strictEqual(error._tag, "ValidationError")
      assert.include(error.message, "auth option password must be a string")
    }))

  it.effect("v3multifactor from auth_methods; v3applicationcredential; secrets become Redacted", () =>
    Effect.gen(function* () {
      const mfa = yield* sent(
        Auth.fromOptions("v3multifactor", { auth_url: authUrl, auth_methods: "v3password,v3totp", user_id: "u1", password: "pw", passcode: "111222" })
      )
      assert.deepStrictEqual(lastBody(mfa).auth.identity.methods, ["password", "totp"])
      const appcred = yield* sent(
        Auth.fromOptions("v3applicationcredential", { auth_url: authUrl, application_credential_id: "ac1", application_credential_secret: "s" })
      )
      assert.deepStrictEqual(lastBody(appcred).auth.identity.application_credential, { id: "ac1", secret: "s" })
      const unknownMethod = yield* Effect.flip(Auth.fromOptions("v3multifactor", { auth_url: authUrl, auth_methods: ["password", "kerberos"] }))
      assert.strictEqual(unknownMethod._tag, "AuthPluginOptionsMissing")
    }))
})
