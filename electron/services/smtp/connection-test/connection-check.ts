import type { DkimSigningKey } from '../../dkim/dkim-key'
import type { Account, TestReport, TestStep } from '../../../../shared/contract'
import { redactError, redactText, secretForms } from '../../errors/redact-secrets'
import type { Network } from '../../net/network'
import { TranscriptRecorder } from '../transcript/transcript-recorder'
import { StepRunner } from './step-runner'
import { authStep } from './steps/auth-step'
import { connectStep } from './steps/connect-step'
import { ehloStep } from './steps/ehlo-step'
import { envelopeStep } from './steps/envelope-step'
import { imapStep, type ImapCheck } from './steps/imap-step'
import { messageStep } from './steps/message-step'
import { resolveStep } from './steps/resolve-step'
import { tlsStep } from './steps/tls-step'
import type { CheckContext, SecretRenewal } from './check-context'

export interface ConnectionTestOptions {
  network: Network
  /** Also send a short test message to this address. */
  sendTestTo?: string
  /** Check MAIL FROM with this sender (default: the account's address when rcptTo is given). */
  mailFrom?: string
  /** Check RCPT TO for these recipients, then RSET: nothing is sent. */
  rcptTo: string[]
  signal?: AbortSignal
  /** Called when a step starts (status running) and when it ends. */
  onStep?: (step: TestStep) => void
  /** Checks the account's IMAP server as the last step, when it has one. */
  imap?: ImapCheck
  /** Renews the secret once after a refused login (an OAuth2 account refreshes its token). */
  renewal?: SecretRenewal
  /** The account's DKIM key: the test message is signed as the account's mail is. */
  dkim?: DkimSigningKey
}

/**
 * Tests an account step by step over its own SMTP session: resolve, connect, TLS, EHLO, AUTH,
 * then optionally an envelope check (MAIL FROM/RCPT TO, RSET) and a test message. Stops at the
 * first failure with advice in `error`. Never throws: a cancel marks the running step cancelled.
 * The transcript, steps and error never contain the secret in any form.
 */
export async function checkConnection(
  account: Account,
  secret: string | undefined,
  options: ConnectionTestOptions,
): Promise<TestReport> {
  const started = performance.now()
  const secrets = secret ? secretForms(secret, account.username) : []
  const transcript = new TranscriptRecorder({ secrets, startedAt: started })
  const ctx: CheckContext = {
    account,
    secret,
    renewal: options.renewal,
    dkim: options.dkim,
    // The same array the recorder and the redaction below read, so a renewed token is hidden too.
    hideSecret: (more) => secrets.push(...secretForms(more, account.username)),
    network: options.network,
    signal: options.signal,
    timeoutMs: account.timeoutSeconds * 1000,
    transcript,
    report: { certificate: null, capabilities: null, envelope: [] },
  }
  const runner = new StepRunner({
    onStep: options.onStep,
    signal: options.signal,
    errorContext: { host: account.host, port: account.port, security: account.security },
    redact: (text) => redactText(text, secrets),
  })
  const checkEnvelope = options.mailFrom !== undefined || options.rcptTo.length > 0

  try {
    await runner.run('resolve', () => resolveStep(ctx))
    await runner.run('connect', () => connectStep(ctx))
    await runner.run('tls', () => tlsStep(ctx))
    await runner.run('ehlo', () => ehloStep(ctx))
    if (account.auth) await runner.run('auth', () => authStep(ctx))
    else runner.skip('auth', 'Authentication is off for this account')
    if (checkEnvelope)
      await runner.run('envelope', () => envelopeStep(ctx, options.mailFrom ?? account.email, options.rcptTo))
    else runner.skip('envelope', 'No sender or recipients to check')
    if (options.sendTestTo !== undefined) await runner.run('message', () => messageStep(ctx, options.sendTestTo!))
    else runner.skip('message', 'No test message asked for')
    const imapCheck = options.imap
    if (account.imap && imapCheck) await runner.run('imap', () => imapStep(ctx, imapCheck))
    else runner.skip('imap', 'No IMAP server set for this account')
  } finally {
    // A cancelled run drops the line at once; otherwise say goodbye politely.
    if (runner.cancelled) ctx.session?.destroy()
    else await ctx.session?.quit()
    ctx.socket?.destroy()
    if (runner.cancelled) transcript.info('Cancelled: connection closed')
  }

  return {
    ok: !runner.stopped,
    steps: runner.steps,
    certificate: ctx.report.certificate,
    capabilities: ctx.report.capabilities,
    envelope: ctx.report.envelope,
    transcript: transcript.lines(),
    error: runner.error ? redactError(runner.error, secrets) : null,
    elapsedMs: Math.round(performance.now() - started),
  }
}
