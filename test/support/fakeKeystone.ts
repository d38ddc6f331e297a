/**
 * A scripted Keystone for unit tests, on MockHttp: it records every request and answers token requests with fixture
 * tokens whose expiry follows the Effect clock (so TestClock moves it), `GET /` with a version list.
 */
import { Clock, Effect, type Latch } from "effect"
import type { HttpClientError } from "effect/http"
import { Fixtures, MockHttp } from "effect-openstack/testing"

export const authUrl = "http://keystone.test:5000/v3"
export const rootUrl = "http://keystone.test:5000/"

/** A request as the fake saw it. */
export interface Seen {
  readonly method: string
  readonly url: string
  readonly headers: Readonly<Record<string, string>>
  readonly body: unknown
}

export interface FakeOptions {
  /** Token lifetime in seconds (default 3600). */
  readonly lifetime?: number
  /** Answer the n-th token request (1-based) with this instead of a token. */
  readonly override?: (n: number, seen: Seen) => MockHttp.Reply | undefined
  /** Versions offered at GET / ("v3", "v2" or both; default v3). */
  readonly versions?: ReadonlyArray<"v3" | "v2">
  /** Hold every token request until this latch opens. */
  readonly gate?: Latch.Latch
  /** Answers every other request (default: 404, or the version list at GET /). */
  readonly route?: (seen: Seen) => MockHttp.Reply | undefined
}

export const fakeKeystone = (options: FakeOptions = {}) => {
  const seen: Array<Seen> = []
  let tokens = 0
  const lifetime = options.lifetime ?? 3600

  const issueV3 = (body: unknown) =>
    Effect.map(Clock.currentTimeMillis, (now) => {
      type User = { id?: string, name?: string }
      const identity = (body as { auth?: { identity?: { methods?: Array<string>, password?: { user?: User } } } }).auth
        ?.identity
      const user = identity?.password?.user
      const token = new Fixtures.V3Token({
        subjectToken: `token-${tokens}`,
        userId: user?.id ?? "user-1",
        userName: user?.name ?? "demo",
        issued: new Date(now),
        expires: new Date(now + lifetime * 1000),
        methods: identity?.methods ?? ["password"],
        projectId: "project-1",
        projectName: "demo",
        roles: ["member"]
      })
      token.addService("compute").addStandardEndpoints({ public: "http://nova.test/v2.1", region: "RegionOne" })
      token.addService("identity").addStandardEndpoints({
        public: authUrl,
        internal: "http://keystone.internal:5000/v3",
        region: "RegionOne"
      })
      token.addService("network").addStandardEndpoints({ public: "http://neutron.test:9696", region: "RegionOne" })
      token.addService("network").addStandardEndpoints({ public: "http://neutron.two:9696", region: "RegionTwo" })
      return MockHttp.json(201, token.body, { "x-subject-token": token.subjectToken, "x-openstack-request-id": `req-${tokens}` })
    })

  const issueV2 = Effect.map(Clock.currentTimeMillis, (now) => {
    const token = new Fixtures.V2Token({
      tokenId: `v2-token-${tokens}`,
      userId: "user-1",
      tenantId: "tenant-1",
      issued: new Date(now),
      expires: new Date(now + lifetime * 1000)
    })
    return MockHttp.json(200, token.body)
  })

  const versionList = () => {
    const offered = options.versions ?? ["v3"]
    return MockHttp.json(
      300,
      Fixtures.versionList([
        ...(offered.includes("v3") ? [Fixtures.v3Version({ url: `${rootUrl}v3/` })] : []),
        ...(offered.includes("v2") ? [Fixtures.versionEntry({ id: "v2.0", status: "deprecated", url: `${rootUrl}v2.0/` })] : [])
      ])
    )
  }

  const layer = MockHttp.layer((request, url): Effect.Effect<MockHttp.Reply, HttpClientError.HttpClientError> => {
    const entry: Seen = { method: request.method, url: url.href, headers: request.headers, body: MockHttp.bodyJson(request) }
    seen.push(entry)
    const isToken = request.method === "POST" && /\/(auth\/tokens|tokens)$/.test(url.pathname)
    if (!isToken) {
      return Effect.succeed(options.route?.(entry) ?? (url.pathname === "/" ? versionList() : { status: 404 }))
    }
    tokens++
    const n = tokens
    const answer = Effect.suspend(() => {
      const overridden = options.override?.(n, entry)
      if (overridden !== undefined) return Effect.succeed(overridden)
      return url.pathname.endsWith("/v2.0/tokens") ? issueV2 : issueV3(entry.body)
    })
    return options.gate === undefined ? answer : Effect.andThen(options.gate.await, answer)
  })

  return {
    layer,
    seen,
    /** How many token requests were made. */
    tokenRequests: () => seen.filter((s) => s.method === "POST").length
  }
}
