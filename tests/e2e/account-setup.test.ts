import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Locator } from 'playwright-core'
import { secretForms } from '../../electron/services/errors/redact-secrets'
import { startDnsTestServer, type DnsTestServer } from '../helpers/dns-test-server'
import { autoconfigXml, startHttpsTestServer, type HttpsTestServer } from '../helpers/https-test-server'
import { startTestSmtpServer, type TestSmtpServer } from '../helpers/smtp-test-server'
import { makeCertificate, testCertificate } from '../helpers/test-certificate'
import { readAllFiles, tempHome } from '../helpers/temp-home'
import { testNetwork } from '../helpers/test-network'
import { expectAccessible } from './harness/accessibility'
import { launchApp, type RunningApp } from './harness/launch-app'
import { screenshotDir } from './harness/screenshot-dir'

const password = 'setup-UI-Secret-9'
const screenshots = screenshotDir()
let smtp: TestSmtpServer
let selfSigned: TestSmtpServer
let dns: DnsTestServer
let https: HttpsTestServer
let app: RunningApp
let home: string

// mail.example.test presents a certificate nobody vouches for: the user decides whether to trust it.
const homeServerCert = () => makeCertificate('/CN=mail.example.test/O=Home server', 'DNS:mail.example.test')

beforeAll(async () => {
  smtp = await startTestSmtpServer({ security: 'starttls', users: { 'ada@example.test': password } })
  selfSigned = await startTestSmtpServer({
    security: 'starttls',
    users: { 'ada@example.test': password },
    certificate: homeServerCert(),
  })
  dns = await startDnsTestServer([
    { type: 'A', name: 'smtp.example.test', address: '127.0.0.1' },
    { type: 'A', name: 'mail.example.test', address: '127.0.0.1' },
  ])
  https = await startHttpsTestServer({ hostnames: ['autoconfig.example.test', 'example.test'] })
  https.serveAutoconfig(
    'example.test',
    autoconfigXml({
      domain: 'example.test',
      servers: [{ hostname: 'smtp.example.test', port: smtp.port, socketType: 'STARTTLS', username: '%EMAILADDRESS%' }],
    }),
  )
  home = tempHome()
  app = await launchApp({
    home,
    network: testNetwork({ dnsPort: dns.port, fetch: https.fetch }),
    viewport: { width: 1200, height: 1000 },
  })
})
afterAll(async () => {
  await app?.close()
  await Promise.all([smtp?.close(), selfSigned?.close(), dns?.close(), https?.close()])
})

/** Every screen state a test pictures is also checked by axe-core. */
const shot = async (name: string) => {
  await expectAccessible(app.page, name)
  await app.page.screenshot({ path: `${screenshots}/${name}.png`, fullPage: true, animations: 'disabled' })
}

/** Whether the element is the page's focused element (focus follows the work, keyboard users land there). */
const isFocused = (locator: Locator) =>
  locator.evaluate(
    (el) => el === (globalThis as unknown as { document: { activeElement: unknown } }).document.activeElement,
  )

describe('account setup as a new user meets it', () => {
  it('detects the settings from autoconfig and DNS, shows where they came from, and fills the form', async () => {
    const { page } = app
    await page.getByRole('button', { name: 'Go to Accounts' }).click()
    await page.getByRole('button', { name: 'Add account' }).first().click()
    await expect.poll(() => isFocused(page.getByLabel('Display name', { exact: true }))).toBe(true)
    await page.getByLabel('Display name', { exact: true }).fill('Ada Lovelace')
    await page.getByLabel('Email address', { exact: true }).fill('ada@example.test')
    await page.getByLabel('Password', { exact: true }).fill(password)
    await page.getByLabel('Password', { exact: true }).press('Enter')

    const found = page.getByTestId('detected-settings')
    await expect.poll(() => found.textContent(), { timeout: 15_000 }).toContain('From autoconfig.example.test')
    const text = (await found.textContent()) ?? ''
    expect(text).toContain('smtp.example.test')
    expect(text).toContain(String(smtp.port))
    expect(text).toContain('STARTTLS')
    expect(text).toContain('verified')
    expect(await page.getByTestId('detect-step-autoconfig').getAttribute('data-status')).toBe('found')
    expect(await page.getByTestId('detect-step-probe').getAttribute('data-status')).toBe('found')
    await expect.poll(() => isFocused(page.getByRole('button', { name: 'Use these settings' }))).toBe(true)
    await shot('setup-detect')

    await page.getByRole('button', { name: 'Use these settings' }).click()
    expect(await page.getByLabel('SMTP server', { exact: true }).inputValue()).toBe('smtp.example.test')
    expect(await page.getByLabel('Port', { exact: true }).inputValue()).toBe(String(smtp.port))
    expect(await page.getByRole('radio', { name: 'STARTTLS' }).isChecked()).toBe(true)
    expect(await page.getByLabel('User name', { exact: true }).inputValue()).toBe('ada@example.test')
    // The autoconfig file names an IMAP server too, which fills the IMAP section; none runs in this
    // test (tests/e2e/imap-sent-copy.test.ts covers IMAP), so it is switched off here.
    expect(await page.getByLabel('IMAP server', { exact: true }).inputValue()).toBe('imap.example.test')
    await page.getByRole('checkbox', { name: 'Use IMAP for a copy in Sent and the round-trip test' }).uncheck()
    // The test server's certificate comes from the test's own CA, as a company server's would.
    await page.getByRole('button', { name: 'Advanced' }).click()
    await page.getByLabel('CA certificate (PEM)').fill(testCertificate().cert)
    await page.getByRole('button', { name: 'Save' }).click()
    await expect.poll(() => page.getByText('Account saved').count()).toBeGreaterThan(0)
    // Focus lands on the saved account's Test button in the list.
    const row = page.getByRole('listitem', { name: 'Ada Lovelace' })
    await expect.poll(() => isFocused(row.getByRole('button', { name: 'Test', exact: true }))).toBe(true)
    await expectAccessible(page, 'account-saved')
  })

  it('tests the account step by step and shows the transcript with the password redacted', async () => {
    const { page } = app
    await page.getByRole('button', { name: 'Test account settings' }).click()
    await page.getByLabel('Check recipients (RCPT TO)').fill('bob@example.test')
    await page.getByRole('button', { name: 'Run test' }).click()
    const outcome = page.getByTestId('test-outcome')
    await expect.poll(() => outcome.textContent(), { timeout: 15_000 }).toMatch(/All tests passed in/)
    // The run's result takes the focus (Run test was disabled under the keyboard while it ran).
    await expect.poll(() => isFocused(outcome)).toBe(true)
    for (const step of ['resolve', 'connect', 'tls', 'ehlo', 'auth'])
      expect(await page.getByTestId(`test-step-${step}`).getAttribute('data-status'), step).toBe('ok')
    const transcript = (await page.getByTestId('transcript').textContent()) ?? ''
    expect(transcript).toContain('STARTTLS')
    expect(transcript).toContain('AUTH PLAIN [credentials redacted]')
    expect(await page.getByRole('table', { name: 'Envelope checks' }).textContent()).toContain('bob@example.test')
    expect(smtp.messages).toHaveLength(0)
    await shot('test-report')
  })

  it('a self-signed certificate fails at TLS, is shown, and once trusted for this account the test passes', async () => {
    const { page } = app
    await page.getByRole('button', { name: 'Back to accounts' }).click()
    await page.getByRole('button', { name: 'Add account' }).first().click()
    await page.getByRole('button', { name: 'Set up manually' }).click()
    await page.getByLabel('Display name', { exact: true }).fill('Home server')
    await page.getByLabel('Email address', { exact: true }).fill('ada@example.test')
    await page.getByLabel('SMTP server', { exact: true }).fill('mail.example.test')
    await page.getByLabel('Port', { exact: true }).fill(String(selfSigned.port))
    await page.getByRole('radio', { name: 'STARTTLS' }).check()
    await page.getByLabel('User name', { exact: true }).fill('ada@example.test')
    await page.getByLabel('Password', { exact: true }).fill(password)
    await page.getByRole('button', { name: 'Save' }).click()
    await page.getByRole('button', { name: 'Test account settings' }).click()
    await page.getByRole('button', { name: 'Run test' }).click()

    const outcome = page.getByTestId('test-outcome')
    await expect.poll(() => outcome.textContent(), { timeout: 15_000 }).toMatch(/Test failed at TLS/)
    const prompt = page.getByTestId('untrusted-certificate')
    expect(await prompt.textContent()).toContain("This server's certificate is not trusted")
    const fingerprint = (await page.getByTestId('certificate-fingerprint').first().textContent()) ?? ''
    expect(fingerprint.replace(/[^0-9a-f]/gi, '').length).toBeGreaterThanOrEqual(64)
    await shot('certificate-prompt')

    await page.getByRole('button', { name: 'Trust this certificate for Home server' }).click()
    const dialog = page.getByRole('alertdialog', { name: 'Trust this certificate?' })
    await shot('certificate-trust-dialog')
    await dialog.getByRole('button', { name: 'Trust', exact: true }).click()
    await expect.poll(() => page.getByText('Certificate trusted for Home server').count()).toBeGreaterThan(0)
    await expect.poll(() => outcome.textContent(), { timeout: 15_000 }).toMatch(/All tests passed/)
    const account = app.services.accounts.list().find((a) => a.name === 'Home server')
    expect(account?.trustedCertificate?.subject).toContain('mail.example.test')
    expect(app.services.accounts.list().find((a) => a.name === 'Ada Lovelace')?.trustedCertificate).toBeUndefined()
  })

  it('a different certificate on the same server later is refused again', async () => {
    const { page } = app
    const port = selfSigned.port
    await selfSigned.close()
    selfSigned = await startTestSmtpServer({
      security: 'starttls',
      users: { 'ada@example.test': password },
      port,
      certificate: makeCertificate('/CN=mail.example.test/O=Someone else', 'DNS:mail.example.test'),
    })
    await page.getByRole('button', { name: 'Run test' }).click()
    await expect
      .poll(() => page.getByTestId('test-outcome').textContent(), { timeout: 15_000 })
      .toMatch(/Test failed at TLS/)
    expect(await page.getByTestId('untrusted-certificate').textContent()).toContain(
      "This server's certificate is not trusted",
    )
  })

  it('a wrong password gets the 535 advice; SSL/TLS on a STARTTLS port gets the mismatch advice', async () => {
    const { page } = app
    const ada = page.getByRole('listitem', { name: 'Ada Lovelace' })
    await page.getByRole('button', { name: 'Back to accounts' }).click()
    await ada.getByRole('button', { name: 'Edit' }).click()
    await page.getByLabel('Password', { exact: true }).fill('not-the-password')
    await page.getByRole('button', { name: 'Save' }).click()
    await ada.getByRole('button', { name: 'Test', exact: true }).click()
    await page.getByRole('button', { name: 'Run test' }).click()
    const outcome = page.getByTestId('test-outcome')
    await expect.poll(() => outcome.textContent(), { timeout: 15_000 }).toMatch(/Test failed at Auth/)
    const advice = (await page.locator('main').textContent()) ?? ''
    expect(advice).toContain('535')
    expect(advice).toMatch(/app password/)
    await shot('test-auth-failed')

    await page.getByRole('button', { name: 'Edit account' }).click()
    await page.getByLabel('Password', { exact: true }).fill(password)
    await page.getByRole('radio', { name: 'SSL/TLS' }).check()
    await page.getByRole('button', { name: 'Save' }).click()
    await ada.getByRole('button', { name: 'Test', exact: true }).click()
    await page.getByRole('button', { name: 'Run test' }).click()
    await expect.poll(() => outcome.textContent(), { timeout: 15_000 }).toMatch(/Test failed/)
    expect((await page.locator('main').textContent()) ?? '').toMatch(/587 with STARTTLS/)
  })

  it('the password never reached the page, the settings file, the log or an error', async () => {
    const forms = secretForms(password, 'ada@example.test')
    const html = await app.page.content()
    for (const form of forms) expect(html).not.toContain(form)
    for (const file of readAllFiles(home)) for (const form of forms) expect(file.text, file.path).not.toContain(form)
    expect(app.pageErrors).toEqual([])
  })
})
