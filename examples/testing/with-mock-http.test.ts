/**
 * Testing an application with `MockHttp`: script the HTTP answers, and check what the SDK sent. Every request goes
 * through the real SDK (authentication, the catalog, the Resource), so you see the wire.
 */
import { assert, it } from "@effect/vitest"
import { Effect, Redacted } from "effect"
import { Auth, Network, Session } from "effect-openstack"
import { MockHttp } from "effect-openstack/testing"
import { ciNetwork } from "./app.ts"

const endpoint = "http://neutron.test:9696/v2.0"

it.effect("a missing network is created and tagged: the requests the SDK sends", () => {
  const sent: Array<string> = []
  const neutron = MockHttp.layer((request, url) => {
    // Version discovery (Neutron's version list at its root), once per endpoint.
    if (url.pathname === "/v2.0/" || url.pathname === "/") {
      return MockHttp.json(200, { versions: [{ id: "v2.0", status: "CURRENT", links: [{ rel: "self", href: `${endpoint}/` }] }] })
    }
    sent.push(`${request.method} ${url.pathname}${url.search}`)
    if (request.method === "POST") {
      return MockHttp.json(201, { network: { id: "n9", name: "web-ci", admin_state_up: true, status: "ACTIVE", subnets: [], shared: false, project_id: "p1", tags: [] } })
    }
    if (url.pathname.endsWith("/tags/ci")) return { status: 201 }
    if (url.pathname === "/v2.0/networks/web-ci") {
      return MockHttp.json(404, { NeutronError: { type: "NetworkNotFound", message: "Network web-ci could not be found.", detail: "" } })
    }
    return MockHttp.json(200, url.pathname.endsWith("/subnets") ? { subnets: [] } : { networks: [] })
  })
  return Effect.gen(function* () {
    const auth = yield* Auth.tokenEndpoint({ token: Redacted.make("token"), endpoint })
    const report = yield* ciNetwork("web").pipe(Effect.provide(Network.Network.layer()), Effect.provide(Session.layer({ auth })))
    assert.deepStrictEqual(report, { id: "n9", cidrs: [] })
    assert.deepStrictEqual(sent, [
      "GET /v2.0/networks/web-ci",
      "GET /v2.0/networks?name=web-ci",
      "POST /v2.0/networks",
      "PUT /v2.0/networks/n9/tags/ci",
      "GET /v2.0/subnets?network_id=n9"
    ])
  }).pipe(Effect.provide(neutron))
})
