/**
 * The facts of the real Keystone that scripts/keystone/start.sh started and seeded (KEYSTONE_SEED_FILE, by default
 * .keystone/seed.json), decoded once for the tests.
 */
import { readFileSync } from "node:fs"
import { Schema } from "effect"

const Named = Schema.Struct({ id: Schema.String, name: Schema.String })
const User = Schema.Struct({
  id: Schema.String,
  name: Schema.String,
  password: Schema.String,
  domain_id: Schema.String,
  default_project_id: Schema.NullOr(Schema.String),
  enabled: Schema.Boolean
})
const Project = Schema.Struct({
  id: Schema.String,
  name: Schema.String,
  domain_id: Schema.String,
  parent_id: Schema.NullOr(Schema.String),
  tags: Schema.Array(Schema.String)
})
const Endpoint = Schema.Struct({
  id: Schema.String,
  service_type: Schema.String,
  region: Schema.String,
  interface: Schema.Literals(["public", "internal", "admin"]),
  url: Schema.String
})

/** What seed.py writes. */
export const Facts = Schema.Struct({
  auth_url: Schema.String,
  regions: Schema.Array(Schema.String),
  domains: Schema.Record(Schema.String, Named),
  projects: Schema.Record(Schema.String, Project),
  roles: Schema.Record(Schema.String, Named),
  users: Schema.Record(Schema.String, User),
  groups: Schema.Record(Schema.String, Schema.Struct({ ...Named.fields, members: Schema.Array(Schema.String) })),
  services: Schema.Record(Schema.String, Schema.Struct({ ...Named.fields, type: Schema.String })),
  endpoints: Schema.Array(Endpoint),
  application_credentials: Schema.Record(
    Schema.String,
    Schema.Struct({ id: Schema.String, name: Schema.String, secret: Schema.String, project_id: Schema.String })
  )
})

const file = process.env.KEYSTONE_SEED_FILE ?? new URL("../../.keystone/seed.json", import.meta.url).pathname
const shortFile = process.env.KEYSTONE_SHORT_SEED_FILE ?? new URL("../../.keystone-short/seed.json", import.meta.url).pathname

const read = (path: string) => Schema.decodeUnknownSync(Facts)(JSON.parse(readFileSync(path, "utf8")))

/** The seeded facts. Fails loudly (this is test set-up) when the rig has not been started. */
export const facts = read(file)

/** The facts of the second instance, whose tokens live 5 seconds (read when first asked for). */
export const shortLived = () => read(shortFile)

/** A seeded user, by the name seed.py gives it. */
export const user = (name: string) => {
  const found = facts.users[name]
  if (found === undefined) throw new Error(`no seeded user ${name} in ${file}`)
  return found
}

/** A seeded project, by name. */
export const project = (name: string) => {
  const found = facts.projects[name]
  if (found === undefined) throw new Error(`no seeded project ${name} in ${file}`)
  return found
}

/** The `scope` of a v3 auth request. */
export type Scope =
  | { readonly project: { readonly id: string } }
  | { readonly domain: { readonly id: string } }
  | { readonly system: { readonly all: true } }

/** The body of a v3 password authentication of a seeded user, with an optional scope. */
export const passwordAuth = (name: string, scope?: Scope, password = user(name).password) => ({
  auth: {
    identity: {
      methods: ["password"],
      password: { user: { name, domain: { id: user(name).domain_id }, password } }
    },
    ...(scope === undefined ? {} : { scope })
  }
})
