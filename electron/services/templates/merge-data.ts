import Papa from 'papaparse'
import { SendsmithError } from '../errors/app-error'
import { assertSafeColumns, assertSafeKeys, nestColumns } from './data-keys'

/** One row of a CSV file with a header line, as an object; `a.b` headers become nested objects. */
export function dataFromCsv(text: string, row: number): Record<string, unknown> {
  const parsed = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ''), {
    header: true,
    skipEmptyLines: 'greedy',
  })
  const fatal = parsed.errors.find((e) => e.type === 'Quotes')
  if (fatal && parsed.data.length === 0) {
    throw new SendsmithError({
      code: 'VALIDATION',
      field: 'csv',
      message: `The CSV file cannot be read: ${fatal.message}${fatal.row !== undefined ? ` (row ${fatal.row + 1})` : ''}`,
    })
  }
  // papaparse drops a `__proto__` header on its own objects, so check the header line itself.
  assertSafeColumns(parsed.meta.fields ?? [])
  const rows = parsed.data
  if (rows.length === 0)
    throw new SendsmithError({
      code: 'VALIDATION',
      field: 'csv',
      message: 'The CSV file has no data rows',
      hint: 'The first line names the fields; each following line is one recipient.',
    })
  if (row > rows.length)
    throw new SendsmithError({
      code: 'VALIDATION',
      field: 'row',
      message: `Row ${row} does not exist: the CSV file has ${rows.length} data row${rows.length === 1 ? '' : 's'}`,
      hint: 'Rows are counted from 1, not counting the header line.',
    })
  const cells = Object.entries(rows[row - 1]).filter(([header]) => header !== '__parsed_extra')
  return nestColumns(Object.fromEntries(cells.map(([header, value]) => [header.trim(), value])))
}

/** The JSON value to merge: an object as it is, or the chosen row (1-based) of an array. */
export function dataFromJson(value: unknown, row: number | undefined): unknown {
  assertSafeKeys(value)
  if (!Array.isArray(value)) return value
  const index = row ?? 1
  if (index > value.length)
    throw new SendsmithError({
      code: 'VALIDATION',
      field: 'row',
      message: `Row ${index} does not exist: the JSON array has ${value.length} item${value.length === 1 ? '' : 's'}`,
    })
  return value[index - 1]
}
