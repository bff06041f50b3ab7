import Papa from 'papaparse'

export type ResultStatus = 'sent' | 'failed' | 'uncertain' | 'skipped' | 'pending'

/** One line of merge:results. */
export interface ResultRow {
  row: number
  address: string
  status: ResultStatus
  messageId: string
  response: string
  error: string
}

/** Parses merge:results' CSV (row, address, status, message_id, response, error). */
export function parseResults(csv: string): ResultRow[] {
  const parsed = Papa.parse<Record<string, string>>(csv, { header: true, skipEmptyLines: true })
  // The service prefixes cells a spreadsheet would run as formulas with an apostrophe; show them as they were.
  const plain = (value: string | undefined) => (value ?? '').replace(/^'(?=[=+\-@\t\r])/, '')
  return parsed.data.map((r) => ({
    row: Number(r.row),
    address: plain(r.address),
    status: (r.status ?? 'pending') as ResultStatus,
    messageId: plain(r.message_id),
    response: plain(r.response),
    error: plain(r.error),
  }))
}

/** "4 s", "2 min 5 s", "1 h 3 min". */
export function formatEta(seconds: number): string {
  const s = Math.max(0, Math.round(seconds))
  if (s < 60) return `${s} s`
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`
}
