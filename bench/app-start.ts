import { spawnSync } from 'node:child_process'
import { rmSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { build } from 'esbuild'
import { tempHome } from '../tests/helpers/temp-home'

const runs = 5
const targetMs = 300
const outdir = resolve('out/bench')

/**
 * App start: the time from main's first line (the import of out/main/index.js) to the router
 * answering `accounts:list` for the window, under Node with the stand-in electron module
 * (tests/mocks/electron.ts), as the tests run main. Each run is a fresh Node process over an empty
 * data folder; median of several runs. Needs `npm run build` first.
 */
export async function run(): Promise<void> {
  const electronUrl = pathToFileURL(join(outdir, 'app-start-electron.mjs')).href
  await build({
    entryPoints: ['tests/mocks/electron.ts'],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    outfile: join(outdir, 'app-start-electron.mjs'),
    logLevel: 'warning',
  })
  // electron-store is conf with Electron's paths; the stand-in takes the folder it is given, as the tests do.
  writeFileSync(
    join(outdir, 'app-start-electron-store.mjs'),
    `import Conf from 'conf'
export default class extends Conf {
  constructor(options) { super({ ...options, configName: options.name, projectName: 'sendsmith' }) }
}
`,
  )
  const storeUrl = pathToFileURL(join(outdir, 'app-start-electron-store.mjs')).href
  writeFileSync(
    join(outdir, 'app-start-hooks.mjs'),
    `export async function resolve(specifier, context, next) {
  if (specifier === 'electron') return { url: ${JSON.stringify(electronUrl)}, shortCircuit: true }
  if (specifier === 'electron-store') return { url: ${JSON.stringify(storeUrl)}, shortCircuit: true }
  return next(specifier, context)
}
`,
  )
  const hooksUrl = pathToFileURL(join(outdir, 'app-start-hooks.mjs')).href
  const mainUrl = pathToFileURL(resolve('out/main/index.js')).href
  const rendererUrl = pathToFileURL(resolve('out/renderer/index.html')).href
  // The child: the stand-in first (as the tests' vi.mock does), then the clock starts and main loads.
  const child = `import { register } from 'node:module'
register(${JSON.stringify(hooksUrl)})
const electron = await import('electron')
const started = performance.now()
await import(${JSON.stringify(mainUrl)})
const handler = () => electron.ipcMain.handlers.get('accounts:list')
while (!handler() || electron.BrowserWindow.created.length === 0) await new Promise((r) => setImmediate(r))
const window = electron.BrowserWindow.created[0]
const reply = await handler()({ sender: window.webContents, senderFrame: { url: ${JSON.stringify(rendererUrl)}, parent: null } }, {})
process.stdout.write(JSON.stringify({ ms: performance.now() - started, reply }) + '\\n')
process.exit(0)
`
  const childFile = join(outdir, 'app-start-child.mjs')
  writeFileSync(childFile, child)

  const samples: number[] = []
  for (let i = 0; i < runs; i++) {
    const home = tempHome('sendsmith-bench-app-')
    try {
      const result = spawnSync(process.execPath, [childFile], {
        env: { ...process.env, SENDSMITH_HOME: home, SENDSMITH_NO_UPDATES: '1' },
        encoding: 'utf8',
        timeout: 60_000,
      })
      const line = result.stdout.trim().split('\n').pop() ?? ''
      const parsed = JSON.parse(line || '{}') as { ms?: number; reply?: { ok?: boolean } }
      if (result.status !== 0 || parsed.ms === undefined || parsed.reply?.ok !== true)
        throw new Error(`app start failed: ${result.stderr || line}`)
      samples.push(parsed.ms)
    } finally {
      rmSync(home, { recursive: true, force: true })
    }
  }
  const median = [...samples].sort((a, b) => a - b)[Math.floor(samples.length / 2)]
  console.log(
    `\nApp start (main's first line to accounts:list answered, stand-in electron, median of ${runs})\n` +
      `  ${median.toFixed(0)} ms  target < ${targetMs} ms: ${median < targetMs ? 'met' : 'NOT met'}`,
  )
}
