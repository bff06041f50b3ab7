import { z } from 'zod'
import { appErrorSchema } from './errors'
import { maxTemplateBytes, templateKindSchema } from './templates'

/** The largest recipient list accepted over IPC (about 200,000 rows of a typical CSV). The CLI streams files of any size. */
export const maxMergeListBytes = 32 * 1024 * 1024
/** Invalid rows listed in a validation report; the counts always cover every row. */
export const maxListedInvalidRows = 1000

const columnName = z.string().min(1, 'A column name is empty').max(200, 'A column name is longer than 200 characters')

/** The recipient list as text (the renderer reads a dropped or chosen file and sends its bytes, ARCHITECTURE.md "Files"). */
export const mergeDataSchema = z.strictObject({
  /** csv: a header line, then one recipient per line; json: an array of objects. */
  format: z.enum(['csv', 'json']),
  text: z.string().max(maxMergeListBytes, `The recipient list is larger than ${maxMergeListBytes / 1024 / 1024} MB`),
})

/** Which column holds the address, and which columns fill which merge fields. */
export const mergeMappingSchema = z.strictObject({
  /** The column with each recipient's address (`Ada <ada@example.com>` or a bare address); default: a column named email, e-mail or address. */
  addressColumn: columnName.optional(),
  /** A column with the display name to put before a bare address. */
  nameColumn: columnName.optional(),
  /** Merge field -> column, for columns named differently from the template's fields; other columns keep their names. */
  fields: z
    .record(z.string().min(1).max(200), columnName)
    .refine((f) => Object.keys(f).length <= 500, 'At most 500 mapped fields')
    .default({}),
  /** Fields every row must have (non-empty); default: every plain {{field}} the template uses outside blocks and conditions. */
  required: z.array(z.string().min(1).max(200)).max(500).optional(),
})
export type MergeMapping = z.input<typeof mergeMappingSchema>

/** Limits on sending speed for the account (the provider's): each at most N messages per window. */
export const mergeLimitsSchema = z.strictObject({
  perSecond: z.number().positive().max(10_000).optional(),
  perMinute: z.number().positive().max(600_000).optional(),
  perHour: z.number().positive().max(36_000_000).optional(),
})
export type MergeLimits = z.infer<typeof mergeLimitsSchema>

/**
 * List-Unsubscribe (RFC 2369) and one-click List-Unsubscribe-Post (RFC 8058). The URL may use merge
 * fields (`https://example.com/u?id={{id}}`); merged values are URL-encoded.
 */
export const listUnsubscribeSchema = z
  .strictObject({
    url: z.string().max(2000, 'The unsubscribe URL is longer than 2000 characters').optional(),
    mailto: z.string().max(320, 'The unsubscribe address is longer than 320 characters').optional(),
    /** Adds `List-Unsubscribe-Post: List-Unsubscribe=One-Click`; needs an https URL. */
    oneClick: z.boolean().default(false),
  })
  .refine((u) => u.url !== undefined || u.mailto !== undefined, {
    message: 'List-Unsubscribe needs a URL or an address',
    path: ['url'],
  })
  .refine((u) => !u.oneClick || (u.url !== undefined && /^https:\/\//i.test(u.url)), {
    message: 'One-click unsubscribe needs an https:// URL (RFC 8058)',
    path: ['oneClick'],
  })
export type ListUnsubscribe = z.input<typeof listUnsubscribeSchema>

/** A merge as the user set it up: template, recipient list, mapping, account. */
export const mergeInputSchema = z.strictObject({
  accountId: z.uuid({ error: 'Choose the account to send from' }),
  template: z.strictObject({
    source: z.string().max(maxTemplateBytes, `The template is larger than ${maxTemplateBytes / 1024 / 1024} MB`),
    kind: templateKindSchema,
  }),
  /** The subject; may use merge fields (`Your invoice, {{name}}`). */
  subject: z
    .string()
    .min(1, 'The subject is empty')
    .max(998, 'The subject is longer than 998 characters')
    .refine((s) => !/[\r\n]/.test(s), 'The subject must be one line'),
  data: mergeDataSchema,
  mapping: mergeMappingSchema.default({ fields: {} }),
  listUnsubscribe: listUnsubscribeSchema.optional(),
})
export type MergeInput = z.input<typeof mergeInputSchema>

/** How to send: speed limits, pooled connections, and the user's word on invalid rows. */
export const mergeSendOptionsSchema = z.strictObject({
  limits: mergeLimitsSchema.default({}),
  /** Connections open at once (sessions). */
  connections: z.number().int().min(1, 'At least one connection').max(20, 'At most 20 connections').default(3),
  /** Messages sent over one connection before it is closed and a new one opened. */
  messagesPerConnection: z.number().int().min(1).max(10_000).default(100),
  /** Start although some rows are invalid: those rows are skipped (and listed in the results). */
  skipInvalid: z.boolean().default(false),
  /**
   * Saves each delivered message once in the account's Sent folder over IMAP (issue 18). Off by
   * default: a merge to thousands would fill Sent; the user asks for it per run.
   */
  saveSentCopy: z.boolean().default(false),
})
export type MergeSendOptions = z.input<typeof mergeSendOptionsSchema>

export const mergeStartSchema = z.strictObject({
  ...mergeInputSchema.shape,
  ...mergeSendOptionsSchema.shape,
  /** Send although the bulk-sender readiness report has errors for Gmail/Yahoo/Outlook.com recipients (the user's word). */
  overrideReadiness: z.boolean().optional(),
})
export type MergeStartRequest = z.input<typeof mergeStartSchema>

/** One row that cannot be sent, with every reason; rows are counted from 1, not counting a CSV header line. */
export const invalidRowSchema = z.object({
  row: z.number().int(),
  address: z.string().optional(),
  problems: z.array(z.string()),
})
export type InvalidRow = z.infer<typeof invalidRowSchema>

export const mergeValidationSchema = z.object({
  /** Data rows read. */
  total: z.number().int(),
  valid: z.number().int(),
  invalid: z.number().int(),
  /** The first invalid rows (up to 1000), in order. */
  invalidRows: z.array(invalidRowSchema),
  columns: z.array(z.string()),
  addressColumn: z.string(),
  /** Fields every row must fill. */
  requiredFields: z.array(z.string()),
  /** Things worth knowing that stop nothing (a template field no column fills, ...). */
  warnings: z.array(z.string()),
  /** Rows to addresses on the suppression list: skipped, never sent (not counted in `valid`). */
  suppressed: z.number().int().optional(),
  /** The first suppressed rows (up to 1000), each with the reason ("suppressed: unsubscribed ..."). */
  suppressedRows: z.array(invalidRowSchema).optional(),
})
export type MergeValidation = z.infer<typeof mergeValidationSchema>

export const mergePreviewSchema = z.object({
  row: z.number().int(),
  to: z.string(),
  subject: z.string(),
  html: z.string(),
  text: z.string(),
  /** Bytes of the whole message as it would be sent. */
  size: z.number().int(),
})
export type MergePreview = z.infer<typeof mergePreviewSchema>

/**
 * A run's state: sending, paused by the user, done (every row has an outcome), cancelled by the
 * user, or interrupted (stopped by an error or a crash; `merge:resume` continues it).
 */
export const mergeRunStateSchema = z.enum(['sending', 'paused', 'done', 'cancelled', 'interrupted'])
export type MergeRunState = z.infer<typeof mergeRunStateSchema>

export const mergeRunSummarySchema = z.object({
  runId: z.uuid(),
  accountId: z.string(),
  subject: z.string(),
  createdAt: z.string(),
  state: mergeRunStateSchema,
  /** Data rows in the list. */
  total: z.number().int(),
  /** Invalid rows left out (with --skip-invalid). */
  skipped: z.number().int(),
  sent: z.number().int(),
  /** Refused by the server for good (or still refused after retries). */
  failed: z.number().int(),
  /** The connection was lost after the final ".": may have been delivered; never resent on its own. */
  uncertain: z.number().int(),
  /** Valid rows without an outcome yet. */
  remaining: z.number().int(),
  /** Why the run stopped, when it was interrupted. */
  error: appErrorSchema.optional(),
  /** The copies in Sent, for a run that saves them: saved, waiting for the IMAP server, failed for good. */
  sentCopies: z.object({ saved: z.number().int(), waiting: z.number().int(), failed: z.number().int() }).optional(),
})
export type MergeRunSummary = z.infer<typeof mergeRunSummarySchema>

export const mergeProgressSchema = z.object({
  ...mergeRunSummarySchema.shape,
  /** Messages per second over the last few seconds. */
  ratePerSecond: z.number(),
  /** Seconds left at the current rate; null while unknown (paused, or nothing sent yet). */
  etaSeconds: z.number().nullable(),
  /** Time spent sending in this process. */
  elapsedMs: z.number(),
})
export type MergeProgress = z.infer<typeof mergeProgressSchema>

const runRef = z.strictObject({ runId: z.uuid() })

export const mergeContract = {
  /** Reads every row and lists the invalid ones (bad address, missing field) with row numbers; sends nothing. */
  'merge:validate': { request: mergeInputSchema, response: mergeValidationSchema },
  /** One row merged as it would be sent. */
  'merge:preview': {
    request: z.strictObject({ ...mergeInputSchema.shape, row: z.number().int().min(1, 'Rows are counted from 1') }),
    response: mergePreviewSchema,
  },
  /** Creates the run on disk and starts sending in the background ('merge:progress' events); refuses invalid rows unless skipInvalid. */
  'merge:start': { request: mergeStartSchema, response: mergeRunSummarySchema },
  /** Stops taking new messages (those under way finish). */
  'merge:pause': { request: runRef, response: mergeRunSummarySchema },
  /** Continues a paused run, or an interrupted one from its journal (after a crash). */
  'merge:resume': { request: runRef, response: mergeRunSummarySchema },
  /** Ends a run for good: rows not yet sent stay unsent. */
  'merge:cancel': { request: runRef, response: mergeRunSummarySchema },
  /**
   * The user's word, after fixing the cause: sends again a finished run's rows that failed for good
   * (`failed`) or may have been delivered (`uncertain`), and no other row.
   */
  'merge:sendAgain': {
    request: z.strictObject({ runId: z.string(), rows: z.enum(['failed', 'uncertain']) }),
    response: mergeRunSummarySchema,
  },
  /** Every run, newest first. */
  'merge:list': { request: z.strictObject({}), response: z.array(mergeRunSummarySchema) },
  /** Per-recipient results as CSV: row, address, status, message id, server reply, error. */
  'merge:results': { request: runRef, response: z.object({ csv: z.string() }) },
} as const

export const mergeEvents = {
  /** A run's counts, rate and ETA: a few times a second while sending, and on every change of state. */
  'merge:progress': mergeProgressSchema,
} as const
