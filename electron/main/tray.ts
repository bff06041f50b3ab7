import { app, Menu, nativeImage, Tray } from 'electron'
import { messages, type OutboxStatus } from './outbox-status'

/** The app icon at tray size (the same envelope as build/icon.png), inline so no file lookup can fail. */
const trayIconPng =
  'iVBORw0KGgoAAAANSUhEUgAAACAAAAAgCAYAAABzenr0AAAAhklEQVR42mNgwAP4c/b+pwZmIBZQy0KyHEQvy7E6gt6WYzhi1AED6oCBshzuiEHrAGqD4eEAYoOVpiFAjuUUOQCbocRajm4O2Q7AZgE+ywmZQ7YDiEmcxJpDtgNIjWeaOICaaihyAClZctQBQ9cBI7cyGhGtotFG6eBxwIB3zQZF53SguucAQON4EANTDCwAAAAASUVORK5CYII='

export interface TrayActions {
  open: () => void
  newMessage: () => void
  quit: () => void
}

/**
 * The tray icon: Sendsmith keeps sending from here when its window is closed. The tooltip (and the
 * title next to the icon on macOS) shows how many messages are left; the menu opens the window,
 * starts a message or quits (through the quit guard).
 */
export function createAppTray(actions: TrayActions): { update(status: OutboxStatus): void; destroy(): void } {
  const tray = new Tray(nativeImage.createFromDataURL(`data:image/png;base64,${trayIconPng}`))
  tray.on('click', actions.open)
  const update = (status: OutboxStatus) => {
    const summary = status.waiting === 0 ? 'Outbox empty' : `${messages(status.waiting)} in the outbox`
    tray.setToolTip(`Sendsmith: ${summary}`)
    if (process.platform === 'darwin') tray.setTitle(status.waiting > 0 ? String(status.waiting) : '')
    tray.setContextMenu(
      Menu.buildFromTemplate([
        { label: 'Open Sendsmith', click: actions.open },
        { label: 'New Message', click: actions.newMessage },
        { type: 'separator' },
        { label: summary, enabled: false },
        { type: 'separator' },
        { label: `Quit ${app.getName()}`, click: actions.quit },
      ]),
    )
  }
  update({ waiting: 0, sending: 0, scheduled: 0 })
  return { update, destroy: () => tray.destroy() }
}
