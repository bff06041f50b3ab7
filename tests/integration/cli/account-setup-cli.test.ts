import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startDnsTestServer, type DnsTestServer } from '../../helpers/dns-test-server'
import { autoconfigXml, startHttpsTestServer, type HttpsTestServer } from '../../helpers/https-test-server'
import { runCliInProcess } from '../../helpers/in-process-cli'
import { testServices } from '../../helpers/services'
import { startTestSmtpServer, type TestSmtpServer } from '../../helpers/smtp-test-server'
import { replacedCertificate, testCertificate } from '../../helpers/test-certificate'
import { testNetwork } from '../../helpers/test-network'
import { secretForms } from '../../../electron/services/errors/redact-secrets'

let smtp: TestSmtpServer
let dns: DnsTestServer
let https: HttpsTestServer

beforeAll(async () => {
  smtp = await startTestSmtpServer({ security: 'starttls', users: { 'ada@example.test': 'pw' } })
  dns = await startDnsTestServer([{ type: 'A', name: 'smtp.example.test', address: '127.0.0.1' }])
  https = await startHttpsTestServer({ hostnames: ['autoconfig.example.test', 'example.test'] })
  https.serveAutoconfig(
    'example.test',
    autoconfigXml({
      domain: 'example.test',
      servers: [{ hostname: 'smtp.example.test', port: smtp.port, socketType: 'STARTTLS', username: '%EMAILADDRESS%' }],
    }),
  )
})
afterAll(async () => {
  await Promise.all([smtp.close(), dns.close(), https.close()])
})

describe('sendsmith accounts detect', () => {
  it('prints each step and the suggestion with where it came from', async () => {
    const services = testServices(undefined, testNetwork({ dnsPort: dns.port, fetch: https.fetch }))
    const run = await runCliInProcess(['accounts', 'detect', 'ada@example.test'], services)
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/✓ .*autoconfig/i)
    expect(run.stdout).toContain(
      `Suggested: smtp.example.test:${smtp.port} STARTTLS, user ada@example.test (autoconfig.example.test`,
    )
    expect(run.stdout).toContain('verified')
  })

  it('with --json prints the steps and candidates', async () => {
    const services = testServices(undefined, testNetwork({ dnsPort: dns.port, fetch: https.fetch }))
    const run = await runCliInProcess(['accounts', 'detect', 'ada@example.test', '--json'], services)
    const result = JSON.parse(run.stdout)
    expect(result.best).toMatchObject({
      host: 'smtp.example.test',
      port: smtp.port,
      security: 'starttls',
      source: 'autoconfig',
      verified: true,
    })
    expect(result.steps.map((s: { id: string }) => s.id)).toEqual(['providers', 'autoconfig', 'srv', 'mx', 'probe'])
  })

  it('exits 1 and says what to do when nothing is found', async () => {
    const services = testServices(undefined, testNetwork({ dnsPort: dns.port, fetch: https.fetch }))
    const run = await runCliInProcess(['accounts', 'detect', 'someone@nowhere.test'], services)
    expect(run.code).toBe(1)
    expect(run.stdout).toContain('No settings found')
  })
})

describe('sendsmith accounts test and trust', () => {
  const password = 'setup-Pa55-word'

  async function accountFor(port: number, withCa: boolean) {
    const services = testServices(undefined, testNetwork({ dnsPort: dns.port, fetch: https.fetch }))
    await services.accounts.save({
      name: 'Work',
      email: 'ada@example.test',
      host: 'smtp.example.test',
      port,
      security: 'starttls',
      auth: true,
      username: 'ada@example.test',
      password,
      allowInsecureAuth: false,
      ...(withCa && { ca: testCertificate().cert }),
    })
    return services
  }

  it('runs every step, prints the transcript with credentials redacted, and exits 0', async () => {
    const server = await startTestSmtpServer({ security: 'starttls', users: { 'ada@example.test': password } })
    try {
      const services = await accountFor(server.port, true)
      const run = await runCliInProcess(['accounts', 'test', 'Work', '--rcpt', 'bob@example.test'], services)
      expect(run.stderr).toBe('')
      expect(run.code).toBe(0)
      for (const step of ['Resolve', 'Connect', 'TLS', 'EHLO', 'Authenticat'])
        expect(run.stdout).toMatch(new RegExp(`✓ ${step}`, 'i'))
      expect(run.stdout).toMatch(/C: AUTH PLAIN \[credentials redacted\]/)
      expect(run.stdout).toContain('RCPT TO bob@example.test: accepted')
      expect(run.stdout).toContain('All tests passed')
      for (const form of secretForms(password, 'ada@example.test')) expect(run.stdout + run.stderr).not.toContain(form)
      expect(server.messages).toHaveLength(0)
    } finally {
      await server.close()
    }
  })

  it('--rcpt with every recipient refused exits 1 and never says "All tests passed" (nor ok: true in --json)', async () => {
    const server = await startTestSmtpServer({
      security: 'starttls',
      users: { 'ada@example.test': password },
      refuseRecipients: ['nobody@example.test'],
    })
    try {
      const services = await accountFor(server.port, true)
      const run = await runCliInProcess(['accounts', 'test', 'Work', '--rcpt', 'nobody@example.test'], services)
      expect(run.code).toBe(1)
      expect(run.stdout).not.toContain('All tests passed')
      expect(run.stdout + run.stderr).toMatch(/refused the recipient\(s\) nobody@example.test/)
      const json = await runCliInProcess(
        ['accounts', 'test', 'Work', '--rcpt', 'nobody@example.test', '--json'],
        services,
      )
      expect(JSON.parse(json.stdout)).toMatchObject({ ok: false })
    } finally {
      await server.close()
    }
  })

  it('a self-signed certificate fails at TLS; trusting its fingerprint makes the test pass; a replaced certificate is refused again', async () => {
    const first = await startTestSmtpServer({ security: 'starttls', users: { 'ada@example.test': password } })
    const services = await accountFor(first.port, false)
    const failed = await runCliInProcess(['accounts', 'test', 'Work', '--json'], services)
    expect(failed.code).toBe(1)
    const report = JSON.parse(failed.stdout)
    expect(report.steps.find((s: { id: string }) => s.id === 'tls').status).toBe('failed')
    expect(report.certificate).toMatchObject({ trust: 'untrusted', selfSigned: true })

    const trusted = await runCliInProcess(
      ['accounts', 'trust', 'Work', '--fingerprint', report.certificate.fingerprint],
      services,
    )
    expect(trusted.code).toBe(0)
    expect(trusted.stdout).toContain(`(${report.certificate.fingerprint}) for Work only`)
    const passing = await runCliInProcess(['accounts', 'test', 'Work', '--json'], services)
    expect(passing.code).toBe(0)
    expect(JSON.parse(passing.stdout).certificate.trust).toBe('pinned')

    // The server's certificate is replaced (same name, same port): the pin does not cover it.
    await first.close()
    const second = await startTestSmtpServer({
      security: 'starttls',
      users: { 'ada@example.test': password },
      port: first.port,
      certificate: replacedCertificate(),
    })
    try {
      const refused = await runCliInProcess(['accounts', 'test', 'Work', '--json'], services)
      expect(refused.code).toBe(1)
      const again = JSON.parse(refused.stdout)
      expect(again.certificate.trust).toBe('untrusted')
      expect(again.certificate.fingerprint).not.toBe(report.certificate.fingerprint)
      // Trusting with the old fingerprint is refused: the server now shows another certificate.
      const stale = await runCliInProcess(
        ['accounts', 'trust', 'Work', '--fingerprint', report.certificate.fingerprint],
        services,
      )
      expect(stale.code).toBe(1)
      expect(stale.stderr).toContain('now presents a different certificate')
    } finally {
      await second.close()
    }
  })
})
