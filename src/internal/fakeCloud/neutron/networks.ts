/**
 * The fake Neutron's networks (vxlan segments by default, flat or vlan on a physical network for an admin), subnets
 * (a CIDR, its gateway and allocation pools, IPv6 modes) and ports (a MAC, fixed IPs drawn from the subnet's pools or
 * asked for — 409 when taken —, the project's default security group, binding attributes), with Neutron's errors.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import { newId } from "../ids.ts"
import { drop, put, type Rec, rows, type World } from "../world.ts"
import { type Caller, type Collection, fail, invalid, standard } from "./common.ts"
import { contains, formatAddress, formatCidr, parseAddress, parseCidr } from "./ip.ts"
import { defaultGroupOf } from "./security.ts"

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

const pick = (body: Rec, names: ReadonlyArray<string>): Rec =>
  Object.fromEntries(names.filter((name) => body[name] !== undefined).map((name) => [name, body[name]]))

const adminOnly = (caller: Caller, body: Rec, attributes: ReadonlyArray<string>) => {
  const denied = attributes.find((a) => body[a] !== undefined)
  return denied === undefined || caller.admin
    ? Effect.void
    : fail(403, "HTTPForbidden", `(rule:create_network:${denied}) is disallowed by policy`)
}

// ---------------------------------------------------------------------------------------------------------------------
// Networks
// ---------------------------------------------------------------------------------------------------------------------

const networkFields = ["name", "admin_state_up", "shared", "mtu", "port_security_enabled", "router:external", "is_default", "description"]

/** The network with this id, visible to the caller, else Neutron's 404 (a malformed id is a 400, as Neutron says). */
export const networkOf = (world: World, caller: Caller, id: unknown) => {
  if (typeof id !== "string" || !uuidPattern.test(id)) return invalid("network_id", `'${String(id)}' is not a valid UUID.`)
  const network = world.tables.networks.get(id)
  return network !== undefined && (caller.admin || network.project_id === caller.project || network.shared === true || network["router:external"] === true)
    ? Effect.succeed(network)
    : fail(404, "NetworkNotFound", `Network ${id} could not be found.`)
}

const segmentOf = (world: World, body: Rec) => {
  const type = body["provider:network_type"] ?? "vxlan"
  const used = new Set(rows(world, "networks").map((n) => n["provider:segmentation_id"]))
  let vni = 1
  while (used.has(vni)) vni++
  return {
    "provider:network_type": type,
    "provider:physical_network": type === "vxlan" ? null : body["provider:physical_network"] ?? null,
    "provider:segmentation_id": type === "flat" ? null : body["provider:segmentation_id"] ?? vni
  }
}

/**
 * Networks.
 *
 * @example
 * collectionRoutes(networks, pageSize)
 */
export const networks: Collection = {
  table: "networks",
  key: "network",
  path: "networks",
  notFound: ["NetworkNotFound", "Network"],
  tags: true,
  revision: true,
  visible: (caller, record) => record.project_id === caller.project || record.shared === true || record["router:external"] === true,
  create: (body, caller, world) =>
    Effect.gen(function* () {
      yield* adminOnly(caller, body, ["router:external", "provider:network_type", "provider:physical_network", "provider:segmentation_id"])
      const segment = segmentOf(world, body)
      const record = {
        id: newId("uuid"), name: "", admin_state_up: true, status: "ACTIVE", subnets: [], shared: false,
        mtu: segment["provider:network_type"] === "vxlan" ? 1450 : 1500, port_security_enabled: true, "router:external": false,
        availability_zone_hints: [], availability_zones: [], ipv4_address_scope: null, ipv6_address_scope: null,
        is_default: false,
        ...(yield* standard(networks, body, caller)), ...segment, ...pick(body, networkFields)
      }
      return { record, world: (yield* defaultGroupOf(world, String(record.project_id))).world }
    }),
  update: (record, body, caller, world) =>
    Effect.as(adminOnly(caller, body, ["router:external"]), { record: { ...record, ...pick(body, networkFields) }, world }),
  remove: (record, world) => {
    const inUse = rows(world, "ports").some((p) => p.network_id === record.id && !String(p.device_owner).startsWith("network:dhcp"))
    if (inUse) {
      return fail(409, "NetworkInUse", `Unable to complete operation on network ${String(record.id)}. There are one or more ports still in use on the network.`)
    }
    const subnets = rows(world, "subnets").filter((s) => s.network_id === record.id)
    return Effect.succeed(subnets.reduce((w, s) => drop(w, "subnets", String(s.id)), drop(world, "networks", String(record.id))))
  }
}

// ---------------------------------------------------------------------------------------------------------------------
// Subnets and allocation
// ---------------------------------------------------------------------------------------------------------------------

const subnetFields = ["name", "gateway_ip", "allocation_pools", "dns_nameservers", "host_routes", "enable_dhcp", "service_types", "description"]

/** The addresses a subnet has given out (to ports) or keeps (its gateway). */
const takenIn = (world: World, subnet: Rec): ReadonlySet<string> =>
  new Set([
    ...(typeof subnet.gateway_ip === "string" ? [subnet.gateway_ip] : []),
    ...rows(world, "ports").flatMap((p) =>
      (p.fixed_ips as ReadonlyArray<Rec>).filter((ip) => ip.subnet_id === subnet.id).map((ip) => String(ip.ip_address)))
  ])

/** The first free address of a subnet's allocation pools, if any. */
const nextFree = (world: World, subnet: Rec): string | undefined => {
  const cidr = parseCidr(String(subnet.cidr))
  if (cidr === undefined) return undefined
  const taken = takenIn(world, subnet)
  for (const pool of subnet.allocation_pools as ReadonlyArray<Rec>) {
    const start = parseAddress(String(pool.start))?.value
    const end = parseAddress(String(pool.end))?.value
    if (start === undefined || end === undefined) continue
    for (let value = start; value <= end && value - start < 65_536n; value++) {
      const address = formatAddress(cidr.version, value)
      if (!taken.has(address)) return address
    }
  }
  return undefined
}

/** A fixed IP for a port: the one asked for (checked: in the subnet, not taken), else the next free one. */
export const allocate = (world: World, subnet: Rec, asked: unknown) => {
  const cidr = parseCidr(String(subnet.cidr))
  if (typeof asked === "string") {
    const address = parseAddress(asked)
    if (cidr === undefined || address === undefined || !contains(cidr, address)) {
      return invalid("fixed_ips", `IP address ${asked} is not a valid IP for the specified subnet.`)
    }
    const normal = formatAddress(address.version, address.value)
    return takenIn(world, subnet).has(normal)
      ? fail(409, "IpAddressAlreadyAllocated", `IP address ${normal} already allocated in subnet ${String(subnet.id)}`)
      : Effect.succeed(normal)
  }
  const free = nextFree(world, subnet)
  return free === undefined
    ? fail(409, "IpAddressGenerationFailure", `No more IP addresses available on network ${String(subnet.network_id)}.`)
    : Effect.succeed(free)
}

const defaultPools = (cidr: ReturnType<typeof parseCidr> & object, gateway: string | null) => {
  const first = cidr.network + 1n
  const last = cidr.network + cidr.size - (cidr.version === 4 ? 2n : 1n)
  const gatewayValue = gateway === null ? undefined : parseAddress(gateway)?.value
  const start = gatewayValue === first ? first + 1n : first
  return [{ start: formatAddress(cidr.version, start), end: formatAddress(cidr.version, last) }]
}

/**
 * Subnets.
 *
 * @example
 * collectionRoutes(subnets, pageSize)
 */
export const subnets: Collection = {
  table: "subnets",
  key: "subnet",
  path: "subnets",
  notFound: ["SubnetNotFound", "Subnet"],
  tags: true,
  revision: true,
  create: (body, caller, world) =>
    Effect.gen(function* () {
      const network = yield* networkOf(world, caller, body.network_id)
      if (body.ip_version !== 4 && body.ip_version !== 6) return yield* invalid("ip_version", `${JSON.stringify(body.ip_version)} is not in [4, 6].`)
      if (typeof body.cidr !== "string") return yield* fail(400, "BadRequest", "Bad subnets request: a cidr must be specified in the absence of a subnet pool.")
      const cidr = parseCidr(body.cidr)
      if (cidr === undefined || cidr.version !== body.ip_version) return yield* invalid("cidr", `'${body.cidr}' is not a valid IP subnet.`)
      const gateway = body.gateway_ip === null ? null : typeof body.gateway_ip === "string" ? body.gateway_ip : formatAddress(cidr.version, cidr.network + 1n)
      const record = {
        id: newId("uuid"), name: "", network_id: network.id, ip_version: body.ip_version, cidr: formatCidr(cidr), gateway_ip: gateway,
        allocation_pools: defaultPools(cidr, gateway), dns_nameservers: [], host_routes: [], enable_dhcp: true,
        ipv6_ra_mode: body.ipv6_ra_mode ?? null, ipv6_address_mode: body.ipv6_address_mode ?? null, subnetpool_id: null,
        service_types: [], ...(yield* standard(subnets, body, caller)), ...pick(body, subnetFields)
      }
      return { record, world: put(world, "networks", { ...network, subnets: [...(network.subnets as ReadonlyArray<string>), record.id] }) }
    }),
  update: (record, body, _caller, world) =>
    Effect.succeed({ record: { ...record, ...pick(body, subnetFields) }, world }),
  remove: (record, world) => {
    const used = rows(world, "ports").some((p) => (p.fixed_ips as ReadonlyArray<Rec>).some((ip) => ip.subnet_id === record.id))
    if (used) return fail(409, "SubnetInUse", `Unable to complete operation on subnet ${String(record.id)}: One or more ports have an IP allocation from this subnet.`)
    const network = world.tables.networks.get(String(record.network_id))
    const without = drop(world, "subnets", String(record.id))
    return Effect.succeed(network === undefined
      ? without
      : put(without, "networks", {
          ...network, subnets: (network.subnets as ReadonlyArray<string>).filter((s) => s !== record.id)
        }))
  }
}

// ---------------------------------------------------------------------------------------------------------------------
// Ports
// ---------------------------------------------------------------------------------------------------------------------

const portFields = [
  "name", "admin_state_up", "device_id", "device_owner", "security_groups", "port_security_enabled", "binding:host_id",
  "binding:vnic_type", "binding:profile", "extra_dhcp_opts", "description", "mac_address"
]

const mac = () => `fa:16:3e:${newId("hex").slice(0, 6).match(/../g)?.join(":") ?? "00:00:00"}`

/** The fixed IPs of a port: the ones asked for, else one from the network's first subnet (IPv4 first). */
export const fixedIpsFor = (world: World, network: Rec, asked: unknown) =>
  Effect.gen(function* () {
    const candidates = rows(world, "subnets").filter((s) => s.network_id === network.id).sort((a, b) => Number(a.ip_version) - Number(b.ip_version))
    const specs: ReadonlyArray<Rec> = Array.isArray(asked)
      ? asked
      : candidates.slice(0, 1).map((s) => ({ subnet_id: s.id }))
    const ips: Array<Rec> = []
    let next = world
    for (const spec of specs) {
      const subnet = candidates.find((s) => s.id === spec.subnet_id)
        ?? candidates.find((s) => typeof spec.ip_address === "string" && parseCidr(String(s.cidr)) !== undefined
          && contains(
            parseCidr(String(s.cidr)) as NonNullable<ReturnType<typeof parseCidr>>,
            parseAddress(spec.ip_address) ?? { version: 4, value: -1n }
          ))
      if (subnet === undefined) return yield* invalid("fixed_ips", `Failed to allocate an address on network ${String(network.id)}: ${JSON.stringify(spec)}.`)
      const address = yield* allocate(next, subnet, spec.ip_address)
      ips.push({ subnet_id: subnet.id, ip_address: address })
      next = put(next, "ports", { id: `allocating-${ips.length}`, fixed_ips: [...ips] })
    }
    return ips
  })

const bindingOf = (body: Rec, old: Rec = {}) => {
  const host = body["binding:host_id"] ?? old["binding:host_id"] ?? ""
  return { "binding:vif_type": host === "" ? "unbound" : "binding_failed" }
}

/**
 * Ports.
 *
 * @example
 * collectionRoutes(ports, pageSize)
 */
export const ports: Collection = {
  table: "ports",
  key: "port",
  path: "ports",
  notFound: ["PortNotFound", "Port"],
  tags: true,
  revision: true,
  filter: {
    params: ["fixed_ips"],
    matches: (request, record) =>
      request.url.searchParams.getAll("fixed_ips").every((spec) => {
        const [name, value] = spec.split("=")
        return (record.fixed_ips as ReadonlyArray<Rec>).some((ip) => name !== undefined && String(ip[name]) === value)
      })
  },
  create: (body, caller, world) =>
    Effect.gen(function* () {
      const network = yield* networkOf(world, caller, body.network_id)
      const fixedIps = yield* fixedIpsFor(world, network, body.fixed_ips)
      const project = caller.admin && typeof body.project_id === "string" ? body.project_id : caller.project
      const group = yield* defaultGroupOf(world, project)
      const address = typeof body.mac_address === "string" ? body.mac_address : mac()
      const pairs = Array.isArray(body.allowed_address_pairs)
        ? (body.allowed_address_pairs as ReadonlyArray<Rec>)
            .map((p) => ({ ip_address: p.ip_address, mac_address: p.mac_address ?? address }))
        : []
      const record = {
        id: newId("uuid"), name: "", network_id: network.id, admin_state_up: true, status: "DOWN", mac_address: address,
        fixed_ips: fixedIps, device_id: "", device_owner: "", security_groups: [group.id], allowed_address_pairs: pairs,
        port_security_enabled: network.port_security_enabled ?? true, "binding:host_id": "", "binding:vnic_type": "normal",
        "binding:profile": {}, "binding:vif_details": {}, extra_dhcp_opts: [], ...(yield* standard(ports, body, caller)),
        ...pick(body, portFields), ...bindingOf(body)
      }
      return { record, world: group.world }
    }),
  update: (record, body, _caller, world) =>
    Effect.gen(function* () {
      const network = world.tables.networks.get(String(record.network_id)) ?? {}
      const fixedIps = body.fixed_ips === undefined ? record.fixed_ips : yield* fixedIpsFor(drop(world, "ports", String(record.id)), network, body.fixed_ips)
      const pairs = Array.isArray(body.allowed_address_pairs)
        ? (body.allowed_address_pairs as ReadonlyArray<Rec>)
            .map((p) => ({ ip_address: p.ip_address, mac_address: p.mac_address ?? record.mac_address }))
        : record.allowed_address_pairs
      return {
        record: {
          ...record,
          ...pick(body, portFields),
          fixed_ips: fixedIps,
          allowed_address_pairs: pairs,
          ...bindingOf(body, record)
        },
        world
      }
    })
}
