import { z } from 'zod'

/** The largest template source accepted (a real template is well under 1 MB). */
export const maxTemplateBytes = 5 * 1024 * 1024
/** The largest merge data (JSON, or a CSV file's text) accepted. */
export const maxMergeDataBytes = 5 * 1024 * 1024

/** How a template's source is read: plain HTML, MJML, or Handlebars (which is HTML with merge fields). */
export const templateKindSchema = z.enum(['html', 'mjml', 'hbs'])
export type TemplateKind = z.infer<typeof templateKindSchema>

// JSON text length is a good enough proxy for "how big is this value" and cheap to compute.
const jsonValue = z.unknown().refine((value) => {
  try {
    return (JSON.stringify(value) ?? '').length <= maxMergeDataBytes
  } catch {
    return false
  }
}, `The merge data is larger than ${maxMergeDataBytes / 1024 / 1024} MB or not plain JSON`)

/** A template and, optionally, the data to merge into it: a JSON value or one row of a CSV file. */
export const templateInputSchema = z.strictObject({
  source: z.string().max(maxTemplateBytes, `The template is larger than ${maxTemplateBytes / 1024 / 1024} MB`),
  kind: templateKindSchema,
  /** Merge data as JSON: an object, or an array of objects of which `row` picks one (default the first). */
  data: jsonValue.optional(),
  /** Merge data from a CSV file with a header line; `row` is 1-based over the data lines. */
  csv: z.strictObject({ text: z.string().max(maxMergeDataBytes, `The CSV file is larger than ${maxMergeDataBytes / 1024 / 1024} MB`), row: z.number().int().min(1, 'Rows are counted from 1').default(1) }).optional(),
  /** Which row of a JSON array to use (1-based); ignored for an object. */
  row: z.number().int().min(1, 'Rows are counted from 1').optional(),
}).refine((input) => input.data === undefined || input.csv === undefined, { message: 'Give merge data as JSON or as CSV, not both', path: ['csv'] })
export type TemplateInput = z.input<typeof templateInputSchema>

/** Something the pipeline noticed on the way (an MJML validation message, a Handlebars problem). */
export const pipelineWarningSchema = z.object({
  stage: z.enum(['mjml', 'merge', 'inline', 'text']),
  message: z.string(),
  /** Line in the source the user edits, when known. */
  line: z.number().int().optional(),
})
export type PipelineWarning = z.infer<typeof pipelineWarningSchema>

/** A variable the template uses that the merge data does not have, with every line that uses it. */
export const missingVariableSchema = z.object({ name: z.string(), lines: z.array(z.number().int()) })
export type MissingVariable = z.infer<typeof missingVariableSchema>

/** How long each stage took, in milliseconds. */
export const renderTimingsSchema = z.object({ merge: z.number(), mjml: z.number(), inline: z.number(), text: z.number(), total: z.number() })

export const renderResultSchema = z.object({
  /** The final HTML: merged, MJML compiled, CSS inlined. What "send test" sends. */
  html: z.string(),
  /** The plain-text part made from the final HTML. */
  text: z.string(),
  warnings: z.array(pipelineWarningSchema),
  /** Empty when no merge data was given (nothing was merged). */
  missingVariables: z.array(missingVariableSchema),
  /** UTF-8 bytes of the final HTML. */
  sizeBytes: z.number().int(),
  timings: renderTimingsSchema,
})
export type RenderResult = z.infer<typeof renderResultSchema>

export const checkNames = ['merge-fields', 'pipeline', 'size', 'links', 'images', 'accessibility', 'compatibility'] as const
export const checkNameSchema = z.enum(checkNames)
export type CheckName = z.infer<typeof checkNameSchema>

/** Mail clients grouped as people think of them; each caniemail client belongs to one family. */
export const clientFamilySchema = z.enum(['gmail', 'outlook-windows', 'outlook-web', 'outlook-mac', 'outlook-mobile', 'apple-mail', 'yahoo', 'aol', 'samsung-email', 'thunderbird', 'protonmail', 'fastmail', 'hey', 'other'])
export type ClientFamily = z.infer<typeof clientFamilySchema>

/** One result of a check, pointing at the line (1-based) in the source the user edits. */
export const findingSchema = z.object({
  check: checkNameSchema,
  severity: z.enum(['error', 'warning', 'info']),
  message: z.string(),
  line: z.number().int(),
  column: z.number().int().optional(),
  /** For compatibility findings: the client family the finding is about. */
  clientFamily: clientFamilySchema.optional(),
  /** For compatibility findings: the caniemail page that explains it. */
  url: z.string().optional(),
})
export type Finding = z.infer<typeof findingSchema>
export type Severity = Finding['severity']

/** How much of what the template uses a client family supports, 0-100 (100 when nothing is at risk). */
export const familyScoreSchema = z.object({
  family: clientFamilySchema,
  label: z.string(),
  score: z.number(),
  /** Features used that the family does not support at all. */
  unsupported: z.number().int(),
  /** Features used that the family supports only partly. */
  partial: z.number().int(),
})
export type FamilyScore = z.infer<typeof familyScoreSchema>

export const checkReportSchema = z.object({
  findings: z.array(findingSchema),
  scores: z.array(familyScoreSchema),
  sizeBytes: z.number().int(),
})
export type CheckReport = z.infer<typeof checkReportSchema>

export const templatesContract = {
  /** Merge, compile (MJML), inline CSS and make the text part; returns what would be sent. */
  'templates:render': { request: templateInputSchema, response: renderResultSchema },
  /** Render, then run every check (compatibility, size, links, images, accessibility, merge fields). */
  'templates:check': { request: templateInputSchema, response: checkReportSchema },
} as const
