import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createRouter } from '../../../../electron/main/router'
import type { AppServices } from '../../../../electron/services/app-services'
import type { Result } from '../../../../shared/contract'
import { startDnsTestServer, type DnsTestServer } from '../../../helpers/dns-test-server'
import { testServices } from '../../../helpers/services'
import { dnsResolver } from '../../../../electron/services/domain-check/dns-resolver'
import { newsAccount } from '../../../helpers/test-account'

let dns: DnsTestServer
let services: AppServices
let accountId = ''
const emit = () => {}

beforeAll(async () => {
  dns = await startDnsTestServer([
    { type: 'TXT', name: 'example.test', value: 'v=spf1 ip4:127.0.0.1 -all' },
    { type: 'TXT', name: '_dmarc.example.test', value: 'v=DMARC1; p=none; rua=mailto:d@example.test' },
  ])
  services = testServices(undefined, undefined, { dnsResolver: dnsResolver(`127.0.0.1:${dns.port}`) })
  const inbox = await services.inbox.start({ port: 0 })
  accountId = (await services.accounts.save(newsAccount('News', inbox.port!))).id
})
afterAll(async () => {
  await services?.inbox.stop()
  await services?.accounts.delete(accountId).catch(() => undefined)
  await dns?.close()
})

const job = (csv: string) => ({
  accountId,
  template: { source: '<p>Hi {{name}}</p><a href="https://example.test/u">Unsubscribe</a>', kind: 'hbs' as const },
  subject: 'News',
  data: { format: 'csv' as const, text: csv },
})

describe('the app’s merge:start and the bulk-sender readiness report', { timeout: 60_000 }, () => {
  it('reports the readiness of a merge over merge:readiness', async () => {
    const router = createRouter(services)
    const result = (await router.handle('merge:readiness', job('email,name\nbob@gmail.com,Bob\n'), emit)) as Result<{
      blocked: boolean
      providerRecipients: number
      checks: { id: string; status: string }[]
    }>
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.value).toMatchObject({ blocked: true, providerRecipients: 1 })
    expect(result.value.checks).toContainEqual(expect.objectContaining({ id: 'one-click', status: 'error' }))
  })

  it('refuses a run to a gmail.com recipient without one-click unsubscribe, and sends it on the user’s override', async () => {
    const router = createRouter(services)
    const refused = await router.handle('merge:start', job('email,name\nbob@gmail.com,Bob\n'), emit)
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', field: 'readiness', message: expect.stringMatching(/No one-click unsubscribe/) },
    })
    expect(await services.inbox.list()).toEqual([])
    const sent = await router.handle(
      'merge:start',
      { ...job('email,name\nbob@gmail.com,Bob\n'), overrideReadiness: true },
      emit,
    )
    expect(sent.ok).toBe(true)
    await expect.poll(async () => (await services.inbox.list()).length).toBe(1)
  })

  it('does not hold up a run without recipients at those providers', async () => {
    const router = createRouter(services)
    const started = await router.handle('merge:start', job('email,name\ncarol@example.org,Carol\n'), emit)
    expect(started.ok).toBe(true)
  })
})
