import { appendFileSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { FileJournal, readJournal, type JournalRecord } from '../../../../electron/services/merge/merge-journal'
import { RowState, RunState } from '../../../../electron/services/merge/run-state'
import { tempHome } from '../../../helpers/temp-home'

async function records(path: string): Promise<JournalRecord[]> {
  const out: JournalRecord[] = []
  for await (const r of readJournal(path)) out.push(r)
  return out
}

describe('the merge journal', () => {
  it('has every record on disk once durable() resolves, and serves many waiters with few fsyncs', async () => {
    const path = join(tempHome(), 'journal.log')
    const journal = await FileJournal.open(path)
    const waits: Promise<void>[] = []
    for (let row = 1; row <= 50; row++) {
      journal.append({ k: 'sending', row, to: `r${row}@example.test`, mid: `<${row}@x>`, t: row })
      waits.push(journal.durable())
    }
    await Promise.all(waits)
    expect(readFileSync(path, 'utf8').trim().split('\n')).toHaveLength(50)
    await journal.close()
  })

  it('ignores a torn last line, and a reopened journal starts on a fresh line', async () => {
    const path = join(tempHome(), 'journal.log')
    const journal = await FileJournal.open(path)
    journal.append({ k: 'sent', row: 1, resp: '250 ok', t: 1 })
    await journal.close()
    appendFileSync(path, '{"k":"sent","row":2,"resp":"25') // a crash in the middle of a write
    const reopened = await FileJournal.open(path)
    reopened.append({ k: 'sent', row: 3, resp: '250 ok', t: 3 })
    await reopened.close()
    expect((await records(path)).map((r) => ('row' in r ? r.row : 0))).toEqual([1, 3])
  })
})

describe('a run state replayed from the journal', () => {
  it('counts outcomes, returns deferred rows to pending, and lists rows caught between "sending" and a reply', () => {
    const state = new RunState(6)
    const replay: JournalRecord[] = [
      { k: 'skipped', row: 6, problems: ['bad'] },
      { k: 'sending', row: 1, to: 'a@x.test', mid: '<1@x>', t: 1 },
      { k: 'sent', row: 1, resp: '250', t: 2 },
      { k: 'sending', row: 2, to: 'b@x.test', mid: '<2@x>', t: 3 },
      { k: 'deferred', row: 3, code: 'MESSAGE_REFUSED', msg: '451', t: 4 },
      { k: 'failed', row: 4, to: 'd@x.test', code: 'RECIPIENT_REFUSED', msg: '550', t: 5 },
      { k: 'state', state: 'sending', t: 6 },
    ]
    for (const r of replay) state.apply(r)
    expect({
      sent: state.sent,
      failed: state.failed,
      skipped: state.skipped,
      uncertain: state.uncertain,
      remaining: state.remaining,
    }).toEqual({ sent: 1, failed: 1, skipped: 1, uncertain: 0, remaining: 3 })
    expect([...state.inFlight()]).toEqual([2])
    expect(state.rows[3]).toBe(RowState.pending)
    expect(state.attempts[3]).toBe(1)
    state.apply({ k: 'uncertain', row: 2, t: 7 })
    expect({ uncertain: state.uncertain, remaining: state.remaining }).toEqual({ uncertain: 1, remaining: 2 })
  })
})
