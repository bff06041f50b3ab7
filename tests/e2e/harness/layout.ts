import type { Page } from 'playwright-core'
import { expect } from 'vitest'
import { injectPageChecks, type PageChecks } from './inject-page-checks'

/**
 * What is wrong with the layout in view, in words: the page or a pane that scrolls sideways, and
 * visible controls cut off by the window or by the pane that holds them (see page-checks.ts).
 */
export async function layoutProblems(page: Page): Promise<string[]> {
  await injectPageChecks(page)
  return page.evaluate(() =>
    (globalThis as unknown as { __sendsmithChecks: PageChecks }).__sendsmithChecks.layoutProblems(),
  )
}

/**
 * Fails the test when the screen state in view scrolls sideways or cuts a control off.
 * Call it once per screen state: `await expectFitsWindow(page, 'compose')`.
 */
export async function expectFitsWindow(page: Page, state: string): Promise<void> {
  expect(await layoutProblems(page), `layout of "${state}"`).toEqual([])
}
