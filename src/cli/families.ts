/**
 * The command families, each loaded when it is needed: a command loads the module of its noun only (`project list`
 * compiles and builds no network command), help, completions and an unknown noun load them all. Each family is its
 * own chunk of the CLI's bundle (a dynamic import), so what a command does not use is neither compiled nor run.
 *
 * @example
 * const commands = yield* Families.forArguments(["--os-cloud", "devstack", "project", "list"]) // [project]
 *
 * @module
 */
import * as Effect from "effect/Effect"
import * as Globals from "./globals.ts"

/** Each family by its noun (the first word of its commands), and how to load it. */
const families = {
  token: () => import("./token.ts").then((module) => module.command),
  project: () => import("./identity/projects.ts").then((module) => module.command),
  user: () => import("./identity/users.ts").then((module) => module.command),
  domain: () => import("./identity/domains.ts").then((module) => module.command),
  group: () => import("./identity/groups.ts").then((module) => module.command),
  role: () => import("./identity/roles.ts").then((module) => module.command),
  application: () => import("./identity/applicationCredentials.ts").then((module) => module.command),
  catalog: () => import("./identity/catalog.ts").then((module) => module.command),
  endpoint: () => import("./identity/endpoints.ts").then((module) => module.command),
  service: () => import("./identity/services.ts").then((module) => module.command),
  region: () => import("./identity/regions.ts").then((module) => module.command),
  network: () => import("./network/networks.ts").then((module) => module.command),
  subnet: () => import("./network/subnets.ts").then((module) => module.command),
  port: () => import("./network/ports.ts").then((module) => module.command),
  router: () => import("./network/routers.ts").then((module) => module.command),
  security: () => import("./network/securityGroups.ts").then((module) => module.command),
  floating: () => import("./network/floatingIps.ts").then((module) => module.command),
  "fake-cloud": () => import("./fakeCloud.ts").then((module) => module.command)
} as const

type Noun = keyof typeof families

/**
 * A family's root command (its type: any of them).
 *
 * @example
 * const commands: ReadonlyArray<Families.Family> = yield* Families.forArguments(args)
 */
export type Family = Awaited<ReturnType<(typeof families)[Noun]>>

const isNoun = (word: string): word is Noun => Object.hasOwn(families, word)

/**
 * The noun of a command line: its first word that is neither an option nor a global option's value (`--os-cloud x`),
 * or `undefined` (none, or help asked before it: every family is needed to show it).
 *
 * @example
 * Families.nounOf(["--os-cloud", "devstack", "project", "list"]) // "project"
 */
export const nounOf = (args: ReadonlyArray<string>): string | undefined => {
  for (let i = 0; i < args.length; i++) {
    const word = args[i] ?? ""
    if (word === "--help" || word === "-h") return undefined
    if (!word.startsWith("-")) return word
    if (!word.includes("=") && Globals.takesValue(word)) i++
  }
  return undefined
}

/**
 * The families a command line needs: its noun's, else all of them (help, completions, a noun that is none).
 *
 * @example
 * const commands = yield* Families.forArguments(process.argv.slice(2))
 */
export const forArguments = (args: ReadonlyArray<string>): Effect.Effect<ReadonlyArray<Family>> => {
  const noun = nounOf(args)
  const wanted = noun !== undefined && isNoun(noun) ? [families[noun]] : Object.values(families)
  return Effect.promise(() => Promise.all(wanted.map((load) => load())))
}
