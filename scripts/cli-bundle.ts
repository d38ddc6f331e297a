/**
 * The command line's bundle, shared by the build (scripts/build-cli.ts) and the CLI's tests (which run what ships):
 * the program (src/cli/main.ts) as one CommonJS file, `<outdir>/cli-program-<hash>.cjs`, and the executable
 * (src/cli/bin.ts → `<outdir>/cli.mjs`, the package's `bin`) that runs it through V8's code cache
 * (src/cli/codeCache.ts; the hash names the build whose cache it is). One file to compile — or to read compiled from
 * the cache — instead of hundreds of modules to resolve. What a command may never run is reached only by a dynamic
 * import, which the bundler turns into a module initialised on first use: each command family but the one a command
 * needs (src/cli/families.ts), yaml (`-f yaml`, clouds.yaml), FakeCloud (`fake-cloud`). undici and node-redis stay
 * external: loaded from node_modules, and only by a command that uses them (the CLI runs on Node's own http).
 */
import { buildSync } from "esbuild"
import { readdirSync, rmSync } from "node:fs"
import { basename, join } from "node:path"

const source = (file: string) => join(import.meta.dirname, "../src/cli", file)

/** The program's earlier builds (and the code-split layout before it), removed before a build. */
const removeEarlier = (outdir: string) => {
  rmSync(join(outdir, "cli-chunks"), { recursive: true, force: true })
  for (const name of readdirSync(outdir)) {
    if (/^cli-program-.*\.cjs$/.test(name)) rmSync(join(outdir, name), { force: true })
  }
}

/**
 * Builds the CLI into `outdir` (which exists); answers the path of its entry.
 *
 * @example
 * const entry = buildCli("dist") // "dist/cli.mjs"
 */
export const buildCli = (outdir: string): string => {
  removeEarlier(outdir)
  const program = buildSync({
    entryPoints: { "cli-program": source("main.ts") },
    entryNames: "[name]-[hash]",
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node22",
    minify: true,
    outdir,
    outExtension: { ".js": ".cjs" },
    metafile: true,
    logLevel: "warning",
    external: ["undici", "redis", "@redis/*"],
    // Every import() becomes a require (the program runs as a vm.Script, which has no module loader of its own).
    supported: { "dynamic-import": false }
  })
  const programFile = Object.keys(program.metafile.outputs).find((output) => output.endsWith(".cjs"))
  if (programFile === undefined) throw new Error("the CLI's program was not built")
  buildSync({
    entryPoints: { cli: source("bin.ts") },
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node22",
    minify: true,
    outdir,
    outExtension: { ".js": ".mjs" },
    define: { EFFECT_OPENSTACK_CLI_PROGRAM: JSON.stringify(basename(programFile)) },
    logLevel: "warning"
  })
  return join(outdir, "cli.mjs")
}
