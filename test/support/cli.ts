/**
 * The CLI as it ships, for the tests that run it as a child process: bundled once per test process
 * (scripts/cli-bundle.ts, as `npm run build` bundles it) into a directory of the repository's node_modules/.cache (so
 * that what the bundle leaves external resolves as it would installed), removed when the process exits.
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs"
import { join } from "node:path"
import { buildCli } from "../../scripts/cli-bundle.ts"

const cache = join(import.meta.dirname, "../../node_modules/.cache")
mkdirSync(cache, { recursive: true })
const outdir = mkdtempSync(join(cache, "cli-test-"))
process.on("exit", () => rmSync(outdir, { recursive: true, force: true }))

/** The bundle's entry: run it as `node <cliEntry> <args…>`. */
export const cliEntry = buildCli(outdir)
