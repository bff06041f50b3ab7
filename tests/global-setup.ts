import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/**
 * The CLI and end-to-end tests run the built app; say so plainly when it is missing.
 * Every temporary folder of the run (data folders, Chromium profiles, child CLIs' files) goes under
 * one folder of this run, set as TMPDIR before the test workers start, and removed at the end, so a
 * run leaves nothing in the system's temp folder even when a test fails before its own clean-up.
 */
export default function setup(): () => void {
  for (const file of ['out/main/cli.js', 'out/preload/index.cjs', 'out/renderer/index.html']) {
    if (!existsSync(file)) throw new Error(`${file} is missing: run \`npm run build\` (npm test does it for you)`)
  }
  const runTemp = mkdtempSync(join(tmpdir(), 'sendsmith-test-run-'))
  const previous = process.env.TMPDIR
  process.env.TMPDIR = runTemp
  return () => {
    if (previous === undefined) delete process.env.TMPDIR
    else process.env.TMPDIR = previous
    rmSync(runTemp, { recursive: true, force: true })
  }
}
