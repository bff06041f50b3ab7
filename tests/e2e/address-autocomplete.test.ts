import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestSmtpServer, type TestSmtpServer } from '../helpers/smtp-test-server'
import { tempHome } from '../helpers/temp-home'
import { testAccount } from '../helpers/test-account'
import { expectAccessible } from './harness/accessibility'
import { launchApp, type RunningApp } from './harness/launch-app'
import { screenshotDir } from './harness/screenshot-dir'

const password = 'autocomplete-Secret-3'
const screenshots = screenshotDir()
let smtp: TestSmtpServer
let app: RunningApp

beforeAll(async () => {
  smtp = await startTestSmtpServer({ security: 'starttls', users: { 'ada@example.test': password } })
  app = await launchApp({
    home: tempHome(),
    viewport: { width: 1280, height: 900 },
    accounts: [testAccount(smtp.port, { password })],
  })
})
afterAll(async () => {
  await app?.close()
  await smtp?.close()
})

const pane = () => app.page.getByTestId('compose-pane').filter({ visible: true })
const field = (label: string) => pane().getByLabel(label, { exact: true })
const listbox = () => pane().getByRole('listbox', { name: 'Suggested addresses' })

/** Sends what the form holds; the outbox is flushed instead of waiting the undo delay out. */
async function send(subject: string, count: number) {
  await field('Subject').fill(subject)
  await pane().getByRole('button', { name: 'Send', exact: true }).click()
  await expect.poll(() => pane().getByTestId('send-result').textContent()).toMatch(/Sending in \d s|Message sent/)
  await app.services.outbox.flush({ force: true })
  await smtp.waitForMessages(count)
  await expect
    .poll(() => pane().getByTestId('send-result').textContent(), { timeout: 20_000 })
    .toContain('Message sent')
}

describe('address autocomplete in To/Cc/Bcc', () => {
  it('suggests someone written to before; Enter takes the suggestion as a chip and the message goes to them', async () => {
    const { page } = app
    await expect.poll(() => pane().getByRole('combobox').first().textContent()).toContain('Ada Lovelace')
    await field('To').fill('Grace Hopper <grace@example.test>')
    await send('First', 1)
    // The sent tab is cleared for the next message (send-feedback covers that), so this is a new message.
    await expect
      .poll(() =>
        pane()
          .getByRole('button', { name: /^Remove / })
          .count(),
      )
      .toBe(0)

    await field('To').pressSequentially('gra')
    await listbox().waitFor()
    const option = listbox().getByRole('option', { name: /Grace Hopper/ })
    await expect.poll(() => option.getAttribute('aria-selected')).toBe('true')
    expect(await option.textContent()).toContain('grace@example.test')
    await expect.poll(() => field('To').getAttribute('aria-expanded')).toBe('true')
    expect(await field('To').getAttribute('aria-activedescendant')).toBe(await option.getAttribute('id'))
    await expectAccessible(page, 'compose: address suggestions open')
    await page.screenshot({ path: `${screenshots}/compose-autocomplete.png`, animations: 'disabled' })

    await field('To').press('Enter')
    await pane().getByRole('button', { name: 'Remove Grace Hopper <grace@example.test>' }).waitFor()
    expect(await field('To').inputValue()).toBe('')
    await listbox().waitFor({ state: 'detached' })
    await send('Second', 2)
    expect(smtp.messages[1].to).toEqual(['grace@example.test'])
    expect(smtp.messages[1].parsed.to).toMatchObject({
      value: [{ name: 'Grace Hopper', address: 'grace@example.test' }],
    })
  })

  it("Escape closes the list; the account's own address is offered too; ArrowDown/Up move, Tab takes one", async () => {
    await field('Cc').pressSequentially('g')
    await listbox().waitFor()
    await field('Cc').press('Escape')
    await listbox().waitFor({ state: 'detached' })
    expect(await field('Cc').inputValue()).toBe('g')
    await field('Cc').fill('')
    await field('Cc').pressSequentially('ada')
    await expect.poll(() => listbox().getByRole('option').allTextContents()).toEqual(['Ada Lovelaceada@example.test'])
    await field('Cc').press('ArrowDown')
    await field('Cc').press('ArrowUp')
    await field('Cc').press('Tab')
    await pane().getByRole('button', { name: 'Remove Ada Lovelace <ada@example.test>' }).waitFor()
    expect(app.pageErrors).toEqual([])
  })
})
