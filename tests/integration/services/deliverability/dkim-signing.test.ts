import { randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { dkimVerify } from 'mailauth'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AppServices } from '../../../../electron/services/app-services'
import { dnsResolver } from '../../../../electron/services/domain-check/dns-resolver'
import { MergeMessageBuilder } from '../../../../electron/services/merge/merge-message'
import { settingsFileName } from '../../../../electron/services/settings/settings-store'
import { startDnsTestServer, type DnsTestServer } from '../../../helpers/dns-test-server'
import { testServices } from '../../../helpers/services'

let dns: DnsTestServer
let services: AppServices
let accountId: string
let published: string

beforeAll(async () => {
  dns = await startDnsTestServer([
    { type: 'TXT', name: 'example.test', value: 'v=spf1 ip4:127.0.0.1 -all' },
    { type: 'TXT', name: '_dmarc.example.test', value: 'v=DMARC1; p=reject; rua=mailto:dmarc@example.test' },
  ])
  services = testServices(undefined, undefined, { dnsResolver: dnsResolver(`127.0.0.1:${dns.port}`) })
  const status = await services.inbox.start({ port: 0 })
  const account = await services.accounts.save({
    name: 'Ada Lovelace',
    email: 'ada@example.test',
    host: '127.0.0.1',
    port: status.port!,
    security: 'none',
    auth: false,
    username: '',
    allowInsecureAuth: false,
  })
  accountId = account.id
  const { record } = await services.deliverability.configureDkim(
    accountId,
    { domain: 'example.test', selector: 's2026' },
    { bits: 2048 },
  )
  published = record.value
  dns.add({ type: 'TXT', name: record.name, value: record.value })
})

afterAll(async () => {
  await services?.inbox.stop()
  await services?.accounts.delete(accountId).catch(() => undefined)
  await dns?.close()
})

const message = {
  cc: [],
  bcc: [],
  subject: 'Spring newsletter',
  html: '<p>Hello <b>Bob</b></p>',
  headers: [
    { name: 'List-Unsubscribe', value: '<https://example.test/u/bob>' },
    { name: 'List-Unsubscribe-Post', value: 'List-Unsubscribe=One-Click' },
  ],
}

describe('DKIM signing per account', () => {
  it('keeps the private key in the keychain only and prints the TXT record to publish', async () => {
    const account = services.accounts.get(accountId)
    expect(account.dkim).toEqual({ domain: 'example.test', selector: 's2026' })
    const settingsFile = readFileSync(join(services.dataDir, `${settingsFileName}.json`), 'utf8')
    expect(settingsFile).not.toContain('PRIVATE KEY')
    expect(settingsFile).toContain('s2026')
    expect(await services.deliverability.dkimRecord(accountId)).toEqual({
      name: 's2026._domainkey.example.test',
      value: published,
    })
    expect(published).toMatch(/^v=DKIM1; k=rsa; p=[A-Za-z0-9+/=]{300,}$/)
  })

  it('signs a message through the outbox; the test inbox verifies dkim=pass with the published key, List-Unsubscribe-Post signed', async () => {
    await services.mail.send({ accountId, to: ['bob@example.test'], ...message })
    const [received] = await services.inbox.list()
    expect(received.authentication?.dkim).toEqual([
      expect.objectContaining({ result: 'pass', domain: 'example.test', selector: 's2026', aligned: true }),
    ])
    expect(received.authentication?.spf).toMatchObject({ result: 'pass', domain: 'example.test' })
    expect(received.authentication?.dmarc).toMatchObject({ result: 'pass', policy: 'reject' })
    const full = await services.inbox.get(received.id)
    const signature = full.headers.find((h) => h.name.toLowerCase() === 'dkim-signature')!.value
    expect(signature.replace(/\s+/g, '')).toMatch(/h=[^;]*list-unsubscribe:list-unsubscribe-post/i)
    expect(received.authentication?.header).toContain('dkim=pass')
  })

  it("signs the account test's message, and the merge preview counts the signature in the size", async () => {
    const report = await services.setup.test({
      accountId,
      runId: randomUUID(),
      sendTestTo: 'carol@example.test',
      rcptTo: [],
    })
    expect(report.ok, JSON.stringify(report.error)).toBe(true)
    const test = (await services.inbox.list()).find((m) => m.subject === 'Sendsmith test message')!
    expect(test.authentication?.dkim).toEqual([
      expect.objectContaining({ result: 'pass', domain: 'example.test', selector: 's2026' }),
    ])

    const job = {
      accountId,
      template: { source: '<p>Hello {{name}}</p>', kind: 'hbs' as const },
      subject: 'Hello {{name}}',
      data: { format: 'csv' as const, text: 'email,name\nbob@example.test,Bob\n' },
    }
    const preview = await services.merge.preview(job, 1)
    const unsigned = new MergeMessageBuilder({ from: { name: 'Ada Lovelace', address: 'ada@example.test' } })
    const bare = unsigned.build({
      to: { name: '', address: 'bob@example.test' },
      subject: preview.subject,
      html: preview.html,
      text: preview.text,
      messageId: unsigned.messageId(),
    })
    // A 2048-bit signature's b= alone is 344 characters.
    expect(preview.size - bare.length).toBeGreaterThan(344)
  })

  it('fails verification once the account key changes and DNS still has the old one', async () => {
    await services.deliverability.configureDkim(
      accountId,
      { domain: 'example.test', selector: 's2026' },
      { bits: 2048 },
    )
    await services.mail.send({ accountId, to: ['bob@example.test'], ...message, subject: 'After the key changed' })
    const [received] = await services.inbox.list()
    expect(received.subject).toBe('After the key changed')
    expect(received.authentication?.dkim[0]).toMatchObject({ result: 'fail', domain: 'example.test' })
    // DMARC still passes on the aligned SPF pass, as a receiver would decide.
    expect(received.authentication?.spf).toMatchObject({ result: 'pass' })
  })

  it("signs the merge's per-recipient messages (one-click unsubscribe covered by the signature)", async () => {
    const key = (await services.accounts.dkimSigningKey(services.accounts.get(accountId)))!
    dns.remove('s2026._domainkey.example.test')
    dns.add({
      type: 'TXT',
      name: 's2026._domainkey.example.test',
      value: (await services.deliverability.dkimRecord(accountId)).value,
    })
    const builder = new MergeMessageBuilder({ from: { name: 'Ada', address: 'ada@example.test' }, dkim: key })
    const raw = builder.build({
      to: { name: 'Bob', address: 'bob@example.test' },
      subject: 'Hello Bob',
      html: '<p>Hi</p>',
      text: 'Hi',
      messageId: builder.messageId(),
      unsubscribe: { url: 'https://example.test/u/bob', oneClick: true },
    })
    const verified = await dkimVerify(raw, { resolver: dnsResolver(`127.0.0.1:${dns.port}`) })
    expect(verified.results[0].status.result).toBe('pass')
    expect(raw.toString()).toMatch(/h=[^;]*list-unsubscribe-post/i)
    // A changed byte in the body breaks it (mailauth reports a body hash mismatch as neutral).
    const tampered = Buffer.from(raw.toString().replace('<p>Hi</p>', '<p>Ho</p>'))
    const again = await dkimVerify(tampered, { resolver: dnsResolver(`127.0.0.1:${dns.port}`) })
    expect(again.results[0].status.result).not.toBe('pass')
  })

  it('turns signing off and removes the key', async () => {
    const account = await services.deliverability.dkimOff(accountId)
    expect(account.dkim).toBeUndefined()
    expect(await services.accounts.dkimSigningKey(account)).toBeUndefined()
  })
})
