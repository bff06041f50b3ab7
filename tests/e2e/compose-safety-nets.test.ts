import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tempHome } from '../helpers/temp-home'
import { expectAccessible } from './harness/accessibility'
import { launchApp, type RunningApp } from './harness/launch-app'

let app: RunningApp

beforeAll(async () => {
  app = await launchApp({ home: tempHome(), localInbox: true, viewport: { width: 1280, height: 900 } })
})
afterAll(async () => {
  await app?.close()
})

const pane = () => app.page.getByTestId('compose-pane').filter({ visible: true })
const toField = () => pane().getByLabel('To', { exact: true })
const chips = () => pane().locator('[data-chip-state]')

/** Types a list into To and leaves the field, so everything typed becomes chips. */
async function typeChips(text: string): Promise<void> {
  await toField().fill(text)
  await pane().getByLabel('Subject', { exact: true }).click()
  await expect.poll(() => toField().inputValue()).toBe('')
}

describe('address chips', () => {
  it('removing an invalid chip with the mouse drops it for good; it does not come back as text', async () => {
    await typeChips('not-an-address, ok@example.com')
    await expect.poll(() => chips().count()).toBe(2)
    expect(await chips().first().getAttribute('data-chip-state')).toBe('invalid')
    await pane().getByRole('button', { name: 'Remove not-an-address' }).click()
    await expect.poll(() => chips().allTextContents()).toEqual(['ok@example.com'])
    expect(await toField().inputValue()).toBe('')
    await pane().getByLabel('Subject', { exact: true }).click()
    expect(await toField().inputValue()).toBe('')
    await pane().getByRole('button', { name: 'Remove ok@example.com' }).click()
  })

  it('removing an invalid chip from the keyboard drops it too, and the caret stays in the field', async () => {
    await typeChips('still@@wrong')
    expect(await chips().first().getAttribute('data-chip-state')).toBe('invalid')
    await expectAccessible(app.page, 'compose with an invalid chip')
    await pane().getByRole('button', { name: 'Remove still@@wrong' }).focus()
    await app.page.keyboard.press('Enter')
    await expect.poll(() => chips().count()).toBe(0)
    expect(await toField().inputValue()).toBe('')
    await expect.poll(() => toField().evaluate((el) => el.ownerDocument.activeElement === el)).toBe(true)
  })

  it('coming back to the field still reopens a red chip as text to fix it', async () => {
    await typeChips('typo@example')
    await toField().click()
    await expect.poll(() => toField().inputValue()).toBe('typo@example')
    expect(app.pageErrors).toEqual([])
  })
})

describe('warnings before sending', () => {
  const body = () => pane().getByRole('textbox', { name: 'Message body' })

  it('asks before sending without a subject; Go back returns to the subject and nothing is sent', async () => {
    await toField().fill('ann@example.com')
    await pane().getByRole('tab', { name: 'Rich text' }).click()
    await body().click()
    await app.page.keyboard.type('Lunch on Friday?')
    await pane().getByRole('button', { name: 'Send', exact: true }).click()
    const dialog = app.page.getByRole('dialog', { name: 'Send this message?' })
    await expect.poll(() => dialog.textContent()).toContain('The subject is empty.')
    await expectAccessible(app.page, 'send warnings dialog')
    await dialog.getByRole('button', { name: 'Go back' }).click()
    await expect
      .poll(() =>
        pane()
          .getByLabel('Subject', { exact: true })
          .evaluate((el) => el.ownerDocument.activeElement === el),
      )
      .toBe(true)
    expect(await app.services.inbox.list()).toHaveLength(0)
  })

  it('asks when the text says "attached" and nothing is; Send anyway sends it once', async () => {
    await pane().getByLabel('Subject', { exact: true }).fill('Figures')
    await body().click()
    await app.page.keyboard.type(' The figures are attached.')
    await pane().getByRole('button', { name: 'Send', exact: true }).click()
    const dialog = app.page.getByRole('dialog', { name: 'Send this message?' })
    await expect.poll(() => dialog.textContent()).toContain('The message says “attached”, but nothing is attached.')
    expect(await dialog.textContent()).not.toContain('subject')
    await dialog.getByRole('button', { name: 'Send anyway' }).click()
    await expect
      .poll(async () => (await app.services.inbox.list()).map((m) => m.subject), { timeout: 15_000 })
      .toEqual(['Figures'])
    expect(app.pageErrors).toEqual([])
  })
})
