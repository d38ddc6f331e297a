/**
 * Canary secrets at Debug, end to end: every auth plugin (by its clouds.yaml name) and every resource create that
 * carries a secret runs against a FakeCloud with Debug on, a logger that keeps every line and a tracer that keeps every
 * span; then every log line and annotation, every span (name, attributes, events) and every error (message, JSON,
 * printed) is searched for the secrets — the canaries given, and the tokens and secrets the cloud handed out.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Logger, Redacted, References, Tracer } from "effect"
import { Auth, type AuthPlugin, Connection, Session } from "effect-openstack"
import { FakeCloud } from "effect-openstack/testing"
import { fakeKeystone } from "./support/fakeKeystone.ts"
import { recordingTracer } from "./support/recordingTracer.ts"

const canary = (what: string) => `CANARY-${what}-0a1b2c`

const seed: FakeCloud.Seed = {
  ...FakeCloud.defaultSeed,
  users: [...FakeCloud.defaultSeed.users, { name: "canary", password: canary("PASSWORD"), defaultProject: "demo" }],
  assignments: [...(FakeCloud.defaultSeed.assignments ?? []), { role: "member", user: "canary", project: "demo" }],
  applicationCredentials: [{ name: "canary-ac", user: "canary", project: "demo", secret: canary("AC-SECRET") }]
}

/** What a run left: log lines (message and annotations), spans, and the errors it met, all as text. */
const witness = () => {
  const texts: Array<string> = []
  const logger = Logger.make((options) => {
    const message = Array.isArray(options.message) ? options.message.map(String).join(" ") : String(options.message)
    texts.push(`${message} ${JSON.stringify(Object.fromEntries(Object.entries(options.fiber.getRef(References.CurrentLogAnnotations))))}`)
  })
  const { tracer, spans } = recordingTracer()
  const provide = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
    effect.pipe(
      Effect.provide(Logger.layer([logger])),
      Effect.provideService(References.MinimumLogLevel, "Debug"),
      Effect.provideService(Tracer.Tracer, tracer)
    )
  /** Runs `effect`, keeping the error it fails with (if any) as text. */
  const run = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
    provide(effect).pipe(
      Effect.tapError((error) => Effect.sync(() => texts.push(String(error), JSON.stringify(error), (error as { message?: string }).message ?? ""))),
      Effect.option
    )
  const all = () => [
    ...texts,
    ...spans.map((span) => `${span.name} ${JSON.stringify(Object.fromEntries(span.attributes))} ${JSON.stringify(span.events)}`)
  ]
  return { run, all, lines: () => texts.length }
}

const assertClean = (texts: ReadonlyArray<string>, secrets: ReadonlyArray<string>) => {
  for (const text of texts) {
    assert.notInclude(text, "CANARY")
    for (const secret of secrets) assert.notInclude(text, secret)
  }
}

/** A Session with `plugin`, on the cloud's transport, asking for the projects (with Debug on). */
const useSession = (plugin: AuthPlugin.AuthPlugin, url: string) =>
  Effect.gen(function* () {
    const session = yield* Session.make({ auth: plugin })
    yield* Effect.flatMap(session.get(url), (r) => r.json)
  })

describe("canary secrets at Debug", () => {
  it.effect("every v3 and fixed plugin, right secrets and wrong ones: no secret in a log line, a span or an error", () =>
    Effect.gen(function* () {
      const cloud = yield* FakeCloud.FakeCloud
      const seen = witness()
      const authUrl = cloud.authUrl
      const scoped = { auth_url: authUrl, project_name: "demo", project_domain_id: "default" }
      const user = { username: "canary", user_domain_id: "default" }
      const byPassword = yield* Auth.fromOptions("password", { ...scoped, ...user, password: Redacted.make(canary("PASSWORD")) })
      const access = yield* seen.run(byPassword.getAccess)
      const issued = access._tag === "Some" ? Redacted.value(access.value.authToken) : "none"
      assert.notStrictEqual(issued, "none", "the canary user authenticates")
      const cases: ReadonlyArray<readonly [string, Record<string, unknown>]> = [
        ["password", { ...scoped, ...user, password: canary("PASSWORD") }],
        ["v3password", { ...scoped, ...user, password: canary("WRONG-PASSWORD") }],
        ["token", { ...scoped, token: issued }],
        ["v3token", { ...scoped, token: canary("TOKEN") }],
        ["v3applicationcredential", { auth_url: authUrl, ...user, application_credential_name: "canary-ac", application_credential_secret: canary("AC-SECRET") }],
        ["v3applicationcredential", { auth_url: authUrl, ...user, application_credential_name: "canary-ac", application_credential_secret: canary("WRONG-AC") }],
        ["v3totp", { ...scoped, ...user, passcode: canary("PASSCODE") }],
        ["v3multifactor", { ...scoped, ...user, auth_methods: ["v3password", "v3totp"], password: canary("PASSWORD"), passcode: canary("PASSCODE") }],
        ["admin_token", { endpoint: authUrl, token: canary("ADMIN-TOKEN") }],
        ["token_endpoint", { endpoint: authUrl, token: canary("ADMIN-TOKEN") }],
        ["http_basic", { endpoint: authUrl, username: "canary", password: canary("BASIC") }],
        ["noauth", { endpoint: authUrl, user_id: "u1", project_id: "p1" }],
        ["none", { endpoint: authUrl }]
      ]
      for (const [name, options] of cases) {
        const plugin = yield* Auth.fromOptions(name, options)
        yield* seen.run(useSession(plugin, `${authUrl}/projects`))
        yield* seen.run(Effect.flatMap(Session.make({ auth: plugin }), (s) => s.post(`${authUrl}/users`, { json: { user: { name: "x", password: canary("BODY") } } })))
      }
      assert.isAbove(seen.lines(), cases.length * 4, "Debug lines were written")
      const basic = btoa(`canary:${canary("BASIC")}`)
      assertClean(seen.all(), [issued, basic])
      // The secrets went by and were masked or hashed, not dropped with their lines.
      assert.isTrue(seen.all().some((text) => text.includes("REQ: curl") && text.includes("\"password\":\"***\"")))
      assert.isTrue(seen.all().some((text) => text.includes("X-Auth-Token: {SHA256}")))
    }).pipe(Effect.provide(FakeCloud.layer({ seed }))))

  it.effect("v2.0 plugins, right and wrong", () =>
    Effect.gen(function* () {
      const keystone = fakeKeystone()
      const seen = witness()
      for (const [name, options] of [
        ["v2password", { auth_url: "http://keystone.test:5000/v2.0", username: "demo", password: canary("V2-PASSWORD"), tenant_name: "demo" }],
        ["v2token", { auth_url: "http://keystone.test:5000/v2.0", token: canary("V2-TOKEN"), tenant_name: "demo" }]
      ] as const) {
        yield* seen.run(
          Effect.flatMap(Auth.fromOptions(name, options), (plugin) => useSession(plugin, "http://keystone.test:5000/v2.0/tenants"))
            .pipe(Effect.provide(keystone.layer))
        )
      }
      assertClean(seen.all(), [])
      assert.isTrue(seen.all().some((text) => text.includes("passwordCredentials") && text.includes("***")))
    }))

  it.effect("resource creates that carry a secret: users (password), password changes, application credentials, credentials", () =>
    Effect.gen(function* () {
      const conn = yield* Connection.Connection
      const seen = witness()
      const identity = conn.identity
      const created = yield* seen.run(identity.users.create({ name: "canary-made", password: Redacted.make(canary("NEW-USER")) }))
      const userId = created._tag === "Some" ? created.value.id : "none"
      yield* seen.run(identity.users.update(userId, { password: Redacted.make(canary("RESET")) }))
      yield* seen.run(identity.users.changePassword(userId, { originalPassword: Redacted.make(canary("WRONG-ORIGINAL")), password: Redacted.make(canary("CHANGED")) }))
      const mine = identity.applicationCredentials.forUser(yield* Effect.map(conn.session.getUserId(), (id) => id ?? ""))
      const given = yield* seen.run(mine.create({ name: "canary-given", secret: Redacted.make(canary("GIVEN-AC")) }))
      const generated = yield* seen.run(mine.create({ name: "canary-generated" }))
      const generatedSecret = generated._tag === "Some" && generated.value.secret !== undefined ? Redacted.value(generated.value.secret) : "none"
      yield* seen.run(identity.credentials.create({ type: "ec2", userId, blob: Redacted.make(JSON.stringify({ access: "AK", secret: canary("BLOB") })) }))
      assert.isTrue(given._tag === "Some" && generated._tag === "Some", "the application credentials were made")
      assertClean(seen.all(), [generatedSecret])
      assert.isTrue(seen.all().some((text) => text.includes("\"secret\":\"***\"")), "the generated secret was logged masked")
      assert.isTrue(seen.all().some((text) => text.includes("\"blob\":\"***\"")))
    }).pipe(Effect.provide(FakeCloud.connection({ seed, user: "admin", project: "admin" }))))
})
