/** Child processes for the multi-process tests: spawn a script, read the JSON lines it prints, kill it. */
import { type ChildProcess, spawn } from "node:child_process"
import { fileURLToPath } from "node:url"
import { Effect, type Scope } from "effect"

export const repoRoot = fileURLToPath(new URL("../../", import.meta.url))
/** A JSON line a child printed. */
export type Line = Readonly<Record<string, unknown>>

/** A running child script. */
export interface Child {
  readonly process: ChildProcess
  /** The `nth` (1 by default) line whose `event` is `event` (waits for it; fails if the child exits first). */
  readonly waitFor: (event: string, nth?: number) => Effect.Effect<Line, string>
  /** Waits for the exit; the exit code, or the signal's name. */
  readonly exited: Effect.Effect<number | string>
  readonly stderr: () => string
  /** The lines printed so far whose `event` is `event`. */
  readonly linesOf: (event: string) => ReadonlyArray<Line>
}

/**
 * Starts a child script (Node 24 with the source condition, from the repository root) that prints one JSON object
 * per line; it is killed (SIGKILL) when the test's scope closes, if still running.
 */
export const startChild = (
  script: string,
  args: ReadonlyArray<string>,
  env: Readonly<Record<string, string>> = {}
): Effect.Effect<Child, never, Scope.Scope> =>
  Effect.acquireRelease(
    Effect.sync((): Child => {
      const child = spawn(
        process.execPath,
        ["--conditions=effect-openstack/source", script, ...args],
        { cwd: repoRoot, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, ...env } }
      )
      const lines: Array<Line> = []
      const listeners = new Set<() => void>()
      let buffered = ""
      let stderr = ""
      child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
        buffered += chunk
        const parts = buffered.split("\n")
        buffered = parts.pop() ?? ""
        for (const part of parts) {
          try {
            lines.push(JSON.parse(part) as Line)
          } catch {
            // not a line of ours
          }
        }
        for (const listener of listeners) listener()
      })
      child.stderr?.setEncoding("utf8").on("data", (chunk: string) => void (stderr += chunk))
      child.on("exit", () => {
        for (const listener of listeners) listener()
      })
      const hasExited = () => child.exitCode !== null || child.signalCode !== null
      const waitFor = (event: string, nth = 1) =>
        Effect.callback<Line, string>((resume) => {
          const check = () => {
            const line = lines.filter((l) => l.event === event)[nth - 1]
            if (line !== undefined) resume(Effect.succeed(line))
            else if (hasExited()) resume(Effect.fail(`the child exited (${child.exitCode ?? child.signalCode}) before "${event}": ${stderr}`))
            else return false
            listeners.delete(check)
            return true
          }
          if (!check()) listeners.add(check)
          return Effect.sync(() => void listeners.delete(check))
        })
      const exited = Effect.callback<number | string>((resume) => {
        const check = () => {
          if (!hasExited()) return false
          resume(Effect.succeed(child.exitCode ?? child.signalCode ?? -1))
          listeners.delete(check)
          return true
        }
        if (!check()) listeners.add(check)
        return Effect.sync(() => void listeners.delete(check))
      })
      const linesOf = (event: string) => lines.filter((l) => l.event === event)
      return { process: child, waitFor, exited, stderr: () => stderr, linesOf }
    }),
    (child) =>
      Effect.sync(() => {
        if (child.process.exitCode === null && child.process.signalCode === null) child.process.kill("SIGKILL")
      })
  )
