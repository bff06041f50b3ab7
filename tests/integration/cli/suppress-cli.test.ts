import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AppServices } from '../../../electron/services/app-services'
import { runCliInProcess } from '../../helpers/in-process-cli'
import { testServices } from '../../helpers/services'
import { tempHome } from '../../helpers/temp-home'
import { newsAccount } from '../../helpers/test-account'

let services: AppServices
let accountId = ''
const home = tempHome()
const template = join(home, 'news.html')
const list = join(home, 'list.csv')
const cli = (...args: string[]) => runCliInProcess(args, services)

beforeAll(async () => {
  services = testServices(home)
  const inbox = await services.inbox.start({ port: 0 })
  accountId = (await services.accounts.save(newsAccount('News', inbox.port!))).id
  writeFileSync(template, '<title>News</title><p>Hi {{name}}</p><a href="https://example.test/u">Unsubscribe</a>')
  writeFileSync(list, 'email,name\nann@example.org,Ann\nbob@example.org,Bob\ncarol@example.org,Carol\n')
})
afterAll(async () => {
  await services?.inbox.stop()
  await services?.accounts.delete(accountId).catch(() => undefined)
})

describe('sendsmith suppress', { timeout: 60_000 }, () => {
  it('adds, lists as text and JSON, exports, imports and removes addresses', async () => {
    expect((await cli('suppress', 'list')).stdout).toBe('The suppression list is empty.\n')
    const added = await cli('suppress', 'add', 'Bob@Example.org', '--reason', 'unsubscribed', '--note', 'replied STOP')
    expect(added.code, added.stderr).toBe(0)
    // Without --account or --all-accounts: the default account (News, the only one).
    expect(added.stdout).toBe('1 added for News, 0 already listed (reason updated)\n')
    expect((await cli('suppress', 'list')).stdout).toMatch(
      /^bob@example\.org +News +unsubscribed +\d{4}-\d\d-\d\d  replied STOP\n$/,
    )
    const json = JSON.parse((await cli('suppress', 'list', '--json')).stdout) as { address: string; reason: string }[]
    expect(json).toEqual([
      expect.objectContaining({ address: 'bob@example.org', reason: 'unsubscribed', accountId, account: 'News' }),
    ])

    const bad = await cli('suppress', 'add', 'x@example.org', '--reason', 'angry')
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/--reason must be one of unsubscribed, bounced, complained, manual/)

    const file = join(home, 'bounces.csv')
    writeFileSync(file, 'address\ndan@example.org\n')
    expect((await cli('suppress', 'import', file, '--reason', 'bounced', '--all-accounts')).stdout).toBe(
      '1 added for every account, 0 already listed\n',
    )
    expect((await cli('suppress', 'list')).stdout).toMatch(/^dan@example\.org +all accounts +bounced /m)
    const out = join(home, 'export.csv')
    await cli('suppress', 'export', '--out', out)
    expect(readFileSync(out, 'utf8')).toMatch(/^dan@example\.org,bounced,[^,]+,,$/m)
    expect(readFileSync(out, 'utf8')).toMatch(/^bob@example\.org,unsubscribed,[^,]+,replied STOP,News$/m)
    const removed = await cli('suppress', 'remove', 'dan@example.org', 'eve@example.org')
    expect(removed.stdout).toBe(
      '0 removed for News, 2 not listed there\nnote: dan@example.org is still listed for all accounts (remove it with --all-accounts)\n',
    )
    expect((await cli('suppress', 'remove', 'dan@example.org', '--all-accounts')).stdout).toBe(
      '1 removed for every account\n',
    )
    const both = await cli('suppress', 'add', 'x@example.org', '--account', 'News', '--all-accounts')
    expect(both.code).toBe(2)
    const unknown = await cli('suppress', 'add', 'x@example.org', '--account', 'Nobody')
    expect(unknown.code).not.toBe(0)
  })

  it('merge --dry-run and the run show the suppressed row as skipped with its reason; it is never sent', async () => {
    const merge = (...extra: string[]) =>
      cli('merge', '--template', template, '--data', list, '--account', 'News', '--dns-server', '127.0.0.1:1', ...extra)
    const dry = await merge('--dry-run')
    expect(dry.stdout).toMatch(/3 rows: 2 valid, 0 invalid/)
    expect(dry.stdout).toMatch(
      /row 2: bob@example\.org skipped \(suppressed: unsubscribed \(replied STOP\) since \d{4}-/,
    )
    expect(dry.stdout).toMatch(/Dry run: 2 messages built/)
    const dryJson = JSON.parse((await merge('--dry-run', '--json')).stdout.trim().split('\n').at(-1)!) as {
      suppressed: number
      suppressedRows: { row: number }[]
    }
    expect(dryJson).toMatchObject({ suppressed: 1, suppressedRows: [{ row: 2 }] })

    const run = await merge()
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout).toMatch(/sending 2 messages \(1 suppressed rows skipped\)/)
    const received = (await services.inbox.list()).flatMap((m) => m.envelope.to).sort()
    expect(received).toEqual(['ann@example.org', 'carol@example.org'])
  })

  it('--account scopes add and list; a merge of another account still sends to that address', async () => {
    const other = await services.accounts.save({
      name: 'Other',
      email: 'other@example.test',
      host: '127.0.0.1',
      port: services.inbox.status().port!,
      security: 'none',
      auth: false,
      username: '',
      allowInsecureAuth: false,
    })
    try {
      expect((await cli('suppress', 'add', 'carol@example.org', '--account', 'Other')).stdout).toBe(
        '1 added for Other, 0 already listed (reason updated)\n',
      )
      expect((await cli('suppress', 'list', '--account', 'News')).stdout).not.toMatch(/carol/)
      expect((await cli('suppress', 'list', '--account', 'Other')).stdout).toMatch(
        /^carol@example\.org +Other +manual/m,
      )
      const dryNews = await cli(
        'merge',
        '--template',
        template,
        '--data',
        list,
        '--account',
        'News',
        '--dry-run',
        '--dns-server',
        '127.0.0.1:1',
      )
      expect(dryNews.stdout).toMatch(/3 rows: 2 valid, 0 invalid/)
      expect(dryNews.stdout).not.toMatch(/carol@example\.org skipped/)
      const dryOther = await cli(
        'merge',
        '--template',
        template,
        '--data',
        list,
        '--account',
        'Other',
        '--dry-run',
        '--dns-server',
        '127.0.0.1:1',
      )
      expect(dryOther.stdout).toMatch(/3 rows: 2 valid, 0 invalid/)
      expect(dryOther.stdout).toMatch(/row 3: carol@example\.org skipped \(suppressed: manual since/)
      expect(dryOther.stdout).not.toMatch(/bob@example\.org skipped/)
    } finally {
      await services.accounts.delete(other.id)
    }
  })
})
