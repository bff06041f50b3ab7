import { z } from 'zod'
import { appErrorSchema } from './errors'
import { headerText } from './fields'

/** How the IMAP connection is secured; the same words as SMTP's. */
export const imapSecuritySchema = z.enum(['none', 'starttls', 'tls'])

/**
 * Whether a copy of each sent message goes to the mailbox's Sent folder over IMAP:
 * `auto` skips Gmail and Microsoft 365 (they save it themselves) and elsewhere appends only when
 * the Message-ID is not there yet; `always` appends; `never` does not.
 */
export const sentCopyModeSchema = z.enum(['auto', 'always', 'never'])
export type SentCopyMode = z.infer<typeof sentCopyModeSchema>

const imapHostPattern =
  /^(?=.{1,253}$)(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?)(?:\.[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?)*$/u

/** An account's IMAP server; the password (or token) is the account's own, shared with SMTP. */
export const imapSettingsSchema = z.strictObject({
  host: z
    .string()
    .trim()
    .min(1, 'IMAP server is empty: type the incoming server, such as imap.example.com')
    .max(253, 'IMAP server is longer than 253 characters')
    .refine(
      (h) => imapHostPattern.test(h) || /^\[?[0-9a-f:.]+\]?$/i.test(h),
      'IMAP server is not a host name or IP address: remove spaces and any "imap://" prefix',
    ),
  port: z
    .number({ error: 'IMAP port must be a number: 993 for SSL/TLS, 143 for STARTTLS' })
    .int('IMAP port must be a whole number')
    .min(1, 'IMAP port must be from 1 to 65535 (993 for SSL/TLS, 143 for STARTTLS)')
    .max(65535, 'IMAP port must be from 1 to 65535 (993 for SSL/TLS, 143 for STARTTLS)'),
  security: imapSecuritySchema,
  /** Empty: the SMTP user name. */
  username: headerText('IMAP user name', 320).default(''),
  /** The folder the user chose for sent copies; empty: found by `\Sent`, then by name. */
  sentFolder: z.string().max(1000, 'The Sent folder name is longer than 1000 characters').default(''),
})
export type ImapSettings = z.infer<typeof imapSettingsSchema>

/**
 * Where a sent message's copy in the Sent folder is: `waiting` (to be saved, retried with backoff),
 * `saved` (appended by us or found there), `skipped` (the mode or the provider said no), `failed`
 * (given up: a refused login, a missing folder).
 */
export const sentCopyStateSchema = z.enum(['waiting', 'saved', 'skipped', 'failed'])
export type SentCopyState = z.infer<typeof sentCopyStateSchema>

export const sentCopySchema = z.object({
  state: sentCopyStateSchema,
  /** Why skipped, or how it was saved: "appended to Sent", "already in Sent", "Gmail saves it". */
  detail: z.string(),
  folder: z.string().optional(),
  attempts: z.number(),
  nextAttemptAt: z.string().optional(),
  savedAt: z.string().optional(),
  lastError: appErrorSchema.optional(),
})
export type SentCopy = z.infer<typeof sentCopySchema>

/** One `Received:` hop, newest first as in the header block. */
export const receivedHopSchema = z.strictObject({
  from: z.string(),
  by: z.string(),
  /** The protocol word: ESMTPS, ESMTPSA, ESMTP, SMTP, LMTP ... */
  with: z.string(),
  /** The TLS version and cipher when the hop says (`TLS1.3 ... `), or null when it was not encrypted. */
  tls: z.string().nullable(),
  date: z.string().nullable(),
  raw: z.string(),
})
export type ReceivedHop = z.infer<typeof receivedHopSchema>

/** One method's verdict in Authentication-Results (RFC 8601). */
export const authVerdictSchema = z.strictObject({
  method: z.string(),
  result: z.string(),
  /** The properties after the result: `smtp.mailfrom=example.com`, `header.d=example.com` ... */
  properties: z.string(),
})

export const roundTripReportSchema = z.strictObject({
  ok: z.boolean(),
  messageId: z.string(),
  sentTo: z.string(),
  /** Where it landed: the INBOX, or the spam folder's name, or null when it did not arrive. */
  folder: z.string().nullable(),
  inSpam: z.boolean(),
  /** Milliseconds from the SMTP 250 to the message found over IMAP. */
  delayMs: z.number().nullable(),
  /** The Authentication-Results as the receiving provider wrote them: the one exact SPF check. */
  authenticationResults: z.array(z.strictObject({ authservId: z.string(), verdicts: z.array(authVerdictSchema) })),
  received: z.array(receivedHopSchema),
  error: appErrorSchema.nullable(),
  elapsedMs: z.number(),
})
export type RoundTripReport = z.infer<typeof roundTripReportSchema>

export const imapContract = {
  /** Send a test to the account's own address and read it back over IMAP: what the receiver saw. */
  'accounts:roundtrip': {
    request: z.strictObject({
      accountId: z.uuid(),
      /** Seconds to wait for the message to arrive (default 120). */
      timeoutSeconds: z
        .number()
        .int()
        .min(5, 'Wait at least 5 seconds')
        .max(900, 'Wait at most 900 seconds')
        .default(120),
    }),
    response: roundTripReportSchema,
  },
} as const
