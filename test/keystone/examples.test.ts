/**
 * Every program in examples/ runs against the real Keystone, as a user would run it: a child Node process, the OS_*
 * variables (or a clouds.yaml) of the rig, its output checked.
 */
import { execFile } from "node:child_process"
import { mkdtempSync, readdirSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { promisify } from "node:util"
import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import * as Redis from "effect/persistence/Redis"
import { SharedRedis } from "effect-openstack/node"
import { withNetwork } from "../contract/network.ts"
import { facts, project, user } from "./rig.ts"

const run = promisify(execFile)
const examples = new URL("../../examples/", import.meta.url).pathname
const root = facts.auth_url.replace(/\/v3\/?$/, "")
const scratch = mkdtempSync(join(tmpdir(), "effect-openstack-examples-"))

/** Runs an example; its stdout and stderr. The environment is the rig's, not the developer's. */
const example = async (name: string, env: Readonly<Record<string, string>>, args: ReadonlyArray<string> = []) => {
  const { stdout, stderr } = await run(process.execPath, ["--conditions=effect-openstack/source", join(examples, name), ...args], {
    env: { PATH: process.env.PATH ?? "", HOME: scratch, XDG_CACHE_HOME: join(scratch, "cache"), ...env },
    timeout: 60_000
  })
  return { stdout, stderr }
}

/** The OS_* variables of a seeded user on a project (the domains too, which the openstack CLI needs for v3). */
const as = (name: string, projectName: string, authUrl = root) => ({
  OS_AUTH_URL: authUrl,
  OS_USERNAME: name,
  OS_PASSWORD: user(name).password,
  OS_PROJECT_NAME: projectName,
  OS_USER_DOMAIN_NAME: "Default",
  OS_PROJECT_DOMAIN_NAME: "Default"
})

describe("examples/", () => {
  it("every example is covered here", () => {
    const covered = [
      "authenticate.ts",
      "authorize.ts",
      "connect.ts",
      "find-or-create.ts",
      "fleet.ts",
      "from-config.ts",
      "keystone-client.ts",
      "quickstart.ts",
      "session.ts",
      "url-for.ts"
    ]
    expect(readdirSync(examples).filter((f) => f.endsWith(".ts")).sort()).toEqual(covered)
  })

  it("quickstart (npm start, the main job): projects, then a network with a subnet and a port; again: found; --cleanup", async () => {
    const env = { ...as("demo", "demo"), NETWORK_NAME: `main-job-${Date.now().toString(36)}` }
    const first = await example("quickstart.ts", env)
    expect(first.stdout).toContain("Using the cloud of your OS_CLOUD / OS_* settings.")
    expect(first.stdout).toContain("Projects you may use (2):")
    expect(first.stdout).toMatch(new RegExp(`\\| ${project("demo").id} \\| demo +\\| default \\| true +\\|`))
    expect(first.stdout).toContain(`Created network "${env.NETWORK_NAME}":`)
    expect(first.stdout).toMatch(/\| subnet +\| [0-9a-f-]{36} \| \S+-subnet \| 10\.42\.0\.0\/24, gateway 10\.42\.0\.1 +\|/)
    expect(first.stdout).toMatch(/\| port +\| [0-9a-f-]{36} \| \S+-port +\| 10\.42\.0\.\d+, mac fa:16:3e:/)
    const second = await example("quickstart.ts", env)
    expect(second.stdout).toContain(`Found network "${env.NETWORK_NAME}":`)
    const ids = (out: string) => [...out.matchAll(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g)].map((m) => m[0])
    expect(ids(second.stdout)).toEqual(ids(first.stdout))
    const cleaned = await example("quickstart.ts", env, ["--cleanup"])
    expect(cleaned.stdout).toMatch(new RegExp(`removed network ${env.NETWORK_NAME} \\(${ids(first.stdout)[0]}\\), its subnet and its port`))
    const gone = await Effect.runPromise(withNetwork(({ networks }) => networks.list({ name: env.NETWORK_NAME }), "demo"))
    expect(gone).toEqual([])
  })

  it("authenticate: the user, the project, the compute endpoint; the second run reuses the stored token", async () => {
    const first = await example("authenticate.ts", as("demo", "demo"))
    expect(first.stdout).toMatch(/^demo on demo, token until \d{4}-/)
    expect(first.stdout).toContain("compute: http://127.0.0.1:8774/v2.1")
    const second = await example("authenticate.ts", as("demo", "demo"))
    expect(second.stdout.split("\n")[0]).toBe(first.stdout.split("\n")[0])
  })

  it("connect: the admin lists every seeded project", async () => {
    const { stdout } = await example("connect.ts", as("admin", "admin"))
    for (const name of ["admin", "demo", "demo-child", "alt", "acme-project"]) {
      expect(stdout).toContain(`${project(name).id}  ${name}\n`)
    }
    expect(stdout).toMatch(/\n\d+ projects\n$/)
  })

  it("find-or-create (seed 000, on the real Neutron): the first run creates the network, the second finds it", async () => {
    const env = { ...as("demo", "demo"), NETWORK_NAME: `jenkins-${Date.now().toString(36)}` }
    const first = await example("find-or-create.ts", env)
    expect(first.stdout).toMatch(new RegExp(`^created network ${env.NETWORK_NAME} \\([0-9a-f-]{36}\\)\\n$`))
    const second = await example("find-or-create.ts", env)
    expect(second.stdout).toBe(first.stdout.replace("created", "found"))
    const named = await Effect.runPromise(withNetwork(({ networks }) => networks.list({ name: env.NETWORK_NAME }), "demo"))
    expect(named.map((network) => network.id)).toEqual([/\(([0-9a-f-]{36})\)/.exec(first.stdout)?.[1]])
    await Effect.runPromise(withNetwork(({ networks }) => Effect.forEach(named, (network) => networks.delete(network.id)), "demo"))
  })

  it("from-config: the cloud from OS_CLIENT_CONFIG_FILE and OS_CLOUD; an unknown cloud fails naming it", async () => {
    const file = join(scratch, "clouds.yaml")
    writeFileSync(file, [
      "clouds:",
      "  rig:",
      "    auth:",
      `      auth_url: ${root}`,
      "      username: demo",
      `      password: ${user("demo").password}`,
      "      project_name: demo",
      "      user_domain_name: Default",
      "      project_domain_name: Default",
      "    region_name: RegionOne",
      ""
    ].join("\n"))
    const { stdout } = await example("from-config.ts", { OS_CLIENT_CONFIG_FILE: file, OS_CLOUD: "rig" })
    expect(stdout).toBe("this user may use: demo, demo-child\n")
    const failed = await example("from-config.ts", { OS_CLIENT_CONFIG_FILE: file, OS_CLOUD: "nope" }).catch(
      (error: { stdout: string, stderr: string, code: number }) => error
    )
    expect("code" in failed && failed.code).toBe(1)
    const output = failed.stdout + failed.stderr // runMain logs the failure
    expect(output).toContain(`CloudConfigError: cloud "nope" was not found in ${file}; known clouds: rig`)
    expect(output).not.toContain(user("demo").password)
  })

  it("authorize: a Redacted token, the same on the second call, the project it is scoped to", async () => {
    const { stdout } = await example("authorize.ts", as("demo", "demo"))
    expect(stdout).toMatch(/^token: <redacted(:token)?> \(\d+ characters\)\n/)
    expect(stdout).toContain("same token: true\n")
    expect(stdout).toContain(`scoped to project ${project("demo").id}\n`)
  })

  it("fleet: the networks, through a token sealed in Redis (the entry there after the first run)", async () => {
    const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6390"
    const env = { ...as("demo", "demo"), REDIS_URL: redisUrl, TOKEN_STORE_KEY: "examples-test-key-0123456789abcdefghij" }
    const first = await example("fleet.ts", env)
    expect(first.stdout).toMatch(/^\d+ networks: /)
    const entries = await Effect.runPromise(
      Effect.scoped(
        Effect.flatMap(Redis.Redis, (redis) => redis.send<Array<string>>("KEYS", "effect-openstack:token:*")).pipe(
          Effect.provide(SharedRedis.layer({ url: redisUrl }))
        )
      )
    )
    expect(entries.length).toBeGreaterThan(0)
    const second = await example("fleet.ts", env)
    expect(second.stdout).toBe(first.stdout)
  })

  it("session: a Session request with an endpoint filter lists the projects", async () => {
    const { stdout } = await example("session.ts", as("admin", "admin"))
    expect(stdout).toContain(`${project("demo").id}  demo\n`)
  })

  it("keystone-client: lazy user, project and projects; a stored token bootstraps a second client", async () => {
    const { stdout } = await example("keystone-client.ts", as("demo", "demo", facts.auth_url))
    expect(stdout).toBe("user demo, project demo\nmay use: demo, demo-child\nstored token reused: true\n")
  })

  it("url-for: public, private (= internal), another region, an alias, and EndpointNotFound", async () => {
    const { stdout } = await example("url-for.ts", as("demo", "demo"))
    expect(stdout).toContain("compute public:   http://127.0.0.1:8774/v2.1\n")
    expect(stdout).toContain("compute private:  http://127.0.0.1:8774/internal/v2.1\n")
    expect(stdout).toContain("network RegionTwo: http://127.0.0.1:19696\n")
    expect(stdout).toContain(`volume (alias):   http://127.0.0.1:18776/v3/${project("demo").id}\n`)
    expect(stdout).toContain("dns: EndpointNotFound: no endpoint in the service catalog matches serviceType \"dns\"")
  })
})
