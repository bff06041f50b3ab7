import keytar from '@github/keytar'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAppServices, type AppServices } from '../../../../electron/services/app-services'
import { createKeychain } from '../../../../electron/services/keychain/keychain'
import { TokenStore } from '../../../../electron/services/keychain/token-store'
import { createFileLogger } from '../../../../electron/services/log/logger'
import { openConfSettings } from '../../../../electron/services/settings/open-conf-settings'
import { startDovecot, type DovecotServer } from '../../../helpers/dovecot-test-server'
import {
  scriptedBrowser,
  startTestOidcProvider,
  testClientId,
  type TestOidcProvider,
} from '../../../helpers/oidc-test-provider'
import { readAllFiles, tempHome } from '../../../helpers/temp-home'
import { startXoauth2SmtpServer, type Xoauth2SmtpServer } from '../../../helpers/xoauth2-smtp-server'

const user = 'ines@example.test'
let oidc: TestOidcProvider
let smtp: Xoauth2SmtpServer
let dovecot: DovecotServer

beforeAll(async () => {
  oidc = await startTestOidcProvider({ accessTokenSeconds: 600 })
  smtp = await startXoauth2SmtpServer(oidc)
  // The mailbox's password is one Sendsmith never learns: only a bearer token can open it.
  dovecot = await startDovecot({
    users: { [user]: `never-given-${Math.random()}` },
    oauth2: { introspectionUrl: oidc.introspectionUrl },
  })
})
afterAll(async () => {
  await dovecot?.close()
  await smtp?.close()
  await oidc?.close()
})

/** The app's services and an OAuth2 account with a copy in Sent over IMAP, signed in. */
async function signedInAccount() {
  const home = tempHome()
  const services = createAppServices({
    dataDir: home,
    settings: openConfSettings(home),
    keychain: createKeychain(keytar),
    logger: createFileLogger(home),
    openBrowser: async (url) => void scriptedBrowser(url, { login: user }),
  })
  await services.oauth.setClient({ provider: 'custom', issuer: oidc.issuer, clientId: testClientId })
  const account = await services.accounts.save({
    name: `Ines ${Math.random().toString(36).slice(2, 6)}`,
    email: user,
    host: 'localhost',
    port: smtp.port,
    security: 'starttls',
    auth: true,
    username: user,
    authMethod: 'XOAUTH2',
    allowInsecureAuth: false,
    ca: dovecot.ca,
    oauth: { provider: 'custom', issuer: oidc.issuer, scope: 'openid offline_access smtp' },
    imap: { host: 'localhost', port: dovecot.imapPort, security: 'starttls' },
    sentCopy: 'always',
  })
  await services.oauth.signIn(account)
  const cleanUp = async () => {
    services.imap.copier.stop()
    for (const a of services.accounts.list()) await services.accounts.delete(a.id)
  }
  return { home, services, account, cleanUp }
}

const send = (services: AppServices, accountId: string, subject: string) =>
  services.mail.send({ accountId, to: ['bob@example.test'], cc: [], bcc: [], subject, html: '<p>Hi</p>' })

/** The sent entry with this subject once its copy is no longer on its first try. */
async function settledCopy(services: AppServices, subject: string) {
  const find = async () => (await services.outbox.sent()).find((e) => e.subject === subject)!
  await expect
    .poll(async () => JSON.stringify((await find()).sentCopy), { timeout: 20_000 })
    .toMatch(/"state":"(saved|failed)"|"lastError"/)
  return find()
}

const tokenStore = new TokenStore(createKeychain(keytar))

describe('the copy in Sent for an account that signs in with OAuth2', () => {
  it('saves the copy over IMAP with the access token (XOAUTH2/OAUTHBEARER), checked by the IMAP server at the provider', async () => {
    const { home, services, account, cleanUp } = await signedInAccount()
    try {
      expect((await send(services, account.id, 'Copied with a token')).accepted).toEqual(['bob@example.test'])
      const entry = await settledCopy(services, 'Copied with a token')
      expect(entry.sentCopy, JSON.stringify(entry.sentCopy)).toMatchObject({ state: 'saved', folder: 'Sent' })
      expect(await dovecot.messageIds(user, 'Sent')).toContain(entry.messageId)

      const token = smtp.attempts.at(-1)!.token
      for (const file of readAllFiles(home)) expect(file.text, file.path).not.toContain(token)
    } finally {
      await cleanUp()
    }
  })

  it('refreshes the token once when the IMAP server refuses it, and says "sign in again" when the provider no longer accepts the sign-in', async () => {
    const { services, account, cleanUp } = await signedInAccount()
    try {
      // The IMAP server is down when the message goes out: the copy waits.
      await dovecot.stop()
      await send(services, account.id, 'Copy after a refresh')
      expect((await settledCopy(services, 'Copy after a refresh')).sentCopy?.state).toBe('waiting')
      // Meanwhile the provider revokes the access token (Sendsmith's clock still calls it fresh).
      const before = (await tokenStore.read(account.id))!
      await oidc.revoke(before.accessToken)
      await dovecot.start()

      const waiting = await settledCopy(services, 'Copy after a refresh')
      const copied = await services.imap.copier.attempt(waiting.id, { force: true })
      expect(copied?.sentCopy, JSON.stringify(copied?.sentCopy)).toMatchObject({ state: 'saved', folder: 'Sent' })
      const after = (await tokenStore.read(account.id))!
      expect(after.accessToken).not.toBe(before.accessToken)
      expect((await oidc.introspect(after.accessToken)).active).toBe(true)

      // Now the sign-in itself is revoked: no refresh can help.
      await dovecot.stop()
      await send(services, account.id, 'Copy without a sign-in')
      await oidc.revoke(after.refreshToken!)
      await oidc.revoke(after.accessToken)
      await dovecot.start()
      const id = (await settledCopy(services, 'Copy without a sign-in')).id
      const refused = await services.imap.copier.attempt(id, { force: true })
      expect(refused?.sentCopy?.lastError).toMatchObject({ code: 'SIGN_IN_REQUIRED' })
      expect(refused?.sentCopy?.detail).toMatch(/sign in again/)
      expect(await services.oauth.status(account)).toMatchObject({ needsSignIn: true })
    } finally {
      await cleanUp()
    }
  }, 60_000) // dovecot is stopped and started twice
})
