import { z } from 'zod'
import { headerText, recipient } from './fields'

const recipients = (label: string) => z.array(recipient(label)).max(500, `${label} has more than 500 recipients`)

/** Headers that have a field of their own in the form, or that the composer must write itself. */
const reservedHeaders = [
  'from',
  'to',
  'cc',
  'bcc',
  'subject',
  'reply-to',
  'date',
  'message-id',
  'mime-version',
  'content-type',
  'content-transfer-encoding',
  'sender',
  'return-path',
]

/** A custom header (`X-Campaign: spring`): name as RFC 5322 allows, value on one line. */
export const customHeaderSchema = z
  .strictObject({
    name: z
      .string()
      .min(1, 'Header name is empty')
      .max(76, 'Header name is longer than 76 characters')
      .regex(/^[!-9;-~]+$/, 'Header name may hold only visible ASCII characters without spaces or ":"'),
    value: headerText('Header value', 998),
  })
  .refine((h) => !reservedHeaders.includes(h.name.toLowerCase()), {
    path: ['name'],
    message: 'This header has its own field (or is written by Sendsmith): use the field instead',
  })

/** A file sent with the message; an inline image carries a contentId that the HTML names as cid:. */
export const attachmentSchema = z.strictObject({
  filename: headerText('Attachment name', 255).pipe(z.string().min(1, 'Attachment name is empty')),
  contentType: z
    .string()
    .max(255)
    .regex(/^[\w.+-]+\/[\w.+-]+$/, 'Attachment type must be a MIME type such as application/pdf'),
  /** The bytes, base64: files dropped or pasted are read in the renderer and sent as bytes. */
  contentBase64: z.string().max(34 * 1024 * 1024, 'An attachment is larger than 25 MB'),
  contentId: z
    .string()
    .max(255)
    .regex(/^[^\s<>"]+$/, 'Content-ID may not hold spaces, quotes or angle brackets')
    .optional(),
})
export type Attachment = z.infer<typeof attachmentSchema>

export const prioritySchema = z.enum(['high', 'normal', 'low'])

/**
 * The largest message (HTML, plain text and attachments as base64, counted in characters) that
 * `mail:send`, `mail:queue` and `drafts:save` take: each part has its own limit, and without a
 * total 100 attachments of 25 MB would make one request of 3.4 GB.
 */
export const maxMessageChars = 50 * 1024 * 1024

/** Whether a message (HTML, plain text and attachments) keeps within `maxMessageChars`. */
export function fitsMessageSize(message: {
  html?: string
  text?: string
  attachments?: { contentBase64: string }[]
}): boolean {
  const attachments = (message.attachments ?? []).reduce((sum, a) => sum + a.contentBase64.length, 0)
  return (message.html?.length ?? 0) + (message.text?.length ?? 0) + attachments <= maxMessageChars
}

/** The error of a message over `maxMessageChars`, on the attachments (what a user can remove). */
export const messageSizeError = {
  path: ['attachments'],
  message: `The message with its attachments is larger than ${maxMessageChars / 1024 / 1024} MB (attachments count a third more, as sent)`,
}

/** A message as composed: recipients as typed, one entry per address. */
export const sendRequestSchema = z
  .strictObject({
    accountId: z.uuid({ error: 'From: choose an account to send from' }),
    to: recipients('To'),
    cc: recipients('Cc'),
    bcc: recipients('Bcc'),
    subject: headerText('Subject', 998),
    html: z.string().max(20 * 1024 * 1024, 'The message body is larger than 20 MB'),
    /** Plain-text alternative; when absent it is generated from the HTML. */
    text: z
      .string()
      .max(20 * 1024 * 1024, 'The plain-text body is larger than 20 MB')
      .optional(),
    replyTo: recipients('Reply-To').default([]),
    priority: prioritySchema.default('normal'),
    headers: z.array(customHeaderSchema).max(50, 'At most 50 custom headers').default([]),
    attachments: z.array(attachmentSchema).max(100, 'At most 100 attachments').default([]),
  })
  .refine((req) => req.to.length + req.cc.length + req.bcc.length > 0, {
    path: ['to'],
    message: 'To is empty: add at least one recipient in To, Cc or Bcc',
  })
  .refine(fitsMessageSize, messageSizeError)
/** A send request as callers write it (defaults may be left out) and as services read it. */
export type SendRequest = z.input<typeof sendRequestSchema>
export type ParsedSendRequest = z.output<typeof sendRequestSchema>

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

export const sendStageSchema = z.enum([
  'queued',
  'connecting',
  'authenticating',
  'sending',
  'sent',
  'retrying',
  'failed',
])
export type SendStage = z.infer<typeof sendStageSchema>

export const mailContract = {
  /** Send one message now through the account's SMTP server. */
  'mail:send': { request: sendRequestSchema, response: sendResultSchema },
} as const

export const mailEvents = {
  /** Where a send is: pushed by main while `mail:send` runs. */
  'send:progress': z.strictObject({
    accountId: z.string(),
    /** The outbox entry being sent, so two messages from one account each show their own progress. */
    outboxId: z.string().optional(),
    stage: sendStageSchema,
    elapsedMs: z.number(),
    percent: z.number().min(0).max(100).optional(),
  }),
} as const
