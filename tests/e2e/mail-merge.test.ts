import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FileDialog } from '../../electron/services/templates/workbench/file-dialog'
import { startTestSmtpServer, type TestSmtpServer } from '../helpers/smtp-test-server'
import { tempHome } from '../helpers/temp-home'
import { expectAccessible } from './harness/accessibility'
import { launchApp, type RunningApp } from './harness/launch-app'
import { screenshotDir } from './harness/screenshot-dir'
import { testAccount } from '../helpers/test-account'

const password = 'merge-UI-Secret-7'
const screenshots = screenshotDir()
let smtp: TestSmtpServer
let app: RunningApp
let dir: string
/** The stand-in dialog "picks" these paths, in order. */
const picks: string[] = []
const fileDialog: FileDialog = { openFile: async () => picks.shift() ?? null }

const template = [
  '<!doctype html>',
  '<html lang="en">',
  '<head><meta charset="utf-8"><title>Your code</title></head>',
  '<body>',
  '<p id="greeting">Hello {{first_name}},</p>',
  '<p id="code">Your code is {{code}}.</p>',
  '</body>',
  '</html>',
].join('\n')

/** 30 rows; row 5 has a bad address and row 12 no code: the other 28 are sent. */
const rows = Array.from({ length: 30 }, (_, i) => {
  const n = i + 1
  if (n === 5) return { email: 'not-an-address', first_name: 'Eve', code: 'CODE-5' }
  if (n === 12) return { email: 'user12@example.test', first_name: 'Lena', code: '' }
  return { email: `user${n}@example.test`, first_name: `Name${n}`, code: `CODE-${n}` }
})
const valid = rows.map((r, i) => ({ ...r, row: i + 1 })).filter((r) => r.row !== 5 && r.row !== 12)

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sendsmith-merge-'))
  writeFileSync(join(dir, 'welcome-code.hbs'), template)
  writeFileSync(
    join(dir, 'recipients.csv'),
    ['email,first_name,code', ...rows.map((r) => `${r.email},${r.first_name},${r.code}`)].join('\n') + '\n',
  )
  smtp = await startTestSmtpServer({ security: 'starttls', users: { 'ada@example.test': password } })
  app = await launchApp({
    home: tempHome(),
    viewport: { width: 1280, height: 1000 },
    fileDialog,
    accounts: [testAccount(smtp.port, { password })],
  })
  await app.page.getByRole('tab', { name: 'Mail merge' }).click()
})
afterAll(async () => {
  await app?.close()
  await smtp?.close()
})

const screen = () => app.page.getByTestId('merge-screen')
const setup = () => app.page.getByTestId('merge-setup')
const run = () => app.page.getByTestId('merge-run')
const count = (name: string) =>
  run().getByTestId(`merge-count-${name}`).locator('span').first().textContent().then(Number)
/** Every screen state a test pictures is also checked by axe-core. */
const shot = async (name: string) => {
  await expectAccessible(app.page, name)
  await app.page.screenshot({ path: `${screenshots}/${name}.png`, animations: 'disabled' })
}
/** The main pane scrolls, not the page: a window tall enough for the whole screen, for one screenshot. */
async function tallShot(name: string): Promise<void> {
  const height = await app.page.locator('main').evaluate((main) => main.scrollHeight + 48)
  await app.page.setViewportSize({ width: 1280, height: Math.min(height, 2400) })
  await shot(name)
  await app.page.setViewportSize({ width: 1280, height: 1000 })
}

describe('mail merge', () => {
  it('sets up a merge from a template and a CSV list, and validation lists the invalid rows by number', async () => {
    picks.push(join(dir, 'welcome-code.hbs'))
    await setup().getByRole('button', { name: 'Open template…' }).click()
    await expect.poll(() => setup().getByTestId('merge-template-name').textContent()).toContain('welcome-code.hbs')
    await setup().getByLabel('Recipient list file').setInputFiles(join(dir, 'recipients.csv'))
    await expect.poll(() => setup().getByTestId('merge-list-name').textContent()).toContain('30 rows')
    expect(await setup().getByRole('list', { name: 'Columns' }).getByRole('listitem').allTextContents()).toEqual([
      'email',
      'first_name',
      'code',
    ])
    // Same-named columns are mapped on their own; the address column is found by its name.
    expect(await setup().getByLabel('Column for first_name').inputValue()).toBe('first_name')
    expect(await setup().getByLabel('Column for code').inputValue()).toBe('code')
    expect(await setup().getByLabel('Address column').inputValue()).toBe('email')

    await setup().getByLabel('Subject').fill('Your code, {{first_name}}')
    await setup().getByLabel('Connections').fill('2')
    await setup().getByLabel('At most per second').fill('10')
    await setup().getByRole('button', { name: 'Validate' }).click()

    const report = setup().getByTestId('merge-validation')
    await expect.poll(() => report.textContent()).toContain('28 ready to send')
    expect(await report.textContent()).toContain('2 invalid')
    const invalid = report.getByRole('table', { name: 'Invalid rows' }).getByRole('row')
    expect(await invalid.count()).toBe(3)
    expect(await invalid.nth(1).textContent()).toMatch(/^5not-an-address.*not a valid address/)
    expect(await invalid.nth(2).textContent()).toMatch(/^12user12@example\.test"code" is empty/)
    // Nothing is sent by checking.
    expect(smtp.messages).toHaveLength(0)
  })

  it('previews row 3 with its own values', async () => {
    const row = setup().getByRole('spinbutton', { name: 'Row' })
    await row.fill('3')
    await row.press('Enter')
    const frame = app.page.frameLocator('iframe[title="Preview of row 3"]')
    await expect.poll(() => frame.locator('#greeting').textContent()).toBe('Hello Name3,')
    expect(await frame.locator('#code').textContent()).toBe('Your code is CODE-3.')
    expect(await setup().getByTestId('merge-preview-headers').textContent()).toContain('Your code, Name3')
    expect(await setup().getByTestId('merge-preview-headers').textContent()).toContain('user3@example.test')
    expect(await app.page.locator('iframe[title="Preview of row 3"]').getAttribute('sandbox')).toBe('')
    await tallShot('merge-setup')
  })

  it('sends to the valid rows after a confirmation, shows progress, pauses and resumes', async () => {
    await setup().getByRole('button', { name: 'Send to 28 recipients' }).click()
    const dialog = app.page.getByRole('dialog')
    await expect.poll(() => dialog.textContent()).toContain('2 invalid rows are not sent')
    await dialog.getByRole('button', { name: 'Skip 2 invalid rows and send' }).click()

    await run().waitFor()
    await expect.poll(() => count('sent'), { timeout: 10_000 }).toBeGreaterThanOrEqual(6)
    expect(await run().getByTestId('merge-run-state').textContent()).toBe('Sending')
    await expect.poll(() => run().getByTestId('merge-rate').textContent()).toMatch(/\d+\.\d/)
    await expect.poll(() => run().getByTestId('merge-eta').textContent()).toMatch(/\d+ s/)
    expect(await count('skipped')).toBe(2)
    await expect
      .poll(() => run().getByTestId('merge-results').locator('tbody tr[data-status="sent"]').count())
      .toBeGreaterThan(0)
    // The run goes on: the picture now, the accessibility check once paused (axe would outlast the run).
    await app.page.screenshot({ path: `${screenshots}/merge-progress.png`, animations: 'disabled' })

    await run().getByRole('button', { name: 'Pause' }).click()
    await expect.poll(() => run().getByTestId('merge-run-state').textContent()).toBe('Paused')
    await expectAccessible(app.page, 'merge paused')
    // Messages under way finish; then nothing more arrives while paused.
    await app.page.waitForTimeout(500)
    const atPause = smtp.messages.length
    await app.page.waitForTimeout(1000)
    expect(smtp.messages.length).toBe(atPause)
    expect(atPause).toBeLessThan(28)
    expect(await count('remaining')).toBe(28 - atPause)

    await run().getByRole('button', { name: 'Resume' }).click()
    await expect.poll(() => run().getByTestId('merge-run-state').textContent(), { timeout: 15_000 }).toBe('Done')
    expect(await count('sent')).toBe(28)
    expect(await count('remaining')).toBe(0)
  })

  it('delivered each valid recipient exactly once with their own fields, and none of the invalid rows', async () => {
    const received = await smtp.waitForMessages(28, 5000)
    await app.page.waitForTimeout(300)
    expect(smtp.messages).toHaveLength(28)
    const to = received.flatMap((m) => m.to).sort()
    expect(to).toEqual(valid.map((r) => r.email).sort())
    for (const r of valid) {
      const message = received.find((m) => m.to[0] === r.email)!
      expect(message.parsed.subject).toBe(`Your code, ${r.first_name}`)
      expect(message.parsed.html).toContain(`Hello ${r.first_name},`)
      expect(message.parsed.html).toContain(`Your code is ${r.code}.`)
      expect(message.parsed.text).toContain(r.code)
    }
    expect(to).not.toContain('user12@example.test')
    expect(received.some((m) => m.raw.includes('not-an-address'))).toBe(false)
  })

  it('lists every recipient in the results table, the invalid rows as skipped, and in the runs list', async () => {
    const table = run().getByTestId('merge-results')
    await expect.poll(() => table.locator('tbody tr[data-status="sent"]').count()).toBe(28)
    const skipped = table.locator('tbody tr[data-status="skipped"]')
    expect(await skipped.count()).toBe(2)
    expect(await skipped.nth(0).textContent()).toContain('not-an-address')
    expect(await skipped.nth(1).textContent()).toContain('"code" is empty')
    expect(await table.locator('tbody tr[data-status="sent"]').first().textContent()).toMatch(
      /user1@example\.test.*250/,
    )

    await screen().getByRole('tab', { name: /Runs/ }).click()
    const runs = screen().getByRole('table', { name: 'Merge runs' })
    await expect.poll(() => runs.locator('tbody tr').count()).toBe(1)
    expect(await runs.locator('tbody tr').first().textContent()).toMatch(/Your code, \{\{first_name\}\}.*Done.*28/)
    await runs.getByRole('button', { name: 'Open' }).click()
    await expect.poll(() => run().getByTestId('merge-run-state').textContent()).toBe('Done')
  })

  it('reported no console errors or CSP violations', () => {
    expect(app.pageErrors).toEqual([])
  })
})
