/**
 * Checks that run inside the page (DOM types; bundled and injected by accessibility.ts and layout.ts,
 * like bridge-entry.ts). They answer in plain data so the Node side can print it.
 */
import type { AxeResults, RunOptions } from 'axe-core'
import type { AccessibilityProblem, PageChecks } from './page-check-types'

interface AxeApi {
  run(context: Document, options: RunOptions): Promise<AxeResults>
}

/** Resolves once the DOM has not changed for two animation frames (or after 2 s of constant change). */
function settled(): Promise<void> {
  return new Promise((resolve) => {
    let quietFrames = 0
    const observer = new MutationObserver(() => (quietFrames = 0))
    observer.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true })
    const giveUp = performance.now() + 2000
    const frame = () => {
      if (++quietFrames >= 2 || performance.now() > giveUp) {
        observer.disconnect()
        resolve()
      } else requestAnimationFrame(frame)
    }
    requestAnimationFrame(frame)
  })
}

/** A finding in words: the element (tag, name) and axe's message. */
function describeNode(node: { target: unknown[]; html: string; any: { message: string }[] }): string {
  const element = document.querySelector(node.target.map(String).join(' '))
  const name = element?.getAttribute('aria-label') || (element?.textContent ?? '').trim().slice(0, 40)
  const what = element ? `<${element.tagName.toLowerCase()}> "${name}"` : node.html.slice(0, 120)
  return `${what}${node.any[0]?.message ? ` — ${node.any[0].message}` : ''}`
}

async function axeRun(ignored: { rule: string; selector: string }[]): Promise<AccessibilityProblem[]> {
  const axe = (globalThis as unknown as { axe: AxeApi }).axe
  await settled()
  // Mail previews (sandboxed iframes holding the message's own HTML) are not the app's UI.
  const result = await axe.run(document, { resultTypes: ['violations'], iframes: false })
  const problems: AccessibilityProblem[] = []
  for (const violation of result.violations) {
    if (violation.impact !== 'serious' && violation.impact !== 'critical') continue
    const targets = violation.nodes
      .filter((node) => {
        const element = document.querySelector(node.target.map(String).join(' '))
        return !ignored.some((f) => f.rule === violation.id && element?.matches(f.selector))
      })
      .map(describeNode)
    if (targets.length > 0)
      problems.push({ rule: violation.id, impact: violation.impact, help: violation.help, targets })
  }
  return problems
}

/**
 * The serious and critical axe-core violations on the page, less the known false positives (rule +
 * selector). axe reads the page over several frames: a finding must hold on a second run, so a
 * button caught between two renders (enabled when matched, disabled when measured) is not one.
 */
async function accessibilityProblems(ignored: { rule: string; selector: string }[]): Promise<AccessibilityProblem[]> {
  const first = await axeRun(ignored)
  if (first.length === 0) return first
  const again = await axeRun(ignored)
  return again
    .map((p) => ({
      ...p,
      targets: p.targets.filter((t) => first.some((f) => f.rule === p.rule && f.targets.includes(t))),
    }))
    .filter((p) => p.targets.length > 0)
}

const controls = [
  'button',
  'a[href]',
  'input:not([type="hidden"])',
  'select',
  'textarea',
  '[contenteditable="true"]',
  ...['button', 'tab', 'checkbox', 'radio', 'switch', 'combobox', 'link', 'menuitem'].map((r) => `[role="${r}"]`),
].join(', ')

/**
 * What is wrong with the layout in view, in words: the page or a pane that scrolls sideways, and
 * visible controls cut off by the window or by a box that clips them. Mail previews (iframes) are
 * left out: they show the message at its own width on purpose.
 */
function layoutProblems(): string[] {
  const problems: string[] = []
  const describe = (el: Element) => {
    const name =
      el.getAttribute('aria-label') ||
      el.getAttribute('title') ||
      el.getAttribute('data-testid') ||
      (el.textContent ?? '').trim().slice(0, 40)
    return `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''} "${name}"`
  }
  const visible = (el: Element) => {
    const box = el.getBoundingClientRect()
    if (box.width === 0 || box.height === 0 || el.closest('[data-tabster-dummy]')) return false
    return el.checkVisibility({ checkVisibilityCSS: true })
  }
  const root = document.scrollingElement ?? document.documentElement
  if (root.scrollWidth > root.clientWidth + 1)
    problems.push(`the window scrolls sideways (${root.scrollWidth} > ${root.clientWidth} px)`)

  for (const el of document.body.querySelectorAll('*')) {
    if (!['auto', 'scroll'].includes(getComputedStyle(el).overflowX) || !visible(el)) continue
    if (el.scrollWidth > el.clientWidth + 1)
      problems.push(`${describe(el)} scrolls sideways (${el.scrollWidth} > ${el.clientWidth} px)`)
  }

  // A control must fit inside the window and inside every box around it that clips or scrolls.
  const clipsX = (el: Element) => ['auto', 'scroll', 'hidden', 'clip'].includes(getComputedStyle(el).overflowX)
  for (const el of document.body.querySelectorAll(controls)) {
    if (!visible(el)) continue
    const box = el.getBoundingClientRect()
    let left = 0
    let right = window.innerWidth
    for (let parent = el.parentElement; parent && parent !== document.body; parent = parent.parentElement) {
      if (!clipsX(parent)) continue
      const frame = parent.getBoundingClientRect()
      left = Math.max(left, frame.left)
      right = Math.min(right, frame.right)
    }
    if (box.left < left - 1 || box.right > right + 1)
      problems.push(
        `${describe(el)} is cut off (${Math.round(box.left)}–${Math.round(box.right)} px, room ${Math.round(left)}–${Math.round(right)} px)`,
      )
  }
  return problems
}

const checks: PageChecks = { accessibilityProblems, layoutProblems }
;(globalThis as unknown as { __sendsmithChecks: PageChecks }).__sendsmithChecks = checks
