import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import { rendererSource } from '../../../electron/main/renderer-source'
import { tempHome } from '../../helpers/temp-home'
import * as electron from '../../mocks/electron'

// The built main, packaged, started with ELECTRON_RENDERER_URL pointing at an attacker's page.
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

const builtIndex = new URL('../../../out/renderer/index.html', import.meta.url)
const evil = 'https://evil.example/phish.html'

describe('ELECTRON_RENDERER_URL in a packaged app', () => {
  beforeAll(async () => {
    process.env.SENDSMITH_HOME = tempHome()
    process.env.ELECTRON_RENDERER_URL = evil
    electron.app.isPackaged = true
    process.env.SENDSMITH_NO_UPDATES = '1' // a packaged app checks for updates; not here (no network)
    await import(/* @vite-ignore */ fileURLToPath(new URL('../../../out/main/index.js', import.meta.url)))
    for (let i = 0; i < 200 && electron.BrowserWindow.created.length === 0; i++)
      await new Promise((r) => setTimeout(r, 25))
    delete process.env.ELECTRON_RENDERER_URL
  })

  it('is ignored: the window loads the built renderer, not the named page', () => {
    expect(electron.BrowserWindow.created[0].loaded).toEqual({ file: fileURLToPath(builtIndex) })
  })

  it('a page at that address gets no answer over IPC', async () => {
    const window = electron.BrowserWindow.created[0]
    const reply = await electron.ipcMain.handlers.get('accounts:list')!(
      { sender: window.webContents, senderFrame: { url: evil, parent: null } },
      {},
    )
    expect(reply).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_SENDER' } })
  })

  it('the packaged menu has no Reload and no DevTools', () => {
    const roles = JSON.stringify(electron.Menu.applicationMenu?.template)
    for (const role of ['reload', 'forceReload', 'toggleDevTools']) expect(roles).not.toContain(`"role":"${role}"`)
  })
})

describe('where the renderer comes from', () => {
  it('the dev server only when unpackaged', () => {
    expect(rendererSource({ ELECTRON_RENDERER_URL: 'http://localhost:5173' }, false, builtIndex)).toEqual({
      kind: 'url',
      url: 'http://localhost:5173',
    })
    expect(rendererSource({ ELECTRON_RENDERER_URL: evil }, true, builtIndex)).toEqual({
      kind: 'file',
      path: fileURLToPath(builtIndex),
    })
    expect(rendererSource({}, false, builtIndex)).toEqual({ kind: 'file', path: fileURLToPath(builtIndex) })
  })

  it('no other main-process file reads ELECTRON_RENDERER_URL to choose what to load', () => {
    const dir = fileURLToPath(new URL('../../../electron/main/', import.meta.url))
    const readers = readdirSync(dir).filter((f) =>
      /process\.env\.ELECTRON_RENDERER_URL|env\.ELECTRON_RENDERER_URL/.test(readFileSync(join(dir, f), 'utf8')),
    )
    // start-app.ts only logs that the variable was ignored in a packaged app.
    expect(readers.sort()).toEqual(['renderer-source.ts', 'start-app.ts'])
    const start = readFileSync(join(dir, 'start-app.ts'), 'utf8')
    expect(start).toContain('rendererSource(process.env, app.isPackaged, options.rendererIndex)')
  })
})
