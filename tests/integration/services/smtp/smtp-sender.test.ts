import { afterEach, describe, expect, it } from 'vitest'
import type { Account, AccountInput } from '../../../../shared/contract'
import { secretAuth, type SmtpAuthProvider } from '../../../../electron/services/smtp/sender/auth-provider'
import { classifyFailure } from '../../../../electron/services/smtp/sender/classify-failure'
import { deliverMessage } from '../../../../electron/services/smtp/sender/deliver-message'
import { smtpAuth } from '../../../../electron/services/smtp/smtp-connection-options'
import { SmtpError, SmtpSender } from '../../../../electron/services/smtp/sender/smtp-sender'
import { systemNetwork } from '../../../../electron/services/net/network'
import { testServices } from '../../../helpers/services'
import { startTestSmtpServer, type TestServerOptions, type TestSmtpServer } from '../../../helpers/smtp-test-server'
import { starttlsAccount } from '../../../helpers/test-account'

const password = 'sender-Secret-1'
let servers: TestSmtpServer[] = []
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()))
  servers = []
})

async function setUp(options: Partial<TestServerOptions> = {}): Promise<{ smtp: TestSmtpServer; account: Account }> {
  const smtp = await startTestSmtpServer({ security: 'starttls', users: { ada: password }, ...options })
  servers.push(smtp)
  const input: AccountInput = starttlsAccount(smtp.port, password)
  return { smtp, account: await testServices().accounts.save(input) }
}

const network = systemNetwork()
const raw = (subject: string) =>
  Buffer.from(`From: ada@example.test\r\nTo: bob@example.test\r\nSubject: ${subject}\r\n\r\nHello\r\n`)
const names = (smtp: TestSmtpServer) => smtp.commands.map((c) => c.command)
const noHook = { beforeFinalDot: async () => {} }

describe('the SMTP sender', () => {
  it('carries two transactions over one session and ends it with QUIT', async () => {
    const { smtp, account } = await setUp()
    const sender = await SmtpSender.open(account, { network, auth: secretAuth(password) })
    const first = await sender.send({ from: account.email, to: ['bob@example.test'] }, raw('One'), noHook)
    const second = await sender.send({ from: account.email, to: ['carol@example.test'] }, raw('Two'), noHook)
    await sender.quit()

    expect(first.response).toMatch(/^250 /)
    expect(second.recipients).toEqual([{ address: 'carol@example.test', accepted: true, response: '250' }])
    expect(smtp.messages.map((m) => m.parsed.subject)).toEqual(['One', 'Two'])
    expect(new Set(smtp.commands.map((c) => c.cid)).size).toBe(1)
    expect(names(smtp).at(-1)).toBe('QUIT')
    expect(names(smtp)).not.toContain('RSET')
  })

  it('waits for the point-of-no-return hook, with the accepted recipients, before the final "."', async () => {
    const { smtp, account } = await setUp({
      rcptReply: (address) =>
        address === 'nobody@example.test' ? { code: 550, message: '5.1.1 No such user' } : undefined,
    })
    const sender = await SmtpSender.open(account, { network, auth: secretAuth(password) })
    const seen: { accepted: string[]; messagesAtHook: number }[] = []
    const result = await sender.send(
      { from: account.email, to: ['bob@example.test', 'nobody@example.test'] },
      raw('Hook'),
      { beforeFinalDot: async (accepted) => void seen.push({ accepted, messagesAtHook: smtp.messages.length }) },
    )
    await sender.quit()
    expect(seen).toEqual([{ accepted: ['bob@example.test'], messagesAtHook: 0 }])
    expect(result.recipients).toMatchObject([
      { address: 'bob@example.test', accepted: true },
      { address: 'nobody@example.test', accepted: false, responseCode: 550, response: expect.stringMatching(/^550 /) },
    ])
    expect(smtp.deliveries()).toEqual(['bob@example.test'])
  })

  it('every recipient refused is a reply per recipient, and the next transaction starts with RSET', async () => {
    const { smtp, account } = await setUp({
      rcptReply: (address) =>
        address === 'grey@example.test' ? { code: 450, message: '4.2.0 Greylisted' } : undefined,
    })
    const sender = await SmtpSender.open(account, { network, auth: secretAuth(password) })
    const refused = await sender.send({ from: account.email, to: ['grey@example.test'] }, raw('Grey'), noHook)
    const next = await sender.send({ from: account.email, to: ['bob@example.test'] }, raw('Next'), noHook)
    await sender.quit()
    expect(refused).toEqual({
      recipients: [
        { address: 'grey@example.test', accepted: false, responseCode: 450, response: '450 4.2.0 Greylisted' },
      ],
    })
    expect(next.response).toMatch(/^250 /)
    expect(names(smtp).filter((c) => ['MAIL', 'RSET', 'QUIT'].includes(c))).toEqual(['MAIL', 'RSET', 'MAIL', 'QUIT'])
  })

  it('a 451 after the final "." is an SmtpError with the reply: temporary, not uncertain', async () => {
    const { account } = await setUp({ dataReplies: ['tempfail'] })
    const sender = await SmtpSender.open(account, { network, auth: secretAuth(password) })
    const error = await sender
      .send({ from: account.email, to: ['bob@example.test'] }, raw('Later'), noHook)
      .catch((e: unknown) => e)
    await sender.quit()
    expect(error).toBeInstanceOf(SmtpError)
    expect(error).toMatchObject({ stage: 'after-data', afterFinalDot: true, responseCode: 451 })
    expect(classifyFailure(error, 'MESSAGE_REFUSED')).toEqual({ kind: 'temporary', slowDown: true })
  })

  it('a connection dropped after the final "." is uncertain', async () => {
    const { account } = await setUp({ dataReplies: ['drop'] })
    const sender = await SmtpSender.open(account, { network, auth: secretAuth(password) })
    const error = await sender
      .send({ from: account.email, to: ['bob@example.test'] }, raw('Gone'), noHook)
      .catch((e: unknown) => e)
    sender.close()
    expect(error).toMatchObject({ afterFinalDot: true, reachedPointOfNoReturn: true })
    expect(classifyFailure(error, 'CONNECTION_LOST').kind).toBe('uncertain')
  })

  it('asks the auth provider once more after a refused login (where a token provider refreshes)', async () => {
    const { smtp, account } = await setUp()
    const asked: (string | undefined)[] = []
    const refreshing: SmtpAuthProvider = {
      login: async (acc, refused) => {
        asked.push(refused?.response)
        return smtpAuth(acc, refused ? password : 'stale-token')
      },
    }
    const sender = await SmtpSender.open(account, { network, auth: refreshing })
    await sender.quit()
    expect(asked).toEqual([undefined, expect.stringMatching(/^535 /)])
    expect(smtp.authAttempts.map((a) => a.ok)).toEqual([false, true])

    const refusal = await SmtpSender.open(account, { network, auth: secretAuth('wrong') }).catch((e: unknown) => e)
    expect(refusal).toMatchObject({ stage: 'auth', responseCode: 535 })
  })
})

describe('deliverMessage', () => {
  it('452 after 100 of 200 recipients: the rest go in a second transaction on the same session, each once', async () => {
    const { smtp, account } = await setUp({
      rcptReply: (_address, { accepted }) =>
        accepted >= 100 ? { code: 452, message: '4.5.3 Error: too many recipients' } : undefined,
    })
    const to = Array.from({ length: 200 }, (_, i) => `r${i}@example.test`)
    const rounds: number[] = []
    const delivery = await deliverMessage(
      account,
      secretAuth(password),
      network,
      { from: account.email, to },
      raw('Many'),
      {
        beforeFinalDot: async (accepted) => void rounds.push(accepted.length),
      },
    )
    expect(rounds).toEqual([100, 100])
    expect(delivery.recipients.filter((r) => r.state === 'accepted')).toHaveLength(200)
    expect(smtp.deliveries().sort()).toEqual([...to].sort())
    expect(new Set(smtp.commands.map((c) => c.cid)).size).toBe(1)
    expect(names(smtp).at(-1)).toBe('QUIT')
  })

  it('450 for one of two recipients: the other is accepted, the greylisted one waits', async () => {
    const { smtp, account } = await setUp({
      rcptReply: (address) =>
        address === 'grey@example.test' ? { code: 450, message: '4.2.0 Greylisted' } : undefined,
    })
    const delivery = await deliverMessage(
      account,
      secretAuth(password),
      network,
      { from: account.email, to: ['bob@example.test', 'grey@example.test'] },
      raw('Grey'),
      noHook,
    )
    expect(delivery.recipients).toMatchObject([
      { address: 'bob@example.test', state: 'accepted' },
      { address: 'grey@example.test', state: 'waiting', responseCode: 450 },
    ])
    expect(smtp.deliveries()).toEqual(['bob@example.test'])
  })
})
