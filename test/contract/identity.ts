/** The identity service adapter the identity tests use: an admin Session on the real Keystone, v3 discovered. */
import { randomBytes } from "node:crypto"
import { Effect, Redacted } from "effect"
import { Adapter, Auth, Session } from "effect-openstack"
import { facts, user, transport } from "./target.ts"

/** A v3 password plugin of a seeded user (admin by default), scoped to a project or a domain or the system. */
export const pluginOf = (name = "admin", scope: Parameters<typeof Auth.v3Password>[0] = { authUrl: facts.auth_url }) =>
  Auth.v3Password({
    ...scope,
    authUrl: facts.auth_url,
    userId: user(name).id,
    password: Redacted.make(user(name).password),
    ...(scope.projectId === undefined && scope.domainId === undefined && scope.systemScope === undefined && name === "admin"
      ? { projectName: "admin", projectDomainId: "default" }
      : {})
  })

/** Runs `body` with an identity adapter as the admin (or the plugin given), on the node transport. */
export const withIdentity = <A, E>(
  body: (identity: Adapter.AdapterShape) => Effect.Effect<A, E>,
  plugin = pluginOf()
) =>
  Effect.gen(function* () {
    const session = yield* Session.make({ auth: yield* plugin })
    return yield* body(Adapter.make(session, { serviceType: "identity", interface: "public", version: "3" }))
  }).pipe(Effect.provide(transport))

/** A name no other run uses (the Keystone state persists between runs). */
export const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${randomBytes(3).toString("hex")}`
