import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FileDialog } from '../../electron/services/templates/workbench/file-dialog'
import { startDovecot, type DovecotServer } from '../helpers/dovecot-test-server'
import { startTestSmtpServer, type TestSmtpServer } from '../helpers/smtp-test-server'
import { tempHome } from '../helpers/temp-home'
import { expectAccessible } from './harness/accessibility'
import { launchApp, type RunningApp } from './harness/launch-app'
import { screenshotDir } from './harness/screenshot-dir'
import { testAccount } from '../helpers/test-account'

const user = 'ada@example.test'
const password = 'e2e-Imap-Secret-2'
const screenshots = screenshotDir()
let dovecot: DovecotServer
let smtp: TestSmtpServer
let app: RunningApp
let home: string
/** The stand-in file dialog "picks" these paths, in order. */
const picks: string[] = []
const fileDialog: FileDialog = { openFile: async () => picks.shift() ?? null }

beforeAll(async () => {
  dovecot = await startDovecot({ users: { [user]: password } })
  smtp = await startTestSmtpServer({ security: 'starttls', users: { [user]: password } })
  home = tempHome()
  app = await launchApp({
    home,
    fileDialog,
    viewport: { width: 1200, height: 1000 },
    accounts: [
      testAccount(smtp.port, {
        name: 'Ada',
        email: user,
        host: '127.0.0.1',
        username: user,
        password,
        ca: dovecot.ca,
        imap: { host: '127.0.0.1', port: dovecot.imapsPort, security: 'tls', username: '', sentFolder: '' },
        sentCopy: 'auto',
      }),
    ],
  })
})
afterAll(async () => {
  await app?.close()
  await smtp?.close()
  await dovecot?.close()
})

describe('IMAP in the app', () => {
  it('the account form shows the IMAP section; the round trip shows what the receiver recorded', async () => {
    const { page } = app
    await page.getByRole('tab', { name: 'Accounts' }).click()
    await page.getByRole('listitem', { name: 'Ada' }).getByRole('button', { name: 'Edit' }).click()
    expect(await page.getByLabel('IMAP server', { exact: true }).inputValue()).toBe('127.0.0.1')
    const section = page.locator('section[aria-labelledby="imap-section-title"]')
    // A host whose IMAP password differs from SMTP's: the box opens a password field of its own.
    await section.getByRole('checkbox', { name: 'IMAP uses a different password' }).check()
    await expect.poll(() => section.getByLabel('IMAP password', { exact: true }).isVisible()).toBe(true)
    await section.scrollIntoViewIfNeeded()
    await expectAccessible(page, 'account-form-imap')
    await section.screenshot({ path: `${screenshots}/account-form-imap.png`, animations: 'disabled' })
    await page.getByRole('button', { name: 'Cancel' }).click()

    await page.getByRole('listitem', { name: 'Ada' }).getByRole('button', { name: 'Test', exact: true }).click()
    await page.getByRole('button', { name: 'Send and read back' }).click()
    const [message] = await smtp.waitForMessages(1, 20_000)
    await dovecot.deliver(
      user,
      'INBOX',
      `Authentication-Results: mx.example.test; spf=pass smtp.mailfrom=example.test; dkim=fail header.d=example.test; dmarc=fail header.from=example.test\r\nReceived: from laptop by mx.example.test with ESMTPS (using TLSv1.3 with cipher TLS_AES_256_GCM_SHA384); Mon, 30 Nov 2026 10:00:00 +0000\r\n${message.raw.replace(/\r?\n/g, '\r\n')}`,
    )
    await expect.poll(() => page.getByText('Arrived in INBOX').count(), { timeout: 20_000 }).toBe(1)
    expect(await page.getByRole('table', { name: 'Authentication results' }).textContent()).toContain('SPF')
    await expectAccessible(page, 'round-trip')
    await page.screenshot({ path: `${screenshots}/round-trip.png`, fullPage: true, animations: 'disabled' })
  })

  it('a message sent while IMAP is down shows "Copy waiting"; once IMAP is back, Retry now saves it to Sent exactly once', async () => {
    const { page, services } = app
    await dovecot.stop()
    try {
      await page.getByRole('tab', { name: 'Compose' }).click()
      await page.getByRole('tab', { name: 'HTML source' }).click()
      await page.getByLabel('To', { exact: true }).fill('bob@example.test')
      await page.getByLabel('Subject', { exact: true }).fill('Quarterly figures')
      await page.getByLabel('HTML body', { exact: true }).fill('<p>The figures are in.</p>')
      await page.getByLabel('HTML body', { exact: true }).press('Control+Enter')
      await expect
        .poll(() => page.getByTestId('send-result').textContent(), { timeout: 15_000 })
        .toContain('Message sent')

      // The Sent view: the message is sent, its copy waits; Retry now while IMAP is still down changes nothing.
      await page.getByRole('tab', { name: 'Sent' }).click()
      const sentList = page.getByLabel('Sent messages')
      await expect.poll(() => sentList.getByText('Copy waiting').count(), { timeout: 15_000 }).toBe(1)
      const retryInSent = sentList.getByRole('button', { name: 'Retry now: the copy of Quarterly figures' })
      await retryInSent.click()
      await expect
        .poll(async () => (await services.outbox.sent()).find((e) => e.subject === 'Quarterly figures')?.sentCopy)
        .toMatchObject({ state: 'waiting', attempts: 2 })
      await expect.poll(() => retryInSent.isEnabled()).toBe(true)
      expect(await sentList.getByText('Copy waiting').count()).toBe(1)
    } finally {
      await dovecot.start()
    }

    // The Outbox view lists the waiting copy with its own Retry now.
    await page.getByRole('tab', { name: 'Outbox' }).click()
    const copies = page.getByRole('table', { name: 'Copies for the Sent folder' })
    await expect.poll(() => copies.getByText('Copy waiting').count()).toBe(1)
    await page.screenshot({ path: `${screenshots}/outbox-copy-waiting.png`, fullPage: true, animations: 'disabled' })
    await copies.getByRole('button', { name: 'Retry now: the copy of Quarterly figures' }).click()
    // Saved: nothing is left waiting in the Outbox, and the Sent view says where the copy is.
    await expect.poll(() => copies.count(), { timeout: 15_000 }).toBe(0)
    await page.getByRole('tab', { name: 'Sent' }).click()
    const sentList = page.getByLabel('Sent messages')
    await expect.poll(() => sentList.getByText('Copy saved to Sent').count()).toBe(1)
    expect(await sentList.getByRole('button', { name: 'Retry now: the copy of Quarterly figures' }).count()).toBe(0)
    await page.screenshot({ path: `${screenshots}/sent-copy-saved.png`, fullPage: true, animations: 'disabled' })

    const entry = (await services.outbox.sent()).find((e) => e.subject === 'Quarterly figures')!
    expect(entry.sentCopy).toMatchObject({ state: 'saved', folder: 'Sent', attempts: 3 })
    expect((await dovecot.messageIds(user, 'Sent')).filter((id) => id === entry.messageId)).toHaveLength(1)
    expect(app.pageErrors).toEqual([])
  })

  it('a merge run with "Save a copy of each message in Sent" ticked puts each delivered message in Sent once', async () => {
    const { page } = app
    writeFileSync(join(home, 'notice.hbs'), '<html><head><title>Notice</title></head><body>Hi {{name}}</body></html>')
    writeFileSync(
      join(home, 'people.csv'),
      'email,name\nann@example.test,Ann\nben@example.test,Ben\ncid@example.test,Cid\n',
    )
    await page.getByRole('tab', { name: 'Mail merge' }).click()
    const setup = page.getByTestId('merge-setup')
    picks.push(join(home, 'notice.hbs'))
    await setup.getByRole('button', { name: 'Open template…' }).click()
    await expect.poll(() => setup.getByTestId('merge-template-name').textContent()).toContain('notice.hbs')
    await setup.getByLabel('Recipient list file').setInputFiles(join(home, 'people.csv'))
    await expect.poll(() => setup.getByTestId('merge-list-name').textContent()).toContain('3 rows')
    await setup.getByLabel('Subject').fill('Merge notice for {{name}}')
    const saveCopies = setup.getByRole('checkbox', { name: 'Save a copy of each message in Sent' })
    expect(await saveCopies.isChecked()).toBe(false)
    await saveCopies.check()
    await setup.getByRole('button', { name: 'Validate' }).click()
    await expect.poll(() => setup.getByTestId('merge-validation').textContent()).toContain('3 ready to send')
    await setup.getByRole('button', { name: 'Send to 3 recipients' }).click()
    const dialog = page.getByRole('dialog')
    await expect.poll(() => dialog.textContent()).toContain('A copy of each delivered message is saved in Sent.')
    await dialog.getByRole('button', { name: 'Send to 3 recipients' }).click()

    const run = page.getByTestId('merge-run')
    await expect.poll(() => run.getByTestId('merge-run-state').textContent(), { timeout: 20_000 }).toBe('Done')
    const copies = run.getByTestId('merge-count-sent-copies')
    await expect.poll(() => copies.textContent(), { timeout: 10_000 }).toBe('3Copies in Sent')
    // The results table reloads a moment after the run ends: the screenshot waits for it.
    await expect.poll(() => run.getByRole('cell', { name: 'Sent', exact: true }).count()).toBe(3)
    await page.screenshot({ path: `${screenshots}/merge-sent-copies.png`, fullPage: true, animations: 'disabled' })

    const ids = smtp.messages.filter((m) => m.parsed.subject?.startsWith('Merge notice')).map((m) => m.parsed.messageId)
    expect(ids).toHaveLength(3)
    const inSent = await dovecot.messageIds(user, 'Sent')
    expect(ids.map((id) => inSent.filter((s) => s === id).length)).toEqual([1, 1, 1])
  })
})
