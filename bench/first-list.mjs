// A user's one-shot program, as the cold-start benchmark runs it in a new process: a Connection from the OS_*
// variables (the file token store on, so a warm run does not authenticate) and the first list of projects. Prints
// what it found and the process's peak memory, as JSON. With the argument `one-shot`, on Connection.oneShot (Node's
// own http, no undici).
import * as Effect from "effect/Effect"
import { Connection } from "effect-openstack/node"

const platform = process.argv[2] === "one-shot" ? Connection.oneShot : Connection.node
const program = Effect.gen(function* () {
  const conn = yield* Connection.Connection
  const projects = yield* conn.identity.projects.list()
  return projects.length
})
const layer = Connection.fromConfig({ tokenStore: "file" }, platform)
const projects = await Effect.runPromise(program.pipe(Effect.provide(layer)))
console.log(JSON.stringify({ projects, maxRssKiB: process.resourceUsage().maxRSS }))
