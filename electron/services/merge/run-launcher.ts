import type { Account, MergeProgress, MergeRunSummary } from '../../../shared/contract'
import type { AccountStore } from '../accounts/account-store'
import { SendsmithError } from '../errors/app-error'
import { secretForms } from '../errors/redact-secrets'
import type { Logger } from '../log/logger'
import type { Network } from '../net/network'
import { smtpConnectionLimit } from '../oauth/provider-table'
import type { SmtpAuthProvider } from '../smtp/sender/auth-provider'
import type { SuppressionList } from '../suppression/suppression-list'
import { compileTemplate } from './compiled-template'
import { MergeRun } from './merge-run'
import type { MergeStore, RunConfig } from './merge-store'
import { RateLimiter } from './rate-limiter'
import { messageBuilderFor, rowMessageParts } from './row-message'
import { RowState, type RunState } from './run-state'
import { lockRun, openRunJournal, replayRun, runConfigOrThrow } from './stored-runs'

export interface RunLauncherDeps {
  store: MergeStore
  accounts: AccountStore
  network: Network
  logger: Logger
  onProgress?: (progress: MergeProgress) => void
  journal?: 'file' | 'memory'
  retryDelaysMs?: number[]
  slowDownMs?: number
  auth?: (account: Account, secret: string | undefined) => SmtpAuthProvider | undefined
  /** Addresses never sent to (unsubscribed, bounced, complained). */
  suppression?: SuppressionList
}

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
      const state = await replayRun(store, config)
      const againRows = again ? [...rowsIn(state, again === 'failed' ? RowState.failed : RowState.uncertain)] : []
      if (again && againRows.length === 0)
        throw new SendsmithError({
          code: 'VALIDATION',
          field: 'runId',
          message: `This run has no ${again} rows to send again`,
        })
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
