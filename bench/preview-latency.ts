import { build } from 'esbuild'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { chromium } from 'playwright-core'
import { createRouter } from '../electron/main/router'
import { chromiumArgs } from '../tests/e2e/harness/launch-app'
import { serveDirectory } from '../tests/e2e/harness/static-server'
import { testServices } from '../tests/helpers/services'
import { tempHome } from '../tests/helpers/temp-home'
import { judged } from './figures'

// The bench runs bundled from out/bench, so paths are taken from the repository root (npm's cwd).
const root = process.cwd()
const sharedTemplatesDir = resolve(root, '../shared/templates')

const targetBytes = 100 * 1024
const edits = 30
const warmUp = 5
/** Issue 19's target for the median (the first one, 100 ms, was met only in some runs). */
const targetMs = 60

/** Median and 95th percentile of a list of milliseconds. */
function summary(samples: number[]): { median: number; p95: number } {
  const sorted = [...samples].sort((a, b) => a - b)
  return {
    median: sorted[Math.floor(sorted.length / 2)],
    p95: sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))],
  }
}

/** colorlib/1.html (92 KB, a real marketing design) padded with content rows to 100 KB; the last line is where the edits go. */
function hundredKilobyteTemplate(): string {
  const source = readFileSync(join(sharedTemplatesDir, 'colorlib/1.html'), 'utf8')
  const body = source.lastIndexOf('</body>')
  const row =
    '<table role="presentation" width="100%"><tr><td style="padding: 10px 20px; font-family: sans-serif; color: #555555;"><p>Another paragraph of newsletter copy, repeated to bring the template to 100 KB.</p></td></tr></table>\n'
  let padded = source.slice(0, body)
  while (Buffer.byteLength(padded) + row.length < targetBytes - 64) padded += row
  return `${padded}<p>BENCH</p></body></html>`
}

/**
 * Keystroke to updated preview in the template workbench, in Chromium against the built renderer
 * and the real services (the e2e harness): a 100 KB template, one character typed per edit. Timed
 * in the page, from the keydown event to the preview frame's load event with the new text.
 */
export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'sendsmith-bench-'))
  const file = join(dir, 'newsletter.html')
  const template = hundredKilobyteTemplate()
  writeFileSync(file, template)
  const app = await launchWorkbench(file)
  try {
    const { page } = app
    await page.getByRole('tab', { name: 'Templates' }).click()
    await page.getByRole('button', { name: 'Open template…' }).first().click()
    await page.frameLocator('iframe[title^="Preview: Phone"]').getByText('BENCH').waitFor({ timeout: 30_000 })
    await page.evaluate(() => {
      // Runs in the page; the Node tsconfig has no DOM types, so the few used are named here.
      type Phases = { sent: number; answered: number; srcdoc: number }
      type Frame = { tagName: string; srcdoc: string }
      const g = globalThis as unknown as {
        __bench: { typed: number; keydownAt: number; samples: number[]; phases: Phases[]; current: Partial<Phases> }
        sendsmith: { templates: { render(request: unknown): Promise<unknown> } }
        document: {
          body: unknown
          addEventListener(type: string, listener: (event: { target: unknown }) => void, capture: boolean): void
        }
        MutationObserver: new (callback: () => void) => { observe(target: unknown, options: object): void }
      }
      const bench: (typeof g)['__bench'] = (g.__bench = {
        typed: 0,
        keydownAt: 0,
        samples: [],
        phases: [],
        current: {},
      })
      g.document.addEventListener('keydown', () => ((bench.keydownAt = performance.now()), (bench.current = {})), true)
      // Where the time goes: the render call (the api's methods are plain properties), and the frame's srcdoc being set.
      const render = g.sendsmith.templates.render
      g.sendsmith.templates.render = async (request) => {
        bench.current.sent ??= performance.now() - bench.keydownAt
        const result = await render(request)
        bench.current.answered = performance.now() - bench.keydownAt
        return result
      }
      new g.MutationObserver(() => (bench.current.srcdoc = performance.now() - bench.keydownAt)).observe(
        g.document.body,
        { attributes: true, subtree: true, attributeFilter: ['srcdoc'] },
      )
      // load does not bubble, but capture listeners on the document see every frame's load.
      g.document.addEventListener(
        'load',
        (event) => {
          const frame = event.target as Frame
          if (frame.tagName !== 'IFRAME' || !frame.srcdoc.includes(`BENCH${'x'.repeat(bench.typed)}<`)) return
          if (bench.keydownAt > 0) {
            bench.samples.push(performance.now() - bench.keydownAt)
            bench.phases.push(bench.current as Phases)
          }
          bench.keydownAt = 0
        },
        true,
      )
    })
    // The cursor after "<p>BENCH" on the last line.
    await page.getByRole('textbox', { name: 'Template source' }).click()
    await page.keyboard.press('Control+End')
    await page.keyboard.press('Home')
    for (let i = 0; i < '<p>BENCH'.length; i++) await page.keyboard.press('ArrowRight')

    for (let i = 1; i <= warmUp + edits; i++) {
      await page.evaluate((n) => ((globalThis as unknown as { __bench: { typed: number } }).__bench.typed = n), i)
      await page.keyboard.press('x')
      await page.waitForFunction(
        (n) => (globalThis as unknown as { __bench: { samples: number[] } }).__bench.samples.length >= n,
        i,
        { timeout: 10_000 },
      )
      await page.waitForTimeout(60) // a typist's pause, so each edit is timed on its own
    }
    const measured = await page.evaluate(
      () =>
        (
          globalThis as unknown as {
            __bench: { samples: number[]; phases: { sent: number; answered: number; srcdoc: number }[] }
          }
        ).__bench,
    )
    const samples = measured.samples.slice(warmUp)
    const phases = measured.phases.slice(warmUp)

    // The pipeline alone, in main (no IPC, no frame), for comparison.
    const source = readFileSync(file, 'utf8')
    const pipeline: number[] = []
    for (let i = 0; i < edits; i++)
      pipeline.push((await app.services.templates.render({ source: source + i, kind: 'html' })).timings.total)

    const s = summary(samples)
    console.log(
      `\nTemplate workbench: keystroke to updated preview, ${(Buffer.byteLength(template) / 1024).toFixed(0)} KB template, ${edits} edits in Chromium (ms)`,
    )
    console.log(
      `  keystroke -> preview frame loaded          median ${s.median.toFixed(1).padStart(7)}   p95 ${s.p95.toFixed(1).padStart(7)}   target median < ${targetMs}: ${judged(
        {
          figure: 'preview: keystroke to painted preview, 100 KB template, median',
          measured: `${s.median.toFixed(0)} ms (p95 ${s.p95.toFixed(0)} ms)`,
          target: `< ${targetMs} ms`,
          met: s.median < targetMs,
        },
      )}`,
    )
    const row = (name: string, values: number[]) => {
      const v = summary(values)
      console.log(
        `    ${name.padEnd(40)} median ${v.median.toFixed(1).padStart(7)}   p95 ${v.p95.toFixed(1).padStart(7)}`,
      )
    }
    console.log('  where the time goes:')
    row(
      'keystroke -> render request sent',
      phases.map((x) => x.sent),
    )
    row(
      'request -> answer (IPC + pipeline)',
      phases.map((x) => x.answered - x.sent),
    )
    row('  the pipeline alone, in main', pipeline)
    row(
      'answer -> frame srcdoc set (React, copy)',
      phases.map((x) => x.srcdoc - x.answered),
    )
    row(
      'srcdoc set -> frame loaded (Chromium)',
      phases.map((x, i) => samples[i] - x.srcdoc),
    )
    console.log(
      "  (IPC here is the e2e harness's Playwright binding, which sends JSON over CDP; Electron's ipcRenderer is faster.)",
    )
  } finally {
    await app.close()
  }
}

/**
 * The built renderer in Chromium with window.sendsmith over the real router and services, as the
 * e2e harness wires it (launchApp resolves its paths from its own source file, which a bundle moves).
 * The stand-in file dialog always picks `file`: there is no native dialog in headless Chromium.
 */
async function launchWorkbench(file: string) {
  const bridge = await build({
    entryPoints: [join(root, 'tests/e2e/harness/bridge-entry.ts')],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    write: false,
  })
  const services = testServices(tempHome('sendsmith-bench-'))
  services.templateFiles.useFileDialog({ openFile: async () => file })
  const router = createRouter(services)
  const site = await serveDirectory(join(root, 'out/renderer'))
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: chromiumArgs })
  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } })
  const emit = (event: string, payload: unknown) =>
    void page
      .evaluate(
        ([e, p]) => (globalThis as unknown as { __sendsmithEmit(e: string, p: unknown): void }).__sendsmithEmit(e, p),
        [event, payload] as const,
      )
      .catch(() => {})
  await page.exposeBinding('__sendsmithInvoke', (_source, channel: string, payload: unknown) =>
    router.handle(channel, payload, emit),
  )
  const stopEvents = services.events.on(emit)
  await page.addInitScript({ content: bridge.outputFiles[0].text })
  await page.goto(site.url)
  return {
    page,
    services,
    async close() {
      stopEvents()
      services.templateFiles.closeAll()
      await browser.close()
      await site.close()
    },
  }
}
