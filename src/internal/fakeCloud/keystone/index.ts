/**
 * The fake Keystone: every route, and its 404 / 405 bodies.
 *
 * @internal
 */
import type { FakeResponse, Route } from "../http.ts"
import { applicationCredentialRoutes } from "./applicationCredentials.ts"
import { authRoutes } from "./auth.ts"
import { catalogRoutes } from "./catalog.ts"
import { keystoneError } from "./common.ts"
import { peopleRoutes } from "./people.ts"
import { roleRoutes } from "./roles.ts"

/**
 * Keystone's routes (paths under `/identity`).
 *
 * @example
 * dispatch(keystoneRoutes, request, world, keystoneMissing)
 */
export const keystoneRoutes: ReadonlyArray<Route> = [
  ...authRoutes,
  ...peopleRoutes,
  ...roleRoutes,
  ...catalogRoutes,
  ...applicationCredentialRoutes
]

/**
 * Keystone's answer to a path it does not have, or a method a path does not take.
 *
 * @example
 * keystoneMissing(404, "The resource could not be found.")
 */
export const keystoneMissing = (status: 404 | 405, message: string): FakeResponse => keystoneError(status, message)
