import { parseArgs } from 'node:util'
import {
  imapSecuritySchema,
  sentCopyModeSchema,
  type Account,
  type AccountInput,
  type OutboxEntry,
  type RoundTripReport,
} from '../../../shared/contract'
import type { CliContext } from '../cli-context'
import { exitCodes, printError, usageError } from '../cli-errors'
import { readPassword } from '../read-password'
import { imapUsage } from '../usage'

/** The IMAP options `accounts add` and `accounts edit` take (node:util parseArgs form). */
export const imapOptions = {
  'imap-host': { type: 'string' },
  'imap-port': { type: 'string' },
  'imap-security': { type: 'string' },
  'imap-user': { type: 'string' },
  'sent-copy': { type: 'string' },
  'sent-folder': { type: 'string' },
  'no-imap': { type: 'boolean', default: false },
  'imap-password-stdin': { type: 'boolean', default: false },
  'same-imap-password': { type: 'boolean', default: false },
} as const

type ImapValues = {
  'imap-host'?: string
  'imap-port'?: string
  'imap-security'?: string
  'imap-user'?: string
  'sent-copy'?: string
  'sent-folder'?: string
  'no-imap'?: boolean
  'imap-password-stdin'?: boolean
  'same-imap-password'?: boolean
}

/**
 * The account fields the IMAP options set, over what the account has (when editing). The port
 * defaults by security (993 SSL/TLS, 143 STARTTLS), the security by port.
 */
export function imapFields(values: ImapValues, existing?: Account): Pick<AccountInput, 'imap' | 'sentCopy'> {
  const out: Pick<AccountInput, 'imap' | 'sentCopy'> = {}
  if (values['sent-copy'] !== undefined) {
    const mode = sentCopyModeSchema.safeParse(values['sent-copy'])
    if (!mode.success)
      throw usageError(
        `--sent-copy must be auto, always or never, not "${values['sent-copy']}"`,
        'auto skips Gmail and Microsoft 365 (they save sent mail themselves) and appends elsewhere only when the copy is missing.',
      )
    out.sentCopy = mode.data
  }
  if (values['no-imap']) return { ...out, imap: undefined }
  const touched = ['imap-host', 'imap-port', 'imap-security', 'imap-user', 'sent-folder'].some(
    (k) => values[k as keyof ImapValues] !== undefined,
  )
  if (!touched) return existing ? { ...out, imap: existing.imap } : out
  const host = values['imap-host'] ?? existing?.imap?.host
  if (host === undefined)
    throw usageError(
      '--imap-host is required to set up IMAP',
      'For example: --imap-host imap.example.com --imap-port 993 --imap-security tls',
    )
  let security = existing?.imap?.security
  if (values['imap-security'] !== undefined) {
    const parsed = imapSecuritySchema.safeParse(values['imap-security'])
    if (!parsed.success)
      throw usageError(
        `--imap-security must be none, starttls or tls, not "${values['imap-security']}"`,
        'Use tls for port 993 and starttls for port 143.',
      )
    security = parsed.data
  }
  const port =
    values['imap-port'] !== undefined
      ? Number(values['imap-port'])
      : (existing?.imap?.port ?? (security === 'tls' || security === undefined ? 993 : 143))
  security ??= port === 993 ? 'tls' : 'starttls'
  return {
    ...out,
    imap: {
      host,
      port,
      security,
      username: values['imap-user'] ?? existing?.imap?.username ?? '',
      sentFolder: values['sent-folder'] ?? existing?.imap?.sentFolder ?? '',
    },
  }
}

/**
 * A separate IMAP password from stdin (`--imap-password-stdin`), or back to the SMTP password
 * (`--same-imap-password`). Standard input carries one secret per command.
 */
export async function imapPasswordField(
  values: ImapValues,
  ctx: CliContext,
  passwordStdin: boolean,
): Promise<Pick<AccountInput, 'imapPassword'>> {
  if (values['imap-password-stdin'] && values['same-imap-password'])
    throw usageError('Give either --imap-password-stdin or --same-imap-password, not both')
  if (values['imap-password-stdin'] && passwordStdin)
    throw usageError(
      '--password-stdin and --imap-password-stdin both read standard input: give one per command',
      'Then set the other: printf %s "$IMAP_PASS" | sendsmith accounts edit NAME --imap-password-stdin',
    )
  if (values['imap-password-stdin']) return { imapPassword: await readPassword(ctx.stdin, '--imap-password-stdin') }
  if (values['same-imap-password']) return { imapPassword: null }
  return {}
}

/** "copy saved to Sent", "copy waiting (retry 10:02)", ... for the outbox and sent lists. */
export function copyStateText(entry: OutboxEntry): string {
  const copy = entry.sentCopy
  if (!copy) return ''
  if (copy.state === 'saved') return `copy saved to ${copy.folder ?? 'Sent'}`
  if (copy.state === 'waiting')
    return `copy waiting${copy.nextAttemptAt ? ` (next try ${copy.nextAttemptAt})` : ''}${copy.lastError ? `: ${copy.lastError.message}` : ''}`
  if (copy.state === 'failed') return `copy failed: ${copy.lastError?.message ?? copy.detail}`
  return `no copy: ${copy.detail}`
}

/** `sendsmith accounts roundtrip NAME`: send to myself, read it back, show what the receiver recorded. */
export async function roundtripCommand(args: string[], ctx: CliContext): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    strict: true,
    allowPositionals: true,
    options: { json: { type: 'boolean', default: false }, timeout: { type: 'string', default: '120' } },
  })
  if (positionals.length !== 1) throw usageError('Name one account for the round trip', imapUsage)
  const timeout = Number(values.timeout)
  if (!Number.isInteger(timeout) || timeout < 5 || timeout > 900)
    throw usageError(`--timeout must be 5 to 900 seconds, not "${values.timeout}"`)
  const account = ctx.services.accounts.find(positionals[0])
  if (!values.json)
    ctx.stdout.write(`Sending a test to ${account.email} and waiting up to ${timeout} s for it over IMAP...\n`)
  const controller = new AbortController()
  const onInterrupt = () => controller.abort()
  process.once('SIGINT', onInterrupt)
  try {
    const report = await ctx.services.imap.roundTrip(account.id, timeout, controller.signal)
    if (values.json) ctx.stdout.write(`${JSON.stringify(report, null, 2)}\n`)
    else printRoundTrip(ctx, report)
    if (report.error) printError(ctx.stderr, report.error)
    return report.ok ? exitCodes.ok : report.error?.code === 'TIMEOUT' ? exitCodes.tempFail : exitCodes.failed
  } finally {
    process.off('SIGINT', onInterrupt)
  }
}

function printRoundTrip(ctx: CliContext, report: RoundTripReport): void {
  const out = (line = '') => ctx.stdout.write(`${line}\n`)
  if (!report.folder) return
  out(
    `Arrived in ${report.folder}${report.inSpam ? ' (the spam folder!)' : ''} after ${((report.delayMs ?? 0) / 1000).toFixed(1)} s`,
  )
  out(`Message-ID: ${report.messageId}`)
  out()
  if (report.authenticationResults.length === 0) out('Authentication-Results: none (the receiving server wrote none)')
  for (const results of report.authenticationResults) {
    out(`Authentication-Results by ${results.authservId}:`)
    for (const v of results.verdicts) out(`  ${v.method.toUpperCase().padEnd(6)} ${v.result.padEnd(9)} ${v.properties}`)
  }
  out()
  out('Received hops (newest first):')
  for (const hop of report.received)
    out(`  by ${hop.by || '?'} from ${hop.from || '?'} with ${hop.with || '?'}: ${hop.tls ?? 'NOT ENCRYPTED'}`)
}
