import {
  queueRequestSchema,
  sendRequestSchema,
  type OutboxEntry,
  type QueueRequest,
  type SendRequest,
  type SendResult,
  type SendStage,
} from '../../../shared/contract'
import type { AccountStore } from '../accounts/account-store'
import { SendsmithError } from '../errors/app-error'
import type { Outbox } from '../outbox/outbox'
import { composeMime } from './compose-mime'

export type ProgressListener = (stage: SendStage, elapsedMs: number, percent?: number) => void

/** Sending on behalf of an account: build the message once, put it in the outbox, attempt it now. */
export class MailService {
  constructor(
    private readonly accounts: AccountStore,
    private readonly outbox: Outbox,
  ) {}

  /**
   * Sends now through the outbox and reports the first attempt. A temporary failure leaves the
   * message queued for retry (RETRYING); a lost connection after the final "." is MAYBE_DELIVERED.
   */
  async send(request: SendRequest, onProgress: ProgressListener = () => {}): Promise<SendResult> {
    const started = performance.now()
    const elapsed = () => Math.round(performance.now() - started)
    const queued = await this.queue(request)
    onProgress('queued', elapsed())
    const entry = await this.outbox.attempt(queued.id, (stage, percent) =>
      onProgress(stage === 'tls' ? 'connecting' : stage, elapsed(), percent),
    )
    if (entry?.state === 'sent' && entry.result) {
      onProgress('sent', elapsed())
      return entry.result
    }
    onProgress(entry?.state === 'retrying' ? 'retrying' : 'failed', elapsed())
    const error = entry?.lastError ?? { code: 'INTERNAL' as const, message: 'The message left the outbox unexpectedly' }
    if (entry?.state === 'retrying' && entry.nextAttemptAt) {
      const seconds = Math.max(1, Math.round((Date.parse(entry.nextAttemptAt) - Date.now()) / 1000))
      // The code stays the cause's (CONNECTION_REFUSED, 4xx ...); the message says what happens next.
      throw new SendsmithError({
        ...error,
        message: `${error.message}. The message stays in the outbox; retrying in ${seconds} s`,
      })
    }
    throw new SendsmithError(error)
  }

  /** Queues for later: after the undo delay, or at the send-later time; the outbox worker sends it. */
  queueLater(request: QueueRequest): Promise<OutboxEntry> {
    const { message, delaySeconds, sendAt } = queueRequestSchema.parse(request)
    return this.queue(message, sendAt ? new Date(sendAt) : new Date(Date.now() + delaySeconds * 1000))
  }

  /** Builds the message and puts it in the outbox, durably, without sending it yet. */
  async queue(request: SendRequest, sendAt?: Date): Promise<OutboxEntry> {
    // Every door (IPC, CLI) goes through the same schema here, so defaults and limits are one.
    const parsed = sendRequestSchema.parse(request)
    const account = this.accounts.get(parsed.accountId)
    const dkim = await this.accounts.dkimSigningKey(account)
    return this.outbox.enqueue(account.id, await composeMime(account, parsed, { dkim }), sendAt)
  }
}
