import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import { tempHome } from '../../helpers/temp-home'
import * as electron from '../../mocks/electron'

// The built main against a truncated settings.json (seen after a crash): the stand-in electron
// records the dialog; electron-store's base library `conf` reads the real file.
vi.mock('electron', () => import('../../mocks/electron'))
vi.mock('electron-store', async () => {
  const { default: Conf } = await import('conf')
  return {
    default: class extends Conf<Record<string, unknown>> {
      constructor(options: { cwd: string; name: string }) {
        super({ ...options, configName: options.name, projectName: 'sendsmith' })
      }
    },
  }
})

const home = tempHome()
const settingsPath = join(home, 'settings.json')
const truncated = '{"accounts":[{"id":"5d0c2a4e-8a7f-4b51-9a57-2f1c6f0e6b3a","name":"Wo'

describe('start-up with a truncated settings.json', () => {
  beforeAll(async () => {
    writeFileSync(settingsPath, truncated)
    process.env.SENDSMITH_HOME = home
    electron.dialog.messageAnswers = [0] // the user picks "Start with Fresh Settings"
    await import(/* @vite-ignore */ fileURLToPath(new URL('../../../out/main/index.js', import.meta.url)))
    for (let i = 0; i < 400 && electron.app.exitCode === undefined; i++) await new Promise((r) => setTimeout(r, 25))
  })

  it('shows the cause, the file, and a way out instead of a windowless process', () => {
    expect(electron.BrowserWindow.created).toHaveLength(0)
    const [box] = electron.dialog.messages
    expect(box.options.message).toBe('Sendsmith could not start')
    expect(box.options.detail).toContain(settingsPath)
    expect(box.options.buttons).toEqual(['Start with Fresh Settings', 'Open Data Folder', 'Quit'])
  })

  it('"Start with Fresh Settings" keeps the old file aside, relaunches and ends this process (freeing the lock)', () => {
    expect(existsSync(settingsPath)).toBe(false)
    const aside = readdirSync(home).find((f) => f.startsWith('settings.unreadable-'))
    expect(aside).toBeDefined()
    expect(readFileSync(join(home, aside!), 'utf8')).toBe(truncated)
    expect(electron.app.relaunched).toBe(1)
    expect(electron.app.exitCode).toBe(1)
  })
})
