// Builds each benchmark (TypeScript) with esbuild and runs it in Node: `npm run bench`.
import { build } from 'esbuild'
import { mkdtempSync, rmSync } from 'node:fs'
import os, { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'

// Every temporary folder the benches make (data folders, browser profiles) goes under one folder,
// removed at the end, as the tests do: a bench run leaves nothing in the system's temp folder.
const benchTemp = mkdtempSync(join(tmpdir(), 'sendsmith-bench-run-'))
process.env.TMPDIR = benchTemp
process.on('exit', () => rmSync(benchTemp, { recursive: true, force: true }))

const benches = [
  'bench/cli-start.ts',
  'bench/app-start.ts',
  'bench/cli-send.ts',
  'bench/send-latency.ts',
  'bench/merge-throughput.ts',
  'bench/preview-latency.ts',
  'bench/inbox-intake.ts',
]
// Inside the repo, so the bundles' imports of node_modules resolve.
const outdir = 'out/bench'
// The benches that render (merge, preview) start the template render threads, which load
// render-worker.js beside the bundle that runs them (render-pool.ts looks there).
await build({
  entryPoints: ['electron/services/templates/render-worker.ts'],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  outfile: join(outdir, 'render-worker.js'),
  logLevel: 'warning',
})
// `npm run bench -- cli-start` runs only the benches whose file name contains the word.
const only = process.argv.slice(2)
for (const entry of benches.filter((b) => only.length === 0 || only.some((w) => b.includes(w)))) {
  const outfile = join(outdir, entry.replace(/[/\\]/g, '_').replace(/\.ts$/, '.mjs'))
  await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    outfile,
    logLevel: 'warning',
  })
  const { run } = await import(pathToFileURL(join(process.cwd(), outfile)).href)
  await run()
}

// Every figure with a target, in one table (Markdown, as README keeps one run of it).
const figures = globalThis.__benchFigures ?? []
if (figures.length > 0) {
  console.log(
    `\nSummary (${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} cores, load ${os.loadavg()[0].toFixed(1)})\n`,
  )
  console.log('| figure | measured | target | |')
  console.log('| --- | --- | --- | --- |')
  for (const f of figures) console.log(`| ${f.figure} | ${f.measured} | ${f.target} | ${f.met ? 'met' : 'NOT met'} |`)
}
