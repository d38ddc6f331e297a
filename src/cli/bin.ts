#!/usr/bin/env node
/**
 * The `effect-openstack` executable (dist/cli.mjs, the package's `bin`): the program (src/cli/main.ts, bundled by the
 * build as one CommonJS file, `cli-program-<hash>.cjs` beside this one) run through V8's code cache made after a
 * command (src/cli/codeCache.ts), so that from the second command on V8 reads the program's compiled code — the
 * functions a command calls included — instead of compiling it again (BENCHMARKS.md, "The command line").
 *
 * @example
 * // $ effect-openstack project list
 *
 * @module
 */
import * as Path from "node:path"
import * as CodeCache from "./codeCache.ts"

/** The program's file name, written in by the build (scripts/cli-bundle.ts): `cli-program-<hash>.cjs`. */
declare const EFFECT_OPENSTACK_CLI_PROGRAM: string

CodeCache.run(
  {
    file: Path.join(import.meta.dirname, EFFECT_OPENSTACK_CLI_PROGRAM),
    id: Path.basename(EFFECT_OPENSTACK_CLI_PROGRAM, ".cjs")
  },
  process.argv.slice(2)
)
