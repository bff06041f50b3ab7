import keytar from '@github/keytar'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createKeychain } from '../../electron/services/keychain/keychain'
import { TokenStore } from '../../electron/services/keychain/token-store'
import type { BrowserResult, TestOidcProvider } from '../helpers/oidc-test-provider'
import { scriptedBrowser, startTestOidcProvider, testClientId } from '../helpers/oidc-test-provider'
import { tempHome } from '../helpers/temp-home'
import { startXoauth2SmtpServer, type Xoauth2SmtpServer } from '../helpers/xoauth2-smtp-server'
import { expectAccessible } from './harness/accessibility'
import { launchApp, type RunningApp } from './harness/launch-app'
import { screenshotDir } from './harness/screenshot-dir'
import { testAccount } from '../helpers/test-account'

const user = 'lin@example.test'
const screenshots = screenshotDir()
let oidc: TestOidcProvider
let smtp: Xoauth2SmtpServer
let app: RunningApp
const pages: Promise<BrowserResult>[] = []

beforeAll(async () => {
  oidc = await startTestOidcProvider()
  smtp = await startXoauth2SmtpServer(oidc)
  app = await launchApp({
    home: tempHome(),
    viewport: { width: 1200, height: 1100 },
    // The system browser: a scripted one that logs in and consents on the provider's pages.
    openBrowser: async (url) => void pages.push(scriptedBrowser(url, { login: user })),
    accounts: [
      testAccount(smtp.port, {
        name: 'Lin',
        email: user,
        username: user,
        authMethod: 'XOAUTH2',
        oauth: { provider: 'custom', issuer: oidc.issuer, scope: 'openid offline_access smtp' },
      }),
    ],
  })
  await app.services.oauth.setClient({ provider: 'custom', issuer: oidc.issuer, clientId: testClientId })
})
afterAll(async () => {
  await app?.close()
  await smtp?.close()
  await oidc?.close()
})

describe('signing in with a provider from the account form', () => {
  it('shows "Sign in with …", signs in through the system browser, and then the account sends', async () => {
    const { page } = app
    await page.getByRole('tab', { name: 'Accounts', exact: true }).click()
    await page.getByRole('listitem', { name: 'Lin' }).getByRole('button', { name: 'Edit' }).click()
    const box = page.getByRole('group', { name: 'Sign in with a provider' })
    await expect.poll(() => box.textContent()).toContain('Not signed in yet')
    expect(await page.getByLabel('Password', { exact: true }).count()).toBe(0) // no password beside a provider sign-in
    await box.getByRole('button', { name: /^Sign in with/ }).click()
    await expect.poll(() => box.textContent(), { timeout: 20_000 }).toContain('Signed in')
    expect((await pages[0]).html).toContain('Signed in with')
    await expectAccessible(page, 'oauth-signed-in')
    await page.screenshot({ path: `${screenshots}/oauth-signed-in.png`, fullPage: true, animations: 'disabled' })
    expect(await box.getByRole('button', { name: 'Sign in again' }).count()).toBe(1)

    const sent = await app.services.mail.send({
      accountId: app.services.accounts.list()[0].id,
      to: ['bob@example.test'],
      cc: [],
      bcc: [],
      subject: 'After signing in from the form',
      html: '<p>Hi</p>',
    })
    expect(sent.accepted).toEqual(['bob@example.test'])
    // The token never reached the window.
    const token = smtp.attempts.at(-1)!.token
    expect(await page.content()).not.toContain(token)
    expect(app.pageErrors).toEqual([])
  })

  it('a message waiting for a new sign-in shows "Sign-in needed" and a "Sign in" button in the Outbox, which signs in and sends it', async () => {
    const { page } = app
    const account = app.services.accounts.list().find((a) => a.name === 'Lin')!
    // The user revoked Sendsmith's access at the provider: the stored sign-in is useless now.
    const tokens = await new TokenStore(createKeychain(keytar)).read(account.id)
    await oidc.revoke(tokens!.accessToken)
    await oidc.revoke(tokens!.refreshToken!)
    await app.services.mail.queue({
      accountId: account.id,
      to: ['bob@example.test'],
      cc: [],
      bcc: [],
      subject: 'Waits for Lin to sign in',
      html: '<p>Hi</p>',
    })

    await page.getByRole('tab', { name: 'Outbox' }).click()
    const row = page.getByRole('row', { name: 'Waits for Lin to sign in' })
    await expect.poll(() => row.textContent(), { timeout: 20_000 }).toContain('Sign-in needed')
    expect(await row.textContent()).toMatch(/sign in again/)
    expect(await row.textContent()).toContain('After you sign in')
    await page.screenshot({ path: `${screenshots}/outbox-sign-in-needed.png`, fullPage: true, animations: 'disabled' })
    const browsed = pages.length

    await row.getByRole('button', { name: 'Sign in', exact: true }).click()
    await expect
      .poll(() => smtp.messages.some((m) => m.raw.includes('Subject: Waits for Lin to sign in')), { timeout: 20_000 })
      .toBe(true)
    expect(pages.length).toBe(browsed + 1) // one trip through the browser
    await expect.poll(() => row.count(), { timeout: 10_000 }).toBe(0)
    expect(smtp.attempts.at(-1)).toMatchObject({ ok: true })
    expect(await page.content()).not.toContain(smtp.attempts.at(-1)!.token)
    expect(app.pageErrors).toEqual([])
  })
})
