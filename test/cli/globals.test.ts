/**
 * The CLI's global options against FakeCloud: a named cloud of clouds.yaml (`--os-cloud`, `OS_CLOUD`), and
 * OS_REGION_NAME honoured for it as openstackclient honours it (the default of `--os-region-name`).
 */
import { mkdirSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { cli, withCloud } from "./harness.ts"

/** A clouds.yaml in `home` with one cloud, `fake`, the FakeCloud's admin (no region: the catalog's are used). */
const writeClouds = (home: string, authUrl: string) => {
  mkdirSync(join(home, ".config", "openstack"), { recursive: true })
  writeFileSync(join(home, ".config", "openstack", "clouds.yaml"), [
    "clouds:",
    "  fake:",
    "    identity_api_version: 3",
    "    auth:",
    `      auth_url: ${authUrl}`,
    "      username: admin",
    "      password: admin-secret",
    "      project_name: admin",
    "      user_domain_name: Default",
    "      project_domain_name: Default",
    ""
  ].join("\n"))
}

/** Nothing of the harness's OS_* but what a clouds.yaml user has. */
const noOsVariables = {
  OS_AUTH_URL: "",
  OS_USERNAME: "",
  OS_PASSWORD: "",
  OS_PROJECT_NAME: "",
  OS_USER_DOMAIN_NAME: "",
  OS_PROJECT_DOMAIN_NAME: "",
  OS_IDENTITY_API_VERSION: ""
}

describe("global options", () => {
  it.live("a named cloud: --os-cloud and OS_CLOUD; OS_REGION_NAME is honoured for it, --os-region-name over it", () =>
    withCloud((cloud, home) =>
      Effect.gen(function* () {
        writeClouds(home, cloud.authUrl)
        const byOption = yield* cli(cloud, home, ["--os-cloud", "fake", "project", "list", "-f", "value", "-c", "Name", "--sort-column", "Name"], noOsVariables)
        assert.deepStrictEqual([byOption.code, byOption.stdout], [0, "admin\ndemo\n"], byOption.stderr)
        const byVariable = yield* cli(cloud, home, ["project", "list", "-f", "value", "-c", "Name", "--sort-column", "Name"], { ...noOsVariables, OS_CLOUD: "fake" })
        assert.deepStrictEqual([byVariable.code, byVariable.stdout], [0, "admin\ndemo\n"], byVariable.stderr)
        const elsewhere = yield* cli(cloud, home, ["project", "list", "--no-cache"], { ...noOsVariables, OS_CLOUD: "fake", OS_REGION_NAME: "RegionTwo" })
        assert.strictEqual(elsewhere.code, 1)
        assert.include(elsewhere.stderr, "RegionTwo")
        const overruled = yield* cli(cloud, home, ["--os-region-name", "RegionOne", "project", "list", "-f", "value", "-c", "Name", "--no-cache"], { ...noOsVariables, OS_CLOUD: "fake", OS_REGION_NAME: "RegionTwo" })
        assert.deepStrictEqual([overruled.code, overruled.stdout.split("\n").length], [0, 3], overruled.stderr)
      })), 40_000)

  it.live("-v is --verbose (the command runs), not --version; warnings go to stderr, never into -f json", () =>
    withCloud((cloud, home) =>
      Effect.gen(function* () {
        const verbose = yield* cli(cloud, home, ["-v", "project", "list", "-f", "value", "-c", "Name", "--sort-column", "Name"])
        assert.deepStrictEqual([verbose.code, verbose.stdout], [0, "admin\ndemo\n"], verbose.stderr)
        // A token cache that cannot be written (its directory is a file): the store warns, the command still answers.
        writeFileSync(join(home, "not-a-directory"), "")
        const warned = yield* cli(cloud, home, ["project", "list", "-f", "json"], { XDG_CACHE_HOME: join(home, "not-a-directory") })
        assert.strictEqual(warned.code, 0, warned.stderr)
        assert.deepStrictEqual((JSON.parse(warned.stdout) as ReadonlyArray<{ Name: string }>).map((p) => p.Name).sort(), ["admin", "demo"])
        assert.include(warned.stderr, "TokenStore")
      })), 40_000)
})
