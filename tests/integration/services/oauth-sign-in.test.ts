import keytar from '@github/keytar'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { Account, AccountInput, SendRequest } from '../../../shared/contract'
import { createAppServices, type AppServices } from '../../../electron/services/app-services'
import { toAppError } from '../../../electron/services/errors/to-app-error'
import { createKeychain, keychainService } from '../../../electron/services/keychain/keychain'
import { TokenStore } from '../../../electron/services/keychain/token-store'
import { createFileLogger } from '../../../electron/services/log/logger'
import { sendWaitingAfterSignIn } from '../../../electron/services/oauth/send-waiting'
import { openConfSettings } from '../../../electron/services/settings/open-conf-settings'
import {
  scriptedBrowser,
  startTestOidcProvider,
  testClientId,
  type BrowserResult,
  type TestOidcProvider,
} from '../../helpers/oidc-test-provider'
import { readAllFiles, tempHome } from '../../helpers/temp-home'
import { testCertificate } from '../../helpers/test-certificate'
import { startXoauth2SmtpServer, type Xoauth2SmtpServer } from '../../helpers/xoauth2-smtp-server'

const user = 'ada@example.test'
let oidc: TestOidcProvider
let smtp: Xoauth2SmtpServer

beforeAll(async () => {
  oidc = await startTestOidcProvider({ accessTokenSeconds: 600 })
  smtp = await startXoauth2SmtpServer(oidc)
})
afterAll(async () => {
  await smtp?.close()
  await oidc?.close()
})

/** The app's services with a clock the test moves, and a "browser" that signs in as the script says. */
function setUp(browse: { consent?: 'allow' | 'deny'; rewriteRedirect?: (url: URL) => URL; open?: boolean } = {}) {
  const home = tempHome()
  const clock = { now: Date.now() }
  const pages: Promise<BrowserResult>[] = []
  const services = createAppServices({
    dataDir: home,
    settings: openConfSettings(home),
    keychain: createKeychain(keytar),
    logger: createFileLogger(home),
    clock: () => new Date(clock.now),
    openBrowser: async (url) => {
      if (browse.open === false) return // the user closed the tab: nothing comes back
      pages.push(
        scriptedBrowser(url, { login: user, consent: browse.consent, rewriteRedirect: browse.rewriteRedirect }),
      )
    },
  })
  return { home, clock, pages, services }
}

async function addAccount(services: AppServices, port = smtp.port): Promise<Account> {
  await services.oauth.setClient({ provider: 'custom', issuer: oidc.issuer, clientId: testClientId })
  const input: AccountInput = {
    name: `Ada ${Math.random().toString(36).slice(2, 8)}`,
    email: user,
    host: 'localhost',
    port,
    security: 'starttls',
    auth: true,
    username: user,
    authMethod: 'XOAUTH2',
    allowInsecureAuth: false,
    ca: testCertificate().cert,
    oauth: { provider: 'custom', issuer: oidc.issuer, scope: 'openid offline_access smtp' },
  }
  return services.accounts.save(input)
}

const message = (accountId: string, subject: string): SendRequest => ({
  accountId,
  to: ['bob@example.test'],
  cc: [],
  bcc: [],
  subject,
  html: `<p>${subject}</p>`,
})

async function storedTokens(accountId: string) {
  const entries = await keytar.findCredentials(keychainService)
  return entries.filter((e) => e.account.startsWith(`oauth:${accountId}`))
}

const created: AppServices[] = []
afterEach(async () => {
  for (const services of created.splice(0)) {
    for (const account of services.accounts.list()) await services.accounts.delete(account.id)
  }
})

describe('OAuth2 sign-in (RFC 8252) against a real OpenID provider', () => {
  it('signs in through the browser, keeps the tokens only in the keychain, and sends with XOAUTH2', async () => {
    const { services, pages, home } = setUp()
    created.push(services)
    const account = await addAccount(services)
    expect((await services.oauth.status(account)).signedIn).toBe(false)

    const status = await services.oauth.signIn(account)
    expect(status).toMatchObject({ signedIn: true, needsSignIn: false })
    const page = await pages[0]
    expect(page.status).toBe(200)
    expect(page.html).toContain('Signed in with')
    expect(page.csp).toMatch(/default-src 'none'/)
    expect(page.csp).not.toMatch(/unsafe-inline|script-src/)

    const result = await services.mail.send(message(account.id, 'Signed in'))
    expect(result.accepted).toEqual(['bob@example.test'])
    const attempt = smtp.attempts.at(-1)!
    expect(attempt).toMatchObject({ username: user, ok: true })
    expect(smtp.messages.at(-1)?.raw).toContain('Subject: Signed in')

    // The token is in the keychain and nowhere in the data folder (settings, outbox, sent, logs).
    expect((await storedTokens(account.id)).length).toBeGreaterThan(1)
    for (const file of readAllFiles(home)) expect(file.text, file.path).not.toContain(attempt.token)
    // Nor in what the renderer sees of the account or its status.
    expect(JSON.stringify([services.accounts.list(), status])).not.toContain(attempt.token)
  })

  it('refreshes the access token before it expires and sends with the new one', async () => {
    const { services, clock } = setUp()
    created.push(services)
    const account = await addAccount(services)
    await services.oauth.signIn(account)
    await services.mail.send(message(account.id, 'Before expiry'))
    const first = smtp.attempts.at(-1)!.token

    clock.now += 3600_000 // an hour later, the stored token has expired (by Sendsmith's clock)
    await services.mail.send(message(account.id, 'After expiry'))
    const second = smtp.attempts.at(-1)!
    expect(second.ok).toBe(true)
    expect(second.token).not.toBe(first)
    expect((await oidc.introspect(second.token)).active).toBe(true)
  })

  it('gets a fresh token once when the server refuses the stored one, and the message goes out', async () => {
    const { services } = setUp()
    created.push(services)
    const account = await addAccount(services)
    await services.oauth.signIn(account)
    await services.mail.send(message(account.id, 'First'))
    const refused = smtp.attempts.at(-1)!.token
    await oidc.revoke(refused) // the provider revoked the access token; Sendsmith's clock says it is still good

    await services.mail.send(message(account.id, 'Retried with a fresh token'))
    const last = smtp.attempts.slice(-2)
    expect(last.map((a) => a.ok)).toEqual([false, true])
    expect(last[0].token).toBe(refused)
    expect(smtp.messages.at(-1)?.raw).toContain('Subject: Retried with a fresh token')
  })

  it('asks to sign in again when the refresh token is revoked, keeping the message in the outbox', async () => {
    const { services, clock, pages } = setUp()
    created.push(services)
    const account = await addAccount(services)
    await services.oauth.signIn(account)
    const tokens = await new TokenStore(createKeychain(keytar)).read(account.id)
    await oidc.revoke(tokens!.refreshToken!)
    clock.now += 3600_000

    const queued = await services.mail.queue(message(account.id, 'Waits for sign-in'))
    const after = await services.outbox.attempt(queued.id)
    expect(after?.state).toBe('retrying')
    expect(after?.lastError).toMatchObject({ code: 'SIGN_IN_REQUIRED' })
    expect(after?.lastError?.message).toMatch(/sign in again/i)
    expect((await services.outbox.list()).map((e) => e.id)).toContain(queued.id)
    expect(await services.oauth.status(account)).toMatchObject({ signedIn: false, needsSignIn: true })
    expect(await storedTokens(account.id)).toEqual([])

    // "Sign in again", and the waiting message goes out at once.
    await services.oauth.signIn(account)
    await pages[1]
    expect(await sendWaitingAfterSignIn(services.outbox, account.id)).toBe(1)
    expect((await services.outbox.sent()).map((e) => e.subject)).toContain('Waits for sign-in')
    expect(smtp.messages.at(-1)?.raw).toContain('Subject: Waits for sign-in')
  })

  it('keeps the message as "sign-in needed" when the server refuses even the refreshed token', async () => {
    const { services } = setUp()
    created.push(services)
    const account = await addAccount(services)
    await services.oauth.signIn(account)
    const before = smtp.attempts.length
    smtp.refuseTokens = true
    const queued = await services.mail.queue(message(account.id, 'Refused twice'))
    let after
    try {
      after = await services.outbox.attempt(queued.id)
    } finally {
      smtp.refuseTokens = false
    }
    // The stored token, then one refreshed token, and no more (nodemailer itself repeats a token
    // once after the 334 error challenge, so each may arrive twice).
    const tries = smtp.attempts.slice(before)
    const tokens = [...new Set(tries.map((t) => t.token))]
    expect(tokens).toHaveLength(2)
    expect(tries.length).toBeLessThanOrEqual(4)
    expect(tries.every((t) => !t.ok)).toBe(true)
    expect(after?.state).toBe('retrying')
    expect(after?.lastError).toMatchObject({ code: 'SIGN_IN_REQUIRED', response: expect.stringContaining('535') })
    expect(after?.lastError?.message).toMatch(/even with a fresh token: sign in again/)
    expect(await services.oauth.status(account)).toMatchObject({ signedIn: true, needsSignIn: true })

    await services.oauth.signIn(account)
    expect(await sendWaitingAfterSignIn(services.outbox, account.id)).toBe(1)
    expect(smtp.messages.at(-1)?.raw).toContain('Subject: Refused twice')
  })

  it('explains 535 5.7.139 (SMTP AUTH off for the tenant) without a pointless refresh, keeping the message', async () => {
    const tenantOff = await startXoauth2SmtpServer(oidc, {
      refuseAllWith: '5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant.',
    })
    try {
      const { services } = setUp()
      created.push(services)
      const account = await addAccount(services, tenantOff.port)
      await services.oauth.signIn(account)
      const queued = await services.mail.queue(message(account.id, 'Tenant says no'))
      const after = await services.outbox.attempt(queued.id)
      expect(tenantOff.attempts).toHaveLength(1) // one try: a fresh token cannot change an admin setting
      expect(after?.state).toBe('failed')
      expect(after?.lastError?.message).toMatch(/SMTP AUTH turned off/)
      expect(after?.lastError?.hint).toMatch(/Authenticated SMTP/)
      expect((await services.outbox.list()).map((e) => e.id)).toContain(queued.id)
    } finally {
      await tenantOff.close()
    }
  })

  it('refuses an answer whose state does not match this sign-in', async () => {
    const { services, pages } = setUp({
      rewriteRedirect: (url) => {
        url.searchParams.set('state', 'forged-state')
        return url
      },
    })
    created.push(services)
    const account = await addAccount(services)
    const error = await services.oauth.signIn(account).catch((e: unknown) => toAppError(e))
    expect(error).toMatchObject({ code: 'SIGN_IN_FAILED' })
    expect((error as { message: string }).message).toMatch(/state does not match/)
    expect((await pages[0]).html).toContain('Sign-in failed')
    expect(await storedTokens(account.id)).toEqual([])
  })

  it('refuses an answer that names another issuer (RFC 9207 mix-up defence)', async () => {
    const { services } = setUp({
      rewriteRedirect: (url) => {
        url.searchParams.set('iss', 'https://attacker.example')
        return url
      },
    })
    created.push(services)
    const account = await addAccount(services)
    const error = await services.oauth.signIn(account).catch((e: unknown) => toAppError(e))
    expect(error).toMatchObject({ code: 'SIGN_IN_FAILED' })
    expect((error as { message: string }).message).toMatch(/issuer does not match/)
    expect(await storedTokens(account.id)).toEqual([])
  })

  it('explains a denied consent', async () => {
    const { services, pages } = setUp({ consent: 'deny' })
    created.push(services)
    const account = await addAccount(services)
    const error = await services.oauth.signIn(account).catch((e: unknown) => toAppError(e))
    expect(error).toMatchObject({ code: 'SIGN_IN_FAILED', response: expect.stringContaining('access_denied') })
    expect((error as { message: string }).message).toMatch(/was declined/)
    expect((await pages[0]).html).toContain('declined')
  })

  it('stops waiting when the sign-in is cancelled or times out (the tab was closed)', async () => {
    const { services } = setUp({ open: false })
    created.push(services)
    const account = await addAccount(services)
    const waiting = services.oauth.signIn(account).catch((e: unknown) => toAppError(e))
    // Cancel as soon as the sign-in is waiting for the browser.
    while (!services.oauth.cancelSignIn(account.id).cancelled) await new Promise((r) => setImmediate(r))
    expect(await waiting).toMatchObject({ code: 'SIGN_IN_FAILED', message: 'The sign-in was cancelled' })

    const timedOut = await services.oauth.signIn(account, { timeoutMs: 50 }).catch((e: unknown) => toAppError(e))
    expect(timedOut).toMatchObject({ code: 'SIGN_IN_FAILED', message: expect.stringMatching(/timed out/) })
  })
})
