/**
 * A child process for the multi-process test against the real Keystone (test/keystone/token-store.test.ts):
 * `node --conditions=effect-openstack/source test/support/auth-process.ts <json config>`, the password in the
 * environment (AUTH_PASSWORD). It prints `{"event":"ready"}`, waits for the `go` file (at most 20 s), gets a token with a
 * v3 password plugin over a file TokenStore, and prints `{"event":"done","posts":<token requests made>,
 * "fingerprint":<sha256 of the token>}`.
 */
import { createHash } from "node:crypto"
import { NodeFileSystem, NodeRuntime } from "@effect/platform-node"
import { Effect, FileSystem, Layer, Redacted, Schema } from "effect"
import { HttpClient } from "effect/http"
import { Auth, TokenStore, Transport } from "effect-openstack"

const Config = Schema.Struct({ authUrl: Schema.String, userId: Schema.String, directory: Schema.String, go: Schema.String })
const print = (line: Record<string, unknown>) => Effect.sync(() => void process.stdout.write(`${JSON.stringify(line)}\n`))

const program = Effect.gen(function* () {
  const config = yield* Schema.decodeUnknownEffect(Schema.fromJsonString(Config))(process.argv[2] ?? "{}")
  const fs = yield* FileSystem.FileSystem
  yield* print({ event: "ready" })
  yield* Effect.gen(function* () {
    while (!(yield* fs.exists(config.go))) yield* Effect.sleep("5 millis")
  }).pipe(Effect.timeout("20 seconds"))
  let posts = 0
  const plugin = yield* Auth.v3Password({
    authUrl: config.authUrl,
    userId: config.userId,
    password: Redacted.make(process.env.AUTH_PASSWORD ?? "")
  })
  const access = yield* plugin.getAccess.pipe(
    Effect.provideServiceEffect(
      HttpClient.HttpClient,
      Effect.map(HttpClient.HttpClient, HttpClient.tapRequest((r) => Effect.sync(() => (posts += r.method === "POST" ? 1 : 0))))
    )
  )
  const fingerprint = createHash("sha256").update(Redacted.value(access.authToken)).digest("hex")
  yield* print({ event: "done", posts, fingerprint })
})

const config = JSON.parse(process.argv[2] ?? "{}") as { directory?: string }
program.pipe(
  Effect.provide(Layer.mergeAll(Transport.node(), TokenStore.TokenStore.file({ directory: config.directory ?? "" }), NodeFileSystem.layer)),
  NodeRuntime.runMain
)
