import { randomUUID } from 'node:crypto'
import { readdir, readFile, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { z } from 'zod'
import { inboxSummarySchema, type InboxSummary } from '../../../shared/contract'
import { SendsmithError } from '../errors/app-error'
import { readJsonFile, writeFileAtomic } from '../storage/atomic-file'
import { overviewOf, type Envelope } from './read-message'

/** When the oldest messages are removed: past this many messages, or this many bytes in all. */
export interface InboxLimits {
  maxMessages: number
  maxTotalBytes: number
}

export const defaultInboxLimits: InboxLimits = { maxMessages: 1000, maxTotalBytes: 512 * 1024 * 1024 }

const indexFormat = 'sendsmith-inbox'
const emlName = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.eml$/

const indexFileSchema = z.object({
  format: z.literal(indexFormat),
  version: z.literal(1),
  messages: z.array(z.unknown()),
})

/**
 * The local test inbox on disk: `inbox/messages/<id>.eml` (the message exactly as received) and
 * `inbox/index.json` (the summaries, oldest first), each written atomically. The .eml files are the
 * truth: an index entry without its file is dropped, and a file the index lacks (a crash between
 * the two writes, or two processes writing at once) is summarized again, so no mail is lost.
 */
export class InboxStore {
  readonly dir: string
  readonly messagesDir: string
  readonly indexPath: string
  /** Index updates in this process, one at a time. */
  private queue: Promise<unknown> = Promise.resolve()

  constructor(
    dataDir: string,
    readonly limits: InboxLimits = defaultInboxLimits,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.dir = join(dataDir, 'inbox')
    this.messagesDir = join(this.dir, 'messages')
    this.indexPath = join(this.dir, 'index.json')
  }

  /**
   * Stores a received message: the .eml first, then the index entry; then removes the oldest
   * messages past the limits. Returns the new summary and the ids rotated out.
   */
  add(
    raw: Buffer,
    envelope: Envelope,
    extra: Pick<InboxSummary, 'authentication'> = {},
  ): Promise<{ summary: InboxSummary; removed: string[] }> {
    return this.exclusive(async () => {
      const id = randomUUID()
      const summary = inboxSummarySchema.parse({
        id,
        ...(await overviewOf(raw, envelope)),
        envelope,
        size: raw.length,
        receivedAt: this.clock().toISOString(),
        ...extra,
      })
      const messages = await this.load()
      await writeFileAtomic(this.emlPath(id), raw)
      messages.push(summary)
      const removed = rotate(messages, this.limits)
      await this.writeIndex(messages)
      await Promise.all(removed.map((old) => rm(this.emlPath(old), { force: true })))
      return { summary, removed }
    })
  }

  /** Summaries, newest first; `query` matches from, to, envelope addresses and subject, case-insensitive. */
  async list(query?: string): Promise<InboxSummary[]> {
    const messages = (await this.exclusive(() => this.load())).reverse()
    const needle = query?.trim().toLowerCase()
    if (!needle) return messages
    return messages.filter((m) =>
      [m.from, ...m.to, m.envelope.from, ...m.envelope.to, m.subject].some((field) =>
        field.toLowerCase().includes(needle),
      ),
    )
  }

  async summary(id: string): Promise<InboxSummary> {
    const found = (await this.exclusive(() => this.load())).find((m) => m.id === id)
    if (!found) throw notFound()
    return found
  }

  /** The message exactly as it was received. */
  async raw(id: string): Promise<Buffer> {
    if (!z.uuid().safeParse(id).success) throw notFound()
    try {
      return await readFile(this.emlPath(id))
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw notFound()
      throw error
    }
  }

  /** Removes one message; false when there was none with that id. */
  delete(id: string): Promise<boolean> {
    return this.exclusive(async () => {
      const messages = await this.load()
      const rest = messages.filter((m) => m.id !== id)
      if (rest.length === messages.length) return false
      await this.writeIndex(rest)
      await rm(this.emlPath(id), { force: true })
      return true
    })
  }

  /** Removes every message and returns how many there were. */
  clear(): Promise<number> {
    return this.exclusive(async () => {
      const messages = await this.load()
      await this.writeIndex([])
      await Promise.all(messages.map((m) => rm(this.emlPath(m.id), { force: true })))
      return messages.length
    })
  }

  /** Reads the index and reconciles it with the .eml files; rewrites it only when they disagreed. */
  private async load(): Promise<InboxSummary[]> {
    const files = new Set<string>()
    for (const name of await readdir(this.messagesDir).catch(() => [] as string[])) {
      const match = emlName.exec(name)
      if (match) files.add(match[1])
    }
    const indexed = await this.readIndex()
    const seen = new Set<string>()
    const kept = indexed.filter((m) => files.has(m.id) && !seen.has(m.id) && seen.add(m.id))
    const orphans = [...files].filter((id) => !seen.has(id))
    const recovered = await Promise.all(orphans.map((id) => this.summarizeFile(id)))
    const messages = [...kept, ...recovered.filter((m) => m !== undefined)].sort((a, b) =>
      a.receivedAt.localeCompare(b.receivedAt),
    )
    if (messages.length !== indexed.length || recovered.length > 0) await this.writeIndex(messages)
    return messages
  }

  private async readIndex(): Promise<InboxSummary[]> {
    let data: unknown
    try {
      data = await readJsonFile(this.indexPath)
    } catch {
      // A damaged index is rebuilt from the .eml files.
      return []
    }
    const file = indexFileSchema.safeParse(data)
    if (!file.success) return []
    return file.data.messages.flatMap((entry) => {
      const parsed = inboxSummarySchema.safeParse(entry)
      return parsed.success ? [parsed.data] : []
    })
  }

  /** A message on disk that the index lacks: summarized from its headers, timed by its file. */
  private async summarizeFile(id: string): Promise<InboxSummary | undefined> {
    try {
      const [raw, info] = await Promise.all([readFile(this.emlPath(id)), stat(this.emlPath(id))])
      const overview = await overviewOf(raw, { from: '', to: [] })
      return inboxSummarySchema.parse({
        id,
        ...overview,
        envelope: { from: '', to: [] },
        size: raw.length,
        receivedAt: info.mtime.toISOString(),
      })
    } catch {
      return undefined // removed meanwhile by another process
    }
  }

  private writeIndex(messages: InboxSummary[]): Promise<void> {
    return writeFileAtomic(this.indexPath, JSON.stringify({ format: indexFormat, version: 1, messages }))
  }

  private emlPath(id: string): string {
    return join(this.messagesDir, `${id}.eml`)
  }

  private exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task)
    this.queue = run.catch(() => undefined)
    return run
  }
}

/** Drops the oldest messages (from the front) past the limits; the newest message always stays. */
function rotate(messages: InboxSummary[], limits: InboxLimits): string[] {
  const removed: string[] = []
  let total = messages.reduce((sum, m) => sum + m.size, 0)
  while (messages.length > 1 && (messages.length > limits.maxMessages || total > limits.maxTotalBytes)) {
    const oldest = messages.shift()!
    total -= oldest.size
    removed.push(oldest.id)
  }
  return removed
}

function notFound(): SendsmithError {
  return new SendsmithError({
    code: 'NOT_FOUND',
    field: 'id',
    message: 'That message is no longer in the inbox',
    hint: 'It may have been deleted, or rotated out as the inbox filled up.',
  })
}

export const internals = { rotate }
