/**
 * New ids for the fake cloud's records and tokens.
 *
 * @internal
 */

/**
 * A new id: a UUID with dashes (Neutron's), or 32 hex digits (Keystone's).
 *
 * @example
 * newId("hex") // "3f2a…"
 */
export const newId = (form: "uuid" | "hex"): string => {
  const uuid = globalThis.crypto.randomUUID()
  return form === "uuid" ? uuid : uuid.replaceAll("-", "")
}
