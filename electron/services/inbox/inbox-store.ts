import { randomBytes, randomUUID } from 'node:crypto'
import { mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { z } from 'zod'
import { inboxSummarySchema, type InboxSummary } from '../../../shared/contract'
import { SendsmithError } from '../errors/app-error'
import { writeFileAtomic } from '../storage/atomic-file'
import { overviewOf, type Envelope } from './read-message'

/**
 * When the oldest messages are removed: past this many messages, or this many bytes in all (the
 * messages plus their index entries, so a message with a huge header list counts what it costs).
 */
export interface InboxLimits {
  maxMessages: number
  maxTotalBytes: number
}

export const defaultInboxLimits: InboxLimits = { maxMessages: 1000, maxTotalBytes: 512 * 1024 * 1024 }

const emlName = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.eml$/
/** The index log is rewritten (compacted) once it holds this many more lines than live messages. */
const compactSlack = 1000

/** One line of the index log: a message came (its summary), or messages went. */
const logLineSchema = z.union([z.object({ add: z.unknown() }), z.object({ remove: z.array(z.string()) })])

/** What this process knows of the index log: the live summaries, oldest first, and how far it has read. */
interface IndexState {
  messages: Map<string, InboxSummary>
  /** Bytes each live summary takes in the log (what a compacted index holds). */
  entryBytes: Map<string, number>
  messageBytes: number
  indexBytes: number
  /** The log file read so far: its inode and the offset after the last whole line. */
  ino: number
  offset: number
  lines: number
}

/**
 * The local test inbox on disk: `inbox/messages/<id>.eml` (the message exactly as received, written
 * atomically) and `inbox/index.jsonl`, an append-only log of summaries (one JSON line per message
 * that came, one per removal), compacted now and then. Adding a message costs one .eml file and one
 * appended line, however full the inbox is.
 *
 * The .eml files are the truth: when a store first reads the log (or finds it replaced or damaged)
 * it reconciles it with the folder: an entry without its file is dropped, and a file the log lacks
 * (a crash between the two writes) is summarized again, so no mail is lost. Other processes using
 * the same folder (the CLI's `inbox serve` beside the app) append to the same log; each store reads
 * the lines it has not seen before every operation.
 */
export class InboxStore {
  readonly dir: string
  readonly messagesDir: string
  readonly indexPath: string
  /** The index of versions up to 0.x, read once and replaced by the log. */
  private readonly legacyIndexPath: string
  private state?: IndexState
  /** Index updates in this process, one at a time. */
  private queue: Promise<unknown> = Promise.resolve()
  /** Accepted messages whose index line is not written yet. */
  private readonly indexing = new Set<Promise<unknown>>()
  /** Summaries waiting for the next group append. */
  private batch: { summary: InboxSummary; resolve: (removed: string[]) => void; reject: (error: unknown) => void }[] =
    []
  private madeDir?: Promise<void>
  /** Resolves once the last accepted message is queued for its index line (or has failed). */
  private lastQueued: Promise<void> = Promise.resolve()
  private readonly folderSync = new GroupedFolderSync(() => this.messagesDir)

  constructor(
    dataDir: string,
    readonly limits: InboxLimits = defaultInboxLimits,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.dir = join(dataDir, 'inbox')
    this.messagesDir = join(this.dir, 'messages')
    this.indexPath = join(this.dir, 'index.jsonl')
    this.legacyIndexPath = join(this.dir, 'index.json')
  }

  /**
   * Stores a received message: the .eml first, then its index line; then removes the oldest
   * messages past the limits. `fields` adds to the summary what other modules found out about the
   * message (fields of the summary schema). Returns the new summary and the ids rotated out.
   */
  async add(
    raw: Buffer,
    envelope: Envelope,
    fields: Record<string, unknown> = {},
  ): Promise<{ summary: InboxSummary; removed: string[] }> {
    return (await this.accept(raw, envelope, async () => fields)).indexed
  }

  /**
   * Writes a received message durably (the .eml fsynced, its folder entry too) and resolves once
   * it is on disk. Its summary (parsing, and the `fields` other modules compute, such as
   * authentication results) and its index line follow in `indexed`, batched with other messages
   * arriving meanwhile; the SMTP server answers 250 once that settles, so that another process
   * listing the folder sees the message with its envelope. A crash in between loses no
   * mail: a file the index lacks is summarized again when a store next reads the folder.
   * `list` and `summary` wait for the messages this store has accepted, so an acknowledged
   * message is always listed.
   */
  async accept(
    raw: Buffer,
    envelope: Envelope,
    fields: () => Promise<Record<string, unknown> | undefined> = async () => undefined,
  ): Promise<{ id: string; indexed: Promise<{ summary: InboxSummary; removed: string[] }> }> {
    const id = randomUUID()
    await this.writeDurably(id, raw)
    const receivedAt = this.clock().toISOString()
    // Index lines go in the order the messages were accepted (the list's order), however long each takes to read.
    const previous = this.lastQueued
    let queued = () => {}
    this.lastQueued = new Promise<void>((resolve) => (queued = resolve))
    const indexed = (async () => {
      try {
        const [overview, extra] = await Promise.all([overviewOf(raw, envelope), fields().catch(() => undefined)])
        const summary = inboxSummarySchema.parse({
          ...extra,
          id,
          ...overview,
          envelope,
          size: raw.length,
          receivedAt,
        })
        await previous
        const line = this.enqueueIndexLine(summary)
        queued()
        return { summary, removed: await line }
      } finally {
        queued()
      }
    })()
    this.indexing.add(indexed)
    void indexed.then(
      () => this.indexing.delete(indexed),
      () => this.indexing.delete(indexed),
    )
    return { id, indexed }
  }

  /** Resolves once every message accepted so far has its index line (or failed to get one: its file stays, and is summarized on the next load). */
  async settled(): Promise<void> {
    while (this.indexing.size > 0) await Promise.allSettled([...this.indexing])
  }

  /** The .eml under a temporary name, fsynced, renamed; one folder fsync covers the renames of messages arriving together. */
  private async writeDurably(id: string, raw: Buffer): Promise<void> {
    this.madeDir ??= mkdir(this.messagesDir, { recursive: true }).then(() => undefined)
    await this.madeDir.catch(() => (this.madeDir = undefined))
    const temp = join(this.messagesDir, `.${id}.${randomBytes(4).toString('hex')}.tmp`)
    const file = await open(temp, 'w', 0o600)
    try {
      await file.writeFile(raw)
      await file.sync()
    } finally {
      await file.close()
    }
    try {
      await rename(temp, this.emlPath(id))
    } catch (error) {
      await rm(temp, { force: true })
      // The folder was removed meanwhile (a reset): make it again next time.
      this.madeDir = undefined
      throw error
    }
    await this.folderSync.sync()
  }

  /** Group commit of index lines: everything queued while the previous batch was written goes in one append. */
  private enqueueIndexLine(summary: InboxSummary): Promise<string[]> {
    return new Promise((resolve, reject) => {
      this.batch.push({ summary, resolve, reject })
      if (this.batch.length === 1) void this.exclusive(() => this.flushBatch())
    })
  }

  private async flushBatch(): Promise<void> {
    const items = this.batch
    this.batch = []
    try {
      const state = await this.sync()
      await this.append(
        state,
        items.map((item) => ({ add: item.summary })),
      )
      const removed = rotationOf(state, this.limits)
      if (removed.length > 0) {
        // Files first: a crash in between leaves index entries without files, which are dropped.
        await Promise.all(removed.map((old) => rm(this.emlPath(old), { force: true })))
        await this.append(state, [{ remove: removed }])
      }
      await this.compactIfNeeded(state)
      items.forEach((item, i) => item.resolve(i === items.length - 1 ? removed : []))
    } catch (error) {
      for (const item of items) item.reject(error)
    }
  }

  /** Summaries, newest first; `query` matches from, to, envelope addresses and subject, case-insensitive. */
  async list(query?: string): Promise<InboxSummary[]> {
    await this.settled()
    const messages = await this.exclusive(async () => [...(await this.sync()).messages.values()].reverse())
    const needle = query?.trim().toLowerCase()
    if (!needle) return messages
    return messages.filter((m) =>
      [m.from, ...m.to, m.envelope.from, ...m.envelope.to, m.subject].some((field) =>
        field.toLowerCase().includes(needle),
      ),
    )
  }

  async summary(id: string): Promise<InboxSummary> {
    await this.settled()
    const found = await this.exclusive(async () => (await this.sync()).messages.get(id))
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
      const state = await this.sync()
      if (!state.messages.has(id)) return false
      await rm(this.emlPath(id), { force: true })
      await this.append(state, [{ remove: [id] }])
      await this.compactIfNeeded(state)
      return true
    })
  }

  /** Removes every message and returns how many there were. */
  clear(): Promise<number> {
    return this.exclusive(async () => {
      const state = await this.sync()
      const ids = [...state.messages.keys()]
      await Promise.all(ids.map((id) => rm(this.emlPath(id), { force: true })))
      for (const id of ids) forget(state, id)
      await this.compact(state)
      return ids.length
    })
  }

  /** Brings this process's view up to date with the log: the new lines only, or all of it when it was replaced. */
  private async sync(): Promise<IndexState> {
    const state = this.state
    if (!state) return (this.state = await this.load())
    let info
    try {
      info = await stat(this.indexPath)
    } catch {
      return (this.state = await this.load())
    }
    if (info.ino !== state.ino || info.size < state.offset) return (this.state = await this.load())
    if (info.size === state.offset) return state
    const tail = await readRange(this.indexPath, state.offset, info.size)
    const end = tail.lastIndexOf(0x0a) + 1
    // Only whole lines: another process may be in the middle of appending one.
    if (end === 0) return state
    if (!applyLines(state, tail.subarray(0, end))) return (this.state = await this.load())
    state.offset += end
    return state
  }

  /** Reads the whole log (or the old index.json) and reconciles it with the .eml files, then compacts it when they disagreed. */
  private async load(): Promise<IndexState> {
    const state = indexStateOf([])
    let clean = true
    let log: Buffer | undefined
    try {
      const info = await stat(this.indexPath)
      log = await readFile(this.indexPath)
      state.ino = info.ino
    } catch {
      log = undefined
    }
    if (log) {
      const end = log.lastIndexOf(0x0a) + 1
      clean = applyLines(state, log.subarray(0, end)) && end === log.length
      state.offset = end
    } else {
      const legacy = await readLegacyIndex(this.legacyIndexPath)
      for (const summary of legacy ?? []) remember(state, summary)
      clean = legacy === undefined
    }
    const files = new Set<string>()
    for (const name of await readdir(this.messagesDir).catch(() => [] as string[])) {
      const match = emlName.exec(name)
      if (match) files.add(match[1])
    }
    for (const id of [...state.messages.keys()]) {
      if (files.has(id)) continue
      forget(state, id)
      clean = false
    }
    const orphans = [...files].filter((id) => !state.messages.has(id))
    const recovered = (await Promise.all(orphans.map((id) => this.summarizeFile(id)))).filter((m) => m !== undefined)
    recovered.sort((a, b) => a.receivedAt.localeCompare(b.receivedAt))
    for (const summary of recovered) remember(state, summary)
    if (recovered.length > 0) clean = false
    if (!clean || (log === undefined && state.messages.size > 0)) await this.compact(state)
    return state
  }

  /** Appends lines to the log (O_APPEND: whole lines, even with another process appending too). */
  private async append(state: IndexState, records: object[]): Promise<void> {
    const text = Buffer.from(records.map((record) => `${JSON.stringify(record)}\n`).join(''))
    const file = await open(this.indexPath, 'a', 0o600)
    let info
    try {
      await file.write(text)
      info = await file.stat()
    } finally {
      await file.close()
    }
    for (const record of records) applyRecord(state, record)
    // When the file grew by exactly these lines from where this process had read, no one else wrote
    // in between: skip reading them back. Otherwise the next sync reads them with the others' lines
    // (applying them twice is harmless).
    if (info.ino === state.ino && info.size === state.offset + text.length) {
      state.offset = info.size
      state.lines += records.length
    }
  }

  private async compactIfNeeded(state: IndexState): Promise<void> {
    if (state.lines > state.messages.size * 2 + compactSlack) await this.compact(state)
  }

  /** Rewrites the log as one line per live message, atomically; other processes notice the new file and reload. */
  private async compact(state: IndexState): Promise<void> {
    const text = [...state.messages.values()].map((summary) => `${JSON.stringify({ add: summary })}\n`).join('')
    await writeFileAtomic(this.indexPath, text)
    const info = await stat(this.indexPath)
    state.ino = info.ino
    state.offset = Buffer.byteLength(text)
    state.lines = state.messages.size
    await rm(this.legacyIndexPath, { force: true })
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

  private emlPath(id: string): string {
    return join(this.messagesDir, `${id}.eml`)
  }

  private exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task)
    this.queue = run.catch(() => undefined)
    return run
  }
}

/**
 * fsync of a folder, shared: callers whose rename is done join the next sync that starts after
 * it (one that is already running may have missed their entry), so N messages arriving together
 * cost about two folder syncs, not N.
 */
class GroupedFolderSync {
  private running?: Promise<void>
  private next?: Promise<void>

  constructor(private readonly dir: () => string) {}

  sync(): Promise<void> {
    if (!this.running) {
      this.running = syncFolder(this.dir()).finally(() => (this.running = undefined))
      return this.running
    }
    this.next ??= this.running
      .catch(() => undefined)
      .then(() => {
        this.next = undefined
        return this.sync()
      })
    return this.next
  }
}

async function syncFolder(dir: string): Promise<void> {
  if (process.platform === 'win32') return // a folder cannot be opened for fsync there
  const handle = await open(dir, 'r')
  try {
    await handle.sync()
  } finally {
    await handle.close()
  }
}

/** Applies whole log lines; false when one of them is damaged (then the log is read again and reconciled). */
function applyLines(state: IndexState, bytes: Buffer): boolean {
  let ok = true
  for (const line of bytes.toString('utf8').split('\n')) {
    if (line === '') continue
    let record: unknown
    try {
      record = JSON.parse(line)
    } catch {
      ok = false
      continue
    }
    state.lines += 1
    if (!applyRecord(state, record)) ok = false
  }
  return ok
}

function applyRecord(state: IndexState, record: unknown): boolean {
  const parsed = logLineSchema.safeParse(record)
  if (!parsed.success) return false
  if ('remove' in parsed.data) {
    for (const id of parsed.data.remove) forget(state, id)
    return true
  }
  const summary = inboxSummarySchema.safeParse(parsed.data.add)
  if (!summary.success) return false
  // The log's line wins over a summary recovered from the file alone, and its place is the log's order.
  forget(state, summary.data.id)
  remember(state, summary.data)
  return true
}

function indexStateOf(summaries: InboxSummary[]): IndexState {
  const state: IndexState = {
    messages: new Map(),
    entryBytes: new Map(),
    messageBytes: 0,
    indexBytes: 0,
    ino: 0,
    offset: 0,
    lines: 0,
  }
  for (const summary of summaries) remember(state, summary)
  return state
}

function remember(state: IndexState, summary: InboxSummary): void {
  const bytes = Buffer.byteLength(JSON.stringify({ add: summary })) + 1
  state.messages.set(summary.id, summary)
  state.entryBytes.set(summary.id, bytes)
  state.messageBytes += summary.size
  state.indexBytes += bytes
}

function forget(state: IndexState, id: string): void {
  const summary = state.messages.get(id)
  if (!summary) return
  state.messages.delete(id)
  state.messageBytes -= summary.size
  state.indexBytes -= state.entryBytes.get(id) ?? 0
  state.entryBytes.delete(id)
}

/**
 * The oldest messages to remove (taken out of `state`) so that the count and the bytes (messages
 * plus their index entries) are within the limits; the newest message always stays.
 */
function rotationOf(state: IndexState, limits: InboxLimits): string[] {
  const removed: string[] = []
  for (const id of state.messages.keys()) {
    const over =
      state.messages.size > limits.maxMessages || state.messageBytes + state.indexBytes > limits.maxTotalBytes
    if (!over || state.messages.size <= 1) break
    forget(state, id)
    removed.push(id)
  }
  return removed
}

async function readRange(path: string, start: number, end: number): Promise<Buffer> {
  const file = await open(path, 'r')
  try {
    const buffer = Buffer.alloc(end - start)
    const { bytesRead } = await file.read(buffer, 0, buffer.length, start)
    return buffer.subarray(0, bytesRead)
  } finally {
    await file.close()
  }
}

/** The summaries of the old whole-file index.json, or undefined when there is none (or it is damaged). */
async function readLegacyIndex(path: string): Promise<InboxSummary[] | undefined> {
  let data: unknown
  try {
    data = JSON.parse(await readFile(path, 'utf8'))
  } catch {
    return undefined
  }
  const messages = z.object({ messages: z.array(z.unknown()) }).safeParse(data)
  if (!messages.success) return undefined
  return messages.data.messages.flatMap((entry) => {
    const parsed = inboxSummarySchema.safeParse(entry)
    return parsed.success ? [parsed.data] : []
  })
}

function notFound(): SendsmithError {
  return new SendsmithError({
    code: 'NOT_FOUND',
    field: 'id',
    message: 'That message is no longer in the inbox',
    hint: 'It may have been deleted, or rotated out as the inbox filled up.',
  })
}

export const internals = { rotationOf, indexStateOf }
