import { join } from 'node:path'
import Papa from 'papaparse'
import { addressProblem, asciiDomain } from '../../../shared/addresses'
import {
  suppressionEntrySchema,
  suppressionReasonSchema,
  type SuppressionEntry,
  type SuppressionReason,
} from '../../../shared/contract'
import { SendsmithError } from '../errors/app-error'
import { readJsonFile, writeFileAtomic } from '../storage/atomic-file'

/** Looks an address up in a snapshot of the list: its entry, or undefined when it may be sent to. */
export type SuppressionLookup = (address: string) => SuppressionEntry | undefined

/** How an address is compared: trimmed, lower case, the domain in ASCII (punycode). */
export function suppressionKey(address: string): string {
  return asciiDomain(address.trim()).toLowerCase()
}

/** What a merge shows for a suppressed row. */
export function suppressedProblem(entry: SuppressionEntry): string {
  return `suppressed: ${entry.reason}${entry.note ? ` (${entry.note})` : ''} since ${entry.addedAt.slice(0, 10)}`
}

/**
 * The addresses no merge sends to again (unsubscribed, bounced for good, complained, or added by
 * hand), in `suppression.json` in the data folder, shared by every account, the app and the CLI.
 * Every change rereads the file and writes it atomically, so the two processes add to one list.
 */
export class SuppressionList {
  readonly path: string
  private queue: Promise<unknown> = Promise.resolve()

  constructor(
    dataDir: string,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.path = join(dataDir, 'suppression.json')
  }

  /** Every entry, newest first. */
  async list(): Promise<SuppressionEntry[]> {
    return [...(await this.read()).values()].sort((a, b) => b.addedAt.localeCompare(a.addedAt))
  }

  /** A snapshot to check many rows against (one file read). */
  async lookup(): Promise<SuppressionLookup> {
    const entries = await this.read()
    return (address) => entries.get(suppressionKey(address))
  }

  /** Adds addresses; one already listed keeps its first date and takes the new reason and note. */
  async add(
    addresses: string[],
    reason: SuppressionReason,
    note?: string,
  ): Promise<{ added: number; updated: number }> {
    const keys = addresses.map(checkedKey)
    return this.change((entries) => {
      let added = 0
      let updated = 0
      const addedAt = this.clock().toISOString()
      for (const address of new Set(keys)) {
        const before = entries.get(address)
        if (before) updated++
        else added++
        entries.set(address, { address, reason, ...(note && { note }), addedAt: before?.addedAt ?? addedAt })
      }
      return { added, updated }
    })
  }

  /** Takes addresses off the list. */
  remove(addresses: string[]): Promise<{ removed: number }> {
    return this.change((entries) => ({
      removed: addresses.filter((address) => entries.delete(suppressionKey(address))).length,
    }))
  }

  /** The list as CSV: address,reason,added_at,note. */
  async exportCsv(): Promise<string> {
    const rows = (await this.list()).map((e) => ({
      address: e.address,
      reason: e.reason,
      added_at: e.addedAt,
      note: e.note ?? '',
    }))
    return `${Papa.unparse(rows, { columns: ['address', 'reason', 'added_at', 'note'] })}\n`
  }

  /**
   * Adds the addresses of a CSV with a header line: the column "address" or "email" (or the only
   * column), and a "reason" column when present, else `reason`. Every bad line is named at once.
   */
  async importCsv(text: string, reason: SuppressionReason): Promise<{ added: number; updated: number }> {
    const parsed = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ''), {
      header: true,
      skipEmptyLines: 'greedy',
      transformHeader: (h) => h.trim().toLowerCase(),
    })
    const columns = parsed.meta.fields ?? []
    const column =
      ['address', 'email', 'e-mail'].find((c) => columns.includes(c)) ?? (columns.length === 1 ? columns[0] : undefined)
    if (!column)
      throw new SendsmithError({
        code: 'VALIDATION',
        field: 'file',
        message: `No column holds the addresses (columns: ${columns.join(', ') || 'none'})`,
        hint: 'Call the column "address" or "email".',
      })
    const problems: string[] = []
    const byReason = new Map<SuppressionReason, string[]>()
    parsed.data.forEach((row, index) => {
      const address = (row[column] ?? '').trim()
      const line = index + 2
      const problem = addressProblem(address)
      const rowReason = row.reason?.trim()
        ? suppressionReasonSchema.safeParse(row.reason.trim().toLowerCase())
        : undefined
      if (problem) problems.push(`line ${line}: ${problem}`)
      else if (rowReason && !rowReason.success)
        problems.push(`line ${line}: "${row.reason}" is not a reason (${suppressionReasonSchema.options.join(', ')})`)
      else {
        const r = rowReason?.data ?? reason
        byReason.set(r, [...(byReason.get(r) ?? []), address])
      }
    })
    if (problems.length > 0)
      throw new SendsmithError({
        code: 'VALIDATION',
        field: 'file',
        message: `${problems.length} line${problems.length === 1 ? '' : 's'} cannot be imported: ${problems.slice(0, 5).join('; ')}${problems.length > 5 ? '; ...' : ''}`,
        hint: 'Fix those lines; nothing was imported.',
      })
    const total = { added: 0, updated: 0 }
    for (const [r, addresses] of byReason) {
      const result = await this.add(addresses, r)
      total.added += result.added
      total.updated += result.updated
    }
    return total
  }

  private async read(): Promise<Map<string, SuppressionEntry>> {
    let stored: unknown
    try {
      stored = await readJsonFile(this.path)
    } catch (error) {
      if (!(error instanceof SyntaxError)) throw error
      stored = null
    }
    const entries = new Map<string, SuppressionEntry>()
    if (stored === undefined) return entries
    const parsed = suppressionEntrySchema.array().safeParse((stored as { entries?: unknown } | null)?.entries)
    if (!parsed.success)
      // Never start over with an empty list: that would send to people who asked not to get mail.
      throw new SendsmithError({
        code: 'INTERNAL',
        field: 'suppression',
        message: `The suppression list ${this.path} cannot be read`,
        hint: 'Restore the file from a backup, or fix it by hand; no merge sends until it reads.',
      })
    for (const entry of parsed.data) entries.set(entry.address, entry)
    return entries
  }

  /** One change at a time in this process: read, change, write atomically. */
  private change<T>(apply: (entries: Map<string, SuppressionEntry>) => T): Promise<T> {
    const next = this.queue.then(async () => {
      const entries = await this.read()
      const result = apply(entries)
      await writeFileAtomic(this.path, `${JSON.stringify({ version: 1, entries: [...entries.values()] }, null, 2)}\n`)
      return result
    })
    this.queue = next.catch(() => undefined)
    return next
  }
}

function checkedKey(address: string): string {
  const problem = addressProblem(address.trim())
  if (problem)
    throw new SendsmithError({
      code: 'VALIDATION',
      field: 'addresses',
      message: `"${address.slice(0, 320)}" is not an address: ${problem}`,
    })
  return suppressionKey(address)
}
