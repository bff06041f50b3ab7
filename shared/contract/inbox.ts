import { z } from 'zod'
import { authenticationResultsSchema } from './deliverability'

/** How the local test inbox asks for AUTH: not at all, any user name and password, or one fixed pair. */
export const inboxAuthModeSchema = z.enum(['none', 'any', 'fixed'])
export type InboxAuthMode = z.infer<typeof inboxAuthModeSchema>

/** SMTP stages at which the test inbox can be told to misbehave. */
export const inboxFaultStages = ['connect', 'ehlo', 'auth', 'mail', 'rcpt', 'data'] as const
export const inboxFaultStageSchema = z.enum(inboxFaultStages)
export type InboxFaultStage = z.infer<typeof inboxFaultStageSchema>

/** One injected fault: at a stage, reply with a code (and text), delay, or drop; always, for a share, or for matching addresses. */
export const inboxFaultSchema = z.strictObject({
  stage: inboxFaultStageSchema,
  action: z.discriminatedUnion('kind', [
    z.strictObject({
      kind: z.literal('reply'),
      code: z.number().int().min(400, 'A fault replies with a 4xx or 5xx code').max(599),
      text: z
        .string()
        .max(200, 'The reply text is longer than 200 characters')
        .regex(/^[^\r\n]*$/, 'The reply text is one line')
        .optional(),
    }),
    z.strictObject({ kind: z.literal('drop') }),
    z.strictObject({ kind: z.literal('delay'), ms: z.number().int().min(0).max(600_000) }),
  ]),
  when: z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('always') }),
    z.strictObject({ kind: z.literal('share'), percent: z.number().gt(0).max(100) }),
    /** A pattern with * and ?, matched against the address (MAIL, RCPT, DATA), user (AUTH), host (EHLO) or client IP. */
    z.strictObject({ kind: z.literal('match'), pattern: z.string().min(1).max(200) }),
  ]),
})
export type InboxFault = z.infer<typeof inboxFaultSchema>

/** The local test inbox's SMTP server, as the UI shows it with a copy button and code snippets. */
export const inboxStatusSchema = z.object({
  running: z.boolean(),
  host: z.string(),
  /** The port it listens on; null while stopped. */
  port: z.number().int().nullable(),
  /** The port that was asked for; differs from `port` when it was taken and a free one was used. */
  requestedPort: z.number().int().nullable(),
  /** STARTTLS offered, with the generated self-signed certificate (public) for clients to trust. */
  tls: z.object({
    enabled: z.boolean(),
    /** `sha256:` and 64 hex digits, as accounts pin certificates. */
    fingerprint: z.string().optional(),
    pem: z.string().optional(),
  }),
  /** The fixed user name is shown; the fixed password is never sent over IPC. */
  auth: z.object({ mode: inboxAuthModeSchema, username: z.string().optional() }),
  /** Largest message accepted, in bytes (announced as SIZE). */
  sizeLimit: z.number().int(),
  /** Faults being injected (empty: the server behaves). */
  faults: z.array(inboxFaultSchema).default([]),
})
export type InboxStatus = z.infer<typeof inboxStatusSchema>

/** One received message in the list: newest first, searchable by address and subject. */
export const inboxSummarySchema = z.object({
  id: z.uuid(),
  /** The From header as written (display name and address), or the envelope sender. */
  from: z.string(),
  /** Header To and Cc addresses, or the envelope recipients when the headers have none. */
  to: z.array(z.string()),
  /** What the SMTP client said in MAIL FROM / RCPT TO (Bcc recipients appear only here). */
  envelope: z.object({ from: z.string(), to: z.array(z.string()) }),
  subject: z.string(),
  /** Bytes of the raw message as stored. */
  size: z.number().int(),
  receivedAt: z.string(),
  hasAttachments: z.boolean(),
  /** The first words of the text part. */
  snippet: z.string(),
  /** DKIM, SPF, DMARC (and ARC) as a receiver computed them on arrival; absent for messages from before. */
  authentication: authenticationResultsSchema.optional(),
})
export type InboxSummary = z.infer<typeof inboxSummarySchema>

/** A MIME part and its children, as the message view's structure tab shows it. */
export interface InboxMimeNode {
  contentType: string
  /** IMAP-style part number ("1.2"); empty for the root. */
  part: string
  /** Encoded body bytes of this part (0 for a multipart container). */
  size: number
  charset?: string
  encoding?: string
  disposition?: string
  filename?: string
  children: InboxMimeNode[]
}
export const inboxMimeNodeSchema: z.ZodType<InboxMimeNode> = z.lazy(() =>
  z.object({
    contentType: z.string(),
    part: z.string(),
    size: z.number().int(),
    charset: z.string().optional(),
    encoding: z.string().optional(),
    disposition: z.string().optional(),
    filename: z.string().optional(),
    children: z.array(inboxMimeNodeSchema),
  }),
)

/** One attachment or inline part: enough to list it; its bytes are in the raw source. */
export const inboxAttachmentSchema = z.object({
  filename: z.string(),
  contentType: z.string(),
  /** Decoded size in bytes. */
  size: z.number().int(),
  contentId: z.string().optional(),
  /** True for a part the HTML shows inline (Content-Disposition inline or a cid reference). */
  inline: z.boolean(),
})
export type InboxAttachment = z.infer<typeof inboxAttachmentSchema>

/** A received message as the message view needs it. */
export const inboxMessageSchema = inboxSummarySchema.extend({
  /** The HTML part with cid: images made into data: URIs; null when there is none. */
  html: z.string().nullable(),
  text: z.string().nullable(),
  /** Every header line in order, unfolded, as received (encoded words left as sent). */
  headers: z.array(z.object({ name: z.string(), value: z.string() })),
  attachments: z.array(inboxAttachmentSchema),
  mimeTree: inboxMimeNodeSchema,
  /** The message source (UTF-8), cut at `rawLimit` bytes for very large messages. */
  raw: z.string(),
  rawTruncated: z.boolean(),
  /** Set when the message was accepted but does not parse: only its headers and source are shown. */
  parseError: z.string().optional(),
})
export type InboxMessage = z.infer<typeof inboxMessageSchema>

/** How much of a message's source `inbox:get` returns. */
export const inboxRawLimit = 4 * 1024 * 1024

const messageId = z.strictObject({ id: z.uuid('That is not a message id') })

/** The largest attachment `inbox:attachment` hands to the window (its bytes cross IPC as base64). */
export const inboxAttachmentLimit = 25 * 1024 * 1024

/** One attachment's bytes, for the window to offer as a download (main writes no file for it). */
export const inboxAttachmentFileSchema = z.object({
  filename: z.string(),
  contentType: z.string(),
  contentBase64: z.string(),
})
export type InboxAttachmentFile = z.infer<typeof inboxAttachmentFileSchema>

export const inboxContract = {
  /** Whether the local test inbox is listening, where, and with which TLS and AUTH settings. */
  'inbox:status': { request: z.strictObject({}), response: inboxStatusSchema },
  /** Received messages, newest first; `query` matches from, to (envelope too) and subject, case-insensitive. */
  'inbox:list': {
    request: z.strictObject({ query: z.string().max(200, 'The search is longer than 200 characters').optional() }),
    response: z.array(inboxSummarySchema),
  },
  /** One message: HTML, text, headers, attachments, MIME tree and source. */
  'inbox:get': { request: messageId, response: inboxMessageSchema },
  /** One attachment of a message, by its place in `inbox:get`'s `attachments`, up to `inboxAttachmentLimit` bytes. */
  'inbox:attachment': {
    request: z.strictObject({ id: z.uuid('That is not a message id'), index: z.number().int().min(0).max(10_000) }),
    response: inboxAttachmentFileSchema,
  },
  /** Delete one message. */
  'inbox:delete': { request: messageId, response: z.strictObject({ deleted: z.boolean() }) },
  /** Delete every message. */
  'inbox:clear': { request: z.strictObject({}), response: z.strictObject({ deleted: z.number().int() }) },
} as const

export const inboxEvents = {
  /** A message arrived in the local test inbox. */
  'inbox:received': inboxSummarySchema,
} as const
