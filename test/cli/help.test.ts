/**
 * The CLI's help and shell completions, from the bundle as it ships: `--completions bash|zsh|fish` prints a script that
 * knows every family's commands, and `--help` of a command shows its example.
 */
import { execFile } from "node:child_process"
import { promisify } from "node:util"
import { describe, expect, it } from "vitest"
import { cliEntry } from "../support/cli.ts"

const run = promisify(execFile)

describe("help and completions", () => {
  for (const shell of ["bash", "zsh", "fish"] as const) {
    it(`--completions ${shell}: a script with every family's commands`, async () => {
      const { stdout } = await run(process.execPath, [cliEntry, "--completions", shell], { timeout: 30_000 })
      for (const word of ["project", "network", "floating", "security", "assignment", "external-gateway", "fake-cloud"]) {
        expect(stdout, `${shell} completions name ${word}`).toContain(word)
      }
    }, 30_000)
  }

  it("--help of a command: its description, options and example", async () => {
    const { stdout } = await run(process.execPath, [cliEntry, "subnet", "create", "--help"], { timeout: 30_000 })
    expect(stdout).toContain("--subnet-range")
    expect(stdout).toContain("EXAMPLES")
    expect(stdout).toMatch(/effect-openstack subnet create .*--network/)
  }, 30_000)
})
