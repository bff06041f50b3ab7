import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { detectSettings } from '../../../../electron/services/autodetect/detect-settings'
import { startDnsTestServer, type DnsTestServer } from '../../../helpers/dns-test-server'
import { autoconfigXml, startHttpsTestServer, type HttpsTestServer } from '../../../helpers/https-test-server'
import { startTestSmtpServer, type TestSmtpServer } from '../../../helpers/smtp-test-server'
import { testNetwork } from '../../../helpers/test-network'

describe('autodetect fills the IMAP server too', () => {
  let dns: DnsTestServer
  let https: HttpsTestServer
  let smtp: TestSmtpServer

  beforeAll(async () => {
    smtp = await startTestSmtpServer({ security: 'starttls' })
    dns = await startDnsTestServer([
      { type: 'A', name: 'smtp.autoimap.test', address: '127.0.0.1' },
      {
        type: 'SRV',
        name: '_submission._tcp.srvimap.test',
        target: 'mail.srvimap.test',
        port: smtp.port,
        priority: 10,
      },
      { type: 'SRV', name: '_imaps._tcp.srvimap.test', target: 'imap.srvimap.test', port: 993, priority: 10 },
      { type: 'SRV', name: '_imap._tcp.srvimap.test', target: 'imap.srvimap.test', port: 143, priority: 10 },
      { type: 'A', name: 'mail.srvimap.test', address: '127.0.0.1' },
    ])
    https = await startHttpsTestServer({ hostnames: ['autoconfig.autoimap.test', 'autoimap.test'] })
    https.serveAutoconfig(
      'autoimap.test',
      autoconfigXml({
        domain: 'autoimap.test',
        servers: [{ hostname: 'smtp.autoimap.test', port: smtp.port, socketType: 'STARTTLS' }],
      }),
    )
  })
  afterAll(async () => {
    await Promise.all([smtp.close(), dns.close(), https.close()])
  })

  const detect = (email: string) =>
    detectSettings(email, {
      network: testNetwork({ dnsPort: dns.port, fetch: https.fetch }),
      probePorts: [smtp.port],
      probeTimeoutMs: 2000,
    })

  it("from the built-in list: Gmail's imap.gmail.com on 993 SSL/TLS", async () => {
    const result = await detect('ada@gmail.com')
    expect(result.imap).toMatchObject({
      host: 'imap.gmail.com',
      port: 993,
      security: 'tls',
      source: 'provider',
      username: 'ada@gmail.com',
    })
  })

  it("from the autoconfig file's incomingServer of type imap", async () => {
    const result = await detect('ada@autoimap.test')
    expect(result.best?.host).toBe('smtp.autoimap.test')
    expect(result.imap).toMatchObject({
      host: 'imap.autoimap.test',
      port: 993,
      security: 'tls',
      source: 'autoconfig',
      username: 'ada@autoimap.test',
    })
  })

  it('from SRV records, _imaps before _imap', async () => {
    const result = await detect('ada@srvimap.test')
    expect(result.imapCandidates.map((c) => [c.host, c.port, c.security, c.sourceDetail])).toEqual([
      ['imap.srvimap.test', 993, 'tls', 'SRV _imaps._tcp.srvimap.test'],
      ['imap.srvimap.test', 143, 'starttls', 'SRV _imap._tcp.srvimap.test'],
    ])
    expect(dns.queries).toContainEqual({ name: '_imaps._tcp.srvimap.test', type: 'SRV' })
  })
})
