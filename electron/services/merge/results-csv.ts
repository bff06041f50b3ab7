import { readJournal } from './merge-journal'
import { readRecipients, type RecipientSource } from './recipient-list'

interface RowResult {
  status: 'sent' | 'failed' | 'uncertain' | 'skipped' | 'pending'
  to?: string
  messageId?: string
  response?: string
  error?: string
}

export const resultColumns = ['row', 'address', 'status', 'message_id', 'response', 'error'] as const

/**
 * The per-recipient results of a run as CSV lines, in row order: the journal gives each row's last
 * outcome, the run's copy of the list gives the address of rows that have none yet (pending).
 */
export async function* resultLines(
  journalPath: string,
  source: RecipientSource,
  addressColumn: string,
): AsyncGenerator<string> {
  const results = new Map<number, RowResult>()
  for await (const record of readJournal(journalPath)) {
    if (record.k === 'state') continue
    const previous = results.get(record.row)
    switch (record.k) {
      case 'skipped':
        results.set(record.row, { status: 'skipped', to: record.to, error: record.problems.join('; ') })
        break
      case 'sending':
        results.set(record.row, { status: 'uncertain', to: record.to, messageId: record.mid })
        break
      case 'sent':
        results.set(record.row, { ...previous, status: 'sent', response: record.resp, error: undefined })
        break
      case 'failed':
        results.set(record.row, {
          ...previous,
          status: 'failed',
          to: record.to,
          response: record.resp,
          error: record.msg,
        })
        break
      case 'deferred':
        results.set(record.row, { ...previous, status: 'pending', response: record.resp, error: record.msg })
        break
      case 'retry':
        results.set(record.row, { ...previous, status: 'pending', response: undefined, error: undefined })
        break
      case 'uncertain':
        results.set(record.row, {
          ...previous,
          status: 'uncertain',
          error: 'The connection was lost after the whole message was sent: it may have been delivered',
        })
        break
    }
  }
  yield csvLine([...resultColumns])
  for await (const { row, record } of readRecipients(source)) {
    const result = results.get(row) ?? { status: 'pending' }
    const address = result.to ?? (typeof record[addressColumn] === 'string' ? (record[addressColumn] as string) : '')
    yield csvLine([
      String(row),
      address,
      result.status,
      result.messageId ?? '',
      result.response ?? '',
      result.error ?? '',
    ])
  }
}

/** One CSV line; a cell that a spreadsheet would run as a formula is prefixed with an apostrophe. */
export function csvLine(cells: string[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`
}

function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe
}
