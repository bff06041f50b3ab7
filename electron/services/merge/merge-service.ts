import type { Account, MergePreview, MergeProgress, MergeRunSummary, MergeValidation } from '../../../shared/contract'
import type { AccountStore } from '../accounts/account-store'
import { SendsmithError } from '../errors/app-error'
import type { Logger } from '../log/logger'
import type { Network } from '../net/network'
import type { ImapAuthProvider, openImap } from '../imap/imap-connection'
import type { SmtpAuthProvider } from '../smtp/sender/auth-provider'
import type { SuppressionList } from '../suppression/suppression-list'
import { createRun } from './create-run'
import { checkRows, prepareMerge, type MergeJob, type MergeJobStart } from './merge-job'
import { buildAllRows, previewRow, type DryRunReport } from './merge-preview'
import { MergeStore, type RunConfig } from './merge-store'
import { resultLines } from './results-csv'
import { messageBuilderFor } from './row-message'
import { RunLauncher } from './run-launcher'
import { cancelStoredRun, runConfigOrThrow, storedSummary } from './stored-runs'

export type { MergeJob, MergeJobStart } from './merge-job'

export interface MergeServiceDeps {
  dataDir: string
  accounts: AccountStore
  network: Network
  logger: Logger
  /** Told about every run's progress (the app forwards it to the renderer as 'merge:progress'). */
  onProgress?: (progress: MergeProgress) => void
  /** `memory` keeps the journal off disk: only for measuring what the journal costs. */
  journal?: 'file' | 'memory'
  /** Waits before retrying a temporarily refused message (default 5 s, then 30 s). */
  retryDelaysMs?: number[]
  /** The first run-wide wait after a "slow down" reply (default 5 s, doubling up to an hour). */
  slowDownMs?: number
  /** The login for an account's connections (an OAuth2 provider plugs in here); default its secret. */
  auth?: (account: Account, secret: string | undefined) => SmtpAuthProvider | undefined
  /** IMAP for the copies in Sent: the login (OAuth2 plugs in here) and the connection (a test's stand-in). */
  imap?: { auth?: (account: Account) => ImapAuthProvider | undefined; open?: typeof openImap }
  /** Addresses no merge sends to: their rows are skipped with the reason. */
  suppression?: SuppressionList
}

/**
 * Mail merge and bulk sending, the one door the router and the CLI use: validate a list against a
 * template (merge-job), preview or dry-run rows (merge-preview, one buildRowMessage shared with the
 * run), make runs on disk (create-run), start and hold the runs sending in this process
 * (run-launcher, MergeRun) and read the others from disk (stored-runs). Runs live under `merge/`.
 */
export class MergeService {
  readonly store: MergeStore
  private readonly runs: RunLauncher

  constructor(private readonly deps: MergeServiceDeps) {
    this.store = new MergeStore(deps.dataDir)
    this.runs = new RunLauncher({ ...deps, store: this.store })
  }

  /** Reads every row and reports the invalid ones with row numbers. Sends nothing. */
  async validate(job: MergeJob): Promise<MergeValidation> {
    return checkRows(await this.prepare(job))
  }

  /** One row merged and built as it would be sent. */
  async preview(job: MergeJob, row: number): Promise<MergePreview> {
    const prepared = await prepareMerge(job)
    return previewRow(prepared, await this.builderFor(prepared.input.accountId), row)
  }

  /** Validates, then merges and builds every valid row's message without sending (CLI --dry-run). */
  async dryRun(job: MergeJob): Promise<DryRunReport> {
    const started = performance.now()
    const prepared = await this.prepare(job)
    const report = await buildAllRows(prepared, await this.builderFor(prepared.input.accountId))
    return { ...report, ms: Math.round(performance.now() - started) }
  }

  /**
   * Makes a run (see createRun) and starts sending it in the background. Without a run, the
   * validation says why (invalid rows found and not skipped).
   */
  async create(job: MergeJobStart): Promise<{ validation: MergeValidation; run?: MergeRunSummary }> {
    const { validation, runId } = await createRun({ ...this.deps, store: this.store }, job)
    return { validation, ...(runId !== undefined && { run: await this.runs.launch(runId) }) }
  }

  /** The IPC door's start: refuses (VALIDATION, with the first invalid rows) unless skipInvalid. */
  async start(job: MergeJobStart): Promise<MergeRunSummary> {
    const { validation, run } = await this.create(job)
    if (run) return run
    const listed = validation.invalidRows.slice(0, 5).map((r) => `row ${r.row}: ${r.problems.join('; ')}`)
    throw new SendsmithError({
      code: 'VALIDATION',
      field: 'data',
      message: `${validation.invalid} row${validation.invalid === 1 ? ' is' : 's are'} invalid (${listed.join(' / ')})`,
      hint: 'Fix them, or confirm sending without them (skip invalid rows).',
    })
  }

  /**
   * Continues a paused run, or an interrupted one from its journal (after a crash or a kill); for a
   * finished run whose copies in Sent wait (IMAP was down), saves those and sends nothing.
   */
  async resume(runId: string): Promise<MergeRunSummary> {
    const run = this.runs.active(runId)
    if (run) {
      run.resume()
      return run.summary()
    }
    return this.runs.launch(runId)
  }

  /**
   * The user's word after fixing the cause: sends again the rows that failed for good (`failed`),
   * or the rows that may have been delivered (`uncertain`), and nothing else.
   */
  async sendAgain(runId: string, rows: 'failed' | 'uncertain'): Promise<MergeRunSummary> {
    if (this.runs.active(runId))
      throw new SendsmithError({
        code: 'VALIDATION',
        field: 'runId',
        message: 'This run is sending right now',
        hint: 'Wait until it ends, then send its failed or uncertain rows again.',
      })
    return this.runs.launch(runId, rows)
  }

  async pause(runId: string): Promise<MergeRunSummary> {
    const run = this.runs.active(runId)
    if (!run) return this.summary(runId)
    run.pause()
    // "Paused" means quiet: answer once the messages already under way have settled.
    await run.whenIdle()
    return run.summary()
  }

  async cancel(runId: string): Promise<MergeRunSummary> {
    const run = this.runs.active(runId)
    if (run) {
      run.cancel()
      return run.finished
    }
    const summary = await this.summary(runId)
    if (summary.state === 'done' || summary.state === 'cancelled') return summary
    await cancelStoredRun(this.store, runId)
    return this.summary(runId)
  }

  /** Stops a run in this process so that it can be resumed later (the CLI's Ctrl-C). */
  interrupt(runId: string, message: string): void {
    this.runs
      .active(runId)
      ?.interrupt({ code: 'INTERNAL', message, hint: `Resume it with: sendsmith merge --resume ${runId}` })
  }

  /** Resolves when the run ends in this process (done, cancelled or interrupted). */
  async wait(runId: string): Promise<MergeRunSummary> {
    const run = this.runs.active(runId)
    return run ? run.finished : this.summary(runId)
  }

  progress(runId: string): MergeProgress | undefined {
    return this.runs.active(runId)?.progress()
  }

  /** Every run, newest first. */
  async list(): Promise<MergeRunSummary[]> {
    const configs = await this.store.list()
    return Promise.all(configs.map((config) => this.summaryOf(config)))
  }

  async summary(runId: string): Promise<MergeRunSummary> {
    const run = this.runs.active(runId)
    if (run) return run.summary()
    return this.summaryOf(await runConfigOrThrow(this.store, runId))
  }

  /** Per-recipient results as CSV text (the IPC door; the CLI streams with resultLines). */
  async results(runId: string): Promise<string> {
    let csv = ''
    for await (const line of this.resultLines(runId)) csv += line
    return csv
  }

  async *resultLines(runId: string): AsyncGenerator<string> {
    const config = await runConfigOrThrow(this.store, runId)
    yield* resultLines(
      this.store.journalPath(runId),
      { format: config.dataFormat, path: this.store.dataPath(runId, config.dataFormat) },
      config.mapping.addressColumn,
    )
  }

  /** prepareMerge, with the suppression list as it is now. */
  private async prepare(job: MergeJob) {
    const prepared = await prepareMerge(job)
    if (this.deps.suppression) prepared.suppressed = await this.deps.suppression.lookup()
    return prepared
  }

  private summaryOf(config: RunConfig): Promise<MergeRunSummary> {
    const run = this.runs.active(config.runId)
    return run ? Promise.resolve(run.summary()) : storedSummary(this.store, config)
  }

  /** Previews and dry runs are built unsigned: signing happens only for what is sent. */
  /** The builder a run of this account uses, DKIM signature included, so previews and dry runs show the real size. */
  private async builderFor(accountId: string) {
    const account = this.deps.accounts.get(accountId)
    return messageBuilderFor(account, await this.deps.accounts.dkimSigningKey(account))
  }
}
