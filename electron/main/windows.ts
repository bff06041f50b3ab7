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

const loaded = new WeakSet<BrowserWindow>()
const pending = new WeakMap<BrowserWindow, [string, unknown][]>()

/** Sends an event once the window's page has loaded (events sent before that would be lost). */
export function sendWhenLoaded(window: BrowserWindow, event: string, payload: unknown): void {
  if (window.webContents.isDestroyed()) return
  if (loaded.has(window)) window.webContents.send(event, payload)
  else pending.set(window, [...(pending.get(window) ?? []), [event, payload]])
}

/** The window to show things in: the focused one, else the first of ours. */
export function mainWindow(): BrowserWindow | undefined {
  const ours = BrowserWindow.getAllWindows().filter((w) => ownWindows.has(w.webContents.id))
  return ours.find((w) => w.isFocused()) ?? ours[0]
}

/** Brings a window to the front (restored if minimised, shown if hidden in the tray). */
export function reveal(window: BrowserWindow): void {
  if (window.isMinimized()) window.restore()
  window.show()
  window.focus()
}

/** Where a window is on screen, as remembered in the settings (window-state.ts). */
export interface WindowPlacement {
  x?: number
  y?: number
  width: number
  height: number
  maximized?: boolean
}

/** The one window factory: every BrowserWindow of the app is made here. */
export function createAppWindow(options: {
  preload: string
  renderer: RendererSource
  placement?: WindowPlacement
}): BrowserWindow {
  const { placement } = options
  const window = new BrowserWindow({
    width: placement?.width ?? 1180,
    height: placement?.height ?? 800,
    ...(placement?.x !== undefined && placement.y !== undefined && { x: placement.x, y: placement.y }),
    minWidth: 760,
    minHeight: 520,
    title: 'Sendsmith',
    show: false,
    webPreferences: secureWebPreferences(options.preload),
  })
  const id = window.webContents.id
  ownWindows.add(id)
  window.on('closed', () => ownWindows.delete(id))
  window.once('ready-to-show', () => {
    if (placement?.maximized) window.maximize()
    window.show()
  })
  // Queued events go out after each load (a reload after a crash starts a new page).
  window.webContents.on('did-start-loading', () => loaded.delete(window))
  window.webContents.on('did-finish-load', () => {
    loaded.add(window)
    for (const [event, payload] of pending.get(window) ?? []) window.webContents.send(event, payload)
    pending.delete(window)
  })
  if (options.renderer.kind === 'file') void window.loadFile(options.renderer.path)
  else void window.loadURL(options.renderer.url)
  return window
}
