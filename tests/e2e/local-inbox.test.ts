import { readFileSync } from 'node:fs'
import nodemailer from 'nodemailer'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tempHome } from '../helpers/temp-home'
import { expectAccessible } from './harness/accessibility'
import { launchApp, type RunningApp } from './harness/launch-app'
import { screenshotDir } from './harness/screenshot-dir'

const screenshots = screenshotDir()
const pdf = readFileSync('tests/fixtures/report.pdf')
let app: RunningApp

/** A small newsletter-style message, as a user would paste it into the source view. */
const quarterlyHtml = [
  '<div style="max-width:560px;margin:0 auto;font-family:Segoe UI,Arial,sans-serif;color:#242424">',
  '<div style="background:#0f6cbd;color:#ffffff;padding:16px 24px;border-radius:6px 6px 0 0"><h1 style="margin:0;font-size:24px">Hello inbox</h1></div>',
  '<div style="border:1px solid #e0e0e0;border-top:none;padding:16px 24px;border-radius:0 0 6px 6px">',
  '<p>The Q3 figures are <b>attached</b> as a PDF. In short:</p>',
  '<table role="presentation" style="border-collapse:collapse;width:100%"><tr><th align="left" style="border-bottom:1px solid #e0e0e0;padding:6px">Region</th><th align="right" style="border-bottom:1px solid #e0e0e0;padding:6px">Sales</th></tr>',
  '<tr><td style="padding:6px">North</td><td align="right" style="padding:6px">42</td></tr><tr><td style="padding:6px">South</td><td align="right" style="padding:6px">37</td></tr></table>',
  '<p style="margin-top:20px"><a href="https://example.com/report" style="background:#0f6cbd;color:#ffffff;padding:10px 18px;border-radius:4px;text-decoration:none">Read the full report</a></p>',
  '</div></div>',
].join('\n')

beforeAll(async () => {
  // A fresh data folder and nothing set up: the app makes the local inbox and its account itself, as on a first start.
  app = await launchApp({ home: tempHome(), localInbox: true, viewport: { width: 1280, height: 1000 } })
})
afterAll(async () => {
  await app?.close()
})

/** Every screen state a test pictures is also checked by axe-core. */
const shot = async (name: string) => {
  await expectAccessible(app.page, name)
  await app.page.screenshot({ path: `${screenshots}/${name}.png`, fullPage: true, animations: 'disabled' })
}
const compose = () => app.page.getByTestId('compose-pane').filter({ visible: true })
const field = (label: string) => compose().getByLabel(label, { exact: true })
const inbox = () => app.page.locator('#panel-inbox')
const rows = () => inbox().getByRole('table', { name: 'Messages' }).getByTestId('inbox-row')
const view = () => inbox().getByRole('article', { name: 'Message' })
// A name matches in part: the Attachments tab carries a count ("Attachments 1").
const messageTab = (name: string) => view().getByRole('tab', { name })

/** What a user's own application would do: send through the inbox's port with nodemailer. */
async function sendFromCode(subject: string, from: string) {
  const port = app.services.inbox.status().port!
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true })
  try {
    await transport.sendMail({
      from,
      to: 'qa@example.test',
      subject,
      text: 'Plain text only.',
      html: '<p>Sent by <i>code</i>.</p>',
    })
  } finally {
    transport.close()
  }
}

describe('the local test inbox', () => {
  it('exists on a fresh install: its account is the default, with no setup', async () => {
    const accounts = app.services.accounts.list()
    expect(accounts).toHaveLength(1)
    expect(accounts[0]).toMatchObject({
      name: 'Local test inbox',
      isDefault: true,
      host: '127.0.0.1',
      port: app.services.inbox.status().port,
      security: 'none',
      auth: false,
    })
    await expect.poll(() => compose().getByRole('combobox').first().textContent()).toContain('Local test inbox')
  })

  it('a message composed in the window is delivered to it and shown with rendered HTML, headers, attachment, source and structure', async () => {
    const { page } = app
    await field('To').fill('Bob Builder <bob@example.test>')
    await field('Subject').fill('Quarterly figures for the inbox')
    await compose().getByRole('tab', { name: 'HTML source' }).click()
    await field('HTML body').fill(quarterlyHtml)
    await compose().getByLabel('Files to attach').setInputFiles('tests/fixtures/report.pdf')
    await expect.poll(() => compose().getByRole('list', { name: 'Attachments' }).textContent()).toContain('report.pdf')
    await compose().getByRole('button', { name: 'Send', exact: true }).click()
    // Through the outbox, after its 5 s undo delay.
    const result = compose().getByTestId('send-result')
    await expect.poll(() => result.textContent()).toMatch(/Sending in \d s/)
    await expect.poll(() => result.textContent(), { timeout: 15_000 }).toContain('Message sent')

    await page.getByRole('tab', { name: 'Inbox', exact: true }).click()
    await expect
      .poll(() => inbox().getByTestId('inbox-address').textContent())
      .toBe(`127.0.0.1:${app.services.inbox.status().port}`)
    await expect.poll(() => rows().count()).toBe(1)
    const row = rows().first()
    expect(await row.getAttribute('aria-label')).toBe('Quarterly figures for the inbox')
    // The sender's name is shown; its address is in the From cell's tooltip.
    expect(await row.getByRole('cell').nth(1).getAttribute('title')).toContain('you@sendsmith.test')
    expect(await row.textContent()).toContain('bob@example.test')
    expect(await row.getByLabel('Has attachments').count()).toBe(1)
    await row.click()

    // HTML: rendered in the sandboxed preview frame.
    const preview = view().frameLocator('iframe[title="Message preview"]')
    await expect.poll(() => preview.locator('h1').textContent()).toBe('Hello inbox')
    expect(await preview.locator('b').textContent()).toBe('attached')
    expect(await view().locator('iframe[title="Message preview"]').getAttribute('sandbox')).toBe('')
    await view().getByRole('button', { name: 'Phone' }).click()
    await expect
      .poll(() => view().locator('iframe[title="Message preview"]').getAttribute('data-preview-width'))
      .toBe('375')
    await view().getByRole('button', { name: 'Desktop' }).click()

    await messageTab('Text').click()
    await expect.poll(() => view().getByLabel('Text part').textContent()).toContain('The Q3 figures are attached')

    await messageTab('Headers').click()
    const headers = view().getByRole('table', { name: 'Headers' })
    expect(await headers.getByRole('row', { name: 'Subject', exact: true }).textContent()).toContain(
      'Quarterly figures for the inbox',
    )
    expect(await headers.getByRole('row', { name: 'From', exact: true }).textContent()).toContain('you@sendsmith.test')
    expect(await headers.getByRole('row', { name: 'To', exact: true }).textContent()).toContain('bob@example.test')

    await messageTab('Attachments').click()
    const attachment = view().getByRole('table', { name: 'Attachments' }).getByRole('row', { name: 'report.pdf' })
    expect(await attachment.textContent()).toContain('application/pdf')
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      attachment.getByRole('button', { name: 'Save report.pdf' }).click(),
    ])
    expect(download.suggestedFilename()).toBe('report.pdf')
    expect(readFileSync((await download.path())!).equals(pdf)).toBe(true)

    await messageTab('Source').click()
    const source = (await view().getByTestId('message-source').textContent()) ?? ''
    expect(source).toMatch(/^Subject: Quarterly figures for the inbox$/m)
    expect(source).toMatch(/Content-Type: application\/pdf/i)
    expect(await view().getByText('The source is cut').count()).toBe(0)

    await messageTab('Structure').click()
    const tree = view().getByRole('tree', { name: 'MIME structure' })
    const structure = (await tree.textContent()) ?? ''
    for (const type of ['multipart/mixed', 'multipart/alternative', 'text/plain', 'text/html', 'application/pdf'])
      expect(structure).toContain(type)
    expect(structure).toContain('report.pdf')

    await messageTab('Checks').click()
    const report = view().getByTestId('check-report')
    await expect.poll(() => report.textContent(), { timeout: 15_000 }).toMatch(/\d+ errors/)
    expect(await report.textContent()).toContain('Client compatibility')

    await messageTab('HTML').click()
    await expect.poll(() => preview.locator('h1').textContent()).toBe('Hello inbox')
    // The window scrolls its main area, not the page: bring the message view to the top for the picture.
    await view().evaluate((element) => element.scrollIntoView({ block: 'start' }))
    await shot('inbox-message')
    await inbox().evaluate((element) => element.scrollIntoView({ block: 'start' }))
  })

  it('a message sent by the user’s own code appears at once, newest first; search filters by address and subject', async () => {
    await sendFromCode('Password reset', 'Shop <noreply@shop.example>')
    await expect.poll(() => rows().count()).toBe(2)
    expect(await rows().first().getAttribute('aria-label')).toBe('Password reset')
    await sendFromCode('Order 1042 shipped', '"Farm Shop" <noreply@shop.example>')
    await expect.poll(() => rows().count()).toBe(3)
    // The From column shows the display name without the header's quotes; the tooltip has the address.
    const fromCell = rows().first().getByRole('cell').nth(1)
    expect(await fromCell.textContent()).toBe('Farm Shop')
    expect(await fromCell.getAttribute('title')).toBe('Farm Shop <noreply@shop.example>')
    expect(await rows().evaluateAll((all) => all.map((r) => r.getAttribute('aria-label')))).toEqual([
      'Order 1042 shipped',
      'Password reset',
      'Quarterly figures for the inbox',
    ])

    const search = inbox().getByRole('searchbox', { name: 'Search messages' })
    await search.fill('shop.example')
    await expect.poll(() => rows().count()).toBe(2)
    await search.fill('QUARTERLY')
    await expect.poll(() => rows().count()).toBe(1)
    expect(await rows().first().getAttribute('aria-label')).toBe('Quarterly figures for the inbox')
    await search.fill('nothing-like-this')
    await expect.poll(() => inbox().getByText('No message matches the search.').count()).toBe(1)
    await search.fill('')
    await expect.poll(() => rows().count()).toBe(3)

    // The server's address and code to send to it, with the real port.
    await inbox().getByRole('button', { name: 'Send to it from your own code' }).click()
    const snippet = inbox().getByTestId('inbox-snippet')
    await expect
      .poll(() => snippet.textContent())
      .toContain(`smtplib.SMTP("127.0.0.1", ${app.services.inbox.status().port})`)
    await shot('inbox-list')
    await inbox().getByRole('tab', { name: 'swaks' }).click()
    await expect
      .poll(() => snippet.textContent())
      .toContain(`swaks --server 127.0.0.1:${app.services.inbox.status().port}`)
    await inbox().getByRole('button', { name: 'Send to it from your own code' }).click()
  })

  it('Up and Down move through the list; Delete deletes with undo; Clear all asks first', async () => {
    const { page } = app
    const selected = () => inbox().locator('[data-testid="inbox-row"][aria-selected="true"]').getAttribute('aria-label')
    await rows().first().click()
    await expect.poll(selected).toBe('Order 1042 shipped')
    await page.keyboard.press('ArrowDown')
    await expect.poll(selected).toBe('Password reset')
    await expect.poll(() => view().getByRole('heading').textContent()).toBe('Password reset')
    await page.keyboard.press('ArrowUp')
    await expect.poll(selected).toBe('Order 1042 shipped')
    await page.keyboard.press('ArrowDown')
    await page.keyboard.press('Delete')
    await expect.poll(() => rows().count()).toBe(2)
    await expect.poll(selected).toBe('Quarterly figures for the inbox')
    await inbox().getByTestId('undo-delete').getByRole('button', { name: 'Undo' }).click()
    await expect.poll(() => rows().count()).toBe(3)
    expect((await app.services.inbox.list()).length).toBe(3)

    // Deleted for good once the undo time is up.
    await rows().filter({ hasText: 'Order 1042 shipped' }).click()
    await page.keyboard.press('Delete')
    await expect
      .poll(async () => (await app.services.inbox.list()).map((m) => m.subject), { timeout: 10_000 })
      .toEqual(['Password reset', 'Quarterly figures for the inbox'])

    await inbox().getByRole('button', { name: 'Clear all' }).click()
    const dialog = page.getByRole('dialog', { name: 'Delete every message?' })
    await dialog.getByRole('button', { name: 'Cancel' }).click()
    expect((await app.services.inbox.list()).length).toBe(2)
    await inbox().getByRole('button', { name: 'Clear all' }).click()
    await dialog.getByRole('button', { name: 'Delete all' }).click()
    await expect.poll(() => inbox().getByText('No mail yet').count()).toBe(1)
    expect(await app.services.inbox.list()).toEqual([])
  })

  it('a message that was accepted but does not parse is listed and opens on its source, with a note saying why', async () => {
    const port = app.services.inbox.status().port!
    // 10,050 MIME parts: more than the parsers take.
    const parts = Array.from({ length: 10_050 }, (_, i) => `--b\r\nContent-Type: text/plain\r\n\r\npart ${i}`)
    const raw = [
      'Subject: Too many parts',
      'Content-Type: multipart/mixed; boundary=b',
      '',
      ...parts,
      '--b--',
      '',
    ].join('\r\n')
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true })
    try {
      await transport.sendMail({ envelope: { from: 'm@example.test', to: ['qa@example.test'] }, raw })
    } finally {
      transport.close()
    }
    const row = rows().filter({ has: app.page.getByText('Too many parts') })
    await row.first().click()
    const note = view().getByTestId('parse-error')
    await expect.poll(() => note.textContent()).toContain('The message could not be parsed')
    expect(await messageTab('Source').getAttribute('aria-selected')).toBe('true')
    await expect.poll(() => view().getByTestId('message-source').textContent()).toContain('part 10049')
  })

  it('the page ran under its Content-Security-Policy without violations or errors', () => {
    expect(app.pageErrors).toEqual([])
  })
})
