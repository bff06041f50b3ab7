import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tempHome } from '../helpers/temp-home'
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
