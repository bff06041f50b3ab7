import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestSmtpServer, type TestSmtpServer } from '../helpers/smtp-test-server'
import { tempHome } from '../helpers/temp-home'
import { expectAccessible } from './harness/accessibility'
import { launchApp, type RunningApp } from './harness/launch-app'
import { screenshotDir } from './harness/screenshot-dir'
import { testAccount } from '../helpers/test-account'

const password = 'compose-UI-Secret-7'
const screenshots = screenshotDir()
const png = readFileSync('tests/fixtures/pixel.png')
const pdf = readFileSync('tests/fixtures/report.pdf')
let smtp: TestSmtpServer
let app: RunningApp
let home: string

beforeAll(async () => {
  smtp = await startTestSmtpServer({
    security: 'starttls',
    users: { 'ada@example.test': password },
    refuseRecipients: ['nobody@example.test'],
  })
  home = tempHome()
  app = await launchApp({
    home,
    viewport: { width: 1280, height: 1000 },
    accounts: [testAccount(smtp.port, { password, signatureHtml: '<p>Ada Lovelace, Analytical Engines</p>' })],
  })
  // The account is made through the service (account setup has its own e2e); the page then loads it.
})
afterAll(async () => {
  await app?.close()
  await smtp?.close()
})

/** Every screen state a test pictures is also checked by axe-core. */
const shot = async (name: string) => {
  await expectAccessible(app.page, name)
  await app.page.screenshot({ path: `${screenshots}/${name}.png`, fullPage: true, animations: 'disabled' })
}
/** The compose tab on screen (hidden tabs stay mounted, so each locator is scoped to the visible one). */
const pane = () => app.page.getByTestId('compose-pane').filter({ visible: true })
const field = (label: string) => pane().getByLabel(label, { exact: true })
/**
 * Once the send result counts down the undo delay, the outbox sends the message at once instead of
 * the test waiting the delay out (the worker's own timer is covered by send-through-ui and local-inbox).
 */
async function sendNow() {
  await expect.poll(() => pane().getByTestId('send-result').textContent()).toMatch(/Sending in \d s/)
  await app.services.outbox.flush({ force: true })
}
/** The MIME tree of a raw message as content types, in order. */
const mimeTree = (raw: string) => [...raw.matchAll(/^Content-Type: ([\w/-]+)/gim)].map((m) => m[1].toLowerCase())

describe('the compose window', () => {
  it('sends formatting, a table, an inline image, an attachment, Cc and Bcc; the server receives a related HTML part and no Bcc', async () => {
    const { page } = app
    await field('To').fill('Bob Builder <bob@example.test>')
    await field('Cc').fill('carol@example.test')
    await field('Bcc').fill('audit@example.test')
    await field('Subject').fill('Quarterly figures')
    await pane().getByRole('tab', { name: 'Rich text' }).click()

    const body = pane().getByRole('textbox', { name: 'Message body' })
    // The signature is already there; write above it.
    await expect.poll(() => body.textContent()).toContain('Ada Lovelace, Analytical Engines')
    await body.click()
    await page.keyboard.press('Control+Home')
    await page.keyboard.type('Figures for ')
    await page.keyboard.press('Control+b')
    await page.keyboard.type('Q3')
    await page.keyboard.press('Control+b')
    await page.keyboard.type(' are ')
    await page.keyboard.press('Control+i')
    await page.keyboard.type('final')
    await page.keyboard.press('Control+i')
    await page.keyboard.type(' and charted here: ')
    await pane().getByLabel('Image files to insert').setInputFiles('tests/fixtures/pixel.png')
    await expect.poll(() => body.locator('img[src^="data:image/png"]').count()).toBe(1)
    await page.keyboard.press('End')
    await page.keyboard.press('Enter')
    await pane().getByRole('button', { name: 'Table' }).click()
    await page.getByRole('menuitem', { name: 'Insert table' }).click()
    for (const cell of ['Region', 'Sales', 'Trend', 'North', '42', 'up']) {
      await page.keyboard.type(cell)
      await page.keyboard.press('Tab')
    }
    await pane().getByLabel('Files to attach').setInputFiles('tests/fixtures/report.pdf')
    await expect.poll(() => pane().getByRole('list', { name: 'Attachments' }).textContent()).toContain('report.pdf')
    expect(await pane().getByTestId('attachments-total').textContent()).toContain('1 file and 1 inline image')
    await body.click({ position: { x: 5, y: 5 } })
    await shot('compose-rich')

    await pane().getByRole('tab', { name: 'HTML source' }).click()
    const source = (await field('HTML body').textContent()) ?? ''
    expect(source).toContain('<strong>Q3</strong>')
    expect(source).toMatch(/src="cid:[0-9a-f-]+@sendsmith"/)
    expect(source).not.toContain('data:image')
    await shot('compose-source')

    await pane().getByRole('button', { name: 'Send', exact: true }).click()
    const result = pane().getByTestId('send-result')
    await sendNow()
    const [received] = await smtp.waitForMessages(1, 15_000)
    await expect.poll(() => result.textContent(), { timeout: 10_000 }).toContain('Message sent')

    expect(mimeTree(received.raw)).toEqual([
      'multipart/mixed',
      'multipart/alternative',
      'text/plain',
      'multipart/related',
      'text/html',
      'image/png',
      'application/pdf',
    ])
    const mail = received.parsed
    expect(mail.attachments.find((a) => a.filename === 'report.pdf')?.content.equals(pdf)).toBe(true)
    // mailparser swaps a cid: reference for the related part's bytes: proof the reference resolves.
    expect(mail.html).toContain(`src="data:image/png;base64,${png.toString('base64')}"`)
    expect(mail.html).toContain('<strong>Q3</strong>')
    expect(mail.html).toContain('<em>final</em>')
    expect(mail.html).toMatch(/<table[^>]*>[\s\S]*<th[^>]*>[\s\S]*Region[\s\S]*<td[^>]*>[\s\S]*North/)
    expect(mail.html).toContain('Ada Lovelace, Analytical Engines')
    expect(mail.text).toContain('Figures for Q3 are final')
    expect(mail.cc).toMatchObject({ value: [{ address: 'carol@example.test' }] })
    expect(received.to.sort()).toEqual(['audit@example.test', 'bob@example.test', 'carol@example.test'])
    expect(received.raw).not.toMatch(/^bcc:/im)
    expect(received.raw).not.toContain('audit@example.test')

    const text = (await result.textContent()) ?? ''
    expect(text).toContain(mail.messageId!)
    expect(text).toMatch(/250 /)
    // Sent: its draft is gone.
    await expect
      .poll(async () => (await app.services.drafts.list()).filter((d) => d.subject === 'Quarterly figures').length)
      .toBe(0)
  })

  it('Undo within the delay takes the message back: the server receives nothing and the form is as it was', async () => {
    const { page } = app
    await page.getByRole('button', { name: 'New message' }).click()
    await field('To').fill('dave@example.test')
    await field('Subject').fill('Undo me')
    await field('HTML body').fill('<p>Never mind</p>')
    await field('HTML body').press('Control+Enter')
    const result = pane().getByTestId('send-result')
    await expect.poll(() => result.textContent()).toMatch(/Sending in \d s/)
    await result.getByRole('button', { name: 'Undo' }).click()
    await expect.poll(() => result.textContent()).toContain('Sending cancelled')
    // Nothing is left to send, even when the outbox is told to send everything waiting now.
    expect(await app.services.outbox.flush({ force: true })).toEqual([])
    expect(smtp.messages).toHaveLength(1)
    expect(await app.services.outbox.list()).toEqual([])
    expect(await pane().getByRole('button', { name: 'Remove dave@example.test' }).count()).toBe(1)
    expect(await field('Subject').inputValue()).toBe('Undo me')
    expect(await field('HTML body').textContent()).toBe('<p>Never mind</p>')
  })

  it('a draft typed in the UI is on disk within the autosave delay and reopens unchanged', async () => {
    const { page } = app
    await page.getByRole('button', { name: 'New message' }).click()
    await field('To').fill('"Hughes, Erin" <erin@example.test>, frank@example.test')
    await field('Cc').fill('grace@example.test')
    await field('Subject').fill('Draft kept')
    await pane().getByRole('combobox', { name: 'Priority' }).click()
    await page.getByRole('option', { name: 'High' }).click()
    await pane().getByLabel('Files to attach').setInputFiles('tests/fixtures/report.pdf')
    await field('HTML body').fill('<p>Half <b>written</b></p>')
    const typedAt = Date.now()

    await expect
      .poll(async () => (await app.services.drafts.list()).find((d) => d.subject === 'Draft kept'), {
        timeout: 5000,
        interval: 100,
      })
      .toBeTruthy()
    expect(Date.now() - typedAt).toBeLessThan(4500)
    await expect
      .poll(
        async () =>
          (
            await app.services.drafts.get(
              (await app.services.drafts.list()).find((d) => d.subject === 'Draft kept')!.id,
            )
          ).html,
      )
      .toBe('<p>Half <b>written</b></p>')
    const summary = (await app.services.drafts.list()).find((d) => d.subject === 'Draft kept')!
    const file = join(home, 'drafts', `${summary.id}.json`)
    expect(existsSync(file)).toBe(true)
    const onDisk = JSON.parse(readFileSync(file, 'utf8'))
    expect(onDisk).toMatchObject({
      to: '"Hughes, Erin" <erin@example.test>, frank@example.test',
      cc: 'grace@example.test',
      subject: 'Draft kept',
      html: '<p>Half <b>written</b></p>',
      priority: 'high',
    })
    expect(onDisk.attachments).toEqual([
      { filename: 'report.pdf', contentType: 'application/pdf', contentBase64: pdf.toString('base64') },
    ])
    await expect.poll(() => pane().getByTestId('draft-status').textContent()).toMatch(/Draft saved \d/)

    await page.getByRole('button', { name: 'Close message' }).click()
    await page.getByRole('tab', { name: 'Drafts' }).click()
    await page.getByRole('listitem', { name: 'Draft kept' }).getByRole('button', { name: 'Open' }).click()
    await expect.poll(() => field('Subject').inputValue()).toBe('Draft kept')
    for (const chip of ['"Hughes, Erin" <erin@example.test>', 'frank@example.test', 'grace@example.test'])
      expect(
        await pane()
          .getByRole('button', { name: `Remove ${chip}` })
          .count(),
        chip,
      ).toBe(1)
    expect(await field('HTML body').textContent()).toBe('<p>Half <b>written</b></p>')
    expect(await pane().getByRole('combobox', { name: 'Priority' }).textContent()).toBe('High')
    expect(await pane().getByRole('list', { name: 'Attachments' }).textContent()).toContain('report.pdf')
  })

  it('a server refusing one recipient with 550 shows that recipient refused and the others delivered', async () => {
    await field('To').fill('nobody@example.test')
    await pane().getByRole('button', { name: 'Send', exact: true }).click()
    const result = pane().getByTestId('send-result')
    await sendNow()
    await expect.poll(() => result.textContent(), { timeout: 15_000 }).toContain('Message sent')
    const received = (await smtp.waitForMessages(2))[1]
    expect(received.to.sort()).toEqual(['erin@example.test', 'frank@example.test', 'grace@example.test'])
    expect(await result.getByRole('list', { name: 'Refused recipients' }).textContent()).toMatch(
      /nobody@example\.test: 550 .*User unknown/,
    )
    const accepted = (await result.getByRole('list', { name: 'Accepted recipients' }).textContent()) ?? ''
    for (const address of ['erin@example.test', 'frank@example.test', 'grace@example.test'])
      expect(accepted).toContain(address)
    expect(await result.textContent()).toContain('3 recipients accepted, 1 refused')
    await result.scrollIntoViewIfNeeded()
    await shot('compose-result')
  })

  it('send later puts the message in the outbox with its time; the outbox lists it and can cancel it; Sent lists what went out', async () => {
    const { page } = app
    await page.getByRole('button', { name: 'New message' }).click()
    await field('To').fill('later@example.test')
    await field('Subject').fill('Monday report')
    await field('HTML body').fill('<p>For Monday</p>')
    await pane().getByRole('button', { name: 'Delivery options' }).click()
    await page.getByRole('menuitem', { name: 'Send later…' }).click()
    await page.getByRole('dialog', { name: 'Schedule delivery' }).getByRole('button', { name: 'Schedule' }).click()
    await expect.poll(() => pane().getByTestId('send-result').textContent()).toContain('Scheduled for')

    await page.getByRole('tab', { name: 'Outbox' }).click()
    const row = page.getByRole('row', { name: 'Monday report' })
    await expect.poll(() => row.textContent()).toContain('Waiting')
    expect(await row.textContent()).toContain('later@example.test')
    await shot('outbox')
    await row.getByRole('button', { name: 'Cancel' }).click()
    await expect.poll(async () => (await app.services.outbox.list()).length).toBe(0)

    await page.getByRole('tab', { name: 'Sent', exact: true }).click()
    const sent = page.getByRole('region', { name: 'Sent' }).or(page.locator('#panel-sent'))
    await expect.poll(() => sent.textContent()).toContain('Quarterly figures')
    expect(await sent.textContent()).toContain('1 refused')
  })

  it('a whole HTML document pasted into the source is kept: the rich view says so and only previews it, and it is sent as written', async () => {
    const { page } = app
    const documentHtml =
      '<!doctype html><html><head><style>.promo{color:#c00}</style></head><body><p class="promo">Spring sale</p></body></html>'
    await page.getByRole('tab', { name: 'Compose' }).click()
    await page.getByRole('button', { name: 'New message' }).click()
    await field('To').fill('bob@example.test')
    await field('Subject').fill('Spring sale')
    await field('HTML body').fill(documentHtml)
    await pane().getByRole('tab', { name: 'Rich text' }).click()
    await expect.poll(() => pane().getByText('It has parts the rich editor cannot show').count()).toBe(1)
    const body = pane().getByRole('textbox', { name: 'Message body' })
    expect(await body.getAttribute('contenteditable')).toBe('false')
    expect(await body.textContent()).toContain('Spring sale')
    await pane().getByRole('tab', { name: 'HTML source' }).click()
    expect(await field('HTML body').textContent()).toBe(documentHtml)
    const before = smtp.messages.length
    await field('HTML body').press('Control+Enter')
    await sendNow()
    const received = (await smtp.waitForMessages(before + 1, 15_000))[before]
    expect(received.parsed.html).toContain('<style>.promo{color:#c00}</style>')
    expect(received.parsed.html).toContain('<p class="promo">Spring sale</p>')
  })

  it('the page ran under its Content-Security-Policy without violations or errors', () => {
    expect(app.pageErrors).toEqual([])
  })
})
