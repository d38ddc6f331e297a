#!/usr/bin/env node
/**
 * The `effect-openstack` executable (the bundle's entry, dist/cli.mjs): Node's on-disk compile cache turned on
 * (`module.enableCompileCache`, Node ≥ 22.1; `NODE_DISABLE_COMPILE_CACHE=1` turns it off), then the program
 * (src/cli/main.ts) loaded — so that from the second command on V8 reads the program's compiled code instead of
 * compiling it again (BENCHMARKS.md, "The command line").
 *
 * @example
 * // $ effect-openstack project list
 *
 * @module
 */
import * as Module from "node:module"

Module.enableCompileCache?.()
await import("./main.ts")
