import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateDkimKey } from '../../electron/services/dkim/dkim-key'
import { dnsResolver } from '../../electron/services/domain-check/dns-resolver'
import { startDnsTestServer, type DnsTestServer } from '../helpers/dns-test-server'
import { tempHome } from '../helpers/temp-home'
import { launchApp, type RunningApp } from './harness/launch-app'
import { expectAccessible } from './harness/accessibility'
import { screenshotDir } from './harness/screenshot-dir'

const screenshots = screenshotDir()
let dns: DnsTestServer
let app: RunningApp
let adaId: string

beforeAll(async () => {
  dns = await startDnsTestServer([{ type: 'TXT', name: 'example.test', value: 'v=spf1 ip4:127.0.0.1 -all' }])
  app = await launchApp({
    home: tempHome(),
    localInbox: true,
    dnsResolver: dnsResolver(`127.0.0.1:${dns.port}`),
    viewport: { width: 1280, height: 1000 },
  })
  // Ada sends through the app's local test inbox (its port is known only once the app runs).
  const ada = await app.services.accounts.save({
    name: 'Ada Lovelace',
    email: 'ada@example.test',
    host: '127.0.0.1',
    port: app.services.inbox.status().port!,
    security: 'none',
    auth: false,
    username: '',
    allowInsecureAuth: false,
  })
  adaId = ada.id
  await app.page.reload()
}, 120_000)
afterAll(async () => {
  await app?.close()
  await dns?.close()
})

const noPrivateKeyInWindow = async () => {
  expect(await app.page.content()).not.toContain('PRIVATE KEY')
  expect(app.ipcReplies.filter((reply) => reply.includes('PRIVATE KEY'))).toEqual([])
}

async function openAdaForm() {
  await app.page.getByRole('tab', { name: 'Accounts', exact: true }).click()
  // The Accounts screen shows the list, or the form left open by an earlier test: start from the list.
  const edit = app.page.getByRole('listitem', { name: 'Ada Lovelace' }).getByRole('button', { name: 'Edit' })
  const cancel = app.page.getByRole('button', { name: 'Cancel', exact: true })
  await edit.or(cancel).first().waitFor()
  if (await cancel.isVisible()) await cancel.click()
  await edit.click({ timeout: 30_000 })
  return app.page.getByRole('region', { name: 'DKIM signing' })
}

describe('DKIM signing in the account form', { timeout: 90_000 }, () => {
  it('generates a key, shows the TXT record to publish, and a message sent from the account verifies as dkim=pass', async () => {
    const dkim = await openAdaForm()
    await expect.poll(() => dkim.getByTestId('dkim-state').textContent()).toMatch(/^Off/)
    // The domain defaults to the From address's domain.
    expect(await dkim.getByLabel('DKIM domain').inputValue()).toBe('example.test')
    await dkim.getByLabel('Selector').fill('mail2026')
    await dkim.getByRole('button', { name: 'Generate 2048-bit key' }).click({ timeout: 30_000 })
    await expect
      .poll(() => dkim.getByTestId('dkim-state').textContent(), { timeout: 30_000 })
      .toBe('Signing as d=example.test s=mail2026')
    const name = await dkim.getByTestId('dkim-record-name').textContent()
    const value = (await dkim.getByTestId('dkim-record-value').textContent())!
    expect(name).toBe('mail2026._domainkey.example.test')
    expect(value).toMatch(/^v=DKIM1; k=rsa; p=[A-Za-z0-9+/=]{300,}$/)
    await dkim.getByRole('button', { name: 'Copy: record value' }).click({ timeout: 30_000 })
    await expect.poll(() => dkim.getByRole('button', { name: /record value$/ }).textContent()).toBe('Copied')
    await noPrivateKeyInWindow()
    await expectAccessible(app.page, 'dkim-signing-on')
    await dkim.screenshot({ path: `${screenshots}/dkim-signing.png`, animations: 'disabled' })

    // Publish what the window showed, then send from Ada's account into the local test inbox.
    dns.add({ type: 'TXT', name: name!, value })
    await app.services.mail.send({
      accountId: adaId,
      to: ['carol@example.org'],
      cc: [],
      bcc: [],
      subject: 'Signed from the form',
      html: '<p>Hello Carol</p>',
    })
    await app.page.getByRole('tab', { name: 'Inbox' }).click()
    // Under load the list may still be settling: a longer wait than the page's default 10 s.
    await app.page.getByText('Signed from the form').first().click({ timeout: 30_000 })
    await expect
      .poll(() => app.page.getByTestId('authentication-badges').textContent(), { timeout: 20_000 })
      .toContain('DKIM pass')
    const received = (await app.services.inbox.list()).find((m) => m.subject === 'Signed from the form')!
    expect(JSON.stringify(received)).not.toContain('PRIVATE KEY')
    await noPrivateKeyInWindow()
  })

  it('imports a pasted PEM key, and turns signing off', async () => {
    const dkim = await openAdaForm()
    await expect.poll(() => dkim.getByTestId('dkim-state').textContent()).toBe('Signing as d=example.test s=mail2026')
    // A saved key's record is shown again when the form opens.
    await expect.poll(() => dkim.getByTestId('dkim-record-name').textContent()).toBe('mail2026._domainkey.example.test')
    await dkim.getByRole('button', { name: 'Import a PEM key…' }).click()
    await dkim.getByLabel('Selector').fill('imported')
    await dkim.getByLabel('Private key (PEM)').fill(generateDkimKey(2048))
    await dkim.getByRole('button', { name: 'Import key' }).click()
    await expect
      .poll(() => dkim.getByTestId('dkim-state').textContent(), { timeout: 20_000 })
      .toBe('Signing as d=example.test s=imported')
    expect(await dkim.getByTestId('dkim-record-name').textContent()).toBe('imported._domainkey.example.test')
    // The pasted key is gone from the window once main has it.
    await noPrivateKeyInWindow()

    await dkim.getByRole('button', { name: 'Turn off' }).click()
    await expect.poll(() => dkim.getByTestId('dkim-state').textContent()).toMatch(/^Off/)
    expect(app.services.accounts.get(adaId).dkim).toBeUndefined()
    await expectAccessible(app.page, 'dkim-signing-off')
    expect(app.pageErrors).toEqual([])
  })
})
