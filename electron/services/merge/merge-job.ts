import { addressProblem } from '../../../shared/addresses'
import {
  maxListedInvalidRows,
  mergeInputSchema,
  type InvalidRow,
  type MergeInput,
  type MergeSendOptions,
  type MergeValidation,
} from '../../../shared/contract'
import { SendsmithError } from '../errors/app-error'
import { suppressedProblem, type SuppressionLookup } from '../suppression/suppression-list'
import { compileTemplate, fieldsOf } from './compiled-template'
import { checkRow, isCheckedRow, planMerge, type CheckedRow, type MergePlan } from './merge-plan'
import { readColumns, readRecipients, type RecipientSource } from './recipient-list'
import { rowMessageParts, type RowMessageParts } from './row-message'

/** A merge as the services take it: like the contract's, but the list may also be a file (the CLI's). */
export type MergeJob = Omit<MergeInput, 'data'> & { data: RecipientSource }
export type MergeJobStart = MergeJob & MergeSendOptions

/** A merge made ready: the input parsed, the message parts compiled, the plan for the rows. */
export interface PreparedMerge {
  input: ReturnType<typeof parseJob>
  parts: RowMessageParts
  plan: MergePlan
  warnings: string[]
  /** The suppression list at the time of the check: rows to these addresses are skipped, never sent. */
  suppressed?: SuppressionLookup
}

const inputWithoutData = mergeInputSchema.omit({ data: true })
function parseJob(job: MergeJob) {
  const { accountId, template, subject, mapping, listUnsubscribe } = job
  return { ...inputWithoutData.parse({ accountId, template, subject, mapping, listUnsubscribe }), data: job.data }
}

/**
 * Parses a merge and makes it ready to check or build rows: compiles the template, the subject and
 * the unsubscribe URL, reads the list's columns and plans which column fills which field.
 */
export async function prepareMerge(job: MergeJob): Promise<PreparedMerge> {
  const input = parseJob(job)
  const template = await compileTemplate(input.template.source, input.template.kind)
  const subjectFields = fieldsOf(input.subject)
  const unsubscribe = input.listUnsubscribe
  if (unsubscribe?.mailto !== undefined && addressProblem(unsubscribe.mailto) !== null) {
    throw new SendsmithError({
      code: 'VALIDATION',
      field: 'listUnsubscribe',
      message: `The unsubscribe address "${unsubscribe.mailto}" is not valid: ${addressProblem(unsubscribe.mailto)}`,
    })
  }
  const urlFields = unsubscribe?.url !== undefined ? fieldsOf(unsubscribe.url) : { used: [], required: [] }
  const columns = await readColumns(input.data)
  if (columns.length === 0)
    throw new SendsmithError({ code: 'VALIDATION', field: 'data', message: 'The list has no rows' })
  const used = [...new Set([...template.fields.used, ...subjectFields.used, ...urlFields.used])]
  const required = [...new Set([...template.fields.required, ...subjectFields.required, ...urlFields.used])]
  const { plan, warnings } = planMerge(columns, used, required, input.mapping)
  if (template.mode === 'per-row')
    warnings.push('MJML moved some merge fields, so each row runs the whole template pipeline: sending is slower')
  return { input, parts: rowMessageParts(template, input.subject, unsubscribe), plan, warnings }
}

/**
 * Checks every row: its address, its required fields, its merged unsubscribe URL, and that no
 * earlier row has the same address (a list with duplicates would send someone two messages).
 * A valid row to a suppressed address is counted apart and skipped (`onSuppressed`), not sent.
 */
export async function checkRows(
  prepared: PreparedMerge,
  onInvalid?: (row: InvalidRow) => void,
  onValid?: (row: CheckedRow) => Promise<void>,
  onSuppressed?: (row: InvalidRow) => void,
): Promise<MergeValidation> {
  const seen = new Map<string, number>()
  const invalidRows: InvalidRow[] = []
  const suppressedRows: InvalidRow[] = []
  const unsubscribeUrl = prepared.parts.unsubscribe?.url
  let total = 0
  let invalid = 0
  let suppressed = 0
  for await (const { row, record } of readRecipients(prepared.input.data)) {
    total++
    let checked = checkRow(row, record, prepared.plan)
    if (isCheckedRow(checked)) {
      const problems: string[] = []
      const key = checked.mailbox.address.toLowerCase()
      const first = seen.get(key)
      if (first !== undefined) problems.push(`${checked.mailbox.address} is already in row ${first}`)
      else seen.set(key, row)
      if (unsubscribeUrl) {
        const url = unsubscribeUrl(checked.context)
        if (!isHeaderUrl(url)) problems.push(`the unsubscribe URL "${url.slice(0, 200)}" is not a valid http(s) URL`)
      }
      if (problems.length > 0) checked = { row, address: checked.mailbox.address, problems }
    }
    const suppression = isCheckedRow(checked) ? prepared.suppressed?.(checked.mailbox.address) : undefined
    if (isCheckedRow(checked) && suppression) {
      const skipped = { row, address: checked.mailbox.address, problems: [suppressedProblem(suppression)] }
      suppressed++
      if (suppressedRows.length < maxListedInvalidRows) suppressedRows.push(skipped)
      onSuppressed?.(skipped)
      continue
    }
    if (isCheckedRow(checked)) {
      await onValid?.(checked)
      continue
    }
    invalid++
    if (invalidRows.length < maxListedInvalidRows) invalidRows.push(checked)
    onInvalid?.(checked)
  }
  return {
    total,
    valid: total - invalid - suppressed,
    invalid,
    invalidRows,
    ...(prepared.suppressed && { suppressed, suppressedRows }),
    columns: prepared.plan.columns,
    addressColumn: prepared.plan.addressColumn,
    requiredFields: prepared.plan.required,
    warnings: prepared.warnings,
  }
}

/** A URL fit for List-Unsubscribe: http(s), parses, and nothing that would end the <...> early. */
function isHeaderUrl(url: string): boolean {
  if (/[\s<>]/.test(url)) return false
  try {
    return ['https:', 'http:'].includes(new URL(url).protocol)
  } catch {
    return false
  }
}
