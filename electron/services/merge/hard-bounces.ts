import { readJournal } from './merge-journal'
import type { MergeStore } from './merge-store'
import { runConfigOrThrow } from './stored-runs'
import type { SuppressionList } from '../suppression/suppression-list'

/** A recipient the server refused for good in a merge run: a 5xx reply to RCPT TO or DATA. */
export interface HardBounce {
  row: number
  address: string
  response: string
}

/**
 * The rows of a run that ended refused with a permanent (5xx) reply, from its journal. A row sent
 * again later and accepted is not one; a temporary (4xx) refusal never is.
 */
export async function hardBouncesOf(store: MergeStore, runId: string): Promise<HardBounce[]> {
  await runConfigOrThrow(store, runId)
  const last = new Map<number, HardBounce | undefined>()
  for await (const record of readJournal(store.journalPath(runId))) {
    if (record.k === 'state') continue
    if (record.k === 'failed' && record.code === 'RECIPIENT_REFUSED' && /^5\d\d\b/.test(record.resp ?? ''))
      last.set(record.row, { row: record.row, address: record.to, response: record.resp! })
    else last.set(record.row, undefined)
  }
  return [...last.values()].filter((b): b is HardBounce => b !== undefined).sort((a, b) => a.row - b.row)
}

/**
 * The user's word after a run: its hard bounces join the suppression list for the run's account
 * (reason "bounced", the reply as note).
 */
export async function suppressHardBounces(
  store: MergeStore,
  list: SuppressionList,
  runId: string,
): Promise<{ added: number; updated: number; addresses: string[] }> {
  const { accountId } = await runConfigOrThrow(store, runId)
  const bounces = await hardBouncesOf(store, runId)
  let added = 0
  let updated = 0
  for (const bounce of bounces) {
    const result = await list.add([bounce.address], 'bounced', bounce.response.slice(0, 200), accountId)
    added += result.added
    updated += result.updated
  }
  return { added, updated, addresses: bounces.map((b) => b.address) }
}
