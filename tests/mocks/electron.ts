/**
 * Stand-in for the `electron` module (its binary cannot be downloaded here): records what the
 * main process and preload register, so tests can assert it. Only the APIs our glue uses.
 */
type Listener = (...args: unknown[]) => unknown

export class Emitter {
  listeners = new Map<string, Listener[]>()
  on(event: string, listener: Listener) {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener])
    return this
  }
  once(event: string, listener: Listener) {
    return this.on(event, listener)
  }
  emit(event: string, ...args: unknown[]) {
    for (const l of this.listeners.get(event) ?? []) l(...args)
  }
}

let nextId = 1
export class FakeWebContents extends Emitter {
  id = nextId++
  sent: [string, unknown][] = []
  windowOpenHandler?: (details: { url: string }) => { action: string }
  send(channel: string, payload: unknown) {
    this.sent.push([channel, payload])
  }
  isDestroyed() {
    return false
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
    this.windowOpenHandler = handler
  }
}

export class BrowserWindow extends Emitter {
  static created: BrowserWindow[] = []
  static getAllWindows() {
    return BrowserWindow.created
  }
  static focused: BrowserWindow | null = null
  static getFocusedWindow() {
    return BrowserWindow.focused
  }
  webContents = new FakeWebContents()
  loaded?: { file?: string; url?: string }
  constructor(public options: { webPreferences: Record<string, unknown> } & Record<string, unknown>) {
    super()
    BrowserWindow.created.push(this)
  }
  loadFile(file: string) {
    this.loaded = { file }
    return Promise.resolve()
  }
  loadURL(url: string) {
    this.loaded = { url }
    return Promise.resolve()
  }
  show() {}
  focus() {}
  restore() {}
  isMinimized() {
    return false
  }
}

export const ipcMain = {
  handlers: new Map<string, Listener>(),
  registrations: [] as string[],
  handle(channel: string, handler: Listener) {
    ipcMain.registrations.push(channel)
    ipcMain.handlers.set(channel, handler)
  },
}

const ready = Promise.resolve()
export const app = Object.assign(new Emitter(), {
  whenReady: () => ready,
  requestSingleInstanceLock: () => true,
  getPath: (_name: string) => '/tmp/sendsmith-standin-userdata',
  quit() {},
})

export const permissionHandlers: { request?: Listener; check?: Listener } = {}
export const session = {
  defaultSession: {
    setPermissionRequestHandler: (handler: Listener) => (permissionHandlers.request = handler),
    setPermissionCheckHandler: (handler: Listener) => (permissionHandlers.check = handler),
  },
}

export const shell = {
  opened: [] as string[],
  openExternal: (url: string) => {
    shell.opened.push(url)
    return Promise.resolve()
  },
}

export const contextBridge = {
  exposed: new Map<string, unknown>(),
  exposeInMainWorld: (key: string, api: unknown) => contextBridge.exposed.set(key, api),
}

export const ipcRenderer = Object.assign(new Emitter(), {
  invoked: [] as [string, unknown][],
  invoke: (channel: string, payload: unknown) => {
    ipcRenderer.invoked.push([channel, payload])
    return Promise.resolve({ ok: true, value: [] })
  },
  removeListener(event: string, listener: Listener) {
    ipcRenderer.listeners.set(
      event,
      (ipcRenderer.listeners.get(event) ?? []).filter((l) => l !== listener),
    )
  },
})

/** The open dialog answers with whatever the test puts in `nextAnswer`, and records what it was asked. */
export const dialog = {
  nextAnswer: { canceled: true, filePaths: [] as string[] },
  asked: [] as { parent: unknown; options: unknown }[],
  showOpenDialog(...args: unknown[]) {
    const [parent, options] = args.length === 2 ? args : [undefined, args[0]]
    dialog.asked.push({ parent, options })
    return Promise.resolve(dialog.nextAnswer)
  },
}

export default { app, BrowserWindow, ipcMain, session, shell, contextBridge, ipcRenderer, dialog }
