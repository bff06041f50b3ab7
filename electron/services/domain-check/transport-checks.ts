import { isNotFound, txtRecords, type DnsResolver } from './dns-resolver'
import type { Finding } from './finding'

/** MX: where replies and bounces to the domain go; Gmail also uses it to judge a sending domain. */
export async function checkMx(resolver: DnsResolver, domain: string): Promise<Finding[]> {
  let records: { exchange: string; priority: number }[] = []
  try {
    records = (await resolver(domain, 'MX')) as { exchange: string; priority: number }[]
  } catch (error) {
    if (!isNotFound(error)) throw error
  }
  if (records.length === 0 || (records.length === 1 && records[0].exchange === ''))
    return [
      {
        area: 'mx',
        status: 'warn',
        bulkRequirement: false,
        message: `${domain} has no MX record: replies and bounces to it cannot be delivered, which receivers count against it`,
        fix: `Publish an MX record for ${domain} pointing at the server that receives its mail.`,
      },
    ]
  const list = [...records].sort((a, b) => a.priority - b.priority).map((r) => `${r.priority} ${r.exchange}`)
  return [{ area: 'mx', status: 'pass', bulkRequirement: false, message: `MX: ${list.join(', ')}` }]
}

/** MTA-STS (`_mta-sts` TXT): tells senders to require TLS when delivering to this domain. */
export async function checkMtaSts(resolver: DnsResolver, domain: string): Promise<Finding[]> {
  let id: string | false = false
  try {
    // Loaded on first use: the CLI and the app start without it (issue 19, CLI start).
    const { resolvePolicy } = await import('mailauth/lib/mta-sts.js')
    id = await resolvePolicy(domain, { resolver })
  } catch (error) {
    return [
      {
        area: 'mta-sts',
        status: 'warn',
        bulkRequirement: false,
        message: `The MTA-STS record at _mta-sts.${domain} is not valid (${(error as { code?: string }).code ?? (error as Error).message})`,
        fix: 'Keep exactly one TXT record: "v=STSv1; id=20240101".',
      },
    ]
  }
  if (!id)
    return [
      {
        area: 'mta-sts',
        status: 'info',
        bulkRequirement: false,
        message: 'No MTA-STS: mail to this domain may be delivered without TLS if an attacker strips it',
        fix: `Optional: publish "v=STSv1; id=1" at _mta-sts.${domain} and a policy at https://mta-sts.${domain}/.well-known/mta-sts.txt.`,
      },
    ]
  return [{ area: 'mta-sts', status: 'pass', bulkRequirement: false, message: `MTA-STS is published (id=${id})` }]
}

/** TLS-RPT (`_smtp._tls` TXT): where senders report TLS delivery failures. */
export async function checkTlsRpt(resolver: DnsResolver, domain: string): Promise<Finding[]> {
  const records = (await txtRecords(resolver, `_smtp._tls.${domain}`)).filter((r) => /^v=TLSRPTv1/i.test(r.trim()))
  if (records.length === 0)
    return [
      {
        area: 'tls-rpt',
        status: 'info',
        bulkRequirement: false,
        message: 'No TLS-RPT: you will not hear when senders fail to reach you over TLS',
        fix: `Optional: publish "v=TLSRPTv1; rua=mailto:tls-reports@${domain}" at _smtp._tls.${domain}.`,
      },
    ]
  if (!/rua=/i.test(records[0]))
    return [
      {
        area: 'tls-rpt',
        status: 'warn',
        bulkRequirement: false,
        record: records[0],
        message: 'The TLS-RPT record names no rua= to send reports to',
        fix: `Add rua=mailto:tls-reports@${domain}.`,
      },
    ]
  return [
    { area: 'tls-rpt', status: 'pass', bulkRequirement: false, record: records[0], message: 'TLS-RPT is published' },
  ]
}
