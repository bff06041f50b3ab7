import { asciiDomain } from '../../../shared/addresses'
import type { Account, AppError, MergeProgress, MergeRunState, MergeRunSummary } from '../../../shared/contract'
import { redactError } from '../errors/redact-secrets'
import { toAppError } from '../errors/to-app-error'
import type { Logger } from '../log/logger'
import type { Network } from '../net/network'
import { secretAuth, type SmtpAuthProvider } from '../smtp/sender/auth-provider'
import { classifyFailure } from '../smtp/sender/classify-failure'
import { SmtpError, SmtpSender } from '../smtp/sender/smtp-sender'
import type { Journal, JournalRecord } from './merge-journal'
import type { MergeMessageBuilder } from './merge-message'
import type { MergeSentCopies } from './merge-sent-copies'
import { suppressedProblem, type SuppressionLookup } from '../suppression/suppression-list'
import { checkRow, isCheckedRow, type CheckedRow, type MergePlan } from './merge-plan'
import type { RateLimiter } from './rate-limiter'
import { readRecipients, type RecipientSource } from './recipient-list'
import { buildRowMessage, type RowMessage, type RowMessageParts } from './row-message'
import { RowState, type RunState } from './run-state'

/** Everything one run needs, prepared by the service. */
export interface MergeRunDeps {
  summaryBase: Pick<MergeRunSummary, 'runId' | 'accountId' | 'subject' | 'createdAt'>
  account: Account
  secret: string | undefined
  /** The login for each connection; default the secret (an OAuth2 account gets fresh tokens here). */
  auth?: SmtpAuthProvider
  secretsToHide: string[]
  network: Network
  journal: Journal
  state: RunState
  source: RecipientSource
  plan: MergePlan
  /** The template, subject and unsubscribe targets each row's message is built from. */
  parts: RowMessageParts
  builder: MergeMessageBuilder
  limiter: RateLimiter
  connections: number
  messagesPerConnection: number
  /** Waits before sending a temporarily refused message again; its length is the number of retries. */
  retryDelaysMs: number[]
  /**
   * The first run-wide wait after the server says "slow down" (421, 450, 451, 452, 4.7.x); each
   * further one doubles it, up to an hour. Default 5 s.
   */
  slowDownMs?: number
  logger: Logger
  onProgress: (progress: MergeProgress) => void
  /** A run that saves copies in Sent (the per-run option): keeps each message, appends the delivered ones. */
  sentCopies?: MergeSentCopies
  /** The suppression list when the run was launched: a row to a listed address is skipped, never sent. */
  suppressed?: SuppressionLookup
}

interface Retry {
  job: CheckedRow
  at: number
}

/** Codes that no new connection will cure: stop the run and tell the user. */
const fatalConnectCodes = new Set([
  'AUTH_FAILED',
  'AUTH_REQUIRED',
  'CERTIFICATE_INVALID',
  'TLS_FAILED',
  'PASSWORD_MISSING',
  'FORBIDDEN_SENDER',
  // An OAuth2 account whose refreshed token was refused too: the rows wait for `accounts login` and --resume.
  'SIGN_IN_REQUIRED',
])

/**
 * One merge run in this process: a producer streams the rows that still need sending into a
 * short queue, and K workers (one pooled SMTP session each) take them, each message within the
 * account's rate limit. Every outcome goes to the journal; the "sending" record is durable before
 * the final "." of its message, so a crash leaves each row either clearly unsent (sent again on
 * resume) or flagged as possibly delivered (never sent again on its own).
 */
export class MergeRun {
  private readonly queue: CheckedRow[] = []
  private readonly retries: Retry[] = []
  private producerDone = false
  private paused = false
  /** Messages taken from the queue and not yet settled (sent, failed or put back). */
  private underWay = 0
  private stopping: { state: 'cancelled' | 'interrupted'; error?: AppError } | undefined
  private readonly controller = new AbortController()
  private wakeUp: (() => void) | undefined
  private changed: Promise<void>
  private connectFailures = 0
  /** Run-wide backing off after "slow down" replies: no message before holdUntil, then one per spacingMs, on fewer connections. */
  private slowDowns = 0
  private holdUntil = 0
  private spacingMs = 0
  private nextSlotAt = 0
  private allowedConnections: number
  private readonly started = performance.now()
  private samples: { at: number; sent: number }[] = []
  private progressTimer: NodeJS.Timeout | undefined
  private finalSummary: MergeRunSummary | undefined
  readonly finished: Promise<MergeRunSummary>

  constructor(private readonly deps: MergeRunDeps) {
    this.allowedConnections = deps.connections
    this.changed = new Promise((resolve) => (this.wakeUp = resolve))
    this.finished = this.run()
  }

  get state(): MergeRunState {
    if (this.finalSummary) return this.finalSummary.state
    return this.paused ? 'paused' : 'sending'
  }

  /** Resolves once no message is under way (after a pause: the run is really quiet). */
  async whenIdle(): Promise<void> {
    while (this.underWay > 0 && !this.finalSummary) await this.waitForChange(undefined)
  }

  private jobDone(): void {
    this.underWay--
    this.wake()
  }

  /** Stops taking new messages; those under way finish. */
  pause(): void {
    if (this.paused || this.stopping || this.finalSummary) return
    this.paused = true
    this.record({ k: 'state', state: 'paused', t: Date.now() })
    this.emit()
  }

  resume(): void {
    if (!this.paused || this.finalSummary) return
    this.paused = false
    this.record({ k: 'state', state: 'sending', t: Date.now(), pid: process.pid })
    this.wake()
    this.emit()
  }

  /** Ends the run for good; messages under way finish, the rest stay unsent. */
  cancel(): void {
    this.stop({ state: 'cancelled' })
  }

  /** Stops the run so that it can be resumed later (an error, or the CLI's Ctrl-C). */
  interrupt(error: AppError): void {
    this.stop({ state: 'interrupted', error })
  }

  summary(): MergeRunSummary {
    if (this.finalSummary) return this.finalSummary
    const { state } = this.deps
    return {
      ...this.deps.summaryBase,
      state: this.state,
      total: state.total,
      skipped: state.skipped,
      sent: state.sent,
      failed: state.failed,
      uncertain: state.uncertain,
      remaining: state.remaining,
      ...(this.deps.sentCopies && { sentCopies: this.deps.sentCopies.counts() }),
    }
  }

  progress(): MergeProgress {
    const summary = this.summary()
    const now = performance.now()
    const oldest = this.samples[0]
    const rate =
      oldest && now - oldest.at > 200 ? ((summary.sent + summary.failed - oldest.sent) * 1000) / (now - oldest.at) : 0
    const eta = summary.state === 'sending' && rate > 0 ? Math.round(summary.remaining / rate) : null
    return {
      ...summary,
      ratePerSecond: Math.round(rate * 10) / 10,
      etaSeconds: summary.remaining === 0 ? 0 : eta,
      elapsedMs: Math.round(now - this.started),
    }
  }

  private stop(reason: NonNullable<MergeRun['stopping']>): void {
    if (this.stopping || this.finalSummary) return
    this.stopping = reason
    this.paused = false
    this.controller.abort(new Error(reason.state))
    this.wake()
  }

  private async run(): Promise<MergeRunSummary> {
    const { journal, logger, summaryBase } = this.deps
    this.progressTimer = setInterval(() => this.emit(), 250)
    this.progressTimer.unref()
    const producer = this.produce().catch((error: unknown) => this.interrupt(toAppError(error)))
    const workers = Array.from({ length: this.deps.connections }, (_, i) => this.work(i))
    await Promise.all([producer, ...workers])
    // The copies' records go to the journal too: they finish their pass before it closes.
    await this.deps.sentCopies
      ?.drain()
      .catch((error: Error) =>
        logger.log('warn', 'merge.sent-copies-failed', { runId: summaryBase.runId, message: error.message }),
      )
    clearInterval(this.progressTimer)

    const { state } = this.deps
    let final: MergeRunState
    let error = this.stopping?.error
    if (this.stopping) final = this.stopping.state
    else if (state.remaining === 0) final = 'done'
    else {
      final = 'interrupted'
      error = {
        code: 'INTERNAL',
        message: `${state.remaining} row(s) were left without an outcome`,
        hint: 'Resume the run to send them.',
      }
    }
    try {
      this.record({ k: 'state', state: final, t: Date.now(), ...(error && { error }) })
      await journal.close()
    } catch (closeError) {
      logger.log('error', 'merge.journal-close-failed', {
        runId: summaryBase.runId,
        message: (closeError as Error).message,
      })
    }
    this.finalSummary = { ...this.summary(), state: final, ...(error && { error }) }
    logger.log('info', 'merge.finished', {
      runId: summaryBase.runId,
      state: final,
      sent: state.sent,
      failed: state.failed,
      uncertain: state.uncertain,
    })
    this.emit()
    return this.finalSummary
  }

  /** Streams the list and queues every row that still needs sending, a few hundred at a time. */
  private async produce(): Promise<void> {
    const { source, plan, state } = this.deps
    const highWater = Math.max(64, this.deps.connections * 32)
    try {
      for await (const { row, record } of readRecipients(source)) {
        if (this.stopping) break
        if (row > state.total || state.rows[row] !== RowState.pending) continue
        const checked = checkRow(row, record, plan)
        if (!isCheckedRow(checked)) {
          // Rows are checked when the run is made; this only happens if the copy changed on disk.
          this.record({
            k: 'skipped',
            row,
            ...(checked.address && { to: checked.address }),
            problems: checked.problems,
          })
          continue
        }
        // Checked again here: an address suppressed after the run was made (an unsubscribe while paused).
        const suppression = this.deps.suppressed?.(checked.mailbox.address)
        if (suppression) {
          this.record({ k: 'skipped', row, to: checked.mailbox.address, problems: [suppressedProblem(suppression)] })
          continue
        }
        while (this.queue.length >= highWater && !this.stopping) await this.waitForChange()
        this.queue.push(checked)
        this.wake()
      }
    } finally {
      this.producerDone = true
      this.wake()
    }
  }

  private async work(index: number): Promise<void> {
    let connection: SmtpSender | undefined
    try {
      for (;;) {
        // After a slow-down this connection may be one too many: it ends, the others carry on.
        if (index >= this.allowedConnections) break
        await this.waitForSlot()
        const job = await this.nextJob()
        if (!job) break
        this.underWay++
        try {
          await this.deps.limiter.take(this.controller.signal)
        } catch {
          this.queue.unshift(job)
          this.jobDone()
          break
        }
        if (!connection || !connection.usable || connection.transactions >= this.deps.messagesPerConnection) {
          await connection?.quit()
          connection = await this.openConnection(index)
          if (!connection) {
            this.queue.unshift(job)
            this.jobDone()
            continue
          }
        }
        let keep: boolean
        try {
          keep = await this.sendOne(connection, job)
        } catch (error) {
          // Only the journal failing (disk full) gets here: nothing more may be sent.
          this.interrupt(this.toError(error))
          keep = false
        } finally {
          this.jobDone()
        }
        if (!keep) {
          connection.close()
          connection = undefined
        }
      }
    } finally {
      await connection?.quit()
      this.wake()
    }
  }

  /** Keeps to the run-wide backing off: the hold after a slow-down, then the lowered rate. */
  private async waitForSlot(): Promise<void> {
    for (;;) {
      if (this.stopping) return
      const wait = Math.max(this.holdUntil, this.nextSlotAt) - Date.now()
      if (wait <= 0) break
      await this.waitForChange(wait)
    }
    this.nextSlotAt = Math.max(Date.now(), this.nextSlotAt) + this.spacingMs
  }

  /**
   * The server asked the whole run to slow down: hold every connection for a while (doubling with
   * each new wave, up to an hour), halve the connections, and space messages wider. Replies that
   * arrive during a hold belong to the same wave.
   */
  private slowDown(appError: AppError): void {
    const now = Date.now()
    if (now < this.holdUntil) return
    const base = this.deps.slowDownMs ?? 5_000
    this.slowDowns++
    const wait = Math.min(base * 2 ** (this.slowDowns - 1), 3_600_000)
    this.holdUntil = now + wait
    this.allowedConnections = Math.max(1, Math.floor(this.allowedConnections / 2))
    this.spacingMs = Math.min(Math.max(this.spacingMs * 2, base / 5), 60_000)
    this.deps.logger.log('warn', 'merge.slow-down', {
      runId: this.deps.summaryBase.runId,
      waitMs: wait,
      connections: this.allowedConnections,
      spacingMs: this.spacingMs,
      response: appError.response,
    })
    this.wake()
  }

  private async nextJob(): Promise<CheckedRow | undefined> {
    for (;;) {
      if (this.stopping) return undefined
      if (!this.paused) {
        const now = Date.now()
        const due = this.retries.findIndex((r) => r.at <= now)
        if (due !== -1) return this.retries.splice(due, 1)[0].job
        const job = this.queue.shift()
        if (job) {
          this.wake()
          return job
        }
        if (this.producerDone && this.retries.length === 0) return undefined
      }
      const nextRetry = this.retries.length > 0 ? Math.min(...this.retries.map((r) => r.at)) - Date.now() : undefined
      await this.waitForChange(this.paused ? undefined : nextRetry)
    }
  }

  private async openConnection(index: number): Promise<SmtpSender | undefined> {
    const { account, secret, network, logger, summaryBase } = this.deps
    for (;;) {
      if (this.stopping) return undefined
      try {
        const connection = await SmtpSender.open(account, {
          network,
          auth: this.deps.auth ?? secretAuth(secret),
          signal: this.controller.signal,
        })
        this.connectFailures = 0
        return connection
      } catch (error) {
        if (this.stopping) return undefined
        const appError = this.toError(error)
        if (classifyFailure(error, appError.code).slowDown) {
          // "421 too many connections" at the greeting: back off, it is no reason to give up.
          this.slowDown(appError)
          await this.waitForSlot()
          continue
        }
        this.connectFailures++
        logger.log('warn', 'merge.connect-failed', {
          runId: summaryBase.runId,
          connection: index,
          code: appError.code,
          failures: this.connectFailures,
        })
        if (fatalConnectCodes.has(appError.code) || this.connectFailures >= 5) {
          this.interrupt(appError)
          return undefined
        }
        await this.waitForChange(Math.min(250 * 2 ** this.connectFailures, 5_000))
      }
    }
  }

  /** Sends one row's message; returns false when the connection can no longer be used. */
  private async sendOne(connection: SmtpSender, job: CheckedRow): Promise<boolean> {
    const { account, journal, state } = this.deps
    const to = job.mailbox.address
    let message: RowMessage
    try {
      message = await buildRowMessage(this.deps.parts, this.deps.builder, job)
    } catch (error) {
      this.record({
        k: 'failed',
        row: job.row,
        to,
        code: 'INTERNAL',
        msg: `The message could not be built: ${(error as Error).message}`,
        t: Date.now(),
      })
      return true
    }
    // Kept before it is sent: after the 250 its copy goes to Sent, even from a later process.
    await this.deps.sentCopies?.keep(job.row, message.raw)
    let error: SmtpError
    try {
      const result = await connection.send({ from: asciiDomain(account.email), to: [to] }, message.raw, {
        beforeFinalDot: async () => {
          this.record({ k: 'sending', row: job.row, to, mid: message.messageId, t: Date.now() })
          await journal.durable()
        },
      })
      const reply = result.recipients[0]
      if (reply?.accepted) {
        this.record({ k: 'sent', row: job.row, resp: (result.response ?? '').slice(0, 500), t: Date.now() })
        return true
      }
      // Refused at RCPT TO: a failure like any other, classified the same way.
      const failure = Object.assign(new Error('Recipient command failed'), {
        code: 'EENVELOPE',
        command: 'RCPT TO',
        responseCode: reply?.responseCode,
        response: reply?.response,
        rejected: [to],
      })
      error = new SmtpError(failure, 'envelope')
    } catch (caught) {
      if (!(caught instanceof SmtpError)) throw caught
      error = caught
    }
    const appError = this.toError(error)
    const response = error.failure.response?.slice(0, 500)
    const { kind, slowDown } = classifyFailure(error, appError.code, account)
    const outcome = { row: job.row, code: appError.code, msg: appError.message, ...(response && { resp: response }) }
    const deferred = (): JournalRecord => ({ k: 'deferred', ...outcome, t: Date.now() })
    const failed = (): JournalRecord => ({ k: 'failed', to, ...outcome, t: Date.now() })
    switch (kind) {
      case 'uncertain':
        this.record({ k: 'uncertain', row: job.row, t: Date.now() })
        await journal.durable().catch(() => {})
        return false
      case 'requeue':
        // Lost before the final ".": nothing was delivered; the row goes back to the front of the queue.
        if (error.reachedPointOfNoReturn) this.record(deferred())
        this.queue.unshift(job)
        this.connectFailures++
        if (this.connectFailures >= 5) this.interrupt(appError)
        return false
      case 'sender-refused':
        // The server refuses the sender: every other row would fail the same way.
        if (error.reachedPointOfNoReturn) this.record(deferred())
        this.queue.unshift(job)
        this.interrupt(appError)
        break
      case 'temporary':
        if (slowDown) {
          // Not the row's fault: it waits for the run's hold, however many waves it takes, and is never failed for it.
          this.slowDown(appError)
          this.record({ k: 'deferred', ...outcome, t: Date.now(), slow: true })
          this.retries.push({ job, at: this.holdUntil })
          break
        }
        if (state.attempts[job.row] < this.deps.retryDelaysMs.length) {
          const delay = this.deps.retryDelaysMs[state.attempts[job.row]]
          this.record(deferred())
          this.retries.push({ job, at: Date.now() + delay })
          break
        }
        this.record(failed())
        break
      case 'final':
        this.record(failed())
        break
    }
    // The sender sends RSET before the next transaction on this session.
    return error.responseCode !== 421 && connection.usable
  }

  private record(record: JournalRecord): void {
    this.deps.journal.append(record)
    this.deps.state.apply(record)
    this.deps.sentCopies?.observe(record)
  }

  private toError(error: unknown): AppError {
    const { account, secretsToHide } = this.deps
    const failure = error instanceof SmtpError ? error.failure : error
    const stage = error instanceof SmtpError ? error.stage : undefined
    return redactError(
      toAppError(failure, { host: account.host, port: account.port, security: account.security, stage }),
      secretsToHide,
    )
  }

  private wake(): void {
    const wake = this.wakeUp
    this.changed = new Promise((resolve) => (this.wakeUp = resolve))
    wake?.()
  }

  private waitForChange(timeoutMs?: number): Promise<void> {
    if (timeoutMs === undefined) return this.changed
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, Math.max(0, timeoutMs))
      void this.changed.then(() => {
        clearTimeout(timer)
        resolve()
      })
    })
  }

  private emit(): void {
    const now = performance.now()
    const done = this.deps.state.sent + this.deps.state.failed
    this.samples.push({ at: now, sent: done })
    // The rate is measured over the last five seconds.
    while (this.samples.length > 2 && now - this.samples[0].at > 5_000) this.samples.shift()
    try {
      this.deps.onProgress(this.progress())
    } catch (error) {
      this.deps.logger.log('warn', 'merge.progress-listener-failed', { message: (error as Error).message })
    }
  }
}
