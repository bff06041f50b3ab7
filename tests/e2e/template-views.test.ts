import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FileDialog } from '../../electron/services/templates/workbench/file-dialog'
import { expectAccessible } from './harness/accessibility'
import { launchApp, type RunningApp } from './harness/launch-app'
import { screenshotDir } from './harness/screenshot-dir'

const screenshots = screenshotDir()
let app: RunningApp
let dir: string
const picks: string[] = []
const fileDialog: FileDialog = { openFile: async () => picks.shift() ?? null }

const layout = (colour: string) =>
  [
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Columns</title><style>',
    '@media (max-width: 480px) { .cols { display: block } }',
    '</style></head><body style="margin:0;font-family:Arial,sans-serif">',
    '<h1 style="padding:0 16px">Spring offers</h1>',
    `<div style="display:flex;gap:12px;padding:16px"><p style="flex:1;background:${colour};color:#fff;padding:20px;margin:0">Left column</p><p style="flex:1;background:#2660aa;color:#fff;padding:20px;margin:0">Right column</p></div>`,
    '<div style="display:grid;grid-template-columns:1fr 1fr;padding:16px"><span>Grid A</span><span>Grid B</span></div>',
    '<p style="padding:0 16px"><img src="https://images.example/hero.png" alt="Spring hero image" width="320" height="120"></p>',
    '</body></html>',
  ].join('\n')

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sendsmith-views-'))
  app = await launchApp({ viewport: { width: 1440, height: 1000 }, fileDialog })
  await app.page.getByRole('tab', { name: 'Templates' }).click()
})
afterAll(async () => {
  await app?.close()
})

const workbench = () => app.page.getByTestId('template-workbench')
const frame = () => app.page.frameLocator('iframe[title^="Preview: "]').first()
/** Every screen state a test pictures is also checked by axe-core. */
const shot = async (name: string) => {
  await expectAccessible(app.page, name)
  await app.page.screenshot({ path: `${screenshots}/${name}.png`, animations: 'disabled' })
}

describe('template views: as a client, and a visual diff', () => {
  it('shows the Outlook for Windows view without flex, grid and <style>, with alt text for the blocked image', async () => {
    const path = join(dir, 'columns.html')
    writeFileSync(path, layout('#2a9d55'))
    picks.push(path)
    await workbench().getByRole('button', { name: 'Open template…' }).first().click()
    await expect.poll(() => workbench().getByTestId('template-name').textContent()).toBe('columns.html')
    await expect.poll(() => frame().locator('div').first().getAttribute('style')).toMatch(/display: ?flex/)

    await workbench().getByRole('combobox', { name: 'View as client' }).click()
    await app.page.getByRole('option', { name: 'Outlook for Windows' }).click()
    const note = workbench().getByLabel('Client view')
    await expect.poll(() => note.textContent()).toMatch(/approximation from caniemail/)
    expect(await note.textContent()).toMatch(/display: flex/)
    await expect
      .poll(async () => (await frame().locator('div').first().getAttribute('style')) ?? '')
      .not.toMatch(/flex/)
    // The preview adds a <style> of its own; the template's (its media query) is gone.
    expect((await frame().locator('style').allTextContents()).join('\n')).not.toContain('max-width: 480px')
    expect(await frame().getByText('Spring hero image').count()).toBe(1)
    await shot('template-client-view')
  }, 120_000)

  it('compares the template with a baseline and shows the changed pixels', async () => {
    await workbench().getByRole('combobox', { name: 'View as client' }).click()
    await app.page.getByRole('option', { name: 'Plain preview' }).click()
    await workbench().getByRole('button', { name: 'Set baseline' }).click()
    writeFileSync(join(dir, 'columns.html'), layout('#c0392b'))
    await expect.poll(() => frame().locator('p').first().getAttribute('style'), { timeout: 30_000 }).toMatch(/c0392b/)
    await workbench().getByRole('button', { name: 'Compare with baseline' }).click()
    const diff = workbench().getByLabel('Visual diff')
    await expect.poll(() => diff.textContent(), { timeout: 90_000 }).toMatch(/% of the pixels changed/)
    const percent = Number(/([\d.]+) % of the pixels/.exec((await diff.textContent()) ?? '')?.[1])
    expect(percent).toBeGreaterThan(0.5)
    expect(await diff.getByRole('img').count()).toBe(3)
    await shot('template-visual-diff')
  }, 180_000)
})
