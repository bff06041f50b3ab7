import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import {
  outboxEntrySchema,
  type Account,
  type ErrorCode,
  type OutboxEntry,
  type SentCopy,
} from '../../../shared/contract'
import type { AccountSource } from './imap-settings'
import { SendsmithError } from '../errors/app-error'
import { redactError, secretForms } from '../errors/redact-secrets'
import { toAppError } from '../errors/to-app-error'
import type { Logger } from '../log/logger'
import type { Network } from '../net/network'
import { maxAttempts, retryDelayMs } from '../outbox/retry-policy'
import { readJsonFile, writeFileAtomic } from '../storage/atomic-file'
import { acquirePidLock } from '../storage/pid-lock'
import { appendSentCopy } from './append-sent-copy'
import { closeImap, openImap, type ImapAuthProvider } from './imap-connection'
import { decideSentCopy } from './sent-copy-policy'

export interface SentCopierDeps {
  /** The sent history folder (OutboxStore.sentDir): `<id>.json` beside `<id>.eml`. */
  sentDir: string
  accounts: AccountSource
  network: Network
  logger: Logger
  clock?: () => Date
  /** Told about every change of an entry's copy state (the app pushes it to the renderer). */
  onChange?: (entry: OutboxEntry) => void
  /** The IMAP connection; a parameter so a test can count or stop connections. */
  open?: typeof openImap
  /** The IMAP login (an OAuth2 provider plugs in here); default the stored secret. */
  auth?: ImapAuthProvider
}

/** Failures a later attempt may not meet: the IMAP server down or unreachable for now. */
export const temporaryCopyFailures: ErrorCode[] = [
  'CONNECTION_REFUSED',
  'HOST_NOT_FOUND',
  'TIMEOUT',
  'CONNECTION_LOST',
  'INTERNAL',
]

/**
 * The second step of an outbox entry, after the SMTP server took the message: a copy in the
 * mailbox's Sent folder over IMAP. Durable like the outbox: the state lives in the sent entry on
 * disk, an attempt is retried with backoff while IMAP is down, and the copy is never appended twice:
 * the attempt is counted on disk before the APPEND, and every attempt after the first one (and
 * every attempt in `auto` mode) looks for the Message-ID in Sent first.
 */
export class SentCopier {
  private readonly clock: () => Date
  private readonly open: typeof openImap
  private timer: NodeJS.Timeout | undefined
  private started = false

  constructor(private readonly deps: SentCopierDeps) {
    this.clock = deps.clock ?? (() => new Date())
    this.open = deps.open ?? openImap
  }

  /** The copy state a message starts with when the server has taken it (the outbox's "after accepted"). */
  initialState(account: Account, options: { copy?: boolean } = {}): SentCopy {
    if (options.copy === false) return { state: 'skipped', detail: 'Not asked for on this run', attempts: 0 }
    const decision = decideSentCopy(account)
    return decision.copy
      ? { state: 'waiting', detail: 'Copy waiting', attempts: 0 }
      : { state: 'skipped', detail: decision.detail, attempts: 0 }
  }

  /**
   * The outbox's "after accepted" step, once the message is in the sent history: records the copy's
   * state on disk at once (durable), then makes the first attempt after the outbox has announced the
   * message as sent, so the copy's own events come after that one. Later attempts are the worker's.
   */
  async afterAccepted(entry: OutboxEntry): Promise<void> {
    const current = await this.read(entry.id)
    if (!current || current.sentCopy) return
    const account = this.deps.accounts.get(current.accountId)
    // An account without IMAP has no Sent folder of ours: nothing to record or show.
    if (!account.imap) return
    const initial = { ...current, sentCopy: this.initialState(account) }
    await this.write(initial, { announce: false })
    setImmediate(() => {
      this.deps.onChange?.(initial)
      if (initial.sentCopy.state === 'waiting')
        void this.attempt(entry.id)
          .catch((error: Error) =>
            this.deps.logger.log('warn', 'sent-copy.attempt-failed', { id: entry.id, message: error.message }),
          )
          .finally(() => this.poke())
    })
  }

  /** The sent entries, oldest first. */
  async list(): Promise<OutboxEntry[]> {
    const names = await readdir(this.deps.sentDir).catch(() => [] as string[])
    const entries: OutboxEntry[] = []
    for (const name of names.filter((n) => n.endsWith('.json'))) {
      const parsed = outboxEntrySchema.safeParse(await readJsonFile(join(this.deps.sentDir, name)))
      if (parsed.success) entries.push(parsed.data)
    }
    return entries.sort((a, b) => a.createdAt.localeCompare(b.createdAt))
  }

  /** One attempt at an entry's copy, if it is waiting and due (or forced); returns the entry as it then is. */
  async attempt(id: string, options: { force?: boolean } = {}): Promise<OutboxEntry | undefined> {
    const release = await acquirePidLock(join(this.deps.sentDir, `${id}.copy.lock`))
    if (!release) return this.read(id) // another process is saving it
    let secrets: string[] = []
    try {
      let entry = await this.read(id)
      const copy = entry?.sentCopy
      if (!entry || !copy || copy.state !== 'waiting') return entry
      if (!options.force && dueAt(copy) > this.clock().getTime()) return entry
      const account = this.deps.accounts.get(entry.accountId)
      const decision = decideSentCopy(account)
      if (!decision.copy)
        return await this.write({ ...entry, sentCopy: { ...copy, state: 'skipped', detail: decision.detail } })
      const secret = await this.deps.accounts.imapPassword(account)
      secrets = secret ? secretForms(secret, account.username) : []
      // Counted on disk before the APPEND: after a crash here, the next attempt searches first.
      const checkFirst = decision.checkFirst || copy.attempts > 0
      entry = await this.write({
        ...entry,
        sentCopy: { ...copy, attempts: copy.attempts + 1, nextAttemptAt: undefined },
      })
      const raw = await readFile(join(this.deps.sentDir, `${id}.eml`))
      let client
      try {
        client = await this.open(account, secret, { network: this.deps.network, auth: this.deps.auth })
        const result = await appendSentCopy(client, account.imap?.sentFolder ?? '', raw, entry.messageId, checkFirst)
        this.deps.logger.log('info', 'sent-copy.saved', { id, outcome: result.outcome, attempts: copy.attempts + 1 })
        return await this.write({
          ...entry,
          sentCopy: {
            state: 'saved',
            detail: result.outcome === 'appended' ? `Copy saved to ${result.folder}` : `Already in ${result.folder}`,
            folder: result.folder,
            attempts: copy.attempts + 1,
            savedAt: this.clock().toISOString(),
          },
        })
      } finally {
        await closeImap(client)
      }
    } catch (error) {
      const entry = await this.read(id)
      if (!entry?.sentCopy) throw error
      return await this.write({ ...entry, sentCopy: this.afterFailure(entry.sentCopy, error, secrets) })
    } finally {
      await release()
    }
  }

  /** Attempts every waiting copy that is due; with force, every waiting one. */
  async flush(options: { force?: boolean } = {}): Promise<OutboxEntry[]> {
    const results: OutboxEntry[] = []
    for (const entry of await this.list()) {
      if (entry.sentCopy?.state !== 'waiting') continue
      const after = await this.attempt(entry.id, options)
      if (after) results.push(after)
    }
    return results
  }

  /** The user's word to try a failed copy again. */
  async retry(id: string): Promise<OutboxEntry | undefined> {
    const entry = await this.read(id)
    if (!entry?.sentCopy || entry.sentCopy.state !== 'failed') return entry
    return this.write({
      ...entry,
      sentCopy: { ...entry.sentCopy, state: 'waiting', detail: 'Copy waiting', nextAttemptAt: undefined },
    })
  }

  /** The user's "Retry now": a failed copy waits again, and a waiting one is tried at once (no double: see attempt). */
  async retryNow(id: string): Promise<OutboxEntry | undefined> {
    await this.retry(id)
    return this.attempt(id, { force: true })
  }

  /** Saves due copies in the background, waking at the next due time, until stop(). */
  start(): void {
    this.started = true
    void this.schedule()
  }

  stop(): void {
    this.started = false
    clearTimeout(this.timer)
  }

  /** Wakes the worker: a new copy is waiting. */
  poke(): void {
    if (this.started) void this.schedule()
  }

  private async schedule(): Promise<void> {
    clearTimeout(this.timer)
    if (!this.started) return
    const waiting = (await this.list()).flatMap((e) => (e.sentCopy?.state === 'waiting' ? [e.sentCopy] : []))
    if (waiting.length === 0 || !this.started) return
    const next = Math.min(...waiting.map(dueAt))
    const delay = Math.min(Math.max(0, next - this.clock().getTime()), 60_000)
    this.timer = setTimeout(() => void this.flush().finally(() => void this.schedule()), delay)
  }

  private afterFailure(copy: SentCopy, error: unknown, secrets: string[]): SentCopy {
    const appError = redactError(error instanceof SendsmithError ? error.toJSON() : toAppError(error), secrets)
    if (temporaryCopyFailures.includes(appError.code) && copy.attempts < maxAttempts) {
      return {
        ...copy,
        state: 'waiting',
        detail: 'Copy waiting: the IMAP server could not be reached',
        nextAttemptAt: new Date(this.clock().getTime() + retryDelayMs(Math.max(1, copy.attempts))).toISOString(),
        lastError: appError,
      }
    }
    return { ...copy, state: 'failed', detail: `Copy not saved: ${appError.message}`, lastError: appError }
  }

  private async read(id: string): Promise<OutboxEntry | undefined> {
    const data = await readJsonFile(join(this.deps.sentDir, `${id}.json`))
    return data === undefined ? undefined : outboxEntrySchema.parse(data)
  }

  private async write(entry: OutboxEntry, options: { announce?: boolean } = {}): Promise<OutboxEntry> {
    await writeFileAtomic(
      join(this.deps.sentDir, `${entry.id}.json`),
      JSON.stringify(outboxEntrySchema.parse(entry), null, 2),
    )
    if (options.announce !== false) this.deps.onChange?.(entry)
    return entry
  }
}

function dueAt(copy: SentCopy): number {
  return copy.nextAttemptAt ? Date.parse(copy.nextAttemptAt) : 0
}
