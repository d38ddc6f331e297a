/**
 * Shared by the benchmarks that time new processes against the real Keystone (coldstart.ts, cli.ts): the rig made
 * ready (the Python anchors installed, Keystone started when it is not up, the package built) and the OS_* variables
 * of its admin with a token store of the benchmark's own.
 */
import { execFileSync, spawnSync } from "node:child_process"
import { mkdtempSync, readFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"

/**
 * Makes the rig ready and answers the environment of its admin, its token store in a new directory named `name-…`.
 *
 * @example
 * const env = prepare("coldstart")
 */
export const prepare = (name: string): Readonly<Record<string, string>> => {
  execFileSync("bash", ["bench/anchors.sh"], { stdio: ["ignore", "ignore", "inherit"] })
  if (spawnSync("curl", ["-sf", "-o", "/dev/null", "http://127.0.0.1:5000/v3"]).status !== 0) {
    execFileSync("bash", ["scripts/keystone/start.sh"], { stdio: ["ignore", "ignore", "inherit"] })
  }
  execFileSync("npm", ["run", "--silent", "build"], { stdio: ["ignore", "ignore", "inherit"] })
  const facts = JSON.parse(readFileSync(".keystone/seed.json", "utf8")) as { auth_url: string }
  const cache = mkdtempSync(join(tmpdir(), `${name}-`))
  return {
    PATH: process.env.PATH ?? "",
    HOME: cache,
    XDG_CACHE_HOME: cache,
    OS_AUTH_URL: facts.auth_url,
    OS_USERNAME: "admin",
    OS_PASSWORD: "admin-secret",
    OS_PROJECT_NAME: "admin",
    OS_USER_DOMAIN_NAME: "Default",
    OS_PROJECT_DOMAIN_NAME: "Default",
    OS_IDENTITY_API_VERSION: "3",
    NO_PROXY: "127.0.0.1",
    PYTHONNOUSERSITE: "1"
  }
}
