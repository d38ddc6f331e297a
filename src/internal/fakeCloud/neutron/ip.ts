/**
 * Addresses as numbers, for the fake Neutron's allocation: parse and print IPv4 and IPv6 addresses and CIDRs, and
 * walk a range.
 *
 * @internal
 */

/**
 * A parsed CIDR: its version, its first address and its size (as big integers).
 *
 * @example
 * const net = parseCidr("10.0.0.0/24") // { version: 4, network: 167772160n, prefix: 24, size: 256n }
 */
export interface Cidr {
  readonly version: 4 | 6
  readonly network: bigint
  readonly prefix: number
  readonly size: bigint
}

const parse4 = (text: string): bigint | undefined => {
  const parts = text.split(".")
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) return undefined
  return parts.reduce((n, p) => (n << 8n) + BigInt(p), 0n)
}

const parse6 = (text: string): bigint | undefined => {
  if (!/^[0-9a-fA-F:]+$/.test(text) || text.split("::").length > 2) return undefined
  const [head = "", tail] = text.split("::")
  const left = head === "" ? [] : head.split(":")
  const right = tail === undefined || tail === "" ? [] : tail.split(":")
  const missing = 8 - left.length - right.length
  if ((tail === undefined && missing !== 0) || missing < 0) return undefined
  const groups = [...left, ...Array.from({ length: tail === undefined ? 0 : missing }, () => "0"), ...right]
  if (groups.some((g) => g.length === 0 || g.length > 4)) return undefined
  return groups.reduce((n, g) => (n << 16n) + BigInt(Number.parseInt(g, 16)), 0n)
}

/**
 * An address as a number, and its version; `undefined` when it is none.
 *
 * @example
 * parseAddress("10.0.0.1") // { version: 4, value: 167772161n }
 */
export const parseAddress = (text: string): { readonly version: 4 | 6, readonly value: bigint } | undefined => {
  const v4 = parse4(text)
  if (v4 !== undefined) return { version: 4, value: v4 }
  const v6 = parse6(text)
  return v6 === undefined ? undefined : { version: 6, value: v6 }
}

/**
 * A CIDR, normalized to its network; `undefined` when it is none.
 *
 * @example
 * parseCidr("10.0.0.7/24")?.network // 10.0.0.0 as a number
 */
export const parseCidr = (text: string): Cidr | undefined => {
  const [address = "", bits] = text.split("/")
  const parsed = parseAddress(address)
  const prefix = Number(bits)
  if (parsed === undefined || bits === undefined || !/^\d+$/.test(bits)) return undefined
  const width = parsed.version === 4 ? 32 : 128
  if (prefix > width) return undefined
  const size = 1n << BigInt(width - prefix)
  return { version: parsed.version, network: (parsed.value / size) * size, prefix, size }
}

/**
 * An address as text.
 *
 * @example
 * formatAddress(4, 167772161n) // "10.0.0.1"
 */
export const formatAddress = (version: 4 | 6, value: bigint): string => {
  if (version === 4) return [24n, 16n, 8n, 0n].map((shift) => String((value >> shift) & 255n)).join(".")
  const groups = [112n, 96n, 80n, 64n, 48n, 32n, 16n, 0n].map((shift) => ((value >> shift) & 0xffffn).toString(16))
  const text = groups.join(":")
  const zeros = text.match(/(^|:)0(:0)+(:|$)/g)?.sort((a, b) => b.length - a.length)[0]
  return zeros === undefined ? text : text.replace(zeros, "::")
}

/**
 * A CIDR as text (its network and prefix).
 *
 * @example
 * formatCidr(parseCidr("10.0.0.7/24")) // "10.0.0.0/24"
 */
export const formatCidr = (cidr: Cidr): string => `${formatAddress(cidr.version, cidr.network)}/${cidr.prefix}`

/**
 * Whether an address is in a CIDR.
 *
 * @example
 * contains(parseCidr("10.0.0.0/24"), parseAddress("10.0.0.9")) // true
 */
export const contains = (cidr: Cidr, address: { readonly version: 4 | 6, readonly value: bigint }): boolean =>
  cidr.version === address.version && address.value >= cidr.network && address.value < cidr.network + cidr.size
