/**
 * The facts the Keystone rig's seed.py writes (ids, names, passwords, endpoints), and how to read them. No side
 * effects: reading is up to the caller (the real-server tests at import, the contract suite only for its real target).
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

/** The seed file of the main Keystone, and of the one with short-lived tokens. */
export const seedFile = process.env.KEYSTONE_SEED_FILE ?? new URL("../../.keystone/seed.json", import.meta.url).pathname
export const shortSeedFile = process.env.KEYSTONE_SHORT_SEED_FILE ?? new URL("../../.keystone-short/seed.json", import.meta.url).pathname

/** The facts in a seed file. Fails loudly (this is test set-up) when the rig has not been started. */
export const readFacts = (path: string): typeof Facts.Type => Schema.decodeUnknownSync(Facts)(JSON.parse(readFileSync(path, "utf8")))
