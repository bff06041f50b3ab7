import { asciiDomain, hasLineBreak, parseAddressList, type Mailbox } from '../../../shared/addresses'
import type { InvalidRow, MergeMapping } from '../../../shared/contract'
import { SendsmithError } from '../errors/app-error'
import { assertSafeColumns, nestColumns, reservedSegment } from '../templates/data-keys'

/** How rows become recipients: the address column, the field mapping and the fields every row must fill. */
export interface MergePlan {
  columns: string[]
  addressColumn: string
  nameColumn?: string
  /** Merge field -> column, for fields named differently from their column. */
  fields: Record<string, string>
  required: string[]
}

/** A row ready to send: its recipient and the data to merge. */
export interface CheckedRow {
  row: number
  mailbox: Mailbox
  context: Record<string, unknown>
}

const addressColumnNames = ['email', 'e-mail', 'email address', 'e-mail address', 'mail', 'address', 'to']

/**
 * Decides the plan from the list's columns, the fields the template, subject and unsubscribe URL
 * use, and the user's mapping. A missing address column or a mapped column that does not exist is
 * an error for the whole list; fields no column fills are warnings (they render empty).
 */
export function planMerge(
  columns: string[],
  used: string[],
  required: string[],
  mapping: Partial<MergeMapping>,
): { plan: MergePlan; warnings: string[] } {
  const warnings: string[] = []
  assertSafeColumns(columns)
  const known = new Set(columns)
  const lower = new Map(columns.map((c) => [c.toLowerCase(), c]))
  const addressColumn =
    mapping.addressColumn ?? addressColumnNames.map((n) => lower.get(n)).find((c) => c !== undefined)
  if (!addressColumn) {
    throw new SendsmithError({
      code: 'VALIDATION',
      field: 'addressColumn',
      message: `No column holds the addresses (columns: ${columns.join(', ') || 'none'})`,
      hint: 'Name the column with the addresses (CLI: --address-column NAME), or call it "email".',
    })
  }
  if (!known.has(addressColumn))
    throw new SendsmithError({
      code: 'VALIDATION',
      field: 'addressColumn',
      message: `The list has no column "${addressColumn}" (columns: ${columns.join(', ')})`,
    })
  if (mapping.nameColumn !== undefined && !known.has(mapping.nameColumn))
    throw new SendsmithError({
      code: 'VALIDATION',
      field: 'nameColumn',
      message: `The list has no column "${mapping.nameColumn}"`,
    })
  const fields = mapping.fields ?? {}
  for (const field of Object.keys(fields))
    if (reservedSegment(field) !== undefined)
      throw new SendsmithError({
        code: 'VALIDATION',
        field: 'fields',
        message: `The merge field "${field}" uses the reserved name "${reservedSegment(field)}"`,
        hint: '__proto__, constructor and prototype cannot name merge fields.',
      })
  // Every wrong mapping and every unfilled field in one message, so one run lists them all.
  const badMappings = Object.entries(fields).filter(([, column]) => !known.has(column))
  if (badMappings.length > 0)
    throw new SendsmithError({
      code: 'VALIDATION',
      field: 'fields',
      message:
        badMappings.length === 1
          ? `The field "${badMappings[0][0]}" is mapped to the column "${badMappings[0][1]}", which the list does not have (columns: ${columns.join(', ')})`
          : `The fields ${listOf(badMappings.map(([field, column]) => `"${field}" (column "${column}")`))} are mapped to columns the list does not have (columns: ${columns.join(', ')})`,
    })
  const filled = (field: string) =>
    Object.hasOwn(fields, field) || known.has(field) || columns.some((c) => c.startsWith(`${field}.`))
  const requiredFields = mapping.required ?? required
  const unfilled = requiredFields.filter((field) => !filled(field))
  if (unfilled.length > 0)
    throw new SendsmithError({
      code: 'VALIDATION',
      field: 'fields',
      message: `The template uses ${listOf(unfilled.map((f) => `{{${f}}}`))}, which no column fills (columns: ${columns.join(', ')})`,
      hint: `Map ${unfilled.length === 1 ? 'it' : 'each'} to a column (CLI: ${unfilled.map((f) => `--field ${f}=COLUMN`).join(' ')}) or add the column${unfilled.length === 1 ? '' : 's'} to the list.`,
    })
  for (const field of used)
    if (!filled(field) && !requiredFields.includes(field))
      warnings.push(`The template uses "${field}", which no column fills: it renders empty`)
  return {
    plan: {
      columns,
      addressColumn,
      ...(mapping.nameColumn !== undefined && { nameColumn: mapping.nameColumn }),
      fields,
      required: requiredFields,
    },
    warnings,
  }
}

/** `a`, `a and b`, `a, b and c`. */
function listOf(items: string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`
}

/** The data a row merges with: its columns (`a.b` headers nested), then the mapped fields. */
export function contextOf(record: Record<string, unknown>, plan: MergePlan): Record<string, unknown> {
  const context = nestColumns(record)
  for (const [field, column] of Object.entries(plan.fields)) {
    if (reservedSegment(field) !== undefined) continue // planMerge refused it already
    context[field] = Object.hasOwn(record, column) ? record[column] : undefined
  }
  return context
}

/** Checks one row: one valid address, every required field filled. Returns the recipient or every problem found. */
export function checkRow(row: number, record: Record<string, unknown>, plan: MergePlan): CheckedRow | InvalidRow {
  const problems: string[] = []
  const raw = record[plan.addressColumn]
  const addressText = typeof raw === 'string' ? raw.trim() : raw === undefined || raw === null ? '' : String(raw)
  let mailbox: Mailbox | undefined
  if (addressText === '') problems.push(`the ${plan.addressColumn} column is empty`)
  else if (hasLineBreak(addressText))
    problems.push(`the address "${addressText.replace(/[\r\n]+/g, ' ')}" has a line break in it`)
  else {
    const { mailboxes, invalid } = parseAddressList(addressText)
    if (invalid.length > 0) problems.push(`"${invalid[0].input}" is not a valid address: ${invalid[0].reason}`)
    else if (mailboxes.length !== 1)
      problems.push(`"${addressText}" holds ${mailboxes.length} addresses; give one per row`)
    else mailbox = mailboxes[0]
  }
  if (mailbox && plan.nameColumn !== undefined && mailbox.name === '') {
    const name = record[plan.nameColumn]
    if (typeof name === 'string' && name.trim() !== '') {
      if (hasLineBreak(name)) problems.push(`the ${plan.nameColumn} column has a line break in it`)
      else mailbox = { ...mailbox, name: name.trim() }
    }
  }
  const context = contextOf(record, plan)
  for (const field of plan.required) {
    const value = context[field]
    if (value === undefined || value === null || (typeof value === 'string' && value.trim() === ''))
      problems.push(`"${field}" is empty`)
  }
  if (problems.length > 0 || !mailbox)
    return { row, ...(addressText !== '' && { address: addressText.slice(0, 320) }), problems }
  return { row, mailbox: { name: mailbox.name, address: asciiDomain(mailbox.address) }, context }
}

export function isCheckedRow(result: CheckedRow | InvalidRow): result is CheckedRow {
  return 'mailbox' in result
}
