import Papa from 'papaparse'
import { maxMergeListBytes } from '../../../../shared/contract'

/** A recipient list chosen in the renderer: its text goes to main as is (ARCHITECTURE.md "Files"). */
export interface MergeListFile {
  name: string
  format: 'csv' | 'json'
  text: string
  /** The CSV header, or the keys of the JSON rows. */
  columns: string[]
  /** Data rows (CSV lines after the header, or JSON array items). */
  rows: number
}

/** Column names the service takes as the address column when none is chosen (the same order). */
const addressColumnNames = ['email', 'e-mail', 'email address', 'e-mail address', 'mail', 'address', 'to']

/** Reads a picked CSV or JSON file; throws an Error whose message the user can read. */
export async function readMergeList(file: File): Promise<MergeListFile> {
  if (file.size > maxMergeListBytes)
    throw new Error(
      `${file.name} is larger than ${maxMergeListBytes / 1024 / 1024} MB; send larger lists with the CLI (sendsmith merge), which streams them`,
    )
  const text = await file.text()
  const format = /\.json$/i.test(file.name) || /^\s*\[/.test(text) ? 'json' : 'csv'
  if (format === 'json') {
    let value: unknown
    try {
      value = JSON.parse(text)
    } catch (error) {
      throw new Error(`${file.name} is not valid JSON: ${(error as Error).message}`)
    }
    if (!Array.isArray(value)) throw new Error(`${file.name} must hold an array of objects, one per recipient`)
    const columns = new Set<string>()
    for (const item of value.slice(0, 100))
      if (item && typeof item === 'object') for (const key of Object.keys(item)) columns.add(key)
    return { name: file.name, format, text, columns: [...columns], rows: value.length }
  }
  const header = Papa.parse<string[]>(text, { preview: 1, skipEmptyLines: true })
  const columns = (header.data[0] ?? []).map((c) => c.trim()).filter((c) => c !== '')
  if (columns.length === 0) throw new Error(`${file.name} has no header line`)
  // Counts records, not lines: a quoted cell may hold a line break.
  let rows = -1
  Papa.parse<string[]>(text, { skipEmptyLines: true, step: () => void rows++ })
  return { name: file.name, format, text, columns, rows: Math.max(0, rows) }
}

/** The column the service would take for addresses, if one has a usual name. */
export function guessAddressColumn(columns: string[]): string | undefined {
  const lower = new Map(columns.map((c) => [c.toLowerCase(), c]))
  return addressColumnNames.map((n) => lower.get(n)).find((c) => c !== undefined)
}

/** A likely display-name column: name, full name, or first + last is left to the user. */
export function guessNameColumn(columns: string[]): string | undefined {
  const lower = new Map(columns.map((c) => [c.toLowerCase(), c]))
  return ['name', 'full name', 'full_name', 'display name', 'display_name']
    .map((n) => lower.get(n))
    .find((c) => c !== undefined)
}

const notFields = new Set(['else', 'this'])

/**
 * The merge fields a Handlebars/HTML/MJML template and subject use: `{{name}}`, `{{{name}}}`,
 * `{{user.name}}` (as `user`), leaving out block helpers, comments, partials and `@data`.
 * The service decides for sure (merge:validate); this is for the mapping form.
 */
export function mergeFieldsOf(...texts: string[]): string[] {
  const fields = new Set<string>()
  for (const text of texts) {
    for (const match of text.matchAll(/\{\{\{?~?\s*([^{}]*?)\s*~?\}?\}\}/g)) {
      const body = match[1]
      if (!/^[A-Za-z_$][\w$-]*(\.[\w$-]+)*$/.test(body)) continue
      const top = body.split('.')[0]
      if (!notFields.has(top)) fields.add(top)
    }
  }
  return [...fields]
}

/** A column for each field: the user's choice, else the column with the same name (case-insensitive). */
export function autoMap(fields: string[], columns: string[], chosen: Record<string, string>): Record<string, string> {
  const lower = new Map(columns.map((c) => [c.toLowerCase(), c]))
  return Object.fromEntries(
    fields.map((f) => [f, chosen[f] ?? columns.find((c) => c === f) ?? lower.get(f.toLowerCase()) ?? '']),
  )
}
