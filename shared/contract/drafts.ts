import { z } from 'zod'
import { attachmentSchema, fitsMessageSize, messageSizeError, prioritySchema } from './mail'

// A draft keeps what the user typed exactly as typed, valid or not: nothing typed is ever lost.
const typed = (max: number) => z.string().max(max, `longer than ${max} characters`)

export const draftFieldsSchema = z.strictObject({
  accountId: z.string().max(64).default(''),
  to: typed(20_000).default(''),
  cc: typed(20_000).default(''),
  bcc: typed(20_000).default(''),
  replyTo: typed(20_000).default(''),
  subject: typed(2_000).default(''),
  html: typed(20 * 1024 * 1024).default(''),
  /** The plain-text part when the user edited it; absent means "made from the HTML". */
  text: typed(20 * 1024 * 1024).optional(),
  priority: prioritySchema.default('normal'),
  headers: z
    .array(z.strictObject({ name: typed(200), value: typed(2_000) }))
    .max(50)
    .default([]),
  attachments: z.array(attachmentSchema).max(100).default([]),
})

export const draftSchema = draftFieldsSchema.extend({ id: z.uuid(), updatedAt: z.string() })
export type Draft = z.infer<typeof draftSchema>
export type DraftInput = z.input<typeof draftFieldsSchema> & { id?: string }

export const draftSummarySchema = z.strictObject({
  id: z.uuid(),
  subject: z.string(),
  to: z.string(),
  updatedAt: z.string(),
  attachments: z.number(),
})
export type DraftSummary = z.infer<typeof draftSummarySchema>

export const draftsContract = {
  /** Save (create or overwrite) a draft, atomically, under the data folder. */
  'drafts:save': {
    request: draftFieldsSchema.extend({ id: z.uuid().optional() }).refine(fitsMessageSize, messageSizeError),
    response: z.strictObject({ id: z.uuid(), updatedAt: z.string() }),
  },
  /** Drafts, newest first. */
  'drafts:list': { request: z.strictObject({}), response: z.array(draftSummarySchema) },
  'drafts:get': { request: z.strictObject({ id: z.uuid() }), response: draftSchema },
  'drafts:delete': { request: z.strictObject({ id: z.uuid() }), response: z.strictObject({ id: z.uuid() }) },
} as const
