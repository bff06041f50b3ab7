import { randomUUID } from 'node:crypto'
import { mergeSendOptionsSchema, type InvalidRow, type MergeValidation } from '../../../shared/contract'
import { SendsmithError } from '../errors/app-error'
import type { AccountStore } from '../accounts/account-store'
import { decideSentCopy } from '../imap/sent-copy-policy'
import type { Logger } from '../log/logger'
import type { SuppressionList } from '../suppression/suppression-list'
import type { Journal } from './merge-journal'
import { checkRows, prepareMerge, type MergeJobStart } from './merge-job'
import type { MergeStore, RunConfig } from './merge-store'
import { openRunJournal } from './stored-runs'

export interface CreateRunDeps {
  store: MergeStore
  accounts: AccountStore
  logger: Logger
  journal?: 'file' | 'memory'
  /** Rows to these addresses are skipped (journaled with the reason), never sent. */
  suppression?: SuppressionList
}

/**
 * Makes a run on disk: copies the list into the run's folder, checks every row of the copy (the
 * invalid ones go to the journal as skipped) and, unless invalid rows were found and not skipped,
 * writes the run's setup last. Without a runId, the validation says why no run was made.
 */
export async function createRun(
  deps: CreateRunDeps,
  job: MergeJobStart,
): Promise<{ validation: MergeValidation; runId?: string }> {
  const { store } = deps
  const options = mergeSendOptionsSchema.parse({
    limits: job.limits,
    connections: job.connections,
    messagesPerConnection: job.messagesPerConnection,
    skipInvalid: job.skipInvalid,
    saveSentCopy: job.saveSentCopy,
  })
  const account = deps.accounts.get(job.accountId)
  if (options.saveSentCopy && !account.imap)
    throw new SendsmithError({
      code: 'VALIDATION',
      field: 'saveSentCopy',
      message: `${account.name} has no IMAP server, so copies cannot be saved in Sent`,
      hint: 'Add the IMAP server to the account (sendsmith accounts edit NAME --imap-host H ...), or send without saving copies.',
    })
  const runId = randomUUID()
  const dataPath = await store.createFolder(runId, job.data.format, job.data)
  let journal: Journal | undefined
  try {
    const prepared = await prepareMerge({ ...job, data: { format: job.data.format, path: dataPath } })
    if (deps.suppression) prepared.suppressed = await deps.suppression.lookup()
    journal = await openRunJournal(store, runId, deps.journal)
    const opened = journal
    const skip = (invalid: InvalidRow) =>
      opened.append({
        k: 'skipped',
        row: invalid.row,
        ...(invalid.address && { to: invalid.address }),
        problems: invalid.problems,
      })
    const validation = await checkRows(prepared, skip, undefined, skip)
    const copyDecision = decideSentCopy(account)
    if (options.saveSentCopy && !copyDecision.copy)
      validation.warnings.push(`No copies are saved in Sent: ${copyDecision.detail}`)
    if (validation.valid === 0)
      throw new SendsmithError({
        code: 'VALIDATION',
        field: 'data',
        message:
          validation.total === 0
            ? 'The list has no rows'
            : validation.suppressed === validation.total
              ? 'Every address of the list is on the suppression list'
              : 'No row of the list can be sent',
        hint: 'Fix the rows listed, or check the address column.',
      })
    if (validation.invalid > 0 && !options.skipInvalid) {
      await journal.close()
      await store.remove(runId)
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
    await store.finishCreation(config, input.template.source)
    deps.logger.log('info', 'merge.created', { runId, total: validation.total, invalid: validation.invalid })
    return { validation, runId }
  } catch (error) {
    await journal?.close().catch(() => {})
    if (!(await store.config(runId))) await store.remove(runId)
    throw error
  }
}
