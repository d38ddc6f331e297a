/**
 * The Session's step that resolves a request's URL: absolute as it is, else a path under the `endpointOverride` (its
 * `{project_id}` the token's project) or under the endpoint the `endpointFilter` selects in the catalog (with version
 * discovery when a version is asked for).
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import type { AuthPlugin } from "../auth/AuthPlugin.ts"
import * as Discovery from "../Discovery.ts"
import { MissingAuthPlugin, ValidationError } from "../Errors.ts"
import type { EndpointFilter, SessionError } from "./options.ts"
import { inSessionClient, type Plan, type SessionParts } from "./run.ts"

/** Whether a URL is absolute (has a scheme). */
export const isAbsolute = (url: string): boolean => /^[a-z][a-z\d+.-]*:\/\//i.test(url)

const join = (base: string, path: string): string =>
  path === "" ? base : `${base.replace(/\/+$/, "")}/${path.replace(/^\/+/, "")}`

/** `{project_id}` (openstacksdk) or `%(project_id)s` (keystoneauth1) in an endpoint override. */
const projectIdPlaceholder = /\{project_id\}|%\(project_id\)s/g

/** The request's plugin, else the session's; `MissingAuthPlugin` naming `what` needed one. */
export const requirePlugin = (parts: SessionParts, auth: AuthPlugin | undefined, what: string) => {
  const plugin = auth ?? parts.options.auth
  return plugin === undefined
    ? Effect.fail(new MissingAuthPlugin({ message: `${what} needs an auth plugin, and the session has none` }))
    : Effect.succeed(plugin)
}

/** The URL of the endpoint a filter selects (with version discovery when a version is given). */
export const getEndpoint = (
  parts: SessionParts,
  filter: EndpointFilter,
  auth?: AuthPlugin
): Effect.Effect<string, SessionError> =>
  Effect.gen(function* () {
    const plugin = yield* requirePlugin(parts, auth, `the endpoint of ${filter.serviceType ?? "a service"}`)
    const { version, minVersion, maxVersion, ...catalogFilter } = filter
    const url = yield* inSessionClient(parts)(plugin.getEndpoint(catalogFilter))
    if (version === undefined && minVersion === undefined && maxVersion === undefined) return url
    const required = version !== undefined ? version : { minVersion, maxVersion }
    return yield* Discovery.endpointForCatalogUrl(parts.discovery, filter.serviceType ?? "", url, required)
  })

/** The absolute URL of a request. */
export const resolveUrl = (parts: SessionParts, url: string, plan: Plan): Effect.Effect<string, SessionError> => {
  if (isAbsolute(url)) return Effect.succeed(url)
  const { endpointOverride, endpointFilter } = plan.options
  if (endpointOverride !== undefined) {
    if (!projectIdPlaceholder.test(endpointOverride)) return Effect.succeed(join(endpointOverride, url))
    return Effect.gen(function* () {
      const plugin = yield* requirePlugin(parts, plan.options.auth, `the {project_id} of ${endpointOverride}`)
      const projectId = (yield* inSessionClient(parts)(plugin.getProjectId)) ?? ""
      return join(endpointOverride.replaceAll(projectIdPlaceholder, projectId), url)
    })
  }
  if (endpointFilter !== undefined) {
    return Effect.map(getEndpoint(parts, endpointFilter, plan.options.auth), (base) => join(base, url))
  }
  return Effect.fail(
    new ValidationError({
      message: `"${url}" is a relative path: give an absolute URL, an endpointFilter (e.g. { serviceType: "identity" }) `
        + "or an endpointOverride"
    })
  )
}
