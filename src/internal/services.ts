/**
 * The services the SDK has clients for: each one's official type, the API version its clients discover at the
 * catalog's endpoint, the name their spans start with, and how the words of its paths are joined.
 *
 * @internal
 */
import type { ServiceInfo } from "./resource/declaration.ts"

/**
 * Identity v3 (Keystone): `/v3/role_assignments`.
 *
 * @example
 * Resource.adapterOf(session, identity) // version 3
 */
export const identity = { type: "identity", version: "3", name: "Identity", pathSeparator: "_" } as const satisfies ServiceInfo

/**
 * Network v2.0 (Neutron): `/v2.0/security-groups`.
 *
 * @example
 * Resource.adapterOf(session, network) // version 2.0
 */
export const network = { type: "network", version: "2.0", name: "Network", pathSeparator: "-" } as const satisfies ServiceInfo
