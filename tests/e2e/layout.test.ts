import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import nodemailer from 'nodemailer'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FileDialog } from '../../electron/services/templates/workbench/file-dialog'
import { startTestSmtpServer, type TestSmtpServer } from '../helpers/smtp-test-server'
import { starttlsAccount } from '../helpers/test-account'
import { tempHome } from '../helpers/temp-home'
import { accessibilityProblems } from './harness/accessibility'
import { launchApp, type RunningApp } from './harness/launch-app'
import { layoutProblems } from './harness/layout'
import { screenshotDir } from './harness/screenshot-dir'

const password = 'layout-UI-Secret-3'
const screenshots = screenshotDir()
let smtp: TestSmtpServer
let dir: string

const template = [
  '<!doctype html>',
  '<html lang="en">',
  '<head><meta charset="utf-8"><title>Spring offers</title></head>',
  '<body><table role="presentation" width="100%"><tr><td>',
  '<h1 style="color: #d39300">Spring offers for {{first_name}}</h1>',
  '<div style="display: flex; gap: 8px">Two columns, side by side</div>',
  '<p>A long line of text that goes on and on so that the source editor has something wider than a phone to show.</p>',
  '</td></tr></table></body>',
  '</html>',
].join('\n')

beforeAll(async () => {
  smtp = await startTestSmtpServer({ security: 'starttls', users: { ada: password } })
  dir = mkdtempSync(join(tmpdir(), 'sendsmith-layout-'))
  writeFileSync(join(dir, 'spring-offers.html'), template)
})
afterAll(async () => {
  await smtp?.close()
})

// The window's own minimum size (electron/main) and a common laptop window.
describe.each([
  { width: 760, height: 520 },
  { width: 1280, height: 900 },
])('every screen at $width x $height', (viewport) => {
  let app: RunningApp
  const picks: string[] = []
  const fileDialog: FileDialog = { openFile: async () => picks.shift() ?? null }
  const small = viewport.width === 760

  beforeAll(async () => {
    app = await launchApp({
      home: tempHome(),
      viewport,
      localInbox: true,
      fileDialog,
      accounts: [starttlsAccount(smtp.port, password)],
    })
  })
  afterAll(async () => {
    await app?.close()
  })

  /** Layout and accessibility of the screen state in view; at the smallest size, a screenshot for docs. */
  async function check(state: string) {
    const { page } = app
    expect.soft(await layoutProblems(page), `layout of ${state} at ${viewport.width}x${viewport.height}`).toEqual([])
    expect.soft(await accessibilityProblems(page), `axe-core on ${state}`).toEqual([])
    if (small) await page.screenshot({ path: `${screenshots}/small-${state}.png`, animations: 'disabled' })
  }
  const go = (tab: string) => app.page.getByRole('tab', { name: tab }).first().click()
  const main = () => app.page.locator('main')

  it('compose, with one message and with three open', async () => {
    const pane = () => app.page.getByTestId('compose-pane').filter({ visible: true })
    await expect.poll(() => pane().getByRole('combobox').first().textContent()).toContain('@')
    await check('compose')
    await pane().getByLabel('Subject', { exact: true }).fill('Quarterly figures for the northern region')
    for (const subject of ['Invitation to the spring fair', 'Re: your order 4711']) {
      await app.page.getByRole('button', { name: 'New message' }).click()
      await pane().getByLabel('Subject', { exact: true }).fill(subject)
    }
    await expect.poll(() => app.page.getByRole('tablist', { name: 'Open messages' }).getByRole('tab').count()).toBe(3)
    await check('compose-tabs')
  })

  it('inbox with a message open', async () => {
    const transport = nodemailer.createTransport({
      host: '127.0.0.1',
      port: app.services.inbox.status().port!,
      secure: false,
      ignoreTLS: true,
    })
    await transport.sendMail({
      from: '"Farm Shop" <farm@example.test>',
      to: 'me@example.test',
      subject: 'Harvest festival on Saturday with music, food and a market',
      html: '<p>Harvest festival on Saturday.</p>',
    })
    transport.close()
    await go('Inbox')
    const row = main().getByTestId('inbox-row').first()
    await row.click()
    await expect.poll(() => main().getByRole('article', { name: 'Message' }).count()).toBe(1)
    await check('inbox')
  })

  it('outbox, sent and drafts', async () => {
    const account = app.services.accounts.list().find((a) => a.email === 'ada@example.test')!
    const message = {
      accountId: account.id,
      to: ['bob@example.test'],
      cc: [],
      bcc: [],
      subject: 'Minutes',
      html: '<p>Minutes</p>',
    }
    const queue = (request: unknown) =>
      app.page.evaluate(
        (r) =>
          (
            globalThis as unknown as { sendsmith: { mail: { queue(r: unknown): Promise<unknown> } } }
          ).sendsmith.mail.queue(r),
        request,
      )
    const now = await queue({ message, delaySeconds: 0 })
    expect(now, JSON.stringify(now)).toMatchObject({ ok: true })
    await smtp.waitForMessages(1, 15_000)
    const later = await queue({
      message: { ...message, subject: 'Later' },
      sendAt: new Date(Date.now() + 86_400_000).toISOString(),
    })
    expect(later, JSON.stringify(later)).toMatchObject({ ok: true })
    await go('Outbox')
    await expect.poll(() => main().getByText('Later').count()).toBeGreaterThan(0)
    await check('outbox')
    await go('Sent')
    await expect.poll(() => main().getByText('Minutes').count()).toBeGreaterThan(0)
    await check('sent')
    await go('Drafts')
    await check('drafts')
  })

  it('templates: the workbench with a template open', async () => {
    await go('Templates')
    const workbench = main().getByTestId('template-workbench')
    picks.push(join(dir, 'spring-offers.html'))
    await workbench.getByRole('button', { name: 'Open template…' }).first().click()
    await workbench.getByTestId('check-report').waitFor({ timeout: 30_000 })
    await check('templates')
  })

  it('mail merge', async () => {
    await go('Mail merge')
    await check('merge')
  })

  it('deliverability', async () => {
    await go('Deliverability')
    await check('deliverability')
  })

  it('accounts: the list, setup, the form and the test panel', async () => {
    await go('Accounts')
    const ada = main().getByRole('listitem', { name: 'Ada' })
    await ada.waitFor()
    await check('accounts')
    await ada.getByRole('button', { name: 'Test', exact: true }).click()
    await main().getByRole('button', { name: 'Run test' }).click()
    await expect.poll(() => main().getByTestId('test-outcome').textContent(), { timeout: 15_000 }).toMatch(/passed/i)
    await check('account-test')
    await main().getByRole('button', { name: 'Edit account' }).click()
    await main().getByRole('textbox', { name: 'SMTP server' }).waitFor()
    await check('account-form')
    await go('Accounts')
    await main()
      .getByRole('button', { name: /Back to accounts|Cancel/ })
      .first()
      .click()
    await main().getByRole('button', { name: 'Add account' }).first().click()
    await check('account-setup')
    expect(app.pageErrors).toEqual([])
  })
})
