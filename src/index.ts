/**
 * effect-openstack: an Effect-native OpenStack SDK. Each module is a namespace:
 * `import { Errors, Transport } from "effect-openstack"`.
 *
 * @example
 * import { Effect } from "effect"
 * import { Errors, Transport } from "effect-openstack"
 *
 * const layer = Transport.node({ verify: true })
 * const isAuthFailure = (e: unknown) => e instanceof Errors.Unauthorized
 *
 * @module
 */
export * as AccessInfo from "./AccessInfo.ts"
export * as Adapter from "./Adapter.ts"
export * as Auth from "./auth/index.ts"
export * as AuthPlugin from "./auth/AuthPlugin.ts"
export * as CloudConfig from "./CloudConfig.ts"
export * as Connection from "./Connection.ts"
export * as Discovery from "./Discovery.ts"
export * as Errors from "./Errors.ts"
export * as Identity from "./identity/v3/Identity.ts"
export * as KeystoneClient from "./KeystoneClient.ts"
export * as Network from "./network/v2/Network.ts"
export * as Pagination from "./Pagination.ts"
export * as Resource from "./Resource.ts"
export * as ServiceCatalog from "./ServiceCatalog.ts"
export * as ServiceTypes from "./ServiceTypes.ts"
export * as Session from "./Session.ts"
export * as TokenStore from "./auth/TokenStore.ts"
export * as Transport from "./Transport.ts"
export { version } from "./version.ts"
