import { createServer, type AddressInfo, type Server } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import type { AuthMethod, TestReport } from '../../../../shared/contract'
import { secretForms } from '../../../../electron/services/errors/redact-secrets'
import { checkConnection } from '../../../../electron/services/smtp/connection-test/connection-check'
import { account, server, testOptions } from './fixtures'

let scripted: Server | undefined
afterEach(() => scripted?.close())

/** A server that offers AUTH LOGIN, asks for the password, then hangs up: the error names the last command. */
async function hangsUpAfterPassword(): Promise<number> {
  scripted = createServer((socket) => {
    let step = 0
    socket.write('220 scripted.example.test ESMTP\r\n')
    socket.on('data', (data) => {
      for (const line of data.toString().split('\r\n').filter(Boolean)) {
        if (line.startsWith('EHLO')) socket.write('250-scripted.example.test\r\n250 AUTH LOGIN\r\n')
        else if (line === 'AUTH LOGIN') socket.write('334 VXNlcm5hbWU6\r\n')
        else if (step++ === 0) socket.write('334 UGFzc3dvcmQ6\r\n')
        else socket.destroy()
      }
    })
  })
  await new Promise<void>((resolve) => scripted!.listen(0, '127.0.0.1', resolve))
  return (scripted.address() as AddressInfo).port
}

// Characters that change every base64 alignment, so a partial leak would show too.
const secret = 'Pässw0rd:with spaces & 💌'

function expectNoSecret(report: TestReport): void {
  const text = JSON.stringify(report)
  for (const form of secretForms(secret, 'ada')) expect(text).not.toContain(form)
}

/** The client's lines from the AUTH command to the server's final answer. */
function authLines(report: TestReport): string[] {
  const start = report.transcript.findIndex((l) => l.direction === 'client' && l.text.startsWith('AUTH'))
  const end = report.transcript.findIndex((l, i) => i > start && l.direction === 'server' && !l.text.startsWith('334'))
  return report.transcript
    .slice(start, end === -1 ? undefined : end)
    .filter((l) => l.direction === 'client')
    .map((l) => l.text)
}

describe('Test account settings: credentials never appear in the report', () => {
  const cases: { method: AuthMethod; server: 'PLAIN' | 'LOGIN' | 'CRAM-MD5' | 'XOAUTH2'; lines: string[] }[] = [
    { method: 'PLAIN', server: 'PLAIN', lines: ['AUTH PLAIN [credentials redacted]'] },
    { method: 'LOGIN', server: 'LOGIN', lines: ['AUTH LOGIN', '[redacted]', '[redacted]'] },
    { method: 'CRAM-MD5', server: 'CRAM-MD5', lines: ['AUTH CRAM-MD5', '[redacted]'] },
    { method: 'XOAUTH2', server: 'XOAUTH2', lines: ['AUTH XOAUTH2 [credentials redacted]'] },
  ]

  for (const c of cases) {
    it(`${c.method}: signs in, and the transcript, steps and error hold no form of the password`, async () => {
      const smtp = await server({ security: 'starttls', users: { ada: secret }, authMethods: [c.server] })
      const report = await checkConnection(
        account(smtp.port, { authMethod: c.method }),
        secret,
        testOptions({ sendTestTo: 'ada@example.test', rcptTo: ['bob@example.test'] }),
      )
      expect(report.ok).toBe(true)
      expect(smtp.authAttempts).toEqual([{ method: c.server, username: 'ada', ok: true }])
      expect(authLines(report)).toEqual(c.lines)
      expectNoSecret(report)
    })
  }

  it('a failed AUTH LOGIN, whose error carries the server reply, holds no form of the password either', async () => {
    const smtp = await server({ security: 'starttls', users: { ada: 'something else' }, authMethods: ['LOGIN'] })
    const report = await checkConnection(account(smtp.port), secret, testOptions())
    expect(report.error?.code).toBe('AUTH_FAILED')
    expect(authLines(report)).toEqual(['AUTH LOGIN', '[redacted]', '[redacted]'])
    expectNoSecret(report)
  })

  it('a failed AUTH PLAIN holds no form of the password, and the step events do not either', async () => {
    const smtp = await server({ security: 'tls', users: { ada: 'something else' } })
    const options = testOptions()
    const report = await checkConnection(account(smtp.port, { security: 'tls' }), secret, options)
    expect(report.steps.find((s) => s.id === 'auth')?.status).toBe('failed')
    expectNoSecret(report)
    const events = JSON.stringify(options.events)
    for (const form of secretForms(secret, 'ada')) expect(events).not.toContain(form)
  })

  it('a server that hangs up after the password: the error names the command, not what was sent', async () => {
    const port = await hangsUpAfterPassword()
    const report = await checkConnection(
      account(port, { security: 'none', allowInsecureAuth: true }),
      secret,
      testOptions(),
    )
    expect(report.steps.find((s) => s.id === 'auth')?.status).toBe('failed')
    expect(report.error).toMatchObject({
      code: 'CONNECTION_LOST',
      message: `The connection to localhost:${port} failed: The server closed the connection (after AUTH LOGIN)`,
    })
    expect(authLines(report)).toEqual(['AUTH LOGIN', '[redacted]', '[redacted]'])
    const text = JSON.stringify(report)
    for (const form of secretForms(secret, 'ada')) {
      expect(text).not.toContain(form)
      expect(text.toUpperCase()).not.toContain(form.toUpperCase())
    }
  })
})
