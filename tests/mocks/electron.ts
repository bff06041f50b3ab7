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
  removeListener(event: string, listener: Listener) {
    this.listeners.set(
      event,
      (this.listeners.get(event) ?? []).filter((l) => l !== listener),
    )
    return this
  }
  emit(event: string, ...args: unknown[]) {
    for (const l of this.listeners.get(event) ?? []) l(...args)
  }
  listenerCount(event: string) {
    return this.listeners.get(event)?.length ?? 0
  }
}

/** The spellchecker and permission parts of a session, recording what was set. */
export class FakeSession {
  spellCheckerEnabled = true
  spellCheckerLanguages: string[] = ['en-US']
  availableSpellCheckerLanguages = ['en-US', 'en-GB', 'de', 'fr']
  addedWords: string[] = []
  setSpellCheckerEnabled(enabled: boolean) {
    this.spellCheckerEnabled = enabled
  }
  setSpellCheckerLanguages(languages: string[]) {
    this.spellCheckerLanguages = languages
  }
  getSpellCheckerLanguages() {
    return this.spellCheckerLanguages
  }
  addWordToSpellCheckerDictionary(word: string) {
    this.addedWords.push(word)
    return true
  }
  setPermissionRequestHandler(handler: Listener) {
    permissionHandlers.request = handler
  }
  setPermissionCheckHandler(handler: Listener) {
    permissionHandlers.check = handler
  }
}

let nextId = 1
export class FakeWebContents extends Emitter {
  id = nextId++
  sent: [string, unknown][] = []
  reloads = 0
  crashed = 0
  replaced: string[] = []
  session = session.defaultSession
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
  reload() {
    this.reloads++
  }
  forcefullyCrashRenderer() {
    this.crashed++
  }
  replaceMisspelling(word: string) {
    this.replaced.push(word)
  }
  /** What a finished page load looks like to main. */
  finishLoad() {
    this.emit('did-start-loading')
    this.emit('did-finish-load')
  }
}

export class BrowserWindow extends Emitter {
  static created: BrowserWindow[] = []
  static getAllWindows() {
    return BrowserWindow.created.filter((w) => !w.destroyed)
  }
  static focused: BrowserWindow | null = null
  static getFocusedWindow() {
    return BrowserWindow.focused
  }
  webContents = new FakeWebContents()
  loaded?: { file?: string; url?: string }
  visible = false
  destroyed = false
  maximized = false
  minimized = false
  progress: { value: number; options?: unknown }[] = []
  bounds: { x: number; y: number; width: number; height: number }
  constructor(public options: { webPreferences: Record<string, unknown> } & Record<string, unknown>) {
    super()
    this.bounds = {
      x: (options.x as number) ?? 0,
      y: (options.y as number) ?? 0,
      width: (options.width as number) ?? 800,
      height: (options.height as number) ?? 600,
    }
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
  show() {
    this.visible = true
  }
  hide() {
    this.visible = false
  }
  isVisible() {
    return this.visible
  }
  focus() {}
  isFocused() {
    return BrowserWindow.focused === this
  }
  restore() {
    this.minimized = false
  }
  isMinimized() {
    return this.minimized
  }
  maximize() {
    this.maximized = true
  }
  isMaximized() {
    return this.maximized
  }
  isDestroyed() {
    return this.destroyed
  }
  getNormalBounds() {
    return this.bounds
  }
  setProgressBar(value: number, options?: unknown) {
    this.progress.push({ value, options })
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
  isPackaged: false,
  whenReady: () => ready,
  requestSingleInstanceLock: () => true,
  getPath: (_name: string) => '/tmp/sendsmith-standin-userdata',
  getName: () => 'Sendsmith',
  getLocale: () => 'en-GB',
  quits: 0,
  quit() {
    app.quits++
    // Like Electron: quitting first asks every before-quit listener, which may prevent it.
    let prevented = false
    app.emit('before-quit', { preventDefault: () => (prevented = true) })
    if (!prevented) app.quitted = true
  },
  quitted: false,
  exitCode: undefined as number | undefined,
  exit(code = 0) {
    app.exitCode = code
  },
  relaunched: 0,
  relaunch() {
    app.relaunched++
  },
  badgeCount: 0,
  setBadgeCount(count: number) {
    app.badgeCount = count
    return true
  },
  recentDocuments: [] as string[],
  addRecentDocument(path: string) {
    app.recentDocuments.push(path)
  },
  protocolClients: new Set<string>(),
  protocolCalls: [] as unknown[][],
  setAsDefaultProtocolClient(protocol: string, ...rest: unknown[]) {
    app.protocolCalls.push(['set', protocol, ...rest])
    app.protocolClients.add(protocol)
    return true
  },
  removeAsDefaultProtocolClient(protocol: string, ...rest: unknown[]) {
    app.protocolCalls.push(['remove', protocol, ...rest])
    return app.protocolClients.delete(protocol)
  },
  isDefaultProtocolClient(protocol: string) {
    return app.protocolClients.has(protocol)
  },
  dock: { hide() {} },
  loginItem: { openAtLogin: false, openAsHidden: false, args: [] as string[] },
  getLoginItemSettings(_options?: unknown) {
    return { openAtLogin: app.loginItem.openAtLogin, wasOpenedAsHidden: false }
  },
  setLoginItemSettings(settings: { openAtLogin: boolean; openAsHidden?: boolean; args?: string[] }) {
    app.loginItem = {
      openAtLogin: settings.openAtLogin,
      openAsHidden: settings.openAsHidden ?? false,
      args: settings.args ?? [],
    }
  },
})

export const permissionHandlers: { request?: Listener; check?: Listener } = {}
export const session = { defaultSession: new FakeSession() }

export const shell = {
  opened: [] as string[],
  openedPaths: [] as string[],
  openExternal: (url: string) => {
    shell.opened.push(url)
    return Promise.resolve()
  },
  openPath: (path: string) => {
    shell.openedPaths.push(path)
    return Promise.resolve('')
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
})

/**
 * Dialogs answer with what the test queues (`nextAnswer` for open dialogs, `messageAnswers` for
 * message boxes; none queued means the default button) and record what they were asked.
 */
export const dialog = {
  nextAnswer: { canceled: true, filePaths: [] as string[] },
  asked: [] as { parent: unknown; options: unknown }[],
  showOpenDialog(...args: unknown[]) {
    const [parent, options] = args.length === 2 ? args : [undefined, args[0]]
    dialog.asked.push({ parent, options })
    return Promise.resolve(dialog.nextAnswer)
  },
  messageAnswers: [] as number[],
  messages: [] as { parent: unknown; options: { message: string; detail?: string; buttons?: string[] } }[],
  showMessageBox(...args: unknown[]) {
    const [parent, options] = (args.length === 2 ? args : [undefined, args[0]]) as [
      unknown,
      { message: string; defaultId?: number },
    ]
    dialog.messages.push({ parent, options })
    return Promise.resolve({
      response: dialog.messageAnswers.shift() ?? options.defaultId ?? 0,
      checkboxChecked: false,
    })
  },
  errorBoxes: [] as { title: string; content: string }[],
  showErrorBox(title: string, content: string) {
    dialog.errorBoxes.push({ title, content })
  },
}

export const clipboard = {
  text: '',
  writeText(text: string) {
    clipboard.text = text
  },
}

/** A built menu: its template, kept to be read back by tests. */
export class Menu {
  static applicationMenu: Menu | null = null
  static popups: Menu[] = []
  constructor(public template: MenuTemplateItem[] = []) {}
  static buildFromTemplate(template: MenuTemplateItem[]) {
    return new Menu(template)
  }
  static setApplicationMenu(menu: Menu | null) {
    Menu.applicationMenu = menu
  }
  popup() {
    Menu.popups.push(this)
  }
}
export interface MenuTemplateItem {
  label?: string
  role?: string
  type?: string
  accelerator?: string
  enabled?: boolean
  checked?: boolean
  click?: (item: { checked: boolean }) => void
  submenu?: MenuTemplateItem[]
}

export const nativeImage = {
  createFromDataURL: (url: string) => ({ dataUrl: url, isEmpty: () => !url.startsWith('data:image/png;base64,') }),
}

export class Tray extends Emitter {
  static created: Tray[] = []
  toolTip = ''
  title = ''
  menu?: Menu
  destroyed = false
  constructor(public image: { dataUrl: string }) {
    super()
    Tray.created.push(this)
  }
  setToolTip(text: string) {
    this.toolTip = text
  }
  setTitle(text: string) {
    this.title = text
  }
  setContextMenu(menu: Menu) {
    this.menu = menu
  }
  destroy() {
    this.destroyed = true
  }
}

export class Notification extends Emitter {
  static shown: Notification[] = []
  static supported = true
  static isSupported() {
    return Notification.supported
  }
  constructor(public options: { title: string; body: string; silent?: boolean }) {
    super()
  }
  show() {
    Notification.shown.push(this)
  }
}

export const powerMonitor = new Emitter()

export const net = {
  online: true,
  isOnline: () => net.online,
}

export const screen = {
  displays: [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }],
  getAllDisplays: () => screen.displays,
}

export default {
  app,
  BrowserWindow,
  ipcMain,
  session,
  shell,
  contextBridge,
  ipcRenderer,
  dialog,
  clipboard,
  Menu,
  nativeImage,
  Tray,
  Notification,
  powerMonitor,
  net,
  screen,
}
