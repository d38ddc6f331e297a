/**
 * The headers a Session sends: its User-Agent, the microversion headers, the session's own (Forwarded, the global
 * request id), and a plugin's auth headers.
 *
 * @internal
 */
import * as Headers from "effect/http/Headers"
import * as HttpClientRequest from "effect/http/HttpClientRequest"
import * as Record from "effect/Record"
import * as Redacted from "effect/Redacted"
import type { AuthHeaders } from "../auth/AuthPlugin.ts"
import * as ServiceTypes from "../ServiceTypes.ts"
import { version } from "../version.ts"
import type { SessionOptions } from "./options.ts"

const runtimeName = (): string => {
  const g = globalThis as { readonly process?: { readonly versions?: Readonly<Record<string, string>> } }
  const versions = g.process?.versions
  if (versions?.bun !== undefined) return `bun/${versions.bun}`
  if (versions?.deno !== undefined) return `deno/${versions.deno}`
  if (versions?.node !== undefined) return `node/${versions.node}`
  return "javascript"
}

/**
 * The User-Agent: the application (if any), `effect-openstack/<version>` and the runtime.
 *
 * @example
 * Session.userAgent("my-app/1.2") // "my-app/1.2 effect-openstack/0.1.0 node/24.21.0"
 */
export const userAgent = (application?: string): string =>
  [application, `effect-openstack/${version}`, runtimeName()].filter((part) => part !== undefined && part !== "").join(" ")

/** The pre-standard microversion headers some services still read (keystoneauth1 sends both). */
const legacyMicroversionHeaders: Readonly<Record<string, string>> = {
  compute: "x-openstack-nova-api-version",
  baremetal: "x-openstack-ironic-api-version",
  "shared-file-system": "x-openstack-manila-api-version"
}

/**
 * The headers that ask a service for a microversion: `OpenStack-API-Version: <type> <version>` (block storage calls
 * itself "volume" there), and the legacy header of compute, bare metal and shared file systems.
 *
 * @example
 * Session.microversionHeaders("compute", "2.79")
 * // { "openstack-api-version": "compute 2.79", "x-openstack-nova-api-version": "2.79" }
 */
export const microversionHeaders = (serviceType: string, microversion: string): Record<string, string> => {
  const type = ServiceTypes.official(serviceType)
  const legacy = legacyMicroversionHeaders[type]
  return {
    "openstack-api-version": `${type === "block-storage" ? "volume" : type} ${microversion}`,
    ...(legacy === undefined ? {} : { [legacy]: microversion })
  }
}

/** The headers every request of a session starts from (made once: every request sends them). */
export const sessionHeadersOf = (options: SessionOptions): Headers.Headers =>
  Headers.fromInput({
    "user-agent": userAgent(options.userAgent),
    ...(options.originalIp === undefined ? {} : { forwarded: `for=${options.originalIp};by=effect-openstack` }),
    ...(options.globalRequestId === undefined ? {} : { "x-openstack-request-id": options.globalRequestId })
  })

/**
 * The values of auth headers as request headers, for the headers objects that never change (frozen: a plugin's held
 * headers, one per token): unwrapped once each.
 */
const authRequestHeaders = new WeakMap<AuthHeaders, Headers.Headers>()

const unwrap = (headers: AuthHeaders): Headers.Headers => Headers.fromInput(Record.map(headers, Redacted.value))

/** The values of a plugin's headers (once per frozen headers object). */
const authHeaderValues = (headers: AuthHeaders): Headers.Headers => {
  const known = authRequestHeaders.get(headers)
  if (known !== undefined) return known
  const values = unwrap(headers)
  if (Object.isFrozen(headers)) authRequestHeaders.set(headers, values)
  return values
}

/** The request with the plugin's headers. */
export const withAuthHeaders = (request: HttpClientRequest.HttpClientRequest, headers: AuthHeaders) => {
  const values = authHeaderValues(headers)
  return HttpClientRequest.updateHeaders(request, (own) => Headers.merge(own, values))
}
