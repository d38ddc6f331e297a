/**
 * Where the contract suite runs: against FakeCloud (`npm test`: CONTRACT_TARGET unset or "fake") or against the real
 * Keystone and Neutron of the project's rig (`npm run test:cloud`: CONTRACT_TARGET=real). Either way the suite sees the
 * same seeded facts (the rig's seed, scripts/keystone/seed.py, mirrored for the fake) and a transport to the target.
 *
 * What the fake deliberately does not do is listed here, once: the suite's tests of those features run against the
 * real servers only.
 */
import { describe } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { HttpClient } from "effect/http"
import { Transport } from "effect-openstack"
import { FakeCloud } from "effect-openstack/testing"
import { type Facts, readFacts, seedFile } from "../support/rigFacts.ts"

/** The target of this run. */
export const target: "fake" | "real" = process.env.CONTRACT_TARGET === "real" ? "real" : "fake"

/**
 * Features FakeCloud deliberately leaves out (its routes answer 404). Every other test of the suite runs against both
 * targets, and a behaviour the fake gets wrong fails there.
 */
const fakeLacks = new Set([
  "trusts",
  "unified limits",
  "subnet pools",
  "address scopes",
  "RBAC policies",
  "quotas",
  "network IP availability",
  "service providers"
] as const)

/** A feature of the suite that FakeCloud may lack. */
export type Feature = typeof fakeLacks extends Set<infer F> ? F : never

/** Whether this run's target has the feature. */
export const supports = (feature: Feature): boolean => target === "real" || !fakeLacks.has(feature)

/** The rig's seed (scripts/keystone/seed.py), for the fake. */
const rigSeed: FakeCloud.Seed = {
  domains: [{ name: "acme", description: "second domain" }],
  projects: [
    { name: "admin" },
    { name: "demo", description: "test project demo", tags: ["seeded", "demo"] },
    { name: "demo-child", description: "test project demo-child", parent: "demo" },
    { name: "alt", description: "test project alt" },
    { name: "acme-project", description: "test project acme-project", domain: "acme" },
    { name: "service", description: "service project" }
  ],
  roles: ["admin", "member", "reader", "service", "observer"],
  users: [
    { name: "admin", password: "admin-secret" },
    { name: "demo", password: "demo-secret", defaultProject: "demo", email: "demo@example.org" },
    { name: "noproject", password: "noproject-secret", email: "noproject@example.org" },
    { name: "acme-user", password: "acme-secret", domain: "acme", defaultProject: "acme-project", email: "acme-user@example.org" },
    { name: "disabled-user", password: "disabled-secret", enabled: false, email: "disabled-user@example.org" },
    { name: "neutron", password: "neutron-secret", defaultProject: "service" }
  ],
  groups: [{ name: "demo-group", members: ["noproject"] }],
  assignments: [
    { role: "admin", user: "admin", project: "admin" },
    { role: "admin", user: "admin", system: true },
    { role: "member", user: "demo", project: "demo" },
    { role: "observer", user: "demo", project: "demo" },
    { role: "reader", user: "demo", project: "demo-child" },
    { role: "member", group: "demo-group", project: "alt" },
    { role: "member", user: "acme-user", project: "acme-project" },
    { role: "admin", user: "admin", domain: "Default" },
    { role: "admin", user: "admin", domain: "acme" },
    { role: "admin", user: "neutron", project: "service" },
    { role: "service", user: "neutron", project: "service" }
  ],
  regions: ["RegionOne", "RegionTwo"],
  services: [
    { type: "identity", name: "keystone", regions: ["RegionOne"] },
    { type: "compute", name: "nova" },
    { type: "network", name: "neutron" },
    { type: "image", name: "glance" },
    { type: "block-storage", name: "cinderv3", regions: ["RegionTwo"], interfaces: ["public"] }
  ],
  applicationCredentials: [{ name: "demo-appcred", user: "demo", project: "demo", secret: "demo-appcred-secret", roles: ["member"] }]
}

const fake = () => {
  const cloud = Effect.runSync(FakeCloud.make({ seed: rigSeed, pageSize: 3 }))
  const { ids } = cloud
  const id = (table: keyof FakeCloud.Ids, name: string) => ids[table][name] ?? `missing ${name}`
  const seeded = (name: string) => rigSeed.users?.find((u) => u.name === name)
  const facts: typeof Facts.Type = {
    auth_url: cloud.authUrl,
    regions: ["RegionOne", "RegionTwo"],
    domains: { default: { id: "default", name: "Default" }, acme: { id: id("domains", "acme"), name: "acme" } },
    projects: Object.fromEntries((rigSeed.projects ?? []).map((p) => [p.name, {
      id: id("projects", p.name), name: p.name, domain_id: p.domain === undefined ? "default" : id("domains", p.domain),
      parent_id: p.parent === undefined ? (p.domain === undefined ? "default" : id("domains", p.domain)) : id("projects", p.parent),
      tags: [...(p.tags ?? [])]
    }])),
    roles: Object.fromEntries((rigSeed.roles ?? []).map((r) => [r, { id: id("roles", r), name: r }])),
    users: Object.fromEntries((rigSeed.users ?? []).map((u) => [u.name, {
      id: id("users", u.name), name: u.name, password: seeded(u.name)?.password ?? "", enabled: u.enabled ?? true,
      domain_id: u.domain === undefined ? "default" : id("domains", u.domain),
      default_project_id: u.defaultProject === undefined ? null : id("projects", u.defaultProject)
    }])),
    groups: { "demo-group": { id: id("groups", "demo-group"), name: "demo-group", members: ["noproject"] } },
    services: Object.fromEntries((rigSeed.services ?? []).map((s) => [s.type, { id: id("services", s.type), name: s.name ?? s.type, type: s.type }])),
    endpoints: cloud.endpoints.map((e) => ({
      id: e.id, service_type: e.serviceType, region: e.region, interface: e.interface as "public" | "internal" | "admin", url: e.url
    })),
    application_credentials: {
      demo: { id: "", name: "demo-appcred", secret: "demo-appcred-secret", project_id: id("projects", "demo") }
    }
  }
  return { facts, transport: Layer.succeed(HttpClient.HttpClient, FakeCloud.httpClient(cloud)) }
}

const chosen = target === "real" ? { facts: readFacts(seedFile), transport: Layer.orDie(Transport.node()) } : fake()

/** The seeded facts of this run's target. */
export const facts = chosen.facts

/** A transport to this run's target (the node transport, or the fake's HttpClient). */
export const transport: Layer.Layer<HttpClient.HttpClient> = chosen.transport

/** A seeded user, by the name seed.py gives it. */
export const user = (name: string) => {
  const found = facts.users[name]
  if (found === undefined) throw new Error(`no seeded user ${name}`)
  return found
}

/** A seeded project, by name. */
export const project = (name: string) => {
  const found = facts.projects[name]
  if (found === undefined) throw new Error(`no seeded project ${name}`)
  return found
}

/** A `describe` of a feature the fake may lack: registered only where this run's target has the feature. */
export const describeWhere = (feature: Feature, name: string, body: () => void): void => {
  if (supports(feature)) describe(name, body)
}
