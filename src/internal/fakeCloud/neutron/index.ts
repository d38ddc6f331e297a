/**
 * The fake Neutron: its version document, every collection (paged at the fake's page size), the router actions, the
 * extensions it has, availability zones (none: it has no agents), and its 404 / 405 bodies.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import { type FakeResponse, ok, type Route, route } from "../http.ts"
import { callerOf, collectionRoutes, fail, neutronError } from "./common.ts"
import { floatingIps, routerActions, routers } from "./l3.ts"
import { networks, ports, subnets } from "./networks.ts"
import { securityGroupRules, securityGroups } from "./security.ts"

const extensions = [
  ["standard-attr-tag", "Tag support for resources with standard attribute: subnet, trunk, network_segment_range, router, network, policy, subnetpool, port, security_group, floatingip"],
  ["revision-if-match", "If-Match constraints based on revision_number"],
  ["standard-attr-revisions", "This extension will display the revision number of neutron resources."],
  ["standard-attr-description", "Extension to add descriptions to standard attributes"],
  ["standard-attr-timestamp", "Adds created_at and updated_at fields to all Neutron resources that have Neutron standard attributes."],
  ["pagination", "Extension that indicates that pagination is enabled."],
  ["sorting", "Extension that indicates that sorting is enabled."],
  ["project-id", "Extension that indicates that project_id field is enabled."],
  ["router", "Router abstraction for basic L3 forwarding between L2 Neutron networks and access to external networks via a NAT gateway."],
  ["external-net", "Adds external network attribute to network resource."],
  ["extraroute", "Extra routes configuration for L3 router"],
  ["extraroute-atomic", "Edit extra routes of a router on server side by atomically adding/removing extra routes"],
  ["security-group", "The security groups extension."],
  ["port-security", "Provides port security"],
  ["binding", "Expose port bindings of a virtual port to external application"],
  ["allowed-address-pairs", "Provides allowed address pairs"],
  ["net-mtu", "Provides MTU attribute for a network resource."],
  ["provider", "Expose mapping of virtual networks to physical networks"]
].map(([alias, description]) => ({ alias, name: alias, description, updated: "2017-01-01T00:00:00-00:00", links: [] }))

const versions = (base: string) => ({
  versions: [{ id: "v2.0", status: "CURRENT", links: [{ rel: "self", href: `${base}/network/v2.0/` }] }]
})

/**
 * Neutron's routes (paths under `/network`), its collections paged at `pageSize` (Neutron's `pagination_max_limit`;
 * `undefined`: no limit).
 *
 * @example
 * dispatch(neutronRoutes(3), request, world, neutronMissing)
 */
export const neutronRoutes = (pageSize: number | undefined): ReadonlyArray<Route> => [
  route("GET", "/", (_request, _params, world) => Effect.succeed(ok(200, versions(world.baseUrl)))),
  ...[networks, subnets, ports, routers, floatingIps, securityGroups, securityGroupRules]
    .flatMap((c) => collectionRoutes(c, pageSize)),
  ...routerActions,
  route("GET", "/v2.0/extensions", (request, _params, world) => Effect.as(callerOf(request, world), ok(200, { extensions }))),
  route("GET", "/v2.0/extensions/:alias", (request, params, world) =>
    Effect.flatMap(callerOf(request, world), () => {
      const extension = extensions.find((e) => e.alias === params.alias)
      return extension === undefined
        ? fail(404, "HTTPNotFound", `Extension with alias ${params.alias ?? ""} does not exist`)
        : Effect.succeed(ok(200, { extension }))
    })),
  route("GET", "/v2.0/availability_zones", (request, _params, world) => Effect.as(callerOf(request, world), ok(200, { availability_zones: [] })))
]

/**
 * Neutron's answer to a path it does not have, or a method a path does not take.
 *
 * @example
 * neutronMissing(404, "The resource could not be found.")
 */
export const neutronMissing = (status: 404 | 405, message: string): FakeResponse =>
  neutronError(status, status === 404 ? "HTTPNotFound" : "HTTPMethodNotAllowed", message)
