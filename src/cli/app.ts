/**
 * The command line: python-openstackclient's grammar (`<noun> [<noun>] <verb>`), its global options and output
 * options, run over the SDK. {@link run} takes the arguments and answers the exit code: 0 on success, 1 when the
 * command failed (one line on stderr naming the cause: the typed error's message, which never holds a secret), 2 when
 * the arguments were wrong (after the help that shows what was expected), as argparse does.
 *
 * @example
 * const code = yield* App.run(["project", "list", "-f", "json"])
 *
 * @module
 */
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as Predicate from "effect/Predicate"
import * as CliError from "effect/cli/CliError"
import * as Command from "effect/cli/Command"
import { version } from "../version.ts"
import * as FakeCloudCommand from "./fakeCloud.ts"
import * as Globals from "./globals.ts"
import * as ApplicationCredentials from "./identity/applicationCredentials.ts"
import * as Catalog from "./identity/catalog.ts"
import * as Domains from "./identity/domains.ts"
import * as Endpoints from "./identity/endpoints.ts"
import * as Groups from "./identity/groups.ts"
import * as Projects from "./identity/projects.ts"
import * as Regions from "./identity/regions.ts"
import * as Roles from "./identity/roles.ts"
import * as Services from "./identity/services.ts"
import * as Users from "./identity/users.ts"
import * as FloatingIps from "./network/floatingIps.ts"
import * as Networks from "./network/networks.ts"
import * as Ports from "./network/ports.ts"
import * as Routers from "./network/routers.ts"
import * as SecurityGroups from "./network/securityGroups.ts"
import * as Subnets from "./network/subnets.ts"
import * as Token from "./token.ts"

/**
 * The root command, every family under it, the global options on all of them.
 *
 * @example
 * Command.runWith(App.root, { version })(["--help"])
 */
export const root = Command.make("effect-openstack").pipe(
  Command.withDescription("OpenStack from the command line, as python-openstackclient (openstack …), on effect-openstack"),
  Command.withSubcommands([
    Token.command,
    Projects.command,
    Users.command,
    Domains.command,
    Groups.command,
    Roles.command,
    ApplicationCredentials.command,
    Catalog.command,
    Endpoints.command,
    Services.command,
    Regions.command,
    Networks.command,
    Subnets.command,
    Ports.command,
    Routers.command,
    SecurityGroups.command,
    FloatingIps.command,
    FakeCloudCommand.command
  ]),
  Command.withGlobalFlags(Globals.all)
)

/** The one line that tells what failed. */
const describe = (error: unknown): string =>
  Predicate.hasProperty(error, "message") && typeof error.message === "string" && error.message !== ""
    ? error.message
    : String(error)

/** The exit code of a failure, its message printed. */
const failed = (error: unknown): Effect.Effect<number> => {
  if (CliError.isCliError(error)) {
    // Help and parse errors were presented already; wrong arguments exit 2 as argparse's do.
    return Effect.succeed(error._tag === "ShowHelp" && error.errors.length === 0 ? 0 : 2)
  }
  return Effect.as(Console.error(describe(error)), 1)
}

/** A defect (a bug of the CLI, never the user's input): said on one line, exit 1, never silently. */
const crashed = (defect: unknown): Effect.Effect<number> =>
  Effect.as(Console.error(`internal error (please report it): ${describe(defect)}`), 1)

/**
 * Runs the command line on `args` (without the program name); answers the exit code.
 *
 * @example
 * const code = yield* App.run(process.argv.slice(2))
 */
export const run = (args: ReadonlyArray<string>) =>
  Command.runWith(root, { version })(args).pipe(Effect.as(0), Effect.catch(failed), Effect.catchDefect(crashed))
