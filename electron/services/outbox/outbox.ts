import { randomUUID } from 'node:crypto'
import type { OutboxEntry } from '../../../shared/contract'
import type { AccountStore } from '../accounts/account-store'
import { redactError, secretForms } from '../errors/redact-secrets'
import { toAppError } from '../errors/to-app-error'
import type { Logger } from '../log/logger'
import type { PreparedMessage } from './prepared-message'
import type { Network } from '../net/network'
import { deliverRaw, DeliveryError, type DeliveryStage } from '../smtp/deliver-raw'
import type { OutboxStore } from './outbox-store'
import { isTemporary, maxAttempts, retryDelayMs } from './retry-policy'

export interface OutboxDeps {
  store: OutboxStore
  accounts: AccountStore
  network: Network
  logger: Logger
  clock?: () => Date
  /** The delivery step; a parameter so a test can stop the process at a chosen moment. */
  deliver?: typeof deliverRaw
  /** Told about every change of an entry's state (the app pushes it to the renderer). */
  onChange?: (entry: OutboxEntry) => void
  /** Told where a delivery is (connecting, authenticating, sending n%), for progress displays. */
  onProgress?: (entry: OutboxEntry, stage: DeliveryStage, elapsedMs: number, percent?: number) => void
}

const waiting = new Set(['queued', 'retrying'])

/**
 * The durable outbox: a message is on disk before its first SMTP byte, is retried after temporary
 * failures, and is never sent twice: the point of no return (the final ".") is recorded on disk
 * before it is crossed, so after a crash a message is either resent (it never got that far) or
 * marked uncertain (it may have been delivered) and left for the user to decide.
 */
export class Outbox {
  private readonly clock: () => Date
  private readonly deliver: typeof deliverRaw
  private timer: NodeJS.Timeout | undefined
  private started = false

  constructor(private readonly deps: OutboxDeps) {
    this.clock = deps.clock ?? (() => new Date())
    this.deliver = deps.deliver ?? deliverRaw
  }

  /** Puts a prepared message in the outbox, durably, to go out at `sendAt`. */
  async enqueue(accountId: string, message: PreparedMessage, sendAt: Date = this.clock()): Promise<OutboxEntry> {
    const entry: OutboxEntry = {
      id: randomUUID(),
      accountId,
      messageId: message.messageId,
      subject: message.subject,
      envelope: message.envelope,
      size: message.raw.length,
      createdAt: this.clock().toISOString(),
      sendAt: sendAt.toISOString(),
      state: 'queued',
      attempts: 0,
      dataComplete: false,
    }
    await this.deps.store.add(entry, message.raw)
    this.changed(entry)
    return entry
  }

  list(): Promise<OutboxEntry[]> {
    return this.deps.store.list()
  }

  sent(): Promise<OutboxEntry[]> {
    return this.deps.store.sent()
  }

  /**
   * After a restart: an entry left "sending" by a process that is gone is resent if it never reached
   * the final ".", and marked uncertain if it did.
   */
  async recover(): Promise<OutboxEntry[]> {
    const recovered: OutboxEntry[] = []
    for (const entry of await this.deps.store.list()) {
      if (entry.state !== 'sending' || (await this.deps.store.isLocked(entry.id))) continue
      const next: OutboxEntry = entry.dataComplete
        ? { ...entry, state: 'uncertain', lastError: maybeDelivered() }
        : { ...entry, state: 'queued', nextAttemptAt: undefined }
      await this.deps.store.write(next)
      this.deps.logger.log('warn', 'outbox.recovered', { id: entry.id, state: next.state })
      recovered.push(next)
      this.changed(next)
    }
    return recovered
  }

  /** Makes one attempt at an entry that is due or forced; returns the entry as it then is. */
  async attempt(
    id: string,
    onStage?: (stage: DeliveryStage, percent?: number) => void,
  ): Promise<OutboxEntry | undefined> {
    const { store, accounts, network, logger } = this.deps
    const release = await store.lock(id)
    if (!release) return store.get(id) // another process is sending it
    let secretsToHide: string[] = []
    try {
      let entry = await store.get(id)
      if (!entry || !waiting.has(entry.state)) return entry
      const account = accounts.get(entry.accountId)
      const secret = await accounts.password(account)
      secretsToHide = secret ? secretForms(secret, account.username) : []
      entry = {
        ...entry,
        state: 'sending',
        attempts: entry.attempts + 1,
        dataComplete: false,
        nextAttemptAt: undefined,
      }
      await store.write(entry)
      this.changed(entry)
      const started = performance.now()
      const sending = entry
      const report = (stage: DeliveryStage, percent?: number) => {
        onStage?.(stage, percent)
        this.deps.onProgress?.(sending, stage, Math.round(performance.now() - started), percent)
      }
      try {
        const delivery = await this.deliver(account, secret, network, entry.envelope, await store.raw(id), {
          onStage: report,
          beforeFinalDot: async () => {
            entry = { ...entry!, dataComplete: true }
            await store.write(entry)
          },
        })
        entry = {
          ...entry,
          state: 'sent',
          lastError: undefined,
          result: { messageId: entry.messageId, ...delivery, elapsedMs: Math.round(performance.now() - started) },
        }
        await store.moveToSent(entry)
        logger.log('info', 'outbox.sent', { id, attempts: entry.attempts })
      } catch (error) {
        entry = this.afterFailure(
          entry,
          error,
          { host: account.host, port: account.port, security: account.security },
          secretsToHide,
        )
        await store.write(entry)
        logger.log('info', 'outbox.failed-attempt', { id, state: entry.state, code: entry.lastError?.code })
      }
      this.changed(entry)
      return entry
    } catch (error) {
      // Before any byte went out (account gone, keychain locked): the entry fails, and says why.
      const entry = await store.get(id)
      if (!entry) throw error
      const failed: OutboxEntry = {
        ...entry,
        state: 'failed',
        lastError: redactError(toAppError(error), secretsToHide),
      }
      await store.write(failed)
      this.changed(failed)
      return failed
    } finally {
      await release()
    }
  }

  /** Attempts every entry that is due now; with `force`, every waiting one, backoff or not (`sendsmith outbox flush`). */
  async flush(options: { force?: boolean } = {}): Promise<OutboxEntry[]> {
    const now = this.clock().getTime()
    const due = (await this.deps.store.list()).filter((e) => waiting.has(e.state) && (options.force || dueAt(e) <= now))
    const results: OutboxEntry[] = []
    for (const entry of due) {
      const after = await this.attempt(entry.id)
      if (after) results.push(after)
    }
    return results
  }

  /** Takes back a message that has not started sending (undo send, or a failed one the user drops). */
  async cancel(id: string): Promise<boolean> {
    const release = await this.deps.store.lock(id)
    if (!release) return false
    try {
      const entry = await this.deps.store.get(id)
      if (!entry || entry.state === 'sending') return false
      await this.deps.store.remove(id)
      return true
    } finally {
      await release()
    }
  }

  /** The user's word to send again a message that failed or may have been delivered. */
  async resend(id: string): Promise<OutboxEntry | undefined> {
    const entry = await this.deps.store.get(id)
    if (!entry || !['failed', 'uncertain'].includes(entry.state)) return entry
    const next: OutboxEntry = {
      ...entry,
      state: 'queued',
      sendAt: this.clock().toISOString(),
      nextAttemptAt: undefined,
      dataComplete: false,
      lastError: undefined,
    }
    await this.deps.store.write(next)
    this.changed(next)
    return next
  }

  /** Sends due entries in the background, waking at the next due time, until stop(). */
  start(): void {
    this.started = true
    void this.recover().then(() => this.schedule())
  }

  stop(): void {
    this.started = false
    clearTimeout(this.timer)
  }

  private async schedule(): Promise<void> {
    clearTimeout(this.timer)
    if (!this.started) return
    const entries = (await this.deps.store.list()).filter((e) => waiting.has(e.state))
    if (entries.length === 0) return
    const next = Math.min(...entries.map(dueAt))
    // A long timer is capped so a changed clock or a missed wake-up is corrected within a minute.
    const delay = Math.min(Math.max(0, next - this.clock().getTime()), 60_000)
    this.timer = setTimeout(() => void this.flush().finally(() => void this.schedule()), delay)
  }

  private afterFailure(
    entry: OutboxEntry,
    error: unknown,
    context: Parameters<typeof toAppError>[1],
    secrets: string[],
  ): OutboxEntry {
    const failure =
      error instanceof DeliveryError ? error.failure : (error as Error & { code?: string; responseCode?: number })
    const afterDot = error instanceof DeliveryError && error.afterFinalDot
    const appError = redactError(toAppError(failure, context), secrets)
    if (afterDot && failure.responseCode === undefined)
      return { ...entry, state: 'uncertain', lastError: maybeDelivered() }
    if (isTemporary(failure.responseCode, appError.code) && entry.attempts < maxAttempts) {
      const wait = retryDelayMs(entry.attempts)
      return {
        ...entry,
        state: 'retrying',
        nextAttemptAt: new Date(this.clock().getTime() + wait).toISOString(),
        lastError: appError,
      }
    }
    return { ...entry, state: 'failed', lastError: appError }
  }

  private changed(entry: OutboxEntry): void {
    this.deps.onChange?.(entry)
    if (this.started && entry.state !== 'sending') void this.schedule()
  }
}

function dueAt(entry: OutboxEntry): number {
  return Math.max(Date.parse(entry.sendAt), entry.nextAttemptAt ? Date.parse(entry.nextAttemptAt) : 0)
}

function maybeDelivered() {
  return {
    code: 'MAYBE_DELIVERED' as const,
    message: 'The connection was lost after the whole message was sent: it may have been delivered',
    hint: 'Check with a recipient before sending it again; Sendsmith will not resend it on its own.',
  }
}
