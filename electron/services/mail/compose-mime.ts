import MailComposer from 'nodemailer/lib/mail-composer'
import { parseAddressList, type Mailbox } from '../../../shared/addresses'
import type { Account, SendRequest } from '../../../shared/contract'

/** A message built once: the bytes to send and the envelope to send them with. */
export interface PreparedMessage {
  raw: Buffer
  envelope: { from: string; to: string[] }
  messageId: string
  subject: string
}

/**
 * Builds the MIME message for a request. Bcc recipients go into the envelope only: MailComposer
 * leaves the Bcc header out of the built message.
 */
export async function composeMime(account: Account, request: SendRequest): Promise<PreparedMessage> {
  const node = new MailComposer({
    from: { name: account.name, address: account.email },
    to: mailboxes(request.to),
    cc: mailboxes(request.cc),
    bcc: mailboxes(request.bcc),
    ...(account.replyTo && { replyTo: account.replyTo }),
    subject: request.subject,
    ...(request.html !== '' && { html: request.html }),
    ...(request.text !== undefined && { text: request.text }),
  }).compile()
  node.keepBcc = false
  const raw = await node.build()
  const envelope = node.getEnvelope()
  return { raw, envelope: { from: envelope.from || account.email, to: envelope.to }, messageId: node.messageId(), subject: request.subject }
}

/** Address objects, not strings: the composer then encodes each display name itself. */
function mailboxes(entries: string[]): Mailbox[] {
  return entries.flatMap((entry) => parseAddressList(entry).mailboxes)
}
