import { parseAddressList } from '../../../shared/addresses'
import type { OutboxEntry } from '../../../shared/contract'
import type { AccountStore } from '../accounts/account-store'
import { SendsmithError } from '../errors/app-error'
import type { Outbox } from '../outbox/outbox'
import type { LocalInbox } from './local-inbox'

export interface ReleaseRequest {
  /** The caught message's id. */
  id: string
  /** The account to send through: its id or name. */
  account: string
  /** New recipients (the envelope only: the message's To and Cc headers stay as they were). */
  to: string[]
}

/**
 * Sends a message caught by the test inbox on to real recipients through one of the user's
 * accounts, byte for byte as it was received (every header kept) with a new envelope: the
 * account's address as MAIL FROM, the given recipients as RCPT TO. It goes through the outbox like
 * any other message (on disk first, retried, never sent twice); the caller attempts it at once or
 * leaves it to the outbox's worker.
 */
export async function releaseMessage(
  deps: { inbox: LocalInbox; accounts: AccountStore; outbox: Outbox },
  request: ReleaseRequest,
): Promise<OutboxEntry> {
  const recipients: string[] = []
  for (const value of request.to) {
    const { mailboxes, invalid } = parseAddressList(value)
    if (invalid.length > 0)
      throw new SendsmithError({
        code: 'VALIDATION',
        field: 'to',
        message: `"${invalid[0].input}" is not a valid address: ${invalid[0].reason}`,
      })
    recipients.push(...mailboxes.map((m) => m.address))
  }
  if (recipients.length === 0)
    throw new SendsmithError({ code: 'VALIDATION', field: 'to', message: 'Give at least one address to release to' })
  const account = deps.accounts.find(request.account)
  const summary = await deps.inbox.store.summary(request.id)
  const raw = await deps.inbox.store.raw(request.id)
  return deps.outbox.enqueue(account.id, {
    raw,
    envelope: { from: account.email, to: recipients },
    messageId: headerValue(raw, 'message-id') ?? '',
    subject: summary.subject,
  })
}

/** One header's unfolded value from the raw message's header section. */
function headerValue(raw: Buffer, name: string): string | undefined {
  const end = raw.indexOf('\r\n\r\n')
  const head = raw.subarray(0, end === -1 ? Math.min(raw.length, 64 * 1024) : end).toString('utf8')
  const match = new RegExp(`^${name}:[ \\t]*((?:.*)(?:\\r?\\n[ \\t].*)*)`, 'im').exec(head)
  return match?.[1].replace(/\r?\n[ \t]+/g, ' ').trim()
}
