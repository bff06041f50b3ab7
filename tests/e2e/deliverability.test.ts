import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import nodemailer from 'nodemailer'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dkimTxtRecord, generateDkimKey } from '../../electron/services/dkim/dkim-key'
import { dnsResolver } from '../../electron/services/domain-check/dns-resolver'
import type { FileDialog } from '../../electron/services/templates/workbench/file-dialog'
import { startDnsTestServer, type DnsTestServer } from '../helpers/dns-test-server'
import { startSpamd, type SpamdTestServer } from '../helpers/spamd-test-server'
import { tempHome } from '../helpers/temp-home'
import { launchApp, type RunningApp } from './harness/launch-app'
import { expectAccessible } from './harness/accessibility'
import { screenshotDir } from './harness/screenshot-dir'

const screenshots = screenshotDir()
const home = tempHome()
const key = { domain: 'example.test', selector: 's1', privateKeyPem: generateDkimKey(2048) }
const picks: string[] = []
const fileDialog: FileDialog = { openFile: async () => picks.shift() ?? null }
let dns: DnsTestServer
let spamd: SpamdTestServer
let app: RunningApp

beforeAll(async () => {
  ;[dns, spamd] = await Promise.all([
    startDnsTestServer([
      { type: 'TXT', name: 'example.test', value: 'v=spf1 ip4:127.0.0.1 -all' },
      { type: 'TXT', name: dkimTxtRecord(key).name, value: dkimTxtRecord(key).value },
      // A DMARC record without rua: the check passes it with a warning and a fix.
      { type: 'TXT', name: '_dmarc.example.test', value: 'v=DMARC1; p=quarantine' },
    ]),
    startSpamd(),
  ])
  app = await launchApp({
    home,
    localInbox: true,
    fileDialog,
    dnsResolver: dnsResolver(`127.0.0.1:${dns.port}`),
    viewport: { width: 1280, height: 1000 },
  })
  // Ada sends through the local test inbox and signs with the published key; her account is the default.
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
  await app.services.deliverability.configureDkim(ada.id, { domain: key.domain, selector: key.selector }, key)
  app.services.accounts.makeDefault(ada.id)
  await app.page.reload()
}, 120_000)
afterAll(async () => {
  await app?.close()
  await spamd?.stop()
  await dns?.close()
})

/** Every screen state a test pictures is also checked by axe-core. */
const shot = async (name: string) => {
  await expectAccessible(app.page, name)
  await app.page.screenshot({ path: `${screenshots}/${name}.png`, animations: 'disabled' })
}
async function tallShot(name: string): Promise<void> {
  const height = await app.page.locator('main').evaluate((main) => main.scrollHeight + 48)
  await app.page.setViewportSize({ width: 1280, height: Math.min(Math.max(height, 700), 2400) })
  await shot(name)
  await app.page.setViewportSize({ width: 1280, height: 1000 })
}

describe('deliverability in the app', { timeout: 90_000 }, () => {
  it('checks the account’s domain against the local DNS server and shows each finding with its fix', async () => {
    await app.page.getByRole('tab', { name: 'Deliverability' }).click()
    const panel = app.page.getByRole('region', { name: 'Domain check' })
    await expect.poll(() => panel.getByLabel('Domain').inputValue()).toBe('example.test')
    await panel.getByRole('button', { name: 'Check domain' }).click()
    const findings = panel.getByRole('table', { name: 'Findings' })
    await expect.poll(() => findings.getByRole('row').count(), { timeout: 20_000 }).toBeGreaterThan(3)
    expect(
      await findings
        .getByRole('row', { name: /^DKIM: / })
        .first()
        .textContent(),
    ).toMatch(/Pass/)
    expect(
      await findings
        .getByRole('row', { name: /^SPF: / })
        .first()
        .textContent(),
    ).toMatch(/Pass/)
    expect(await findings.getByRole('row', { name: /^DMARC: / }).allTextContents()).toContainEqual(
      expect.stringMatching(/rua.*Fix: /i),
    )
    expect(await panel.getByTestId('domain-verdict').textContent()).toMatch(/meets the Gmail\/Yahoo rules/)
    await tallShot('deliverability-domain-check')
  })

  it('suppresses an address from the screen and lists it', async () => {
    const panel = app.page.getByRole('region', { name: 'Suppression list' })
    await panel.getByLabel('Addresses to suppress').fill('bob@gmail.com')
    await panel.getByRole('button', { name: 'Suppress' }).click()
    await expect
      .poll(() =>
        panel.getByRole('table', { name: 'Suppressed addresses' }).getByRole('row', { name: 'bob@gmail.com' }).count(),
      )
      .toBe(1)
    // For the default account (Ada) unless another scope is picked.
    const ada = app.services.accounts.defaultAccount()
    const rows = panel.getByRole('table', { name: 'Suppressed addresses' })
    expect(await rows.getByRole('row', { name: 'bob@gmail.com' }).textContent()).toContain('Ada Lovelace')
    expect(await app.services.suppression.list()).toEqual([
      expect.objectContaining({ address: 'bob@gmail.com', reason: 'unsubscribed', accountId: ada.id }),
    ])

    await panel.getByLabel('Suppress for').click()
    await app.page.getByRole('option', { name: 'All accounts' }).click()
    await panel.getByLabel('Addresses to suppress').fill('dave@example.org')
    await panel.getByRole('button', { name: 'Suppress' }).click()
    await expect.poll(() => rows.getByRole('row', { name: 'dave@example.org' }).textContent()).toContain('All accounts')
    expect((await app.services.suppression.lookup(ada.id))('dave@example.org')).toMatchObject({
      reason: 'unsubscribed',
    })
    expect((await app.services.suppression.list()).find((e) => e.address === 'dave@example.org')?.accountId).toBe(
      undefined,
    )
    await panel.getByRole('button', { name: 'Remove dave@example.org (All accounts)' }).click()
    await expect.poll(() => rows.getByRole('row', { name: 'dave@example.org' }).count()).toBe(0)
    expect((await app.services.suppression.list()).map((e) => e.address)).toEqual(['bob@gmail.com'])
  })

  it('shows a received message’s DKIM, SPF and DMARC results and its spam score from spamd', async () => {
    const port = app.services.inbox.status().port!
    await nodemailer
      .createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true, name: 'mail.example.test' })
      .sendMail({
        from: 'Ada Lovelace <ada@example.test>',
        to: 'carol@example.org',
        subject: 'Our autumn reading list',
        text: 'Dear reader, here are the five books our staff enjoyed most this autumn.\n\nSee you at the library on Saturday.',
        dkim: { domainName: key.domain, keySelector: key.selector, privateKey: key.privateKeyPem },
      })
    await app.page.getByRole('tab', { name: 'Inbox' }).click()
    await app.page.getByText('Our autumn reading list').first().click()
    const badges = app.page.getByTestId('authentication-badges')
    await expect.poll(() => badges.textContent()).toBe('DKIM passSPF passDMARC pass')
    await app.page.getByRole('tab', { name: 'Deliverability' }).last().click()
    const auth = app.page.getByRole('table', { name: 'Authentication' })
    expect(await auth.getByRole('row', { name: 'DKIM' }).textContent()).toMatch(/pass.*d=example\.test s=s1/)
    const spam = app.page.getByRole('region', { name: 'Spam score' })
    await spam.getByLabel('spamd').fill(spamd.address)
    await spam.getByRole('button', { name: 'Get spam score' }).click()
    await expect
      .poll(() => spam.getByTestId('spam-verdict').textContent(), { timeout: 30_000 })
      .toMatch(/points: not spam/)
    expect(await spam.getByRole('table', { name: 'Spam rules' }).getByRole('row').count()).toBeGreaterThan(1)
    await tallShot('deliverability-inbox-authentication')
  })

  it('blocks a merge to a gmail.com recipient without one-click unsubscribe until the user overrides, and skips the suppressed one', async () => {
    const dir = tempHome('sendsmith-merge-ready-')
    writeFileSync(
      join(dir, 'news.html'),
      '<title>News</title><p>Hi {{name}}</p><a href="https://example.test/u">Unsubscribe</a>',
    )
    writeFileSync(join(dir, 'list.csv'), 'email,name\nann@gmail.com,Ann\nbob@gmail.com,Bob\ncarol@example.org,Carol\n')
    await app.page.getByRole('tab', { name: 'Mail merge' }).click()
    const setup = app.page.getByTestId('merge-setup')
    picks.push(join(dir, 'news.html'))
    await setup.getByRole('button', { name: 'Open template…' }).click()
    await expect.poll(() => setup.getByTestId('merge-template-name').textContent()).toContain('news.html')
    await setup.getByLabel('Recipient list file').setInputFiles(join(dir, 'list.csv'))
    await expect.poll(() => setup.getByTestId('merge-list-name').textContent()).toContain('3 rows')
    await setup.getByRole('button', { name: 'Validate' }).click()
    const validation = setup.getByTestId('merge-validation')
    await expect.poll(() => validation.textContent()).toContain('1 skipped: suppressed')
    expect(await validation.getByRole('table', { name: 'Suppressed rows' }).textContent()).toMatch(
      /bob@gmail\.com.*suppressed: unsubscribed/,
    )
    const readiness = setup.getByTestId('merge-readiness')
    await expect.poll(() => readiness.textContent(), { timeout: 20_000 }).toMatch(/No one-click unsubscribe/)
    const send = app.page.getByRole('button', { name: /^Send to 2 recipients/ })
    expect(await send.isDisabled()).toBe(true)
    await tallShot('deliverability-merge-readiness')

    await readiness.getByRole('checkbox', { name: /Send anyway/ }).check()
    await expect.poll(() => send.isDisabled()).toBe(false)
    await send.click()
    await app.page
      .getByRole('dialog')
      .getByRole('button', { name: /Send to 2 recipients/ })
      .click()
    await expect
      .poll(async () => (await app.services.inbox.list()).flatMap((m) => m.envelope.to).sort(), { timeout: 30_000 })
      .toEqual(expect.arrayContaining(['ann@gmail.com', 'carol@example.org']))
    expect((await app.services.inbox.list()).flatMap((m) => m.envelope.to)).not.toContain('bob@gmail.com')
  })
})
