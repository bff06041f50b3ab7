import { describe, expect, it } from 'vitest'
import { checkConnection } from '../../../../electron/services/smtp/connection-test/connection-check'
import { testCertificate } from '../../../helpers/test-certificate'
import { account, password, server, sha256Of, statuses, testOptions } from './fixtures'

describe('Test account settings: a working account', () => {
  it('passes step by step over STARTTLS with AUTH PLAIN, showing capabilities and the certificate', async () => {
    const smtp = await server({ security: 'starttls', users: { ada: password }, size: 10 * 1024 * 1024 })
    const options = testOptions()

    const report = await checkConnection(account(smtp.port), password, options)

    expect(report.error).toBeNull()
    expect(report.ok).toBe(true)
    expect(statuses(report.steps)).toEqual([
      ['resolve', 'ok'],
      ['connect', 'ok'],
      ['tls', 'ok'],
      ['ehlo', 'ok'],
      ['auth', 'ok'],
      ['envelope', 'skipped'],
      ['message', 'skipped'],
      ['imap', 'skipped'],
    ])
    // Each step that ran was announced as running first, then finished.
    expect(options.events.map((e) => `${e.id}:${e.status}`).slice(0, 10)).toEqual([
      'resolve:running',
      'resolve:ok',
      'connect:running',
      'connect:ok',
      'tls:running',
      'tls:ok',
      'ehlo:running',
      'ehlo:ok',
      'auth:running',
      'auth:ok',
    ])
    const step = Object.fromEntries(report.steps.map((s) => [s.id, s]))
    expect(step.resolve.summary).toBe('127.0.0.1')
    expect(step.connect.summary).toContain(`127.0.0.1:${smtp.port}`)
    expect(step.connect.details).toContainEqual({
      label: 'Greeting',
      value: expect.stringMatching(/^220 .*Sendsmith test server/),
    })
    expect(step.tls.summary).toMatch(/^TLSv1\.[23] \S+/)
    expect(step.auth.summary).toMatch(/^235 .*\(PLAIN\)$/)
    expect(smtp.authAttempts).toEqual([{ method: 'PLAIN', username: 'ada', ok: true }])

    expect(report.capabilities).toMatchObject({
      size: 10 * 1024 * 1024,
      authMechanisms: ['PLAIN', 'LOGIN'],
      startTls: true, // offered before the upgrade, which the EHLO after TLS no longer lists
      pipelining: true,
      eightBitMime: true,
      smtpUtf8: true,
    })
    expect(step.ehlo.summary).toBe('SIZE 10 MB, AUTH PLAIN LOGIN, STARTTLS, PIPELINING, 8BITMIME, SMTPUTF8')

    expect(report.certificate).toMatchObject({
      subject: 'CN=localhost',
      issuer: 'CN=localhost',
      fingerprint: sha256Of(testCertificate().cert),
      selfSigned: true,
      hostnameMatches: true,
      trust: 'ca',
      subjectAltNames: expect.arrayContaining(['DNS:localhost', 'IP:127.0.0.1']),
    })
    expect(report.certificate?.untrustedReason).toBeUndefined()
    expect(Date.parse(report.certificate!.validTo)).toBeGreaterThan(Date.now())

    const lines = report.transcript.map((l) => `${l.direction} ${l.text}`)
    expect(lines).toContain('client STARTTLS')
    expect(lines.some((l) => /^info TLS started: TLSv1/.test(l))).toBe(true)
    expect(lines).toContain('client AUTH PLAIN [credentials redacted]')
    expect(lines.filter((l) => l.startsWith('client EHLO '))).toHaveLength(2)
    // Multi-line replies come one line each, as the server sent them.
    expect(lines).toContain('server 250-PIPELINING')
    expect(lines.at(-2)).toBe('client QUIT')
    expect(lines.at(-1)).toMatch(/^server 221 /)
    expect(report.transcript.every((l, i, all) => i === 0 || l.atMs >= all[i - 1].atMs)).toBe(true)
  })

  it('passes over SSL/TLS (implicit TLS) with AUTH LOGIN, redacting both continuation lines', async () => {
    const smtp = await server({ security: 'tls', users: { ada: password }, authMethods: ['LOGIN'] })
    const report = await checkConnection(account(smtp.port, { security: 'tls' }), password, testOptions())

    expect(report.ok).toBe(true)
    expect(statuses(report.steps).slice(0, 5)).toEqual([
      ['resolve', 'ok'],
      ['connect', 'ok'],
      ['tls', 'ok'],
      ['ehlo', 'ok'],
      ['auth', 'ok'],
    ])
    expect(smtp.authAttempts).toEqual([{ method: 'LOGIN', username: 'ada', ok: true }])
    expect(report.capabilities).toMatchObject({ authMechanisms: ['LOGIN'], startTls: false })
    expect(report.certificate?.fingerprint).toBe(sha256Of(testCertificate().cert))
    const client = report.transcript.filter((l) => l.direction === 'client').map((l) => l.text)
    const auth = client.indexOf('AUTH LOGIN')
    expect(client.slice(auth, auth + 3)).toEqual(['AUTH LOGIN', '[redacted]', '[redacted]'])
    // The greeting came over TLS, so the EHLO step shows it.
    expect(report.steps.find((s) => s.id === 'ehlo')?.details).toContainEqual({
      label: 'Greeting',
      value: expect.stringMatching(/^220 /),
    })
  })

  it('signs in with CRAM-MD5 when the account asks for it', async () => {
    const smtp = await server({ security: 'starttls', users: { ada: password }, authMethods: ['PLAIN', 'CRAM-MD5'] })
    const report = await checkConnection(account(smtp.port, { authMethod: 'CRAM-MD5' }), password, testOptions())
    expect(report.ok).toBe(true)
    expect(smtp.authAttempts).toEqual([{ method: 'CRAM-MD5', username: 'ada', ok: true }])
  })

  it('passes without encryption or sign-in, warning that the connection is not encrypted', async () => {
    const smtp = await server({ security: 'plain' })
    const report = await checkConnection(
      account(smtp.port, { security: 'none', auth: false, username: '' }),
      undefined,
      testOptions(),
    )
    expect(report.ok).toBe(true)
    expect(statuses(report.steps)).toEqual([
      ['resolve', 'ok'],
      ['connect', 'ok'],
      ['tls', 'warning'],
      ['ehlo', 'ok'],
      ['auth', 'skipped'],
      ['envelope', 'skipped'],
      ['message', 'skipped'],
      ['imap', 'skipped'],
    ])
    expect(report.steps[2].summary).toMatch(/Not encrypted/)
    expect(report.steps[4].summary).toMatch(/Authentication is off/)
    expect(report.certificate).toBeNull()
  })
})

describe('Test account settings: envelope check and test message', () => {
  it('checks a sender and recipients without sending: one refused recipient shows the server text, then RSET', async () => {
    const smtp = await server({
      security: 'starttls',
      users: { ada: password },
      refuseRecipients: ['nobody@example.test'],
    })
    const report = await checkConnection(
      account(smtp.port),
      password,
      testOptions({ mailFrom: 'ada@example.test', rcptTo: ['bob@example.test', 'nobody@example.test'] }),
    )

    expect(report.ok).toBe(true)
    const envelope = report.steps.find((s) => s.id === 'envelope')!
    expect(envelope.status).toBe('warning')
    expect(envelope.summary).toBe('1 of 2 recipient(s) refused: nobody@example.test')
    expect(report.envelope).toEqual([
      { address: 'ada@example.test', kind: 'sender', accepted: true, response: expect.stringMatching(/^250 /) },
      { address: 'bob@example.test', kind: 'recipient', accepted: true, response: expect.stringMatching(/^250 /) },
      {
        address: 'nobody@example.test',
        kind: 'recipient',
        accepted: false,
        response: expect.stringMatching(/^550 .*User unknown/),
      },
    ])
    expect(envelope.details).toContainEqual({
      label: 'RCPT TO <nobody@example.test>',
      value: expect.stringMatching(/^refused: 550 .*User unknown/),
    })
    const client = report.transcript.filter((l) => l.direction === 'client').map((l) => l.text)
    expect(client).toEqual(
      expect.arrayContaining([
        'MAIL FROM:<ada@example.test>',
        'RCPT TO:<bob@example.test>',
        'RCPT TO:<nobody@example.test>',
        'RSET',
      ]),
    )
    expect(client).not.toContain('DATA')
    expect(smtp.messages).toHaveLength(0)
  })

  it('a recipient answered 554 "Relay access denied" is shown refused with the relay advice', async () => {
    const smtp = await server({
      security: 'starttls',
      users: { ada: password },
      relayDenied: ['someone@elsewhere.test'],
    })
    const report = await checkConnection(
      account(smtp.port),
      password,
      testOptions({ rcptTo: ['someone@elsewhere.test'] }),
    )
    const envelope = report.steps.find((s) => s.id === 'envelope')!
    expect(report.envelope[0]).toMatchObject({ kind: 'sender', address: 'ada@example.test', accepted: true })
    expect(report.envelope[1]).toMatchObject({
      accepted: false,
      response: expect.stringMatching(/^554 .*Relay access denied/),
    })
    expect(envelope.details).toContainEqual({ label: 'What to do', value: expect.stringMatching(/will not relay/) })
    // Every recipient refused: nothing could go to anyone, so the test fails rather than "passes with a warning".
    expect(envelope.status).toBe('failed')
    expect(report.ok).toBe(false)
  })

  it('sends the optional test message, which the server receives, and shows its 250 reply', async () => {
    const smtp = await server({ security: 'starttls', users: { ada: password } })
    const report = await checkConnection(account(smtp.port), password, testOptions({ sendTestTo: 'ada@example.test' }))

    expect(report.ok).toBe(true)
    const message = report.steps.find((s) => s.id === 'message')!
    expect(message.status).toBe('ok')
    expect(message.summary).toMatch(/^250 /)
    const [received] = await smtp.waitForMessages(1)
    expect(received.parsed.subject).toBe('Sendsmith test message')
    expect(received.parsed.from?.value).toEqual([{ name: 'Ada Lovelace', address: 'ada@example.test' }])
    expect(received.to).toEqual(['ada@example.test'])
    expect(received.authUser).toBe('ada')
    expect(received.parsed.messageId).toBe(message.details.find((d) => d.label === 'Message-ID')?.value)
  })
})
