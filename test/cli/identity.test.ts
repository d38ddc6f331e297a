/**
 * The identity commands of the CLI as a user runs them (test/cli/harness.ts: a child process against FakeCloud):
 * user, domain, group, role create | set | delete, group add | remove user, role add | remove, role assignment list,
 * application credential list | show | create | delete, catalog, endpoint, service and region list | show, and token
 * revoke. Secrets (a user's password, an application credential's given secret) never reach stdout or stderr, but for
 * the secret `application credential create` exists to print.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import type { FakeCloud } from "effect-openstack/testing"
import { cli, type Ran, tokenPosts, withCloud } from "./harness.ts"

/** Asserts the quiet success of a set, add, remove or delete: exit 0, nothing printed. */
const quiet = (ran: Ran) => assert.deepStrictEqual([ran.code, ran.stdout, ran.stderr], [0, "", ""])

const json = (ran: Ran): Record<string, unknown> => {
  assert.strictEqual(ran.code, 0, ran.stderr)
  return JSON.parse(ran.stdout) as Record<string, unknown>
}

const rows = (ran: Ran): ReadonlyArray<Record<string, unknown>> => {
  assert.strictEqual(ran.code, 0, ran.stderr)
  return JSON.parse(ran.stdout) as ReadonlyArray<Record<string, unknown>>
}

/** The requests `cloud` answered with this method whose path ends so. */
const requested = (cloud: FakeCloud.FakeCloudShape, method: string, ending: RegExp) =>
  Effect.map(cloud.requests, (all) => all.filter((r) => r.method === method && ending.test(r.path)).length)

const nowhere = (ran: Ran, secret: string) => {
  assert.notInclude(ran.stdout, secret)
  assert.notInclude(ran.stderr, secret)
}

describe("effect-openstack identity commands against FakeCloud", () => {
  it.live("user create | set | delete: the password sent, never printed; the new one authenticates; delete reports each failure", () =>
    withCloud((cloud, cache) =>
      Effect.gen(function* () {
        const created = yield* cli(cloud, cache, [
          "user", "create", "--domain", "Default", "--project", "demo", "--password", "canary-Pw-1", "--email", "a@example.org",
          "--description", "Alice", "--disable", "alice", "-f", "json"
        ])
        nowhere(created, "canary-Pw-1")
        const user = json(created)
        assert.deepInclude(user, {
          name: "alice", domain_id: "default", default_project_id: cloud.ids.projects.demo, email: "a@example.org",
          description: "Alice", enabled: false
        })
        assert.notProperty(user, "password")
        const id = yield* cli(cloud, cache, ["user", "show", "alice", "-f", "value", "-c", "id"])
        assert.strictEqual(id.stdout, `${String(user.id)}\n`)
        const set = yield* cli(cloud, cache, ["user", "set", "--password", "canary-Pw-2", "--email", "b@example.org", "--enable", id.stdout.trim()])
        quiet(set)
        quiet(yield* cli(cloud, cache, ["role", "add", "--user", "alice", "--project", "demo", "member"]))
        const asAlice = yield* cli(cloud, cache, ["token", "issue", "--no-cache", "-f", "value", "-c", "user_id"], {
          OS_USERNAME: "alice", OS_PASSWORD: "canary-Pw-2", OS_PROJECT_NAME: "demo"
        })
        assert.strictEqual(asAlice.stdout, `${String(user.id)}\n`, asAlice.stderr)
        const shown = json(yield* cli(cloud, cache, ["user", "show", "alice", "-f", "json", "-c", "email", "-c", "enabled"]))
        assert.deepStrictEqual(shown, { email: "b@example.org", enabled: true })
        const bare = yield* cli(cloud, cache, ["user", "create", "bob", "-f", "value", "-c", "name"])
        assert.deepStrictEqual([bare.code, bare.stdout], [0, "bob\n"])
        assert.strictEqual(bare.stderr, "No password was supplied, authentication will fail when a user does not have a password.\n")
        const removed = yield* cli(cloud, cache, ["user", "delete", "alice", "nope", "bob"])
        assert.strictEqual(removed.code, 1)
        assert.strictEqual(
          removed.stderr,
          "Failed to delete user with name or ID 'nope': no user has the id or the name \"nope\"\n1 of 3 users failed to delete.\n"
        )
        const names = yield* cli(cloud, cache, ["user", "list", "-f", "value", "-c", "Name", "--sort-column", "Name"])
        assert.strictEqual(names.stdout, "admin\ndemo\n")
        assert.strictEqual(yield* tokenPosts(cloud), 2)
      })), 60_000)

  it.live("domain create | set | delete: an enabled domain is not deleted (Keystone's 403 reported), a disabled one is", () =>
    withCloud((cloud, cache) =>
      Effect.gen(function* () {
        const domain = json(yield* cli(cloud, cache, ["domain", "create", "--description", "ACME", "acme", "-f", "json"]))
        assert.deepInclude(domain, { name: "acme", description: "ACME", enabled: true })
        assert.sameMembers(Object.keys(domain), ["description", "enabled", "id", "name", "options", "tags"])
        const refused = yield* cli(cloud, cache, ["domain", "delete", "acme"])
        assert.strictEqual(refused.code, 1)
        const [first, last] = refused.stderr.trimEnd().split("\n")
        assert.match(first ?? "", /^Failed to delete domain with name or ID 'acme': DELETE \S+ returned HTTP 403: Cannot delete a domain that is enabled/)
        assert.strictEqual(last, "1 of 1 domains failed to delete.")
        quiet(yield* cli(cloud, cache, ["domain", "set", "--disable", "--name", "acme2", "--description", "gone", String(domain.id)]))
        const shown = json(yield* cli(cloud, cache, ["domain", "show", "acme2", "-f", "json", "-c", "enabled", "-c", "description"]))
        assert.deepStrictEqual(shown, { description: "gone", enabled: false })
        quiet(yield* cli(cloud, cache, ["domain", "delete", "acme2"]))
        assert.strictEqual((yield* cli(cloud, cache, ["domain", "show", String(domain.id)])).code, 1)
        assert.strictEqual(yield* requested(cloud, "DELETE", /\/domains\/\w+$/), 2)
      })), 60_000)

  it.live("group create | set | add user | remove user | delete: each member added or reported; -f value -c id pipes on", () =>
    withCloud((cloud, cache) =>
      Effect.gen(function* () {
        const id = (yield* cli(cloud, cache, ["group", "create", "--domain", "Default", "--description", "on call", "ops", "-f", "value", "-c", "id"]))
          .stdout.trim()
        const group = json(yield* cli(cloud, cache, ["group", "show", id, "-f", "json"]))
        assert.deepStrictEqual(group, { description: "on call", domain_id: "default", id, name: "ops" })
        const added = yield* cli(cloud, cache, ["group", "add", "user", id, "demo", "nope", "admin"])
        assert.strictEqual(added.code, 1)
        assert.strictEqual(added.stdout, "")
        assert.strictEqual(
          added.stderr,
          `nope not added to group ${id}: no user has the id or the name "nope"\n1 of 3 users not added to group ${id}.\n`
        )
        assert.strictEqual(yield* requested(cloud, "PUT", new RegExp(`/groups/${id}/users/\\w+$`)), 2)
        quiet(yield* cli(cloud, cache, ["group", "add", "user", "ops", "demo"]))
        quiet(yield* cli(cloud, cache, ["group", "remove", "user", "ops", "demo", "admin"]))
        assert.strictEqual(yield* requested(cloud, "DELETE", new RegExp(`/groups/${id}/users/\\w+$`)), 2)
        const notMember = yield* cli(cloud, cache, ["group", "remove", "user", "ops", "demo"])
        assert.strictEqual(notMember.code, 1)
        assert.match(notMember.stderr, new RegExp("^demo not removed from group ops: DELETE \\S+ returned HTTP 404"))
        assert.match(notMember.stderr, /\n1 of 1 users not removed from group ops\.\n$/)
        quiet(yield* cli(cloud, cache, ["group", "set", "--name", "ops2", "--description", "nights", "ops"]))
        const renamed = yield* cli(cloud, cache, ["group", "show", id, "-f", "value", "-c", "name", "-c", "description"])
        assert.strictEqual(renamed.stdout, "nights\nops2\n")
        quiet(yield* cli(cloud, cache, ["group", "delete", "ops2"]))
        const none = yield* cli(cloud, cache, ["group", "list", "-f", "value"])
        assert.deepStrictEqual([none.code, none.stdout], [0, ""])
      })), 60_000)

  it.live("role create | set | add | remove | delete, and role assignment list (--names: name@domain, --effective)", () =>
    withCloud((cloud, cache) =>
      Effect.gen(function* () {
        const role = json(yield* cli(cloud, cache, ["role", "create", "--description", "audit", "auditor", "-f", "json"]))
        assert.deepInclude(role, { name: "auditor", description: "audit", domain_id: null })
        const opsId = (yield* cli(cloud, cache, ["group", "create", "ops", "-f", "value", "-c", "id"])).stdout.trim()
        yield* cli(cloud, cache, ["group", "add", "user", "ops", "demo"])
        quiet(yield* cli(cloud, cache, ["role", "add", "--user", "demo", "--project", "demo", "auditor"]))
        quiet(yield* cli(cloud, cache, ["role", "add", "--group", "ops", "--domain", "Default", "--inherited", "auditor"]))
        quiet(yield* cli(cloud, cache, ["role", "add", "--user", "demo", "--system", "all", String(role.id)]))
        const ids = rows(yield* cli(cloud, cache, ["role", "assignment", "list", "--role", "auditor", "-f", "json", "--sort-column", "Domain"]))
        assert.deepStrictEqual(ids.map((r) => Object.keys(r)), ids.map(() => ["Role", "User", "Group", "Project", "Domain", "System", "Inherited"]))
        const demo = cloud.ids.users.demo
        assert.sameDeepMembers([...ids], [
          { Role: role.id, User: demo, Group: "", Project: cloud.ids.projects.demo, Domain: "", System: "", Inherited: false },
          { Role: role.id, User: "", Group: opsId, Project: "", Domain: "default", System: "", Inherited: true },
          { Role: role.id, User: demo, Group: "", Project: "", Domain: "", System: "all", Inherited: false }
        ])
        const names = yield* cli(cloud, cache, ["role", "assignment", "list", "--names", "--role", "auditor", "--project", "demo", "-f", "csv"])
        assert.strictEqual(names.stdout, "\"Role\",\"User\",\"Group\",\"Project\",\"Domain\",\"System\",\"Inherited\"\n"
        + "\"auditor\",\"demo@Default\",\"\",\"demo@Default\",\"\",\"\",False\n", names.stderr)
        const effective = yield* cli(cloud, cache, [
          "role", "assignment", "list", "--effective", "--names", "--user", "demo", "--role", "auditor", "-f", "value", "-c", "Project", "-c", "System"
        ])
        // Direct on demo, inherited through the group on each project of Default, and on the system.
        assert.sameMembers(effective.stdout.trimEnd().split("\n"), ["demo@Default ", "admin@Default ", "demo@Default ", " all"])
        quiet(yield* cli(cloud, cache, ["role", "remove", "--user", "demo", "--project", "demo", "auditor"]))
        const again = yield* cli(cloud, cache, ["role", "remove", "--user", "demo", "--project", "demo", "auditor"])
        assert.strictEqual(again.code, 1)
        assert.match(again.stderr, /^DELETE \S+ returned HTTP 404: Could not find role assignment/)
        quiet(yield* cli(cloud, cache, ["role", "set", "--name", "auditor2", "auditor"]))
        quiet(yield* cli(cloud, cache, ["role", "delete", "auditor2"]))
        const left = yield* cli(cloud, cache, ["role", "assignment", "list", "--role", String(role.id)])
        assert.strictEqual(left.code, 1)
      })), 60_000)

  it.live("role add | remove: both actors or two targets are an argument error (exit 2); neither fails as openstackclient's", () =>
    withCloud((cloud, cache) =>
      Effect.gen(function* () {
        const both = yield* cli(cloud, cache, ["role", "add", "--user", "demo", "--group", "ops", "--project", "demo", "member"])
        assert.strictEqual(both.code, 2)
        assert.include(both.stderr, "argument --group: not allowed with argument --user")
        const targets = yield* cli(cloud, cache, ["role", "assignment", "list", "--project", "demo", "--domain", "Default"])
        assert.strictEqual(targets.code, 2)
        assert.include(targets.stderr, "argument --project: not allowed with argument --domain")
        const noTarget = yield* cli(cloud, cache, ["role", "add", "--user", "demo", "member"])
        assert.deepStrictEqual([noTarget.code, noTarget.stdout], [1, ""])
        assert.strictEqual(noTarget.stderr, "Role not added, incorrect set of arguments provided. See openstack --help for more details\n")
        const noActor = yield* cli(cloud, cache, ["role", "remove", "--project", "demo", "member"])
        assert.strictEqual(noActor.stderr, "Incorrect set of arguments provided. See openstack --help for more details\n")
        assert.strictEqual(yield* requested(cloud, "PUT", /\/roles\/\w+$/), 0)
      })), 60_000)

  it.live("application credential create | list | show | delete: create prints the secret, show the roles' names; a given secret nowhere else", () =>
    withCloud((cloud, cache) =>
      Effect.gen(function* () {
        const created = json(yield* cli(cloud, cache, [
          "application", "credential", "create", "--role", "admin", "--expiration", "2030-01-01T00:00:00", "--description", "CI", "ci", "-f", "json"
        ]))
        assert.deepInclude(created, {
          name: "ci", description: "CI", expires_at: "2030-01-01T00:00:00", roles: "admin", unrestricted: false,
          project_id: cloud.ids.projects.admin, user_id: cloud.ids.users.admin
        })
        assert.match(String(created.secret), /^\w{20,}$/)
        const given = yield* cli(cloud, cache, [
          "application", "credential", "create", "--secret", "canary-Sec-1", "--unrestricted", "ci2", "-f", "value", "-c", "secret", "-c", "unrestricted"
        ])
        assert.deepStrictEqual([given.code, given.stdout, given.stderr], [0, "canary-Sec-1\nTrue\n", ""])
        const listed = rows(yield* cli(cloud, cache, ["application", "credential", "list", "-f", "json", "--sort-column", "Name"]))
        assert.deepStrictEqual(listed.map((c) => [c.Name, c.Description, c["Expires At"]]), [["ci", "CI", "2030-01-01T00:00:00"], ["ci2", null, null]])
        assert.deepStrictEqual(Object.keys(listed[0] ?? {}), ["ID", "Name", "Project ID", "Description", "Expires At"])
        const id = (yield* cli(cloud, cache, ["application", "credential", "list", "-f", "value", "-c", "ID", "--sort-column", "Name"])).stdout
          .split("\n")[1] ?? ""
        const shown = yield* cli(cloud, cache, ["application", "credential", "show", id, "-f", "json"])
        nowhere(shown, "canary-Sec-1")
        assert.deepInclude(json(shown), { id, name: "ci2", roles: "admin member reader", unrestricted: true })
        assert.notProperty(json(shown), "secret")
        const badDate = yield* cli(cloud, cache, ["application", "credential", "create", "--expiration", "soon", "ci3"])
        assert.deepStrictEqual([badDate.code, badDate.stderr], [1, "time data 'soon' does not match format '%Y-%m-%dT%H:%M:%S'\n"])
        const removed = yield* cli(cloud, cache, ["application", "credential", "delete", "ci", "nope", id])
        assert.strictEqual(removed.code, 1)
        assert.strictEqual(removed.stderr, "Failed to delete application credential with name or ID 'nope': "
        + "no application credential has the id or the name \"nope\"\n1 of 3 application credentials failed to delete.\n")
        const none = yield* cli(cloud, cache, ["application", "credential", "list", "-f", "value"])
        assert.deepStrictEqual([none.code, none.stdout], [0, ""])
      })), 60_000)

  it.live("catalog list | show from the token, no request of its own; endpoints as openstackclient formats them", () =>
    withCloud((cloud, cache) =>
      Effect.gen(function* () {
        const listed = rows(yield* cli(cloud, cache, ["catalog", "list", "-f", "json"]))
        assert.deepStrictEqual(listed.map((s) => [s.Name, s.Type]), [["keystone", "identity"], ["neutron", "network"]])
        const identity = cloud.endpoints.filter((e) => e.serviceType === "identity")
        assert.sameDeepMembers(
          listed[0]?.Endpoints as Array<unknown>,
          identity.map((e) => ({ id: e.id, interface: e.interface, region: e.region, region_id: e.region, url: e.url }))
        )
        const before = (yield* cloud.requests).length
        const table = yield* cli(cloud, cache, ["catalog", "show", "identity"])
        const publicUrl = identity.find((e) => e.interface === "public")?.url ?? ""
        const cell = table.stdout.split("\n").filter((line) => /^\| (endpoints| {9}) \| /.test(line)).map((line) => line.slice(14, -1).trimEnd())
        assert.deepStrictEqual(cell.slice(0, 3), ["RegionOne", `  ${identity[0]?.interface}: ${identity[0]?.url}`, "RegionOne"])
        assert.include(cell, `  public: ${publicUrl}`)
        assert.deepStrictEqual([cell.length, cell[6]], [7, ""])
        const value = yield* cli(cloud, cache, ["catalog", "list", "-f", "value", "-c", "Name", "-c", "Type"])
        assert.strictEqual(value.stdout, "keystone identity\nneutron network\n")
        const byName = json(yield* cli(cloud, cache, ["catalog", "show", "neutron", "-f", "json"]))
        assert.deepStrictEqual(Object.keys(byName), ["endpoints", "id", "name", "type"])
        assert.strictEqual(byName.id, cloud.ids.services.network)
        assert.strictEqual((yield* cloud.requests).length, before)
        const missing = yield* cli(cloud, cache, ["catalog", "show", "nope"])
        assert.deepStrictEqual([missing.code, missing.stdout, missing.stderr], [0, "", "service nope not found\n"])
      })), 60_000)

  it.live("endpoint, service and region list | show: openstackclient's columns and fields; a service by id, name or type", () =>
    withCloud((cloud, cache) =>
      Effect.gen(function* () {
        const ids = yield* cli(cloud, cache, ["endpoint", "list", "--service", "identity", "--interface", "public", "-f", "value", "-c", "ID"])
        const identity = cloud.endpoints.find((e) => e.serviceType === "identity" && e.interface === "public")
        assert.strictEqual(ids.stdout, `${identity?.id}\n`, ids.stderr)
        const endpoint = json(yield* cli(cloud, cache, ["endpoint", "show", ids.stdout.trim(), "-f", "json"]))
        assert.deepStrictEqual(endpoint, {
          enabled: true, id: identity?.id, interface: "public", region: "RegionOne", region_id: "RegionOne",
          service_id: cloud.ids.services.identity, service_name: "keystone", service_type: "identity", url: identity?.url
        })
        const all = rows(yield* cli(cloud, cache, ["endpoint", "list", "-f", "json", "--sort-column", "Service Type"]))
        assert.deepStrictEqual(Object.keys(all[0] ?? {}), ["ID", "Region", "Service Name", "Service Type", "Enabled", "Interface", "URL"])
        assert.deepStrictEqual(all.map((e) => e["Service Name"]), ["keystone", "keystone", "keystone", "neutron", "neutron", "neutron"])
        const services = yield* cli(cloud, cache, ["service", "list", "--long", "-f", "csv", "-c", "Name", "-c", "Type", "-c", "Enabled"])
        assert.strictEqual(services.stdout, "\"Name\",\"Type\",\"Enabled\"\n\"keystone\",\"identity\",True\n\"neutron\",\"network\",True\n")
        for (const key of ["identity", "keystone", cloud.ids.services.identity ?? ""]) {
          const shown = yield* cli(cloud, cache, ["service", "show", key, "-f", "value", "-c", "id"])
          assert.strictEqual(shown.stdout, `${cloud.ids.services.identity}\n`, shown.stderr)
        }
        const nope = yield* cli(cloud, cache, ["service", "show", "nope"])
        assert.deepStrictEqual([nope.code, nope.stderr], [1, "No service with a type, name or ID of 'nope' exists.\n"])
        const regions = rows(yield* cli(cloud, cache, ["region", "list", "-f", "json"]))
        assert.deepStrictEqual(regions, [{ Region: "RegionOne", "Parent Region": null, Description: "" }])
        const region = json(yield* cli(cloud, cache, ["region", "show", "RegionOne", "-f", "json"]))
        assert.deepStrictEqual(region, { description: "", parent_region: null, region: "RegionOne" })
      })), 60_000)

  it.live("token revoke: Keystone revokes the token (it no longer validates), nothing printed, the token in no message", () =>
    withCloud((cloud, cache) =>
      Effect.gen(function* () {
        const token = (yield* cli(cloud, cache, ["token", "issue", "--no-cache", "-f", "value", "-c", "id"])).stdout.trim()
        assert.isAbove(token.length, 10)
        quiet(yield* cli(cloud, cache, ["token", "revoke", token]))
        assert.strictEqual(yield* requested(cloud, "DELETE", /\/auth\/tokens$/), 1)
        const again = yield* cli(cloud, cache, ["token", "revoke", token])
        assert.deepStrictEqual([again.code, again.stdout], [1, ""])
        assert.match(again.stderr, /^DELETE \S+\/auth\/tokens returned HTTP 404/)
        nowhere(again, token)
      })), 60_000)
  it.live("create --or-show: a taken name shows the item that has it (in its domain), exit 0; without it, the conflict, exit 1", () =>
    withCloud((cloud, cache) =>
      Effect.gen(function* () {
        const first = json(yield* cli(cloud, cache, ["project", "create", "--domain", "Default", "ci", "-f", "json"]))
        const taken = yield* cli(cloud, cache, ["project", "create", "--domain", "Default", "ci"])
        assert.strictEqual(taken.code, 1)
        assert.strictEqual(taken.stdout, "")
        assert.match(taken.stderr, /409/)
        const shown = json(yield* cli(cloud, cache, ["project", "create", "--domain", "Default", "--or-show", "ci", "-f", "json"]))
        assert.deepStrictEqual(shown, first)
        assert.strictEqual(yield* requested(cloud, "POST", /\/v3\/projects$/), 3) // every try creates first, as openstackclient
        for (const noun of ["user", "group", "role"]) {
          const made = json(yield* cli(cloud, cache, [noun, "create", "--domain", "Default", "twice", "-f", "json"]))
          const again = json(yield* cli(cloud, cache, [noun, "create", "--domain", "Default", "--or-show", "twice", "-f", "json"]))
          assert.strictEqual(again.id, made.id, noun)
        }
        const domain = json(yield* cli(cloud, cache, ["domain", "create", "--or-show", "Default", "-f", "json"]))
        assert.strictEqual(domain.id, "default")
        const noFlag = yield* cli(cloud, cache, ["network", "create", "--or-show", "net"])
        assert.strictEqual(noFlag.code, 2) // a command without it refuses it, as argparse does
      })), 60_000)
  it.live("role add | remove | assignment list with --user-domain, --group-domain, --project-domain, --role-domain: names looked up there", () =>
    withCloud((cloud, cache) =>
      Effect.gen(function* () {
        const run = (args: ReadonlyArray<string>) => cli(cloud, cache, args)
        const other = json(yield* run(["domain", "create", "other", "-f", "json"]))
        for (const domain of ["Default", "other"]) {
          for (const noun of ["user", "group", "project"]) assert.strictEqual((yield* run([noun, "create", "--domain", domain, "dup"])).code, 0)
        }
        assert.strictEqual((yield* run(["role", "create", "--domain", "other", "local"])).code, 0)
        const ambiguous = yield* run(["role", "add", "--user", "dup", "--project", "dup", "member"])
        assert.strictEqual(ambiguous.code, 1)
        assert.match(ambiguous.stderr, /dup/)
        const there = ["--user", "dup", "--user-domain", "other", "--project", "dup", "--project-domain", "other"]
        quiet(yield* run(["role", "add", ...there, "member"]))
        quiet(yield* run(["role", "add", ...there, "--role-domain", "other", "local"]))
        quiet(yield* run(["role", "add", "--group", "dup", "--group-domain", String(other.id), "--domain", "other", "member"]))
        const listed = rows(yield* run(["role", "assignment", "list", "--names", "--user", "dup", "--user-domain", "other", "-f", "json"]))
        assert.sameDeepMembers(listed.map((row) => [row.Role, row.User, row.Project]), [
          ["member", "dup@other", "dup@other"],
          ["local", "dup@other", "dup@other"]
        ])
        const byRole = rows(yield* run(["role", "assignment", "list", "--role", "local", "--role-domain", "other", "-f", "json"]))
        assert.strictEqual(byRole.length, 1)
        // A domain that is not there is the error, for role remove too (whose user or group not found is taken as an id).
        for (const verb of ["add", "remove"]) {
          const nowhere = yield* run(["role", verb, "--user", "dup", "--user-domain", "nosuch", "--project", "demo", "member"])
          assert.deepStrictEqual([nowhere.code, nowhere.stderr], [1, "no domain has the id or the name \"nosuch\"\n"], verb)
        }
        quiet(yield* run(["role", "remove", ...there, "member"]))
        const left = rows(yield* run(["role", "assignment", "list", "--names", ...there, "-f", "json"]))
        assert.deepStrictEqual(left.map((row) => row.Role), ["local"])
        const groups = rows(yield* run(["role", "assignment", "list", "--names", "--group", "dup", "--group-domain", "other", "-f", "json"]))
        assert.deepStrictEqual(groups.map((row) => [row.Role, row.Group, row.Domain]), [["member", "dup@other", "other"]])
      })), 60_000)
})
