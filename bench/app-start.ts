import { spawnSync } from 'node:child_process'
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { build } from 'esbuild'
import { tempHome } from '../tests/helpers/temp-home'
import { judged } from './figures'

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
  // The stand-ins as packages in out/node_modules: Node finds them from out/main before the real
  // `electron` (a path to a binary that is not here). No loader hooks, which would move module
  // loading to another thread and blur the figure. Removed again at the end.
  const standIns = resolve('out/node_modules')
  const packageOf = (name: string, main: string) => {
    mkdirSync(join(standIns, name), { recursive: true })
    writeFileSync(join(standIns, name, 'package.json'), JSON.stringify({ name, type: 'module', main }))
  }
  packageOf('electron', 'index.mjs')
  await build({
    entryPoints: ['tests/mocks/electron.ts'],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    outfile: join(standIns, 'electron', 'index.mjs'),
    logLevel: 'warning',
  })
  // electron-store is conf with Electron's paths; the stand-in takes the folder it is given, as the tests do.
  packageOf('electron-store', 'index.mjs')
  writeFileSync(
    join(standIns, 'electron-store', 'index.mjs'),
    `import Conf from 'conf'
export default class extends Conf {
  constructor(options) { super({ ...options, configName: options.name, projectName: 'sendsmith' }) }
}
`,
  )
  const mainUrl = pathToFileURL(resolve('out/main/index.js')).href
  const rendererUrl = pathToFileURL(resolve('out/renderer/index.html')).href
  // The child sits in out/main's folder tree, so its 'electron' is the stand-in main gets too.
  const child = `const electron = await import('electron')
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
  mkdirSync(outdir, { recursive: true })
  writeFileSync(childFile, child)

  const samples: number[] = []
  try {
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
  } finally {
    if (!process.env.SENDSMITH_BENCH_KEEP) rmSync(standIns, { recursive: true, force: true })
  }
  const median = [...samples].sort((a, b) => a - b)[Math.floor(samples.length / 2)]
  const verdict = judged({
    figure: "app start: main's first line to `accounts:list` answered (stand-in electron)",
    measured: `${median.toFixed(0)} ms`,
    target: `< ${targetMs} ms`,
    met: median < targetMs,
  })
  console.log(
    `\nApp start (main's first line to accounts:list answered, stand-in electron, median of ${runs})\n` +
      `  ${median.toFixed(0)} ms  target < ${targetMs} ms: ${verdict}`,
  )
}
