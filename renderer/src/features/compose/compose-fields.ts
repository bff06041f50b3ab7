import { formatMailbox, parseAddressList } from '../../../../shared/addresses'
import type { Attachment, Draft, DraftInput, SendRequest } from '../../../../shared/contract'
import { splitTyped } from './recipient-text'
import { referencedCids } from './html-body'

export type RecipientField = 'to' | 'cc' | 'bcc' | 'replyTo'
export const recipientFields: RecipientField[] = ['to', 'cc', 'bcc', 'replyTo']
export type Priority = 'high' | 'normal' | 'low'

/** Chips already made, and what is still being typed after them. */
export interface RecipientText {
  chips: string[]
  pending: string
}

/** Everything in one compose window, as typed: the draft is this, the send request is made from it. */
export interface ComposeFields {
  accountId: string
  to: RecipientText
  cc: RecipientText
  bcc: RecipientText
  replyTo: RecipientText
  subject: string
  /** The HTML as it will be sent: inline images named `cid:<contentId>`. */
  html: string
  /** The plain-text part when the user edited it; undefined means "made from the HTML". */
  text?: string
  priority: Priority
  headers: { name: string; value: string }[]
  /** Files and inline images (those with a contentId), as bytes. */
  attachments: Attachment[]
}

const noRecipients = (): RecipientText => ({ chips: [], pending: '' })

export function emptyFields(accountId = '', html = ''): ComposeFields {
  return {
    accountId,
    to: noRecipients(),
    cc: noRecipients(),
    bcc: noRecipients(),
    replyTo: noRecipients(),
    subject: '',
    html,
    priority: 'normal',
    headers: [],
    attachments: [],
  }
}

/** The chips and the half-typed rest, as one line the draft keeps ("a@x, Bob <b@y>"). */
export function recipientLine(value: RecipientText): string {
  return [...value.chips, value.pending.trim()].filter((part) => part !== '').join(', ')
}

export function toDraft(fields: ComposeFields, id?: string): DraftInput {
  return {
    ...(id && { id }),
    accountId: fields.accountId,
    to: recipientLine(fields.to),
    cc: recipientLine(fields.cc),
    bcc: recipientLine(fields.bcc),
    replyTo: recipientLine(fields.replyTo),
    subject: fields.subject,
    html: fields.html,
    ...(fields.text !== undefined && { text: fields.text }),
    priority: fields.priority,
    headers: fields.headers,
    attachments: fields.attachments,
  }
}

export function fromDraft(draft: Draft): ComposeFields {
  const chips = (line: string): RecipientText => {
    const { complete, rest } = splitTyped(line)
    return { chips: [...complete, rest.trim()].filter((part) => part !== ''), pending: '' }
  }
  return {
    accountId: draft.accountId,
    to: chips(draft.to),
    cc: chips(draft.cc),
    bcc: chips(draft.bcc),
    replyTo: chips(draft.replyTo),
    subject: draft.subject,
    html: draft.html,
    text: draft.text,
    priority: draft.priority,
    headers: draft.headers,
    attachments: draft.attachments,
  }
}

/** Why one chip cannot be sent to, or null when every address in it parses. */
export function chipProblem(chip: string): string | null {
  const { mailboxes, invalid } = parseAddressList(chip)
  if (invalid.length > 0) return invalid.map((entry) => entry.reason).join('; ')
  return mailboxes.length === 0 ? 'it is not an address' : null
}

/** One line per bad address in a field, in the words the form shows under it. */
export function recipientErrors(value: RecipientText): string[] {
  const errors: string[] = []
  for (const chip of value.chips) {
    const { mailboxes, invalid } = parseAddressList(chip)
    for (const entry of invalid) errors.push(`"${entry.input}" is not a valid address: ${entry.reason}`)
    if (invalid.length === 0 && mailboxes.length === 0)
      errors.push(`"${chip}" is not a valid address: it is not an address`)
  }
  return errors
}

/** Addresses (lower-cased) that appear in more than one of To, Cc and Bcc, or twice in one. */
export function duplicateAddresses(fields: ComposeFields): Map<string, RecipientField[]> {
  const seen = new Map<string, RecipientField[]>()
  for (const field of ['to', 'cc', 'bcc'] as const) {
    for (const chip of fields[field].chips) {
      for (const box of parseAddressList(chip).mailboxes) {
        const key = box.address.toLowerCase()
        seen.set(key, [...(seen.get(key) ?? []), field])
      }
    }
  }
  return new Map([...seen].filter(([, where]) => where.length > 1))
}

/**
 * The request for mail:queue. Inline images the HTML no longer names are left out (the user deleted
 * them from the body); the text part is sent only when the user wrote it, else main makes it.
 */
export function toSendRequest(fields: ComposeFields): SendRequest {
  const addresses = (value: RecipientText) =>
    value.chips.flatMap((chip) => parseAddressList(chip).mailboxes.map(formatMailbox))
  const used = referencedCids(fields.html)
  return {
    accountId: fields.accountId,
    to: addresses(fields.to),
    cc: addresses(fields.cc),
    bcc: addresses(fields.bcc),
    replyTo: addresses(fields.replyTo),
    subject: fields.subject,
    html: fields.html,
    ...(fields.text !== undefined && { text: fields.text }),
    priority: fields.priority,
    headers: fields.headers.filter((h) => h.name.trim() !== '' || h.value.trim() !== ''),
    attachments: fields.attachments.filter((a) => a.contentId === undefined || used.has(a.contentId)),
  }
}

/** Commits what is still being typed in every address field into chips (before sending or saving). */
export function commitPending(fields: ComposeFields): ComposeFields {
  const next = { ...fields }
  for (const field of recipientFields) {
    const { complete, rest } = splitTyped(fields[field].pending)
    const more = [...complete, rest.trim()].filter((part) => part !== '')
    if (more.length > 0) next[field] = { chips: [...fields[field].chips, ...more], pending: '' }
  }
  return next
}
