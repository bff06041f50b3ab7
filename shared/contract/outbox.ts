import { z } from 'zod'
import { appErrorSchema } from './errors'
import { sendResultSchema } from './mail'

/**
 * Where a message is: waiting (queued, or retrying after a temporary failure), being sent, done
 * (sent), refused for good (failed), or unknown because the connection was lost after the final
 * "." (uncertain: it may have been delivered, so it is not resent without the user's word).
 */
export const outboxStateSchema = z.enum(['queued', 'sending', 'retrying', 'uncertain', 'failed', 'sent'])
export type OutboxState = z.infer<typeof outboxStateSchema>

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
})
export type OutboxEntry = z.infer<typeof outboxEntrySchema>
