/**
 * The `effect-openstack` program (alias `eos`): {@link App.run} on Node, its answer as the exit code.
 *
 * @example
 * // $ effect-openstack --os-cloud devstack project list -f json
 *
 * @module
 */
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as NodeServices from "@effect/platform-node/NodeServices"
import * as Effect from "effect/Effect"
import * as App from "./app.ts"

NodeRuntime.runMain(
  App.run(process.argv.slice(2)).pipe(
    Effect.flatMap((code) => Effect.sync(() => (process.exitCode = code))),
    Effect.provide(NodeServices.layer)
  ),
  { disableErrorReporting: true }
)
