/**
 * A new process's first project list against the real Keystone (the rig's, started when it is not up), with a warm
 * file token store, side by side with openstacksdk's `openstack.connect()` + first project list (Debian's
 * python3-openstacksdk); and the import alone: `import "effect-openstack"` against `import "effect/Effect"` and
 * Python's `import openstack`. The SDK's program as installed (dist, Node resolving each module) and bundled by esbuild
 * into one file (as a CLI or a serverless function ships), each on Connection.node (undici) and on Connection.oneShot
 * (Node's own http). Every figure is a new process; the
 * clients take turns over the rounds; ratios are per round, then the median. The figures go to BENCHMARKS.md.
 */
import { spawnSync } from "node:child_process"
import { mkdtempSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { buildSync } from "esbuild"
import { prepare } from "./processes.ts"
import { writeSection } from "./report.ts"

const rounds = Number(process.env.BENCH_ROUNDS ?? 10)
const python = "/usr/bin/python3"

/** The OS_* variables of the rig's admin, and a token store of the benchmark's own. */
const env = prepare("coldstart")

// Inside the repository, so that what the bundle leaves out (undici) resolves from node_modules as it would installed.
const bundle = join("dist", "bench", "first-list.bundle.mjs")
buildSync({
  entryPoints: { "first-list.bundle": "bench/first-list.mjs" },
  bundle: true,
  // What only a dynamic import reaches goes to chunks of its own: loaded when a program uses it (undici by
  // Transport.node, node-redis by the Redis store), so the one-shot program does not load what it never runs (an
  // external's import would otherwise be hoisted to the bundle's top and loaded by every run).
  splitting: true,
  platform: "node",
  format: "esm",
  minify: true,
  outdir: join("dist", "bench"),
  outExtension: { ".js": ".mjs" },
  logLevel: "warning",
  external: ["undici", "redis", "@redis/*"],
  banner: { js: "import{createRequire as __cr}from\"node:module\";const require=__cr(import.meta.url);" }
})

/** One new process: its wall time (ms) and peak memory (MiB, as it reports it, else from the OS). */
const once = (
  command: string,
  args: ReadonlyArray<string>,
  extra: Readonly<Record<string, string>> = {}
): { readonly ms: number, readonly mib: number } => {
  const started = performance.now()
  const run = spawnSync(command, args, { env: { ...env, ...extra }, encoding: "utf8" })
  const ms = performance.now() - started
  if (run.status !== 0) throw new Error(`${command} ${args.join(" ")} failed: ${run.stderr}`)
  const last = run.stdout.trim().split("\n").at(-1) ?? "{}"
  const reported = (JSON.parse(last.startsWith("{") ? last : "{}") as { maxRssKiB?: number }).maxRssKiB
  return { ms, mib: (reported ?? Number.NaN) / 1024 }
}

const node = process.execPath
const measureRss = "process.on('exit',()=>console.log(JSON.stringify({maxRssKiB:process.resourceUsage().maxRSS})))"
// Node's on-disk compile cache (NODE_COMPILE_CACHE, or module.enableCompileCache() in the program's entry, as the CLI
// does): what a one-shot program's author can turn on; a row of its own, in a directory of the benchmark's own.
const compileCache = { NODE_COMPILE_CACHE: mkdtempSync(join(tmpdir(), "coldstart-compile-cache-")) }
const cliRow = "effect-openstack project list (the CLI as it ships, its code cache warm)"
const programs: Record<string, readonly [string, ReadonlyArray<string>, Readonly<Record<string, string>>?]> = {
  "openstacksdk: connect() + first project list": [python, ["bench/first_list.py"]],
  "effect-openstack, as installed: fromConfig + first project list": [node, ["bench/first-list.mjs"]],
  "effect-openstack, bundled (esbuild, one file)": [node, [bundle]],
  "effect-openstack, as installed, Connection.oneShot (node:http)": [node, ["bench/first-list.mjs", "one-shot"]],
  "effect-openstack, bundled, Connection.oneShot (node:http)": [node, [bundle, "one-shot"]],
  "effect-openstack, bundled, Connection.oneShot, Node's compile cache": [node, [bundle, "one-shot"], compileCache],
  // The command line as it ships (dist/cli.mjs: one bundle, Connection.oneShot, its code cache made by the warm-up run).
  [cliRow]: [node, ["--import", `data:text/javascript,${encodeURIComponent(measureRss)}`, "dist/cli.mjs", "project", "list"]],
  "Python: import openstack": [python, ["-c", "import openstack, json, resource; print(json.dumps({'maxRssKiB': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))"]],
  "Node: import \"effect/Effect\"": [node, ["--input-type=module", "-e", `${measureRss}; await import("effect/Effect")`]],
  "Node: import \"effect-openstack\"": [node, ["--input-type=module", "-e", `${measureRss}; await import("effect-openstack")`]],
  "Node: import what the SDK needs of effect (Schema, HttpClient, Layer, Stream)": [node, ["--input-type=module", "-e", `${measureRss}; await Promise.all(["effect/Schema", "effect/http/HttpClient", "effect/Layer", "effect/Stream"].map((m) => import(m)))`]],
  "Node: nothing (node -e 0)": [node, ["-e", measureRss]]
}

// Warm the token store (and the OS's file cache) once.
for (const [command, args, extra] of Object.values(programs)) once(command, args, extra)

const names = Object.keys(programs)
const runs: Record<string, Array<{ ms: number, mib: number }>> = Object.fromEntries(names.map((n) => [n, []]))
for (let round = 0; round < rounds; round++) {
  for (let turn = 0; turn < names.length; turn++) {
    const name = names[(round + turn) % names.length] ?? ""
    const [command, args, extra] = programs[name] ?? [node, []]
    runs[name]?.push(once(command, args, extra))
  }
}

const median = (values: ReadonlyArray<number>) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN
const ratio = (name: string, anchor: string) =>
  median((runs[name] ?? []).map((r, i) => r.ms / (runs[anchor]?.[i]?.ms ?? Number.NaN)))
const row = (name: string, anchor: string) => {
  const own = runs[name] ?? []
  return `| ${name} | ${median(own.map((r) => r.ms)).toFixed(0)} ms | ${median(own.map((r) => r.mib)).toFixed(0)} MiB | ${ratio(name, anchor).toFixed(2)} × |`
}
const sdk = "openstacksdk: connect() + first project list"
const effect = "Node: import \"effect/Effect\""

writeSection("coldstart", `
## Cold start: a new process's first project list, and the import

The real Keystone of the rig; the SDK's file token store warm (no authentication; openstacksdk authenticates: it has no
token cache on by default). ${rounds} rounds, the programs taking turns; each figure is a new process (wall time as
the parent sees it, peak RSS as the process reports it), the median; ratio = this program's time / the anchor's in
the same round, then the median.

| new process | time | peak memory | ratio to openstacksdk |
|---|---|---|---|
${row(sdk, sdk)}
${row("effect-openstack, as installed: fromConfig + first project list", sdk)}
${row("effect-openstack, bundled (esbuild, one file)", sdk)}
${row("effect-openstack, as installed, Connection.oneShot (node:http)", sdk)}
${row("effect-openstack, bundled, Connection.oneShot (node:http)", sdk)}
${row("effect-openstack, bundled, Connection.oneShot, Node's compile cache", sdk)}
${row(cliRow, sdk)}

| import | time | peak memory | ratio to import "effect/Effect" |
|---|---|---|---|
${row("Node: nothing (node -e 0)", effect)}
${row(effect, effect)}
${row("Node: import what the SDK needs of effect (Schema, HttpClient, Layer, Stream)", effect)}
${row("Node: import \"effect-openstack\"", effect)}
${row("Python: import openstack", effect)}
`)
