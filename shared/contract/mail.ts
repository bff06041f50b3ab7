import { z } from 'zod'
import { headerText, recipient } from './fields'

const recipients = (label: string) => z.array(recipient(label)).max(500, `${label} has more than 500 recipients`)

/** A message as composed: recipients as typed, one entry per address. */
export const sendRequestSchema = z
  .strictObject({
    accountId: z.uuid({ error: 'From: choose an account to send from' }),
    to: recipients('To'),
    cc: recipients('Cc'),
    bcc: recipients('Bcc'),
    subject: headerText('Subject', 998),
    html: z.string().max(20 * 1024 * 1024, 'The message body is larger than 20 MB'),
    /** Plain-text alternative; when absent the message carries HTML only. */
    text: z.string().max(20 * 1024 * 1024, 'The plain-text body is larger than 20 MB').optional(),
  })
  .refine((req) => req.to.length + req.cc.length + req.bcc.length > 0, {
    path: ['to'],
    message: 'To is empty: add at least one recipient in To, Cc or Bcc',
  })
export type SendRequest = z.infer<typeof sendRequestSchema>

/** What the server said about one message: who it took, who it refused and why. */
export const sendResultSchema = z.strictObject({
  messageId: z.string(),
  accepted: z.array(z.string()),
  rejected: z.array(z.strictObject({ address: z.string(), response: z.string() })),
  /** The server's final reply line, e.g. `250 2.0.0 Ok: queued as 4F2A1`. */
  response: z.string(),
  elapsedMs: z.number(),
})
export type SendResult = z.infer<typeof sendResultSchema>

export const sendStageSchema = z.enum(['queued', 'connecting', 'authenticating', 'sending', 'sent', 'retrying', 'failed'])
export type SendStage = z.infer<typeof sendStageSchema>

export const mailContract = {
  /** Send one message now through the account's SMTP server. */
  'mail:send': { request: sendRequestSchema, response: sendResultSchema },
} as const

export const mailEvents = {
  /** Where a send is: pushed by main while `mail:send` runs. */
  'send:progress': z.strictObject({ accountId: z.string(), stage: sendStageSchema, elapsedMs: z.number(), percent: z.number().min(0).max(100).optional() }),
} as const
