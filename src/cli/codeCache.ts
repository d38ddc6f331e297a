/**
 * The command line's program run through V8's code cache, the cache made once a command has run. Node's own compile
 * cache (`module.enableCompileCache`) keeps a module's code as it was compiled at load: its top level only, since V8
 * compiles a function on its first call. Made after a command instead, the cache also holds every function that
 * command called (the runtime, the parser, the Session, the printing), so that the next process deserialises them
 * instead of parsing and compiling them again: `project list` 297 → 261 ms (BENCHMARKS.md, "The command line").
 *
 * The cache is made by the first command that succeeds (help, version and completions do not count) when there is
 * none for this build of the program on this Node, or when V8 refused the one there is (another V8, other flags); it
 * lives in the user's cache directory (`$XDG_CACHE_HOME`, else `~/.cache`; `%LOCALAPPDATA%` on Windows), one file per
 * build and Node version, mode 0600, the four most recently used kept. It is code that V8 runs, and V8 checks only
 * that it was made for a source of that length: a cache (or its directory) that another user could have written, or a
 * link, is never read. `NODE_DISABLE_COMPILE_CACHE=1` turns it off as it turns off Node's. A cache that cannot be
 * read or written costs the command its compile time, never its result.
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
 * The directory of the caches, `effect-openstack/code` in the user's cache directory (`%LOCALAPPDATA%` on Windows,
 * else `$XDG_CACHE_HOME` when it is an absolute path, else `~/.cache`); `undefined` when there is none (no home).
 *
 * @example
 * CodeCache.directoryOf({ XDG_CACHE_HOME: "/home/me/.cache" }, "linux") // "/home/me/.cache/effect-openstack/code"
 */
export const directoryOf = (
  env: Readonly<Record<string, string | undefined>>,
  platform: NodeJS.Platform = process.platform
): string | undefined => {
  const given = platform === "win32" ? env.LOCALAPPDATA : env.XDG_CACHE_HOME
  if (given !== undefined && Path.isAbsolute(given)) return Path.join(given, "effect-openstack", "code")
  try {
    return Path.join(Os.homedir(), ".cache", "effect-openstack", "code")
  } catch {
    return undefined // no home directory (a user without a passwd entry, HOME unset): no cache
  }
}

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

/**
 * Whether a file or directory is the user's own and nobody else can write it: the cache is code V8 runs, so one
 * another user could have written (a shared `XDG_CACHE_HOME`, a directory made by someone else) is never read.
 * Windows has no such modes: there, the user's `%LOCALAPPDATA%` is trusted as it is.
 */
const isPrivate = (stats: Fs.Stats): boolean =>
  process.getuid === undefined || (stats.uid === process.geteuid?.() && (stats.mode & 0o022) === 0)

/** Whether the cache directory and its parent are directories of the user's own, not links. */
const privateDirectory = (directory: string): boolean =>
  [directory, Path.dirname(directory)].every((dir) => {
    const stats = Fs.lstatSync(dir)
    return stats.isDirectory() && isPrivate(stats)
  })

/** The cache, when there is one the user's own, in a directory of the user's own (a link is not followed). */
const readCache = (file: string): Buffer | undefined => {
  try {
    if (!privateDirectory(Path.dirname(file))) return undefined
    const fd = Fs.openSync(file, Fs.constants.O_RDONLY | (Fs.constants.O_NOFOLLOW ?? 0))
    try {
      const stats = Fs.fstatSync(fd)
      return stats.isFile() && isPrivate(stats) ? Fs.readFileSync(fd) : undefined
    } finally {
      Fs.closeSync(fd)
    }
  } catch {
    return undefined // none yet, or unreadable: the program compiles as without a cache
  }
}

/**
 * How many caches the directory keeps, the most recently used (a cache's time is set when it is used): enough for a
 * few builds or Node versions in use side by side (a global install and a project's) without each one's cache
 * removing the other's; older ones (earlier versions) go.
 */
const kept = 4

/** Removes all but the {@link kept} most recently used caches, and the leftovers of writes that did not finish. */
const sweep = (directory: string): void => {
  const entries = Fs.readdirSync(directory).map((name) => {
    const file = Path.join(directory, name)
    return { name, file, used: Fs.lstatSync(file).mtimeMs }
  })
  const caches = entries.filter((entry) => entry.name.endsWith(".bin")).sort((a, b) => b.used - a.used)
  const stale = entries.filter((entry) => entry.name.endsWith(".tmp") && entry.used < Date.now() - 60_000)
  for (const { file } of [...caches.slice(kept), ...stale]) Fs.rmSync(file, { force: true })
}

/**
 * Writes the script's cache (to a new file, then renamed: processes may finish together, and a link in its place is
 * not followed), then sweeps the directory. Nothing is written in a directory that is not the user's own.
 */
const save = (file: string, script: Vm.Script): void => {
  const directory = Path.dirname(file)
  const temporary = `${file}.${process.pid}.tmp`
  try {
    Fs.mkdirSync(directory, { recursive: true, mode: 0o700 })
    if (!privateDirectory(directory)) return
    Fs.writeFileSync(temporary, script.createCachedData(), { mode: 0o600, flag: "wx" })
    Fs.renameSync(temporary, file)
    sweep(directory)
  } catch {
    // A cache that cannot be written: the next command compiles the program, as this one did.
    Fs.rmSync(temporary, { force: true })
  }
}

/** Marks a cache used now (the sweep keeps the most recently used). */
const touch = (file: string): void => {
  try {
    const now = new Date()
    Fs.utimesSync(file, now, now)
  } catch {
    // A time that cannot be set: the cache may be swept sooner, nothing else.
  }
}

/**
 * The program's source as a CommonJS module's function (what Node's loader wraps a module in), the source from the
 * second line on (compiled with `lineOffset: -1`, so that its lines and columns are the file's in stack traces).
 */
const wrapped = (source: string) => `(function (exports, require, module, __filename, __dirname) {\n${source}\n})`

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
  const directory = process.env.NODE_DISABLE_COMPILE_CACHE === "1" ? undefined : directoryOf(process.env)
  const file = directory === undefined ? undefined : Path.join(directory, cacheName(program))
  const cachedData = file === undefined ? undefined : readCache(file)
  const script = new Vm.Script(wrapped(Fs.readFileSync(program.file, "utf8")), {
    filename: program.file,
    lineOffset: -1,
    ...(cachedData === undefined ? {} : { cachedData })
  })
  if (file !== undefined && cachedData !== undefined && script.cachedDataRejected !== true) {
    touch(file)
  } else if (file !== undefined && runsCommand(args)) {
    process.once("exit", (code) => {
      if (code === 0) save(file, script)
    })
  }
  const module = { exports: {} }
  const main = script.runInThisContext() as ModuleFunction
  const require = Module.createRequire(program.file)
  main.call(module.exports, module.exports, require, module, program.file, Path.dirname(program.file))
}
