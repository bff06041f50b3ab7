import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Account, AccountInput } from '../../../../shared/contract'
import type { AppServices } from '../../../../electron/services/app-services'
import { openImap } from '../../../../electron/services/imap/imap-connection'
import { readJournal } from '../../../../electron/services/merge/merge-journal'
import { MergeService, type MergeJobStart } from '../../../../electron/services/merge/merge-service'
import { startDovecot, type DovecotServer } from '../../../helpers/dovecot-test-server'
import { testServices } from '../../../helpers/services'
import { startTestSmtpServer, type TestSmtpServer } from '../../../helpers/smtp-test-server'

const user = 'ada@example.test'
const password = 'merge-Imap-Secret-3'
const template = '<html><body><p>Hello {{name}}, your code is {{code}}.</p></body></html>'

let dovecot: DovecotServer
let smtp: TestSmtpServer
let services: AppServices
let account: Account

beforeAll(async () => {
  dovecot = await startDovecot({ users: { [user]: password } })
  smtp = await startTestSmtpServer({ security: 'starttls', users: { [user]: password } })
  services = testServices()
  account = await services.accounts.save(accountInput())
})
afterAll(async () => {
  await smtp?.close()
  await dovecot?.close()
})

function accountInput(overrides: Partial<AccountInput> = {}): AccountInput {
  return {
    name: 'Ada',
    email: user,
    host: '127.0.0.1',
    port: smtp.port,
    security: 'starttls',
    auth: true,
    username: user,
    password,
    allowInsecureAuth: false,
    ca: dovecot.ca,
    imap: { host: '127.0.0.1', port: dovecot.imapPort, security: 'starttls' },
    sentCopy: 'always',
    ...overrides,
  }
}

function mergeService(open?: typeof openImap): MergeService {
  return new MergeService({
    dataDir: services.dataDir,
    accounts: services.accounts,
    network: services.network,
    logger: services.logger,
    retryDelaysMs: [20, 20],
    ...(open && { imap: { open } }),
  })
}

/** A run of `count` rows whose codes name the test, so each test's messages are its own. */
function job(tag: string, count: number, extra: Partial<MergeJobStart> = {}): MergeJobStart {
  const rows = Array.from({ length: count }, (_, i) => `person${i + 1}@example.test,Person ${i + 1},${tag}-${i + 1}`)
  return {
    accountId: account.id,
    template: { source: template, kind: 'hbs' },
    subject: `Codes ${tag}`,
    data: { format: 'csv', text: ['email,name,code', ...rows].join('\n') },
    ...extra,
  }
}

/** The Message-IDs the run's results list for its delivered rows. */
async function deliveredIds(merge: MergeService, runId: string): Promise<string[]> {
  const [header, ...lines] = (await merge.results(runId)).trim().split(/\r?\n/)
  const columns = header.split(',')
  return lines
    .map((line) => line.split(','))
    .filter((cells) => cells[columns.indexOf('status')] === 'sent')
    .map((cells) => cells[columns.indexOf('message_id')])
}

/** How many times each id is in Sent. */
async function copiesInSent(ids: string[]): Promise<number[]> {
  const inSent = await dovecot.messageIds(user, 'Sent')
  return ids.map((id) => inSent.filter((s) => s === id).length)
}

describe('a merge and the Sent folder (against dovecot)', () => {
  it('puts nothing in Sent by default', async () => {
    const merge = mergeService()
    const before = (await dovecot.messageIds(user, 'Sent')).length
    const { run } = await merge.create(job('plain', 3))
    const final = await merge.wait(run!.runId)
    expect(final).toMatchObject({ state: 'done', sent: 3 })
    expect(final.sentCopies).toBeUndefined()
    expect(await copiesInSent(await deliveredIds(merge, run!.runId))).toEqual([0, 0, 0])
    expect((await dovecot.messageIds(user, 'Sent')).length).toBe(before)
  })

  it('with the per-run option appends each delivered message once, and keeps no message on disk after', async () => {
    const merge = mergeService()
    const { run } = await merge.create(job('copies', 6, { saveSentCopy: true, connections: 2 }))
    const final = await merge.wait(run!.runId)
    expect(final).toMatchObject({ state: 'done', sent: 6, sentCopies: { saved: 6, waiting: 0, failed: 0 } })
    const ids = await deliveredIds(merge, run!.runId)
    expect(ids).toHaveLength(6)
    expect(await copiesInSent(ids)).toEqual([1, 1, 1, 1, 1, 1])
    // The same counts after a restart, from the journal alone.
    expect((await mergeService().summary(run!.runId)).sentCopies).toEqual({ saved: 6, waiting: 0, failed: 0 })
    expect(await readdir(join(merge.store.dir(run!.runId), 'sent-copies'))).toEqual([])
    // Every APPEND was announced on disk first.
    const steps: string[] = []
    for await (const r of readJournal(merge.store.journalPath(run!.runId))) if (r.k === 'copy') steps.push(r.step)
    expect(steps.filter((s) => s === 'try')).toHaveLength(6)
    expect(steps.filter((s) => s === 'saved')).toHaveLength(6)
  })

  it('IMAP down: the mail goes out and the copies wait; a resume once IMAP is back saves each exactly once', async () => {
    const merge = mergeService()
    await dovecot.stop()
    let final
    try {
      const { run } = await merge.create(job('down', 4, { saveSentCopy: true }))
      final = await merge.wait(run!.runId)
    } finally {
      await dovecot.start()
    }
    expect(final).toMatchObject({ state: 'done', sent: 4, sentCopies: { saved: 0, waiting: 4, failed: 0 } })
    const ids = await deliveredIds(merge, final.runId)
    expect(await copiesInSent(ids)).toEqual([0, 0, 0, 0])

    // A later process resumes the finished run: only the copies are made, no message is sent again.
    const sentBefore = smtp.messages.length
    const later = mergeService()
    const resumed = await later.resume(final.runId)
    expect(resumed).toMatchObject({ state: 'done', sent: 4, sentCopies: { saved: 4, waiting: 0, failed: 0 } })
    expect(await copiesInSent(ids)).toEqual([1, 1, 1, 1])
    expect(smtp.messages.length).toBe(sentBefore)
    // Nothing left to do: a second resume says so, and appends nothing.
    await expect(later.resume(final.runId)).rejects.toMatchObject({ code: 'VALIDATION' })
    expect(await copiesInSent(ids)).toEqual([1, 1, 1, 1])
  })

  it('an APPEND whose answer was lost is not repeated: the retry finds the copy by its Message-ID', async () => {
    let lost = 0
    const merge = mergeService(async (...args) => {
      const client = await openImap(...args)
      const append = client.append.bind(client)
      // The server stores the first two messages, then the connection drops before each OK reaches us.
      client.append = async (...appendArgs) => {
        const result = await append(...appendArgs)
        if (lost >= 2) return result
        lost++
        client.close()
        throw Object.assign(new Error('Connection not available'), { code: 'NoConnection' })
      }
      return client
    })
    const { run } = await merge.create(job('lost', 3, { saveSentCopy: true }))
    const final = await merge.wait(run!.runId)
    expect(lost).toBe(2)
    expect(final.sentCopies).toEqual({ saved: 3, waiting: 0, failed: 0 })
    expect(await copiesInSent(await deliveredIds(merge, run!.runId))).toEqual([1, 1, 1])
  })

  it('a wrong IMAP password fails the copies, not the mail, and the password is in no error', async () => {
    const wrong = await services.accounts.save(
      accountInput({
        name: 'Ada wrong IMAP',
        imap: { host: '127.0.0.1', port: dovecot.imapPort, security: 'starttls', username: 'nobody@example.test' },
      }),
    )
    const merge = mergeService()
    const { run } = await merge.create({ ...job('wrong', 2, { saveSentCopy: true }), accountId: wrong.id })
    const final = await merge.wait(run!.runId)
    expect(final).toMatchObject({ state: 'done', sent: 2, sentCopies: { saved: 0, waiting: 0, failed: 2 } })
    const journal = await readFile(merge.store.journalPath(run!.runId), 'utf8')
    expect(journal).toMatch(/"step":"failed","code":"AUTH_FAILED"/)
    expect(journal).not.toContain(password)
  })

  it('refuses the option for an account without IMAP, naming the field and the fix', async () => {
    const noImap = await services.accounts.save(accountInput({ name: 'Ada no IMAP', imap: undefined }))
    await expect(
      mergeService().create({ ...job('none', 1, { saveSentCopy: true }), accountId: noImap.id }),
    ).rejects.toMatchObject({
      code: 'VALIDATION',
      field: 'saveSentCopy',
    })
  })
})
