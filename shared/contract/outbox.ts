import { z } from 'zod'
import { appErrorSchema } from './errors'
import { sentCopySchema } from './imap'
import { sendRequestSchema, sendResultSchema } from './mail'

/**
 * Where a message is: waiting (queued, or retrying after a temporary failure), being sent, done
 * (sent), refused for good (failed), or unknown because the connection was lost after the final
 * "." (uncertain: it may have been delivered, so it is not resent without the user's word).
 */
export const outboxStateSchema = z.enum(['queued', 'sending', 'retrying', 'uncertain', 'failed', 'sent'])
export type OutboxState = z.infer<typeof outboxStateSchema>

/**
 * Where one recipient of a message is: not tried yet (pending), at the point of no return (sending:
 * the final "." may be going out), taken by the server (accepted), refused for good (refused, 5xx),
 * refused for now (waiting, 4xx or a lost connection: tried again with the backoff), or unknown
 * (uncertain: the connection was lost after the final "."; never resent without the user's word).
 */
export const recipientStateSchema = z.enum(['pending', 'sending', 'accepted', 'refused', 'waiting', 'uncertain'])
export type RecipientState = z.infer<typeof recipientStateSchema>

export const outboxRecipientSchema = z.object({
  address: z.string(),
  state: recipientStateSchema,
  /** The server's reply about this recipient (RCPT TO, or the reply to the final "."). */
  response: z.string().optional(),
})
export type OutboxRecipient = z.infer<typeof outboxRecipientSchema>

/** One message in the outbox, as kept on disk beside its raw MIME. */
export const outboxEntrySchema = z.object({
  id: z.uuid(),
  accountId: z.string(),
  messageId: z.string(),
  subject: z.string(),
  envelope: z.object({ from: z.string(), to: z.array(z.string()) }),
  size: z.number(),
  createdAt: z.string(),
  /** When it may go out (undo-send delay or send-later time). */
  sendAt: z.string(),
  state: outboxStateSchema,
  attempts: z.number(),
  nextAttemptAt: z.string().optional(),
  /** Set, and on disk, before the final "." is written: the point of no return. */
  dataComplete: z.boolean(),
  lastError: appErrorSchema.optional(),
  result: sendResultSchema.optional(),
  /** Each envelope recipient's state; absent in entries written before it was kept (all pending then). */
  recipients: z.array(outboxRecipientSchema).optional(),
  /** The copy in the mailbox's Sent folder over IMAP, a second step after the server took the message. */
  sentCopy: sentCopySchema.optional(),
})
export type OutboxEntry = z.infer<typeof outboxEntrySchema>

/** When a queued message may go out: after an undo delay, or at a chosen time (send later). */
export const queueRequestSchema = z.strictObject({
  message: sendRequestSchema,
  /** Seconds during which "Undo" takes the message back (0-30). */
  delaySeconds: z
    .number()
    .int()
    .min(0, 'The undo delay is 0 to 30 seconds')
    .max(30, 'The undo delay is 0 to 30 seconds')
    .default(0),
  /** Send later: an ISO time; overrides the delay. */
  sendAt: z.iso.datetime({ offset: true, error: 'Send later needs a date and time' }).optional(),
})
export type QueueRequest = z.input<typeof queueRequestSchema>

export const outboxContract = {
  /** Put a message in the outbox to go out after the undo delay or at a set time; returns at once. */
  'mail:queue': { request: queueRequestSchema, response: outboxEntrySchema },
  /** What is waiting, sending, retrying, uncertain or failed. */
  'outbox:list': { request: z.strictObject({}), response: z.array(outboxEntrySchema) },
  /** Undo send, or drop a message: only while it is not being sent. */
  'outbox:cancel': { request: z.strictObject({ id: z.uuid() }), response: z.strictObject({ cancelled: z.boolean() }) },
  /** The user's word to send a failed or possibly-delivered message again. */
  'outbox:resend': { request: z.strictObject({ id: z.uuid() }), response: outboxEntrySchema.nullable() },
  /** Sent history, oldest first, with each message's full result. */
  'outbox:sent': { request: z.strictObject({}), response: z.array(outboxEntrySchema) },
  /** "Retry now" for a sent message's copy in Sent that waits or failed: one attempt at once; the entry as it then is. */
  'outbox:retryCopy': { request: z.strictObject({ id: z.uuid() }), response: outboxEntrySchema.nullable() },
} as const

export const outboxEvents = {
  /** An outbox entry changed state (queued, sending, retrying, sent ...). */
  'outbox:changed': outboxEntrySchema,
  /** An entry left the outbox: cancelled (undo send), dropped, or moved to the sent history. */
  'outbox:removed': z.strictObject({ id: z.uuid(), reason: z.enum(['cancelled', 'sent']) }),
} as const
