import { describeCapabilities, parseCapabilities } from '../capabilities'
import { readGreeting, sayHello } from '../smtp-client/smtp-commands'
import { replyText } from '../smtp-client/smtp-errors'
import type { StepOutcome } from '../step-runner'
import type { CheckContext } from '../check-context'

/** EHLO over the connection as it will carry mail (for STARTTLS: the EHLO after the upgrade). */
export async function ehloStep(ctx: CheckContext): Promise<StepOutcome> {
  const { account } = ctx
  const session = ctx.session!
  const greeting = account.security === 'tls' ? await readGreeting(session) : undefined
  const reply = await sayHello(session, account.clientName)
  const parsed = parseCapabilities(reply.lines)
  const capabilities = { ...parsed, startTls: parsed.startTls || ctx.offeredStartTls === true }
  ctx.report.capabilities = capabilities
  const unencryptedButOffered = account.security === 'none' && capabilities.startTls
  return {
    status: unencryptedButOffered ? 'warning' : 'ok',
    summary: describeCapabilities(capabilities),
    details: [
      ...(greeting ? [{ label: 'Greeting', value: replyText(greeting) }] : []),
      { label: 'Server', value: reply.lines[0].replace(/^\d{3}[ -]?/, '') },
      { label: 'Maximum size', value: capabilities.size !== null ? `${capabilities.size} bytes` : 'not announced' },
      { label: 'AUTH mechanisms', value: capabilities.authMechanisms.join(' ') || 'none offered' },
      { label: 'STARTTLS', value: capabilities.startTls ? 'yes' : 'no' },
      { label: 'PIPELINING', value: capabilities.pipelining ? 'yes' : 'no' },
      { label: '8BITMIME', value: capabilities.eightBitMime ? 'yes' : 'no' },
      { label: 'SMTPUTF8', value: capabilities.smtpUtf8 ? 'yes' : 'no' },
      ...(unencryptedButOffered
        ? [{ label: 'What to do', value: 'The server offers STARTTLS: choose STARTTLS to encrypt this connection.' }]
        : []),
    ],
  }
}
