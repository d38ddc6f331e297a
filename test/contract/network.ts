/** The network service the Neutron tests use: the admin (or a seeded user) on the real Keystone, Neutron from its catalog. */
import { randomBytes } from "node:crypto"
import { Effect, Layer, Redacted } from "effect"
import { Auth, Network, Session } from "effect-openstack"
import { facts, user, transport } from "./target.ts"

/** A v3 password plugin of a seeded user (admin by default), scoped to a project of its (admin's: "admin"). */
export const pluginOf = (name = "admin", projectName = name === "admin" ? "admin" : "demo") =>
  Auth.v3Password({
    authUrl: facts.auth_url,
    userId: user(name).id,
    password: Redacted.make(user(name).password),
    projectName,
    projectDomainId: "default"
  })

/** The Network service (and each resource client) of a user, on the node transport. */
export const networkLayer = (name = "admin") =>
  Layer.unwrap(Effect.map(pluginOf(name), (auth) => Network.Network.layer().pipe(Layer.provide(Session.layer({ auth }))))).pipe(
    Layer.provide(transport)
  )

/** Runs `body` with the Network service of a user (admin by default). */
export const withNetwork = <A, E, R>(body: (network: Network.NetworkShape) => Effect.Effect<A, E, R>, name = "admin") =>
  Effect.flatMap(Network.Network, body).pipe(Effect.scoped, Effect.provide(networkLayer(name)))

/** A name no other run uses (Neutron's state persists between runs). */
export const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${randomBytes(3).toString("hex")}`

/** Fails the test unless `effect` fails with `tag`; answers the error. */
export const failsWith = <A, E extends { readonly _tag: string }, R, T extends E["_tag"]>(effect: Effect.Effect<A, E, R>, tag: T) =>
  Effect.flatMap(Effect.exit(effect), (exit) =>
    exit._tag === "Failure" && exit.cause.reasons[0]?._tag === "Fail" && (exit.cause.reasons[0].error as E)._tag === tag
      ? Effect.succeed(exit.cause.reasons[0].error as Extract<E, { readonly _tag: T }>)
      : Effect.die(new Error(`expected ${tag}, got ${JSON.stringify(exit)}`)))

/** Creates with `create` and deletes with `remove` when the test's scope closes (ignoring a delete that fails). */
export const scoped = <A extends { readonly id: string }, E, R>(
  create: Effect.Effect<A, E, R>,
  remove: (id: string) => Effect.Effect<unknown, unknown>
) => Effect.acquireRelease(create, (item) => Effect.ignore(remove(item.id)))
