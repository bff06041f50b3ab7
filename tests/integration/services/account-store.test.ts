import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import type { AccountInput } from '../../../shared/contract'
import { AccountStore } from '../../../electron/services/accounts/account-store'
import { createKeychain } from '../../../electron/services/keychain/keychain'
import { openConfSettings } from '../../../electron/services/settings/open-conf-settings'
import { keychainEntry } from '../../helpers/keychain-entry'
import { testServices } from '../../helpers/services'
import { tempHome } from '../../helpers/temp-home'

const input: AccountInput = {
  name: 'Work',
  email: 'me@example.test',
  host: 'smtp.example.test',
  port: 587,
  security: 'starttls',
  auth: true,
  username: 'me@example.test',
  password: 's3cret-Passw0rd!',
  allowInsecureAuth: false,
}

describe('accounts: records in settings, passwords in the keychain', () => {
  it('stores the password in the Secret Service and only hasPassword in the settings file', async () => {
    const services = testServices()
    const saved = await services.accounts.save(input)
    expect(saved.hasPassword).toBe(true)
    expect(await keychainEntry(saved.id)).toBe('s3cret-Passw0rd!')
    const settings = readFileSync(openConfSettings(services.dataDir).path, 'utf8')
    expect(settings).toContain('smtp.example.test')
    expect(settings).not.toContain('s3cret-Passw0rd!')
    expect(settings).not.toMatch(/"password"/)
  })

  it('keeps the stored password when an edit leaves it empty, and replaces it when one is typed', async () => {
    const services = testServices()
    const saved = await services.accounts.save(input)
    const edited = await services.accounts.save({ ...input, id: saved.id, host: 'mail.example.test', password: undefined })
    expect(edited.host).toBe('mail.example.test')
    expect(edited.hasPassword).toBe(true)
    expect(await keychainEntry(saved.id)).toBe('s3cret-Passw0rd!')
    await services.accounts.save({ ...input, id: saved.id, password: 'new-one' })
    expect(await keychainEntry(saved.id)).toBe('new-one')
    expect(services.accounts.list()).toHaveLength(1)
  })

  it('turning authentication off removes the keychain entry', async () => {
    const services = testServices()
    const saved = await services.accounts.save(input)
    const edited = await services.accounts.save({ ...input, id: saved.id, auth: false, username: '', password: undefined })
    expect(edited.hasPassword).toBe(false)
    expect(await keychainEntry(saved.id)).toBeNull()
  })

  it('deleting an account removes its record and its keychain entry', async () => {
    const services = testServices()
    const keep = await services.accounts.save({ ...input, name: 'Personal' })
    const gone = await services.accounts.save(input)
    await services.accounts.delete(gone.id)
    expect(services.accounts.list().map((a) => a.name)).toEqual(['Personal'])
    expect(await keychainEntry(gone.id)).toBeNull()
    expect(await keychainEntry(keep.id)).toBe('s3cret-Passw0rd!')
  })

  it('refuses a second account with the same display name, naming the field', async () => {
    const services = testServices()
    await services.accounts.save(input)
    await expect(services.accounts.save({ ...input, name: 'work' })).rejects.toMatchObject({ code: 'VALIDATION', field: 'name' })
  })

  it('refuses AUTH without encryption unless the user consented', async () => {
    const services = testServices()
    await expect(services.accounts.save({ ...input, security: 'none' })).rejects.toMatchObject({ issues: [expect.objectContaining({ path: ['security'] })] })
    const saved = await services.accounts.save({ ...input, security: 'none', allowInsecureAuth: true })
    expect(saved.allowInsecureAuth).toBe(true)
  })

  it('when the keychain fails, says so plainly and stores nothing', async () => {
    // Stand-in keytar: it fails the way keytar does without a Secret Service ("Cannot autolaunch
    // D-Bus"); the real failure is exercised through the CLI in tests/integration/cli.
    const failing = createKeychain({
      getPassword: () => Promise.reject(new Error('Cannot autolaunch D-Bus without X11 $DISPLAY')),
      setPassword: () => Promise.reject(new Error('Cannot autolaunch D-Bus without X11 $DISPLAY')),
      deletePassword: () => Promise.reject(new Error('Cannot autolaunch D-Bus without X11 $DISPLAY')),
    })
    const dataDir = tempHome()
    const settings = openConfSettings(dataDir)
    const store = new AccountStore(settings, failing)
    await expect(store.save(input)).rejects.toMatchObject({ code: 'KEYCHAIN_UNAVAILABLE', message: expect.stringContaining('Cannot autolaunch D-Bus'), hint: expect.stringContaining('GNOME Keyring') })
    expect(store.list()).toEqual([])
    expect(JSON.stringify(settings.get('accounts') ?? null)).not.toContain('s3cret')
  })
})
