// Bundles the command line (src/cli/main.ts) into one file, dist/cli.mjs, the package's `bin`: one file to compile
// instead of hundreds of modules to resolve, so that a command starts fast. What a command never loads stays out
// (undici: the CLI runs on Node's own http; node-redis: the Redis token store).
import { buildSync } from "esbuild"

buildSync({
  entryPoints: ["src/cli/main.ts"],
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node22",
  minify: true,
  outfile: "dist/cli.mjs",
  logLevel: "warning",
  external: ["undici", "redis", "@redis/*"],
  banner: { js: "#!/usr/bin/env node\nimport{createRequire as __cr}from\"node:module\";const require=__cr(import.meta.url);" }
})
