import { createReadStream } from 'node:fs'
import { open, type FileHandle } from 'node:fs/promises'
import { createInterface } from 'node:readline'
import type { AppError, ErrorCode, MergeRunState } from '../../../shared/contract'

/**
 * One line of a run's journal (`journal.log`, JSON lines, append-only). `t` is the time (ms since
 * the epoch). Rows are data rows counted from 1.
 *
 * - skipped: an invalid row, left out at the user's word (written when the run is created)
 * - sending: the whole message is with the server but the final "." is not: the point of no
 *   return. On disk (fsynced) before the "." goes out.
 * - sent / failed: the server's answer (failed: refused for good, or still refused after retries)
 * - deferred: a temporary refusal (4xx) or a connection lost before the "."; the row is sent again
 *   (`slow`: the server asked the whole run to slow down; that does not count against the row)
 * - uncertain: the connection was lost after the "." (or a run stopped there): may have been
 *   delivered, so never sent again without the user's word
 * - retry: the user's word to send a failed or uncertain row again (`merge --retry-failed`,
 *   `--resend-uncertain`, or the run view's buttons): the row is pending again
 * - state: the run started (again), was paused, cancelled, interrupted, or finished
 * - copy: a run that saves copies in Sent (issue 18): `try` is on disk before each IMAP APPEND of
 *   a delivered row's message, then `saved` or `failed`; `waiting` notes IMAP could not be reached
 */
export type JournalRecord =
  | { k: 'skipped'; row: number; to?: string; problems: string[] }
  | { k: 'sending'; row: number; to: string; mid: string; t: number }
  | { k: 'sent'; row: number; resp: string; t: number }
  | { k: 'failed'; row: number; to: string; code: ErrorCode; msg: string; resp?: string; t: number }
  | { k: 'deferred'; row: number; code: ErrorCode; msg: string; resp?: string; t: number; slow?: boolean }
  | { k: 'uncertain'; row: number; t: number }
  | { k: 'retry'; row: number; t: number }
  | { k: 'state'; state: MergeRunState; t: number; pid?: number; error?: AppError }
  | {
      k: 'copy'
      row: number
      step: 'try' | 'saved' | 'waiting' | 'failed'
      t: number
      folder?: string
      code?: ErrorCode
      msg?: string
    }

/** Where records go: a file (the real thing) or memory (to measure what the file costs). */
export interface Journal {
  /** Queues a record; it is written soon, and durable after the next `durable()`. */
  append(record: JournalRecord): void
  /** Resolves once every record appended before the call is on disk (written and fsynced). */
  durable(): Promise<void>
  close(): Promise<void>
}

/**
 * The journal file. Appends are buffered and written together on the next turn of the event
 * loop (one write for many records, so a SIGKILL loses at most that turn's records, and nothing
 * that was promised durable). `durable()` is a group commit: callers that ask while an fsync is
 * under way share the next one, so K connections waiting at their final "." cost one fsync, not K.
 * A periodic fsync makes the other records (sent, failed) durable within a second.
 */
export class FileJournal implements Journal {
  private buffer: string[] = []
  private appended = 0
  private written = 0
  private synced = 0
  private waiters: { seq: number; resolve: () => void; reject: (error: Error) => void }[] = []
  private flushing = false
  private scheduled = false
  private failure: Error | undefined
  private readonly timer: NodeJS.Timeout

  private constructor(private readonly handle: FileHandle) {
    this.timer = setInterval(() => {
      if (this.synced < this.appended) void this.durable().catch(() => {})
    }, 1000)
    this.timer.unref()
  }

  static async open(path: string): Promise<FileJournal> {
    const handle = await open(path, 'a+', 0o600)
    // A crash can leave a torn last line; the next record must not be glued onto it.
    const { size } = await handle.stat()
    if (size > 0) {
      const last = Buffer.alloc(1)
      await handle.read(last, 0, 1, size - 1)
      if (last[0] !== 0x0a) await handle.appendFile('\n')
    }
    return new FileJournal(handle)
  }

  append(record: JournalRecord): void {
    if (this.failure) throw this.failure
    this.buffer.push(`${JSON.stringify(record)}\n`)
    this.appended++
    this.schedule()
  }

  durable(): Promise<void> {
    if (this.failure) return Promise.reject(this.failure)
    const seq = this.appended
    if (this.synced >= seq) return Promise.resolve()
    return new Promise((resolve, reject) => {
      this.waiters.push({ seq, resolve, reject })
      this.schedule()
    })
  }

  async close(): Promise<void> {
    clearInterval(this.timer)
    try {
      await this.durable()
    } finally {
      await this.handle.close()
    }
  }

  private schedule(): void {
    if (this.scheduled || this.flushing) return
    this.scheduled = true
    setImmediate(() => void this.flush())
  }

  private async flush(): Promise<void> {
    this.scheduled = false
    if (this.flushing) return
    this.flushing = true
    try {
      while (this.buffer.length > 0 || this.waiters.length > 0) {
        if (this.buffer.length > 0) {
          const upto = this.appended
          const data = this.buffer.join('')
          this.buffer = []
          await this.handle.appendFile(data)
          this.written = upto
        }
        if (this.waiters.length > 0) {
          const upto = this.written
          await this.handle.datasync()
          this.synced = upto
          const ready = this.waiters.filter((w) => w.seq <= upto)
          this.waiters = this.waiters.filter((w) => w.seq > upto)
          for (const w of ready) w.resolve()
        }
      }
    } catch (error) {
      this.failure = error as Error
      for (const w of this.waiters) w.reject(this.failure)
      this.waiters = []
    } finally {
      this.flushing = false
    }
  }
}

/** A journal that keeps nothing on disk: for the benchmark's "what does the journal cost" figure and for dry runs. */
export class MemoryJournal implements Journal {
  readonly records: JournalRecord[] = []
  append(record: JournalRecord): void {
    this.records.push(record)
  }
  durable(): Promise<void> {
    return Promise.resolve()
  }
  close(): Promise<void> {
    return Promise.resolve()
  }
}

/** The records of a journal file in order. A torn last line (a crash mid-write) is ignored: it was never promised durable. */
export async function* readJournal(path: string): AsyncGenerator<JournalRecord> {
  const stream = createReadStream(path, { encoding: 'utf8' })
  const lines = createInterface({ input: stream, crlfDelay: Infinity })
  try {
    for await (const line of lines) {
      if (line === '') continue
      let record: JournalRecord
      try {
        record = JSON.parse(line) as JournalRecord
      } catch {
        continue
      }
      yield record
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
  } finally {
    lines.close()
    stream.destroy()
  }
}
