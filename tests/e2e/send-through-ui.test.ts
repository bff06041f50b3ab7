import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { secretForms } from '../../electron/services/errors/redact-secrets'
import { keychainEntry } from '../helpers/keychain-entry'
import { startTestSmtpServer, type TestSmtpServer } from '../helpers/smtp-test-server'
import { testCertificate } from '../helpers/test-certificate'
import { readAllFiles, tempHome } from '../helpers/temp-home'
import { expectAccessible } from './harness/accessibility'
import { launchApp, type RunningApp } from './harness/launch-app'
import { screenshotDir } from './harness/screenshot-dir'

const password = 'ui-Secret-pa55!'
const screenshots = screenshotDir()
let smtp: TestSmtpServer
let app: RunningApp
let home: string

beforeAll(async () => {
  smtp = await startTestSmtpServer({ security: 'starttls', users: { 'ada@example.test': password } })
  home = tempHome()
  app = await launchApp({ home, viewport: { width: 1200, height: 1000 } })
})
afterAll(async () => {
  await app?.close()
  await smtp?.close()
})

describe('a new user adds an account and sends an HTML message through the UI', () => {
  it('adds a STARTTLS account with authentication; the password goes to the keychain only', async () => {
    const { page } = app
    // A fresh install opens on Compose, which has nothing to send from yet and says so.
    await page.getByRole('button', { name: 'Go to Accounts' }).click()
    await page.getByRole('button', { name: 'Add account' }).first().click()
    await page.getByRole('button', { name: 'Set up manually' }).click()
    await page.getByLabel('Display name', { exact: true }).fill('Ada Lovelace')
    await page.getByLabel('Email address', { exact: true }).fill('ada@example.test')
    await page.getByLabel('SMTP server', { exact: true }).fill('localhost')
    await page.getByLabel('Port', { exact: true }).fill('465')
    // Choosing 465 selects SSL/TLS, as in Outlook; the user then switches to this server's STARTTLS port.
    await expect.poll(() => page.getByRole('radio', { name: 'SSL/TLS' }).isChecked()).toBe(true)
    await page.getByLabel('Port', { exact: true }).fill(String(smtp.port))
    await page.getByRole('radio', { name: 'STARTTLS' }).check()
    await page.getByLabel('User name', { exact: true }).fill('ada@example.test')
    await page.getByLabel('Password', { exact: true }).fill(password)
    await page.getByRole('button', { name: 'Advanced' }).click()
    await page.getByLabel('CA certificate (PEM)').fill(testCertificate().cert)
    await expectAccessible(page, 'account-form')
    await page.screenshot({ path: `${screenshots}/account-form.png`, fullPage: true, animations: 'disabled' })
    await page.getByRole('button', { name: 'Save' }).click()

    await expect.poll(() => page.getByText('Account saved').count()).toBeGreaterThan(0)
    await expect.poll(() => page.getByText('password in keychain', { exact: false }).count()).toBeGreaterThan(0)
    await expectAccessible(page, 'accounts-list')
    await page.screenshot({ path: `${screenshots}/accounts-list.png`, fullPage: true, animations: 'disabled' })

    const [account] = app.services.accounts.list()
    expect(account).toMatchObject({
      name: 'Ada Lovelace',
      email: 'ada@example.test',
      host: 'localhost',
      port: smtp.port,
      security: 'starttls',
      auth: true,
      hasPassword: true,
    })
    expect(await keychainEntry(account.id)).toBe(password)
  })

  it('refuses a malformed recipient with a message naming it, and sends nothing', async () => {
    const { page } = app
    await page.getByRole('tab', { name: 'Compose' }).click()
    await page.getByLabel('To', { exact: true }).fill('bob@@example.test')
    await page.getByLabel('Subject', { exact: true }).fill('Never sent')
    await page.getByRole('button', { name: 'Send' }).click()
    await expect
      .poll(() => page.getByText('"bob@@example.test" is not a valid address: it has more than one @ sign').count())
      .toBe(1)
    expect(smtp.messages).toHaveLength(0)
  })

  it('composes and sends; the server receives From, To, Cc, Subject and the HTML, and the UI shows the result', async () => {
    const { page } = app
    // A power user writes the HTML by hand: the source view of the body editor.
    await page.getByRole('tab', { name: 'HTML source' }).click()
    await page.getByLabel('To', { exact: true }).fill('Bob Builder <bob@example.test>; carol@example.test')
    await page.getByLabel('Cc', { exact: true }).fill('dave@example.test')
    await page.getByLabel('Bcc', { exact: true }).fill('audit@example.test')
    await page.getByLabel('Subject', { exact: true }).fill('Launch plan')
    await page.getByLabel('HTML body', { exact: true }).fill('<h1>Launch</h1><p>We ship on <b>Friday</b>.</p>')
    await page.getByLabel('HTML body', { exact: true }).press('Control+Enter')

    const result = page.getByTestId('send-result')
    await expect.poll(() => result.textContent(), { timeout: 15_000 }).toContain('Message sent')
    const [received] = await smtp.waitForMessages(1)
    expect(received.authUser).toBe('ada@example.test')
    expect(received.parsed.from?.value).toEqual([{ name: 'Ada Lovelace', address: 'ada@example.test' }])
    expect(received.parsed.subject).toBe('Launch plan')
    expect(received.parsed.html).toContain('<p>We ship on <b>Friday</b>.</p>')
    expect(received.to.sort()).toEqual([
      'audit@example.test',
      'bob@example.test',
      'carol@example.test',
      'dave@example.test',
    ])
    expect(received.raw).not.toContain('audit@example.test')

    const text = (await result.textContent()) ?? ''
    expect(text).toContain('bob@example.test')
    expect(text).toContain(received.parsed.messageId!)
    expect(text).toMatch(/250 /)
    await expect.poll(() => page.getByRole('button', { name: 'Send' }).isEnabled()).toBe(true)
    // Sent: the tab is cleared for the next message, so a second Send cannot repeat it by mistake.
    await expect.poll(() => page.getByLabel('Subject', { exact: true }).inputValue()).toBe('')
    await expectAccessible(page, 'compose-sent')
    await page.screenshot({ path: `${screenshots}/compose-sent.png`, fullPage: true, animations: 'disabled' })
  })

  it('shows a clear error with a hint when the server refuses the connection', async () => {
    const { page } = app
    await page.getByRole('tab', { name: 'Accounts' }).click()
    await page.getByRole('listitem', { name: 'Ada Lovelace' }).getByRole('button', { name: 'Edit' }).click()
    await page.getByLabel('Port', { exact: true }).fill('9')
    await page.getByRole('radio', { name: 'STARTTLS' }).check()
    // Another server: the saved password does not follow it (main drops it), and the form says so.
    await expect
      .poll(() =>
        page.getByText('You changed the server or sign-in: enter the password again.', { exact: false }).count(),
      )
      .toBe(1)
    await expectAccessible(page, 'account-form-server-changed')
    await page.screenshot({ path: `${screenshots}/account-form-server-changed.png`, animations: 'disabled' })
    await page.getByLabel('Password', { exact: true }).fill(password)
    await page.getByRole('button', { name: 'Save' }).click()
    await expect.poll(() => page.getByText('Account saved').count()).toBeGreaterThan(0)
    expect(app.services.accounts.list()[0]).toMatchObject({ port: 9, hasPassword: true })

    await page.getByRole('tab', { name: 'Compose' }).click()
    // The sent message cleared the tab: write the next one.
    await page.getByLabel('To', { exact: true }).fill('bob@example.test')
    await page.getByLabel('Subject', { exact: true }).fill('Second try')
    await page.getByRole('button', { name: 'Send' }).click()
    const result = page.getByTestId('send-result')
    await expect.poll(() => result.textContent(), { timeout: 15_000 }).toContain('Connection refused')
    expect(await result.textContent()).toContain('localhost:9 refused the connection')
    await expectAccessible(page, 'compose-error')
    await page.screenshot({ path: `${screenshots}/compose-error.png`, fullPage: true, animations: 'disabled' })
  })

  it('the password never reached the page, the settings file, the log or an error', async () => {
    const forms = secretForms(password, 'ada@example.test')
    const html = await app.page.content()
    for (const form of forms) expect(html).not.toContain(form)
    const files = readAllFiles(home)
    expect(files.map((f) => f.path.replace(home, ''))).toEqual(
      expect.arrayContaining(['/settings.json', '/logs/sendsmith.log']),
    )
    for (const file of files) for (const form of forms) expect(file.text, file.path).not.toContain(form)
    for (const message of app.pageErrors) for (const form of forms) expect(message).not.toContain(form)
  })

  it('the page ran under its Content-Security-Policy without violations or errors', () => {
    expect(app.pageErrors).toEqual([])
  })
})
