import { assert, describe, it } from "@effect/vitest"
import { Effect, Logger, Redacted, Schema } from "effect"
import { Adapter, Auth, Resource, Session, Transport } from "effect-openstack"
import { shortLived } from "./rig.ts"

/** The second Keystone answers at most 3 items per list (list_limit = 3) and says so with `truncated: true`. */
const facts = shortLived()

describe("a Keystone list limit", () => {
  it.live("a list longer than the limit comes back truncated, with a warning naming it", () => {
    const warnings: Array<string> = []
    const capture = Logger.make((options) => {
      if (options.logLevel === "Warn") warnings.push(String(options.message))
    })
    return Effect.gen(function* () {
      const admin = facts.users.admin
      if (admin === undefined) return assert.fail("no seeded admin")
      const auth = yield* Auth.v3Password({
        authUrl: facts.auth_url,
        userId: admin.id,
        password: Redacted.make(admin.password),
        projectName: "admin",
        projectDomainId: "default"
      })
      const session = yield* Session.make({ auth })
      const identity = Adapter.make(session, { serviceType: "identity", version: "3" })
      const Projects = Resource.define({
        service: { type: "identity", version: "3", name: "Identity" },
        key: "project",
        fields: { id: Resource.field(Schema.String), name: Resource.field(Schema.String) },
        operations: ["list"]
      })
      const projects = yield* Resource.make(Projects, identity).list()
      assert.strictEqual(projects.length, 3) // 5 are seeded
      assert.strictEqual(warnings.length, 1)
      assert.include(warnings[0], "truncated the list of projects")
      assert.include(warnings[0], `${facts.auth_url}/projects`)
    }).pipe(Effect.provide(Transport.node()), Effect.provide(Logger.layer([capture])))
  })
})
