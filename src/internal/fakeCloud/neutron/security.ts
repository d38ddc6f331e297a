/**
 * The fake Neutron's security groups — every project's `default` group (made on the project's first use, with its
 * four rules: egress anywhere, ingress from the group itself, IPv4 and IPv6) and a new group's two egress rules — and
 * their rules (a duplicate is a 409; a rule is never changed, only deleted).
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import { newId } from "../ids.ts"
import { drop, put, type Rec, rows, type World } from "../world.ts"
import { type Collection, fail, now, standard } from "./common.ts"
import { formatCidr, parseCidr } from "./ip.ts"

const ruleOf = (group: string, project: string, time: string, rule: Rec): Rec => ({
  id: newId("uuid"), project_id: project, tenant_id: project, security_group_id: group, ethertype: "IPv4", direction: "ingress",
  protocol: null, port_range_min: null, port_range_max: null, remote_ip_prefix: null, remote_group_id: null,
  remote_address_group_id: null, normalized_cidr: null, description: null, created_at: time, updated_at: time,
  revision_number: 0,
  ...rule
})

const withRules = (world: World, rules: ReadonlyArray<Rec>) => rules.reduce((w, r) => put(w, "security_group_rules", r), world)

const egress = (group: string, project: string, time: string) =>
  (["IPv4", "IPv6"] as const).map((ethertype) => ruleOf(group, project, time, { direction: "egress", ethertype }))

/** A group as Neutron answers it: with its rules. */
const shown = (world: World, group: Rec): Rec => ({
  ...group,
  security_group_rules: rows(world, "security_group_rules").filter((r) => r.security_group_id === group.id)
})

/**
 * A project's default security group, made (with its four rules) when the project has none yet.
 *
 * @example
 * const { id, world: next } = defaultGroupOf(world, projectId)
 */
export const defaultGroupOf = (
  world: World,
  project: string
): Effect.Effect<{ readonly id: string, readonly world: World }> =>
  Effect.map(now, (time) => {
    const existing = rows(world, "security_groups").find((g) => g.project_id === project && g.name === "default")
    return existing !== undefined ? { id: String(existing.id), world } : withDefaultGroup(world, project, time)
  })

const withDefaultGroup = (world: World, project: string, time: string) => {
  const id = newId("uuid")
  const group = {
    id, name: "default", description: "Default security group", project_id: project, tenant_id: project, stateful: true, shared: false,
    tags: [], created_at: time, updated_at: time, revision_number: 1
  }
  const ingress = (["IPv4", "IPv6"] as const).map((ethertype) => ruleOf(id, project, time, { ethertype, remote_group_id: id }))
  return { id, world: withRules(put(world, "security_groups", group), [...egress(id, project, time), ...ingress]) }
}

/**
 * Security groups.
 *
 * @example
 * collectionRoutes(securityGroups, pageSize)
 */
export const securityGroups: Collection = {
  table: "security_groups",
  key: "security_group",
  path: "security-groups",
  notFound: ["SecurityGroupNotFound", "Security group"],
  tags: true,
  revision: true,
  prepare: (caller, world) => Effect.map(defaultGroupOf(world, caller.project), (made) => made.world),
  render: (record, world) => shown(world, record),
  create: (body, caller, world) =>
    Effect.gen(function* () {
      const base = yield* standard(securityGroups, body, caller)
      const record = { id: newId("uuid"), name: "", stateful: true, shared: false, ...base, ...(typeof body.name === "string" ? { name: body.name } : {}), ...(typeof body.stateful === "boolean" ? { stateful: body.stateful } : {}) }
      const time = yield* now
      const withGroup = (yield* defaultGroupOf(world, String(record.project_id))).world
      const next = withRules(withGroup, egress(record.id, String(record.project_id), time))
      return { record, world: next }
    }),
  update: (record, body, _caller, world) => {
    const changed = { ...record, ...(typeof body.name === "string" ? { name: body.name } : {}), ...(typeof body.description === "string" ? { description: body.description } : {}) }
    return Effect.succeed({ record: changed, world })
  },
  remove: (record, world) => {
    const inUse = rows(world, "ports").some((p) => (p.security_groups as ReadonlyArray<string>).includes(String(record.id)))
    if (inUse) return fail(409, "SecurityGroupInUse", `Security Group ${String(record.id)} in use.`)
    const rules = rows(world, "security_group_rules").filter((r) => r.security_group_id === record.id)
    return Effect.succeed(rules.reduce((w, r) => drop(w, "security_group_rules", String(r.id)), drop(world, "security_groups", String(record.id))))
  }
}

const ruleFields = ["direction", "ethertype", "protocol", "port_range_min", "port_range_max", "remote_ip_prefix", "remote_group_id", "remote_address_group_id", "description"] as const

const sameRule = (a: Rec, b: Rec) => ruleFields.filter((f) => f !== "description").every((f) => (a[f] ?? null) === (b[f] ?? null)) && a.security_group_id === b.security_group_id

/**
 * Security group rules.
 *
 * @example
 * collectionRoutes(securityGroupRules, pageSize)
 */
export const securityGroupRules: Collection = {
  table: "security_group_rules",
  key: "security_group_rule",
  path: "security-group-rules",
  notFound: ["SecurityGroupRuleNotFound", "Security group rule"],
  tags: false,
  revision: true,
  prepare: (caller, world) => Effect.map(defaultGroupOf(world, caller.project), (made) => made.world),
  create: (body, caller, world) =>
    Effect.gen(function* () {
      const group = world.tables.security_groups.get(String(body.security_group_id))
      if (group === undefined || (!caller.admin && group.project_id !== caller.project)) {
        return yield* fail(404, "SecurityGroupNotFound", `Security group ${String(body.security_group_id)} does not exist`)
      }
      const prefix = typeof body.remote_ip_prefix === "string" ? parseCidr(body.remote_ip_prefix) : undefined
      const fields = Object.fromEntries(ruleFields.filter((f) => body[f] !== undefined).map((f) => [f, body[f]]))
      const record = ruleOf(String(group.id), String(group.project_id), yield* now, {
        ...fields,
        ...(typeof body.protocol === "number" ? { protocol: String(body.protocol) } : {}),
        normalized_cidr: prefix === undefined ? null : formatCidr(prefix)
      })
      const twin = rows(world, "security_group_rules").find((r) => sameRule(r, record))
      if (twin !== undefined) return yield* fail(409, "SecurityGroupRuleExists", `Security group rule already exists. Rule id is ${String(twin.id)}.`)
      return { record, world: put(world, "security_groups", { ...group, revision_number: Number(group.revision_number) + 1 }) }
    })
}
