// Bundles the command line (src/cli/main.ts) into dist/cli.mjs, the package's `bin`: one file to compile instead of
// hundreds of modules to resolve, so that a command starts fast. What a command may never load is split into chunks
// (dist/cli-chunks/) that only a dynamic import reaches: undici (the CLI runs on Node's own http), node-redis (the
// Redis token store), yaml (`-f yaml`, clouds.yaml). undici and node-redis stay external: loaded from node_modules,
// and only by the chunk that needs them.
import { buildSync } from "esbuild"
import { rmSync } from "node:fs"

rmSync("dist/cli-chunks", { recursive: true, force: true })
buildSync({
  entryPoints: { cli: "src/cli/main.ts" },
  bundle: true,
  splitting: true,
  platform: "node",
  format: "esm",
  target: "node22",
  minify: true,
  outdir: "dist",
  outExtension: { ".js": ".mjs" },
  chunkNames: "cli-chunks/[name]-[hash]",
  logLevel: "warning",
  external: ["undici", "redis", "@redis/*"],
  banner: { js: "import{createRequire as __cr}from\"node:module\";const require=__cr(import.meta.url);" }
})
