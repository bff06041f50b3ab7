import { mkdirSync, renameSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

let built: string | undefined

/**
 * Only when running from TypeScript source (vitest): a worker thread cannot load .ts files on
 * Node 20, so the worker is bundled once per process with esbuild (a devDependency; the built app
 * and CLI use out/main/render-worker.js and never get here). Packages stay external and the file
 * lands in node_modules/.cache so they resolve from the project's node_modules.
 */
export function sourceWorkerFile(entry: string): string {
  if (built) return built
  const root = join(dirname(entry), '../../..')
  const folder = join(root, 'node_modules/.cache/sendsmith')
  mkdirSync(folder, { recursive: true })
  const target = join(folder, 'render-worker.mjs')
  const temporary = `${target}.${process.pid}.tmp`
  const esbuild = createRequire(import.meta.url)('esbuild') as typeof import('esbuild')
  esbuild.buildSync({
    entryPoints: [entry],
    outfile: temporary,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'error',
  })
  // Test files run in parallel processes: each writes its own copy, then swaps it in whole.
  renameSync(temporary, target)
  built = target
  return target
}
