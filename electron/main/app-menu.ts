import { app, Menu, type MenuItemConstructorOptions } from 'electron'
import type { DesktopCommand } from '../../shared/contract'

export interface AppMenuOptions {
  /** Sends a menu command to the focused window (New Message, Send, ...). */
  command: (command: DesktopCommand) => void
  isDefaultMailApp: () => boolean
  setDefaultMailApp: (on: boolean) => void
  /** Spelling dictionaries download from the network on Windows and Linux: only with consent. */
  spellcheck?: { consented: () => boolean; setConsent: (on: boolean) => void }
  /** Start at login in the background (macOS and Windows). */
  launchAtLogin?: { enabled: () => boolean; set: (on: boolean) => void }
  isPackaged: boolean
  platform?: NodeJS.Platform
}

/**
 * The application menu. New Message, Send, Send Later, Save Draft and Preferences with their
 * shortcuts; the standard Edit role items (so Cmd+C/V work on macOS); Reload and DevTools only in
 * an unpackaged build (Ctrl+R used to throw away every open compose tab).
 */
export function appMenuTemplate(options: AppMenuOptions): MenuItemConstructorOptions[] {
  const mac = (options.platform ?? process.platform) === 'darwin'
  const run = (command: DesktopCommand) => () => options.command(command)
  const preferences: MenuItemConstructorOptions = {
    label: mac ? 'Settings…' : 'Preferences…',
    accelerator: 'CmdOrCtrl+,',
    click: run('preferences'),
  }
  const defaultMailApp: MenuItemConstructorOptions = {
    label: 'Make Sendsmith the Default Mail App',
    type: 'checkbox',
    checked: options.isDefaultMailApp(),
    click: (item) => options.setDefaultMailApp(item.checked),
  }
  const spelling: MenuItemConstructorOptions[] = options.spellcheck
    ? [
        {
          label: 'Check Spelling (downloads dictionaries)',
          type: 'checkbox',
          checked: options.spellcheck.consented(),
          click: (item) => options.spellcheck?.setConsent(item.checked),
        },
      ]
    : []
  const login: MenuItemConstructorOptions[] = options.launchAtLogin
    ? [
        {
          label: 'Start Sendsmith at Login',
          type: 'checkbox',
          checked: options.launchAtLogin.enabled(),
          click: (item) => options.launchAtLogin?.set(item.checked),
        },
      ]
    : []
  const file: MenuItemConstructorOptions = {
    label: 'File',
    submenu: [
      { label: 'New Message', accelerator: 'CmdOrCtrl+N', click: run('new-message') },
      { type: 'separator' },
      { label: 'Send', accelerator: 'CmdOrCtrl+Enter', click: run('send') },
      { label: 'Send Later…', accelerator: 'CmdOrCtrl+Shift+Enter', click: run('send-later') },
      { label: 'Save Draft', accelerator: 'CmdOrCtrl+S', click: run('save-draft') },
      ...(mac
        ? ([
            { type: 'separator' },
            { label: 'Open Recent', role: 'recentDocuments', submenu: [{ role: 'clearRecentDocuments' }] },
          ] as MenuItemConstructorOptions[])
        : []),
      { type: 'separator' },
      ...(mac ? [] : [preferences, defaultMailApp, ...login, ...spelling, { type: 'separator' as const }]),
      mac ? { role: 'close' } : { role: 'quit', label: 'Quit', accelerator: 'Ctrl+Q' },
    ],
  }
  const edit: MenuItemConstructorOptions = {
    label: 'Edit',
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      { type: 'separator' },
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      { role: 'pasteAndMatchStyle' },
      { role: 'delete' },
      { role: 'selectAll' },
    ],
  }
  const developer: MenuItemConstructorOptions[] = options.isPackaged
    ? []
    : [{ role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }, { type: 'separator' }]
  const view: MenuItemConstructorOptions = {
    label: 'View',
    submenu: [
      ...developer,
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  }
  const appMenu: MenuItemConstructorOptions[] = mac
    ? [
        {
          label: app.getName(),
          submenu: [
            { role: 'about' },
            { type: 'separator' },
            preferences,
            defaultMailApp,
            ...login,
            { type: 'separator' },
            { role: 'services' },
            { type: 'separator' },
            { role: 'hide' },
            { role: 'hideOthers' },
            { role: 'unhide' },
            { type: 'separator' },
            { role: 'quit' },
          ],
        },
      ]
    : []
  return [...appMenu, file, edit, view, { role: 'windowMenu' }]
}

/** Installs the application menu (rebuilt when a checkbox's truth may have changed). */
export function installAppMenu(options: AppMenuOptions): void {
  Menu.setApplicationMenu(Menu.buildFromTemplate(appMenuTemplate(options)))
}
