import { randomUUID } from 'node:crypto'
import { parseArgs } from 'node:util'
import type { DetectStep, TestReport, TestStep } from '../../../shared/contract'
import type { CliContext } from '../cli-context'
import { exitCodes, printError, usageError } from '../cli-errors'
import { accountSetupUsage } from '../usage'

const mark: Record<string, string> = {
  ok: '✓',
  found: '✓',
  warning: '!',
  failed: '✗',
  nothing: '–',
  skipped: '–',
  cancelled: '✗',
  running: '…',
}

/** Ctrl+C cancels the run cleanly (the report still prints) instead of killing the process. */
function cancelOnInterrupt(ctx: CliContext, runId: string): () => void {
  const onInterrupt = () => ctx.services.setup.cancel(runId)
  process.once('SIGINT', onInterrupt)
  return () => process.off('SIGINT', onInterrupt)
}

/** `sendsmith accounts detect EMAIL`: where to send from, with each step's outcome. */
export async function detectCommand(args: string[], ctx: CliContext): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    strict: true,
    allowPositionals: true,
    options: { json: { type: 'boolean', default: false } },
  })
  if (positionals.length !== 1) throw usageError('Give one email address to detect', accountSetupUsage)
  const runId = randomUUID()
  const release = cancelOnInterrupt(ctx, runId)
  const printStep = (step: DetectStep) => {
    if (!values.json && step.status !== 'running')
      ctx.stdout.write(`  ${mark[step.status]} ${step.label.padEnd(28)} ${step.detail} (${step.elapsedMs} ms)\n`)
  }
  try {
    const result = await ctx.services.setup.detect(positionals[0], runId, printStep)
    if (values.json) ctx.stdout.write(`${JSON.stringify(result, null, 2)}\n`)
    else if (result.best) {
      const b = result.best
      ctx.stdout.write(
        `\nSuggested: ${b.host}:${b.port} ${b.security.toUpperCase()}${b.username ? `, user ${b.username}` : ''} (${b.sourceDetail})${b.verified ? ', verified' : ''}\n`,
      )
      for (const note of b.notes) ctx.stdout.write(`  note: ${note}\n`)
    } else
      ctx.stdout.write('\nNo settings found: ask your provider for the outgoing (SMTP) server and add it by hand.\n')
    return result.best ? exitCodes.ok : exitCodes.failed
  } finally {
    release()
  }
}

/** `sendsmith accounts test NAME`: every step, the transcript with secrets redacted. */
export async function testCommand(args: string[], ctx: CliContext): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    strict: true,
    allowPositionals: true,
    options: {
      'send-to': { type: 'string' },
      from: { type: 'string' },
      rcpt: { type: 'string', multiple: true, default: [] },
      json: { type: 'boolean', default: false },
    },
  })
  if (positionals.length !== 1) throw usageError('Name one account to test', accountSetupUsage)
  const account = ctx.services.accounts.find(positionals[0])
  const runId = randomUUID()
  if (!values.json)
    ctx.stdout.write(`Testing ${account.name} (${account.host}:${account.port}, ${account.security.toUpperCase()})\n`)
  const printStep = (step: TestStep) => {
    if (!values.json && step.status !== 'running')
      ctx.stdout.write(`  ${mark[step.status]} ${step.label.padEnd(24)} ${step.summary} (${step.elapsedMs} ms)\n`)
  }
  const release = cancelOnInterrupt(ctx, runId)
  try {
    const report = await ctx.services.setup.test(
      { accountId: account.id, runId, sendTestTo: values['send-to'], mailFrom: values.from, rcptTo: values.rcpt },
      printStep,
    )
    if (values.json) ctx.stdout.write(`${JSON.stringify(report, null, 2)}\n`)
    else printReport(ctx, report)
    if (report.error) printError(ctx.stderr, report.error)
    if (report.ok) return exitCodes.ok
    // As `send`: an OAuth2 account that needs a new sign-in is "try again later" (75), not a broken setup.
    return report.error?.code === 'SIGN_IN_REQUIRED' ? exitCodes.tempFail : exitCodes.failed
  } finally {
    release()
  }
}

function printReport(ctx: CliContext, report: TestReport): void {
  const cert = report.certificate
  if (cert) {
    ctx.stdout.write(
      `\nCertificate: ${cert.subject}, issued by ${cert.issuer}, valid ${cert.validFrom} to ${cert.validTo}\n`,
    )
    ctx.stdout.write(
      `  ${cert.fingerprint} (${cert.trust}${cert.untrustedReason ? `: ${cert.untrustedReason}` : ''})\n`,
    )
    if (cert.trust === 'untrusted')
      ctx.stdout.write(
        `  To trust this certificate for this account only: sendsmith accounts trust NAME --fingerprint ${cert.fingerprint}\n`,
      )
  }
  for (const check of report.envelope)
    ctx.stdout.write(
      `${check.kind === 'sender' ? 'MAIL FROM' : 'RCPT TO'} ${check.address}: ${check.accepted ? 'accepted' : 'refused'} (${check.response})\n`,
    )
  ctx.stdout.write('\nTranscript:\n')
  for (const line of report.transcript)
    ctx.stdout.write(
      `  ${line.direction === 'client' ? 'C:' : line.direction === 'server' ? 'S:' : '* '} ${line.text}\n`,
    )
  ctx.stdout.write(report.ok ? `\nAll tests passed in ${report.elapsedMs} ms\n` : '\nThe test failed.\n')
}

/** `sendsmith accounts trust NAME --fingerprint sha256:HEX`: pin the certificate the server presents, if it is that one. */
export async function trustCommand(args: string[], ctx: CliContext): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    strict: true,
    allowPositionals: true,
    options: { fingerprint: { type: 'string' } },
  })
  if (positionals.length !== 1 || values.fingerprint === undefined)
    throw usageError('Name one account and give --fingerprint sha256:HEX', accountSetupUsage)
  const account = ctx.services.accounts.find(positionals[0])
  const trusted = await ctx.services.setup.trust(account.id, normaliseFingerprint(values.fingerprint))
  ctx.stdout.write(
    `Trusted ${trusted.trustedCertificate?.subject} (${trusted.trustedCertificate?.fingerprint}) for ${trusted.name} only\n`,
  )
  return exitCodes.ok
}

export function untrustCommand(args: string[], ctx: CliContext): number {
  const { positionals } = parseArgs({ args, strict: true, allowPositionals: true, options: {} })
  if (positionals.length !== 1) throw usageError('Name one account', accountSetupUsage)
  const account = ctx.services.setup.untrust(ctx.services.accounts.find(positionals[0]).id)
  ctx.stdout.write(`${account.name} no longer trusts a pinned certificate\n`)
  return exitCodes.ok
}

function normaliseFingerprint(value: string): string {
  const hex = value
    .trim()
    .replace(/^sha256:/i, '')
    .replace(/:/g, '')
    .toLowerCase()
  if (!/^[0-9a-f]{64}$/.test(hex))
    throw usageError('--fingerprint must be sha256: followed by 64 hex digits (colons allowed)')
  return `sha256:${hex}`
}
