import nodemailer from 'nodemailer'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tempHome } from '../helpers/temp-home'
import { expectAccessible } from './harness/accessibility'
import { launchApp, type RunningApp } from './harness/launch-app'
import { screenshotDir } from './harness/screenshot-dir'

const screenshots = screenshotDir()
let app: RunningApp

// A message with light colours of its own and dark rules for clients in dark mode.
const twoSchemes = `<!doctype html><html><head><style>
body { background: #fffbe6; color: #222222; }
@media (prefers-color-scheme: dark) { body { background: #000000; color: #ffffff; } }
</style></head><body><p>Harvest festival on Saturday.</p></body></html>`

beforeAll(async () => {
  app = await launchApp({ home: tempHome(), localInbox: true, viewport: { width: 1280, height: 900 } })
  // The system is in dark mode, as Chromium reports it to the page.
  await app.page.emulateMedia({ colorScheme: 'dark' })
})
afterAll(async () => {
  await app?.close()
})

/** Relative luminance (0 black … 1 white) of an element's computed background colour. */
async function backgroundLuminance(selector: string): Promise<number> {
  const colour = await app.page
    .locator(selector)
    .first()
    .evaluate((el) => el.ownerDocument.defaultView!.getComputedStyle(el).backgroundColor)
  const [r, g, b] = (colour.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map(Number)
  return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255
}

const frameBackground = () =>
  app.page
    .locator('#panel-inbox')
    .frameLocator('iframe[title="Message preview"]')
    .locator('body')
    .evaluate((el) => el.ownerDocument.defaultView!.getComputedStyle(el).backgroundColor)

describe('dark mode', () => {
  it('follows the system: the app turns dark with the system, and Appearance can pin light or dark', async () => {
    await expect.poll(() => backgroundLuminance('nav')).toBeLessThan(0.2)
    await app.page.getByRole('button', { name: 'Appearance' }).click()
    await app.page.getByRole('menuitemradio', { name: 'Light' }).click()
    await expect.poll(() => backgroundLuminance('nav')).toBeGreaterThan(0.8)
    await app.page.reload()
    await expect.poll(() => backgroundLuminance('nav')).toBeGreaterThan(0.8)
    await app.page.getByRole('button', { name: 'Appearance' }).click()
    await app.page.getByRole('menuitemradio', { name: 'Use system setting' }).click()
    await expect.poll(() => backgroundLuminance('nav')).toBeLessThan(0.2)
  })

  it('a message preview keeps the message’s own light colours in a dark app, until the preview’s dark mode is asked for', async () => {
    const transport = nodemailer.createTransport({
      host: '127.0.0.1',
      port: app.services.inbox.status().port!,
      secure: false,
      ignoreTLS: true,
    })
    await transport.sendMail({ from: 'farm@example.test', to: 'me@example.test', subject: 'Harvest', html: twoSchemes })
    transport.close()
    await app.page.getByRole('tab', { name: 'Inbox' }).click()
    await app.page.locator('#panel-inbox').getByTestId('inbox-row').first().click()
    await expect.poll(frameBackground).toBe('rgb(255, 251, 230)')
    await app.page.locator('#panel-inbox').getByRole('button', { name: 'Dark mode' }).click()
    await expect.poll(frameBackground).toBe('rgb(0, 0, 0)')
    await app.page.locator('#panel-inbox').getByRole('button', { name: 'Dark mode' }).click()
    await expect.poll(frameBackground).toBe('rgb(255, 251, 230)')
  })

  it('every screen in dark mode (screenshots)', async () => {
    for (const [tab, name] of [
      ['Compose', 'compose'],
      ['Inbox', 'inbox'],
      ['Outbox', 'outbox'],
      ['Sent', 'sent'],
      ['Drafts', 'drafts'],
      ['Templates', 'templates'],
      ['Mail merge', 'merge'],
      ['Deliverability', 'deliverability'],
      ['Accounts', 'accounts'],
    ] as const) {
      await app.page.getByRole('tab', { name: tab, exact: false }).first().click()
      await expect.poll(() => backgroundLuminance('nav')).toBeLessThan(0.2)
      await expectAccessible(app.page, `dark-${name}`)
      await app.page.screenshot({ path: `${screenshots}/dark-${name}.png`, animations: 'disabled' })
    }
    expect(app.pageErrors).toEqual([])
  })
})
