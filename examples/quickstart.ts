/**
 * Quickstart: talk to Keystone through effect-openstack's transport and see its typed errors.
 *
 *   npm start                                        # against a scripted stand-in for Keystone (no server needed)
 *   OS_AUTH_URL=http://127.0.0.1:5000/v3 npm start   # against a real one, e.g. the test rig of `npm run test:keystone`
 *
 * It reads the version document at the auth URL, then asks for a token with a wrong password and prints the
 * `Unauthorized` error it gets — message, request id and all, but never the password.
 */
import { NodeRuntime } from "@effect/platform-node"
import { Config, Console, Effect, Layer, Option } from "effect"
import { HttpClient, HttpClientRequest } from "effect/http"
import { Errors, Transport } from "effect-openstack"
import { MockHttp } from "effect-openstack/testing"

/** Stands in for Keystone when no OS_AUTH_URL is given: a version document, and a 401 for every token request. */
const standIn = MockHttp.layer((request) =>
  request.method === "GET"
    ? MockHttp.json(200, { version: { id: "v3.14", status: "stable", links: [] } })
    : MockHttp.json(
        401,
        { error: { code: 401, title: "Unauthorized", message: "The request you have made requires authentication." } },
        { "x-openstack-request-id": "req-00000000-0000-0000-0000-000000000000" }
      )
)

const program = Effect.gen(function* () {
  const authUrl = Option.getOrElse(
    yield* Config.option(Config.String("OS_AUTH_URL")),
    () => "http://keystone.invalid/v3"
  )
  const client = yield* HttpClient.HttpClient

  const version = yield* client.get(authUrl).pipe(
    Effect.flatMap(Errors.checkStatus),
    Effect.flatMap((r) => r.json)
  )
  yield* Console.log(`Keystone at ${authUrl} says:`, JSON.stringify(version))

  const wrongPassword = {
    auth: {
      identity: {
        methods: ["password"],
        password: { user: { name: "admin", domain: { id: "default" }, password: "not-the-password" } }
      }
    }
  }
  const outcome = yield* HttpClientRequest.post(`${authUrl}/auth/tokens`).pipe(
    HttpClientRequest.bodyJsonUnsafe(wrongPassword),
    client.execute,
    Effect.flatMap(Errors.checkStatus),
    Effect.as("a token (unexpected!)"),
    Effect.catchTag("Unauthorized", (e) => Effect.succeed(`Unauthorized, as expected:\n  ${e.message}`))
  )
  yield* Console.log(outcome)
}).pipe(Effect.catchTag("HttpClientError", Errors.fromHttpClientError))

const transport = Layer.unwrap(
  Effect.map(Config.option(Config.String("OS_AUTH_URL")), (url) => (Option.isSome(url) ? Transport.node() : standIn))
)

program.pipe(Effect.provide(transport), NodeRuntime.runMain)
