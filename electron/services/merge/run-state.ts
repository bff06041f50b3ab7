import type { AppError, MergeRunState } from '../../../shared/contract'
import type { JournalRecord } from './merge-journal'

/** Where each row is, one byte per row, so 100,000 rows take 100 KB. */
export const RowState = { pending: 0, sending: 1, sent: 2, failed: 3, uncertain: 4, skipped: 5 } as const
export type RowStateValue = (typeof RowState)[keyof typeof RowState]

/**
 * A run's rows as its journal says, replayed record by record: the same function serves the
 * running process (it applies each record it appends) and a resume (it replays the file).
 */
export class RunState {
  readonly rows: Uint8Array
  /** Temporary failures per row (deferred records), to give up after a few. */
  readonly attempts: Uint8Array
  sent = 0
  failed = 0
  uncertain = 0
  skipped = 0
  state: MergeRunState = 'sending'
  error: AppError | undefined
  /** Times of recent deliveries (ms since the epoch), so a resumed run keeps to the hourly limit. */
  readonly recentSends: number[] = []

  constructor(readonly total: number) {
    this.rows = new Uint8Array(total + 1)
    this.attempts = new Uint8Array(total + 1)
  }

  get remaining(): number {
    return this.total - this.skipped - this.sent - this.failed - this.uncertain
  }

  apply(record: JournalRecord): void {
    if (record.k === 'state') {
      this.state = record.state
      this.error = record.error
      return
    }
    // A copy in Sent changes nothing about the row's delivery (MergeSentCopies keeps its own count).
    if (record.k === 'copy') return
    const row = record.row
    if (!Number.isInteger(row) || row < 1 || row > this.total) return
    const before = this.rows[row]
    this.leave(before)
    switch (record.k) {
      case 'skipped':
        this.rows[row] = RowState.skipped
        this.skipped++
        break
      case 'sending':
        this.rows[row] = RowState.sending
        this.remember(record.t)
        break
      case 'sent':
        this.rows[row] = RowState.sent
        this.sent++
        break
      case 'failed':
        this.rows[row] = RowState.failed
        this.failed++
        break
      case 'uncertain':
        this.rows[row] = RowState.uncertain
        this.uncertain++
        break
      case 'retry':
        this.rows[row] = RowState.pending
        this.attempts[row] = 0
        break
      case 'deferred':
        this.rows[row] = RowState.pending
        if (!record.slow) this.attempts[row] = Math.min(255, this.attempts[row] + 1)
        break
    }
  }

  /** Rows that got "sending" and no answer: after a crash, each may have been delivered. */
  *inFlight(): Generator<number> {
    for (let row = 1; row <= this.total; row++) if (this.rows[row] === RowState.sending) yield row
  }

  private leave(state: number): void {
    if (state === RowState.sent) this.sent--
    else if (state === RowState.failed) this.failed--
    else if (state === RowState.uncertain) this.uncertain--
    else if (state === RowState.skipped) this.skipped--
  }

  private remember(t: number): void {
    this.recentSends.push(t)
    // Only the last hour matters to any limit.
    if (this.recentSends.length > 4096 && this.recentSends[0] < t - 3_600_000) {
      const keep = this.recentSends.findIndex((s) => s >= t - 3_600_000)
      this.recentSends.splice(0, keep === -1 ? this.recentSends.length : keep)
    }
  }
}
