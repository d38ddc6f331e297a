/**
 * The Session's step that builds a request: the session's headers, the request's own (User-Agent, global request id,
 * microversion of its service, JSON), the caller's headers over them, the query and the body. Authentication's
 * headers come later, per try.
 *
 * @internal
 */
import * as Option from "effect/Option"
import * as Headers from "effect/http/Headers"
import * as HttpBody from "effect/http/HttpBody"
import * as HttpClientRequest from "effect/http/HttpClientRequest"
import * as UrlParams from "effect/http/UrlParams"
import * as ServiceTypes from "../ServiceTypes.ts"
import { microversionHeaders, userAgent } from "./headers.ts"
import type { Plan, SessionParts } from "./run.ts"

/** The microversion a request asks for: its own, else the session's for its service type. */
const microversionOf = (parts: SessionParts, plan: Plan): string | undefined =>
  plan.options.microversion
  ?? (plan.serviceType === undefined
    ? undefined
    : parts.options.microversions?.[ServiceTypes.official(plan.serviceType)]
      ?? parts.options.microversions?.[plan.serviceType])

/** The request's headers: the request's own over the session's; the caller's headers are normalised over these. */
const headersOf = (parts: SessionParts, plan: Plan): Headers.Headers => {
  const { options } = plan
  const microversion = microversionOf(parts, plan)
  const own: Record<string, string> = {}
  if (options.userAgent !== undefined) own["user-agent"] = userAgent(options.userAgent)
  if (options.globalRequestId !== undefined) own["x-openstack-request-id"] = options.globalRequestId
  if (microversion !== undefined && plan.serviceType !== undefined) {
    Object.assign(own, microversionHeaders(plan.serviceType, microversion))
  }
  if (options.json !== undefined) own.accept = "application/json"
  const headers = Object.keys(own).length === 0 ? parts.headers : Headers.setAll(parts.headers, own)
  return options.headers === undefined ? headers : Headers.setAll(headers, options.headers)
}

/** The request, with every header but authentication's. */
export const buildRequest = (parts: SessionParts, url: string, plan: Plan): HttpClientRequest.HttpClientRequest => {
  const { options } = plan
  let request = HttpClientRequest.makeWith(
    options.method ?? "GET",
    url,
    UrlParams.empty,
    Option.none(),
    headersOf(parts, plan),
    HttpBody.empty
  )
  if (options.urlParams !== undefined) request = HttpClientRequest.setUrlParams(request, options.urlParams)
  if (options.json !== undefined) request = HttpClientRequest.bodyJsonUnsafe(request, options.json)
  else if (options.body !== undefined) request = HttpClientRequest.setBody(request, options.body)
  return request
}
