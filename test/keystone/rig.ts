/**
 * The facts of the real Keystone that scripts/keystone/start.sh started and seeded (KEYSTONE_SEED_FILE, by default
 * .keystone/seed.json), decoded once for the tests.
 */
import { readFacts, seedFile, shortSeedFile } from "../support/rigFacts.ts"

export { Facts } from "../support/rigFacts.ts"

/** The seeded facts. Fails loudly (this is test set-up) when the rig has not been started. */
export const facts = readFacts(seedFile)

/** The facts of the second instance, whose tokens live 5 seconds (read when first asked for). */
export const shortLived = () => readFacts(shortSeedFile)

/** A seeded user, by the name seed.py gives it. */
export const user = (name: string) => {
  const found = facts.users[name]
  if (found === undefined) throw new Error(`no seeded user ${name} in ${seedFile}`)
  return found
}

/** A seeded project, by name. */
export const project = (name: string) => {
  const found = facts.projects[name]
  if (found === undefined) throw new Error(`no seeded project ${name} in ${seedFile}`)
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
