import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import { channels } from '../../../shared/contract'
import { tempHome } from '../../helpers/temp-home'
import * as electron from '../../mocks/electron'

// Electron's binary is not available here: main runs against the stand-in module, which records
// what it registers.
vi.mock('electron', () => import('../../mocks/electron'))
// electron-store needs a running Electron app: its base library `conf` stands in, over the same file.
vi.mock('electron-store', async () => {
  const { default: Conf } = await import('conf')
  return {
    default: class extends Conf<Record<string, unknown>> {
      constructor(options: { cwd: string; name: string; configFileMode?: number }) {
        super({ ...options, configName: options.name, projectName: 'sendsmith' })
      }
    },
  }
})

const builtMain = fileURLToPath(new URL('../../../out/main/index.js', import.meta.url))

describe('the built main process, under a stand-in electron module', () => {
  beforeAll(async () => {
    process.env.SENDSMITH_HOME = tempHome()
    await import(/* @vite-ignore */ builtMain)
    // Main opens its window once the local inbox has started: wait for it, not for a fixed time.
    for (let i = 0; i < 200 && electron.BrowserWindow.created.length === 0; i++)
      await new Promise((r) => setTimeout(r, 25))
  })

  it('opens one window with the locked-down webPreferences', () => {
    expect(electron.BrowserWindow.created).toHaveLength(1)
    const { webPreferences } = electron.BrowserWindow.created[0].options
    expect(webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
    })
    expect(Object.isFrozen(webPreferences)).toBe(true)
  })

  it('names a preload file that exists in the build output as one CommonJS file', () => {
    const preload = electron.BrowserWindow.created[0].options.webPreferences.preload as string
    expect(preload).toBe(fileURLToPath(new URL('../../../out/preload/index.cjs', import.meta.url)))
    expect(existsSync(preload)).toBe(true)
    const code = readFileSync(preload, 'utf8')
    expect(code).toContain('require("electron")')
    expect(code).not.toMatch(/^import /m)
    expect(code).not.toMatch(/require\("(?!electron")/) // everything else bundled in: a sandboxed preload cannot require
  })

  it('loads the built renderer from a file', () => {
    expect(electron.BrowserWindow.created[0].loaded?.file).toBe(
      fileURLToPath(new URL('../../../out/renderer/index.html', import.meta.url)),
    )
  })

  it('registers every contract channel exactly once', () => {
    expect([...electron.ipcMain.registrations].sort()).toEqual([...channels].sort())
  })

  it('refuses calls from a sub-frame, a foreign window or another page, and logs nothing secret', async () => {
    const window = electron.BrowserWindow.created[0]
    const rendererUrl = `file://${fileURLToPath(new URL('../../../out/renderer/index.html', import.meta.url))}`
    const handler = electron.ipcMain.handlers.get('accounts:list')!
    const mainFrame = { url: rendererUrl, parent: null }
    const subFrame = { url: rendererUrl, parent: mainFrame }
    const foreign = new electron.FakeWebContents()

    expect(await handler({ sender: window.webContents, senderFrame: subFrame }, {})).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN_SENDER' },
    })
    expect(await handler({ sender: foreign, senderFrame: mainFrame }, {})).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN_SENDER' },
    })
    expect(
      await handler({ sender: window.webContents, senderFrame: { url: 'https://evil.example/', parent: null } }, {}),
    ).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_SENDER' } })
    expect(await handler({ sender: window.webContents, senderFrame: null }, {})).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN_SENDER' },
    })
    expect(await handler({ sender: window.webContents, senderFrame: mainFrame }, {})).toEqual({
      ok: true,
      value: expect.any(Array),
    })
  })

  it('denies navigation, new windows and permissions; only https and mailto links leave the app', () => {
    const contents = new electron.FakeWebContents()
    electron.app.emit('web-contents-created', {}, contents)
    let prevented = false
    contents.emit('will-navigate', { preventDefault: () => (prevented = true) }, 'https://evil.example/')
    expect(prevented).toBe(true)

    for (const url of [
      'https://sendsmith.example/help',
      'mailto:help@example.com',
      'http://plain.example/',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'not a url',
    ]) {
      expect(contents.windowOpenHandler?.({ url })).toEqual({ action: 'deny' })
    }
    expect(electron.shell.opened).toEqual(['https://sendsmith.example/help', 'mailto:help@example.com'])

    let granted: boolean | undefined
    electron.permissionHandlers.request?.({}, 'media', (answer: boolean) => (granted = answer))
    expect(granted).toBe(false)
    expect(electron.permissionHandlers.check?.({}, 'notifications')).toBe(false)
  })
})

describe('the built main as a desktop app, under a stand-in electron module', () => {
  const mainFrameOf = (window: electron.BrowserWindow) => ({
    sender: window.webContents,
    senderFrame: {
      url: `file://${fileURLToPath(new URL('../../../out/renderer/index.html', import.meta.url))}`,
      parent: null,
    },
  })

  it('installs the application menu, a tray icon with the outbox count, and keeps spelling downloads off', () => {
    const labels = JSON.stringify(electron.Menu.applicationMenu?.template)
    for (const label of ['New Message', 'Send', 'Send Later…', 'Save Draft', 'Make Sendsmith the Default Mail App'])
      expect(labels).toContain(`"label":"${label}"`)
    expect(electron.Tray.created).toHaveLength(1)
    expect(electron.Tray.created[0].toolTip).toBe('Sendsmith: Outbox empty')
    expect(electron.session.defaultSession.spellCheckerEnabled).toBe(false)
    expect(electron.session.defaultSession.spellCheckerLanguages).toEqual([])
  })

  it('a mailto: link given to a second launch opens a compose tab with the fields filled', async () => {
    const window = electron.BrowserWindow.created[0]
    window.webContents.finishLoad()
    electron.app.emit(
      'second-instance',
      {},
      ['sendsmith', 'mailto:ann@example.com?cc=bo@example.com&subject=Hello%20there&body=Hi%20Ann'],
      '/',
    )
    let opened: { id: string } | undefined
    for (let i = 0; i < 200 && !opened; i++) {
      opened = window.webContents.sent.find(([name]) => name === 'desktop:openDraft')?.[1] as { id: string } | undefined
      if (!opened) await new Promise((r) => setTimeout(r, 25))
    }
    expect(opened).toBeDefined()
    const draft = await electron.ipcMain.handlers.get('drafts:get')!(mainFrameOf(window), { id: opened!.id })
    expect(draft).toMatchObject({
      ok: true,
      value: { to: 'ann@example.com', cc: 'bo@example.com', subject: 'Hello there', html: '<p>Hi Ann</p>' },
    })
  })

  it('Copy buttons write the clipboard from main, although the window holds no clipboard permission', async () => {
    const window = electron.BrowserWindow.created[0]
    const copy = electron.ipcMain.handlers.get('desktop:copy')!
    expect(await copy(mainFrameOf(window), { text: 'smtp://127.0.0.1:2525' })).toEqual({
      ok: true,
      value: { copied: true },
    })
    expect(electron.clipboard.text).toBe('smtp://127.0.0.1:2525')
    let granted: boolean | undefined
    electron.permissionHandlers.request?.({}, 'clipboard-sanitized-write', (answer: boolean) => (granted = answer))
    expect(granted).toBe(false)
    // A page that is not ours cannot use the channel to fill the clipboard.
    const foreign = { sender: window.webContents, senderFrame: { url: 'https://evil.example/', parent: null } }
    expect(await copy(foreign, { text: 'rm -rf ~' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_SENDER' } })
    expect(electron.clipboard.text).toBe('smtp://127.0.0.1:2525')
  })

  it('with an empty outbox, quitting does not ask', async () => {
    electron.app.quit()
    for (let i = 0; i < 200 && !electron.app.quitted; i++) await new Promise((r) => setTimeout(r, 25))
    expect(electron.app.quitted).toBe(true)
    expect(electron.dialog.messages.filter((m) => m.options.message.includes('outbox'))).toEqual([])
  })
})

describe('the preload, under a stand-in electron module', () => {
  it('exposes only window.sendsmith, whose calls go through ipcRenderer.invoke', async () => {
    await import('../../../electron/preload/index')
    expect([...electron.contextBridge.exposed.keys()]).toEqual(['sendsmith'])
    const api = electron.contextBridge.exposed.get('sendsmith') as {
      accounts: { list(r: object): Promise<unknown> }
      on: (e: string, l: (p: unknown) => void) => () => void
    }
    expect(await api.accounts.list({})).toEqual({ ok: true, value: [] })
    expect(electron.ipcRenderer.invoked).toEqual([['accounts:list', {}]])

    const seen: unknown[] = []
    const off = api.on('send:progress', (p) => seen.push(p))
    electron.ipcRenderer.emit('send:progress', {}, { stage: 'sending' })
    off()
    electron.ipcRenderer.emit('send:progress', {}, { stage: 'sent' })
    expect(seen).toEqual([{ stage: 'sending' }])
  })
})
