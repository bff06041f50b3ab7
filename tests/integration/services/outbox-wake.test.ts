import { afterEach, describe, expect, it } from 'vitest'
import type { AccountInput, SendRequest } from '../../../shared/contract'
import { testServices } from '../../helpers/services'
import { startTestSmtpServer, type TestSmtpServer } from '../../helpers/smtp-test-server'
import { starttlsAccount } from '../../helpers/test-account'

const password = 'wake-Secret-1'
let smtp: TestSmtpServer | undefined
afterEach(async () => {
  await smtp?.close()
  smtp = undefined
})

const message = (accountId: string, subject: string): SendRequest => ({
  accountId,
  to: ['bob@example.test'],
  cc: [],
  bcc: [],
  subject,
  html: `<p>${subject}</p>`,
})

describe('trying waiting mail when the machine wakes or the network returns', () => {
  it('sends a message waiting out its retry backoff at once, and leaves a send-later message for its time', async () => {
    smtp = await startTestSmtpServer({ security: 'starttls', users: { ada: password }, dataReplies: ['tempfail'] })
    const services = testServices()
    const input: AccountInput = starttlsAccount(smtp.port, password)
    const account = await services.accounts.save(input)
    const retry = await services.mail.queue(message(account.id, 'After the outage'))
    const afterFirst = await services.outbox.attempt(retry.id)
    expect(afterFirst).toMatchObject({ state: 'retrying', attempts: 1 })
    expect(Date.parse(afterFirst!.nextAttemptAt!)).toBeGreaterThan(Date.now())
    const later = await services.mail.queueLater({
      message: message(account.id, 'Tomorrow morning'),
      sendAt: new Date(Date.now() + 86_400_000).toISOString(),
    })

    const results = await services.outbox.retryWaitingNow()
    expect(results.map((e) => [e.subject, e.state])).toEqual([['After the outage', 'sent']])
    expect(smtp.messages.map((m) => m.parsed.subject)).toEqual(['After the outage'])
    expect((await services.outbox.list()).find((e) => e.id === later.id)).toMatchObject({ state: 'queued' })
    services.outbox.stop()
  })
})
