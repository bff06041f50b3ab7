import type { EnvelopeCheck } from '../../../../../shared/contract'
import { toAppError } from '../../../errors/to-app-error'
import { envelopeAddress, mailFromCommand, recipientAccepted } from '../envelope-address'
import { replyError, replyText, type SmtpReply } from '../smtp-client/smtp-errors'
import type { StepOutcome } from '../step-runner'
import type { CheckContext } from '../check-context'

/**
 * Asks the server whether it accepts a sender (MAIL FROM) and recipients (RCPT TO), then resets
 * the envelope (RSET): nothing is sent. Some refused recipients make a warning (the answer to the
 * question is the result); every recipient refused fails the test.
 */
export async function envelopeStep(ctx: CheckContext, mailFrom: string, rcptTo: string[]): Promise<StepOutcome> {
  const session = ctx.session!
  const sender = envelopeAddress(mailFrom, 'mailFrom')
  const recipients = rcptTo.map((r) => envelopeAddress(r, 'rcptTo'))
  const checks = ctx.report.envelope
  const mail = await session.command(mailFromCommand(sender, ctx.report.capabilities))
  checks.push(check(sender, 'sender', mail))
  if (mail.code !== 250) throw replyError('EENVELOPE', 'MAIL FROM', mail)
  let lastRefusal: SmtpReply | undefined
  for (const recipient of recipients) {
    const reply = await session.command(`RCPT TO:<${recipient}>`)
    checks.push(check(recipient, 'recipient', reply))
    if (!recipientAccepted(reply.code)) lastRefusal = reply
  }
  const rset = await session.command('RSET')
  if (rset.code !== 250) throw replyError('EPROTOCOL', 'RSET', rset)
  const refused = checks.filter((c) => c.kind === 'recipient' && !c.accepted).map((c) => c.address)
  const details = checks.map((c) => ({
    label: `${c.kind === 'sender' ? 'MAIL FROM' : 'RCPT TO'} <${c.address}>`,
    value: `${c.accepted ? 'accepted' : 'refused'}: ${c.response}`,
  }))
  details.push({ label: 'Sent', value: 'Nothing: the envelope was reset (RSET)' })
  // Every recipient refused: nothing could be sent to anyone, so the test has failed, not passed with a warning.
  if (lastRefusal && refused.length === recipients.length)
    throw replyError('EENVELOPE', 'RCPT TO', lastRefusal, { rejected: refused })
  if (lastRefusal) {
    const advice = toAppError(replyError('EENVELOPE', 'RCPT TO', lastRefusal, { rejected: refused }))
    if (advice.hint) details.push({ label: 'What to do', value: advice.hint })
  }
  const summary =
    recipients.length === 0
      ? `Sender <${sender}> accepted`
      : refused.length === 0
        ? `Sender and ${recipients.length} recipient(s) accepted`
        : `${refused.length} of ${recipients.length} recipient(s) refused: ${refused.join(', ')}`
  return { status: refused.length > 0 ? 'warning' : 'ok', summary, details }
}

function check(address: string, kind: EnvelopeCheck['kind'], reply: SmtpReply): EnvelopeCheck {
  return {
    address,
    kind,
    accepted: kind === 'sender' ? reply.code === 250 : recipientAccepted(reply.code),
    response: replyText(reply),
  }
}
