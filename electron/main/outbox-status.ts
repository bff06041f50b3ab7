import type { OutboxEntry } from '../../shared/contract'

/** States in which a message still has to go out (or is going out right now). */
const unsent = new Set(['queued', 'retrying', 'sending'])

/** What the tray, the badge and the quit guard say about the outbox. */
export interface OutboxStatus {
  /** Messages still to send, scheduled ones included. */
  waiting: number
  /** Of those, being sent right now. */
  sending: number
  /** Scheduled for later (send later), not merely in the undo delay. */
  scheduled: number
}

export function outboxStatus(entries: OutboxEntry[], now: Date = new Date()): OutboxStatus {
  const left = entries.filter((e) => unsent.has(e.state))
  return {
    waiting: left.length,
    sending: left.filter((e) => e.state === 'sending').length,
    scheduled: left.filter((e) => Date.parse(e.sendAt) - now.getTime() > 60_000).length,
  }
}

/** "1 message" / "3 messages". */
export function messages(count: number): string {
  return `${count} message${count === 1 ? '' : 's'}`
}
