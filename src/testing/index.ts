/**
 * The public test kit: `import { MockHttp } from "effect-openstack/testing"`.
 *
 * @example
 * import { MockHttp } from "effect-openstack/testing"
 * const layer = MockHttp.layer(() => MockHttp.json(200, { versions: { values: [] } }))
 *
 * @module
 */
export * as FakeCloud from "./FakeCloud.ts"
export * as Fixtures from "./Fixtures.ts"
export * as MockHttp from "./MockHttp.ts"
