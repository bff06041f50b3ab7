import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tempHome } from '../helpers/temp-home'
import { expectAccessible } from './harness/accessibility'
import { launchApp, type RunningApp } from './harness/launch-app'

let app: RunningApp
let templatePath: string

beforeAll(async () => {
  const home = tempHome()
  templatePath = join(home, 'welcome.html')
  writeFileSync(templatePath, '<!doctype html><html><head><title>Welcome</title></head><body><p>Hi</p></body></html>')
  app = await launchApp({
    home,
    localInbox: true,
    viewport: { width: 1280, height: 900 },
    fileDialog: { openFile: async () => templatePath },
  })
  await app.page.getByRole('tab', { name: 'Templates' }).click()
})
afterAll(async () => {
  await app?.close()
})

describe('send a test from the template workbench', () => {
  it('sends to a display name with a comma ("Doe, John" <john@example.com>) and the inbox receives it addressed so', async () => {
    const page = app.page
    await page.getByRole('button', { name: 'Open template…' }).first().click()
    await expect.poll(() => page.getByTestId('template-name').textContent()).toBe('welcome.html')
    await page.getByRole('button', { name: 'Send test…' }).click()
    const dialog = page.getByRole('dialog', { name: 'Send a test' })
    await expectAccessible(page, 'send a test dialog')
    await dialog.getByRole('textbox', { name: 'To' }).fill('"Doe, John" <john@example.com>')
    await dialog.getByRole('button', { name: 'Send test', exact: true }).click()
    await dialog.getByText(/^Sent\. The server said/).waitFor()
    await expectAccessible(page, 'send a test: sent')
    const received = await app.services.inbox.list()
    expect(received).toHaveLength(1)
    const message = await app.services.inbox.get(received[0].id)
    expect(message.envelope.to).toEqual(['john@example.com'])
    expect(message.headers.find((h) => h.name.toLowerCase() === 'to')?.value).toBe('"Doe, John" <john@example.com>')
    expect(app.pageErrors).toEqual([])
  })
})
