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
 * them (openstacksdk's `connection.from_config(cloud_name)`), on Node's platform.
 *
 * @example
 * program.pipe(Effect.provide(Connection.fromConfig({ cloud: "mycloud" })))
 */
export const fromConfig = (options: Base.FromConfigOptions = {}): Layer.Layer<Base.Services, Base.ConnectionError> =>
  Base.fromConfigOn(node)(options).pipe(Layer.provide(Layer.merge(NodeFileSystem.layer, NodePath.layer)))
