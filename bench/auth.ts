/**
 * How many times a fleet authenticates, and how long a burst takes: 1,000 calls at once with no token yet; 1,000 at
 * once when the token is about to expire; 10 processes at once sharing the file token store. effect-openstack
 * (single-flight token state; the file store shared across processes) side by side with keystoneauth1 (Debian's
 * python3-keystoneauth1; 256 threads; no store shared between processes). Each client against its own local auth
 * server (bench/auth-server.ts), which counts the tokens it issues. The figures go to BENCHMARKS.md.
 */
import { execFileSync, spawn } from "node:child_process"
import { mkdtempSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { writeSection } from "./report.ts"

execFileSync("bash", ["bench/anchors.sh"], { stdio: ["ignore", "ignore", "inherit"] })
const calls = Number(process.env.BENCH_AUTH_CALLS ?? 1000)
const processes = 10

/** An auth server issuing tokens that live `seconds`, stopped by `close`. */
const authServer = async (seconds: number) => {
  const child = spawn(process.execPath, ["bench/auth-server.ts", String(seconds)], { stdio: ["ignore", "pipe", "inherit"] })
  const port = await new Promise<number>((resolve) => child.stdout.once("data", (chunk: Buffer) => resolve(Number(String(chunk).trim()))))
  const issued = async () => ((await (await fetch(`http://127.0.0.1:${port}/count`)).json()) as { issued: number }).issued
  return { port, issued, close: () => child.kill() }
}

/** Runs `command` once per entry of `argv` at the same time; the longest burst, in ms. */
const together = (command: string, argv: ReadonlyArray<ReadonlyArray<string>>) =>
  Promise.all(argv.map((args) =>
    new Promise<number>((resolve, reject) => {
      const child = spawn(command, args, { stdio: ["ignore", "pipe", "inherit"] })
      let out = ""
      child.stdout.on("data", (chunk: Buffer) => (out += String(chunk)))
      child.on("exit", (code) => (code === 0 ? resolve((JSON.parse(out) as { ms: number }).ms) : reject(new Error(`${command} ${args.join(" ")}: ${code}`))))
    }))).then((times) => Math.max(...times))

const node = (mode: string, port: number, dir = "") => [...process.execArgv, "bench/auth-client.ts", mode, String(port), String(calls), dir]
const python = (mode: string, port: number) => ["bench/keystoneauth1_auth.py", mode, String(port), String(calls)]

/** One case for one client: tokens issued and the burst's time. */
const measure = async (lifetime: number, run: (port: number) => Promise<number>) => {
  const server = await authServer(lifetime)
  try {
    const ms = await run(server.port)
    return { issued: await server.issued(), ms }
  } finally {
    server.close()
  }
}

// Token lifetimes: ours is refreshed 120 s before its expiry or at half its life if that comes first, keystoneauth1's
// 120 s before; each gets a token that enters that window during the 5.5 s wait of the "expiry" case.
const rows = [
  [
    `${calls} calls at once, no token yet`,
    await measure(86_400, (port) => together(process.execPath, [node("cold", port)])),
    await measure(86_400, (port) => together("/usr/bin/python3", [python("cold", port)]))
  ],
  [
    `${calls} calls at once, the token about to expire (after one call)`,
    await measure(10, (port) => together(process.execPath, [node("expiry", port)])),
    await measure(125, (port) => together("/usr/bin/python3", [python("expiry", port)]))
  ],
  [
    `${processes} processes at once, one call each (effect-openstack: the file token store)`,
    await measure(86_400, (port) => {
      const dir = mkdtempSync(join(tmpdir(), "auth-bench-"))
      return together(process.execPath, Array.from({ length: processes }, () => node("file", port, dir)))
    }),
    await measure(86_400, (port) => together("/usr/bin/python3", Array.from({ length: processes }, () => python("file", port))))
  ]
] as const

writeSection("auth", `
## Authentications: bursts, expiry, a fleet of processes

Tokens a local auth server issued (POST /v3/auth/tokens) and the burst's wall time; one run each. keystoneauth1 runs
its calls from 256 threads on one Session. In the expiry case each client first makes one call, then waits 5.5 s
until its token is within its refresh window (ours: 120 s before expiry, or half the token's life if shorter: a 10 s
token; keystoneauth1's: 120 s before, a 125 s token), then bursts.

| case | effect-openstack: tokens | time | keystoneauth1: tokens | time |
|---|---|---|---|---|
${rows.map(([name, ours, theirs]) => `| ${name} | ${ours.issued} | ${ours.ms.toFixed(0)} ms | ${theirs.issued} | ${theirs.ms.toFixed(0)} ms |`).join("\n")}
`)
