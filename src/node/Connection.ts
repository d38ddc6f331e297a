/**
 * The Connection of the Node entry: the same as `Connection`, on Node's platform — undici (with the cloud's TLS
 * settings) when no transport is given, the file token store, and clouds.yaml read from disk.
 *
 * @example
 * import { Effect } from "effect"
 * import { Connection } from "effect-openstack/node"
 *
 * program.pipe(Effect.provide(Connection.fromConfig({ cloud: "mycloud", tokenStore: "file" })))
 *
 * @module
 */
import * as NodeFileSystem from "@effect/platform-node/NodeFileSystem"
import * as NodePath from "@effect/platform-node/NodePath"
import * as Layer from "effect/Layer"
import * as Base from "../Connection.ts"
import * as TokenStore from "./TokenStore.ts"
import * as Transport from "./Transport.ts"

export * from "../Connection.ts"

/**
 * Node's platform: undici with the cloud's TLS settings, and the file token store.
 *
 * @example
 * const layer = Connection.layerOn(Connection.node)({ auth })
 */
export const node: Base.Platform = {
  transport: (tls) => Transport.node(tls),
  fileTokenStore: (directory) => TokenStore.TokenStore.file(directory === undefined ? {} : { directory })
}

/**
 * Node's platform for a one-shot process (a CLI, a cron job, a serverless function): the same as {@link node} on
 * Node's own `http` / `https` (`Transport.nodeHttp`), which loads nothing Node has not loaded already, where undici
 * costs a few hundred milliseconds of start-up (BENCHMARKS.md, "Cold start").
 *
 * @example
 * program.pipe(Effect.provide(Connection.fromConfig({ cloud: "mycloud", tokenStore: "file" }, Connection.oneShot)))
 */
export const oneShot: Base.Platform = {
  ...node,
  transport: (tls) => Transport.nodeHttp(tls)
}

/**
 * A connection from options on Node: undici (with `tls`) unless a transport is given, the token store (`"file"`
 * shares tokens between the user's processes), the Session, each service and the Connection itself.
 *
 * @example
 * program.pipe(Effect.provide(Connection.layer({ auth, tokenStore: "file" })))
 */
export const layer: (options: Base.ConnectionOptions) => Layer.Layer<Base.Services, Base.ConnectionError> =
  Base.layerOn(node)

/**
 * A connection from clouds.yaml / secure.yaml / the `OS_*` variables read from disk, resolved as openstacksdk resolves
 * them (openstacksdk's `connection.from_config(cloud_name)`), on Node's platform ({@link node}, or {@link oneShot}
 * for a process that makes a few requests and exits).
 *
 * @example
 * program.pipe(Effect.provide(Connection.fromConfig({ cloud: "mycloud" })))
 */
export const fromConfig = (
  options: Base.FromConfigOptions = {},
  platform: Base.Platform = node
): Layer.Layer<Base.Services, Base.ConnectionError> =>
  Base.fromConfigOn(platform)(options).pipe(Layer.provide(Layer.merge(NodeFileSystem.layer, NodePath.layer)))
