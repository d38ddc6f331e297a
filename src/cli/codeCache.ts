/**
 * The command line's program run through V8's code cache, the cache made once a command has run. Node's own compile
 * cache (`module.enableCompileCache`) keeps a module's code as it was compiled at load: its top level only, since V8
 * compiles a function on its first call. Made after a command instead, the cache also holds every function that
 * command called (the runtime, the parser, the Session, the printing), so that the next process deserialises them
 * instead of parsing and compiling them again: `project list` 297 → 261 ms (BENCHMARKS.md, "The command line").
 *
 * The cache is made by the first command that succeeds (help, version and completions do not count) when there is
 * none for this build of the program on this Node, or when V8 refused the one there is (another V8, other flags); it
 * lives in the user's cache directory (`$XDG_CACHE_HOME`, else `~/.cache`: never a shared one, as it is code that
 * V8 runs), one file per build and Node version, mode 0600, the four newest kept. `NODE_DISABLE_COMPILE_CACHE=1`
 * turns it off as it turns off Node's. A cache that cannot be read or written costs the command its compile time,
 * never its result.
 *
 * @example
 * CodeCache.run({ file: "/usr/lib/node_modules/effect-openstack/dist/cli-program-X.cjs", id: "cli-program-X" }, args)
 *
 * @module
 */
import * as Fs from "node:fs"
import * as Module from "node:module"
import * as Os from "node:os"
import * as Path from "node:path"
import * as Vm from "node:vm"

/**
 * A build of the program: its file (a CommonJS bundle) and an id that names this build's contents (the bundler's
 * hash), so that a cache is never taken for another build's.
 *
 * @example
 * const program: CodeCache.Program = { file: "dist/cli-program-X.cjs", id: "cli-program-X" }
 */
export interface Program {
  readonly file: string
  readonly id: string
}

/**
 * The directory of the caches: the user's cache directory's `effect-openstack/code`.
 *
 * @example
 * CodeCache.directoryOf({ XDG_CACHE_HOME: "/home/me/.cache" }) // "/home/me/.cache/effect-openstack/code"
 */
export const directoryOf = (env: Readonly<Record<string, string | undefined>>): string =>
  Path.join(env.XDG_CACHE_HOME || Path.join(Os.homedir(), ".cache"), "effect-openstack", "code")

/** The cache of a build on this Node (V8 would refuse another Node's; the name keeps them apart). */
const cacheName = (program: Program) => `${program.id}-${process.version}-${process.arch}.bin`

/**
 * Whether a command line runs a command: help, the version and completions do not (their cache would hold little).
 *
 * @example
 * CodeCache.runsCommand(["project", "list"]) // true
 * CodeCache.runsCommand(["project", "list", "--help"]) // false
 */
export const runsCommand = (args: ReadonlyArray<string>): boolean =>
  args.length > 0
  && !args.some((word) => word === "--help" || word === "-h" || word === "--version" || word.startsWith("--completions"))

const readOptional = (file: string): Buffer | undefined => {
  try {
    return Fs.readFileSync(file)
  } catch {
    return undefined // none yet, or unreadable: the program compiles as without a cache
  }
}

/**
 * How many caches the directory keeps, the newest: enough for a few builds or Node versions in use side by side (a
 * global install and a project's, say) without each one's cache removing the other's; older ones (earlier versions)
 * go.
 */
const kept = 4

/** Removes all but the {@link kept} newest caches. */
const sweep = (directory: string): void => {
  const caches = Fs.readdirSync(directory)
    .filter((name) => name.endsWith(".bin"))
    .map((name) => ({ file: Path.join(directory, name), written: Fs.statSync(Path.join(directory, name)).mtimeMs }))
    .sort((a, b) => b.written - a.written)
  for (const { file } of caches.slice(kept)) Fs.rmSync(file, { force: true })
}

/** Writes the script's cache (atomically: processes may finish together), then sweeps the directory. */
const save = (directory: string, program: Program, script: Vm.Script): void => {
  try {
    Fs.mkdirSync(directory, { recursive: true, mode: 0o700 })
    const file = Path.join(directory, cacheName(program))
    const temporary = `${file}.${process.pid}.tmp`
    Fs.writeFileSync(temporary, script.createCachedData(), { mode: 0o600 })
    Fs.renameSync(temporary, file)
    sweep(directory)
  } catch {
    // A cache that cannot be written: the next command compiles the program, as this one did.
  }
}

/** The program's source as a CommonJS module's function (what Node's loader wraps a module in). */
const wrapped = (source: string) => `(function (exports, require, module, __filename, __dirname) {${source}\n})`

/** The module function of a CommonJS program, as {@link run} calls it. */
type ModuleFunction = (
  this: unknown,
  exports: unknown,
  require: NodeJS.Require,
  module: { exports: unknown },
  filename: string,
  dirname: string
) => void

/**
 * Runs the program with `args` on its command line, through its cache when there is one it can use; makes the
 * cache at exit when there is none (or V8 refused it) and the command succeeded.
 *
 * @example
 * CodeCache.run(program, process.argv.slice(2))
 */
export const run = (program: Program, args: ReadonlyArray<string>): void => {
  const enabled = process.env.NODE_DISABLE_COMPILE_CACHE !== "1"
  const directory = directoryOf(process.env)
  const cachedData = enabled ? readOptional(Path.join(directory, cacheName(program))) : undefined
  const script = new Vm.Script(wrapped(Fs.readFileSync(program.file, "utf8")), {
    filename: program.file,
    ...(cachedData === undefined ? {} : { cachedData }),
    importModuleDynamically: Vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER
  })
  if (enabled && (cachedData === undefined || script.cachedDataRejected === true) && runsCommand(args)) {
    process.once("exit", (code) => {
      if (code === 0) save(directory, program, script)
    })
  }
  const module = { exports: {} }
  const main = script.runInThisContext() as ModuleFunction
  const require = Module.createRequire(program.file)
  main.call(module.exports, module.exports, require, module, program.file, Path.dirname(program.file))
}
