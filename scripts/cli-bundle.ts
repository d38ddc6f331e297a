/**
 * The command line's bundle (src/cli/bin.ts → `<outdir>/cli.mjs`, the package's `bin`), shared by the build
 * (scripts/build-cli.ts) and the CLI's tests (which run what ships): a few files to compile instead of hundreds of
 * modules to resolve, so that a command starts fast. What a command may never load is split into chunks
 * (`cli-chunks/`) that only a dynamic import reaches: each command family but the one a command needs
 * (src/cli/families.ts), undici (the CLI runs on Node's own http), node-redis (the Redis token store), yaml (`-f yaml`,
 * clouds.yaml), FakeCloud (`fake-cloud`). undici and node-redis stay external: loaded from node_modules,
 * and only by the chunk that needs them (an external's import in one bundled file would be hoisted to its top and
 * loaded by every command).
 */
import { buildSync } from "esbuild"
import { rmSync } from "node:fs"
import { join } from "node:path"

/**
 * Builds the CLI into `outdir`; answers the path of its entry.
 *
 * @example
 * const entry = buildCli("dist") // "dist/cli.mjs"
 */
export const buildCli = (outdir: string): string => {
  rmSync(join(outdir, "cli-chunks"), { recursive: true, force: true })
  buildSync({
    entryPoints: { cli: join(import.meta.dirname, "../src/cli/bin.ts") },
    bundle: true,
    splitting: true,
    platform: "node",
    format: "esm",
    target: "node22",
    minify: true,
    outdir,
    outExtension: { ".js": ".mjs" },
    chunkNames: "cli-chunks/[name]-[hash]",
    logLevel: "warning",
    external: ["undici", "redis", "@redis/*"],
    banner: { js: "import{createRequire as __cr}from\"node:module\";const require=__cr(import.meta.url);" }
  })
  return join(outdir, "cli.mjs")
}
