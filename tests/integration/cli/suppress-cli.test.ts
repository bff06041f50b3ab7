import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AppServices } from '../../../electron/services/app-services'
import { runCliInProcess } from '../../helpers/in-process-cli'
import { testServices } from '../../helpers/services'
import { tempHome } from '../../helpers/temp-home'

let services: AppServices
let accountId = ''
const home = tempHome()
const template = join(home, 'news.html')
const list = join(home, 'list.csv')
const cli = (...args: string[]) => runCliInProcess(args, services)

beforeAll(async () => {
  services = testServices(home)
  const inbox = await services.inbox.start({ port: 0 })
  accountId = (
    await services.accounts.save({
      name: 'News',
      email: 'news@example.test',
      host: '127.0.0.1',
      port: inbox.port!,
      security: 'none',
      auth: false,
      username: '',
      allowInsecureAuth: false,
    })
  ).id
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
    expect(added.stdout).toBe('1 added, 0 already listed (reason updated)\n')
    expect((await cli('suppress', 'list')).stdout).toMatch(
      /^bob@example\.org +unsubscribed +\d{4}-\d\d-\d\d  replied STOP\n$/,
    )
    const json = JSON.parse((await cli('suppress', 'list', '--json')).stdout) as { address: string; reason: string }[]
    expect(json).toEqual([expect.objectContaining({ address: 'bob@example.org', reason: 'unsubscribed' })])

    const bad = await cli('suppress', 'add', 'x@example.org', '--reason', 'angry')
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/--reason must be one of unsubscribed, bounced, complained, manual/)

    const file = join(home, 'bounces.csv')
    writeFileSync(file, 'address\ndan@example.org\n')
    expect((await cli('suppress', 'import', file, '--reason', 'bounced')).stdout).toBe('1 added, 0 already listed\n')
    const out = join(home, 'export.csv')
    await cli('suppress', 'export', '--out', out)
    expect(readFileSync(out, 'utf8')).toMatch(/dan@example\.org,bounced,/)
    expect((await cli('suppress', 'remove', 'dan@example.org', 'eve@example.org')).stdout).toBe(
      '1 removed, 1 not listed\n',
    )
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
})
