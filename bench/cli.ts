/**
 * The command line against the real Keystone (the rig's, started when it is not up), side by side with
 * python-openstackclient: `effect-openstack project list` and `token issue` (the bundle `npm run build` ships,
 * dist/cli.mjs, its file token store warm) against `openstack project list` / `openstack token issue` (Debian's; it
 * authenticates on every command: it has no token cache). Every figure is a new process; the commands take turns
 * over the rounds; ratio = ours / openstack's in the same round, then the median. The figures go to BENCHMARKS.md.
 */
import { spawnSync } from "node:child_process"
import { prepare } from "./processes.ts"
import { writeSection } from "./report.ts"

const rounds = Number(process.env.BENCH_ROUNDS ?? 10)

/** The OS_* variables of the rig's admin, and a token store of the benchmark's own. */
const env = prepare("cli-bench")

/** One new process's wall time (ms). */
const once = (command: string, args: ReadonlyArray<string>): number => {
  const started = performance.now()
  const run = spawnSync(command, args, { env, encoding: "utf8" })
  const ms = performance.now() - started
  if (run.status !== 0) throw new Error(`${command} ${args.join(" ")} failed: ${run.stderr}`)
  return ms
}

const node = process.execPath
const programs: Record<string, readonly [string, ReadonlyArray<string>]> = {
  "openstack project list": ["openstack", ["project", "list"]],
  "effect-openstack project list": [node, ["dist/cli.mjs", "project", "list"]],
  "openstack token issue": ["openstack", ["token", "issue"]],
  "effect-openstack token issue": [node, ["dist/cli.mjs", "token", "issue"]]
}

// Warm the token store (and the OS's file cache) once.
for (const [command, args] of Object.values(programs)) once(command, args)

const names = Object.keys(programs)
const runs: Record<string, Array<number>> = Object.fromEntries(names.map((n) => [n, []]))
for (let round = 0; round < rounds; round++) {
  for (let turn = 0; turn < names.length; turn++) {
    const name = names[(round + turn) % names.length] ?? ""
    const [command, args] = programs[name] ?? [node, []]
    runs[name]?.push(once(command, args))
  }
}

const median = (values: ReadonlyArray<number>) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN
const ratios = (name: string, anchor: string) => (runs[name] ?? []).map((ms, i) => ms / (runs[anchor]?.[i] ?? Number.NaN))
const row = (name: string, anchor: string) =>
  `| ${name} | ${median(runs[name] ?? []).toFixed(0)} ms | ${median(ratios(name, anchor)).toFixed(2)} × | ${
    ratios(name, anchor).map((r) => r.toFixed(2)).join(", ")} |`

writeSection("cli", `
## The command line against python-openstackclient

The real Keystone of the rig; \`effect-openstack\` is the bundle \`npm run build\` ships (dist/cli.mjs), its file token
store warm (no authentication); \`openstack\` is Debian's python-openstackclient (it authenticates on every command).
${rounds} rounds, the commands taking turns; each figure is a new process's wall time, the median; ratio = ours /
openstack's in the same round (every round's ratio given, then the median).

| command | time | ratio to openstack | ratio by round |
|---|---|---|---|
${row("openstack project list", "openstack project list")}
${row("effect-openstack project list", "openstack project list")}
${row("openstack token issue", "openstack token issue")}
${row("effect-openstack token issue", "openstack token issue")}
`)
