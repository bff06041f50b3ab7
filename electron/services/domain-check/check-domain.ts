import { isIP } from 'node:net'
import type { DomainReport } from '../../../shared/contract'
import { checkDkim } from './dkim-check'
import { checkDmarc } from './dmarc-check'
import { isNotFound, type DnsResolver } from './dns-resolver'
import type { Finding } from './finding'
import { checkSpf } from './spf-check'
import { checkMtaSts, checkMx, checkTlsRpt } from './transport-checks'

export interface DomainCheckOptions {
  /** The From domain. */
  domain: string
  /** The DKIM selector to look up (the account's when it signs). */
  selector?: string
  /** The d= the account signs with, for DMARC alignment. */
  dkimDomain?: string
  /** The account's public key (p= value) and the record to publish, to compare with DNS. */
  expectedKey?: { publicKey: string; record: string }
  /** The account's SMTP server, to see whether SPF lets it send. */
  smtpHost?: string
  resolver: DnsResolver
  clock?: () => Date
}

/**
 * Checks a sending domain as Gmail, Yahoo and Outlook.com judge it: SPF, DKIM, DMARC with
 * alignment, MX, MTA-STS and TLS-RPT. Each finding says what is wrong and what to publish; the
 * report is `bulkReady` when no finding that the bulk-sender rules require has failed.
 */
export async function checkDomain(options: DomainCheckOptions): Promise<DomainReport> {
  const domain = options.domain.trim().toLowerCase().replace(/\.$/, '')
  const { resolver } = options
  const smtp = options.smtpHost
    ? { host: options.smtpHost, addresses: await addressesOf(resolver, options.smtpHost) }
    : undefined
  const safely = async (area: Finding['area'], run: () => Promise<Finding[]>): Promise<Finding[]> => {
    try {
      return await run()
    } catch (error) {
      return [
        {
          area,
          status: 'warn',
          bulkRequirement: false,
          message: `The ${area.toUpperCase()} lookup failed (${(error as { code?: string }).code ?? (error as Error).message}); try again`,
        },
      ]
    }
  }
  const groups = await Promise.all([
    safely('spf', () => checkSpf(resolver, domain, smtp)),
    safely('dkim', () => checkDkim(resolver, options.dkimDomain ?? domain, options.selector, options.expectedKey)),
    safely('dmarc', () =>
      checkDmarc(resolver, domain, {
        ...(options.dkimDomain && { dkimDomain: options.dkimDomain }),
      }),
    ),
    safely('mx', () => checkMx(resolver, domain)),
    safely('mta-sts', () => checkMtaSts(resolver, domain)),
    safely('tls-rpt', () => checkTlsRpt(resolver, domain)),
  ])
  const findings = groups.flat()
  return {
    domain,
    ...(options.selector && { selector: options.selector }),
    checkedAt: (options.clock?.() ?? new Date()).toISOString(),
    findings,
    bulkReady: !findings.some((f) => f.bulkRequirement && f.status === 'fail'),
  }
}

async function addressesOf(resolver: DnsResolver, host: string): Promise<string[]> {
  if (isIP(host)) return [host]
  const found: string[] = []
  for (const type of ['A', 'AAAA']) {
    try {
      found.push(...((await resolver(host, type)) as string[]))
    } catch (error) {
      if (!isNotFound(error)) return found
    }
  }
  return found
}
