/**
 * What the network families print, declared once for all of them: the fields `show` prints (openstackclient prints
 * its SDK's attributes, some renamed, whether the server sent them or not), the human forms of its custom columns
 * (`UP` / `DOWN`, `External` / `Internal`, allocation pools, routes, a gateway as JSON), the wire form of nested values
 * a list prints, and tags (Neutron sets them apart from the item: after a create, on a set).
 *
 * @example
 * const view = Format.view(["admin_state_up", "id", "name"], { table: { admin_state_up: Format.upDown } })
 *
 * @module
 */
import * as Effect from "effect/Effect"
import type { ConnectionShape } from "../../Connection.ts"
import { Formattable, type View } from "../resource.ts"

type Wire = Readonly<Record<string, unknown>>

/**
 * The fields `show` prints: exactly `keys` (each read from the wire key `from` names, else its own; `null` when the
 * server did not send it), those of `optional` only when the server (or the command) gave them, each of `table`
 * shown in a table in its human form.
 *
 * @example
 * const view = Format.view(["ether_type", "id"], { from: { ether_type: "ethertype" } })
 */
export const view = (keys: ReadonlyArray<string>, spec: {
  readonly from?: Readonly<Record<string, string>>
  readonly optional?: ReadonlyArray<string>
  readonly table?: Readonly<Record<string, (value: unknown) => Formattable>>
} = {}): View =>
  (wire) => {
    const present = (spec.optional ?? []).filter((key) => key in wire)
    return Object.fromEntries([...keys, ...present].map((key) => {
      const value = wire[spec.from?.[key] ?? key] ?? null
      const human = spec.table?.[key]
      return [key, human === undefined ? value : human(value)]
    }))
  }

/**
 * An admin state as openstackclient's `AdminStateColumn`: `UP` or `DOWN` in a table.
 *
 * @example
 * Format.upDown(true).human // "UP"
 */
export const upDown = (value: unknown) => new Formattable(value, value === true ? "UP" : "DOWN")

/**
 * A network's `router:external` as openstackclient's `RouterExternalColumn`: `External` or `Internal` in a table.
 *
 * @example
 * Format.externalInternal(false).human // "Internal"
 */
export const externalInternal = (value: unknown) => new Formattable(value, value === true ? "External" : "Internal")

const isRecord = (value: unknown): value is Wire => typeof value === "object" && value !== null && !Array.isArray(value)

const records = (value: unknown): ReadonlyArray<Wire> => (Array.isArray(value) ? value.filter(isRecord) : [])

/** osc_lib's `format_dict`: `key='value'` pairs, sorted by key, joined by `, `. */
const formatDict = (record: Wire) =>
  Object.keys(record).sort().map((key) => `${key}='${String(record[key])}'`).join(", ")

/** osc_lib's `format_list_of_dicts`: one `format_dict` line each. */
const formatDicts = (list: ReadonlyArray<Wire>) => list.map(formatDict).join("\n")

/** Routes with `nexthop` called `gateway`, as openstackclient's `--route` / `--host-route` options name it. */
const gatewayNamed = (list: ReadonlyArray<Wire>) =>
  list.map(({ nexthop, ...rest }) => (nexthop === undefined ? rest : { ...rest, gateway: nexthop }))

/**
 * Routes (a router's, a subnet's host routes) as openstackclient's `RoutesColumn` / `HostRoutesColumn`: one
 * `destination='…', gateway='…'` line each in a table.
 *
 * @example
 * Format.routes([{ destination: "10.2.0.0/16", nexthop: "10.0.0.254" }]).human
 * // "destination='10.2.0.0/16', gateway='10.0.0.254'"
 */
export const routes = (value: unknown) => new Formattable(value, formatDicts(gatewayNamed(records(value))))

/**
 * Allocation pools as openstackclient's `AllocationPoolsColumn`: `start-end` each, joined by `,`, in a table.
 *
 * @example
 * Format.pools([{ start: "10.0.0.2", end: "10.0.0.9" }]).human // "10.0.0.2-10.0.0.9"
 */
export const pools = (value: unknown) =>
  new Formattable(value, records(value).map((pool) => `${String(pool.start ?? "")}-${String(pool.end ?? "")}`).join(","))

/**
 * A list whose order matters (DNS servers) as openstackclient's `UnsortedListColumn`: joined by `, ` as given.
 *
 * @example
 * Format.unsorted(["10.0.0.3", "10.0.0.2"]).human // "10.0.0.3, 10.0.0.2"
 */
export const unsorted = (value: unknown) =>
  new Formattable(value, Array.isArray(value) ? value.map(String).join(", ") : "")

/** Python's `json.dumps` with its default separators (`, ` and `: `). */
const pythonJson = (value: unknown): string => {
  if (Array.isArray(value)) return `[${value.map(pythonJson).join(", ")}]`
  if (isRecord(value)) return `{${Object.entries(value).map(([key, item]) => `${JSON.stringify(key)}: ${pythonJson(item)}`).join(", ")}}`
  return JSON.stringify(value ?? null)
}

/**
 * A value openstackclient's `RouterInfoColumn` shows as JSON in a table (a router's gateway, its interfaces).
 *
 * @example
 * Format.json({ network_id: "n1" }).human // '{"network_id": "n1"}'
 */
export const json = (value: unknown) => new Formattable(value, pythonJson(value))

/**
 * A security group's rules as openstackclient's `NetworkSecurityGroupRulesColumn`: one line each, without the keys
 * the group tells already or that are empty.
 *
 * @example
 * Format.rules([{ direction: "egress", ethertype: "IPv4", protocol: null }]).human
 * // "direction='egress', ethertype='IPv4'"
 */
export const rules = (value: unknown) =>
  new Formattable(value, formatDicts(records(value).map((rule) =>
    Object.fromEntries(Object.entries(rule).filter(([key, item]) =>
      Boolean(item) && !["security_group_id", "tenant_id", "project_id"].includes(key))))))

/**
 * A port's fixed IPs as the server writes them (`subnet_id`, `ip_address`), for the list's `Fixed IP Addresses`.
 *
 * @example
 * Format.fixedIps([{ subnetId: "s1", ipAddress: "10.0.0.5" }]) // [{ subnet_id: "s1", ip_address: "10.0.0.5" }]
 */
export const fixedIps = (ips: ReadonlyArray<{ readonly subnetId?: string, readonly ipAddress?: string }>) =>
  ips.map((ip) => ({ subnet_id: ip.subnetId, ip_address: ip.ipAddress }))

/**
 * A router's gateway as the server writes it, for the list's `External gateway info` (JSON in a table).
 *
 * @example
 * Format.gateway({ networkId: "n1", enableSnat: true }).machine // { network_id: "n1", enable_snat: true }
 */
export const gateway = (info: {
  readonly networkId: string
  readonly enableSnat?: boolean
  readonly externalFixedIps?: ReadonlyArray<{ readonly subnetId?: string, readonly ipAddress?: string }>
} | null) =>
  json(info === null
    ? null
    : {
        network_id: info.networkId,
        ...(info.enableSnat === undefined ? {} : { enable_snat: info.enableSnat }),
        ...(info.externalFixedIps === undefined ? {} : { external_fixed_ips: fixedIps(info.externalFixedIps) })
      })

/** A client with Neutron's tag operations. */
type Tagging<E> = (conn: ConnectionShape) => {
  readonly replaceTags: (id: string, tags: ReadonlyArray<string>) => Effect.Effect<ReadonlyArray<string>, E>
}

type Tagged = { readonly id: string, readonly tags?: ReadonlyArray<string> | undefined }

/**
 * The step after a create with `--tag`: the tags set (Neutron takes them apart from the item), the item answered with
 * them, as openstackclient prints it.
 *
 * @example
 * const then = Format.tagAfterCreate((conn) => conn.network.networks)
 */
export const tagAfterCreate = <E>(client: Tagging<E>) =>
  <I extends Tagged>(
    conn: ConnectionShape,
    item: I,
    options: { readonly tag: ReadonlyArray<string> }
  ): Effect.Effect<I, E> =>
    options.tag.length === 0
      ? Effect.succeed(item)
      : Effect.map(client(conn).replaceTags(item.id, options.tag), (tags) => ({ ...item, tags }))

/**
 * The step after an unset: `--tag` removes those tags, `--all-tag` all of them, as openstackclient's
 * `update_tags_for_unset`; no request when nothing changes.
 *
 * @example
 * const then = Format.tagAfterUnset((conn) => conn.network.networks)
 */
export const tagAfterUnset = <E>(client: Tagging<E>) =>
  (conn: ConnectionShape, item: Tagged, options: { readonly tag: ReadonlyArray<string>, readonly allTag: boolean }) => {
    const before = item.tags ?? []
    const after = options.allTag ? [] : before.filter((tag) => !options.tag.includes(tag))
    return after.length === before.length ? Effect.void : Effect.asVoid(client(conn).replaceTags(item.id, after))
  }

/**
 * The step after a set: `--tag` adds tags, `--no-tag` clears those the item had first (both: replaces them), as
 * openstackclient's `update_tags_for_set`; no request when nothing changes.
 *
 * @example
 * const then = Format.tagAfterSet((conn) => conn.network.networks)
 */
export const tagAfterSet = <E>(client: Tagging<E>) =>
  (conn: ConnectionShape, item: Tagged, options: { readonly tag: ReadonlyArray<string>, readonly noTag: boolean }) => {
    const before = item.tags ?? []
    const after = [...new Set([...(options.noTag ? [] : before), ...options.tag])]
    const same = after.length === before.length && after.every((tag) => before.includes(tag))
    return same ? Effect.void : Effect.asVoid(client(conn).replaceTags(item.id, after))
  }
