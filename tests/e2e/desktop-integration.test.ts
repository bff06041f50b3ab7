import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { memoryClipboard } from '../../electron/services/desktop/clipboard'
import { draftFromMailto } from '../../electron/services/desktop/open-document'
import { tempHome } from '../helpers/temp-home'
import { expectAccessible } from './harness/accessibility'
import { launchApp, type RunningApp } from './harness/launch-app'
import { screenshotDir } from './harness/screenshot-dir'

// What main does with a mailto: link or a menu command, minus Electron: the same services make the
// draft, and the same event reaches the built renderer (the harness forwards services.events).
const screenshots = screenshotDir()
let app: RunningApp

beforeAll(async () => {
  app = await launchApp({
    home: tempHome(),
    viewport: { width: 1280, height: 900 },
    localInbox: true,
    accounts: [
      {
        name: 'Ada Lovelace',
        email: 'ada@example.test',
        host: 'smtp.example.test',
        port: 587,
        security: 'starttls',
        auth: false,
        username: '',
        allowInsecureAuth: false,
      },
    ],
  })
})
afterAll(async () => {
  await app?.close()
})

const pane = () => app.page.getByTestId('compose-pane').filter({ visible: true })

describe('the desktop integration, in the window', () => {
  it('a mailto: link opens a compose tab with To, Cc, Subject and body filled, and the window title shows the subject', async () => {
    const draft = draftFromMailto(
      'mailto:ann@example.com?cc=bo@example.com&subject=Lunch%20on%20Friday%3F&body=Hi%20Ann%2C%0A%0AAre%20you%20free%3F&from=ceo@example.com',
    )
    const { id } = await app.services.drafts.save(draft)
    app.services.events.emit('desktop:openDraft', { id })
    await expect.poll(() => app.page.getByRole('tab', { name: 'Lunch on Friday?' }).count()).toBe(1)
    await expect.poll(() => pane().getByLabel('Subject', { exact: true }).inputValue()).toBe('Lunch on Friday?')
    const text = await pane().textContent()
    expect(text).toContain('ann@example.com')
    expect(text).toContain('bo@example.com')
    expect(text).not.toContain('ceo@example.com')
    await expect
      .poll(() => pane().getByRole('textbox', { name: 'Message body' }).textContent())
      .toContain('Are you free?')
    await expect.poll(() => app.page.title()).toBe('Lunch on Friday? — Sendsmith')
    await expectAccessible(app.page, 'compose-from-mailto')
    await app.page.screenshot({ path: `${screenshots}/compose-from-mailto.png`, animations: 'disabled' })
  })

  it('File › New Message opens another tab; Preferences opens Accounts', async () => {
    const before = await app.page.getByRole('tab', { name: 'New message' }).count()
    app.services.events.emit('desktop:command', { command: 'new-message' })
    await expect.poll(() => app.page.getByRole('tab', { name: 'New message' }).count()).toBe(before + 1)
    await expect.poll(() => app.page.title()).toBe('Sendsmith')
    app.services.events.emit('desktop:command', { command: 'preferences' })
    await expect
      .poll(() => app.page.getByRole('tab', { name: 'Accounts', exact: true }).getAttribute('aria-selected'))
      .toBe('true')
  })

  it('a Copy button copies through main (the window has no clipboard permission)', async () => {
    await app.page.getByRole('tab', { name: 'Inbox', exact: true }).click()
    const address = await app.page.getByTestId('inbox-address').textContent()
    await app.page.getByRole('button', { name: 'Copy address' }).click()
    await expect.poll(() => app.page.getByRole('button', { name: 'Copy address' }).textContent()).toBe('Copied')
    expect((app.services.clipboard as ReturnType<typeof memoryClipboard>).last).toBe(address)
  })
})
