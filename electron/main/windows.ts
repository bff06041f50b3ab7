import { BrowserWindow, type WebPreferences } from 'electron'

/** The same locked-down preferences for every window (ARCHITECTURE.md, security rules). */
export function secureWebPreferences(preload: string): Readonly<WebPreferences> {
  return Object.freeze({
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInSubFrames: false,
    nodeIntegrationInWorker: false,
    webviewTag: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    spellcheck: true,
  })
}

/** Where the renderer is loaded from: the built file, or the dev server during `electron-vite dev`. */
export type RendererSource = { kind: 'file'; path: string } | { kind: 'url'; url: string }

const ownWindows = new Set<number>()

/** True when the web contents belong to a window this factory made. */
export function isOwnWebContents(webContentsId: number): boolean {
  return ownWindows.has(webContentsId)
}

/** Sends an app-wide event to every window this factory made. */
export function broadcast(event: string, payload: unknown): void {
  for (const window of BrowserWindow.getAllWindows()) {
    if (ownWindows.has(window.webContents.id) && !window.webContents.isDestroyed())
      window.webContents.send(event, payload)
  }
}

/** The one window factory: every BrowserWindow of the app is made here. */
export function createAppWindow(options: { preload: string; renderer: RendererSource }): BrowserWindow {
  const window = new BrowserWindow({
    width: 1180,
    height: 800,
    minWidth: 760,
    minHeight: 520,
    title: 'Sendsmith',
    show: false,
    webPreferences: secureWebPreferences(options.preload),
  })
  const id = window.webContents.id
  ownWindows.add(id)
  window.on('closed', () => ownWindows.delete(id))
  window.once('ready-to-show', () => window.show())
  if (options.renderer.kind === 'file') void window.loadFile(options.renderer.path)
  else void window.loadURL(options.renderer.url)
  return window
}
