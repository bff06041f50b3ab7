import { formatMailbox } from '../../../shared/addresses'
import type { MergePreview, MergeValidation } from '../../../shared/contract'
import { SendsmithError } from '../errors/app-error'
import type { CompiledTemplate } from './compiled-template'
import { checkRows, type PreparedMerge } from './merge-job'
import type { MergeMessageBuilder } from './merge-message'
import { checkRow, isCheckedRow } from './merge-plan'
import { readRecipients } from './recipient-list'
import { buildRowMessage } from './row-message'

/** One row merged and built as it would be sent. */
export async function previewRow(
  prepared: PreparedMerge,
  builder: MergeMessageBuilder,
  row: number,
): Promise<MergePreview> {
  for await (const entry of readRecipients(prepared.input.data)) {
    if (entry.row !== row) continue
    const checked = checkRow(row, entry.record, prepared.plan)
    if (!isCheckedRow(checked))
      throw new SendsmithError({
        code: 'VALIDATION',
        field: 'row',
        message: `Row ${row} cannot be sent: ${checked.problems.join('; ')}`,
      })
    const message = await buildRowMessage(prepared.parts, builder, checked)
    return {
      row,
      to: formatMailbox(checked.mailbox),
      subject: message.subject,
      html: message.html,
      text: message.text,
      size: message.raw.length,
    }
  }
  throw new SendsmithError({
    code: 'VALIDATION',
    field: 'row',
    message: `Row ${row} does not exist`,
    hint: 'Rows are counted from 1, not counting the header line.',
  })
}

/** What a dry run found and built: the validation, and how many messages of how many bytes in how long. */
export interface DryRunReport {
  validation: MergeValidation
  built: number
  bytes: number
  ms: number
  mode: CompiledTemplate['mode']
}

/** Checks every row and builds every valid row's message without sending (the CLI's --dry-run). */
export async function buildAllRows(
  prepared: PreparedMerge,
  builder: MergeMessageBuilder,
): Promise<Omit<DryRunReport, 'ms'>> {
  let built = 0
  let bytes = 0
  const validation = await checkRows(prepared, undefined, async (checked) => {
    bytes += (await buildRowMessage(prepared.parts, builder, checked)).raw.length
    built++
  })
  return { validation, built, bytes, mode: prepared.parts.template.mode }
}
