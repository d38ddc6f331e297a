/**
 * The CLI's diagnostic options, as python-openstackclient has them: `--debug` (the Session's redacted requests and
 * answers — keystoneauth1's `REQ: curl …` / `RESP: …` lines — on stderr, and the whole cause of a failure) and
 * `--timing` (each API request's method, URL and seconds — retries included —, each authentication's seconds, and
 * their total, after the output: the table of osc-lib's `Timing` pseudo-command).
 *
 * @example
 * // effect-openstack --debug --timing project list
 * const program = Diagnostics.instrument(Console.log("…"))
 *
 * @module
 */
import * as Cause from "effect/Cause"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as Logger from "effect/Logger"
import * as References from "effect/References"
import * as Tracer from "effect/Tracer"
import * as Flag from "effect/cli/Flag"
import * as GlobalFlag from "effect/cli/GlobalFlag"
import * as Output from "./output.ts"

/**
 * `--debug`: the Session's Debug lines on stderr, and a failure's whole cause.
 *
 * @example
 * const on = yield* Diagnostics.debug
 */
export const debug = GlobalFlag.Setting("debug")({
  flag: Flag.Boolean("debug").pipe(
    Flag.withDescription("Print the requests and answers (secrets redacted) and a failure's whole cause on stderr"),
    Flag.withDefault(false)
  )
})

/**
 * `--timing`: print API call timing info.
 *
 * @example
 * const on = yield* Diagnostics.timing
 */
export const timing = GlobalFlag.Setting("timing")({
  flag: Flag.Boolean("timing").pipe(Flag.withDescription("Print API call timing info"), Flag.withDefault(false))
})

/** The text of a log message (effect passes the arguments of `Effect.log…` as an array). */
const textOf = (message: unknown): string =>
  Array.isArray(message) ? message.map((part) => String(part)).join(" ") : String(message)

/** Every log line, as it was written, on stderr. */
const stderrLogger = Logger.make((options) => void process.stderr.write(`${textOf(options.message)}\n`))

/** Runs `effect` with the Debug lines on stderr, and prints a failure's whole cause there. */
const withDebug = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
  effect.pipe(
    Effect.tapCause((cause) => Console.error(Cause.pretty(cause))),
    Effect.provideService(References.MinimumLogLevel, "Debug"),
    Effect.provide(Logger.layer([stderrLogger]))
  )

/** The seconds a span lasted, when it has ended. */
const secondsOf = (span: Tracer.NativeSpan): number | undefined =>
  span.status._tag === "Ended" ? Number(span.status.endTime - span.status.startTime) / 1e9 : undefined

/**
 * A span's line of the timing table: a Session request's `GET http://…` (all its tries) or an authentication's
 * `authentication (<plugin>)` (its requests go through the plugin, whose URL the span does not carry; a token taken
 * from the token store is no authentication), and its seconds.
 */
const timingOf = (span: Tracer.NativeSpan): readonly [string, number] | undefined => {
  const seconds = secondsOf(span)
  const method = span.attributes.get("http.request.method")
  const url = span.attributes.get("url.full")
  if (seconds === undefined) return undefined
  if (span.name === "Session.request" && typeof method === "string" && typeof url === "string") {
    return [`${method} ${url}`, seconds]
  }
  const plugin = span.attributes.get("openstack.auth.plugin")
  const fromStore = span.attributes.get("openstack.auth.stored") === true
  return span.name === "AuthPlugin.authenticate" && !fromStore ? [`authentication (${String(plugin)})`, seconds] : undefined
}

/**
 * The timing table of the requests made: one row per request, then `Total`, as osc-lib prints it (after a blank line).
 *
 * @example
 * yield* Diagnostics.printTimings(spans)
 */
export const printTimings = (spans: ReadonlyArray<Tracer.NativeSpan>) => {
  const rows = spans.map(timingOf).filter((row) => row !== undefined)
  const total = rows.reduce((sum, [, seconds]) => sum + seconds, 0)
  const shown = [...rows, ["Total", total] as const].map(([url, seconds]) => [url, Number(seconds.toFixed(6))])
  return Effect.flatMap(
    Output.renderList(["URL", "Seconds"], shown, Output.defaultOptions),
    (table) => Console.log(`\n${table.replace(/\n$/, "")}`)
  )
}

/** Runs `effect` with every span recorded, then prints the timing table (also when it failed). */
const withTiming = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
  Effect.suspend(() => {
    const spans: Array<Tracer.NativeSpan> = []
    const tracer = Tracer.make({
      span: (options) => {
        const span = new Tracer.NativeSpan(options)
        spans.push(span)
        return span
      }
    })
    const printed = Effect.ignore(Effect.suspend(() => printTimings(spans)))
    return effect.pipe(Effect.withTracer(tracer), Effect.ensuring(printed))
  })

/**
 * Runs a command's work as `--debug` and `--timing` ask.
 *
 * @example
 * const run = Diagnostics.instrument(Effect.flatMap(Connection.Connection, (c) => c.identity.projects.list()))
 */
export const instrument = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
  Effect.gen(function* () {
    const timed = (yield* timing) ? withTiming(effect) : effect
    return yield* ((yield* debug) ? withDebug(timed) : timed)
  })
