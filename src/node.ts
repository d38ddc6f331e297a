/**
 * effect-openstack on Node (and Bun or Deno through their Node support): everything of the main entry, with what needs
 * Node's own modules — `Transport.node` (undici, with TLS settings and a keep-alive pool), `TokenStore.file` (tokens
 * shared by the user's processes), and a `Connection` whose defaults are those two and whose `fromConfig` reads
 * clouds.yaml from disk. The package's conditional exports give this entry to Node by default; `effect-openstack/node`
 * names it explicitly. The main entry (`default` condition) imports no `node:` module, so it bundles for browsers.
 *
 * @example
 * import { Effect } from "effect"
 * import { Connection } from "effect-openstack"   // on Node: this entry
 *
 * const program = Effect.flatMap(Connection.Connection, (conn) => conn.network.networks.list())
 * program.pipe(Effect.provide(Connection.fromConfig({ cloud: "mycloud", tokenStore: "file" })))
 *
 * @module
 */
export * from "./index.ts"
export * as Connection from "./node/Connection.ts"
export * as SharedRedis from "./node/SharedRedis.ts"
export * as TokenStore from "./node/TokenStore.ts"
export * as Transport from "./node/Transport.ts"
