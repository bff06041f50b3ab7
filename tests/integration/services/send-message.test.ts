import { afterEach, describe, expect, it } from 'vitest'
import type { AccountInput } from '../../../shared/contract'
import { SendsmithError } from '../../../electron/services/errors/app-error'
import { secretForms } from '../../../electron/services/errors/redact-secrets'
import { startTestSmtpServer, type TestSmtpServer } from '../../helpers/smtp-test-server'
import { testCertificate } from '../../helpers/test-certificate'
import { testServices } from '../../helpers/services'

const password = 'correct horse battery staple'
let servers: TestSmtpServer[] = []
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()))
  servers = []
})

async function server(options: Parameters<typeof startTestSmtpServer>[0]) {
  const s = await startTestSmtpServer(options)
  servers.push(s)
  return s
}

function account(port: number, overrides: Partial<AccountInput> = {}): AccountInput {
  return {
    name: 'Ada Lovelace',
    email: 'ada@example.test',
    host: 'localhost',
    port,
    security: 'starttls',
    auth: true,
    username: 'ada',
    password,
    allowInsecureAuth: false,
    ca: testCertificate().cert,
    ...overrides,
  }
}

/** Sends and returns the typed error the service threw. */
async function sendError(promise: Promise<unknown>): Promise<SendsmithError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(SendsmithError)
  return error as SendsmithError
}

const message = {
  cc: [],
  bcc: [],
  subject: 'Quarterly report',
  html: '<h1>Hello</h1><p>The <b>numbers</b> are in.</p>',
}

describe('sending through a real SMTP server', () => {
  it('sends over STARTTLS with AUTH PLAIN and the server receives the HTML message', async () => {
    const smtp = await server({ security: 'starttls', users: { ada: password } })
    const services = testServices()
    const saved = await services.accounts.save(account(smtp.port))
    const stages: string[] = []

    const result = await services.mail.send(
      { accountId: saved.id, to: ['Bob <bob@example.test>'], ...message },
      (stage) => stages.push(stage),
    )

    const [received] = await smtp.waitForMessages(1)
    expect(received.authUser).toBe('ada')
    expect(smtp.authAttempts).toEqual([{ method: 'PLAIN', username: 'ada', ok: true }])
    expect(received.parsed.from?.value).toEqual([{ name: 'Ada Lovelace', address: 'ada@example.test' }])
    expect(received.parsed.subject).toBe('Quarterly report')
    expect(received.parsed.html).toContain('<b>numbers</b>')
    expect(received.to).toEqual(['bob@example.test'])
    expect(result.accepted).toEqual(['bob@example.test'])
    expect(result.rejected).toEqual([])
    expect(result.response).toMatch(/^250 /)
    expect(received.parsed.messageId).toBe(result.messageId)
    expect(result.elapsedMs).toBeGreaterThan(0)
    expect(stages.filter((s, i) => s !== stages[i - 1])).toEqual([
      'queued',
      'connecting',
      'authenticating',
      'sending',
      'sent',
    ])
  })

  it('sends over implicit TLS (SSL/TLS) with AUTH LOGIN', async () => {
    const smtp = await server({ security: 'tls', users: { ada: password }, authMethods: ['LOGIN'] })
    const services = testServices()
    const saved = await services.accounts.save(account(smtp.port, { security: 'tls' }))
    await services.mail.send({ accountId: saved.id, to: ['bob@example.test'], ...message })
    const [received] = await smtp.waitForMessages(1)
    expect(smtp.authAttempts).toEqual([{ method: 'LOGIN', username: 'ada', ok: true }])
    expect(received.parsed.subject).toBe('Quarterly report')
  })

  it('sends over a plain connection without authentication', async () => {
    const smtp = await server({ security: 'plain' })
    const services = testServices()
    const saved = await services.accounts.save(
      account(smtp.port, { security: 'none', auth: false, username: '', password: undefined }),
    )
    await services.mail.send({ accountId: saved.id, to: ['bob@example.test'], ...message })
    const [received] = await smtp.waitForMessages(1)
    expect(received.authUser).toBeUndefined()
    expect(received.parsed.html).toContain('<h1>Hello</h1>')
  })

  it('delivers Cc and Bcc through the envelope and writes no Bcc header', async () => {
    const smtp = await server({ security: 'starttls', users: { ada: password } })
    const services = testServices()
    const saved = await services.accounts.save(account(smtp.port))
    await services.mail.send({
      ...message,
      accountId: saved.id,
      to: ['bob@example.test'],
      cc: ['"Carol C." <carol@example.test>'],
      bcc: ['dave@example.test'],
    })
    const [received] = await smtp.waitForMessages(1)
    expect(received.to.sort()).toEqual(['bob@example.test', 'carol@example.test', 'dave@example.test'])
    expect(received.parsed.cc && 'value' in received.parsed.cc ? received.parsed.cc.value : []).toEqual([
      { name: 'Carol C.', address: 'carol@example.test' },
    ])
    expect(received.raw).not.toMatch(/^bcc:/im)
    expect(received.raw).not.toContain('dave@example.test')
  })

  it('reports a refused recipient with the server text while the others are delivered', async () => {
    const smtp = await server({
      security: 'starttls',
      users: { ada: password },
      refuseRecipients: ['nobody@example.test'],
    })
    const services = testServices()
    const saved = await services.accounts.save(account(smtp.port))
    const result = await services.mail.send({
      ...message,
      accountId: saved.id,
      to: ['bob@example.test', 'nobody@example.test'],
    })
    expect(result.accepted).toEqual(['bob@example.test'])
    expect(result.rejected).toEqual([
      { address: 'nobody@example.test', response: expect.stringMatching(/^550 .*User unknown/) },
    ])
    const [received] = await smtp.waitForMessages(1)
    expect(received.to).toEqual(['bob@example.test'])
  })
})

describe('send failures are explained', () => {
  it('a wrong password gives AUTH_FAILED with the app-password hint and never the password', async () => {
    const smtp = await server({ security: 'starttls', users: { ada: 'the real one' } })
    const services = testServices()
    const saved = await services.accounts.save(account(smtp.port))
    const error = await sendError(services.mail.send({ ...message, accountId: saved.id, to: ['bob@example.test'] }))
    expect(error.code).toBe('AUTH_FAILED')
    expect(error.field).toBe('password')
    expect(error.hint).toMatch(/app password/)
    expect(error.response).toMatch(/^535 /)
    const text = JSON.stringify(error.toJSON())
    for (const form of secretForms(password, 'ada')) expect(text).not.toContain(form)
    expect(smtp.messages).toHaveLength(0)
  })

  it('a closed port gives CONNECTION_REFUSED naming host and port', async () => {
    const smtp = await server({ security: 'starttls' })
    const port = smtp.port
    await smtp.close()
    servers = []
    const services = testServices()
    const saved = await services.accounts.save(account(port))
    const error = await sendError(services.mail.send({ ...message, accountId: saved.id, to: ['bob@example.test'] }))
    expect(error.code).toBe('CONNECTION_REFUSED')
    expect(error.message).toContain(`localhost:${port}`)
    expect(error.hint).toMatch(/port/)
  })

  it('a self-signed certificate that the account does not trust is refused', async () => {
    const smtp = await server({ security: 'tls', users: { ada: password } })
    const services = testServices()
    const saved = await services.accounts.save(account(smtp.port, { security: 'tls', ca: undefined }))
    const error = await sendError(services.mail.send({ ...message, accountId: saved.id, to: ['bob@example.test'] }))
    expect(error.code).toBe('CERTIFICATE_INVALID')
    expect(error.message).toMatch(/self[- ]signed/i)
    expect(smtp.authAttempts).toHaveLength(0)
  })

  it('SSL/TLS chosen for a STARTTLS port gives the mismatch advice', async () => {
    const smtp = await server({ security: 'starttls', users: { ada: password } })
    const services = testServices()
    const saved = await services.accounts.save(account(smtp.port, { security: 'tls' }))
    const error = await sendError(services.mail.send({ ...message, accountId: saved.id, to: ['bob@example.test'] }))
    expect(error.code).toBe('TLS_FAILED')
    expect(error.hint).toMatch(/587 with STARTTLS/)
  })

  it('every recipient refused gives RECIPIENT_REFUSED with the server reply', async () => {
    const smtp = await server({
      security: 'starttls',
      users: { ada: password },
      refuseRecipients: ['nobody@example.test'],
    })
    const services = testServices()
    const saved = await services.accounts.save(account(smtp.port))
    const error = await sendError(services.mail.send({ ...message, accountId: saved.id, to: ['nobody@example.test'] }))
    expect(error.code).toBe('RECIPIENT_REFUSED')
    expect(error.message).toContain('nobody@example.test')
    expect(error.response).toMatch(/^550 /)
  })
})
