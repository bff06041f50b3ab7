import { randomUUID } from 'node:crypto'
import { addressProblem, formatMailbox } from '../../../shared/addresses'
import {
  maxListedInvalidRows,
  mergeInputSchema,
  mergeSendOptionsSchema,
  type Account,
  type InvalidRow,
  type MergeInput,
  type MergePreview,
  type MergeProgress,
  type MergeRunSummary,
  type MergeSendOptions,
  type MergeValidation,
} from '../../../shared/contract'
import type { AccountStore } from '../accounts/account-store'
import { SendsmithError } from '../errors/app-error'
import { secretForms } from '../errors/redact-secrets'
import type { Logger } from '../log/logger'
import type { Network } from '../net/network'
import { smtpConnectionLimit } from '../oauth/provider-table'
import type { SmtpAuthProvider } from '../smtp/sender/auth-provider'
import type { ImapAuthProvider, openImap } from '../imap/imap-connection'
import { decideSentCopy } from '../imap/sent-copy-policy'
import { compileLine, compileTemplate, fieldsOf, type CompiledTemplate } from './compiled-template'
import { FileJournal, MemoryJournal, readJournal, type Journal } from './merge-journal'
import { MergeMessageBuilder } from './merge-message'
import { checkRow, isCheckedRow, planMerge, type CheckedRow, type MergePlan } from './merge-plan'
import { MergeRun } from './merge-run'
import { MergeSentCopies, SentCopyLedger } from './merge-sent-copies'
import { MergeStore, type RunConfig } from './merge-store'
import { RateLimiter } from './rate-limiter'
import { readColumns, readRecipients, type RecipientSource } from './recipient-list'
import { resultLines } from './results-csv'
import { RowState, RunState } from './run-state'

/** A merge as the services take it: like the contract's, but the list may also be a file (the CLI's). */
export type MergeJob = Omit<MergeInput, 'data'> & { data: RecipientSource }
export type MergeJobStart = MergeJob & MergeSendOptions

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
}

/** A merge made ready: template compiled, subject and URL templates, the plan for the rows. */
interface Prepared {
  input: ReturnType<typeof parseJob>
  template: CompiledTemplate
  subject: (context: Record<string, unknown>) => string
  unsubscribeUrl?: (context: Record<string, unknown>) => string
  plan: MergePlan
  warnings: string[]
}

const inputWithoutData = mergeInputSchema.omit({ data: true })
function parseJob(job: MergeJob) {
  const { accountId, template, subject, mapping, listUnsubscribe } = job
  return { ...inputWithoutData.parse({ accountId, template, subject, mapping, listUnsubscribe }), data: job.data }
}

/**
 * Mail merge and bulk sending: validate a list against a template, preview a row, and run merges
 * that survive a crash (see MergeRun and the journal). Runs live under the data folder's `merge/`.
 */
export class MergeService {
  readonly store: MergeStore
  private readonly active = new Map<string, MergeRun>()
  private readonly limiters = new Map<string, RateLimiter>()

  constructor(private readonly deps: MergeServiceDeps) {
    this.store = new MergeStore(deps.dataDir)
  }

  /** Reads every row and reports the invalid ones with row numbers. Sends nothing. */
  async validate(job: MergeJob): Promise<MergeValidation> {
    const prepared = await this.prepare(job)
    return this.scan(prepared)
  }

  /** One row merged and built as it would be sent. */
  async preview(job: MergeJob, row: number): Promise<MergePreview> {
    const prepared = await this.prepare(job)
    const builder = this.builderFor(prepared.input.accountId)
    for await (const entry of readRecipients(prepared.input.data)) {
      if (entry.row !== row) continue
      const checked = checkRow(row, entry.record, prepared.plan)
      if (!isCheckedRow(checked))
        throw new SendsmithError({
          code: 'VALIDATION',
          field: 'row',
          message: `Row ${row} cannot be sent: ${checked.problems.join('; ')}`,
        })
      const message = await this.message(prepared, builder, checked)
      return {
        row,
        to: formatMailbox(checked.mailbox),
        subject: message.subject,
        html: message.html,
        text: message.text,
        size: message.raw.length,
      }
    }
    throw new SendsmithError({
      code: 'VALIDATION',
      field: 'row',
      message: `Row ${row} does not exist`,
      hint: 'Rows are counted from 1, not counting the header line.',
    })
  }

  /** Validates, then merges and builds every valid row's message without sending (CLI --dry-run). */
  async dryRun(job: MergeJob): Promise<{
    validation: MergeValidation
    built: number
    bytes: number
    ms: number
    mode: CompiledTemplate['mode']
  }> {
    const started = performance.now()
    const prepared = await this.prepare(job)
    const builder = this.builderFor(prepared.input.accountId)
    let built = 0
    let bytes = 0
    const validation = await this.scan(prepared, undefined, async (checked) => {
      bytes += (await this.message(prepared, builder, checked)).raw.length
      built++
    })
    return { validation, built, bytes, ms: Math.round(performance.now() - started), mode: prepared.template.mode }
  }

  /**
   * Makes a run: copies the list into the run's folder, checks every row of the copy, and (unless
   * invalid rows were found and not skipped) writes the run's setup and journal and starts sending
   * in the background. Without a run, the validation says why.
   */
  async create(job: MergeJobStart): Promise<{ validation: MergeValidation; run?: MergeRunSummary }> {
    const options = mergeSendOptionsSchema.parse({
      limits: job.limits,
      connections: job.connections,
      messagesPerConnection: job.messagesPerConnection,
      skipInvalid: job.skipInvalid,
      saveSentCopy: job.saveSentCopy,
    })
    const account = this.deps.accounts.get(job.accountId)
    if (options.saveSentCopy && !account.imap)
      throw new SendsmithError({
        code: 'VALIDATION',
        field: 'saveSentCopy',
        message: `${account.name} has no IMAP server, so copies cannot be saved in Sent`,
        hint: 'Add the IMAP server to the account (sendsmith accounts edit NAME --imap-host H ...), or send without saving copies.',
      })
    const runId = randomUUID()
    const dataPath = await this.store.createFolder(runId, job.data.format, job.data)
    let journal: Journal | undefined
    try {
      const prepared = await this.prepare({ ...job, data: { format: job.data.format, path: dataPath } })
      journal = await this.openJournal(runId)
      const opened = journal
      const validation = await this.scan(prepared, (invalid) =>
        opened.append({
          k: 'skipped',
          row: invalid.row,
          ...(invalid.address && { to: invalid.address }),
          problems: invalid.problems,
        }),
      )
      const copyDecision = decideSentCopy(account)
      if (options.saveSentCopy && !copyDecision.copy)
        validation.warnings.push(`No copies are saved in Sent: ${copyDecision.detail}`)
      if (validation.valid === 0)
        throw new SendsmithError({
          code: 'VALIDATION',
          field: 'data',
          message: validation.total === 0 ? 'The list has no rows' : 'No row of the list can be sent',
          hint: 'Fix the rows listed, or check the address column.',
        })
      if (validation.invalid > 0 && !options.skipInvalid) {
        await journal.close()
        await this.store.remove(runId)
        return { validation }
      }
      const { input, plan } = prepared
      const config: RunConfig = {
        version: 1,
        runId,
        createdAt: new Date().toISOString(),
        accountId: account.id,
        subject: input.subject,
        templateKind: input.template.kind,
        dataFormat: job.data.format,
        mapping: {
          addressColumn: plan.addressColumn,
          ...(plan.nameColumn !== undefined && { nameColumn: plan.nameColumn }),
          fields: plan.fields,
          required: plan.required,
        },
        columns: plan.columns,
        ...(input.listUnsubscribe && { listUnsubscribe: input.listUnsubscribe }),
        limits: options.limits,
        connections: options.connections,
        messagesPerConnection: options.messagesPerConnection,
        total: validation.total,
        invalid: validation.invalid,
        ...(options.saveSentCopy && copyDecision.copy && { saveSentCopy: true }),
      }
      await journal.close()
      journal = undefined
      await this.store.finishCreation(config, input.template.source)
      this.deps.logger.log('info', 'merge.created', { runId, total: validation.total, invalid: validation.invalid })
      return { validation, run: await this.launch(runId) }
    } catch (error) {
      await journal?.close().catch(() => {})
      if (!(await this.store.config(runId))) await this.store.remove(runId)
      throw error
    }
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

  /** Continues a paused run, or an interrupted one from its journal (after a crash or a kill). */
  async resume(runId: string): Promise<MergeRunSummary> {
    const run = this.active.get(runId)
    if (run) {
      run.resume()
      return run.summary()
    }
    return this.launch(runId)
  }

  /**
   * The user's word after fixing the cause: sends again the rows that failed for good (`failed`),
   * or the rows that may have been delivered (`uncertain`), and nothing else.
   */
  async sendAgain(runId: string, rows: 'failed' | 'uncertain'): Promise<MergeRunSummary> {
    if (this.active.has(runId))
      throw new SendsmithError({
        code: 'VALIDATION',
        field: 'runId',
        message: 'This run is sending right now',
        hint: 'Wait until it ends, then send its failed or uncertain rows again.',
      })
    return this.launch(runId, rows)
  }

  async pause(runId: string): Promise<MergeRunSummary> {
    const run = this.active.get(runId)
    if (!run) return this.summary(runId)
    run.pause()
    // "Paused" means quiet: answer once the messages already under way have settled.
    await run.whenIdle()
    return run.summary()
  }

  async cancel(runId: string): Promise<MergeRunSummary> {
    const run = this.active.get(runId)
    if (run) {
      run.cancel()
      return run.finished
    }
    const summary = await this.summary(runId)
    if (summary.state === 'done' || summary.state === 'cancelled') return summary
    const release = await this.store.lock(runId)
    if (!release)
      throw new SendsmithError({
        code: 'VALIDATION',
        field: 'runId',
        message: 'Another Sendsmith process is sending this run',
        hint: 'Cancel it there, or stop that process first.',
      })
    try {
      const journal = await FileJournal.open(this.store.journalPath(runId))
      journal.append({ k: 'state', state: 'cancelled', t: Date.now() })
      await journal.close()
    } finally {
      await release()
    }
    return this.summary(runId)
  }

  /** Stops a run in this process so that it can be resumed later (the CLI's Ctrl-C). */
  interrupt(runId: string, message: string): void {
    this.active
      .get(runId)
      ?.interrupt({ code: 'INTERNAL', message, hint: `Resume it with: sendsmith merge --resume ${runId}` })
  }

  /** Resolves when the run ends in this process (done, cancelled or interrupted). */
  async wait(runId: string): Promise<MergeRunSummary> {
    const run = this.active.get(runId)
    return run ? run.finished : this.summary(runId)
  }

  progress(runId: string): MergeProgress | undefined {
    return this.active.get(runId)?.progress()
  }

  /** Every run, newest first. */
  async list(): Promise<MergeRunSummary[]> {
    const configs = await this.store.list()
    return Promise.all(configs.map((config) => this.summaryOf(config)))
  }

  async summary(runId: string): Promise<MergeRunSummary> {
    const run = this.active.get(runId)
    if (run) return run.summary()
    return this.summaryOf(await this.configOrThrow(runId))
  }

  /** Per-recipient results as CSV text (the IPC door; the CLI streams with resultLines). */
  async results(runId: string): Promise<string> {
    let csv = ''
    for await (const line of this.resultLines(runId)) csv += line
    return csv
  }

  async *resultLines(runId: string): AsyncGenerator<string> {
    const config = await this.configOrThrow(runId)
    yield* resultLines(
      this.store.journalPath(runId),
      { format: config.dataFormat, path: this.store.dataPath(runId, config.dataFormat) },
      config.mapping.addressColumn,
    )
  }

  private async summaryOf(config: RunConfig): Promise<MergeRunSummary> {
    const active = this.active.get(config.runId)
    if (active) return active.summary()
    const ledger = config.saveSentCopy ? new SentCopyLedger() : undefined
    const state = await this.replay(config, ledger)
    const locked = await this.store.isLocked(config.runId)
    let runState = state.state
    let error = state.error
    // "sending" on disk with no live process behind it: that process crashed or was killed.
    if (runState === 'sending' && !locked) {
      runState = 'interrupted'
      error = {
        code: 'INTERNAL',
        message: 'The process sending this run stopped before it finished',
        hint: `Resume it with: sendsmith merge --resume ${config.runId}`,
      }
    }
    // Rows caught between "sending" and a reply by a process that is gone may have been delivered (a resume flags them).
    const caught = locked ? 0 : [...state.inFlight()].length
    return {
      runId: config.runId,
      accountId: config.accountId,
      subject: config.subject,
      createdAt: config.createdAt,
      state: runState,
      total: state.total,
      skipped: state.skipped,
      sent: state.sent,
      failed: state.failed,
      uncertain: state.uncertain + caught,
      remaining: state.remaining - caught,
      ...(error && { error }),
      ...(ledger && { sentCopies: ledger.counts() }),
    }
  }

  private async replay(config: RunConfig, ledger?: SentCopyLedger): Promise<RunState> {
    const state = new RunState(config.total)
    for await (const record of readJournal(this.store.journalPath(config.runId))) {
      state.apply(record)
      ledger?.apply(record)
    }
    return state
  }

  /** Starts sending a run that is on disk: replays its journal, flags rows caught mid-send, and hands it to a MergeRun. */
  private async launch(runId: string, again?: 'failed' | 'uncertain'): Promise<MergeRunSummary> {
    const config = await this.configOrThrow(runId)
    const release = await this.store.lock(runId)
    if (!release)
      throw new SendsmithError({
        code: 'VALIDATION',
        field: 'runId',
        message: 'Another Sendsmith process is sending this run',
      })
    try {
      const ledger = config.saveSentCopy ? new SentCopyLedger() : undefined
      const state = await this.replay(config, ledger)
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
        return await this.summaryOf(config)
      }
      if (!again && (state.state === 'done' || state.state === 'cancelled'))
        throw new SendsmithError({
          code: 'VALIDATION',
          field: 'runId',
          message: `This run is ${state.state === 'done' ? 'finished' : 'cancelled'}; there is nothing to resume`,
        })
      const account = this.deps.accounts.get(config.accountId)
      const secret = account.auth ? await this.deps.accounts.password(account) : undefined
      const template = await compileTemplate(await this.store.readTemplate(runId), config.templateKind)
      const journal = await this.openJournal(runId)
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
      const unsubscribe = config.listUnsubscribe
      const run = new MergeRun({
        summaryBase: { runId, accountId: config.accountId, subject: config.subject, createdAt: config.createdAt },
        account,
        secret,
        auth: this.deps.auth?.(account, secret),
        secretsToHide: secret ? secretForms(secret, account.username) : [],
        network: this.deps.network,
        journal,
        state,
        source: { format: config.dataFormat, path: this.store.dataPath(runId, config.dataFormat) },
        plan: { ...config.mapping, columns: config.columns },
        template,
        subject: compileLine(config.subject),
        ...(unsubscribe && {
          unsubscribe: {
            ...(unsubscribe.url !== undefined && { url: compileLine(unsubscribe.url, encodeURIComponent) }),
            mailto: unsubscribe.mailto,
            oneClick: unsubscribe.oneClick ?? false,
          },
        }),
        builder: new MergeMessageBuilder({
          from: { name: account.name, address: account.email },
          ...(account.replyTo && { replyTo: account.replyTo }),
          dkim: await this.deps.accounts.dkimSigningKey(account),
        }),
        limiter: this.limiterFor(account.id, config, state.recentSends),
        // Some providers allow only a few sessions per mailbox (Microsoft: 3); more only earn refusals.
        connections: Math.min(config.connections, smtpConnectionLimit(account.host)),
        messagesPerConnection: config.messagesPerConnection,
        retryDelaysMs: this.deps.retryDelaysMs ?? [5_000, 30_000],
        slowDownMs: this.deps.slowDownMs,
        logger: this.deps.logger,
        onProgress: (progress) => this.deps.onProgress?.(progress),
        ...(sentCopies && { sentCopies }),
      })
      this.active.set(runId, run)
      void run.finished.finally(() => {
        this.active.delete(runId)
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
    const secret = await this.deps.accounts.password(account)
    return new MergeSentCopies({
      runId,
      dir: this.store.dir(runId),
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
    const journal = await this.openJournal(runId)
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

  private openJournal(runId: string): Promise<Journal> {
    return this.deps.journal === 'memory'
      ? Promise.resolve(new MemoryJournal())
      : FileJournal.open(this.store.journalPath(runId))
  }

  private async configOrThrow(runId: string): Promise<RunConfig> {
    const config = await this.store.config(runId)
    if (!config)
      throw new SendsmithError({
        code: 'NOT_FOUND',
        field: 'runId',
        message: `There is no merge run ${runId}`,
        hint: 'sendsmith merge --list shows the runs.',
      })
    return config
  }

  private async prepare(job: MergeJob): Promise<Prepared> {
    const input = parseJob(job)
    const template = await compileTemplate(input.template.source, input.template.kind)
    const subjectFields = fieldsOf(input.subject)
    const unsubscribe = input.listUnsubscribe
    if (unsubscribe?.mailto !== undefined && addressProblem(unsubscribe.mailto) !== null) {
      throw new SendsmithError({
        code: 'VALIDATION',
        field: 'listUnsubscribe',
        message: `The unsubscribe address "${unsubscribe.mailto}" is not valid: ${addressProblem(unsubscribe.mailto)}`,
      })
    }
    const urlFields = unsubscribe?.url !== undefined ? fieldsOf(unsubscribe.url) : { used: [], required: [] }
    const columns = await readColumns(input.data)
    if (columns.length === 0)
      throw new SendsmithError({ code: 'VALIDATION', field: 'data', message: 'The list has no rows' })
    const used = [...new Set([...template.fields.used, ...subjectFields.used, ...urlFields.used])]
    const required = [...new Set([...template.fields.required, ...subjectFields.required, ...urlFields.used])]
    const { plan, warnings } = planMerge(columns, used, required, input.mapping)
    if (template.mode === 'per-row')
      warnings.push('MJML moved some merge fields, so each row runs the whole template pipeline: sending is slower')
    return {
      input,
      template,
      subject: compileLine(input.subject),
      ...(unsubscribe?.url !== undefined && { unsubscribeUrl: compileLine(unsubscribe.url, encodeURIComponent) }),
      plan,
      warnings,
    }
  }

  /**
   * Checks every row: its address, its required fields, its merged unsubscribe URL, and that no
   * earlier row has the same address (a list with duplicates would send someone two messages).
   */
  private async scan(
    prepared: Prepared,
    onInvalid?: (row: InvalidRow) => void,
    onValid?: (row: CheckedRow) => Promise<void>,
  ): Promise<MergeValidation> {
    const seen = new Map<string, number>()
    const invalidRows: InvalidRow[] = []
    let total = 0
    let invalid = 0
    for await (const { row, record } of readRecipients(prepared.input.data)) {
      total++
      let checked = checkRow(row, record, prepared.plan)
      if (isCheckedRow(checked)) {
        const problems: string[] = []
        const key = checked.mailbox.address.toLowerCase()
        const first = seen.get(key)
        if (first !== undefined) problems.push(`${checked.mailbox.address} is already in row ${first}`)
        else seen.set(key, row)
        if (prepared.unsubscribeUrl) {
          const url = prepared.unsubscribeUrl(checked.context)
          if (!isHeaderUrl(url)) problems.push(`the unsubscribe URL "${url.slice(0, 200)}" is not a valid http(s) URL`)
        }
        if (problems.length > 0) checked = { row, address: checked.mailbox.address, problems }
      }
      if (isCheckedRow(checked)) {
        await onValid?.(checked)
        continue
      }
      invalid++
      if (invalidRows.length < maxListedInvalidRows) invalidRows.push(checked)
      onInvalid?.(checked)
    }
    return {
      total,
      valid: total - invalid,
      invalid,
      invalidRows,
      columns: prepared.plan.columns,
      addressColumn: prepared.plan.addressColumn,
      requiredFields: prepared.plan.required,
      warnings: prepared.warnings,
    }
  }

  private builderFor(accountId: string): MergeMessageBuilder {
    const account = this.deps.accounts.get(accountId)
    return new MergeMessageBuilder({
      from: { name: account.name, address: account.email },
      ...(account.replyTo && { replyTo: account.replyTo }),
    })
  }

  private async message(prepared: Prepared, builder: MergeMessageBuilder, checked: CheckedRow) {
    const rendered = await prepared.template.render(checked.context)
    const subject = prepared.subject(checked.context)
    const unsubscribe = prepared.input.listUnsubscribe
    const raw = builder.build({
      to: checked.mailbox,
      subject,
      html: rendered.html,
      text: rendered.text,
      messageId: builder.messageId(),
      ...(unsubscribe && {
        unsubscribe: {
          url: prepared.unsubscribeUrl?.(checked.context),
          mailto: unsubscribe.mailto,
          oneClick: unsubscribe.oneClick,
        },
      }),
    })
    return { raw, subject, ...rendered }
  }
}

/** A URL fit for List-Unsubscribe: http(s), parses, and nothing that would end the <...> early. */
function isHeaderUrl(url: string): boolean {
  if (/[\s<>]/.test(url)) return false
  try {
    return ['https:', 'http:'].includes(new URL(url).protocol)
  } catch {
    return false
  }
}

/** The rows of a run in one state. */
function* rowsIn(state: RunState, value: number): Generator<number> {
  for (let row = 1; row <= state.total; row++) if (state.rows[row] === value) yield row
}
