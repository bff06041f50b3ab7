import { z } from 'zod'

/** The largest template source accepted (a real template is well under 1 MB). */
export const maxTemplateBytes = 5 * 1024 * 1024
/** The largest merge data (JSON, or a CSV file's text) accepted. */
export const maxMergeDataBytes = 5 * 1024 * 1024

/** How a template's source is read: plain HTML, MJML, or Handlebars (which is HTML with merge fields). */
export const templateKindSchema = z.enum(['html', 'mjml', 'hbs'])
export type TemplateKind = z.infer<typeof templateKindSchema>

// JSON text length is a good enough proxy for "how big is this value" and cheap to compute.
const jsonValue = z.unknown().refine(
  (value) => {
    try {
      return (JSON.stringify(value) ?? '').length <= maxMergeDataBytes
    } catch {
      return false
    }
  },
  `The merge data is larger than ${maxMergeDataBytes / 1024 / 1024} MB or not plain JSON`,
)

const templateInputFields = {
  source: z.string().max(maxTemplateBytes, `The template is larger than ${maxTemplateBytes / 1024 / 1024} MB`),
  kind: templateKindSchema,
  /** Merge data as JSON: an object, or an array of objects of which `row` picks one (default the first). */
  data: jsonValue.optional(),
  /** Merge data from a CSV file with a header line; `row` is 1-based over the data lines. */
  csv: z
    .strictObject({
      text: z.string().max(maxMergeDataBytes, `The CSV file is larger than ${maxMergeDataBytes / 1024 / 1024} MB`),
      row: z.number().int().min(1, 'Rows are counted from 1').default(1),
    })
    .optional(),
  /** Which row of a JSON array to use (1-based); ignored for an object. */
  row: z.number().int().min(1, 'Rows are counted from 1').optional(),
}

/** A template and, optionally, the data to merge into it: a JSON value or one row of a CSV file. */
export const templateInputSchema = z
  .strictObject(templateInputFields)
  .refine((input) => input.data === undefined || input.csv === undefined, {
    message: 'Give merge data as JSON or as CSV, not both',
    path: ['csv'],
  })
export type TemplateInput = z.input<typeof templateInputSchema>

/**
 * What the renderer sends to render or check: a template input, where the merge data may instead be
 * a data file opened through main (`dataHandle`, with `row` picking a CSV line or JSON array item).
 */
export const templateRequestSchema = z
  .strictObject({
    ...templateInputFields,
    dataHandle: z.uuid('Unknown data file').optional(),
    /** Names one live preview: a newer request with the same id cancels this one if unfinished (CANCELLED). */
    previewId: z.uuid().optional(),
  })
  .refine((input) => [input.data, input.csv, input.dataHandle].filter((v) => v !== undefined).length <= 1, {
    message: 'Give merge data one way: JSON, CSV or an opened data file',
    path: ['dataHandle'],
  })
export type TemplateRequest = z.input<typeof templateRequestSchema>

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
export const renderTimingsSchema = z.object({
  merge: z.number(),
  mjml: z.number(),
  inline: z.number(),
  text: z.number(),
  total: z.number(),
})

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

export const checkNames = [
  'merge-fields',
  'pipeline',
  'size',
  'links',
  'images',
  'accessibility',
  'compatibility',
] as const
export const checkNameSchema = z.enum(checkNames)
export type CheckName = z.infer<typeof checkNameSchema>

/** Mail clients grouped as people think of them; each caniemail client belongs to one family. */
export const clientFamilySchema = z.enum([
  'gmail',
  'outlook-windows',
  'outlook-web',
  'outlook-mac',
  'outlook-mobile',
  'apple-mail',
  'yahoo',
  'aol',
  'samsung-email',
  'thunderbird',
  'protonmail',
  'fastmail',
  'hey',
  'other',
])
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
  /** For compatibility findings: the feature's name (names the caniemail link). */
  feature: z.string().optional(),
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

/** A template file opened through main's file dialog: the renderer gets an opaque handle, never the path. */
export const templateFileSchema = z.object({
  handle: z.uuid(),
  /** The file's name (no folder). */
  name: z.string(),
  kind: templateKindSchema,
  source: z.string(),
})
export type TemplateFile = z.infer<typeof templateFileSchema>

/** A merge data file opened through main: JSON (an object or an array of rows) or CSV with a header line. */
export const dataFileSchema = z.object({
  handle: z.uuid(),
  name: z.string(),
  kind: z.enum(['json', 'csv']),
  /** Data rows: the CSV lines after the header, or the JSON array's items; null for one JSON object. */
  rows: z.number().int().nullable(),
  /** The CSV header, or the keys of the first JSON row. */
  fields: z.array(z.string()),
})
export type DataFile = z.infer<typeof dataFileSchema>

/** A template opened before, by name only; `templates:reopen` opens it again with a new handle. */
export const recentTemplateSchema = z.object({
  recentId: z.uuid(),
  name: z.string(),
  kind: templateKindSchema,
  openedAt: z.string(),
})
export type RecentTemplate = z.infer<typeof recentTemplateSchema>

/** A remote image fetched by main for a preview whose user allowed remote images. */
export const fetchedImageSchema = z.object({
  url: z.string(),
  dataUrl: z.string().optional(),
  error: z.string().optional(),
})
export type FetchedImage = z.infer<typeof fetchedImageSchema>

const handleRequest = z.strictObject({ handle: z.uuid('Unknown file') })

export const templatesContract = {
  /** Merge, compile (MJML), inline CSS and make the text part; returns what would be sent. */
  'templates:render': { request: templateRequestSchema, response: renderResultSchema },
  /** Render, then run every check (compatibility, size, links, images, accessibility, merge fields). */
  'templates:check': { request: templateRequestSchema, response: checkReportSchema },
  /** Shows the open dialog for a template (.html, .mjml, .hbs) and starts watching it; null when cancelled. */
  'templates:open': { request: z.strictObject({}), response: templateFileSchema.nullable() },
  /** Opens a recently opened template again (same path, new handle), and watches it. */
  'templates:reopen': {
    request: z.strictObject({ recentId: z.uuid('Unknown recent file') }),
    response: templateFileSchema,
  },
  /** Recently opened templates, newest first, by name only. */
  'templates:recent': { request: z.strictObject({}), response: z.array(recentTemplateSchema) },
  /** Shows the open dialog for merge data (.json, .csv); null when cancelled. Render with its handle. */
  'templates:openData': { request: z.strictObject({}), response: dataFileSchema.nullable() },
  /** Stops watching a template or data file and forgets its handle. */
  'templates:close': { request: handleRequest, response: z.strictObject({ closed: z.boolean() }) },
  /** Fetches remote images (in main: the renderer has no network) for a preview, as data: URLs. */
  'templates:fetchImages': {
    request: z.strictObject({
      urls: z
        .array(z.url({ protocol: /^https?$/, error: 'Only http and https images are fetched' }))
        .max(200, 'At most 200 images at a time'),
    }),
    response: z.array(fetchedImageSchema),
  },
} as const

export const templatesEvents = {
  /** An open template changed on disk (saved in another editor); carries the new source. */
  'templates:changed': z.strictObject({ handle: z.uuid(), source: z.string() }),
  /** An open data file changed on disk; carries its new summary (same handle). */
  'templates:dataChanged': dataFileSchema,
} as const

/** Mail clients a template can be previewed "as" (short, stable names for the CLI's `--as`). */
export const emailClientIds = [
  'gmail',
  'outlook-windows',
  'outlook-mac',
  'outlook-web',
  'apple-mail',
  'yahoo',
  'thunderbird',
] as const
export const emailClientSchema = z.enum(emailClientIds)
export type EmailClient = z.infer<typeof emailClientSchema>

/** One thing a client-filtered view took out or changed, with how often and caniemail's page for it. */
export const clientRemovalSchema = z.object({
  what: z.string(),
  count: z.number().int(),
  url: z.string().optional(),
})
export type ClientRemoval = z.infer<typeof clientRemovalSchema>

/** The rendered template as one client would roughly show it: an approximation from caniemail's data. */
export const clientViewSchema = z.object({
  client: emailClientSchema,
  label: z.string(),
  html: z.string(),
  /** What was removed or neutralised, most frequent first. */
  removed: z.array(clientRemovalSchema),
  /** Remote images replaced by their alt text because the client blocks them by default. */
  imagesBlocked: z.number().int(),
  /** Where the client cuts the message ("[Message clipped]"), in bytes of the HTML; null when it does not. */
  clippedAtBytes: z.number().int().nullable(),
  /** Says plainly that this is not a screenshot of the client. */
  disclaimer: z.string(),
})
export type ClientView = z.infer<typeof clientViewSchema>

/** Rendering engines snapshots can be taken with. */
export const snapshotEngineSchema = z.enum(['chromium', 'gecko', 'webkit'])
export type SnapshotEngine = z.infer<typeof snapshotEngineSchema>

/** Whether an engine can be used on this machine, and if not, why. */
export const engineAvailabilitySchema = z.object({
  engine: snapshotEngineSchema,
  available: z.boolean(),
  /** The browser used (path and version), or why none is available. */
  detail: z.string(),
})
export type EngineAvailability = z.infer<typeof engineAvailabilitySchema>

const snapshotWidth = z.number().int().min(200, 'Widths start at 200 px').max(2400, 'Widths go up to 2400 px')
/** How a preview is photographed: width in CSS pixels, light or dark, plain or as a client. */
export const snapshotOptionsSchema = z.strictObject({
  width: snapshotWidth.default(600),
  dark: z.boolean().default(false),
  client: emailClientSchema.optional(),
  engine: snapshotEngineSchema.default('chromium'),
})
export type SnapshotOptions = z.input<typeof snapshotOptionsSchema>

export const snapshotSchema = z.object({
  engine: snapshotEngineSchema,
  pngBase64: z.string(),
  width: z.number().int(),
  height: z.number().int(),
  ms: z.number(),
})
export type Snapshot = z.infer<typeof snapshotSchema>

export const visualDiffSchema = z.object({
  before: snapshotSchema,
  after: snapshotSchema,
  /** Changed pixels in red over a faded copy of the "after" image. */
  diffPngBase64: z.string(),
  changedPixels: z.number().int(),
  totalPixels: z.number().int(),
  /** Changed pixels as a percentage of all pixels (0-100). */
  changedPercent: z.number(),
})
export type VisualDiff = z.infer<typeof visualDiffSchema>

export const templatePreviewContract = {
  /** The rendered template with what a client does not support removed (caniemail's data; an approximation). */
  'templates:clientView': {
    request: z.strictObject({
      template: templateRequestSchema,
      client: emailClientSchema,
      /** Show remote images even where the client blocks them by default. */
      imagesOn: z.boolean().default(false),
    }),
    response: clientViewSchema,
  },
  /** Which engines can take snapshots here (Chromium, Gecko, WebKit), and with which browser. */
  'templates:engines': { request: z.strictObject({}), response: z.array(engineAvailabilitySchema) },
  /** A PNG of the rendered template in one engine. */
  'templates:snapshot': {
    request: z.strictObject({ template: templateRequestSchema, options: snapshotOptionsSchema }),
    response: snapshotSchema,
  },
  /** Snapshots of two versions of a template in one engine and width, and the pixels that differ. */
  'templates:diff': {
    request: z.strictObject({
      before: templateRequestSchema,
      after: templateRequestSchema,
      options: snapshotOptionsSchema,
    }),
    response: visualDiffSchema,
  },
} as const
