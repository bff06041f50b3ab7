import nodemailer from 'nodemailer'
import { afterEach, describe, expect, it } from 'vitest'
import type { AppServices } from '../../../electron/services/app-services'
import { runCliInProcess } from '../../helpers/in-process-cli'
import { testServices } from '../../helpers/services'
import { startTestSmtpServer, type TestSmtpServer } from '../../helpers/smtp-test-server'
import { testCertificate } from '../../helpers/test-certificate'

const password = 'correct horse battery staple'
const cleanup: (() => Promise<void>)[] = []
afterEach(async () => {
  await Promise.all(cleanup.splice(0).map((stop) => stop()))
})

/** The app's services with an account on a second, real SMTP server (STARTTLS and AUTH). */
async function servicesWithRelay(): Promise<{ services: AppServices; relay: TestSmtpServer }> {
  const relay = await startTestSmtpServer({ security: 'starttls', users: { ada: password } })
  cleanup.push(() => relay.close())
  const services = testServices()
  cleanup.push(() => services.inbox.stop())
  await services.accounts.save({
    name: 'Relay',
    email: 'ada@example.test',
    host: 'localhost',
    port: relay.port,
    security: 'starttls',
    auth: true,
    username: 'ada',
    password,
    allowInsecureAuth: false,
    ca: testCertificate().cert,
  })
  return { services, relay }
}

/** Catches one message in the test inbox, sent by nodemailer, and returns its id and raw bytes. */
async function catchOne(services: AppServices) {
  const { port } = await services.inbox.start({ port: 0 })
  await nodemailer.createTransport({ host: '127.0.0.1', port: port!, secure: false, ignoreTLS: true }).sendMail({
    from: 'Newsletter <news@shop.test>',
    to: 'Bob <bob@example.test>',
    subject: 'Spring sale',
    messageId: '<spring-sale-1@shop.test>',
    headers: { 'X-Campaign': 'spring-2026', 'List-Unsubscribe': '<https://shop.test/u/1>' },
    html: '<p>Everything <b>half price</b>.</p>',
  })
  const [summary] = await services.inbox.list()
  return { id: summary.id, raw: (await services.inbox.store.raw(summary.id)).toString('utf8') }
}

describe('sendsmith inbox release', () => {
  it('sends a caught message on through an account: headers as received, envelope new', async () => {
    const { services, relay } = await servicesWithRelay()
    const caught = await catchOne(services)

    const run = await runCliInProcess(
      ['inbox', 'release', caught.id.slice(0, 8), '--account', 'Relay', '--to', 'carol@example.test'],
      services,
    )
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout).toMatch(/Released .* to carol@example.test through Relay/)

    const [received] = await relay.waitForMessages(1)
    expect(received.from).toBe('ada@example.test')
    expect(received.to).toEqual(['carol@example.test'])
    expect(received.authUser).toBe('ada')
    expect(received.parsed.headers.get('x-campaign')).toBe('spring-2026')
    expect(received.parsed.messageId).toBe('<spring-sale-1@shop.test>')
    expect(received.raw).toMatch(/^To: "?Bob"? <bob@example\.test>\r$/m)
    expect(received.raw).toMatch(/^From: "?Newsletter"? <news@shop\.test>\r$/m)
    // Byte for byte: the server's copy is the caught one (smtp-server adds nothing to what it keeps).
    expect(received.raw.replace(/\r\n$/, '')).toBe(caught.raw.replace(/\r\n$/, ''))
    expect(await services.outbox.list()).toEqual([])
  })

  it('names what is wrong: an unknown account, a bad address', async () => {
    const { services, relay } = await servicesWithRelay()
    const caught = await catchOne(services)
    const unknown = await runCliInProcess(
      ['inbox', 'release', caught.id, '--account', 'Nope', '--to', 'c@x.test'],
      services,
    )
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toMatch(/Nope/)
    const bad = await runCliInProcess(
      ['inbox', 'release', caught.id, '--account', 'Relay', '--to', 'not an address'],
      services,
    )
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/not a valid address/)
    expect(relay.messages).toHaveLength(0)
  })
})
