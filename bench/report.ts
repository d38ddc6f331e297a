/** Shared by the benchmarks: timing loops and writing a section of BENCHMARKS.md. */
import { readFileSync, writeFileSync } from "node:fs"
import { cpus } from "node:os"

/** Runs `fn` `iterations` times after a warm-up, `rounds` times over, and returns the median time per call in µs. */
export const measure = (fn: () => unknown, iterations: number, rounds = 7): number => {
  for (let i = 0; i < Math.min(iterations, 1000); i++) fn()
  const perCall: Array<number> = []
  for (let r = 0; r < rounds; r++) {
    const start = process.hrtime.bigint()
    for (let i = 0; i < iterations; i++) fn()
    perCall.push(Number(process.hrtime.bigint() - start) / 1000 / iterations)
  }
  return perCall.sort((a, b) => a - b)[Math.floor(rounds / 2)] ?? Number.NaN
}

/** "1.23 µs" / "456 ns" / "7.8 ms". */
export const format = (micros: number): string =>
  micros >= 1000 ? `${(micros / 1000).toFixed(2)} ms` : micros >= 1 ? `${micros.toFixed(2)} µs` : `${(micros * 1000).toFixed(0)} ns`

const file = new URL("../BENCHMARKS.md", import.meta.url)

/** Replaces (or appends) the section between `<!-- name:start -->` and `<!-- name:end -->` in BENCHMARKS.md. */
export const writeSection = (name: string, markdown: string): void => {
  const start = `<!-- ${name}:start -->`
  const end = `<!-- ${name}:end -->`
  const machine = `_${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${cpus()[0]?.model ?? "unknown CPU"} `
    + `(${cpus().length} cores)_`
  const section = `${start}\n${markdown.trim()}\n\n${machine}\n${end}`
  let text: string
  try {
    text = readFileSync(file, "utf8")
  } catch {
    text = "# Benchmarks\n\nFigures written by `npm run bench` (bench/). Timings live here, never in tests.\n"
  }
  const at = text.indexOf(start)
  const updated = at === -1
    ? `${text.trimEnd()}\n\n${section}\n`
    : text.slice(0, at) + section + text.slice(text.indexOf(end) + end.length)
  writeFileSync(file, updated)
  console.log(section)
}
