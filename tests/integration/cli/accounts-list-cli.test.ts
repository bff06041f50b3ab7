import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openSettingsReader } from '../../../electron/services/settings/settings-reader'
import { runCli } from '../../helpers/run-cli'
import { tempHome } from '../../helpers/temp-home'

const settingsFile = (home: string) => join(home, 'settings.json')
const readSettings = (home: string) => JSON.parse(readFileSync(settingsFile(home), 'utf8')) as Record<string, unknown>

async function homeWithAccounts(...names: string[]): Promise<string> {
  const home = tempHome()
  for (const name of names) {
    const added = await runCli(
      ['accounts', 'add', '--name', name, '--email', `${name.toLowerCase()}@example.test`].concat([
        '--host',
        'smtp.example.test',
        '--port',
        '587',
        '--security',
        'starttls',
      ]),
      { home },
    )
    expect(added.code, added.stderr).toBe(0)
  }
  return home
}

// `accounts list` reads settings.json without conf, the keychain or the services (the fast path);
// these check that it answers as the full path does, and hands over to it where it must.
describe('sendsmith accounts list (read-only)', () => {
  it('lists the accounts with the default marked, as text and JSON, without a keychain and without writing', async () => {
    const home = await homeWithAccounts('Work', 'Home')
    const before = readFileSync(settingsFile(home), 'utf8')
    // No Secret Service: listing must not need one.
    const env = { DBUS_SESSION_BUS_ADDRESS: '', DISPLAY: '' }
    const text = await runCli(['accounts', 'list'], { home, env })
    expect(text.code, text.stderr).toBe(0)
    expect(text.stdout).toBe(
      '* Work\twork@example.test\tsmtp.example.test:587\tstarttls\n  Home\thome@example.test\tsmtp.example.test:587\tstarttls\n',
    )
    const json = JSON.parse((await runCli(['accounts', 'list', '--json'], { home, env })).stdout)
    expect(json).toEqual([
      expect.objectContaining({ name: 'Work', isDefault: true, hasPassword: false }),
      expect.objectContaining({ name: 'Home', isDefault: false }),
    ])
    expect(readFileSync(settingsFile(home), 'utf8')).toBe(before)
    expect(existsSync(`${settingsFile(home)}.lock`)).toBe(false)
  })

  it('reports a record that does not parse and lists the others', async () => {
    const home = await homeWithAccounts('Work')
    const settings = readSettings(home)
    settings.accounts = [...(settings.accounts as unknown[]), { id: 'broken', name: 42 }]
    writeFileSync(settingsFile(home), JSON.stringify(settings))
    const run = await runCli(['accounts', 'list'], { home })
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/^\* Work\t/)
    expect(run.stderr).toContain('an account record could not be read')
    expect(run.stderr).toContain('under "accountsQuarantine"')
  })

  it('an older settings file, a missing one and a bad option go the full way: upgraded, created, refused', async () => {
    const home = await homeWithAccounts('Work')
    const settings = readSettings(home)
    delete settings.schemaVersion
    writeFileSync(settingsFile(home), JSON.stringify(settings))
    expect(openSettingsReader(home)).toBeUndefined()
    const run = await runCli(['accounts', 'list'], { home })
    expect(run.stdout).toMatch(/^\* Work\t/)
    expect(readSettings(home).schemaVersion).toBe(1)
    expect(openSettingsReader(home)?.get('accounts')).toEqual(readSettings(home).accounts)

    const fresh = tempHome()
    const empty = await runCli(['accounts', 'list'], { home: fresh })
    expect(empty.stdout).toBe('No accounts yet. Add one with: sendsmith accounts add --help\n')
    expect(existsSync(settingsFile(fresh))).toBe(true)

    const bad = await runCli(['accounts', 'list', '--jsn'], { home })
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain("Unknown option '--jsn'")
  })

  it('reads a dotted key as a path, as conf does, and refuses to write', async () => {
    const home = await homeWithAccounts('Work')
    const settings = readSettings(home)
    writeFileSync(settingsFile(home), JSON.stringify({ ...settings, network: { allowedHosts: ['intranet.test'] } }))
    const reader = openSettingsReader(home)!
    expect(reader.get('network.allowedHosts')).toEqual(['intranet.test'])
    expect(reader.get('network.nothing.here')).toBeUndefined()
    expect(() => reader.set('accounts', [])).toThrow(/read-only/)
    writeFileSync(settingsFile(home), '{"accounts": [')
    expect(openSettingsReader(home)).toBeUndefined()
  })
})
