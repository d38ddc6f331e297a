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
import * as Logger from "effect/Logger"
import * as CliConfig from "effect/cli/CliConfig"
import * as CliError from "effect/cli/CliError"
import * as Command from "effect/cli/Command"
import * as Flag from "effect/cli/Flag"
import * as GlobalFlag from "effect/cli/GlobalFlag"
import { version } from "../version.ts"
import * as Display from "./display.ts"
import * as Families from "./families.ts"
import * as Globals from "./globals.ts"

/**
 * The root command with these families under it (every family, or only the one a command line needs:
 * src/cli/families.ts), the global options on all of them.
 *
 * @example
 * const root = App.rootOf(yield* Families.forArguments(["--help"]))
 */
export const rootOf = (families: ReadonlyArray<Families.Family>) =>
  Command.make("effect-openstack").pipe(
    Command.withDescription("OpenStack from the command line, as python-openstackclient (openstack …), on effect-openstack"),
    Command.withSubcommands(families),
    Command.withGlobalFlags(Globals.all)
  )

/**
 * effect/cli's built-in options but two: `--version` without `-v` (openstackclient's `-v` is `--verbose`, see
 * Globals.verbose: `-v network delete x` must not print the version and delete nothing), and no `--wizard` (it echoes
 * the command line, secrets included).
 */
const builtIns = [
  GlobalFlag.Help,
  GlobalFlag.Action({
    flag: Flag.Boolean("version").pipe(Flag.withDescription("Show version information"), Flag.withDefault(false)),
    run: GlobalFlag.Version.run
  }),
  GlobalFlag.Completions,
  GlobalFlag.LogLevel
]

/** The exit code of a failure, its message printed. */
const failed = (error: unknown): Effect.Effect<number> => {
  if (CliError.isCliError(error)) {
    // Help and parse errors were presented already; wrong arguments exit 2 as argparse's do.
    return Effect.succeed(error._tag === "ShowHelp" && error.errors.length === 0 ? 0 : 2)
  }
  return Effect.as(Console.error(Display.failureLine(error)), 1)
}

/** A defect (a bug of the CLI, never the user's input): said on one line, exit 1, never silently. */
const crashed = (defect: unknown): Effect.Effect<number> =>
  Effect.as(Console.error(`internal error (please report it): ${Display.failureLine(defect)}`), 1)

/**
 * Runs the command line on `args` (without the program name); answers the exit code.
 *
 * @example
 * const code = yield* App.run(process.argv.slice(2))
 */
export const run = (args: ReadonlyArray<string>) => {
  const unknown = Globals.unknownOsOption(args)
  if (unknown !== undefined) {
    // argparse's wording and exit code; the words after the option are not shown (one may be a secret).
    return Effect.as(Console.error(`effect-openstack: error: unrecognized arguments: ${unknown}`), 2)
  }
  return Families.forArguments(args).pipe(
    Effect.flatMap((families) => Command.runWith(rootOf(families), { version })(args)),
    Effect.as(0),
    Effect.catch(failed),
    Effect.catchDefect(crashed),
    Effect.provide(CliConfig.layer({ builtIns })),
    // Warnings (a token store that cannot be written, a truncated list) go to stderr: stdout is the command's output.
    Effect.provideService(Logger.LogToStderr, true)
  )
}
