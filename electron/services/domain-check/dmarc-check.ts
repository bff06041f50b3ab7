import type { DnsResolver } from './dns-resolver'
import type { Finding } from './finding'

/**
 * DMARC of the From domain (its own record or its organisational domain's): exists, has a policy,
 * and the From domain is aligned with the DKIM d= (and the SPF domain) the account sends with.
 */
export async function checkDmarc(
  resolver: DnsResolver,
  domain: string,
  alignment: { dkimDomain?: string; spfDomain?: string },
): Promise<Finding[]> {
  const area = 'dmarc' as const
  const findings: Finding[] = []
  // Loaded on first use: the CLI and the app start without it (issue 19, CLI start).
  const [{ default: getDmarcRecord }, { getAlignment }] = await Promise.all([
    import('mailauth/lib/dmarc/get-dmarc-record.js'),
    import('mailauth/lib/tools.js'),
  ])
  const record = await getDmarcRecord(domain, resolver)
  if (!record)
    findings.push({
      area,
      status: 'fail',
      bulkRequirement: true,
      message: `${domain} has no DMARC record: bulk senders to Gmail and Yahoo must publish one`,
      fix: `Publish a TXT record at _dmarc.${domain}: "v=DMARC1; p=none; rua=mailto:dmarc@${domain}" (p=none only reports; move to quarantine once reports look right).`,
    })
  else {
    const policy = String(record.p ?? '').toLowerCase()
    const where = record.isOrgRecord ? ' (from the organisational domain)' : ''
    if (!['none', 'quarantine', 'reject'].includes(policy))
      findings.push({
        area,
        status: 'fail',
        bulkRequirement: true,
        record: record.rr,
        message: `The DMARC record${where} has no valid policy (p=${policy || 'missing'})`,
        fix: 'Add p=none, p=quarantine or p=reject right after v=DMARC1;',
      })
    else
      findings.push({
        area,
        status: 'pass',
        bulkRequirement: true,
        record: record.rr,
        message: `DMARC policy p=${policy}${where}${policy === 'none' ? ': monitoring only, which meets the bulk-sender rule' : ''}`,
        ...(policy === 'none' && {
          fix: 'Once the reports show all your mail passes, move to p=quarantine so forged mail is filtered.',
        }),
      })
    if (!record.rua)
      findings.push({
        area,
        status: 'info',
        bulkRequirement: false,
        record: record.rr,
        message: 'The DMARC record asks for no reports (no rua=), so you will not see who sends as your domain',
        fix: `Add rua=mailto:dmarc@${domain} to the record.`,
      })
  }
  const strictDkim = record && String(record.adkim ?? '').toLowerCase() === 's'
  const strictSpf = record && String(record.aspf ?? '').toLowerCase() === 's'
  findings.push(...aligned(getAlignment, 'DKIM d=', domain, alignment.dkimDomain, Boolean(strictDkim)))
  findings.push(...aligned(getAlignment, 'the SPF (bounce) domain', domain, alignment.spfDomain, Boolean(strictSpf)))
  return findings
}

function aligned(
  getAlignment: (from: string, others: string[]) => unknown,
  what: string,
  from: string,
  other: string | undefined,
  strict: boolean,
): Finding[] {
  if (!other) return []
  const ok = strict ? from.toLowerCase() === other.toLowerCase() : getAlignment(from, [other]) !== false
  if (ok)
    return [
      {
        area: 'dmarc',
        status: 'pass',
        bulkRequirement: true,
        message: `The From domain ${from} is aligned with ${what}${other}`,
      },
    ]
  return [
    {
      area: 'dmarc',
      status: 'fail',
      bulkRequirement: true,
      message: `The From domain ${from} is not aligned with ${what}${other}${strict ? ' (the record asks for strict alignment)' : ''}: DMARC fails even when the signature is valid`,
      fix: `Sign with d=${from} (sendsmith accounts dkim NAME --domain ${from} ...), or send From an address at ${other}.`,
    },
  ]
}
