/**
 * Fixtures: the bodies Keystone and other services send, built for tests — token bodies with catalogs
 * ({@link V3Token}, {@link V2Token}) and version documents.
 *
 * @example
 * import { Fixtures } from "effect-openstack/testing"
 *
 * const token = new Fixtures.V3Token({ projectName: "demo" })
 * token.addService("identity").addStandardEndpoints({ public: "https://keystone/v3", region: "RegionOne" })
 *
 * @module
 */
export * from "./TokenFixtures.ts"
export * from "./VersionFixtures.ts"
