// Builds each benchmark (TypeScript) with esbuild and runs it in Node: `npm run bench`.
import { build } from 'esbuild'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'

const all = ['bench/send-latency.ts', 'bench/merge-throughput.ts', 'bench/preview-latency.ts', 'bench/inbox-intake.ts']
// `npm run bench -- bench/inbox-intake.ts` runs one.
const benches = process.argv.length > 2 ? process.argv.slice(2) : all
// Inside the repo, so the bundles' imports of node_modules resolve.
const outdir = 'out/bench'
for (const entry of benches) {
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
