import { readdir, readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { outboxEntrySchema, type OutboxEntry } from '../../../shared/contract'
import { readJsonFile, writeFileAtomic } from '../storage/atomic-file'
import { acquirePidLock, isPidLockHeld } from '../storage/pid-lock'

/**
 * The outbox and the sent history on disk: `outbox/<id>.json` (the entry) beside `<id>.eml` (the
 * message as it will be sent), moved to `sent/` once the server took it. Every write is atomic.
 */
export class OutboxStore {
  readonly outboxDir: string
  readonly sentDir: string

  constructor(dataDir: string) {
    this.outboxDir = join(dataDir, 'outbox')
    this.sentDir = join(dataDir, 'sent')
  }

  /** The message first, then the entry that points at it: an entry never lacks its message. */
  async add(entry: OutboxEntry, raw: Buffer): Promise<void> {
    await writeFileAtomic(join(this.outboxDir, `${entry.id}.eml`), raw)
    await this.write(entry)
  }

  write(entry: OutboxEntry): Promise<void> {
    return writeFileAtomic(
      join(this.outboxDir, `${entry.id}.json`),
      JSON.stringify(outboxEntrySchema.parse(entry), null, 2),
    )
  }

  async get(id: string): Promise<OutboxEntry | undefined> {
    const data = await readJsonFile(join(this.outboxDir, `${id}.json`))
    return data === undefined ? undefined : outboxEntrySchema.parse(data)
  }

  raw(id: string): Promise<Buffer> {
    return readFile(join(this.outboxDir, `${id}.eml`))
  }

  async list(): Promise<OutboxEntry[]> {
    return this.readAll(this.outboxDir)
  }

  async sent(): Promise<OutboxEntry[]> {
    return this.readAll(this.sentDir)
  }

  /** Sent history gets the entry and the message, then the outbox copy is removed. */
  async moveToSent(entry: OutboxEntry): Promise<void> {
    await writeFileAtomic(join(this.sentDir, `${entry.id}.eml`), await this.raw(entry.id))
    await writeFileAtomic(join(this.sentDir, `${entry.id}.json`), JSON.stringify(entry, null, 2))
    await this.remove(entry.id)
  }

  async remove(id: string): Promise<void> {
    await rm(join(this.outboxDir, `${id}.json`), { force: true })
    await rm(join(this.outboxDir, `${id}.eml`), { force: true })
  }

  /** Claims an entry for sending, across processes: see acquirePidLock. */
  lock(id: string): Promise<(() => Promise<void>) | undefined> {
    return acquirePidLock(this.lockPath(id))
  }

  /** True when a live process holds the entry's lock. */
  isLocked(id: string): Promise<boolean> {
    return isPidLockHeld(this.lockPath(id))
  }

  private lockPath(id: string): string {
    return join(this.outboxDir, `${id}.lock`)
  }

  private async readAll(dir: string): Promise<OutboxEntry[]> {
    const names = await readdir(dir).catch(() => [] as string[])
    const entries: OutboxEntry[] = []
    for (const name of names.filter((n) => n.endsWith('.json'))) {
      const parsed = outboxEntrySchema.safeParse(await readJsonFile(join(dir, name)))
      if (parsed.success) entries.push(parsed.data)
    }
    return entries.sort((a, b) => a.createdAt.localeCompare(b.createdAt))
  }
}
