import type { Page } from 'playwright-core'
import { expect } from 'vitest'
import { injectPageChecks, type AccessibilityProblem, type PageChecks } from './inject-page-checks'

/**
 * Fluent UI's focus manager (Tabster) puts invisible "dummy" elements with aria-hidden at the edges
 * of focus groups to catch and redirect Tab; a user never lands on them, and Fluent documents the
 * aria-hidden-focus finding on them as a false positive. Only that rule on those elements is ignored.
 */
const knownFalsePositives = [{ rule: 'aria-hidden-focus', selector: '[data-tabster-dummy]' }]

/**
 * The serious and critical axe-core violations (WCAG 2.x A/AA and axe's best practices) in what
 * the page shows now. Mail previews (sandboxed iframes with the message's own HTML) are left out.
 */
export async function accessibilityProblems(page: Page): Promise<AccessibilityProblem[]> {
  await injectPageChecks(page)
  return page.evaluate(
    (ignored) =>
      (globalThis as unknown as { __sendsmithChecks: PageChecks }).__sendsmithChecks.accessibilityProblems(ignored),
    knownFalsePositives,
  )
}

/**
 * Fails the test when the screen state in view has a serious or critical accessibility violation.
 * Call it once per screen state a test visits: `await expectAccessible(page, 'compose')`.
 */
export async function expectAccessible(page: Page, state: string): Promise<void> {
  expect(await accessibilityProblems(page), `axe-core on "${state}"`).toEqual([])
}
