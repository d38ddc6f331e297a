/**
 * `fake-cloud [--port N]`: serves FakeCloud (effect-openstack/testing: Keystone and Neutron in memory, seeded with an
 * `admin` and a `demo` user) on 127.0.0.1 until interrupted, after printing the `OS_*` variables of its admin — a cloud
 * to try the CLI on, with no OpenStack at hand. FakeCloud is loaded only by this command.
 *
 * @example
 * // $ effect-openstack fake-cloud --port 8080 &
 * // $ export OS_AUTH_URL=http://127.0.0.1:8080/identity/v3 OS_USERNAME=admin …   (as it printed)
 * // $ effect-openstack project list
 * const command = FakeCloudCommand.command
 *
 * @module
 */
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as Context from "effect/Context"
import * as Layer from "effect/Layer"
import * as Command from "effect/cli/Command"
import * as Flag from "effect/cli/Flag"

/** The user a fake cloud's `OS_*` lines log in as: a seed user (its default project is where it works). */
interface Admin {
  readonly name: string
  readonly password: string
  readonly defaultProject?: string | undefined
}

/**
 * The `export` lines of a fake cloud's user (FakeCloud's default seed: `admin`, in its project, in `region`).
 *
 * @example
 * FakeCloudCommand.exportsFor("http://127.0.0.1:8080/identity/v3", admin, "RegionOne")[0] // "export OS_AUTH_URL=…"
 */
export const exportsFor = (authUrl: string, admin: Admin, region: string): ReadonlyArray<string> => [
  `export OS_AUTH_URL=${authUrl}`,
  "export OS_IDENTITY_API_VERSION=3",
  `export OS_USERNAME=${admin.name}`,
  `export OS_PASSWORD=${admin.password}`,
  `export OS_PROJECT_NAME=${admin.defaultProject ?? admin.name}`,
  "export OS_USER_DOMAIN_NAME=Default",
  "export OS_PROJECT_DOMAIN_NAME=Default",
  `export OS_REGION_NAME=${region}`
]

const serve = (port: number) =>
  Effect.gen(function* () {
    const { FakeCloud, defaultSeed, serve } = yield* Effect.promise(() => import("../testing/FakeCloud.ts"))
    const cloud = yield* Layer.build(serve({ port })).pipe(Effect.map((context) => Context.get(context, FakeCloud)))
    const [admin] = defaultSeed.users
    const [region] = defaultSeed.regions
    if (admin === undefined || region === undefined) return yield* Effect.die("FakeCloud's default seed has a user and a region")
    yield* Console.log(exportsFor(cloud.authUrl, admin, region).join("\n"))
    yield* Console.error(`# FakeCloud on ${cloud.baseUrl}: Keystone and Neutron in memory; Ctrl-C stops it`)
    return yield* Effect.never
  })

/**
 * The `fake-cloud` command.
 *
 * @example
 * Command.withSubcommands(root, [FakeCloudCommand.command])
 */
export const command = Command.make(
  "fake-cloud",
  {
    port: Flag.Int("port").pipe(
      Flag.withDescription("the port to listen on (0: any free one)"),
      Flag.filter((port) => port >= 0 && port <= 65535, (port) => `--port ${port}: a port is 0 to 65535`),
      Flag.withDefault(0)
    )
  },
  (flags) => Effect.scoped(serve(flags.port))
).pipe(
  Command.withDescription("Serve a fake cloud (Keystone and Neutron in memory) on 127.0.0.1 to try the CLI on"),
  Command.withExamples([{
    command: "effect-openstack fake-cloud --port 8080",
    description: "serve it on port 8080 and print the OS_* variables of its admin"
  }])
)
