import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startDovecot, type DovecotServer } from '../helpers/dovecot-test-server'
import { startTestSmtpServer, type TestSmtpServer } from '../helpers/smtp-test-server'
import { tempHome } from '../helpers/temp-home'
import { expectAccessible } from './harness/accessibility'
import { launchApp, type RunningApp } from './harness/launch-app'
import { screenshotDir } from './harness/screenshot-dir'

const user = 'ada@example.test'
const password = 'e2e-Imap-Secret-2'
const screenshots = screenshotDir()
let dovecot: DovecotServer
let smtp: TestSmtpServer
let app: RunningApp

beforeAll(async () => {
  dovecot = await startDovecot({ users: { [user]: password } })
  smtp = await startTestSmtpServer({ security: 'starttls', users: { [user]: password } })
  app = await launchApp({
    home: tempHome(),
    viewport: { width: 1200, height: 1000 },
    accounts: [
      {
        name: 'Ada',
        email: user,
        host: '127.0.0.1',
        port: smtp.port,
        security: 'starttls',
        auth: true,
        username: user,
        password,
        allowInsecureAuth: false,
        ca: dovecot.ca,
        imap: { host: '127.0.0.1', port: dovecot.imapsPort, security: 'tls', username: '', sentFolder: '' },
        sentCopy: 'auto',
      },
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
})
