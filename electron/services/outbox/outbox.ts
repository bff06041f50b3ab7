import { randomUUID } from 'node:crypto'
import type { Account, AppError, OutboxEntry, OutboxRecipient } from '../../../shared/contract'
import type { AccountStore } from '../accounts/account-store'
import { redactError, secretForms } from '../errors/redact-secrets'
import { toAppError, type ErrorContext } from '../errors/to-app-error'
import type { Logger } from '../log/logger'
import type { PreparedMessage } from './prepared-message'
import type { Network } from '../net/network'
import { secretAuth, type SmtpAuthProvider } from '../smtp/sender/auth-provider'
import { classifyFailure } from '../smtp/sender/classify-failure'
import { deliverMessage } from '../smtp/sender/deliver-message'
import { SmtpError, type DeliveryStage } from '../smtp/sender/smtp-sender'
import type { OutboxStore } from './outbox-store'
import {
  applyFailure,
  applyOutcomes,
  giveUpWaiting,
  markSending,
  recipientsOf,
  recipientsToTry,
  recoverRecipients,
  resendRecipients,
  settledState,
} from './recipient-states'
import { maxAttempts, retryDelayMs } from './retry-policy'

export interface OutboxDeps {
  store: OutboxStore
  accounts: AccountStore
  network: Network
  logger: Logger
  clock?: () => Date
  /** The delivery step; a parameter so a test can stop the process at a chosen moment. */
  deliver?: typeof deliverMessage
  /** The login for an account's sessions; default: the secret from the keychain (a token provider plugs in here). */
  auth?: (account: Account, secret: string | undefined) => SmtpAuthProvider | undefined
  /** Steps run once the server took a message and it is in the sent history (e.g. a copy to IMAP Sent); a failing step is logged, never undoes the send. */
  afterAccepted?: ((entry: OutboxEntry) => Promise<void>)[]
  /** Told about every change of an entry's state (the app pushes it to the renderer). */
  onChange?: (entry: OutboxEntry) => void
  /** Told when an entry leaves the outbox (cancelled, or moved to the sent history). */
  onRemoved?: (id: string, reason: 'cancelled' | 'sent') => void
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
  private readonly deliver: typeof deliverMessage
  private timer: NodeJS.Timeout | undefined
  private started = false

  constructor(private readonly deps: OutboxDeps) {
    this.clock = deps.clock ?? (() => new Date())
    this.deliver = deps.deliver ?? deliverMessage
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
      recipients: message.envelope.to.map((address) => ({ address, state: 'pending' })),
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

  /** Entry files moved aside as unreadable (see OutboxStore.read). */
  quarantined(): Promise<string[]> {
    return this.deps.store.quarantined()
  }

  get quarantineDir(): string {
    return this.deps.store.quarantineDir
  }

  /**
   * After a restart: in an entry left "sending" by a process that is gone, recipients at the point
   * of no return become uncertain (they may have it) and the others are tried again now.
   */
  async recover(): Promise<OutboxEntry[]> {
    const recovered: OutboxEntry[] = []
    for (const entry of await this.deps.store.list()) {
      if (entry.state !== 'sending' || (await this.deps.store.isLocked(entry.id))) continue
      const checked = recoverRecipients(entry)
      const settled = settledState(checked)
      const next: OutboxEntry =
        settled === 'retrying'
          ? { ...checked, state: 'queued', nextAttemptAt: undefined }
          : settled === 'uncertain'
            ? { ...checked, state: 'uncertain', lastError: maybeDelivered() }
            : { ...checked, state: settled }
      if (next.state === 'sent') await this.deps.store.moveToSent(next)
      else await this.deps.store.write(next)
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
    let context: ErrorContext = {}
    try {
      let entry = await store.get(id)
      if (!entry || !waiting.has(entry.state)) return entry
      const tried = recipientsToTry(entry)
      entry = {
        ...entry,
        recipients: recipientsOf(entry),
        state: 'sending',
        attempts: entry.attempts + 1,
        dataComplete: false,
        nextAttemptAt: undefined,
      }
      const started = performance.now()
      try {
        // Inside the attempt: a locked keyring or a deleted account is an outcome like any other.
        const account = accounts.get(entry.accountId)
        context = { host: account.host, port: account.port, security: account.security }
        const secret = await accounts.password(account)
        secretsToHide = secret ? secretForms(secret, account.username) : []
        await store.write(entry)
        this.changed(entry)
        const sending = entry
        const report = (stage: DeliveryStage, percent?: number) => {
          onStage?.(stage, percent)
          this.deps.onProgress?.(sending, stage, Math.round(performance.now() - started), percent)
        }
        const delivery = await this.deliver(
          account,
          this.deps.auth?.(account, secret) ?? secretAuth(secret),
          network,
          { from: entry.envelope.from, to: tried },
          await store.raw(id),
          {
            onStage: report,
            beforeFinalDot: async (accepted) => {
              entry = { ...markSending(entry!, accepted), dataComplete: true }
              await store.write(entry)
            },
            afterTransaction: async (outcomes) => {
              entry = applyOutcomes(entry!, outcomes)
              await store.write(entry)
            },
          },
        )
        entry = this.settle(entry, delivery.response, Math.round(performance.now() - started))
      } catch (error) {
        entry = this.afterFailure(entry, tried, error, context, secretsToHide)
      }
      if (entry.state === 'sent') {
        await store.moveToSent(entry)
        await this.afterAccepted(entry)
        logger.log('info', 'outbox.sent', { id, attempts: entry.attempts })
        this.changed(entry)
        this.removed(id, 'sent')
      } else {
        await store.write(entry)
        logger.log('info', 'outbox.attempted', { id, state: entry.state, code: entry.lastError?.code })
        this.changed(entry)
      }
      return entry
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
      this.removed(id, 'cancelled')
      return true
    } finally {
      await release()
    }
  }

  /**
   * The user's word to send again a message that failed or may have been delivered: to the
   * recipients that were refused or may not have it, never to those the server took.
   */
  async resend(id: string): Promise<OutboxEntry | undefined> {
    const entry = await this.deps.store.get(id)
    if (!entry || !['failed', 'uncertain'].includes(entry.state)) return entry
    const next: OutboxEntry = {
      ...resendRecipients(entry),
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

  /**
   * The machine woke or the network came back: messages waiting out a retry backoff go now. A
   * message whose own time has not come (send later, the undo delay) keeps its time.
   */
  async retryWaitingNow(): Promise<OutboxEntry[]> {
    const now = this.clock().getTime()
    const ready = (await this.deps.store.list()).filter((e) => waiting.has(e.state) && Date.parse(e.sendAt) <= now)
    const results: OutboxEntry[] = []
    for (const entry of ready) {
      const after = await this.attempt(entry.id)
      if (after) results.push(after)
    }
    void this.schedule()
    return results
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

  /** Where the entry stands once its recipients have their outcomes of this attempt. */
  private settle(entry: OutboxEntry, response: string | undefined, elapsedMs: number, error?: AppError): OutboxEntry {
    let state = settledState(entry)
    if (state === 'retrying' && entry.attempts >= maxAttempts) {
      entry = giveUpWaiting(entry)
      state = settledState(entry)
    }
    const recipients = recipientsOf(entry)
    const accepted = recipients.filter((r) => r.state === 'accepted')
    const refused = recipients.filter((r) => r.state === 'refused')
    const waitingFor = recipients.filter((r) => r.state === 'waiting' || r.state === 'pending')
    switch (state) {
      case 'sent':
        return {
          ...entry,
          state,
          lastError: undefined,
          result: {
            messageId: entry.messageId,
            accepted: accepted.map((r) => r.address),
            rejected: refused.map((r) => ({ address: r.address, response: r.response ?? 'refused' })),
            response: response ?? accepted.at(-1)?.response ?? '',
            elapsedMs,
          },
        }
      case 'retrying':
        return {
          ...entry,
          state,
          nextAttemptAt: new Date(this.clock().getTime() + retryDelayMs(entry.attempts, error?.code)).toISOString(),
          lastError: error ?? waitingError(waitingFor),
        }
      case 'uncertain':
        return { ...entry, state, lastError: maybeDelivered() }
      case 'failed':
        return { ...entry, state, lastError: error ?? refusedError(refused) }
    }
  }

  private afterFailure(
    entry: OutboxEntry,
    tried: string[],
    error: unknown,
    context: ErrorContext,
    secrets: string[],
  ): OutboxEntry {
    const failure = error instanceof SmtpError ? error.failure : error
    const appError = redactError(toAppError(failure, { ...context, stage: (error as SmtpError).stage }), secrets)
    const { kind } = classifyFailure(
      error,
      appError.code,
      context.port ? (context as Required<ErrorContext>) : undefined,
    )
    const replies = error instanceof SmtpError ? error.recipients : []
    const next = applyFailure(entry, tried, kind, appError.response, replies)
    return this.settle(next, undefined, 0, kind === 'uncertain' ? undefined : appError)
  }

  /** The step after the server took a message (a later change adds a copy to the IMAP Sent folder here). */
  private async afterAccepted(entry: OutboxEntry): Promise<void> {
    for (const step of this.deps.afterAccepted ?? []) {
      try {
        await step(entry)
      } catch (error) {
        this.deps.logger.log('warn', 'outbox.after-accepted-failed', {
          id: entry.id,
          message: (error as Error).message,
        })
      }
    }
  }

  private removed(id: string, reason: 'cancelled' | 'sent'): void {
    this.deps.onRemoved?.(id, reason)
  }

  private changed(entry: OutboxEntry): void {
    this.deps.onChange?.(entry)
    if (this.started && entry.state !== 'sending') void this.schedule()
  }
}

function dueAt(entry: OutboxEntry): number {
  return Math.max(Date.parse(entry.sendAt), entry.nextAttemptAt ? Date.parse(entry.nextAttemptAt) : 0)
}

/** What the recipients still waiting were told, for the entry's error line. */
function waitingError(recipients: OutboxRecipient[]): AppError {
  const who = recipients.map((r) => r.address).join(', ')
  const said = recipients.find((r) => r.response)?.response
  return {
    code: 'RECIPIENT_REFUSED',
    message: `The server asked to try again later for ${who}${said ? `: ${said}` : ''}`,
    hint: 'Sendsmith tries again on its own; those the server already took do not get it twice.',
    ...(said && { response: said }),
  }
}

function refusedError(recipients: OutboxRecipient[]): AppError {
  const said = recipients.find((r) => r.response)?.response
  return {
    code: 'RECIPIENT_REFUSED',
    message: `The server refused ${recipients.map((r) => r.address).join(', ') || 'every recipient'}${said ? `: ${said}` : ''}`,
    field: 'to',
    hint: 'Check the addresses for typos.',
    ...(said && { response: said }),
  }
}

function maybeDelivered() {
  return {
    code: 'MAYBE_DELIVERED' as const,
    message: 'The connection was lost after the whole message was sent: it may have been delivered',
    hint: 'Check with a recipient before sending it again; Sendsmith will not resend it on its own.',
  }
}
