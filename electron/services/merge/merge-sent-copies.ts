import type { ImapFlow } from 'imapflow'
import { mkdir, readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import type { Account, AppError, MergeRunSummary } from '../../../shared/contract'
import { SendsmithError } from '../errors/app-error'
import { redactError } from '../errors/redact-secrets'
import { toAppError } from '../errors/to-app-error'
import { appendToFolder, locateSentFolder } from '../imap/append-sent-copy'
import { closeImap, openImap, type ImapAuthProvider } from '../imap/imap-connection'
import { temporaryCopyFailures } from '../imap/sent-copier'
import type { Logger } from '../log/logger'
import type { Network } from '../net/network'
import { writeFileAtomic } from '../storage/atomic-file'
import type { Journal, JournalRecord } from './merge-journal'

/** A delivered row's copy in Sent, as the journal tells it. */
interface CopyRow {
  messageId: string
  /** APPEND attempts begun ("copy try" records): after one, the next looks for the Message-ID first. */
  attempts: number
  state: 'waiting' | 'saved' | 'failed'
}

/**
 * The copies of a run that saves them, replayed from the journal: a row delivered ("sent") has a
 * copy waiting until a "copy saved" or "copy failed" record; its Message-ID comes from its
 * "sending" record.
 */
export class SentCopyLedger {
  private readonly messageIds = new Map<number, string>()
  readonly rows = new Map<number, CopyRow>()

  apply(record: JournalRecord): void {
    switch (record.k) {
      case 'sending':
        this.messageIds.set(record.row, record.mid)
        break
      case 'sent': {
        const messageId = this.messageIds.get(record.row)
        this.messageIds.delete(record.row)
        if (messageId) this.rows.set(record.row, { messageId, attempts: 0, state: 'waiting' })
        break
      }
      case 'copy': {
        const row = this.rows.get(record.row)
        if (!row) break
        if (record.step === 'try') row.attempts++
        else if (record.step !== 'waiting') row.state = record.step
        break
      }
    }
  }

  *waiting(): Generator<number> {
    for (const [row, copy] of this.rows) if (copy.state === 'waiting') yield row
  }

  counts(): NonNullable<MergeRunSummary['sentCopies']> {
    const counts = { saved: 0, waiting: 0, failed: 0 }
    for (const copy of this.rows.values()) counts[copy.state]++
    return counts
  }
}

export interface MergeSentCopiesDeps {
  runId: string
  /** The run's folder: each message waits in `sent-copies/<row>.eml` until its copy is saved. */
  dir: string
  account: Account
  secret: string | undefined
  secretsToHide: string[]
  /** auto mode: look for the Message-ID before every APPEND (the provider may have saved it). */
  checkFirst: boolean
  network: Network
  journal: Journal
  ledger: SentCopyLedger
  logger: Logger
  /** Waits after a pass failed because IMAP could not be reached; when they run out, the copies wait for a resume. */
  retryDelaysMs: number[]
  auth?: ImapAuthProvider
  /** The IMAP connection; a parameter so a test can lose an APPEND's answer. */
  open?: typeof openImap
}

/** Failures of the connection or the folder: every copy would meet them, not just this one. */
class ConnectionFailure extends Error {
  constructor(readonly failure: unknown) {
    super('IMAP connection failed')
  }
}

/**
 * A merge's copies in Sent (the per-run option): each delivered row's message, kept on disk from
 * before its final ".", is appended once over one IMAP connection, beside the sending. Durable like
 * the outbox's copy: a "copy try" record is on disk before each APPEND, and after one the next
 * attempt looks for the Message-ID first, so a lost answer or a crash never makes a second copy.
 * IMAP down: the pass stops and is tried again after a wait; copies still waiting when the run
 * ends are saved by a resume of the run.
 */
export class MergeSentCopies {
  private readonly queue: number[] = []
  private pumping: Promise<void> | undefined
  private client: ImapFlow | undefined
  private folder: string | undefined
  private failedPasses = 0
  private holdUntil = 0
  private timer: NodeJS.Timeout | undefined
  private draining = false
  private made = false

  constructor(private readonly deps: MergeSentCopiesDeps) {}

  /** Keeps a row's message until its copy is saved; called before the message is sent. */
  async keep(row: number, raw: Buffer): Promise<void> {
    if (!this.made) {
      await mkdir(join(this.deps.dir, 'sent-copies'), { recursive: true, mode: 0o700 })
      this.made = true
    }
    await writeFileAtomic(this.path(row), raw)
  }

  /** Sees each record the run writes: a delivered row's copy is queued. */
  observe(record: JournalRecord): void {
    this.deps.ledger.apply(record)
    if (record.k === 'sent' && this.deps.ledger.rows.get(record.row)?.state === 'waiting') {
      this.queue.push(record.row)
      this.kick()
    } else if (record.k === 'failed') void rm(this.path(record.row), { force: true })
  }

  /** Queues the copies an earlier process left waiting (a resumed run). */
  queueWaiting(): void {
    for (const row of this.deps.ledger.waiting()) if (!this.queue.includes(row)) this.queue.push(row)
    this.kick()
  }

  counts(): NonNullable<MergeRunSummary['sentCopies']> {
    return this.deps.ledger.counts()
  }

  /**
   * The run's sending is over: passes now (even during a wait) until every copy is saved or two
   * passes in a row met IMAP down; then the connection closes. What still waits, a resume saves.
   */
  async drain(): Promise<void> {
    this.draining = true
    clearTimeout(this.timer)
    await this.pumping
    this.failedPasses = 0
    while (this.queue.length > 0 && this.failedPasses < 2) await this.pump()
    await closeImap(this.client)
    this.client = undefined
  }

  private kick(): void {
    if (this.pumping || this.draining || Date.now() < this.holdUntil) return
    this.pumping = this.pump().finally(() => (this.pumping = undefined))
  }

  private async pump(): Promise<void> {
    while (this.queue.length > 0) {
      const row = this.queue[0]
      const copy = this.deps.ledger.rows.get(row)
      if (!copy || copy.state !== 'waiting') {
        this.queue.shift()
        continue
      }
      try {
        await this.copyOne(row, copy)
        this.failedPasses = 0
        this.queue.shift()
      } catch (error) {
        const connection = error instanceof ConnectionFailure
        const appError = this.toError(connection ? error.failure : error)
        await closeImap(this.client)
        this.client = undefined
        this.folder = undefined
        if (temporaryCopyFailures.includes(appError.code)) {
          this.waitAfter(row, appError)
          return
        }
        // A refused login or a missing Sent folder fails every copy; a refused APPEND only this one.
        for (const failed of connection ? this.queue.splice(0) : this.queue.splice(0, 1))
          this.record({
            k: 'copy',
            row: failed,
            step: 'failed',
            code: appError.code,
            msg: appError.message,
            t: Date.now(),
          })
        this.deps.logger.log('warn', 'merge.sent-copy-failed', { runId: this.deps.runId, code: appError.code })
      }
    }
  }

  private async copyOne(row: number, copy: CopyRow): Promise<void> {
    const { journal } = this.deps
    const client = await this.connect()
    const raw = await readFile(this.path(row)).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error
      throw new SendsmithError({ code: 'NOT_FOUND', message: `The message of row ${row} was not kept for its copy` })
    })
    const checkFirst = this.deps.checkFirst || copy.attempts > 0
    this.record({ k: 'copy', row, step: 'try', t: Date.now() })
    await journal.durable()
    const outcome = await appendToFolder(client, this.folder ?? '', raw, copy.messageId, checkFirst)
    this.record({ k: 'copy', row, step: 'saved', folder: this.folder, t: Date.now() })
    this.deps.logger.log('info', 'merge.sent-copy-saved', { runId: this.deps.runId, row, outcome })
    await rm(this.path(row), { force: true })
  }

  private async connect(): Promise<ImapFlow> {
    if (this.client?.usable && this.folder !== undefined) return this.client
    const { account, secret, network, auth } = this.deps
    try {
      this.client = await (this.deps.open ?? openImap)(account, secret, { network, auth })
      this.folder = (await locateSentFolder(this.client, account.imap?.sentFolder ?? '')).path
      return this.client
    } catch (error) {
      throw new ConnectionFailure(error)
    }
  }

  /** IMAP could not be reached: the copies wait, and the pass is tried again after a while. */
  private waitAfter(row: number, appError: AppError): void {
    this.record({ k: 'copy', row, step: 'waiting', code: appError.code, msg: appError.message, t: Date.now() })
    this.failedPasses++
    const delay = this.deps.retryDelaysMs[this.failedPasses - 1]
    this.deps.logger.log('warn', 'merge.sent-copy-waiting', {
      runId: this.deps.runId,
      code: appError.code,
      ...(!this.draining && delay !== undefined && { retryInMs: delay }),
    })
    if (this.draining) return
    // Out of waits: no more tries during the sending (not one per message); the end of the run tries again.
    this.holdUntil = delay === undefined ? Infinity : Date.now() + delay
    if (delay === undefined) return
    this.timer = setTimeout(() => this.kick(), delay)
    this.timer.unref()
  }

  private record(record: JournalRecord): void {
    this.deps.journal.append(record)
    this.deps.ledger.apply(record)
  }

  private path(row: number): string {
    return join(this.deps.dir, 'sent-copies', `${row}.eml`)
  }

  private toError(error: unknown): AppError {
    return redactError(error instanceof SendsmithError ? error.toJSON() : toAppError(error), this.deps.secretsToHide)
  }
}
