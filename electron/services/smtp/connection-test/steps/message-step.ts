import { envelopeAddress, mailFromCommand, recipientAccepted } from '../envelope-address'
import { replyError, replyText } from '../smtp-client/smtp-errors'
import type { StepOutcome } from '../step-runner'
import { buildTestMessage, testMessageSubject } from '../check-message'
import type { CheckContext } from '../check-context'

/** Sends the short test message from the account's address and returns the server's 250 reply. */
export async function messageStep(ctx: CheckContext, sendTestTo: string): Promise<StepOutcome> {
  const session = ctx.session!
  const from = envelopeAddress(ctx.account.email, 'email')
  const to = envelopeAddress(sendTestTo, 'sendTestTo')
  const message = await buildTestMessage(ctx.account, to, ctx.dkim)
  const mail = await session.command(mailFromCommand(from, ctx.report.capabilities))
  if (mail.code !== 250) throw replyError('EENVELOPE', 'MAIL FROM', mail)
  const rcpt = await session.command(`RCPT TO:<${to}>`)
  if (!recipientAccepted(rcpt.code)) throw replyError('EENVELOPE', 'RCPT TO', rcpt, { rejected: [to] })
  const data = await session.command('DATA')
  if (data.code !== 354) throw replyError('EMESSAGE', 'DATA', data)
  const accepted = await session.sendMessageData(message.text)
  if (accepted.code !== 250) throw replyError('EMESSAGE', 'DATA', accepted)
  return {
    summary: replyText(accepted),
    details: [
      { label: 'From', value: from },
      { label: 'To', value: to },
      { label: 'Subject', value: testMessageSubject },
      { label: 'Message-ID', value: message.messageId },
    ],
  }
}
