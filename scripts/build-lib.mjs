// Bundles the library's own modules into its entries (dist/index.js, dist/node.js, dist/testing/index.js, and the
// chunks they share in dist/chunks/): one file to load per entry instead of ~110 modules to resolve, read and compile
// (BENCHMARKS.md, "Cold start"). Dependencies (effect, @effect/platform-node, yaml, …) stay imports — shared with the
// application, as a library's must be. One build, code splitting on: an application that imports several entries
// gets one instance of each module (the services' keys are the same objects). Types come from tsc (dist/**/*.d.ts).
import { buildSync } from "esbuild"
import { rmSync } from "node:fs"

rmSync("dist/chunks", { recursive: true, force: true })
buildSync({
  entryPoints: { index: "src/index.ts", node: "src/node.ts", "testing/index": "src/testing/index.ts" },
  bundle: true,
  splitting: true,
  packages: "external",
  platform: "neutral",
  format: "esm",
  target: "es2022",
  outdir: "dist",
  chunkNames: "chunks/[name]-[hash]",
  sourcemap: true,
  sourcesContent: false,
  logLevel: "warning"
})
