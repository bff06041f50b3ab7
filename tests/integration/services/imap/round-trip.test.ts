import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Account, AccountInput } from '../../../../shared/contract'
import type { AppServices } from '../../../../electron/services/app-services'
import type { Network } from '../../../../electron/services/net/network'
import { checkConnection } from '../../../../electron/services/smtp/connection-test/connection-check'
import { checkImap } from '../../../../electron/services/imap/check-imap'
import { startDovecot, type DovecotServer } from '../../../helpers/dovecot-test-server'
import { testServices } from '../../../helpers/services'
import { startTestSmtpServer, type TestSmtpServer } from '../../../helpers/smtp-test-server'

const user = 'ada@example.test'
const password = 'roundtrip-Secret-3'
const loopback: Network = {
  lookup: async () => [{ address: '127.0.0.1', family: 4 }],
  resolveSrv: async () => [],
  resolveMx: async () => [],
  fetch: () => Promise.reject(new Error('offline')),
}

let dovecot: DovecotServer
let smtp: TestSmtpServer
let services: AppServices
beforeAll(async () => {
  dovecot = await startDovecot({ users: { [user]: password } })
  smtp = await startTestSmtpServer({ security: 'starttls', users: { [user]: password } })
  services = testServices(undefined, loopback)
})
afterAll(async () => {
  await smtp?.close()
  await dovecot?.close()
})

function input(name: string, overrides: Partial<AccountInput> = {}): AccountInput {
  return {
    name,
    email: user,
    host: 'localhost',
    port: smtp.port,
    security: 'starttls',
    auth: true,
    username: user,
    password,
    allowInsecureAuth: false,
    ca: dovecot.ca,
    imap: { host: 'localhost', port: dovecot.imapsPort, security: 'tls' },
    ...overrides,
  }
}

/** What the receiving MTA adds on top of the message before filing it: the test plays the provider. */
const receivedOnTop = (raw: string) =>
  [
    'Authentication-Results: mx.example.test; spf=pass (sender IP is 127.0.0.1) smtp.mailfrom=example.test;',
    ' dkim=fail (signature did not verify) header.d=example.test header.s=sel1;',
    ' dmarc=fail (p=quarantine) header.from=example.test',
    'Received: from smtp.example.test (smtp.example.test [127.0.0.1])',
    '\tby mx.example.test (Postfix) with ESMTPS id 4Q1xYz',
    '\t(using TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits))',
    '\tfor <ada@example.test>; Mon, 30 Nov 2026 10:00:02 +0000',
    'Received: from laptop ([192.0.2.7]) by smtp.example.test with ESMTPSA id abc; Mon, 30 Nov 2026 10:00:01 +0000',
    raw.replace(/\r?\n/g, '\r\n'),
  ].join('\r\n')

describe('the round trip: send to myself, read it back over IMAP (against dovecot)', () => {
  it('reports the Authentication-Results and Received hops the receiving side wrote, and the delay', async () => {
    const account = await services.accounts.save(input('Round trip'))
    const before = smtp.messages.length
    const running = services.imap.roundTrip(account.id, 30)
    // The test is the provider's MTA: it takes the message over SMTP and files it in the INBOX.
    const [message] = (await smtp.waitForMessages(before + 1)).slice(before)
    expect(message.to).toEqual([user])
    await dovecot.deliver(user, 'INBOX', receivedOnTop(message.raw))
    const report = await running

    expect(report.error).toBeNull()
    expect(report).toMatchObject({ ok: true, folder: 'INBOX', inSpam: false, sentTo: user })
    expect(report.messageId).toBe(message.parsed.messageId)
    expect(report.delayMs).toBeGreaterThanOrEqual(0)
    expect(report.authenticationResults).toEqual([
      {
        authservId: 'mx.example.test',
        verdicts: [
          { method: 'spf', result: 'pass', properties: 'smtp.mailfrom=example.test' },
          { method: 'dkim', result: 'fail', properties: 'header.d=example.test header.s=sel1' },
          { method: 'dmarc', result: 'fail', properties: 'header.from=example.test' },
        ],
      },
    ])
    expect(report.received.map((h) => [h.by, h.with, h.tls])).toEqual([
      ['mx.example.test', 'ESMTPS', 'TLSv1.3 TLS_AES_256_GCM_SHA384'],
      ['smtp.example.test', 'ESMTPSA', 'TLS (cipher not recorded)'],
    ])
  })

  it('says so when the message landed in the spam folder', async () => {
    const account = await services.accounts.save(input('Round trip spam'))
    const before = smtp.messages.length
    const running = services.imap.roundTrip(account.id, 30)
    const [message] = (await smtp.waitForMessages(before + 1)).slice(before)
    await dovecot.deliver(user, 'Junk', message.raw.replace(/\r?\n/g, '\r\n'))
    const report = await running
    expect(report).toMatchObject({ ok: true, folder: 'Junk', inSpam: true })
  })

  it('times out with advice when the message never arrives', async () => {
    const account = await services.accounts.save(input('Round trip lost'))
    const report = await services.imap.roundTrip(account.id, 5)
    expect(report.ok).toBe(false)
    expect(report.error?.code).toBe('TIMEOUT')
    expect(report.error?.message).toContain('did not arrive')
    expect(report.folder).toBeNull()
  })

  it('sends nothing when the IMAP sign-in fails', async () => {
    const account = await services.accounts.save(
      input('Round trip bad imap', {
        imap: { host: 'localhost', port: dovecot.imapsPort, security: 'tls', username: 'nobody@example.test' },
      }),
    )
    const before = smtp.messages.length
    const report = await services.imap.roundTrip(account.id, 5)
    expect(report.error?.code).toBe('AUTH_FAILED')
    expect(smtp.messages.length).toBe(before)
    expect(JSON.stringify(report)).not.toContain(password)
  })
})

describe('the account test gains an IMAP step', () => {
  const run = async (account: Account) =>
    checkConnection(account, password, { network: loopback, rcptTo: [], imap: checkImap })

  it('connects with STARTTLS, signs in and finds the \\Sent folder', async () => {
    const account = await services.accounts.save(
      input('Test step', { imap: { host: 'localhost', port: dovecot.imapPort, security: 'starttls' } }),
    )
    const report = await run(account)
    const step = report.steps.find((s) => s.id === 'imap')!
    expect(step.status).toBe('ok')
    expect(step.summary).toBe(`Signed in as ${user}; Sent folder: Sent`)
    const details = Object.fromEntries(step.details.map((d) => [d.label, d.value]))
    expect(details['Sent folder']).toBe('Sent (found by \\Sent special use)')
    expect(details['TLS']).toMatch(/^TLSv1\.[23] /)
    expect(details['Spam folder']).toBe('Junk')
  })

  it('fails with IMAP advice when nothing listens on the IMAP port', async () => {
    const account = await services.accounts.save(
      input('Test step down', { imap: { host: 'localhost', port: smtp.port + 1, security: 'tls' } }),
    )
    const step = (await run(account)).steps.find((s) => s.id === 'imap')!
    expect(step.status).toBe('failed')
    expect(step.details.find((d) => d.label === 'What to do')?.value).toContain('993')
  })

  it('is skipped for an account without IMAP', async () => {
    const account = await services.accounts.save(input('Test step none', { imap: undefined }))
    expect((await run(account)).steps.find((s) => s.id === 'imap')).toMatchObject({ status: 'skipped' })
  })
})

describe('a Sent folder without the special use', () => {
  let plain: DovecotServer
  beforeAll(async () => {
    plain = await startDovecot({ users: { [user]: password }, sent: { name: 'Sent Items', specialUse: false } })
  })
  afterAll(async () => {
    await plain?.close()
  })

  it('is found by its name', async () => {
    const account = await services.accounts.save(
      input('Named sent', { imap: { host: 'localhost', port: plain.imapsPort, security: 'tls' } }),
    )
    const step = (
      await checkConnection(account, password, { network: loopback, rcptTo: [], imap: checkImap })
    ).steps.find((s) => s.id === 'imap')!
    expect(step.details.find((d) => d.label === 'Sent folder')?.value).toBe('Sent Items (found by its name)')
  })
})
