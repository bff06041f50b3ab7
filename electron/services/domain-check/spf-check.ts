import { txtRecords, type DnsResolver } from './dns-resolver'
import type { Finding } from './finding'

/** RFC 7208 4.6.4: at most 10 mechanisms and modifiers that query DNS, across all includes. */
export const spfLookupLimit = 10

const mechanism = /^([+?~-]?)(all|include|a|mx|ptr|ip4|ip6|exists)(?:([:/])(.*))?$/i
const modifier = /^(redirect|exp|[a-z][a-z0-9_.-]*)=(.*)$/i

/** One SPF record's terms, or the first term that is not SPF. */
export function parseSpf(record: string): {
  terms: { qualifier: string; name: string; value?: string }[]
  bad?: string
} {
  const terms: { qualifier: string; name: string; value?: string }[] = []
  for (const term of record.trim().split(/\s+/).slice(1)) {
    const m = mechanism.exec(term)
    if (m) {
      const [, qualifier, name, separator, value] = m
      const lower = name.toLowerCase()
      if ((lower === 'include' || lower === 'exists') && (separator !== ':' || !value)) return { terms, bad: term }
      if ((lower === 'ip4' || lower === 'ip6') && (separator !== ':' || !value)) return { terms, bad: term }
      if (lower === 'all' && separator) return { terms, bad: term }
      terms.push({ qualifier: qualifier || '+', name: lower, ...(value !== undefined && { value }) })
      continue
    }
    const mod = modifier.exec(term)
    if (mod) {
      terms.push({ qualifier: '', name: mod[1].toLowerCase(), value: mod[2] })
      continue
    }
    return { terms, bad: term }
  }
  return { terms }
}

/** The SPF record of a domain: none, one, or several (which is an error). */
export async function spfRecords(resolver: DnsResolver, domain: string): Promise<string[]> {
  return (await txtRecords(resolver, domain)).filter((r) => /^v=spf1(\s|$)/i.test(r.trim()))
}

/**
 * Counts the DNS lookups a receiver makes evaluating the record in the worst case (every include
 * and redirect followed), as the 10-lookup limit counts them.
 */
export async function countSpfLookups(
  resolver: DnsResolver,
  domain: string,
  seen = new Set<string>(),
): Promise<number> {
  if (seen.has(domain.toLowerCase()) || seen.size > 50) return 0
  seen.add(domain.toLowerCase())
  const [record] = await spfRecords(resolver, domain)
  if (!record) return 0
  let count = 0
  for (const term of parseSpf(record).terms) {
    if (['a', 'mx', 'ptr', 'exists'].includes(term.name)) count++
    if (term.name === 'include' || term.name === 'redirect') {
      count++
      // A macro (%{i}) cannot be followed without a message; it counts once.
      if (term.value && !term.value.includes('%')) count += await countSpfLookups(resolver, term.value, seen)
    }
  }
  return count
}

/** SPF of the From domain: present, one record, valid, within 10 lookups, not +all, covering the SMTP host. */
export async function checkSpf(
  resolver: DnsResolver,
  domain: string,
  smtpHostAddresses: { host: string; addresses: string[] } | undefined,
): Promise<Finding[]> {
  const records = await spfRecords(resolver, domain)
  const area = 'spf' as const
  if (records.length === 0)
    return [
      {
        area,
        status: 'fail',
        bulkRequirement: true,
        message: `${domain} has no SPF record: receivers cannot tell which servers may send its mail`,
        fix: `Publish a TXT record at ${domain}: "v=spf1 include:<your provider's SPF domain> ~all" (or "v=spf1 a mx ~all" if you send from your own server).`,
      },
    ]
  if (records.length > 1)
    return [
      {
        area,
        status: 'fail',
        bulkRequirement: true,
        record: records.join(' | '),
        message: `${domain} has ${records.length} SPF records; receivers treat that as an error (permerror)`,
        fix: 'Merge them into one TXT record that starts with v=spf1.',
      },
    ]
  const [record] = records
  const { terms, bad } = parseSpf(record)
  if (bad)
    return [
      {
        area,
        status: 'fail',
        bulkRequirement: true,
        record,
        message: `The SPF record does not parse at "${bad}" (permerror)`,
        fix: 'Correct that term: mechanisms are all, include:, a, mx, ip4:, ip6:, exists: with an optional + - ~ ? before them.',
      },
    ]
  const findings: Finding[] = []
  const lookups = await countSpfLookups(resolver, domain)
  if (lookups > spfLookupLimit)
    findings.push({
      area,
      status: 'fail',
      bulkRequirement: true,
      record,
      message: `The SPF record needs ${lookups} DNS lookups; receivers stop at ${spfLookupLimit} and fail it (permerror)`,
      fix: 'Remove includes you no longer send through, or replace them with ip4:/ip6: ranges, until at most 10 lookups remain.',
    })
  const all = terms.find((t) => t.name === 'all')
  if (all?.qualifier === '+')
    findings.push({
      area,
      status: 'fail',
      bulkRequirement: true,
      record,
      message: 'The SPF record ends in +all: it allows every server on the internet to send as this domain',
      fix: 'Replace +all with ~all (or -all once every sending service is listed).',
    })
  else if (all?.qualifier === '?')
    findings.push({
      area,
      status: 'warn',
      bulkRequirement: false,
      record,
      message: 'The SPF record ends in ?all (neutral): receivers learn nothing from it about other servers',
      fix: 'Replace ?all with ~all (or -all once every sending service is listed).',
    })
  else if (!all && !terms.some((t) => t.name === 'redirect'))
    findings.push({
      area,
      status: 'warn',
      bulkRequirement: false,
      record,
      message: 'The SPF record has no "all" at the end, so other servers get a neutral result',
      fix: 'End the record with ~all.',
    })
  if (smtpHostAddresses) findings.push(...(await hostCoverage(resolver, domain, record, smtpHostAddresses)))
  if (!findings.some((f) => f.status === 'fail'))
    findings.unshift({
      area,
      status: 'pass',
      bulkRequirement: true,
      record,
      message: `SPF is published (${lookups} of ${spfLookupLimit} lookups)`,
    })
  return findings
}

/** Whether SPF lets the account's SMTP server send for the domain, asked the way a receiver asks (mailauth). */
async function hostCoverage(
  resolver: DnsResolver,
  domain: string,
  record: string,
  smtp: { host: string; addresses: string[] },
): Promise<Finding[]> {
  if (smtp.addresses.length === 0)
    return [
      {
        area: 'spf',
        status: 'info',
        bulkRequirement: false,
        message: `The addresses of ${smtp.host} could not be resolved, so SPF coverage was not checked`,
      },
    ]
  const uncovered: string[] = []
  for (const ip of smtp.addresses) {
    // Loaded on first use: the CLI and the app start without it (issue 19, CLI start).
    const { spf } = await import('mailauth')
    const result = await spf({ ip, sender: `postmaster@${domain}`, helo: smtp.host, mta: 'sendsmith.check', resolver })
    if (result.status.result !== 'pass') uncovered.push(`${ip} (${result.status.result})`)
  }
  if (uncovered.length === 0)
    return [
      {
        area: 'spf',
        status: 'pass',
        bulkRequirement: false,
        record,
        message: `SPF allows ${smtp.host} (${smtp.addresses.join(', ')})`,
      },
    ]
  return [
    {
      area: 'spf',
      status: 'warn',
      bulkRequirement: false,
      record,
      message: `SPF does not allow your SMTP server ${smtp.host}: ${uncovered.join(', ')}. This is fine only if the server sends with its own bounce domain`,
      fix: `Add your provider's include: (see its setup page) or ip4:${smtp.addresses[0]} before the "all" at the end.`,
    },
  ]
}
