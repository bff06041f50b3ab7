import { app, BrowserWindow } from 'electron'
import ElectronStore from 'electron-store'
import { fileURLToPath } from 'node:url'
import { createAppServices } from '../services/app-services'
import { startAppInbox } from '../services/inbox/default-account'
import { createSystemKeychain } from '../services/keychain/keychain'
import { createFileLogger } from '../services/log/logger'
import { resolveDataDir } from '../services/settings/data-dir'
import { settingsFileName } from '../services/settings/settings-store'
import { electronFileDialog } from './file-dialog'
import { registerIpc } from './ipc'
import { createRouter } from './router'
import { installSecurityHooks } from './security'
import { broadcast, createAppWindow, type RendererSource } from './windows'

const preload = fileURLToPath(new URL('../preload/index.cjs', import.meta.url))
const renderer: RendererSource = process.env.ELECTRON_RENDERER_URL
  ? { kind: 'url', url: process.env.ELECTRON_RENDERER_URL }
  : { kind: 'file', path: fileURLToPath(new URL('../renderer/index.html', import.meta.url)) }

if (!app.requestSingleInstanceLock()) app.quit()
else start()

function start(): void {
  const dataDir = resolveDataDir(process.env, app.getPath('userData'))
  const logger = createFileLogger(dataDir)
  installSecurityHooks(logger)

  app.whenReady().then(async () => {
    const settings = new ElectronStore<Record<string, unknown>>({ cwd: dataDir, name: settingsFileName })
    const services = createAppServices({ dataDir, settings, keychain: createSystemKeychain(), logger })
    services.templateFiles.useFileDialog(electronFileDialog())
    registerIpc(createRouter(services), renderer, logger)
    // Messages left by a crash or waiting for a retry go out without the user asking.
    services.outbox.start()
    services.imap.copier.start() // copies for the Sent folder that wait for IMAP
    services.events.on(broadcast)
    // The local test inbox runs with the app; on first start its account is created (the default on a
    // fresh install) before the window asks for accounts. A failure is logged, never blocks the window.
    await startAppInbox({ inbox: services.inbox, accounts: services.accounts, settings, logger })
    app.on('will-quit', () => void services.inbox.stop())
    createAppWindow({ preload, renderer })
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) createAppWindow({ preload, renderer })
    })
  })

  app.on('second-instance', () => {
    const [window] = BrowserWindow.getAllWindows()
    if (window) {
      if (window.isMinimized()) window.restore()
      window.focus()
    }
  })
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })
}
