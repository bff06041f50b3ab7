import { writeFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Account } from '../../../../shared/contract'
import type { AppServices } from '../../../../electron/services/app-services'
import { createRun } from '../../../../electron/services/merge/create-run'
import type { MergeJobStart } from '../../../../electron/services/merge/merge-service'
import { suppressHardBounces } from '../../../../electron/services/merge/hard-bounces'
import { SuppressionList } from '../../../../electron/services/suppression/suppression-list'
import { testServices } from '../../../helpers/services'
import { startTestSmtpServer, type TestSmtpServer } from '../../../helpers/smtp-test-server'
import { tempHome } from '../../../helpers/temp-home'
import { newsAccount } from '../../../helpers/test-account'

const list =
  'email,name\nann@example.test,Ann\nBOB@Example.Test,Bob\ncarol@example.test,Carol\ndave@example.test,Dave\n'
let smtp: TestSmtpServer
let services: AppServices
let account: Account

const job = (extra: Partial<MergeJobStart> = {}): MergeJobStart => ({
  accountId: account.id,
  template: { source: '<p>Hi {{name}}</p>', kind: 'hbs' },
  subject: 'News for {{name}}',
  data: { format: 'csv', text: list },
  ...extra,
})

beforeAll(async () => {
  smtp = await startTestSmtpServer({ security: 'plain' })
  services = testServices()
  account = await services.accounts.save(newsAccount('Newsletter', smtp.port))
})
afterAll(async () => {
  await services?.accounts.delete(account.id).catch(() => undefined)
  await smtp?.close()
})

describe('the suppression list', () => {
  it('adds, lists, updates and removes addresses, compared without case', async () => {
    const suppression = new SuppressionList(tempHome(), () => new Date('2026-11-30T10:00:00Z'))
    expect(await suppression.add(['Ann@Example.test', 'bob@example.test'], 'unsubscribed')).toEqual({
      added: 2,
      updated: 0,
    })
    expect(await suppression.add(['ann@example.test'], 'complained', 'marked as spam')).toEqual({
      added: 0,
      updated: 1,
    })
    expect(await suppression.list()).toEqual([
      {
        address: 'ann@example.test',
        reason: 'complained',
        note: 'marked as spam',
        addedAt: '2026-11-30T10:00:00.000Z',
      },
      { address: 'bob@example.test', reason: 'unsubscribed', addedAt: '2026-11-30T10:00:00.000Z' },
    ])
    const lookup = await suppression.lookup(undefined)
    expect(lookup('ANN@example.TEST')?.reason).toBe('complained')
    expect(lookup('carol@example.test')).toBeUndefined()
    expect(await suppression.remove(['BOB@example.test', 'nobody@example.test'])).toEqual({ removed: 1 })
    expect((await suppression.list()).map((e) => e.address)).toEqual(['ann@example.test'])
    await expect(suppression.add(['not an address'], 'manual')).rejects.toMatchObject({
      code: 'VALIDATION',
      field: 'addresses',
    })
  })

  it('imports a CSV with reasons, refuses one with a bad line whole, and exports what it holds', async () => {
    const suppression = new SuppressionList(tempHome())
    await expect(
      suppression.importCsv('email,reason\nx@example.test,bounced\nnot-an-address,bounced\n', 'manual'),
    ).rejects.toMatchObject({ message: expect.stringMatching(/line 3: /) })
    expect(await suppression.list()).toEqual([])
    expect(
      await suppression.importCsv('Email,Reason\nx@example.test,bounced\ny@example.test,\n', 'unsubscribed'),
    ).toEqual({ added: 2, updated: 0 })
    const csv = await suppression.exportCsv()
    expect(csv.split(/\r?\n/)[0]).toBe('address,reason,added_at,note,account')
    expect(csv).toMatch(/x@example\.test,bounced,.*,$/m)
    expect(csv).toMatch(/y@example\.test,unsubscribed,/)
    // An import for one account scopes every line; the export names the scope (empty: every account).
    expect(await suppression.importCsv('address\nz@example.test\n', 'manual', 'account-a')).toEqual({
      added: 1,
      updated: 0,
    })
    expect(await suppression.exportCsv('account-b')).not.toMatch(/z@example/)
    expect(await suppression.exportCsv('account-a', (id) => `name of ${id}`)).toMatch(
      /^z@example\.test,manual,[^,]+,,name of account-a$/m,
    )
  })

  it('refuses to read a damaged file rather than start again with an empty list', async () => {
    const suppression = new SuppressionList(tempHome())
    writeFileSync(suppression.path, '{"entries": [{"address": 1}')
    await expect(suppression.lookup(undefined)).rejects.toMatchObject({
      message: expect.stringMatching(/cannot be read/),
    })
  })
})

describe('a merge and the suppression list', () => {
  it('skips suppressed rows with the reason and never sends to them', async () => {
    smtp.messages.length = 0
    await services.suppression.add(['bob@example.test'], 'unsubscribed')
    const validation = await services.merge.validate(job())
    expect(validation).toMatchObject({ total: 4, valid: 3, invalid: 0, suppressed: 1 })
    expect(validation.suppressedRows).toEqual([
      {
        row: 2,
        address: 'BOB@Example.Test',
        problems: [expect.stringMatching(/^suppressed: unsubscribed since \d{4}-/)],
      },
    ])
    // Suppressed rows are skipped on their own: no --skip-invalid needed.
    const { run } = await services.merge.create(job())
    const final = await services.merge.wait(run!.runId)
    expect(final).toMatchObject({ state: 'done', sent: 3, skipped: 1 })
    await smtp.waitForMessages(3)
    expect(smtp.messages.flatMap((m) => m.to).sort()).toEqual([
      'ann@example.test',
      'carol@example.test',
      'dave@example.test',
    ])
    const results = await services.merge.results(run!.runId)
    expect(results).toMatch(/^2,BOB@Example\.Test,skipped,,,suppressed: unsubscribed since/m)
    await services.suppression.remove(['bob@example.test'])
  })

  it('skips an address suppressed after the run was made, before it was sent', async () => {
    smtp.messages.length = 0
    const { runId } = await createRun(
      { store: services.merge.store, accounts: services.accounts, logger: services.logger },
      job(),
    )
    // Between making the run and sending it (a paused or resumed run), Carol's message bounced for good.
    await services.suppression.add(['carol@example.test'], 'bounced', '550 5.1.1 no such user')
    const final = await services.merge.wait((await services.merge.resume(runId!)).runId)
    expect(final).toMatchObject({ state: 'done', sent: 3, skipped: 1 })
    await smtp.waitForMessages(3)
    expect(smtp.messages.flatMap((m) => m.to)).not.toContain('carol@example.test')
    expect(await services.merge.results(runId!)).toMatch(
      /^3,carol@example\.test,skipped,,,suppressed: bounced \(550 5\.1\.1 no such user\) since/m,
    )
  })

  it("adds a run's hard bounces (5xx at RCPT TO) on the user's word, with the server's reply", async () => {
    const refusing = await startTestSmtpServer({
      security: 'plain',
      rcptReply: (address) =>
        address === 'dave@example.test' ? { code: 550, message: '5.1.1 <dave@example.test>: no such user' } : undefined,
    })
    try {
      const other = await services.accounts.save(newsAccount('Refusing', refusing.port))
      await services.suppression.remove(['carol@example.test'])
      const { run } = await services.merge.create(job({ accountId: other.id }))
      expect(await services.merge.wait(run!.runId)).toMatchObject({ state: 'done', sent: 3, failed: 1 })
      const result = await suppressHardBounces(services.merge.store, services.suppression, run!.runId)
      expect(result).toEqual({ added: 1, updated: 0, addresses: ['dave@example.test'] })
      // Scoped to the run's account: Dave's server refused him for that account only.
      expect((await services.suppression.lookup(other.id))('dave@example.test')).toMatchObject({
        accountId: other.id,
        reason: 'bounced',
        note: expect.stringMatching(/^550 5\.1\.1 <dave@example\.test>: no such user/),
      })
      expect((await services.suppression.lookup(account.id))('dave@example.test')).toBeUndefined()
      await services.suppression.remove(['dave@example.test'], other.id)
      await services.accounts.delete(other.id)
    } finally {
      await refusing.close()
    }
  })

  it("skips an address suppressed for one account in that account's merge only, and an all-accounts one in every merge", async () => {
    const second = await services.accounts.save({
      name: 'Second',
      email: 'second@example.test',
      host: '127.0.0.1',
      port: smtp.port,
      security: 'none',
      auth: false,
      username: '',
      allowInsecureAuth: false,
    })
    try {
      await services.suppression.add(['ann@example.test'], 'unsubscribed', 'replied STOP', account.id)
      await services.suppression.add(['carol@example.test'], 'complained')
      expect((await services.suppression.list(second.id)).map((e) => e.address)).toEqual(['carol@example.test'])
      expect((await services.suppression.list()).map((e) => [e.address, e.accountId]).sort()).toEqual([
        ['ann@example.test', account.id],
        ['carol@example.test', undefined],
      ])

      smtp.messages.length = 0
      const { run: inA } = await services.merge.create(job())
      expect(await services.merge.wait(inA!.runId)).toMatchObject({ state: 'done', sent: 2, skipped: 2 })
      await smtp.waitForMessages(2)
      expect(smtp.messages.flatMap((m) => m.to.map((t) => t.toLowerCase())).sort()).toEqual([
        'bob@example.test',
        'dave@example.test',
      ])

      smtp.messages.length = 0
      const { run: inB } = await services.merge.create(job({ accountId: second.id }))
      expect(await services.merge.wait(inB!.runId)).toMatchObject({ state: 'done', sent: 3, skipped: 1 })
      await smtp.waitForMessages(3)
      expect(smtp.messages.flatMap((m) => m.to.map((t) => t.toLowerCase())).sort()).toEqual([
        'ann@example.test',
        'bob@example.test',
        'dave@example.test',
      ])
      expect(await services.merge.results(inB!.runId)).toMatch(
        /^3,carol@example\.test,skipped,,,suppressed: complained/m,
      )

      // Removing in one scope leaves the other: Ann stays suppressed for A; nothing for every account.
      expect(await services.suppression.remove(['ann@example.test'])).toEqual({ removed: 0 })
      expect(await services.suppression.remove(['ann@example.test'], account.id)).toEqual({ removed: 1 })
      expect(await services.suppression.remove(['carol@example.test'])).toEqual({ removed: 1 })
    } finally {
      await services.accounts.delete(second.id)
    }
  })

  it('reads a suppression.json written before scopes existed as applying to every account', async () => {
    writeFileSync(
      services.suppression.path,
      JSON.stringify({
        version: 1,
        entries: [{ address: 'bob@example.test', reason: 'unsubscribed', addedAt: '2026-11-01T09:00:00.000Z' }],
      }),
    )
    expect(await services.suppression.list(account.id)).toEqual([
      { address: 'bob@example.test', reason: 'unsubscribed', addedAt: '2026-11-01T09:00:00.000Z' },
    ])
    expect(await services.merge.validate(job())).toMatchObject({ total: 4, valid: 3, suppressed: 1 })
    // Suppressing the same address for one account adds a second entry; the old one still holds.
    expect(await services.suppression.add(['bob@example.test'], 'manual', undefined, account.id)).toEqual({
      added: 1,
      updated: 0,
    })
    expect(await services.suppression.remove(['bob@example.test'], account.id)).toEqual({ removed: 1 })
    expect((await services.suppression.lookup(account.id))('BOB@example.test')).toMatchObject({
      reason: 'unsubscribed',
      addedAt: '2026-11-01T09:00:00.000Z',
    })
    await services.suppression.remove(['bob@example.test'])
  })
})
