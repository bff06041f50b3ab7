import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AppServices } from '../../../electron/services/app-services'
import { startDnsTestServer, type DnsTestServer } from '../../helpers/dns-test-server'
import { runCliInProcess } from '../../helpers/in-process-cli'
import { testServices } from '../../helpers/services'
import { tempHome } from '../../helpers/temp-home'
import { newsAccount } from '../../helpers/test-account'

let dns: DnsTestServer
let services: AppServices
let accountId = ''
const home = tempHome()
const template = join(home, 'news.html')
const list = join(home, 'list.csv')

beforeAll(async () => {
  dns = await startDnsTestServer([
    { type: 'TXT', name: 'example.test', value: 'v=spf1 ip4:127.0.0.1 -all' },
    { type: 'TXT', name: '_dmarc.example.test', value: 'v=DMARC1; p=none; rua=mailto:d@example.test' },
  ])
  services = testServices(home)
  const inbox = await services.inbox.start({ port: 0 })
  accountId = (await services.accounts.save(newsAccount('News', inbox.port!))).id
  writeFileSync(
    template,
    '<title>Spring news</title><p>Hi {{name}}</p><a href="https://example.test/u">Unsubscribe</a>',
  )
  writeFileSync(list, 'email,name\nbob@gmail.com,Bob\ncarol@example.org,Carol\n')
})
afterAll(async () => {
  await services?.inbox.stop()
  await services?.accounts.delete(accountId).catch(() => undefined)
  await dns?.close()
})

const merge = (...extra: string[]) =>
  runCliInProcess(
    [
      'merge',
      '--template',
      template,
      '--data',
      list,
      '--account',
      'News',
      '--dns-server',
      `127.0.0.1:${dns.port}`,
      ...extra,
    ],
    services,
  )

describe('sendsmith merge: bulk-sender readiness', { timeout: 60_000 }, () => {
  it('shows the report in a dry run', async () => {
    const run = await merge('--dry-run')
    expect(run.stdout).toMatch(/Bulk-sender readiness \(1 of 2 recipients at Gmail\/Yahoo\/Outlook.com\)/)
    expect(run.stdout).toMatch(/ERROR No one-click unsubscribe/)
    expect(run.stdout).toMatch(/ok +The template has a visible unsubscribe link/)
    expect(run.stdout).toMatch(/Dry run: 2 messages built/)
  })

  it('blocks a run without one-click unsubscribe for a gmail.com recipient; nothing is sent', async () => {
    const run = await merge()
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/Not sent: the merge breaks the bulk-sender rules/)
    expect(run.stderr).toMatch(/--override-readiness/)
    expect(await services.inbox.list()).toEqual([])
  })

  it('sends when the user overrides', async () => {
    const run = await merge('--override-readiness')
    expect(run.code, run.stderr).toBe(0)
    expect((await services.inbox.list()).map((m) => m.envelope.to[0]).sort()).toEqual([
      'bob@gmail.com',
      'carol@example.org',
    ])
  })
})
