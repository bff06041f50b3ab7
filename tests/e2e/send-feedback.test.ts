import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tempHome } from '../helpers/temp-home'
import { expectAccessible } from './harness/accessibility'
import { launchApp, type RunningApp } from './harness/launch-app'

let app: RunningApp

beforeAll(async () => {
  // The local test inbox is the account to send from: what it receives is what was sent.
  app = await launchApp({ home: tempHome(), localInbox: true, viewport: { width: 1280, height: 900 } })
})
afterAll(async () => {
  await app?.close()
})

const pane = () => app.page.getByTestId('compose-pane').filter({ visible: true })
const field = (label: string) => pane().getByLabel(label, { exact: true })
const result = () => pane().getByTestId('send-result')
/** Whether an element is wholly inside the window (what the user can see without scrolling). */
const onScreen = (locator: ReturnType<typeof pane>) =>
  locator.evaluate((el) => {
    const box = el.getBoundingClientRect()
    const view = el.ownerDocument.defaultView!
    return box.top >= 0 && box.left >= 0 && box.bottom <= view.innerHeight && box.right <= view.innerWidth
  })
const focused = (locator: ReturnType<typeof pane>) =>
  locator.evaluate((el) => el.ownerDocument.activeElement === el || el.contains(el.ownerDocument.activeElement))
/** A body long enough that the form is taller than the window. */
const longBody = Array.from({ length: 40 }, (_, i) => `<p>Line ${i + 1} of the minutes.</p>`).join('')

async function writeMessage(subject: string) {
  await expect.poll(() => pane().getByRole('combobox').first().textContent()).toContain('Local test inbox')
  await field('To').fill('bob@example.test')
  await field('Subject').fill(subject)
  await pane().getByRole('tab', { name: 'HTML source' }).click()
  await field('HTML body').fill(longBody)
}

describe('feedback where the eye is', () => {
  it('Send from the end of a long message: Undo is on screen and focused, and Ctrl+Z takes the message back', async () => {
    await writeMessage('Minutes')
    await field('HTML body').press('Control+End')
    await field('HTML body').press('Control+Enter')
    const undo = result().getByRole('button', { name: 'Undo' })
    await expect.poll(() => focused(undo)).toBe(true)
    expect(await onScreen(undo)).toBe(true)
    // The Send button stays in reach while the form scrolls.
    expect(await onScreen(pane().getByRole('button', { name: 'Send', exact: true }))).toBe(true)
    await expectAccessible(app.page, 'compose: sending with undo')
    await app.page.keyboard.press('Control+z')
    await expect.poll(() => result().textContent()).toContain('Sending cancelled')
    expect(await app.services.outbox.list()).toEqual([])
    expect(await field('Subject').inputValue()).toBe('Minutes')
  })

  it('after the message is sent the tab is cleared for the next one, the result stays in view and focus is on To', async () => {
    await pane().getByRole('button', { name: 'Send', exact: true }).click()
    await expect.poll(() => result().textContent(), { timeout: 20_000 }).toContain('Message sent')
    await expect.poll(async () => (await app.services.inbox.list()).map((m) => m.subject)).toEqual(['Minutes'])
    await expect.poll(() => field('Subject').inputValue()).toBe('')
    expect(await pane().getByRole('button', { name: 'Remove bob@example.test' }).count()).toBe(0)
    expect(await onScreen(result().getByText('Message sent'))).toBe(true)
    await expect.poll(() => focused(field('To'))).toBe(true)
    await expect.poll(() => app.page.title()).toBe('Sendsmith')
    await expectAccessible(app.page, 'compose: sent')
  })

  it('closing the Schedule delivery dialog with Escape gives focus back to the button that opened it', async () => {
    await pane().getByRole('button', { name: 'Delivery options' }).click()
    await app.page.getByRole('menuitem', { name: 'Send later…' }).click()
    const dialog = app.page.getByRole('dialog', { name: 'Schedule delivery' })
    await dialog.waitFor()
    await expectAccessible(app.page, 'schedule delivery dialog')
    await app.page.keyboard.press('Escape')
    await dialog.waitFor({ state: 'hidden' })
    await expect.poll(() => focused(pane().getByRole('button', { name: 'Delivery options' }))).toBe(true)
    expect(app.pageErrors).toEqual([])
  })
})
