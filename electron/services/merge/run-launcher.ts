import type { Account, MergeRunSummary } from '../../../shared/contract'
import { SendsmithError } from '../errors/app-error'
import { secretForms } from '../errors/redact-secrets'
import { smtpConnectionLimit } from '../oauth/provider-table'
import { decideSentCopy } from '../imap/sent-copy-policy'
import { compileTemplate } from './compiled-template'
import type { Journal } from './merge-journal'
import { MergeRun } from './merge-run'
import type { MergeServiceDeps } from './merge-service'
import { MergeSentCopies, SentCopyLedger } from './merge-sent-copies'
import type { MergeStore, RunConfig } from './merge-store'
import { RateLimiter } from './rate-limiter'
import { messageBuilderFor, rowMessageParts } from './row-message'
import { RowState, type RunState } from './run-state'
import { lockRun, openRunJournal, replayRun, runConfigOrThrow, storedSummary } from './stored-runs'

/** The service's dependencies, with the runs' store in place of the data folder. */
export type RunLauncherDeps = Omit<MergeServiceDeps, 'dataDir'> & { store: MergeStore }

/**
 * Starts runs that are on disk and keeps the ones sending in this process: takes the run's lock,
 * replays its journal, flags rows caught mid-send, and hands the run to a MergeRun.
 */
export class RunLauncher {
  private readonly running = new Map<string, MergeRun>()
  private readonly limiters = new Map<string, RateLimiter>()

  constructor(private readonly deps: RunLauncherDeps) {}

  /** The run this process is sending, if any. */
  active(runId: string): MergeRun | undefined {
    return this.running.get(runId)
  }

  /** Starts sending a stored run: what is left of it, or again its `failed` or `uncertain` rows. */
  async launch(runId: string, again?: 'failed' | 'uncertain'): Promise<MergeRunSummary> {
    const { store } = this.deps
    const config = await runConfigOrThrow(store, runId)
    const release = await lockRun(store, runId)
    try {
      const ledger = config.saveSentCopy ? new SentCopyLedger() : undefined
      const state = await replayRun(store, config, ledger)
      const againRows = again ? [...rowsIn(state, again === 'failed' ? RowState.failed : RowState.uncertain)] : []
      if (again && againRows.length === 0)
        throw new SendsmithError({
          code: 'VALIDATION',
          field: 'runId',
          message: `This run has no ${again} rows to send again`,
        })
      if (!again && (state.state === 'done' || state.state === 'cancelled') && ledger && ledger.counts().waiting > 0) {
        // Its messages are out; only copies for Sent wait (IMAP was down): a resume saves those, and sends nothing.
        await this.saveWaitingCopies(runId, config, ledger)
        await release()
        return await storedSummary(store, config)
      }
      if (!again && (state.state === 'done' || state.state === 'cancelled'))
        throw new SendsmithError({
          code: 'VALIDATION',
          field: 'runId',
          message: `This run is ${state.state === 'done' ? 'finished' : 'cancelled'}; there is nothing to resume`,
        })
      const account = this.deps.accounts.get(config.accountId)
      const secret = account.auth ? await this.deps.accounts.password(account) : undefined
      const template = await compileTemplate(await store.readTemplate(runId), config.templateKind)
      const journal = await openRunJournal(store, runId, this.deps.journal)
      const sentCopies = ledger && (await this.sentCopiesFor(runId, account, journal, ledger))
      sentCopies?.queueWaiting()
      for (const row of againRows) {
        const record = { k: 'retry' as const, row, t: Date.now() }
        journal.append(record)
        state.apply(record)
      }
      // Caught between the final "." and the reply: they may have been delivered, so they are flagged, never resent.
      for (const row of [...state.inFlight()]) {
        const record = { k: 'uncertain' as const, row, t: Date.now() }
        journal.append(record)
        state.apply(record)
      }
      const startRecord = { k: 'state' as const, state: 'sending' as const, t: Date.now(), pid: process.pid }
      journal.append(startRecord)
      state.apply(startRecord)
      await journal.durable()
      const run = new MergeRun({
        summaryBase: { runId, accountId: config.accountId, subject: config.subject, createdAt: config.createdAt },
        account,
        secret,
        auth: this.deps.auth?.(account, secret),
        secretsToHide: secret ? secretForms(secret, account.username) : [],
        network: this.deps.network,
        journal,
        state,
        source: { format: config.dataFormat, path: store.dataPath(runId, config.dataFormat) },
        plan: { ...config.mapping, columns: config.columns },
        parts: rowMessageParts(template, config.subject, config.listUnsubscribe),
        builder: messageBuilderFor(account, await this.deps.accounts.dkimSigningKey(account)),
        limiter: this.limiterFor(account.id, config, state.recentSends),
        // Some providers allow only a few sessions per mailbox (Microsoft: 3); more only earn refusals.
        connections: Math.min(config.connections, smtpConnectionLimit(account.host)),
        messagesPerConnection: config.messagesPerConnection,
        retryDelaysMs: this.deps.retryDelaysMs ?? [5_000, 30_000],
        slowDownMs: this.deps.slowDownMs,
        logger: this.deps.logger,
        onProgress: (progress) => this.deps.onProgress?.(progress),
        ...(sentCopies && { sentCopies }),
        suppressed: await this.deps.suppression?.lookup(),
      })
      this.running.set(runId, run)
      void run.finished.finally(() => {
        this.running.delete(runId)
        void release()
      })
      this.deps.logger.log('info', 'merge.launched', { runId, remaining: state.remaining })
      return run.summary()
    } catch (error) {
      await release()
      throw error
    }
  }

  /** The copies in Sent of a run that saves them; the IMAP secret is read here, at use. */
  private async sentCopiesFor(
    runId: string,
    account: Account,
    journal: Journal,
    ledger: SentCopyLedger,
  ): Promise<MergeSentCopies | undefined> {
    const decision = decideSentCopy(account)
    if (!decision.copy) return undefined
    const secret = await this.deps.accounts.imapPassword(account)
    return new MergeSentCopies({
      runId,
      dir: this.deps.store.dir(runId),
      account,
      secret,
      secretsToHide: secret ? secretForms(secret, account.username) : [],
      checkFirst: decision.checkFirst,
      network: this.deps.network,
      journal,
      ledger,
      logger: this.deps.logger,
      retryDelaysMs: this.deps.retryDelaysMs ?? [5_000, 30_000],
      auth: this.deps.imap?.auth?.(account),
      open: this.deps.imap?.open,
    })
  }

  /** One pass over a finished run's waiting copies (IMAP was down when it ended). Sends nothing. */
  private async saveWaitingCopies(runId: string, config: RunConfig, ledger: SentCopyLedger): Promise<void> {
    const account = this.deps.accounts.get(config.accountId)
    const journal = await openRunJournal(this.deps.store, runId, this.deps.journal)
    try {
      const copies = await this.sentCopiesFor(runId, account, journal, ledger)
      copies?.queueWaiting()
      await copies?.drain()
    } finally {
      await journal.close()
    }
  }

  /** One limiter per account in this process, so two runs on one account share its limits. */
  private limiterFor(accountId: string, config: RunConfig, history: number[]): RateLimiter {
    let limiter = this.limiters.get(accountId)
    if (!limiter) {
      limiter = new RateLimiter(config.limits)
      this.limiters.set(accountId, limiter)
    }
    limiter.setLimits(
      config.limits,
      history.filter((t) => t > Date.now() - 3_600_000),
    )
    return limiter
  }
}

/** The rows of a run in one state. */
function* rowsIn(state: RunState, value: number): Generator<number> {
  for (let row = 1; row <= state.total; row++) if (state.rows[row] === value) yield row
}
