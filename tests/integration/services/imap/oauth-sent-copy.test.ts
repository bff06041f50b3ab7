import keytar from '@github/keytar'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAppServices } from '../../../../electron/services/app-services'
import { createKeychain } from '../../../../electron/services/keychain/keychain'
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

describe('the copy in Sent for an account that signs in with OAuth2', () => {
  it('saves the copy over IMAP with the access token (XOAUTH2/OAUTHBEARER), checked by the IMAP server at the provider', async () => {
    const home = tempHome()
    const services = createAppServices({
      dataDir: home,
      settings: openConfSettings(home),
      keychain: createKeychain(keytar),
      logger: createFileLogger(home),
      openBrowser: async (url) => void scriptedBrowser(url, { login: user }),
    })
    try {
      await services.oauth.setClient({ provider: 'custom', issuer: oidc.issuer, clientId: testClientId })
      const account = await services.accounts.save({
        name: 'Ines',
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

      const sent = await services.mail.send({
        accountId: account.id,
        to: ['bob@example.test'],
        cc: [],
        bcc: [],
        subject: 'Copied with a token',
        html: '<p>Hi</p>',
      })
      expect(sent.accepted).toEqual(['bob@example.test'])
      // The copier takes the copy right after the send (the outbox's after-accepted step).
      const copied = async () => (await services.outbox.sent()).find((e) => e.subject === 'Copied with a token')!
      await expect
        .poll(async () => JSON.stringify((await copied()).sentCopy), { timeout: 20_000 })
        .toMatch(/"state":"(saved|failed)"|"lastError"/)
      const entry = await copied()
      expect(entry.sentCopy, JSON.stringify(entry.sentCopy)).toMatchObject({ state: 'saved', folder: 'Sent' })
      expect(await dovecot.messageIds(user, 'Sent')).toContain(entry.messageId)

      const token = smtp.attempts.at(-1)!.token
      for (const file of readAllFiles(home)) expect(file.text, file.path).not.toContain(token)
    } finally {
      services.imap.copier.stop()
      for (const account of services.accounts.list()) await services.accounts.delete(account.id)
    }
  })
})
