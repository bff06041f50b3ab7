import nodemailer from 'nodemailer'
import { afterEach, describe, expect, it } from 'vitest'
import { parseFault } from '../../../../electron/services/inbox/fault-injection'
import { LocalInbox, type InboxServeOptions } from '../../../../electron/services/inbox/local-inbox'
import { createFileLogger } from '../../../../electron/services/log/logger'
import { tempHome } from '../../../helpers/temp-home'
import { sendWithPython } from './python-smtp-client'

const running: LocalInbox[] = []
afterEach(async () => {
  await Promise.all(running.splice(0).map((inbox) => inbox.stop()))
})

/** A test inbox on a free port that injects the given faults (written as on the command line). */
async function inboxWith(faults: string[], options: Partial<InboxServeOptions> = {}) {
  const home = tempHome()
  const inbox = new LocalInbox({ dataDir: home, logger: createFileLogger(home) })
  running.push(inbox)
  const status = await inbox.start({ port: 0, faults: faults.map(parseFault), ...options })
  return { inbox, port: status.port! }
}

type NodemailerError = Error & { code?: string; responseCode?: number; response?: string }

/** Sends one message with nodemailer; resolves with its info or the error it failed with. */
async function sendWithNodemailer(port: number, to: string[], auth?: { user: string; pass: string }) {
  const transport = nodemailer.createTransport({
    host: '127.0.0.1',
    port,
    secure: false,
    ignoreTLS: true,
    connectionTimeout: 20_000,
    ...(auth && { auth }),
  })
  try {
    return { info: await transport.sendMail({ from: 'ada@example.test', to, subject: 'Hi', text: 'Hello' }) }
  } catch (error) {
    return { error: error as NodemailerError }
  } finally {
    transport.close()
  }
}

describe('test inbox fault injection, seen by nodemailer and Python smtplib', () => {
  it('connect:421 answers the connection with 421 and closes it', async () => {
    const { inbox, port } = await inboxWith(['connect:421'])
    const node = await sendWithNodemailer(port, ['bob@example.test'])
    expect(node.error?.responseCode).toBe(421)
    expect(node.error?.response).toMatch(/^421 .*Service not available/)
    const [python] = await sendWithPython({ port, from: 'ada@example.test', to: ['bob@example.test'] })
    expect(python).toMatchObject({ ok: false, error: 'SMTPConnectError', code: 421 })
    expect(await inbox.list()).toHaveLength(0)
  })

  it('connect:drop closes the connection without a greeting', async () => {
    const { port } = await inboxWith(['connect:drop'])
    const node = await sendWithNodemailer(port, ['bob@example.test'])
    expect(node.error?.code).toMatch(/ECONNECTION|ESOCKET/)
    expect(node.error?.responseCode).toBeUndefined()
    const [python] = await sendWithPython({ port, from: 'ada@example.test', to: ['bob@example.test'] })
    expect(python).toMatchObject({ ok: false, error: 'SMTPServerDisconnected' })
  })

  it('ehlo:554 refuses EHLO and HELO', async () => {
    const { port } = await inboxWith(['ehlo:554 No greetings today'])
    const node = await sendWithNodemailer(port, ['bob@example.test'])
    expect(node.error?.responseCode).toBe(554)
    expect(node.error?.response).toMatch(/No greetings today/)
    const [python] = await sendWithPython({ port, from: 'ada@example.test', to: ['bob@example.test'] })
    expect(python).toMatchObject({ ok: false, error: 'SMTPHeloError', code: 554 })
  })

  it('auth:535 refuses every login', async () => {
    const { port } = await inboxWith(['auth:535'], { auth: { mode: 'any' } })
    const node = await sendWithNodemailer(port, ['bob@example.test'], { user: 'ada', pass: 'secret' })
    expect(node.error?.code).toBe('EAUTH')
    expect(node.error?.responseCode).toBe(535)
    const [python] = await sendWithPython({
      port,
      from: 'ada@example.test',
      to: ['bob@example.test'],
      user: 'ada',
      password: 'secret',
    })
    expect(python).toMatchObject({ ok: false, error: 'SMTPAuthenticationError', code: 535 })
  })

  it('mail:451 refuses the sender for now', async () => {
    const { port } = await inboxWith(['mail:451 Try again later'])
    const node = await sendWithNodemailer(port, ['bob@example.test'])
    expect(node.error?.responseCode).toBe(451)
    const [python] = await sendWithPython({ port, from: 'ada@example.test', to: ['bob@example.test'] })
    expect(python).toMatchObject({ ok: false, error: 'SMTPSenderRefused', code: 451 })
    expect(python.text).toMatch(/Try again later/)
  })

  it('rcpt:450:grey* greylists matching recipients only; the others get the message', async () => {
    const { inbox, port } = await inboxWith(['rcpt:450:grey*'])
    const node = await sendWithNodemailer(port, ['grey@example.test', 'bob@example.test'])
    expect(node.info?.accepted).toEqual(['bob@example.test'])
    expect(node.info?.rejected).toEqual(['grey@example.test'])
    const [python] = await sendWithPython({
      port,
      from: 'ada@example.test',
      to: ['greylisted@example.test', 'carol@example.test'],
    })
    expect(python.ok).toBe(true)
    expect(Object.keys(python.refused ?? {})).toEqual(['greylisted@example.test'])
    expect(python.refused?.['greylisted@example.test'][0]).toBe(450)
    const stored = await inbox.list()
    expect(stored.map((m) => m.envelope.to)).toEqual([['carol@example.test'], ['bob@example.test']])
  })

  it('data:451:50% refuses about half of the messages after DATA, and stores the rest', async () => {
    const { inbox, port } = await inboxWith(['data:451:50%'])
    const results = []
    for (let i = 0; i < 24; i++) results.push(await sendWithNodemailer(port, ['bob@example.test']))
    const refused = results.filter((r) => r.error?.responseCode === 451).length
    expect(refused).toBeGreaterThan(0)
    expect(refused).toBeLessThan(24)
    const python = await sendWithPython({ port, from: 'ada@example.test', to: ['bob@example.test'], count: 16 })
    const pythonRefused = python.filter((r) => r.error === 'SMTPDataError' && r.code === 451).length
    expect(pythonRefused).toBeGreaterThan(0)
    expect(pythonRefused).toBeLessThan(16)
    expect(await inbox.list()).toHaveLength(24 - refused + 16 - pythonRefused)
  })

  it('data:drop hangs up after the message, which is not stored', async () => {
    const { inbox, port } = await inboxWith(['data:drop'])
    const node = await sendWithNodemailer(port, ['bob@example.test'])
    expect(node.error?.code).toMatch(/ECONNECTION|ESOCKET|EPROTOCOL/)
    const [python] = await sendWithPython({ port, from: 'ada@example.test', to: ['bob@example.test'] })
    expect(python).toMatchObject({ ok: false, error: 'SMTPServerDisconnected' })
    expect(await inbox.list()).toHaveLength(0)
  })

  it('rcpt:delay=1500 answers RCPT late, then normally', async () => {
    const { inbox, port } = await inboxWith(['rcpt:delay=1500'])
    let started = performance.now()
    const node = await sendWithNodemailer(port, ['bob@example.test'])
    expect(node.info?.accepted).toEqual(['bob@example.test'])
    expect(performance.now() - started).toBeGreaterThanOrEqual(1400)
    started = performance.now()
    const [python] = await sendWithPython({ port, from: 'ada@example.test', to: ['bob@example.test'] })
    expect(python.ok).toBe(true)
    expect(performance.now() - started).toBeGreaterThanOrEqual(1400)
    expect(await inbox.list()).toHaveLength(2)
  })
})
