import { convert } from 'html-to-text'
import MailComposer from 'nodemailer/lib/mail-composer'
import { asciiDomain, parseAddressList, type Mailbox } from '../../../shared/addresses'
import type { Account, ParsedSendRequest } from '../../../shared/contract'
import type { DkimSigningKey } from '../dkim/dkim-key'
import { signMessage } from '../dkim/dkim-sign'
import type { PreparedMessage } from '../outbox/prepared-message'

/**
 * Builds the MIME message for a request, once. HTML goes with a plain-text alternative (generated
 * with html-to-text unless the user wrote one); inline images become related parts the HTML names
 * by cid:. Bcc recipients go into the envelope only: no Bcc header is written. With the account's
 * DKIM key, the message is signed (List-Unsubscribe headers included).
 */
export async function composeMime(
  account: Account,
  request: ParsedSendRequest,
  options: { dkim?: DkimSigningKey } = {},
): Promise<PreparedMessage> {
  const replyTo =
    request.replyTo.length > 0
      ? mailboxes(request.replyTo)
      : account.replyTo
        ? [{ name: '', address: account.replyTo }]
        : []
  const node = new MailComposer({
    from: { name: account.name, address: account.email },
    to: mailboxes(request.to),
    cc: mailboxes(request.cc),
    bcc: mailboxes(request.bcc),
    ...(replyTo.length > 0 && { replyTo }),
    subject: request.subject,
    ...(request.html !== '' && { html: request.html }),
    text: request.text ?? (request.html !== '' ? plainText(request.html) : ''),
    headers: [...priorityHeaders[request.priority], ...request.headers.map((h) => ({ key: h.name, value: h.value }))],
    attachments: request.attachments.map((a) => ({
      filename: a.filename,
      contentType: a.contentType,
      content: Buffer.from(a.contentBase64, 'base64'),
      ...(a.contentId && { cid: a.contentId }),
    })),
    // Nothing in a message may make the composer read a file or fetch a URL on its own.
    disableFileAccess: true,
    disableUrlAccess: true,
  }).compile()
  node.keepBcc = false
  const built = await node.build()
  // Signed once, here: the outbox stores and resends these exact bytes.
  const raw = options.dkim ? signMessage(built, options.dkim) : built
  const envelope = node.getEnvelope()
  // The composer gives the envelope back in Unicode; servers without SMTPUTF8 need the ASCII domain.
  return {
    raw,
    envelope: { from: asciiDomain(envelope.from || account.email), to: envelope.to.map(asciiDomain) },
    messageId: node.messageId(),
    subject: request.subject,
  }
}

/** What Outlook, Thunderbird and Apple Mail read as importance (the composer does not write these itself). */
const priorityHeaders = {
  high: [
    { key: 'X-Priority', value: '1 (Highest)' },
    { key: 'X-MSMail-Priority', value: 'High' },
    { key: 'Importance', value: 'High' },
  ],
  normal: [],
  low: [
    { key: 'X-Priority', value: '5 (Lowest)' },
    { key: 'X-MSMail-Priority', value: 'Low' },
    { key: 'Importance', value: 'Low' },
  ],
} as const

/** The text alternative people see in text-only clients: links kept as "text [url]". */
export function plainText(html: string): string {
  return convert(html, { wordwrap: 78, selectors: [{ selector: 'img', format: 'skip' }] })
}

/** Address objects, not strings: the composer then encodes each display name itself. */
function mailboxes(entries: string[]): Mailbox[] {
  return entries.flatMap((entry) =>
    parseAddressList(entry).mailboxes.map((box) => ({ ...box, address: asciiDomain(box.address) })),
  )
}
