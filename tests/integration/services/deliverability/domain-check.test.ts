import { generateKeyPairSync } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { checkDomain } from '../../../../electron/services/domain-check/check-domain'
import { dnsResolver } from '../../../../electron/services/domain-check/dns-resolver'
import type { DomainReport } from '../../../../shared/contract'
import { startDnsTestServer, type DnsTestServer } from '../../../helpers/dns-test-server'

let dns: DnsTestServer
const resolver = () => dnsResolver(`127.0.0.1:${dns.port}`)

function publicKey(bits: number): string {
  const { publicKey } = generateKeyPairSync('rsa', { modulusLength: bits })
  return (publicKey.export({ type: 'spki', format: 'der' }) as Buffer).toString('base64')
}

beforeAll(async () => {
  // Eleven includes, each a lookup: one more than receivers follow.
  const includes = Array.from({ length: 11 }, (_, i) => `spf${i}.relay.test`)
  dns = await startDnsTestServer([
    // good.test: everything in order.
    { type: 'TXT', name: 'good.test', value: 'v=spf1 ip4:127.0.0.1 ~all' },
    { type: 'MX', name: 'good.test', exchange: 'mx.good.test', priority: 10 },
    { type: 'TXT', name: '_dmarc.good.test', value: 'v=DMARC1; p=quarantine; rua=mailto:d@good.test' },
    { type: 'TXT', name: 'sel._domainkey.good.test', value: `v=DKIM1; k=rsa; p=${publicKey(2048)}` },
    { type: 'TXT', name: '_mta-sts.good.test', value: 'v=STSv1; id=2026' },
    { type: 'TXT', name: '_smtp._tls.good.test', value: 'v=TLSRPTv1; rua=mailto:tls@good.test' },
    // bare.test: an MX and nothing else.
    { type: 'MX', name: 'bare.test', exchange: 'mx.bare.test', priority: 10 },
    // many.test: SPF with 11 lookups, a 512-bit key, and +all.
    { type: 'TXT', name: 'many.test', value: `v=spf1 ${includes.map((d) => `include:${d}`).join(' ')} +all` },
    ...includes.map((name) => ({ type: 'TXT' as const, name, value: 'v=spf1 ip4:192.0.2.1 ~all' })),
    { type: 'TXT', name: 'weak._domainkey.many.test', value: `v=DKIM1; k=rsa; p=${publicKey(512)}` },
    { type: 'TXT', name: '_dmarc.many.test', value: 'v=DMARC1; p=none' },
  ])
})
afterAll(() => dns?.close())

const failed = (report: DomainReport, area: string) =>
  report.findings.filter((f) => f.area === area && f.status === 'fail')

describe('the domain check', () => {
  it('passes a domain with SPF, DKIM, DMARC, MX, MTA-STS and TLS-RPT, and covers the SMTP host', async () => {
    const report = await checkDomain({
      domain: 'good.test',
      selector: 'sel',
      smtpHost: '127.0.0.1',
      resolver: resolver(),
    })
    expect(report.bulkReady).toBe(true)
    expect(report.findings.filter((f) => f.status === 'fail' || f.status === 'warn')).toEqual([])
    expect(report.findings.find((f) => f.area === 'spf' && /allows 127.0.0.1/.test(f.message))).toBeDefined()
    expect(report.findings.find((f) => f.area === 'dkim')?.message).toMatch(/2048 bits/)
  })

  it('reports a missing SPF and a missing DMARC record, each with the record to publish', async () => {
    const report = await checkDomain({ domain: 'bare.test', resolver: resolver() })
    expect(report.bulkReady).toBe(false)
    const [spf] = failed(report, 'spf')
    expect(spf.message).toMatch(/no SPF record/)
    expect(spf.fix).toMatch(/v=spf1 .* ~all/)
    const [dmarc] = failed(report, 'dmarc')
    expect(dmarc.message).toMatch(/no DMARC record/)
    expect(dmarc.fix).toContain('_dmarc.bare.test')
    expect(dmarc.fix).toContain('v=DMARC1; p=none')
  })

  it('reports SPF with 11 lookups and +all, and a 512-bit DKIM key', async () => {
    const report = await checkDomain({ domain: 'many.test', selector: 'weak', resolver: resolver() })
    expect(report.bulkReady).toBe(false)
    const spf = failed(report, 'spf')
    expect(spf.map((f) => f.message)).toEqual([
      expect.stringMatching(/needs 11 DNS lookups; receivers stop at 10/),
      expect.stringMatching(/\+all/),
    ])
    expect(spf[0].fix).toMatch(/at most 10 lookups/)
    expect(spf[1].fix).toMatch(/~all/)
    const [dkim] = failed(report, 'dkim')
    expect(dkim.message).toMatch(/only 512 bits/)
    expect(dkim.fix).toMatch(/2048-bit key/)
  })

  it('reports a From domain that is not aligned with the DKIM d=', async () => {
    const report = await checkDomain({
      domain: 'many.test',
      dkimDomain: 'good.test',
      selector: 'sel',
      resolver: resolver(),
    })
    const [alignment] = failed(report, 'dmarc')
    expect(alignment.message).toMatch(/many.test is not aligned with DKIM d=good.test/)
    expect(alignment.fix).toMatch(/Sign with d=many.test/)
    // The key itself is fine: the d= domain's record is what a receiver looks up.
    expect(failed(report, 'dkim')).toEqual([])
  })

  it("compares the published key with the account's key", async () => {
    const report = await checkDomain({
      domain: 'good.test',
      selector: 'sel',
      expectedKey: { publicKey: publicKey(1024), record: 'v=DKIM1; k=rsa; p=NEW' },
      resolver: resolver(),
    })
    const [dkim] = failed(report, 'dkim')
    expect(dkim.message).toMatch(/not the account's key/)
    expect(dkim.fix).toContain('v=DKIM1; k=rsa; p=NEW')
  })
})
