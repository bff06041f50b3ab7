import type { OutboxEntry, OutboxRecipient, RecipientState } from '../../../shared/contract'
import type { FailureKind } from '../smtp/sender/classify-failure'
import type { RecipientOutcome } from '../smtp/sender/deliver-message'
import type { RecipientReply } from '../smtp/sender/smtp-sender'
import { classifyRecipient } from '../smtp/sender/classify-failure'

/**
 * Per-recipient bookkeeping of an outbox entry, as plain functions: the outbox decides what to do
 * with a message from where each of its recipients stands, so a 4xx for one recipient keeps the
 * message for that one only and an accepted recipient never gets it twice.
 */

/** The entry's recipients; an entry written before they were kept has every envelope recipient pending. */
export function recipientsOf(entry: OutboxEntry): OutboxRecipient[] {
  if (entry.recipients) return entry.recipients
  const state: RecipientState = entry.state === 'sending' && entry.dataComplete ? 'sending' : 'pending'
  return entry.envelope.to.map((address) => ({ address, state }))
}

/** Recipients this attempt sends to: not tried yet, or refused for now. */
export function recipientsToTry(entry: OutboxEntry): string[] {
  return recipientsOf(entry)
    .filter((r) => r.state === 'pending' || r.state === 'waiting')
    .map((r) => r.address)
}

export function withRecipients(
  entry: OutboxEntry,
  change: (recipient: OutboxRecipient) => OutboxRecipient,
): OutboxEntry {
  return { ...entry, recipients: recipientsOf(entry).map(change) }
}

/** The point of no return for the recipients a transaction's server accepted. */
export function markSending(entry: OutboxEntry, accepted: string[]): OutboxEntry {
  return withRecipients(entry, (r) => (accepted.includes(r.address) ? { ...r, state: 'sending' } : r))
}

/** One transaction's outcomes, recipient by recipient. */
export function applyOutcomes(entry: OutboxEntry, outcomes: RecipientOutcome[]): OutboxEntry {
  return withRecipients(entry, (r) => {
    const outcome = outcomes.find((o) => o.address === r.address)
    return outcome ? { address: r.address, state: outcome.state, response: outcome.response } : r
  })
}

/**
 * A failed attempt: recipients at the point of no return get the failure's meaning (uncertain
 * when no reply came after the final "."), those the server refused at RCPT TO keep that reply,
 * and the rest of this attempt's recipients wait (temporary) or are refused (final).
 */
export function applyFailure(
  entry: OutboxEntry,
  tried: string[],
  kind: FailureKind,
  response: string | undefined,
  replies: RecipientReply[],
): OutboxEntry {
  const keep = kind === 'temporary' || kind === 'requeue'
  return withRecipients(entry, (r) => {
    if (r.state === 'sending') {
      if (kind === 'uncertain') return { ...r, state: 'uncertain' }
      return { address: r.address, state: keep ? 'waiting' : 'refused', ...(response && { response }) }
    }
    if (!tried.includes(r.address) || (r.state !== 'pending' && r.state !== 'waiting')) return r
    const reply = replies.find((x) => x.address === r.address && !x.accepted)
    if (reply) return { address: r.address, state: classifyRecipient(reply), response: reply.response }
    return {
      address: r.address,
      state: keep || kind === 'uncertain' ? 'waiting' : 'refused',
      ...(response && { response }),
    }
  })
}

/** After a crash: recipients left at the point of no return may have been delivered. */
export function recoverRecipients(entry: OutboxEntry): OutboxEntry {
  return withRecipients(entry, (r) => (r.state === 'sending' ? { ...r, state: 'uncertain' } : r))
}

/** The user's word: send again to the recipients that may have been delivered or were refused. */
export function resendRecipients(entry: OutboxEntry): OutboxEntry {
  return withRecipients(entry, (r) =>
    r.state === 'uncertain' || r.state === 'refused' ? { address: r.address, state: 'pending' } : r,
  )
}

/** Waiting recipients given up after the last attempt: refused for good, with what the server last said. */
export function giveUpWaiting(entry: OutboxEntry): OutboxEntry {
  return withRecipients(entry, (r) => (r.state === 'waiting' || r.state === 'pending' ? { ...r, state: 'refused' } : r))
}

/**
 * The entry's state from its recipients: some still to try -> retrying; some unknown -> uncertain;
 * else sent when anyone took it, failed when nobody did.
 */
export function settledState(entry: OutboxEntry): 'retrying' | 'uncertain' | 'sent' | 'failed' {
  const states = recipientsOf(entry).map((r) => r.state)
  if (states.some((s) => s === 'pending' || s === 'waiting')) return 'retrying'
  if (states.some((s) => s === 'uncertain' || s === 'sending')) return 'uncertain'
  return states.some((s) => s === 'accepted') ? 'sent' : 'failed'
}
