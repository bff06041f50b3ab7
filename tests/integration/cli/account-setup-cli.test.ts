import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startDnsTestServer, type DnsTestServer } from '../../helpers/dns-test-server'
import { autoconfigXml, startHttpsTestServer, type HttpsTestServer } from '../../helpers/https-test-server'
import { runCliInProcess } from '../../helpers/in-process-cli'
import { testServices } from '../../helpers/services'
import { startTestSmtpServer, type TestSmtpServer } from '../../helpers/smtp-test-server'
import { testNetwork } from '../../helpers/test-network'

let smtp: TestSmtpServer
let dns: DnsTestServer
let https: HttpsTestServer

beforeAll(async () => {
  smtp = await startTestSmtpServer({ security: 'starttls', users: { 'ada@example.test': 'pw' } })
  dns = await startDnsTestServer([{ type: 'A', name: 'smtp.example.test', address: '127.0.0.1' }])
  https = await startHttpsTestServer({ hostnames: ['autoconfig.example.test', 'example.test'] })
  https.serveAutoconfig('example.test', autoconfigXml({ domain: 'example.test', servers: [{ hostname: 'smtp.example.test', port: smtp.port, socketType: 'STARTTLS', username: '%EMAILADDRESS%' }] }))
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
    expect(run.stdout).toContain(`Suggested: smtp.example.test:${smtp.port} STARTTLS, user ada@example.test (autoconfig.example.test`)
    expect(run.stdout).toContain('verified')
  })

  it('with --json prints the steps and candidates', async () => {
    const services = testServices(undefined, testNetwork({ dnsPort: dns.port, fetch: https.fetch }))
    const run = await runCliInProcess(['accounts', 'detect', 'ada@example.test', '--json'], services)
    const result = JSON.parse(run.stdout)
    expect(result.best).toMatchObject({ host: 'smtp.example.test', port: smtp.port, security: 'starttls', source: 'autoconfig', verified: true })
    expect(result.steps.map((s: { id: string }) => s.id)).toEqual(['providers', 'autoconfig', 'srv', 'mx', 'probe'])
  })

  it('exits 1 and says what to do when nothing is found', async () => {
    const services = testServices(undefined, testNetwork({ dnsPort: dns.port, fetch: https.fetch }))
    const run = await runCliInProcess(['accounts', 'detect', 'someone@nowhere.test'], services)
    expect(run.code).toBe(1)
    expect(run.stdout).toContain('No settings found')
  })
})
