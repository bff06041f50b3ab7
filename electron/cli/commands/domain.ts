import { parseArgs } from 'node:util'
import type { DomainReport } from '../../../shared/contract'
import { dnsResolver } from '../../services/domain-check/dns-resolver'
import type { CliContext } from '../cli-context'
import { exitCodes, usageError } from '../cli-errors'
import { domainUsage } from '../usage'

const marks = { pass: 'ok  ', warn: 'warn', fail: 'FAIL', info: 'info' } as const

/** `sendsmith domain check DOMAIN`. */
export async function domainCommand(args: string[], ctx: CliContext): Promise<number> {
  const [verb, ...rest] = args
  if (verb !== 'check')
    throw usageError(verb ? `Unknown domain command "${verb}"` : 'Missing domain command', domainUsage)
  const { values, positionals } = parseArgs({
    args: rest,
    strict: true,
    allowPositionals: true,
    options: {
      selector: { type: 'string' },
      account: { type: 'string' },
      'dns-server': { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  })
  if (positionals.length !== 1) throw usageError('Name one domain: sendsmith domain check example.com', domainUsage)
  const account = values.account ? ctx.services.accounts.find(values.account) : undefined
  const resolver = values['dns-server'] ? dnsResolver(values['dns-server']) : undefined
  const report = await ctx.services.deliverability.checkDomain(
    {
      domain: positionals[0],
      ...(values.selector && { selector: values.selector }),
      ...(account && { accountId: account.id }),
    },
    resolver,
  )
  ctx.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : readable(report))
  return report.bulkReady ? exitCodes.ok : exitCodes.failed
}

function readable(report: DomainReport): string {
  const lines = [`Domain check of ${report.domain}${report.selector ? ` (DKIM selector ${report.selector})` : ''}`, '']
  for (const f of report.findings) {
    lines.push(`  ${marks[f.status]}  ${f.area.toUpperCase().padEnd(7)} ${f.message}`)
    if (f.record) lines.push(`              record: ${f.record}`)
    if (f.fix && f.status !== 'pass') lines.push(`              fix:    ${f.fix}`)
  }
  lines.push(
    '',
    report.bulkReady
      ? 'Meets the Gmail/Yahoo rules for bulk senders (SPF, DKIM, DMARC).'
      : 'Does NOT meet the Gmail/Yahoo rules for bulk senders: fix the FAIL lines above.',
  )
  return `${lines.join('\n')}\n`
}
