import { getAlignment } from 'mailauth/lib/tools.js'
import type { Account, DomainReport, ReadinessCheck, ReadinessReport } from '../../../shared/contract'

export type { ReadinessCheck, ReadinessReport } from '../../../shared/contract'
import type { DkimSigningKey } from '../dkim/dkim-key'
import { addressProblem } from '../../../shared/addresses'
import { readRecipients, type RecipientSource } from './recipient-list'

/** The mailbox providers that enforce the February 2024 bulk-sender rules (and Outlook.com since May 2025). */
const providerDomains =
  /^(gmail\.com|googlemail\.com|yahoo\.[a-z.]+|ymail\.com|rocketmail\.com|aol\.com|outlook\.[a-z.]+|hotmail\.[a-z.]+|live\.[a-z.]+|msn\.com)$/i

/** Gmail's and Yahoo's threshold for "bulk sender": about 5,000 messages a day to their users. */
export const bulkSenderDailyVolume = 5000

/** Whether an address is at a provider that enforces the bulk-sender rules. */
export function isProviderAddress(address: string): boolean {
  return providerDomains.test(address.split('@').pop() ?? '')
}

/**
 * Checks a merge against the bulk-sender rules before anything is sent: DKIM on and aligned with
 * From, SPF and DMARC of the From domain, RFC 8058 one-click unsubscribe with an https URL, a
 * visible unsubscribe link in the template, the volume against 5,000 a day, and TLS to the server.
 */
export function assessReadiness(input: {
  account: Account
  dkim?: DkimSigningKey
  domainReport?: DomainReport
  listUnsubscribe?: { url?: string; mailto?: string; oneClick?: boolean }
  templateSource: string
  recipients: string[]
}): ReadinessReport {
  const { account } = input
  const fromDomain = account.email.split('@').pop()!.toLowerCase()
  const checks: ReadinessCheck[] = []
  if (!input.dkim)
    checks.push({
      id: 'dkim',
      status: 'error',
      message: `${account.name} does not sign with DKIM`,
      fix: `Turn DKIM on: sendsmith accounts dkim "${account.name}" --domain ${fromDomain} --selector s1 --generate, then publish the record.`,
    })
  else if (getAlignment(fromDomain, [input.dkim.domain]) === false)
    checks.push({
      id: 'dkim',
      status: 'error',
      message: `DKIM signs as d=${input.dkim.domain}, not aligned with the From domain ${fromDomain}`,
      fix: `Sign with d=${fromDomain}.`,
    })
  else
    checks.push({
      id: 'dkim',
      status: 'pass',
      message: `DKIM signs as d=${input.dkim.domain} (aligned with ${fromDomain})`,
    })

  for (const area of ['spf', 'dmarc'] as const) {
    const failed = input.domainReport?.findings.filter((f) => f.area === area && f.status === 'fail') ?? []
    if (!input.domainReport)
      checks.push({ id: area, status: 'warn', message: `${area.toUpperCase()} of ${fromDomain} could not be checked` })
    else if (failed.length > 0)
      checks.push({
        id: area,
        status: 'error',
        message: failed[0].message,
        ...(failed[0].fix && { fix: failed[0].fix }),
      })
    else checks.push({ id: area, status: 'pass', message: `${area.toUpperCase()} of ${fromDomain} is in order` })
  }

  const unsubscribe = input.listUnsubscribe
  const https = unsubscribe?.url !== undefined && /^https:\/\//i.test(unsubscribe.url.trim())
  if (unsubscribe?.oneClick && https)
    checks.push({
      id: 'one-click',
      status: 'pass',
      message: 'One-click unsubscribe (RFC 8058) with an https URL, signed',
    })
  else
    checks.push({
      id: 'one-click',
      status: 'error',
      message: !unsubscribe?.url
        ? 'No one-click unsubscribe: the messages carry no List-Unsubscribe URL'
        : !https
          ? 'The unsubscribe URL is not https, which one-click unsubscribe requires'
          : 'List-Unsubscribe-Post (one-click) is off',
      fix: 'Give an https unsubscribe URL with one-click on (--unsubscribe-url https://... --one-click).',
    })

  const visible =
    /<a\b[^>]*>[^<]*(unsubscribe|opt[ -]?out|abmelden|désabonner|desuscribir)/i.test(input.templateSource) ||
    /\{\{\{?\s*unsubscribe/i.test(input.templateSource)
  checks.push(
    visible
      ? { id: 'visible-link', status: 'pass', message: 'The template has a visible unsubscribe link' }
      : {
          id: 'visible-link',
          status: 'error',
          message: 'The template has no visible unsubscribe link',
          fix: 'Add a link such as <a href="{{unsubscribe_url}}">Unsubscribe</a> to the footer.',
        },
  )

  const providers = input.recipients.filter(isProviderAddress).length
  checks.push(
    input.recipients.length >= bulkSenderDailyVolume
      ? {
          id: 'volume',
          status: 'warn',
          message: `${input.recipients.length} recipients: at ${bulkSenderDailyVolume} or more a day you are a bulk sender for Gmail and Yahoo, permanently`,
          fix: 'Keep the spam-complaint rate under 0.3% (Google Postmaster Tools shows it).',
        }
      : {
          id: 'volume',
          status: 'pass',
          message: `${input.recipients.length} recipients, under ${bulkSenderDailyVolume} a day (the rules above apply to marketing mail anyway)`,
        },
  )
  checks.push(
    account.security === 'none'
      ? {
          id: 'tls',
          status: 'error',
          message: `${account.name} connects to ${account.host} without TLS`,
          fix: 'Use STARTTLS (port 587) or SSL/TLS (port 465).',
        }
      : {
          id: 'tls',
          status: 'pass',
          message: `TLS to ${account.host} (${account.security === 'tls' ? 'SSL/TLS' : 'STARTTLS'})`,
        },
  )
  const errors = checks.some((c) => c.status === 'error')
  return {
    checks,
    providerRecipients: providers,
    recipients: input.recipients.length,
    blocked: errors && providers > 0,
  }
}

/** The addresses of a list (valid ones only), read as the merge reads them. */
export async function listAddresses(source: RecipientSource, addressColumn: string): Promise<string[]> {
  const addresses: string[] = []
  for await (const { record } of readRecipients(source)) {
    const value = String(record[addressColumn] ?? '').trim()
    if (value && addressProblem(value) === null) addresses.push(value)
  }
  return addresses
}

/** The report as text, one line per check, with the fix under each problem. */
export function readinessText(report: ReadinessReport): string {
  const marks = { pass: 'ok   ', warn: 'warn ', error: 'ERROR' }
  const lines = [
    `Bulk-sender readiness (${report.providerRecipients} of ${report.recipients} recipients at Gmail/Yahoo/Outlook.com):`,
  ]
  for (const c of report.checks) {
    lines.push(`  ${marks[c.status]} ${c.message}`)
    if (c.fix && c.status !== 'pass') lines.push(`        fix: ${c.fix}`)
  }
  if (report.blocked)
    lines.push(
      '  Sending is blocked: those providers reject or junk such mail. Fix the errors, or give --override-readiness.',
    )
  return `${lines.join('\n')}\n`
}
