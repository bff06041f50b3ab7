import { mkdir, readdir, readFile, rename, rm } from 'node:fs/promises'
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
  /** Where unreadable entries are moved aside (with their messages), so one bad file stops nothing. */
  readonly quarantineDir: string

  constructor(
    dataDir: string,
    /** Told about each entry moved aside, to log it and tell the user. */
    private readonly onQuarantined: (file: string, reason: string) => void = () => {},
  ) {
    this.outboxDir = join(dataDir, 'outbox')
    this.sentDir = join(dataDir, 'sent')
    this.quarantineDir = join(this.outboxDir, 'quarantine')
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
    return this.read(this.outboxDir, `${id}.json`)
  }

  raw(id: string): Promise<Buffer> {
    return readFile(join(this.outboxDir, `${id}.eml`))
  }

  async list(): Promise<OutboxEntry[]> {
    return this.readAll(this.outboxDir)
  }

  /** The files moved aside as unreadable, for `outbox list` to name. */
  async quarantined(): Promise<string[]> {
    return (await readdir(this.quarantineDir).catch(() => [] as string[])).filter((n) => n.endsWith('.json')).sort()
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
      const entry = await this.read(dir, name)
      if (entry) entries.push(entry)
    }
    return entries.sort((a, b) => a.createdAt.localeCompare(b.createdAt))
  }

  /**
   * One entry file. An unreadable one in the outbox (torn by a disk error, edited by hand, from a
   * newer version) is moved aside with its message and reported, instead of stopping every list
   * and the background sender; in the sent history it is skipped.
   */
  private async read(dir: string, name: string): Promise<OutboxEntry | undefined> {
    let reason: string
    try {
      const data = await readJsonFile(join(dir, name))
      if (data === undefined) return undefined
      const parsed = outboxEntrySchema.safeParse(data)
      if (parsed.success) return parsed.data
      reason = `not an outbox entry: ${parsed.error.issues[0]?.path.join('.')} ${parsed.error.issues[0]?.message}`
    } catch (error) {
      reason = (error as Error).message
    }
    if (dir === this.outboxDir) await this.quarantine(name, reason)
    return undefined
  }

  private async quarantine(name: string, reason: string): Promise<void> {
    await mkdir(this.quarantineDir, { recursive: true })
    const stem = name.replace(/\.json$/, '')
    for (const file of [`${stem}.json`, `${stem}.eml`]) {
      await rename(join(this.outboxDir, file), join(this.quarantineDir, file)).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') throw error
      })
    }
    this.onQuarantined(name, reason)
  }
}
