/** Connection (from options and from clouds.yaml) and the blueprint's KeystoneClient, on the real Keystone. */
import { mkdtempSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Redacted } from "effect"
import { AccessInfo, Connection, Identity, KeystoneClient, Transport } from "effect-openstack"
import { pluginOf } from "../contract/identity.ts"
import { facts, project, user } from "./rig.ts"

const scratch = mkdtempSync(join(tmpdir(), "effect-openstack-connection-"))
const write = (name: string, lines: ReadonlyArray<string>) => {
  const file = join(scratch, name)
  writeFileSync(file, [...lines, ""].join("\n"))
  return file
}
const appCred = facts.application_credentials.demo
if (appCred === undefined) throw new Error("the rig seeds an application credential for demo")

describe("Connection.layer", () => {
  it.effect("authorize gives a valid token; identity works on the same session; Identity is provided too", () =>
    Effect.gen(function* () {
      const conn = yield* Connection.Connection
      const token = yield* conn.authorize()
      assert.isTrue(yield* conn.identity.tokens.check(token))
      const demo = yield* (yield* Identity.Identity).projects.find("demo")
      assert.strictEqual(demo.id, project("demo").id)
    }).pipe(Effect.provide(Connection.layer({ auth: pluginOf() }))))

  it.effect("a service the catalog lacks fails with EndpointNotFound naming it; a region override picks the endpoint", () =>
    Effect.gen(function* () {
      const conn = yield* Connection.Connection
      const missing = yield* Effect.flip(conn.adapterFor("dns").get("/zones"))
      assert.strictEqual(missing._tag, "EndpointNotFound")
      assert.include(missing.message, "\"dns\"")
      assert.strictEqual(yield* conn.adapterFor("network").getEndpoint(), "http://127.0.0.1:19696")
      assert.strictEqual(yield* conn.adapterFor("compute").getEndpoint(), "http://127.0.0.1:8774/internal/v2.1")
    }).pipe(Effect.provide(Connection.layer({
      auth: pluginOf(),
      regionName: "RegionTwo",
      services: { compute: { regionName: "RegionOne", interface: "internal" } }
    }))))
})

describe("Connection.fromConfig", () => {
  it.effect("clouds.yaml + secure.yaml (the password): the cloud's user, project and region", () => {
    // The rig has identity in RegionOne only: in RegionTwo, Identity fails as openstacksdk's does; what the token may
    // scope to is still asked of the auth URL (keystoneauth1's AUTH_INTERFACE).
    const config = write("clouds.yaml", [
      "clouds:",
      "  rig:",
      "    auth:",
      `      auth_url: ${facts.auth_url}`,
      "      username: demo",
      "      project_name: demo",
      "      user_domain_name: Default",
      "      project_domain_name: Default",
      "    regions: [RegionTwo, RegionOne]"
    ])
    const secure = write("secure.yaml", ["clouds:", "  rig:", "    auth:", `      password: ${user("demo").password}`])
    return Effect.gen(function* () {
      const conn = yield* Connection.Connection
      assert.strictEqual(yield* conn.session.getProjectId(), project("demo").id)
      assert.strictEqual(yield* conn.adapterFor("network").getEndpoint(), "http://127.0.0.1:19696")
      const noIdentity = yield* Effect.flip(conn.identity.projects.list())
      assert.strictEqual(noIdentity._tag, "EndpointNotFound")
      assert.include(noIdentity.message, "regionName \"RegionTwo\"")
      const scopes = yield* conn.identity.tokens.projects()
      assert.deepStrictEqual(scopes.map((p) => p.name).sort(), ["demo", "demo-child"])
    }).pipe(Effect.provide(Connection.fromConfig({ cloud: "rig", files: { config, secure }, envvars: false })))
  })

  it.effect("an application credential cloud authenticates as its user, on its project", () => {
    const config = write("appcred.yaml", [
      "clouds:",
      "  appcred:",
      "    auth_type: v3applicationcredential",
      "    auth:",
      `      auth_url: ${facts.auth_url}`,
      `      application_credential_id: ${appCred.id}`,
      `      application_credential_secret: ${appCred.secret}`
    ])
    return Effect.gen(function* () {
      const conn = yield* Connection.Connection
      const access = yield* conn.identity.tokens.validate(yield* conn.authorize())
      assert.strictEqual(access.userId, user("demo").id)
      assert.strictEqual(access.projectId, appCred.project_id)
      assert.deepStrictEqual(access.methods, ["application_credential"])
    }).pipe(Effect.provide(Connection.fromConfig({ cloud: "appcred", files: { config, secure: [] }, envvars: false })))
  })

  it.effect("a wrong password in clouds.yaml: Unauthorized when first used, the password nowhere in the message", () => {
    const config = write("wrong.yaml", [
      "clouds:",
      "  wrong:",
      "    auth:",
      `      auth_url: ${facts.auth_url}`,
      "      username: demo",
      "      password: not-the-password",
      "      project_name: demo",
      "      user_domain_name: Default",
      "      project_domain_name: Default"
    ])
    return Effect.gen(function* () {
      const conn = yield* Connection.Connection
      const error = yield* Effect.flip(conn.identity.projects.list())
      assert.strictEqual(error._tag, "Unauthorized")
      assert.notInclude(error.message, "not-the-password")
      assert.notInclude(JSON.stringify(error), "not-the-password")
    }).pipe(Effect.provide(Connection.fromConfig({ cloud: "wrong", files: { config, secure: [] }, envvars: false })))
  })
})

describe("KeystoneClient", () => {
  const password = Redacted.make(user("demo").password)

  it.effect("from credentials: user, project and the projects the user may use", () =>
    Effect.gen(function* () {
      const client = yield* KeystoneClient.make({ username: "demo", password, projectName: "demo", authUrl: facts.auth_url })
      assert.strictEqual((yield* client.user).id, user("demo").id)
      assert.strictEqual((yield* client.project)?.id, project("demo").id)
      assert.deepStrictEqual((yield* client.projects).map((p) => p.name).sort(), ["demo", "demo-child"])
      assert.strictEqual(yield* client.urlFor("compute", { interface: "private" }), "http://127.0.0.1:8774/internal/v2.1")
    }).pipe(Effect.provide(Transport.node())))

  it.effect("unscoped (no default project): no project; the projects come through its group, from the auth URL", () =>
    Effect.gen(function* () {
      const client = yield* KeystoneClient.make({
        username: "noproject",
        password: Redacted.make(user("noproject").password),
        authUrl: facts.auth_url
      })
      assert.strictEqual((yield* client.user).name, "noproject")
      assert.isUndefined(yield* client.project)
      // An unscoped token has no catalog: these are asked of the Keystone it authenticated with.
      assert.deepStrictEqual((yield* client.projects).map((p) => p.name), ["alt"])
    }).pipe(Effect.provide(Transport.node())))

  it.effect("tokenId + mgmtUrl: an admin token used as is; the client's authRef is the token validating itself", () =>
    Effect.gen(function* () {
      const admin = yield* (yield* pluginOf()).getAccess
      const client = yield* KeystoneClient.make({ tokenId: admin.authToken, mgmtUrl: facts.auth_url })
      const users = yield* client.identity.users.list({ name: "demo" })
      assert.deepStrictEqual(users.map((u) => u.id), [user("demo").id])
      assert.strictEqual((yield* client.authRef).userId, user("admin").id)
      assert.strictEqual((yield* client.user).name, "admin")
    }).pipe(Effect.provide(Transport.node())))

  it.effect("tokenRef: a stored token serves a new client without authenticating", () =>
    Effect.gen(function* () {
      const first = yield* KeystoneClient.make({ username: "demo", password, projectName: "demo", authUrl: facts.auth_url })
      const stored = JSON.parse(JSON.stringify(AccessInfo.toStored(yield* first.authRef)))
      const second = yield* KeystoneClient.make({ tokenRef: yield* AccessInfo.fromStored(stored) })
      assert.strictEqual(Redacted.value(yield* second.authToken), Redacted.value(yield* first.authToken))
      assert.strictEqual((yield* second.project)?.name, "demo")
    }).pipe(Effect.provide(Transport.node())))

  it.effect("a wrong password: Unauthorized at first use, not at construction", () =>
    Effect.gen(function* () {
      const client = yield* KeystoneClient.make({ username: "demo", password: Redacted.make("nope"), authUrl: facts.auth_url })
      const error = yield* Effect.flip(client.user)
      assert.strictEqual(error._tag, "Unauthorized")
    }).pipe(Effect.provide(Transport.node())))
})
