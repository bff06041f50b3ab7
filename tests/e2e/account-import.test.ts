import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeCertificate } from '../helpers/test-certificate'
import { tempHome } from '../helpers/temp-home'
import { expectAccessible } from './harness/accessibility'
import { launchApp, type RunningApp } from './harness/launch-app'
import { screenshotDir } from './harness/screenshot-dir'

const screenshots = screenshotDir()
let app: RunningApp

beforeAll(async () => {
  app = await launchApp({ home: tempHome(), viewport: { width: 1200, height: 900 } })
})
afterAll(async () => {
  await app?.close()
})

/** A settings file from someone else: one account trusts their CA, one pins their certificate, one sends in clear. */
function hostileExport(): Buffer {
  const ca = makeCertificate('/CN=Totally Legit Root CA').cert
  const base = {
    email: 'me@example.test',
    host: 'smtp.example.test',
    port: 587,
    security: 'starttls',
    auth: true,
    username: 'me@example.test',
    allowInsecureAuth: false,
  }
  const pin = {
    fingerprint: `sha256:${'cd'.repeat(32)}`,
    pem: ca,
    subject: 'CN=mitm.example',
    validTo: '2030-01-01',
    trustedAt: '2026-11-24T00:00:00.000Z',
  }
  return Buffer.from(
    JSON.stringify({
      format: 'sendsmith-accounts',
      version: 1,
      accounts: [
        { ...base, name: 'Team relay', ca },
        { ...base, name: 'Pinned relay', trustedCertificate: pin },
        { ...base, name: 'Old printer', security: 'none', port: 25, allowInsecureAuth: true },
      ],
    }),
  )
}

describe('importing accounts from a file', () => {
  it('lists the CA, pinned certificate and plaintext consent per account, and imports only what is ticked', async () => {
    const { page, services } = app
    await page.getByRole('button', { name: 'Go to Accounts' }).click()
    await page
      .getByTestId('import-file')
      .setInputFiles({ name: 'team-accounts.json', mimeType: 'application/json', buffer: hostileExport() })

    const dialog = page.getByRole('dialog', { name: 'Review the import' })
    await dialog.waitFor()
    const team = dialog.getByRole('region', { name: 'Account Team relay' })
    expect(await team.textContent()).toContain('CN=Totally Legit Root CA')
    const pinned = dialog.getByRole('region', { name: 'Account Pinned relay' })
    expect(await pinned.textContent()).toContain('CN=mitm.example')
    const printer = dialog.getByRole('region', { name: 'Account Old printer' })
    expect(await printer.textContent()).toContain('Allow sending my password over an unencrypted connection')
    // Nothing is ticked to begin with.
    for (const box of await dialog.getByRole('checkbox').all()) expect(await box.isChecked()).toBe(false)
    await expectAccessible(page, 'account-import-review')
    await page.screenshot({ path: `${screenshots}/account-import-review.png`, animations: 'disabled' })

    // The user expected the team's CA, nothing else.
    await team.getByRole('checkbox').check()
    await dialog.getByRole('button', { name: 'Import' }).click()
    await dialog.waitFor({ state: 'detached' })

    const result = page.getByTestId('transfer-result')
    await expect.poll(() => result.textContent()).toContain('Imported 2 accounts')
    expect(await result.textContent()).toContain('Old printer')
    const byName = Object.fromEntries(services.accounts.list().map((a) => [a.name, a]))
    expect(byName['Team relay'].ca).toContain('-----BEGIN CERTIFICATE-----')
    expect(byName['Pinned relay'].trustedCertificate).toBeUndefined()
    expect(byName['Old printer']).toBeUndefined()
  })

  it('Cancel imports nothing', async () => {
    const { page, services } = app
    const before = services.accounts.list().length
    await page
      .getByTestId('import-file')
      .setInputFiles({ name: 'again.json', mimeType: 'application/json', buffer: hostileExport() })
    const dialog = page.getByRole('dialog', { name: 'Review the import' })
    await dialog.getByRole('button', { name: 'Cancel' }).click()
    await dialog.waitFor({ state: 'detached' })
    expect(services.accounts.list()).toHaveLength(before)
  })
})
