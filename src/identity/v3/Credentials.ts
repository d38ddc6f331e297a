/**
 * Identity v3 credentials (`/v3/credentials`): secrets Keystone stores for a user — EC2 access/secret pairs, TOTP
 * seeds, certificates or any other type — encrypted at rest.
 *
 * The `blob` is the secret: it is `Redacted`, revealed only on the wire. For `ec2` credentials it is a JSON text with
 * `access` and `secret`, a `projectId` is required, and Keystone derives the id from the access key (its SHA-256).
 * Keystone's credential update accepts only a new `blob` (recent Keystones refuse any other field): to change the
 * type, the user or the project, delete the credential and create another.
 *
 * @example
 * import { Effect, Redacted } from "effect"
 * import { Identity } from "effect-openstack"
 *
 * const program = Effect.gen(function* () {
 *   const identity = yield* Identity.Identity
 *   const blob = Redacted.make(JSON.stringify({ access: "AKIA…", secret: "…" }))
 *   const ec2 = yield* identity.credentials.create({ type: "ec2", userId, projectId, blob })
 *   const mine = yield* identity.credentials.list({ userId, type: "ec2" })
 * })
 *
 * @module
 */
import * as Schema from "effect/Schema"
import type { AdapterShape } from "../../Adapter.ts"
import * as services from "../../internal/services.ts"
import * as Resource from "../../Resource.ts"
import { field } from "../../Resource.ts"

const Blob = Schema.RedactedFromValue(Schema.String)

/**
 * The declaration of a credential. List filters: `userId`, `type`. Credentials have no names: `find` looks one up by
 * id only.
 *
 * @example
 * const credentials = Resource.make(Credentials.Credential, identity)
 */
export const Credential = Resource.define({
  service: services.identity,
  key: "credential",
  fields: {
    id: field(Schema.String),
    userId: field(Schema.String).required.filter,
    projectId: field(Schema.NullOr(Schema.String)).optional.createAs(Schema.String),
    type: field(Schema.String).required.filter,
    blob: field(Blob).required.update
  },
  operations: ["list", "get", "create", "update", "delete"]
})

/**
 * A credential, as decoded (its `blob` `Redacted`).
 *
 * @example
 * const credential: Credentials.Credential = yield* identity.credentials.get(id)
 * const secret = Redacted.value(credential.blob)
 */
export type Credential = Resource.Item<typeof Credential>

/**
 * The credentials client.
 *
 * @example
 * const credentials = Credentials.make(identity)
 * yield* credentials.update(id, { blob: Redacted.make("new secret") })
 */
export const make = (adapter: AdapterShape) => Resource.make(Credential, adapter)

/**
 * The credentials client's type.
 *
 * @example
 * const credentials: Credentials.CredentialsClient = Credentials.make(identity)
 */
export type CredentialsClient = ReturnType<typeof make>

/**
 * The credentials client as a service of its own: `.make(adapter)`, `.layer()` on a Session, and provided by
 * `Identity.layer` and the Connection (so that a test can `Layer.mock` it).
 *
 * @example
 * const all = yield* Effect.flatMap(Credentials.Credentials, (credentials) => credentials.list())
 */
export class Credentials extends Resource.Service<Credentials>()("effect-openstack/identity/Credentials", services.identity, make) {}
