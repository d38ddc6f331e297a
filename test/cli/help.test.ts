/**
 * The CLI's help and shell completions, from the bundle as it ships: `--completions bash|zsh|fish` prints a script that
 * knows every family's commands, and `--help` of a command shows its example.
 */
import { execFile } from "node:child_process"
import { promisify } from "node:util"
import { describe, expect, it } from "vitest"
import { cliEntry } from "../support/cli.ts"

const run = promisify(execFile)

/** The CLI run with `args`: its exit code and output, whether it succeeded or not. */
const ran = (args: ReadonlyArray<string>): Promise<{ code: number, stdout: string, stderr: string }> =>
  run(process.execPath, [cliEntry, ...args], { timeout: 30_000 }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number, stdout: string, stderr: string }) => error
  )

describe("help and completions", () => {
  for (const shell of ["bash", "zsh", "fish"] as const) {
    it(`--completions ${shell}: a script with every family's commands`, async () => {
      const { stdout } = await run(process.execPath, [cliEntry, "--completions", shell], { timeout: 30_000 })
      for (const word of ["project", "network", "floating", "security", "assignment", "external-gateway", "fake-cloud"]) {
        expect(stdout, `${shell} completions name ${word}`).toContain(word)
      }
    }, 30_000)
  }

  it("refused before parsing: an --os-* option the CLI does not have (the next word, maybe a secret, never shown)", async () => {
    const refused = await ran(["--os-client-secret", "canary-S3cret", "project", "list"])
    expect(refused.code).toBe(2)
    expect(refused.stderr).toBe("effect-openstack: error: unrecognized arguments: --os-client-secret\n")
    expect(refused.stdout + refused.stderr).not.toContain("canary-S3cret")
  }, 30_000)

  it("no --wizard (it would echo the command line, secrets included); fake-cloud --port out of range is exit 2", async () => {
    const wizard = await ran(["--wizard", "--os-password", "canary-S3cret", "project", "list"])
    expect(wizard.code).toBe(2)
    expect(wizard.stdout + wizard.stderr).not.toContain("canary-S3cret")
    const port = await ran(["fake-cloud", "--port", "99999"])
    expect(port.code).toBe(2)
    expect(port.stdout + port.stderr).toContain("a port is 0 to 65535")
  }, 30_000)

  it("the two switches of a pair together are an argument error (exit 2), as openstackclient's exclusive groups", async () => {
    for (const [args, message] of [
      [["project", "create", "--enable", "--disable", "x"], "argument --disable: not allowed with argument --enable"],
      [["network", "set", "--external", "--internal", "mynet"], "argument --internal: not allowed with argument --external"],
      [["security", "group", "rule", "list", "--ingress", "--egress"], "argument --egress: not allowed with argument --ingress"]
    ] as const) {
      const refused = await ran(args)
      expect(refused.code, args.join(" ")).toBe(2)
      expect(refused.stdout + refused.stderr).toContain(message)
    }
  }, 30_000)

  it("--help of a command: its description, options and example", async () => {
    const { stdout } = await run(process.execPath, [cliEntry, "subnet", "create", "--help"], { timeout: 30_000 })
    expect(stdout).toContain("--subnet-range")
    expect(stdout).toContain("EXAMPLES")
    expect(stdout).toMatch(/effect-openstack subnet create .*--network/)
  }, 30_000)
})
