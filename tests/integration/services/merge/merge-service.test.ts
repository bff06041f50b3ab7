import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { Account, MergeProgress } from '../../../../shared/contract'
import type { AppServices } from '../../../../electron/services/app-services'
import { MergeService, type MergeJobStart } from '../../../../electron/services/merge/merge-service'
import { testServices } from '../../../helpers/services'
import { startTestSmtpServer, type TestSmtpServer } from '../../../helpers/smtp-test-server'
import { newsAccount } from '../../../helpers/test-account'

const template = `<html><head><title>Hello {{name}}</title></head><body>
<h1>Hello {{name}}</h1>
<p>Your code is <strong>{{code}}</strong>.</p>
{{#if note}}<p>Note: {{note}}</p>{{/if}}
</body></html>`

/** A CSV list of `count` people: row N is person N, with a code that names the row. */
function people(count: number, edit: (row: number, cells: string[]) => string[] = (_, c) => c): string {
  const lines = ['email,name,code']
  for (let row = 1; row <= count; row++)
    lines.push(edit(row, [`person${row}@example.test`, `Person ${row}`, `CODE-${row}`]).join(','))
  return `${lines.join('\n')}\n`
}

let smtp: TestSmtpServer
let services: AppServices
let account: Account
const extraServers: TestSmtpServer[] = []

function mergeService(progress: MergeProgress[] = []): MergeService {
  return new MergeService({
    dataDir: services.dataDir,
    accounts: services.accounts,
    network: services.network,
    logger: services.logger,
    retryDelaysMs: [50, 50],
    slowDownMs: 50,
    onProgress: (p) => progress.push(p),
  })
}

function job(csv: string, extra: Partial<MergeJobStart> = {}, to: Account = account): MergeJobStart {
  return {
    accountId: to.id,
    template: { source: template, kind: 'hbs' },
    subject: 'Hello {{name}}',
    data: { format: 'csv', text: csv },
    ...extra,
  }
}

async function accountFor(server: TestSmtpServer, name: string): Promise<Account> {
  return services.accounts.save(newsAccount(name, server.port))
}

beforeAll(async () => {
  smtp = await startTestSmtpServer({ security: 'plain' })
  services = testServices()
  account = await accountFor(smtp, 'Newsletter')
})
afterAll(async () => {
  await smtp.close()
  for (const s of extraServers) await s.close()
})
afterEach(() => {
  smtp.messages.length = 0
})

describe('mail merge', () => {
  it('sends 1,000 rows through pooled connections, each message carrying its own row, and skips the invalid rows it reported', async () => {
    const csv = people(1000, (row, [email, name, code]) => {
      if (row === 17) return ['not-an-address', name, code]
      if (row === 333) return [email, '', code]
      if (row === 500) return ['person1@example.test', name, code]
      return [email, name, code]
    })
    const merge = mergeService()
    const validation = await merge.validate(job(csv))
    expect(validation).toMatchObject({ total: 1000, valid: 997, invalid: 3, addressColumn: 'email' })
    expect(validation.requiredFields.sort()).toEqual(['code', 'name'])
    expect(validation.invalidRows.map((r) => r.row)).toEqual([17, 333, 500])
    expect(validation.invalidRows[0].problems[0]).toMatch(/"not-an-address" is not a valid address/)
    expect(validation.invalidRows[1].problems).toEqual(['"name" is empty'])
    expect(validation.invalidRows[2].problems[0]).toMatch(/already in row 1/)

    // Without the user's word, invalid rows stop the whole run: nothing is sent.
    const refused = await merge.create(job(csv, { connections: 4 }))
    expect(refused.run).toBeUndefined()
    await expect(merge.start(job(csv))).rejects.toMatchObject({ code: 'VALIDATION' })
    expect(smtp.messages).toHaveLength(0)

    const started = performance.now()
    const { run } = await merge.create(job(csv, { connections: 4, messagesPerConnection: 100, skipInvalid: true }))
    const final = await merge.wait(run!.runId)
    const ms = performance.now() - started
    expect(final).toMatchObject({
      state: 'done',
      total: 1000,
      skipped: 3,
      sent: 997,
      failed: 0,
      uncertain: 0,
      remaining: 0,
    })
    await smtp.waitForMessages(997)
    expect(smtp.messages).toHaveLength(997)
    const byRecipient = new Map(smtp.messages.map((m) => [m.to[0], m]))
    expect(byRecipient.size).toBe(997)
    for (let row = 1; row <= 1000; row++) {
      const message = byRecipient.get(`person${row}@example.test`)
      if (row === 17 || row === 333 || row === 500) {
        // row 500 repeats row 1's address: person500 gets nothing, person1 gets one message
        if (row !== 500) expect(message).toBeUndefined()
        continue
      }
      expect(message, `row ${row}`).toBeDefined()
      expect(message!.parsed.to).toMatchObject({ value: [{ address: `person${row}@example.test` }] })
      expect(message!.parsed.subject).toBe(`Hello Person ${row}`)
      expect(message!.parsed.html).toContain(`<strong>CODE-${row}</strong>`)
      expect(message!.parsed.text).toContain(`CODE-${row}`)
    }
    const messageIds = new Set(smtp.messages.map((m) => m.parsed.messageId))
    expect(messageIds.size).toBe(997)

    const csvResults = await merge.results(run!.runId)
    const lines = csvResults.trim().split('\r\n')
    expect(lines[0]).toBe('row,address,status,message_id,response,error')
    expect(lines).toHaveLength(1001)
    expect(lines[17]).toMatch(/^17,not-an-address,skipped,,,/)
    expect(lines[1]).toMatch(
      new RegExp(
        `^1,person1@example.test,sent,${escape(byRecipient.get('person1@example.test')!.parsed.messageId!)},250 `,
      ),
    )
    console.log(`merge of 1,000 rows: ${Math.round(ms)} ms`)
  })

  it('adds List-Unsubscribe with a merged, URL-encoded link and one-click List-Unsubscribe-Post when asked', async () => {
    const merge = mergeService()
    const { run } = await merge.create(
      job('email,name,code,id\nada@example.test,Ada,A1,a b&c\nbob@example.test,Bob,B2,42\n', {
        listUnsubscribe: {
          url: 'https://example.test/unsubscribe?id={{id}}',
          mailto: 'leave@example.test',
          oneClick: true,
        },
      }),
    )
    await merge.wait(run!.runId)
    await smtp.waitForMessages(2)
    const ada = smtp.messages.find((m) => m.to[0] === 'ada@example.test')!
    expect(ada.raw).toContain('\r\nList-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n')
    const unfolded = (raw: string) => raw.replace(/\r\n[ \t]+/g, ' ')
    expect(unfolded(ada.raw)).toMatch(
      /List-Unsubscribe: <mailto:leave@example.test>, <https:\/\/example.test\/unsubscribe\?id=a%20b%26c>/,
    )
    const bob = smtp.messages.find((m) => m.to[0] === 'bob@example.test')!
    expect(bob.raw).toContain('<https://example.test/unsubscribe?id=42>')

    const plain = mergeService()
    const { run: without } = await plain.create(job('email,name,code\ncy@example.test,Cy,C3\n'))
    await plain.wait(without!.runId)
    const cy = (await smtp.waitForMessages(3)).find((m) => m.to[0] === 'cy@example.test')!
    expect(cy.raw).not.toMatch(/List-Unsubscribe/i)
  })

  it('pauses, resumes and cancels a run: nothing goes out while paused, and a cancelled run stays unsent', async () => {
    const progress: MergeProgress[] = []
    const merge = mergeService(progress)
    const { run } = await merge.create(job(people(300), { limits: { perSecond: 100 }, connections: 2 }))
    const runId = run!.runId
    while (smtp.messages.length < 20) await sleep(10)
    const paused = await merge.pause(runId)
    expect(paused.state).toBe('paused')
    // pause() answers once the messages under way have settled: the server has them all now.
    const whilePaused = smtp.messages.length
    expect(paused.sent).toBe(whilePaused)
    await sleep(400) // a window to see that nothing more goes out

    expect(smtp.messages.length).toBe(whilePaused)
    expect((await merge.list()).find((r) => r.runId === runId)?.state).toBe('paused')

    await merge.resume(runId)
    while (smtp.messages.length < whilePaused + 20) await sleep(10)
    const cancelled = await merge.cancel(runId)
    expect(cancelled.state).toBe('cancelled')
    expect(cancelled.sent).toBe(smtp.messages.length)
    expect(cancelled.remaining).toBeGreaterThan(100)
    expect(cancelled.sent + cancelled.remaining).toBe(300)
    await expect(merge.resume(runId)).rejects.toMatchObject({ code: 'VALIDATION' })
    expect(progress.some((p) => p.state === 'paused')).toBe(true)
    expect(progress.at(-1)).toMatchObject({ state: 'cancelled', runId })
    const sending = progress.filter((p) => p.state === 'sending' && p.ratePerSecond > 0)
    expect(sending.length).toBeGreaterThan(0)
    expect(sending.at(-1)!.etaSeconds).not.toBeNull()
  })

  it('never goes faster than a rate limit of 25 messages per second (at most 10% over, measured over the run)', async () => {
    const merge = mergeService()
    const { run } = await merge.create(job(people(50), { limits: { perSecond: 25 }, connections: 3 }))
    await merge.wait(run!.runId)
    await smtp.waitForMessages(50)
    // Pacing, not bursts: 49 gaps of 40 ms between the server's replies; a loaded machine can only make it slower.
    const elapsed = (await receiptSpan(merge, run!.runId)) / 1000
    const rate = 49 / elapsed
    // Only the upper bound is the limiter's promise; how fast a busy machine gets is the bench's business.
    expect(rate).toBeLessThanOrEqual(25 * 1.1)
  })

  it('retries a temporary refusal, and flags (never resends) a message whose connection was lost after the final "."', async () => {
    const flaky = await startTestSmtpServer({ security: 'plain', dataReplies: ['accept', 'tempfail', 'drop'] })
    extraServers.push(flaky)
    const merge = mergeService()
    const { run } = await merge.create(job(people(6), { connections: 1 }, await accountFor(flaky, 'Flaky')))
    const final = await merge.wait(run!.runId)
    expect(final).toMatchObject({ state: 'done', sent: 5, uncertain: 1, failed: 0 })
    // Row 2 was refused with 451 (a "slow down": the run held), sent again first after the hold, and
    // arrived but its reply never did; row 3 went after it.
    expect(flaky.dataOutcomes).toEqual(['accept', 'tempfail', 'drop', 'accept', 'accept', 'accept', 'accept'])
    const results = await merge.results(run!.runId)
    expect(results).toMatch(/\r\n2,person2@example.test,uncertain,<[^>]+>,,The connection was lost/)
    expect(results).toMatch(/\r\n3,person3@example.test,sent,/)
  })

  it('meets a "450 4.7.1 rate limit": the whole run slows down (waits, fewer connections, wider spacing) and every row is sent once', async () => {
    // A provider that takes at most 5 recipients per 400 ms and answers 450 to the rest.
    const accepted: number[] = []
    const refusals = new Map<string, number>()
    const limited = await startTestSmtpServer({
      security: 'plain',
      rcptReply: (address) => {
        const now = Date.now()
        while (accepted.length > 0 && accepted[0] < now - 400) accepted.shift()
        if (accepted.length < 5) {
          accepted.push(now)
          return undefined
        }
        refusals.set(address, (refusals.get(address) ?? 0) + 1)
        return { code: 450, message: '4.7.1 Rate limit exceeded, slow down' }
      },
    })
    extraServers.push(limited)
    const merge = new MergeService({
      dataDir: services.dataDir,
      accounts: services.accounts,
      network: services.network,
      logger: services.logger,
      retryDelaysMs: [50, 50],
      slowDownMs: 100,
    })
    const { run } = await merge.create(job(people(40), { connections: 4 }, await accountFor(limited, 'Limited')))
    const final = await merge.wait(run!.runId)
    expect(final).toMatchObject({ state: 'done', sent: 40, failed: 0, uncertain: 0, remaining: 0 })
    const counts = new Map<string, number>()
    for (const m of limited.messages) for (const to of m.to) counts.set(to, (counts.get(to) ?? 0) + 1)
    expect(counts.size).toBe(40)
    expect([...counts.values()].every((n) => n === 1)).toBe(true)
    // It met the limit and backed the whole run off, to fewer connections and wider spacing.
    expect(refusals.size).toBeGreaterThan(0)
    const slowDowns = readFileSync(join(services.dataDir, 'logs', 'sendsmith.log'), 'utf8')
      .split('\n')
      .filter((line) => line.includes('merge.slow-down') && line.includes(run!.runId))
      .map((line) => JSON.parse(line) as { connections: number; spacingMs: number })
    expect(slowDowns.length).toBeGreaterThan(0)
    expect(slowDowns[0]).toMatchObject({ connections: 2, spacingMs: 20 })
  }, 60_000)

  it('retry failed and resend uncertain: after the cause is fixed, only those rows go again', async () => {
    const refused = ['person2@example.test', 'person4@example.test']
    const server = await startTestSmtpServer({ security: 'plain', refuseRecipients: refused, dataReplies: ['drop'] })
    extraServers.push(server)
    const merge = mergeService()
    const { run } = await merge.create(job(people(5), { connections: 1 }, await accountFor(server, 'Fixable')))
    const first = await merge.wait(run!.runId)
    expect(first).toMatchObject({ state: 'done', sent: 2, failed: 2, uncertain: 1 })
    const received = () => server.messages.flatMap((m) => m.to).sort()
    // Row 1's message arrived but its reply was dropped (uncertain); rows 2 and 4 were refused (550).
    expect(received()).toEqual(['person3@example.test', 'person5@example.test'])

    refused.length = 0 // the user fixed the cause
    await merge.sendAgain(run!.runId, 'failed')
    expect(await merge.wait(run!.runId)).toMatchObject({ state: 'done', sent: 4, failed: 0, uncertain: 1 })
    expect(received()).toEqual([
      'person2@example.test',
      'person3@example.test',
      'person4@example.test',
      'person5@example.test',
    ])
    await merge.sendAgain(run!.runId, 'uncertain')
    expect(await merge.wait(run!.runId)).toMatchObject({ state: 'done', sent: 5, failed: 0, uncertain: 0 })
    // Row 1 a second time, at the user's word; nobody else twice.
    expect(server.dataOutcomes).toEqual(['drop', 'accept', 'accept', 'accept', 'accept', 'accept'])
    expect(received()).toEqual([
      'person1@example.test',
      'person2@example.test',
      'person3@example.test',
      'person4@example.test',
      'person5@example.test',
    ])
    await expect(merge.sendAgain(run!.runId, 'failed')).rejects.toMatchObject({
      message: 'This run has no failed rows to send again',
    })
  })

  it('refuses a template field that no column fills, and an address column that does not exist', async () => {
    const merge = mergeService()
    await expect(merge.validate(job('email,name\nada@example.test,Ada\n'))).rejects.toMatchObject({
      code: 'VALIDATION',
      message: expect.stringMatching(/\{\{code\}\}, which no column fills/),
    })
    await expect(
      merge.validate(job('mail_to,name,code\nada@example.test,Ada,1\n', { mapping: { addressColumn: 'recipient' } })),
    ).rejects.toMatchObject({ code: 'VALIDATION', field: 'addressColumn' })
    const mapped = await merge.validate(
      job('Recipient,Full name,Code\nada@example.test,Ada,1\n', {
        mapping: { addressColumn: 'Recipient', fields: { name: 'Full name', code: 'Code' } },
      }),
    )
    expect(mapped).toMatchObject({ valid: 1, invalid: 0 })
  })

  it('reads a JSON list as well as a CSV one', async () => {
    const merge = mergeService()
    const json = JSON.stringify([
      { email: 'ada@example.test', name: 'Ada', code: 'J1' },
      { email: 'bob@', name: 'Bob', code: 'J2' },
    ])
    const validation = await merge.validate(job('', { data: { format: 'json', text: json } }))
    expect(validation).toMatchObject({ total: 2, valid: 1, invalid: 1, invalidRows: [{ row: 2 }] })
    const preview = await merge.preview(job('', { data: { format: 'json', text: json } }), 1)
    expect(preview).toMatchObject({ row: 1, to: 'ada@example.test', subject: 'Hello Ada' })
    expect(preview.html).toContain('<strong>J1</strong>')
  })
})

/** How long the server took from the first to the last message of a run, from the journal's send times. */
async function receiptSpan(merge: MergeService, runId: string): Promise<number> {
  const journal = readFileSync(merge.store.journalPath(runId), 'utf8')
  const times = journal
    .split('\n')
    .filter((l) => l.includes('"k":"sent"'))
    .map((l) => (JSON.parse(l) as { t: number }).t)
  return Math.max(...times) - Math.min(...times)
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
