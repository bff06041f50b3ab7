import { spawn } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { AccountStore, accountsQuarantineKey } from '../../../../electron/services/accounts/account-store'
import { createKeychain } from '../../../../electron/services/keychain/keychain'
import { openConfSettings } from '../../../../electron/services/settings/open-conf-settings'
import { setAsideSettingsFile } from '../../../../electron/services/settings/settings-file'
import { migrateSettings, type SettingsMigration } from '../../../../electron/services/settings/settings-migrations'
import type { AccountInput } from '../../../../shared/contract'
import { tempHome } from '../../../helpers/temp-home'

// These tests need no secret: a keychain that holds nothing in memory stands in, the settings file is real.
const noKeychain = createKeychain({
  getPassword: async () => null,
  setPassword: async () => {},
  deletePassword: async () => true,
})

const input: AccountInput = {
  name: 'Home',
  email: 'me@home.test',
  host: 'smtp.home.test',
  port: 587,
  security: 'starttls',
  auth: false,
  username: '',
  allowInsecureAuth: false,
}

function record(overrides: Record<string, unknown>): Record<string, unknown> {
  return {
    id: randomUUID(),
    name: 'Work',
    email: 'me@work.test',
    host: 'smtp.work.test',
    port: 465,
    security: 'tls',
    auth: false,
    username: '',
    allowInsecureAuth: false,
    hasPassword: false,
    isDefault: true,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...overrides,
  }
}

function writeSettings(dir: string, data: unknown): string {
  const path = join(dir, 'settings.json')
  writeFileSync(path, JSON.stringify(data))
  return path
}

const onDisk = (dir: string) => JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8'))

describe('settings: nothing lost across versions', () => {
  it('an account with a key this version does not know is listed, and the key survives the next write', async () => {
    const dir = tempHome()
    const work = record({ sendingProfile: { warmup: true } })
    writeSettings(dir, { accounts: [work] })
    const store = new AccountStore(openConfSettings(dir), noKeychain)

    expect(store.list().map((a) => a.name)).toEqual(['Work'])
    await store.save(input)
    const saved = onDisk(dir).accounts
    expect(saved.map((a: { name: string }) => a.name)).toEqual(['Work', 'Home'])
    expect(saved[0].sendingProfile).toEqual({ warmup: true })
  })

  it('a record that does not parse is reported, then kept whole in the quarantine on the next write', async () => {
    const dir = tempHome()
    const broken = record({ name: 'Broken', port: 'five-eight-seven' })
    writeSettings(dir, { accounts: [broken, record({ name: 'Fine', isDefault: false })] })
    const store = new AccountStore(openConfSettings(dir), noKeychain)

    expect(store.list().map((a) => a.name)).toEqual(['Fine'])
    expect(store.quarantined()).toEqual([
      expect.objectContaining({ record: broken, reason: expect.stringMatching(/^port:/) }),
    ])

    await store.save(input)
    const file = onDisk(dir)
    expect(file.accounts.map((a: { name: string }) => a.name)).toEqual(['Fine', 'Home'])
    expect(file[accountsQuarantineKey]).toEqual([
      { record: broken, reason: expect.stringMatching(/^port:/), quarantinedAt: expect.any(String) },
    ])
    expect(store.quarantined()).toHaveLength(1)
  })

  it('a new file gets the current schema version; a file from a newer version keeps its number and its keys', async () => {
    const fresh = tempHome()
    openConfSettings(fresh).set('probe', 1)
    expect(onDisk(fresh).schemaVersion).toBe(1)

    const newer = tempHome()
    writeSettings(newer, { schemaVersion: 7, futureSection: { a: 1 }, accounts: [] })
    await new AccountStore(openConfSettings(newer), noKeychain).save(input)
    expect(onDisk(newer)).toMatchObject({ schemaVersion: 7, futureSection: { a: 1 } })
  })

  it('migrations run in order, each recorded, and only once', () => {
    const dir = tempHome()
    writeSettings(dir, { schemaVersion: 1, signature: 'old' })
    const settings = openConfSettings(dir)
    const ran: number[] = []
    const steps: SettingsMigration[] = [
      { version: 1, describe: 'base', migrate: () => ran.push(1) },
      {
        version: 2,
        describe: 'signature moves under compose',
        migrate: (s) => {
          ran.push(2)
          s.set('compose', { signature: s.get('signature') })
        },
      },
    ]
    expect(migrateSettings(settings, steps)).toEqual({ kind: 'migrated', from: 1, to: 2 })
    expect(migrateSettings(settings, steps)).toEqual({ kind: 'current', version: 2 })
    expect(ran).toEqual([2])
    expect(onDisk(dir)).toMatchObject({ schemaVersion: 2, signature: 'old', compose: { signature: 'old' } })
  })

  it('a truncated settings.json is named in the error, never read as empty; setting it aside keeps it', () => {
    const dir = tempHome()
    const path = writeSettings(dir, { accounts: [record({})] })
    const text = readFileSync(path, 'utf8')
    writeFileSync(path, text.slice(0, 40))

    let error: unknown
    try {
      openConfSettings(dir)
    } catch (caught) {
      error = caught
    }
    expect(error).toMatchObject({ code: 'SETTINGS_UNREADABLE', message: expect.stringContaining(path) })
    // The file was not emptied by the attempt.
    expect(readFileSync(path, 'utf8')).toBe(text.slice(0, 40))

    const aside = setAsideSettingsFile(path, new Date('2026-11-30T10:00:00Z'))
    expect(readFileSync(aside, 'utf8')).toBe(text.slice(0, 40))
    expect(existsSync(path)).toBe(false)
    expect(new AccountStore(openConfSettings(dir), noKeychain).list()).toEqual([])
    expect(readdirSync(dir)).toContain('settings.unreadable-2026-11-30T10-00-00-000Z.json')
  })

  it('a writer waits while another live process holds the lock, then writes', async () => {
    const dir = tempHome()
    const store = new AccountStore(openConfSettings(dir), noKeychain)
    const lock = join(dir, 'settings.json.lock')
    const released = join(dir, 'released')
    // Another process holds the lock and lets go a moment later, noting when.
    const holder = spawn(process.execPath, [
      '-e',
      `const fs = require('fs'); setTimeout(() => { fs.writeFileSync(${JSON.stringify(released)}, ''); fs.rmSync(${JSON.stringify(lock)}) }, 300)`,
    ])
    const exited = new Promise((r) => holder.on('exit', r))
    writeFileSync(lock, String(holder.pid))
    await store.save(input)
    expect(existsSync(released)).toBe(true) // the save did not write before the holder let go
    expect(store.list().map((a) => a.name)).toEqual(['Home'])
    await exited
  })

  it('a lock left by a process that is gone is taken over', async () => {
    const dir = tempHome()
    const store = new AccountStore(openConfSettings(dir), noKeychain)
    const lock = join(dir, 'settings.json.lock')
    writeFileSync(lock, '999999999') // no such process
    await store.save(input)
    expect(existsSync(lock)).toBe(false)
    expect(store.list().map((a) => a.name)).toEqual(['Home'])
  })

  it('creates the data folder for its owner only and settings.json readable by its owner only', async () => {
    const dir = join(tempHome(), 'Sendsmith')
    await new AccountStore(openConfSettings(dir), noKeychain).save(input)
    expect(statSync(dir).mode & 0o777).toBe(0o700)
    expect(statSync(join(dir, 'settings.json')).mode & 0o777).toBe(0o600)
  })
})
