import { randomBytes } from "node:crypto"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Redacted } from "effect"
import { HttpClient } from "effect/http"
import { type AccessInfo, Auth } from "effect-openstack"
import { adminPlugin, base32, call, live, totpPasscode } from "./admin.ts"
import { facts, project, user } from "./rig.ts"

const authUrl = facts.auth_url
const root = authUrl.replace(/\/v3$/, "")
const secret = (value: string) => Redacted.make(value)
const demo = user("demo")
const demoProject = project("demo")

/** Authenticates with the plugin, counting the token requests it makes. */
const access = <E>(make: Effect.Effect<Auth.AuthPlugin, E>) =>
  Effect.gen(function* () {
    let posts = 0
    const plugin = yield* make
    const result = yield* plugin.getAccess.pipe(
      Effect.provideServiceEffect(
        HttpClient.HttpClient,
        Effect.map(HttpClient.HttpClient, HttpClient.tapRequest((r) => Effect.sync(() => (posts += r.method === "POST" ? 1 : 0))))
      )
    )
    return { access: result, posts, plugin }
  })

const unique = (prefix: string) => `${prefix}-${Date.now()}-${randomBytes(3).toString("hex")}`

/** A user created for one test, deleted after it. */
const scopedUser = (body: Record<string, unknown>) =>
  Effect.acquireRelease(
    Effect.map(call(adminPlugin, "POST", "/users", { user: { domain_id: "default", enabled: true, ...body } }), (r) =>
      (r?.user ?? {}) as { id: string, name: string }
    ),
    (created) => Effect.ignore(call(adminPlugin, "DELETE", `/users/${created.id}`))
  )

const grantMemberOnDemo = (userId: string) =>
  call(adminPlugin, "PUT", `/projects/${demoProject.id}/users/${userId}/roles/${facts.roles.member?.id}`)

describe("every plugin authenticates against the real Keystone", () => {
  it.live("v3 password by user id, and by name + domain", () =>
    live(
      Effect.gen(function* () {
        const byId = yield* access(Auth.v3Password({ authUrl, userId: demo.id, password: secret(demo.password), projectId: demoProject.id }))
        assert.strictEqual(byId.access.userId, demo.id)
        assert.strictEqual(byId.access.projectId, demoProject.id)
        assert.strictEqual(byId.posts, 1)
        const byName = yield* access(
          Auth.v3Password({ authUrl, username: "demo", userDomainName: "Default", password: secret(demo.password), projectName: "demo", projectDomainId: "default" })
        )
        assert.strictEqual(byName.access.username, "demo")
        assert.strictEqual(byName.access.projectName, "demo")
      })
    ))

  it.live("a password without a scope ends scoped to the user's default project (seed 004)", () =>
    live(
      Effect.gen(function* () {
        const { access: token } = yield* access(Auth.v3Password({ authUrl, userId: demo.id, password: secret(demo.password) }))
        assert.isTrue(token.projectScoped)
        assert.strictEqual(token.projectId, demo.default_project_id)
        const none = yield* access(Auth.v3Password({ authUrl, userId: demo.id, password: secret(demo.password), unscoped: true }))
        assert.isFalse(none.access.scoped)
      })
    ))

  it.live("token: rescoping an unscoped token to a project", () =>
    live(
      Effect.gen(function* () {
        const first = yield* access(Auth.v3Password({ authUrl, userId: demo.id, password: secret(demo.password), unscoped: true }))
        const rescoped = yield* access(Auth.v3Token({ authUrl, token: first.access.authToken, projectId: project("demo-child").id }))
        assert.strictEqual(rescoped.access.projectId, project("demo-child").id)
        assert.deepStrictEqual([...rescoped.access.methods].sort(), ["password", "token"])
        assert.strictEqual(rescoped.access.auditChainId, first.access.auditId)
      })
    ))

  it.live("application credential", () =>
    live(
      Effect.gen(function* () {
        const credential = facts.application_credentials.demo
        if (credential === undefined) return assert.fail("no seeded application credential")
        const { access: token } = yield* access(
          Auth.v3ApplicationCredential({ authUrl, applicationCredentialId: credential.id, applicationCredentialSecret: secret(credential.secret) })
        )
        assert.strictEqual(token.applicationCredentialId, credential.id)
        assert.strictEqual(token.projectId, credential.project_id)
        assert.deepStrictEqual(token.methods, ["application_credential"])
        const byName = yield* access(
          Auth.v3ApplicationCredential({
            authUrl,
            applicationCredentialName: credential.name,
            userId: demo.id,
            applicationCredentialSecret: secret(credential.secret)
          })
        )
        assert.strictEqual(byName.access.applicationCredentialId, credential.id)
      })
    ))

  it.live("TOTP, with a credential created through the API", () =>
    live(
      Effect.scoped(
        Effect.gen(function* () {
          const key = randomBytes(20)
          const created = yield* scopedUser({ name: unique("totp"), password: "totp-user-password" })
          yield* call(adminPlugin, "POST", "/credentials", { credential: { type: "totp", user_id: created.id, blob: base32(key) } })
          const { access: token } = yield* access(Auth.v3Totp({ authUrl, userId: created.id, passcode: secret(totpPasscode(key)) }))
          assert.strictEqual(token.userId, created.id)
          assert.deepStrictEqual(token.methods, ["totp"])
        })
      )
    ))

  it.live("multi-factor: password alone gets a receipt; the receipt + TOTP gets the token", () =>
    live(
      Effect.scoped(
        Effect.gen(function* () {
          const key = randomBytes(20)
          const created = yield* scopedUser({
            name: unique("mfa"),
            password: "mfa-user-password",
            default_project_id: demoProject.id,
            options: { multi_factor_auth_enabled: true, multi_factor_auth_rules: [["password", "totp"]] }
          })
          yield* grantMemberOnDemo(created.id)
          yield* call(adminPlugin, "POST", "/credentials", { credential: { type: "totp", user_id: created.id, blob: base32(key) } })
          const password = yield* Auth.v3Password({ authUrl, userId: created.id, password: secret("mfa-user-password"), projectId: demoProject.id })
          const missing = yield* Effect.flip(password.getAccess)
          assert.strictEqual(missing._tag, "MissingAuthMethods")
          if (missing._tag !== "MissingAuthMethods") return
          assert.deepStrictEqual(missing.methods, ["password"])
          assert.deepStrictEqual(missing.requiredAuthMethods.map((rule) => [...rule].sort()), [["password", "totp"]])
          assert.match(missing.requestId ?? "", /^req-/)
          const { access: token } = yield* access(
            Auth.v3MultiFactor({
              authUrl,
              receipt: missing.receipt,
              methods: [Auth.totpMethod({ userId: created.id, passcode: secret(totpPasscode(key)) })],
              projectId: demoProject.id
            })
          )
          assert.deepStrictEqual([...token.methods].sort(), ["password", "totp"])
          assert.strictEqual(token.projectId, demoProject.id)
          const both = yield* access(
            Auth.v3MultiFactor({
              authUrl,
              methods: [
                Auth.passwordMethod({ userId: created.id, password: secret("mfa-user-password") }),
                Auth.totpMethod({ userId: created.id, passcode: secret(totpPasscode(key)) })
              ],
              projectId: demoProject.id
            })
          )
          assert.strictEqual(both.access.userId, created.id)
        })
      )
    ))

  it.live("domain and system scopes", () =>
    live(
      Effect.gen(function* () {
        const admin = user("admin")
        const domain = yield* access(Auth.v3Password({ authUrl, userId: admin.id, password: secret(admin.password), domainName: "acme" }))
        assert.strictEqual(domain.access.domainId, facts.domains.acme?.id)
        const system = yield* access(Auth.v3Password({ authUrl, userId: admin.id, password: secret(admin.password), systemScope: "all" }))
        assert.isTrue(system.access.systemScoped)
      })
    ))

  it.live("generic password and token discover v3 at the unversioned root", () =>
    live(
      Effect.gen(function* () {
        const generic = yield* access(
          Auth.password({ authUrl: root, username: "demo", password: secret(demo.password), defaultDomainId: "default", projectName: "demo" })
        )
        assert.strictEqual(generic.access.version, "v3")
        assert.strictEqual(generic.access.projectId, demoProject.id)
        const token = yield* access(Auth.token({ authUrl: root, token: generic.access.authToken, projectId: project("demo-child").id }))
        assert.strictEqual(token.access.version, "v3")
        assert.strictEqual(token.access.projectId, project("demo-child").id)
        const fromOptions = yield* access(
          Auth.fromOptions("password", { auth_url: `${root}/v3`, username: "demo", password: demo.password, user_domain_name: "Default", project_name: "demo", project_domain_name: "Default" })
        )
        assert.strictEqual(fromOptions.access.projectName, "demo")
      })
    ))
})

describe("trusts", () => {
  it.live("a trust-scoped token, through the trustee's password", () =>
    live(
      Effect.gen(function* () {
        const trustor = Auth.v3Password({ authUrl, userId: demo.id, password: secret(demo.password), projectId: demoProject.id })
        const trustee = user("noproject")
        const created = yield* call(trustor, "POST", "/OS-TRUST/trusts", {
          trust: {
            trustor_user_id: demo.id,
            trustee_user_id: trustee.id,
            project_id: demoProject.id,
            roles: [{ name: "member" }],
            impersonation: false
          }
        })
        const trustId = (created?.trust as { id: string }).id
        const { access: token } = yield* access(
          Auth.v3Password({ authUrl, userId: trustee.id, password: secret(trustee.password), trustId })
        )
        assert.isTrue(token.trustScoped)
        assert.strictEqual(token.trustId, trustId)
        assert.strictEqual(token.trustorUserId, demo.id)
        assert.strictEqual(token.trusteeUserId, trustee.id)
        assert.strictEqual(token.projectId, demoProject.id)
        assert.deepStrictEqual([...token.roleNames].sort(), ["member", "reader"]) // member implies reader
        // Keystone refuses to build a token from a trust-scoped one: Forbidden, with what was attempted.
        const refused = yield* Effect.flip(Effect.flatMap(Auth.v3Token({ authUrl, token: token.authToken }), (p) => p.getAccess))
        assert.strictEqual(refused._tag, "Forbidden")
        assert.include(refused.message, "Using trust-scoped token to create another token")
        yield* call(trustor, "DELETE", `/OS-TRUST/trusts/${trustId}`)
      })
    ))
})

describe("clear failures (seed 004)", () => {
  const failure = <E extends { readonly _tag: string, readonly message: string }>(
    make: Effect.Effect<Auth.AuthPlugin, E>,
    password: string
  ) =>
    Effect.gen(function* () {
      const plugin = yield* make
      const error = yield* Effect.flip(plugin.getAccess)
      for (const shown of [error.message, String(error), JSON.stringify(error)]) assert.notInclude(shown, password)
      return error
    })

  const unauthorized = (error: { readonly _tag: string, readonly message: string }) => {
    assert.strictEqual(error._tag, "Unauthorized")
    assert.include(error.message, "returned HTTP 401: The request you have made requires authentication.")
    assert.match(error.message, /\(request id req-[0-9a-f-]{36}\)$/)
  }

  it.live("wrong password, unknown user, disabled user: Unauthorized, with the server's message and request id", () =>
    live(
      Effect.gen(function* () {
        const wrong = yield* failure(Auth.v3Password({ authUrl, userId: demo.id, password: secret("wrong-pass-1234") }), "wrong-pass-1234")
        unauthorized(wrong)
        assert.include(wrong.message, `password of user ${demo.id}, scoped to the default project`)
        unauthorized(
          yield* failure(Auth.v3Password({ authUrl, username: "no-such-user", userDomainId: "default", password: secret("pw-5678") }), "pw-5678")
        )
        const disabled = user("disabled-user")
        unauthorized(yield* failure(Auth.v3Password({ authUrl, userId: disabled.id, password: secret(disabled.password) }), disabled.password))
      })
    ))

  it.live("a project the user has no role on: Unauthorized", () =>
    live(
      Effect.gen(function* () {
        const error = yield* failure(
          Auth.v3Password({ authUrl, userId: demo.id, password: secret(demo.password), projectId: project("acme-project").id }),
          demo.password
        )
        unauthorized(error)
        assert.include(error.message, `scoped to {"project":{"id":"${project("acme-project").id}"}}`)
      })
    ))

  it.live("a revoked token: NotFound (Keystone: Failed to validate token)", () =>
    live(
      Effect.gen(function* () {
        const { access: token, plugin } = yield* access(Auth.v3Password({ authUrl, userId: demo.id, password: secret(demo.password) }))
        yield* revoke(plugin, token)
        const error = yield* failure(Auth.v3Token({ authUrl, token: token.authToken }), Redacted.value(token.authToken))
        assert.strictEqual(error._tag, "NotFound")
        assert.include(error.message, "Failed to validate token")
      })
    ))
})

/** DELETE /v3/auth/tokens: revokes the token (sent as both the caller and the subject). */
const revoke = (plugin: Auth.AuthPlugin, token: AccessInfo.AccessInfo) =>
  Effect.gen(function* () {
    const client = yield* HttpClient.HttpClient
    const value = Redacted.value(token.authToken)
    const response = yield* client.del(`${authUrl}/auth/tokens`, { headers: { "x-auth-token": value, "x-subject-token": value } })
    assert.strictEqual(response.status, 204)
    yield* plugin.invalidate(token.authToken)
  })
