import Papa from 'papaparse'
import { SendsmithError } from '../errors/app-error'

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
  const out: Record<string, unknown> = {}
  for (const [header, value] of Object.entries(rows[row - 1])) {
    if (header === '__parsed_extra') continue
    setPath(out, header.trim().split('.'), value)
  }
  return out
}

/** The JSON value to merge: an object as it is, or the chosen row (1-based) of an array. */
export function dataFromJson(value: unknown, row: number | undefined): unknown {
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

function setPath(target: Record<string, unknown>, path: string[], value: unknown): void {
  let node = target
  for (const key of path.slice(0, -1)) {
    if (typeof node[key] !== 'object' || node[key] === null) node[key] = {}
    node = node[key] as Record<string, unknown>
  }
  node[path[path.length - 1]] = value
}
