/**
 * The command line as a user runs it: a child process (`node src/cli/main.ts`, the source entry) against FakeCloud
 * served on 127.0.0.1, with the OS_* variables of its admin and a token cache of the test's own.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { cli, tokenPosts, withCloud } from "./harness.ts"

describe("effect-openstack (the CLI) against FakeCloud", () => {
  it.live("project list -f json: the projects, under openstackclient's columns; the second run makes no token POST", () =>
    withCloud((cloud, cache) =>
      Effect.gen(function* () {
        const first = yield* cli(cloud, cache, ["project", "list", "-f", "json"])
        assert.strictEqual(first.code, 0, first.stderr)
        const rows = JSON.parse(first.stdout) as ReadonlyArray<Record<string, string>>
        assert.deepStrictEqual(rows.map((r) => Object.keys(r)), rows.map(() => ["ID", "Name"]))
        assert.deepStrictEqual(rows.map((r) => r.Name).sort(), ["admin", "demo"])
        assert.strictEqual(rows.find((r) => r.Name === "demo")?.ID, cloud.ids.projects.demo)
        assert.strictEqual(yield* tokenPosts(cloud), 1)
        const second = yield* cli(cloud, cache, ["project", "list", "-f", "value", "-c", "Name", "--sort-column", "Name"])
        assert.strictEqual(second.code, 0, second.stderr)
        assert.strictEqual(second.stdout, "admin\ndemo\n")
        assert.strictEqual(yield* tokenPosts(cloud), 1)
        yield* cli(cloud, cache, ["project", "list", "--no-cache", "-f", "value"])
        assert.strictEqual(yield* tokenPosts(cloud), 2)
      })), 30_000)

  it.live("-f value -c ID pipes into project show, which prints the project as Keystone wrote it", () =>
    withCloud((cloud, cache) =>
      Effect.gen(function* () {
        const ids = yield* cli(cloud, cache, ["project", "list", "-f", "value", "-c", "ID", "--sort-column", "Name"])
        const demoId = ids.stdout.trim().split("\n")[1] ?? ""
        assert.strictEqual(demoId, cloud.ids.projects.demo)
        const shown = yield* cli(cloud, cache, ["project", "show", demoId, "-f", "json"])
        assert.strictEqual(shown.code, 0, shown.stderr)
        const project = JSON.parse(shown.stdout) as Record<string, unknown>
        assert.strictEqual(project.name, "demo")
        assert.includeMembers(Object.keys(project), ["description", "domain_id", "enabled", "id", "is_domain", "name", "parent_id"])
        assert.notInclude(Object.keys(project), "links")
        const byName = yield* cli(cloud, cache, ["project", "show", "demo", "-f", "value", "-c", "id"])
        assert.strictEqual(byName.stdout, `${demoId}\n`)
      })), 30_000)

  it.live("the other identity families: user, domain, group and role list | show on the same declarations", () =>
    withCloud((cloud, cache) =>
      Effect.gen(function* () {
        const users = yield* cli(cloud, cache, ["user", "list", "-f", "value", "-c", "Name", "--sort-column", "Name"])
        assert.strictEqual(users.stdout, "admin\ndemo\n", users.stderr)
        const user = yield* cli(cloud, cache, ["user", "show", "demo", "-f", "json"])
        const shown = JSON.parse(user.stdout) as Record<string, unknown>
        assert.strictEqual(shown.id, cloud.ids.users.demo)
        assert.strictEqual(shown.email, "demo@example.org")
        const roles = yield* cli(cloud, cache, ["role", "list", "-f", "csv", "--sort-column", "Name", "-c", "Name"])
        assert.strictEqual(roles.stdout, "\"Name\"\n\"admin\"\n\"member\"\n\"reader\"\n\"service\"\n", roles.stderr)
        const domain = yield* cli(cloud, cache, ["domain", "show", "Default", "-f", "value", "-c", "name"])
        assert.strictEqual(domain.stdout, "Default\n", domain.stderr)
        assert.strictEqual(yield* tokenPosts(cloud), 1)
      })), 30_000)

  it.live("project create | set | delete: created as asked and printed as show prints; set prints nothing; delete reports each failure", () =>
    withCloud((cloud, cache) =>
      Effect.gen(function* () {
        const created = yield* cli(cloud, cache, [
          "project", "create", "ci", "--domain", "Default", "--description", "CI runs", "--disable", "--tag", "a", "--tag", "b", "-f", "json"
        ])
        assert.strictEqual(created.code, 0, created.stderr)
        const project = JSON.parse(created.stdout) as Record<string, unknown>
        assert.deepInclude(project, { name: "ci", description: "CI runs", enabled: false, tags: ["a", "b"], domain_id: "default" })
        const id = yield* cli(cloud, cache, ["project", "show", "ci", "-f", "value", "-c", "id"])
        assert.strictEqual(id.stdout, `${String(project.id)}\n`)
        const set = yield* cli(cloud, cache, ["project", "set", "ci", "--enable", "--name", "ci2"])
        assert.deepStrictEqual([set.code, set.stdout, set.stderr], [0, "", ""])
        const after = yield* cli(cloud, cache, ["project", "show", String(project.id), "-f", "json", "-c", "name", "-c", "enabled"])
        assert.deepStrictEqual(JSON.parse(after.stdout), { enabled: true, name: "ci2" })
        const removed = yield* cli(cloud, cache, ["project", "delete", "ci2", "nope"])
        assert.strictEqual(removed.code, 1)
        assert.strictEqual(
          removed.stderr,
          "Failed to delete project with name or ID 'nope': no project has the id or the name \"nope\"\n1 of 2 projects failed to delete.\n"
        )
        const gone = yield* cli(cloud, cache, ["project", "show", String(project.id)])
        assert.strictEqual(gone.code, 1)
        assert.strictEqual(yield* tokenPosts(cloud), 1)
      })), 30_000)

  it.live("token issue prints the token's expiry, id, project and user; the id is the cached token", () =>
    withCloud((cloud, cache) =>
      Effect.gen(function* () {
        const issued = yield* cli(cloud, cache, ["token", "issue", "-f", "json"])
        assert.strictEqual(issued.code, 0, issued.stderr)
        const token = JSON.parse(issued.stdout) as Record<string, string>
        assert.deepStrictEqual(Object.keys(token).sort(), ["expires", "id", "project_id", "user_id"])
        assert.strictEqual(token.project_id, cloud.ids.projects.admin)
        assert.strictEqual(token.user_id, cloud.ids.users.admin)
        assert.match(token.expires ?? "", /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0000$/)
        const again = yield* cli(cloud, cache, ["token", "issue", "-f", "value", "-c", "id"])
        assert.strictEqual(again.stdout, `${token.id}\n`)
        assert.strictEqual(yield* tokenPosts(cloud), 1)
      })), 30_000)

  it.live("failures: one line naming the cause and exit 1; wrong arguments exit 2; a wrong password never printed", () =>
    withCloud((cloud, cache) =>
      Effect.gen(function* () {
        const missing = yield* cli(cloud, cache, ["project", "show", "nope"])
        assert.strictEqual(missing.code, 1)
        assert.strictEqual(missing.stdout, "")
        assert.strictEqual(missing.stderr, "no project has the id or the name \"nope\"\n")
        const wrong = yield* cli(cloud, cache, ["project", "list", "--os-password", "canary-Wr0ng-pass"])
        assert.strictEqual(wrong.code, 1)
        assert.strictEqual(wrong.stderr.trim().split("\n").length, 1)
        assert.include(wrong.stderr, "HTTP 401")
        assert.notInclude(wrong.stderr, "canary-Wr0ng-pass")
        const unknown = yield* cli(cloud, cache, ["project", "frobnicate"])
        assert.strictEqual(unknown.code, 2)
        assert.include(unknown.stderr + unknown.stdout, "frobnicate")
      })), 30_000)
})
