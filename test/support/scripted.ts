/**
 * A scripted server for the tests of what an adapter sends: through `MockHttp.layer`, without any network, each request
 * is recorded as a `Seen` and answered by a function of the test.
 */
import { Effect, Redacted } from "effect"
import { Adapter, Auth, Session } from "effect-openstack"
import { MockHttp } from "effect-openstack/testing"

/** A request as the script saw it. */
export interface Seen<Url = string> {
  readonly method: string
  /** The full URL, query string included: its `href`, unless the options' `url` records it otherwise. */
  readonly url: Url
  /** The JSON body (`undefined` for none, or one that is not JSON). */
  readonly body: unknown
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string>>
}

/** Where the adapter's requests go, and how they are recorded. */
export interface ScriptedOptions<Url> {
  /** The endpoint of the token-endpoint plugin: the adapter's base URL. */
  readonly endpoint: string
  /** The adapter's service type. */
  readonly serviceType: string
  /** The token the session sends (default `"t"`). */
  readonly token?: string
  /** How a request's URL is recorded (default: its `href`). */
  readonly url?: (url: URL) => Url
}

/**
 * A runner on a scripted server: `run(answer, body)` answers each request with `answer`, and runs `body` with an
 * adapter for `serviceType` on a session with a token-endpoint plugin (that session is also provided as
 * `Session.Session`), and the requests seen so far (the array grows as requests are sent).
 *
 * @example
 * const withIdentity = scripted({ endpoint: "http://keystone.test/v3", serviceType: "identity" })
 * withIdentity(() => MockHttp.json(200, { projects: [] }), (identity, seen) => Projects.make(identity).list())
 */
export const scripted = <Url = string>(options: ScriptedOptions<Url>) => {
  const record = options.url ?? ((url: URL) => url.href as Url)
  return <A, E>(
    answer: (seen: Seen<Url>) => MockHttp.Reply,
    body: (adapter: Adapter.AdapterShape, seen: ReadonlyArray<Seen<Url>>) => Effect.Effect<A, E, Session.Session>
  ) => {
    const seen: Array<Seen<Url>> = []
    const layer = MockHttp.layer((request, url) => {
      const entry = { method: request.method, url: record(url), body: MockHttp.bodyJson(request), headers: request.headers }
      seen.push(entry)
      return answer(entry)
    })
    return Effect.gen(function* () {
      const auth = yield* Auth.tokenEndpoint({ token: Redacted.make(options.token ?? "t"), endpoint: options.endpoint })
      const session = yield* Session.make({ auth })
      return yield* body(Adapter.make(session, { serviceType: options.serviceType }), seen).pipe(
        Effect.provideService(Session.Session, session)
      )
    }).pipe(Effect.provide(layer))
  }
}
