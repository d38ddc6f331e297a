/**
 * The package as users get it: `npm pack`, installed into a fresh folder with only the registry's packages; there,
 * imported as ESM (the main entry, the Node entry, the test kit), typechecked as a consumer under
 * `moduleResolution: nodenext`, and run (a FakeCloud program). And the main entry bundled for browsers: no `node:`
 * module, nothing of @effect/platform-node or undici.
 */
import { execFile } from "node:child_process"
import { mkdtempSync, readdirSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { promisify } from "node:util"
import { build } from "esbuild"
import { beforeAll, describe, expect, it } from "vitest"

const run = promisify(execFile)
const repo = new URL("../../", import.meta.url).pathname
const npm = (args: ReadonlyArray<string>, cwd: string) => run("npm", [...args], { cwd, timeout: 300_000, maxBuffer: 64 * 1024 * 1024 })

const consumer = mkdtempSync(join(tmpdir(), "effect-openstack-consumer-"))

const program = `
import { Effect } from "effect"
import { Connection, Network, Resource, Transport } from "effect-openstack"
import * as NodeEntry from "effect-openstack/node"
import { FakeCloud } from "effect-openstack/testing"

const job = Effect.gen(function* () {
  const conn = yield* Connection.Connection
  const network = yield* conn.network.networks.findOrCreate("jenkins", {})
  const again = yield* conn.network.networks.findOrCreate("jenkins", {})
  const projects = yield* conn.identity.tokens.projects()
  return { same: network.id === again.id, projects: projects.map((p) => p.name), network: network.name }
})

const result = await Effect.runPromise(job.pipe(Effect.provide(FakeCloud.connection({ user: "demo", project: "demo" }))))
const checks = {
  nodeTransport: typeof Transport.node === "function" && NodeEntry.Transport.node === Transport.node,
  fetchTransport: typeof Transport.fetch === "function",
  resource: typeof Resource.define === "function",
  networks: typeof Network.Networks.Networks.layer === "function"
}
console.log(JSON.stringify({ ...result, ...checks }))
`

beforeAll(async () => {
  const packed = await npm(["pack", "--pack-destination", consumer, "--silent"], repo)
  const tarball = packed.stdout.trim().split("\n").at(-1) ?? ""
  writeFileSync(join(consumer, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }))
  await npm(["install", "--no-audit", "--no-fund", "--ignore-scripts", join(consumer, tarball)], consumer)
  writeFileSync(join(consumer, "main.ts"), program)
  writeFileSync(join(consumer, "tsconfig.json"), JSON.stringify({
    compilerOptions: {
      target: "ES2023", module: "nodenext", moduleResolution: "nodenext", strict: true, noEmit: true,
      exactOptionalPropertyTypes: true, skipLibCheck: false, types: ["node"], lib: ["ES2023", "DOM"],
      allowImportingTsExtensions: true
    },
    include: ["main.ts"]
  }))
}, 600_000)

describe("the package as users install it", () => {
  it("the tarball holds the build, the sources, the license and the README; not the tests", async () => {
    const listed = await npm(["pack", "--dry-run", "--json"], repo)
    const files = (JSON.parse(listed.stdout) as Array<{ files: Array<{ path: string }> }>)[0]?.files.map((f) => f.path) ?? []
    expect(files).toEqual(expect.arrayContaining(["LICENSE", "README.md", "package.json", "dist/index.js", "dist/node.js",
      "dist/index.d.ts", "dist/testing/index.js", "src/index.ts"]))
    expect(files.some((f) => f.startsWith("test/") || f.startsWith(".keystone"))).toBe(false)
  })

  it("installed from the tarball with the registry's packages only: it typechecks as a consumer (nodenext) and runs", async () => {
    expect(readdirSync(join(consumer, "node_modules"))).toEqual(expect.arrayContaining(["effect", "effect-openstack", "@effect"]))
    const tsc = join(repo, "node_modules/typescript/bin/tsc")
    const typechecked = await run(process.execPath, [tsc, "-p", consumer], { cwd: consumer, timeout: 120_000 }).catch((e: { stdout: string }) => e)
    expect(typechecked.stdout).toBe("")
    const ran = await run(process.execPath, ["main.ts"], { cwd: consumer, timeout: 60_000 })
    expect(JSON.parse(ran.stdout)).toEqual({
      same: true, projects: ["demo"], network: "jenkins", nodeTransport: true, fetchTransport: true, resource: true, networks: true
    })
  })

  it("the main entry, bundled for browsers from the installed package: no node: module, no platform-node, no undici", async () => {
    const bundled = await build({
      entryPoints: [join(consumer, "node_modules/effect-openstack/dist/index.js")],
      bundle: true, platform: "browser", format: "esm", write: false, logLevel: "silent"
    })
    const text = bundled.outputFiles[0]?.text ?? ""
    expect(text.length).toBeGreaterThan(100_000)
    expect(text).not.toMatch(/(from|import\(|require\()\s*["']node:/)
    expect(text).not.toMatch(/@effect\/platform-node|undici/)
  })
})
