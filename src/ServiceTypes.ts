/**
 * OpenStack service types and their historical aliases, after the official service-types authority
 * (https://service-types.openstack.org): a catalog may list block storage as `volumev3`, a user may ask for
 * `block-storage`, and both mean the same service.
 *
 * @example
 * import { ServiceTypes } from "effect-openstack"
 *
 * ServiceTypes.official("volumev3")               // "block-storage"
 * ServiceTypes.isMatch("block-storage", "volume") // true
 *
 * @module
 */

/** Official service types with aliases, most preferred alias first. Types without aliases need no entry. */
const aliasesByType: Readonly<Record<string, ReadonlyArray<string>>> = {
  "admin-logic": ["registration"],
  alarm: ["alarming"],
  "application-container": ["container"],
  "application-deployment": ["application_deployment"],
  baremetal: ["bare-metal"],
  "block-storage": ["volumev3", "volumev2", "volume", "block-store"],
  clustering: ["resource-cluster", "cluster"],
  "container-infrastructure-management": ["container-infrastructure", "container-infra"],
  event: ["events"],
  "instance-ha": ["ha"],
  message: ["messaging"],
  meter: ["metering", "telemetry"],
  "monitoring-logging": ["monitoring-log-api"],
  "multi-region-network-automation": ["tricircle"],
  "operator-policy": ["policy"],
  "resource-optimization": ["infra-optim"],
  "root-cause-analysis": ["rca"],
  "shared-file-system": ["sharev2", "share"],
  workflow: ["workflowv2"]
}

const officialByAlias: ReadonlyMap<string, string> = new Map(
  Object.entries(aliasesByType).flatMap(([official, aliases]) => aliases.map((alias) => [alias, official] as const))
)

/**
 * The official type for a type or alias; an unknown type is its own official type.
 *
 * @example
 * ServiceTypes.official("sharev2") // "shared-file-system"
 * ServiceTypes.official("network") // "network"
 */
export const official = (serviceType: string): string => officialByAlias.get(serviceType) ?? serviceType

/**
 * The official type followed by its aliases, in order of preference.
 *
 * @example
 * ServiceTypes.allTypes("volume") // ["block-storage", "volumev3", "volumev2", "volume", "block-store"]
 */
export const allTypes = (serviceType: string): ReadonlyArray<string> => {
  const type = official(serviceType)
  return [type, ...(aliasesByType[type] ?? [])]
}

/**
 * Whether a catalog entry of type `found` serves the `requested` type (the same type, or aliases of one service).
 *
 * @example
 * ServiceTypes.isMatch("volumev3", "block-storage") // true
 * ServiceTypes.isMatch("compute", "network")        // false
 */
export const isMatch = (requested: string, found: string): boolean => official(requested) === official(found)

/**
 * How preferred a catalog type is for a request: 0 for the official type, then the aliases in order.
 *
 * @example
 * ServiceTypes.preference("volumev2") // 2
 */
export const preference = (serviceType: string): number => allTypes(serviceType).indexOf(serviceType)
