import { open } from 'node:fs/promises'
import { join } from 'node:path'
import type { Account, AddressSuggestion, OutboxEntry } from '../../../shared/contract'

/** A send counts half as much after this many days, so someone written to often last year ranks below this week's. */
const halfLifeDays = 30
/** The header block of a sent message is read up to this size; names live in To and Cc. */
const headerBytes = 64 * 1024

interface RecentRecipientsDeps {
  /** The sent history (entries in `sentDir`, each beside `<id>.eml`). */
  sent: () => Promise<OutboxEntry[]>
  sentDir: string
  accounts: () => Account[]
  clock?: () => Date
}

interface Tally {
  name: string
  address: string
  uses: number
  score: number
  lastUsed?: string
}

/**
 * Address suggestions for Compose's To/Cc/Bcc from what is already stored: every envelope
 * recipient in the sent history (Bcc too) with the display name the To/Cc headers gave it, and the
 * accounts' own addresses. Nothing new is kept on disk; a sent message's names are read once and
 * remembered, since sent messages never change.
 */
export class RecentRecipients {
  private readonly names = new Map<string, Map<string, string>>()

  constructor(private readonly deps: RecentRecipientsDeps) {}

  async suggest(query: string, limit: number): Promise<AddressSuggestion[]> {
    const q = query.trim().toLowerCase()
    if (q === '') return []
    const now = (this.deps.clock ?? (() => new Date()))().getTime()
    const tallies = new Map<string, Tally>()
    for (const entry of await this.deps.sent()) {
      const names = await this.namesOf(entry.id)
      const ageDays = Math.max(0, now - Date.parse(entry.createdAt)) / 86_400_000
      for (const raw of new Set(entry.envelope.to.map((a) => a.toLowerCase()))) {
        const tally = tallies.get(raw) ?? { name: '', address: raw, uses: 0, score: 0 }
        tally.uses += 1
        tally.score += 0.5 ** (ageDays / halfLifeDays)
        // Entries come oldest first, so the name kept is the latest one given.
        tally.name = names.get(raw) || tally.name
        tally.address = entry.envelope.to.find((a) => a.toLowerCase() === raw) ?? raw
        tally.lastUsed = entry.createdAt
        tallies.set(raw, tally)
      }
    }
    for (const account of this.deps.accounts()) {
      const key = account.email.toLowerCase()
      if (!tallies.has(key)) tallies.set(key, { name: account.name, address: account.email, uses: 0, score: 0 })
    }
    return [...tallies.values()]
      .filter((t) => matches(t, q))
      .sort(
        (a, b) =>
          b.score - a.score || (b.lastUsed ?? '').localeCompare(a.lastUsed ?? '') || a.address.localeCompare(b.address),
      )
      .slice(0, limit)
      .map(({ name, address, uses, lastUsed }) => ({ name, address, uses, ...(lastUsed && { lastUsed }) }))
  }

  /** Lower-cased address → display name, from a sent message's To and Cc headers. */
  private async namesOf(id: string): Promise<Map<string, string>> {
    const known = this.names.get(id)
    if (known) return known
    const names = new Map<string, string>()
    const header = await readHeader(join(this.deps.sentDir, `${id}.eml`))
    if (header) {
      const { simpleParser } = await import('mailparser')
      const parsed = await simpleParser(`${header}\r\n\r\n`, { skipHtmlToText: true, skipTextToHtml: true })
      for (const field of [parsed.to, parsed.cc]) {
        for (const group of [field ?? []].flat()) {
          for (const one of group.value) if (one.address && one.name) names.set(one.address.toLowerCase(), one.name)
        }
      }
    }
    this.names.set(id, names)
    return names
  }
}

/** A prefix of the address, of the name, or of any word of the name ("hop" finds Grace Hopper). */
function matches(tally: Tally, q: string): boolean {
  const name = tally.name.toLowerCase()
  return (
    tally.address.toLowerCase().startsWith(q) || name.startsWith(q) || name.split(/\s+/).some((w) => w.startsWith(q))
  )
}

/** The header block of a message file (up to the first blank line); undefined when the file is gone. */
async function readHeader(file: string): Promise<string | undefined> {
  const handle = await open(file, 'r').catch(() => undefined)
  if (!handle) return undefined
  try {
    const buffer = Buffer.alloc(headerBytes)
    const { bytesRead } = await handle.read(buffer, 0, headerBytes, 0)
    const text = buffer.subarray(0, bytesRead).toString('latin1')
    const end = text.search(/\r?\n\r?\n/)
    return end === -1 ? text : text.slice(0, end)
  } finally {
    await handle.close()
  }
}
