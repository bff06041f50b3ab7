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

  it('keeps the stored password when an edit of the same server leaves it empty, and replaces it when one is typed', async () => {
    const services = testServices()
    const saved = await services.accounts.save(input)
    // Another server drops it instead: tests/integration/security/secret-follows-server.test.ts.
    const edited = await services.accounts.save({
      ...input,
      id: saved.id,
      name: 'Renamed',
      password: undefined,
    })
    expect(edited.name).toBe('Renamed')
    expect(edited.hasPassword).toBe(true)
    expect(await keychainEntry(saved.id)).toBe('s3cret-Passw0rd!')
    await services.accounts.save({ ...input, id: saved.id, password: 'new-one' })
    expect(await keychainEntry(saved.id)).toBe('new-one')
    expect(services.accounts.list()).toHaveLength(1)
  })

  it('turning authentication off removes the keychain entry', async () => {
    const services = testServices()
    const saved = await services.accounts.save(input)
    const edited = await services.accounts.save({
      ...input,
      id: saved.id,
      auth: false,
      username: '',
      password: undefined,
    })
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
    await expect(services.accounts.save({ ...input, name: 'work' })).rejects.toMatchObject({
      code: 'VALIDATION',
      field: 'name',
    })
  })

  it('refuses AUTH without encryption unless the user consented', async () => {
    const services = testServices()
    await expect(services.accounts.save({ ...input, security: 'none' })).rejects.toMatchObject({
      issues: [expect.objectContaining({ path: ['security'] })],
    })
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
    await expect(store.save(input)).rejects.toMatchObject({
      code: 'KEYCHAIN_UNAVAILABLE',
      message: expect.stringContaining('Cannot autolaunch D-Bus'),
      hint: expect.stringContaining('GNOME Keyring'),
    })
    expect(store.list()).toEqual([])
    expect(JSON.stringify(settings.get('accounts') ?? null)).not.toContain('s3cret')
  })
})

describe('several accounts: default, duplicate, export and import', () => {
  const pin = {
    fingerprint: `sha256:${'ab'.repeat(32)}`,
    pem: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n',
    subject: 'CN=localhost',
    validTo: '2030-01-01',
    trustedAt: '2026-11-24T00:00:00.000Z',
  }

  it('the first account is the default; making another default moves it; deleting the default hands it on', async () => {
    const services = testServices()
    const work = await services.accounts.save(input)
    const home = await services.accounts.save({ ...input, name: 'Home' })
    expect([work.isDefault, home.isDefault]).toEqual([true, false])
    expect(services.accounts.makeDefault(home.id).map((a) => [a.name, a.isDefault])).toEqual([
      ['Work', false],
      ['Home', true],
    ])
    await services.accounts.delete(home.id)
    expect(services.accounts.defaultAccount().name).toBe('Work')
  })

  it('duplicates an account with its keychain secret under a free name', async () => {
    const services = testServices()
    const work = await services.accounts.save(input)
    const copy = await services.accounts.duplicate(work.id)
    const copy2 = await services.accounts.duplicate(work.id)
    expect([copy.name, copy2.name]).toEqual(['Work (copy)', 'Work (copy 2)'])
    expect(copy).toMatchObject({ host: 'smtp.example.test', hasPassword: true, isDefault: false })
    expect(await keychainEntry(copy.id)).toBe('s3cret-Passw0rd!')
  })

  it('keeps a pinned certificate across edits of the same server and drops it when the server changes', async () => {
    const services = testServices()
    const work = await services.accounts.save(input)
    services.accounts.trust(work.id, pin)
    const renamed = await services.accounts.save({ ...input, id: work.id, name: 'Office' })
    expect(renamed.trustedCertificate?.fingerprint).toBe(pin.fingerprint)
    const moved = await services.accounts.save({ ...input, id: work.id, name: 'Office', host: 'other.example.test' })
    expect(moved.trustedCertificate).toBeUndefined()
    expect(services.accounts.untrust(work.id).trustedCertificate).toBeUndefined()
  })

  it('exports settings without any secret and imports them elsewhere, skipping what clashes or is invalid', async () => {
    const source = testServices()
    const work = await source.accounts.save({ ...input, replyTo: 'team@example.test', signatureHtml: '<p>-- Ada</p>' })
    source.accounts.trust(work.id, pin)
    await source.accounts.save({ ...input, name: 'Home', host: 'smtp.home.test' })
    const json = source.accounts.exportJson()
    expect(json).not.toContain('s3cret-Passw0rd!')
    expect(json).not.toContain(work.id)
    expect(json).not.toContain('hasPassword')

    const target = testServices()
    await target.accounts.save({ ...input, name: 'Home', host: 'already.here.test' })
    const tampered = JSON.parse(json)
    tampered.accounts.push({ ...tampered.accounts[0], name: 'Broken', port: 0 })
    // The user accepted the pinned certificate of "Work" in the import review.
    const result = await target.accounts.importJson(JSON.stringify(tampered), [{ index: 0, trustedCertificate: true }])
    expect(result.imported.map((a) => [a.name, a.hasPassword, a.replyTo, a.trustedCertificate?.fingerprint])).toEqual([
      ['Work', false, 'team@example.test', pin.fingerprint],
    ])
    expect(result.skipped).toEqual([
      { name: 'Home', reason: 'An account named "Home" already exists' },
      { name: 'Broken', reason: 'Port must be from 1 to 65535 (587 for STARTTLS, 465 for SSL/TLS)' },
    ])
  })

  it('refuses a file that is not an export, naming the problem', async () => {
    await expect(testServices().accounts.importJson('{"accounts": 1}')).rejects.toMatchObject({
      code: 'VALIDATION',
      message: 'The file is not a Sendsmith account export',
    })
    await expect(testServices().accounts.importJson('not json')).rejects.toMatchObject({
      code: 'VALIDATION',
      field: 'json',
    })
  })
})
