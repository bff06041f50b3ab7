import type { MergeRunSummary } from '../../../shared/contract'
import { SendsmithError } from '../errors/app-error'
import { FileJournal, MemoryJournal, readJournal, type Journal } from './merge-journal'
import { SentCopyLedger } from './merge-sent-copies'
import type { MergeStore, RunConfig } from './merge-store'
import { RunState } from './run-state'

/** Runs as they are on disk, when no MergeRun of this process holds them. */

export async function runConfigOrThrow(store: MergeStore, runId: string): Promise<RunConfig> {
  const config = await store.config(runId)
  if (!config)
    throw new SendsmithError({
      code: 'NOT_FOUND',
      field: 'runId',
      message: `There is no merge run ${runId}`,
      hint: 'sendsmith merge --list shows the runs.',
    })
  return config
}

/** A run's state, replayed from its journal (and its copies in Sent, given a ledger). */
export async function replayRun(store: MergeStore, config: RunConfig, ledger?: SentCopyLedger): Promise<RunState> {
  const state = new RunState(config.total)
  for await (const record of readJournal(store.journalPath(config.runId))) {
    state.apply(record)
    ledger?.apply(record)
  }
  return state
}

/** `memory` keeps the journal off disk: only for measuring what the journal costs. */
export function openRunJournal(store: MergeStore, runId: string, mode: 'file' | 'memory' = 'file'): Promise<Journal> {
  return mode === 'memory' ? Promise.resolve(new MemoryJournal()) : FileJournal.open(store.journalPath(runId))
}

/** The summary of a run that no process of ours is sending; a run left "sending" with no live process was interrupted. */
export async function storedSummary(store: MergeStore, config: RunConfig): Promise<MergeRunSummary> {
  const ledger = config.saveSentCopy ? new SentCopyLedger() : undefined
  const state = await replayRun(store, config, ledger)
  const locked = await store.isLocked(config.runId)
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

/** Cancels a run that no process is sending, by a "cancelled" record in its journal. */
export async function cancelStoredRun(store: MergeStore, runId: string): Promise<void> {
  const release = await lockRun(store, runId, 'Cancel it there, or stop that process first.')
  try {
    const journal = await FileJournal.open(store.journalPath(runId))
    journal.append({ k: 'state', state: 'cancelled', t: Date.now() })
    await journal.close()
  } finally {
    await release()
  }
}

/** Takes the run's lock (one process sends a run), or says that another process holds it. */
export async function lockRun(store: MergeStore, runId: string, hint?: string): Promise<() => Promise<void>> {
  const release = await store.lock(runId)
  if (!release)
    throw new SendsmithError({
      code: 'VALIDATION',
      field: 'runId',
      message: 'Another Sendsmith process is sending this run',
      ...(hint !== undefined && { hint }),
    })
  return release
}
