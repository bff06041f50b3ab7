import { mkdtempSync, renameSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FileDialog } from '../../electron/services/templates/workbench/file-dialog'
import { ownTemplates, templateCorpus } from '../integration/services/templates/template-corpus'
import { expectAccessible } from './harness/accessibility'
import { launchApp, type RunningApp } from './harness/launch-app'
import { screenshotDir } from './harness/screenshot-dir'

const screenshots = screenshotDir()
let app: RunningApp
let dir: string
/** The stand-in dialog "picks" these paths, in order; an empty list is a cancelled dialog. */
const picks: string[] = []
const fileDialog: FileDialog = { openFile: async () => picks.shift() ?? null }

const flexTemplate = [
  '<!doctype html>',
  '<html lang="en">',
  '<head><meta charset="utf-8"><title>Flex layout</title></head>',
  '<body>',
  '<table role="presentation" width="100%"><tr><td>',
  '<h1>Spring offers</h1>',
  '<div style="display: flex; gap: 8px">Two columns, side by side</div>',
  '</td></tr></table>',
  '</body>',
  '</html>',
].join('\n')

// Each would set the title, post a message to the app or log "executed" if the frame ran scripts.
const hostileTemplate = [
  '<!doctype html>',
  '<html lang="en">',
  '<head><title>Hostile</title><script>parent.postMessage("executed", "*"); console.log("executed"); document.title = "executed"</script></head>',
  "<body onload=\"console.log('executed'); parent.postMessage('executed', '*')\">",
  '<p id="hostile-text">A message that tries to run code</p>',
  '<img alt="broken" width="10" height="10" src="data:image/png;base64,AAAA" onerror="console.log(\'executed\'); parent.postMessage(\'executed\', \'*\'); top.location = \'https://evil.example/\'">',
  '<form action="https://evil.example/"><input name="q"></form>',
  '</body>',
  '</html>',
].join('\n')

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sendsmith-templates-'))
  app = await launchApp({ viewport: { width: 1440, height: 1000 }, fileDialog })
  await app.page.getByRole('tab', { name: 'Templates' }).click()
})
afterAll(async () => {
  await app?.close()
})

const workbench = () => app.page.getByTestId('template-workbench')
const report = () => workbench().getByTestId('check-report')
const preview = (name: RegExp | string) => workbench().locator(`iframe[title^="Preview: ${name}"]`)
const frame = (name: string) => app.page.frameLocator(`iframe[title^="Preview: ${name}"]`)
/** Every screen state a test pictures is also checked by axe-core. */
const shot = async (name: string) => {
  await expectAccessible(app.page, name)
  await app.page.screenshot({ path: `${screenshots}/${name}.png`, animations: 'disabled' })
}

/** Opens a file through the stand-in dialog and waits until it is rendered and checked. */
async function open(path: string, name: string): Promise<void> {
  picks.push(path)
  await workbench().getByRole('button', { name: 'Open template…' }).first().click()
  await expect.poll(() => workbench().getByTestId('template-name').textContent()).toBe(name)
  await report().waitFor()
}

function write(name: string, text: string): string {
  const path = join(dir, name)
  writeFileSync(path, text)
  return path
}

describe('the template workbench', () => {
  it('opens a template through the file dialog and shows the phone preview at 375 px and the check report', async () => {
    await open(write('flex.html', flexTemplate), 'flex.html')
    const phone = preview('Phone')
    await expect.poll(() => phone.getAttribute('width')).toBe('375')
    expect(await phone.getAttribute('sandbox')).toBe('')
    // The frame's own layout width, as the message sees it.
    await expect
      .poll(() =>
        frame('Phone')
          .locator('body')
          .evaluate(() => (globalThis as unknown as { innerWidth: number }).innerWidth),
      )
      .toBe(375)
    expect(await frame('Phone').locator('h1').textContent()).toBe('Spring offers')
    await expect.poll(() => report().textContent()).toContain('Client compatibility')
  })

  it('shows the caniemail finding that Outlook desktop does not support display:flex, at its line', async () => {
    await report()
      .getByRole('button', { name: /Outlook desktop/ })
      .click()
    const finding = report().getByRole('button', {
      name: /display:flex is not supported by Outlook desktop \(Windows\)/,
    })
    await expect.poll(() => finding.textContent()).toContain('flex.html:7')
    // A finding jumps to its line in the source editor.
    await finding.click()
    await expect
      .poll(() =>
        workbench()
          .getByTestId('template-source')
          .locator('.cm-activeLine')
          .first()
          .textContent()
          .catch(() => ''),
      )
      .toContain('display: flex')
    await shot('workbench-checks')
  })

  it('gives each finding and caniemail link its own name (line, feature), not one repeated label', async () => {
    const finding = report().getByRole('button', {
      name: /display:flex is not supported by Outlook desktop \(Windows\).*Show line 7 in the source$/,
    })
    await expect.poll(() => finding.count()).toBe(1)
    expect(await finding.getAttribute('title')).toBe('Show line 7 in the source')
    const link = report().getByRole('link', { name: /^caniemail: display:flex$/i })
    await expect.poll(() => link.count()).toBeGreaterThan(0)
    expect(await report().getByRole('link', { name: 'caniemail', exact: true }).count()).toBe(0)
    expect(await report().getByTitle('Show this line in the source', { exact: true }).count()).toBe(0)
  })

  it('updates the preview when the file changes on disk, also when an editor replaces it by renaming', async () => {
    write('flex.html', flexTemplate.replace('Spring offers', 'Summer offers'))
    await expect.poll(() => frame('Phone').locator('h1').textContent(), { timeout: 5000 }).toBe('Summer offers')
    // vim and many IDEs write a temporary file and rename it over the original.
    const temp = write('.flex.html.swp', flexTemplate.replace('Spring offers', 'Autumn offers'))
    renameSync(temp, join(dir, 'flex.html'))
    await expect.poll(() => frame('Phone').locator('h1').textContent(), { timeout: 5000 }).toBe('Autumn offers')
  })

  it('does not run a template’s script or event handlers in the preview: the frame is sandboxed', async () => {
    const { page } = app
    type PageGlobals = {
      __messages: unknown[]
      addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void
    }
    await page.evaluate(() => {
      const g = globalThis as unknown as PageGlobals
      g.__messages = []
      g.addEventListener('message', (event) => g.__messages.push(event.data))
    })
    const consoleLines: string[] = []
    page.on('console', (message) => consoleLines.push(message.text()))
    await open(write('hostile.html', hostileTemplate), 'hostile.html')
    const phone = preview('Phone')
    // The script and handlers reach the frame (the pipeline keeps them): the sandbox must stop them.
    await expect.poll(() => phone.getAttribute('srcdoc')).toContain('<script>parent.postMessage')
    expect(await phone.getAttribute('srcdoc')).toContain('onerror=')
    expect(await frame('Phone').locator('#hostile-text').textContent()).toBe('A message that tries to run code')
    await page.waitForTimeout(300)
    expect(await page.title()).toBe('Sendsmith')
    expect(page.url()).not.toContain('evil.example')
    expect(await page.evaluate(() => (globalThis as unknown as PageGlobals).__messages)).toEqual([])
    expect(consoleLines.filter((line) => line.includes('executed'))).toEqual([])
    expect(consoleLines.some((line) => line.includes('Blocked script execution'))).toBe(true)
  })

  it('merges a JSON data file and lists the variables the data lacks, with their lines', async () => {
    await open(
      write('welcome.hbs', '<p>Hello {{name}},</p>\n<p>Your plan: {{plan}}</p>\n<p>Team {{team}}</p>'),
      'welcome.hbs',
    )
    picks.push(
      write(
        'people.json',
        JSON.stringify([
          { name: 'Ada', plan: 'Pro' },
          { name: 'Charles', plan: 'Free' },
        ]),
      ),
    )
    await workbench().getByRole('button', { name: 'Open data…' }).click()
    await expect.poll(() => frame('Phone').locator('p').first().textContent()).toBe('Hello Ada,')
    await expect.poll(() => workbench().getByTestId('missing-variables').textContent()).toContain('team · line 3')
    await expect
      .poll(() => workbench().getByTestId('template-source').locator('.cm-missing-variable').allTextContents())
      .toEqual(['{{team}}'])
    await workbench().getByRole('spinbutton', { name: 'Row' }).fill('2')
    await workbench().getByRole('spinbutton', { name: 'Row' }).press('Enter')
    await expect.poll(() => frame('Phone').locator('p').first().textContent()).toBe('Hello Charles,')
  })

  it('takes screenshots of the desktop and phone previews and dark mode', async () => {
    const stopMerging = workbench().getByRole('button', { name: 'Stop merging data' })
    if (await stopMerging.count()) await stopMerging.click()
    const shared = ownTemplates().find((t) => t.name === 'leemunroe/email.html')!
    await open(shared.path, 'email.html')
    await workbench().getByRole('button', { name: 'Phone', exact: true }).click()
    await frame('Phone').locator('body').waitFor()
    await shot('workbench-phone')
    await workbench().getByRole('button', { name: 'Desktop', exact: true }).click()
    await expect.poll(() => preview('Desktop').getAttribute('width')).toBe('1024')
    await shot('workbench-desktop')
    await workbench().getByRole('button', { name: 'Dark mode' }).click()
    // No dark-mode rules of its own: the message gets the forced inversion (Gmail, Outlook).
    await expect.poll(() => preview('Desktop').getAttribute('srcdoc')).toContain('invert(1)')
    await expect.poll(() => frame('Desktop').locator('style').last().textContent()).toContain('invert(1)')
    await shot('workbench-dark')
    await workbench().getByRole('button', { name: 'Dark mode' }).click()
    await workbench().getByRole('button', { name: 'Phone', exact: true }).click()
  })

  it(
    'renders and checks every template of the corpus (own, plus ../shared/templates when present) without an error',
    { timeout: 240_000 },
    async () => {
      const templates = templateCorpus()
      const started = performance.now()
      for (const template of templates) {
        const name = template.path.split('/').pop()!
        await open(template.path, name)
        await expect.poll(() => report().textContent(), { timeout: 15_000 }).toContain('Checks')
        expect(await workbench().getByTestId('workbench-error').count(), template.name).toBe(0)
      }
      console.log(
        `opened, previewed and checked ${templates.length} templates in the UI in ${Math.round(performance.now() - started)} ms`,
      )
    },
  )
})
