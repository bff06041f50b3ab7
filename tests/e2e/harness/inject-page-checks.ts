import { build } from 'esbuild'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import type { Page } from 'playwright-core'

export type { AccessibilityProblem, PageChecks } from './page-check-types'

let scripts: Promise<string[]> | undefined

/**
 * Puts axe-core and page-checks.ts into the page once per document. evaluate, not addScriptTag:
 * the page's Content-Security-Policy refuses inline scripts, rightly.
 */
export async function injectPageChecks(page: Page): Promise<void> {
  scripts ??= build({
    entryPoints: [fileURLToPath(new URL('./page-checks.ts', import.meta.url))],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    write: false,
  }).then((r) => [
    readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8'),
    r.outputFiles[0].text,
  ])
  if (await page.evaluate(() => '__sendsmithChecks' in globalThis)) return
  for (const script of await scripts) await page.evaluate(script)
}
