import { screen, type BrowserWindow, type Rectangle } from 'electron'
import type { SettingsStore } from '../services/settings/settings-store'
import type { WindowPlacement } from './windows'

export const windowStateKey = 'desktop.window'

/**
 * The window's last size and position, if it still fits on a connected display (a monitor may have
 * been unplugged since); otherwise only its size, centred by the system.
 */
export function restoredPlacement(settings: SettingsStore): WindowPlacement | undefined {
  const saved = settings.get(windowStateKey) as Partial<WindowPlacement> | undefined
  if (!saved || !Number.isFinite(saved.width) || !Number.isFinite(saved.height)) return undefined
  const width = Math.max(760, Math.round(saved.width!))
  const height = Math.max(520, Math.round(saved.height!))
  const placement: WindowPlacement = { width, height, maximized: saved.maximized === true }
  if (Number.isFinite(saved.x) && Number.isFinite(saved.y)) {
    const bounds = { x: Math.round(saved.x!), y: Math.round(saved.y!), width, height }
    if (screen.getAllDisplays().some((d) => overlapsEnough(bounds, d.workArea))) {
      placement.x = bounds.x
      placement.y = bounds.y
    }
  }
  return placement
}

/** Remembers the window's size and position when it closes (the normal bounds when maximised). */
export function rememberPlacement(window: BrowserWindow, settings: SettingsStore): void {
  window.on('close', () => {
    const bounds = window.getNormalBounds()
    settings.set(windowStateKey, { ...bounds, maximized: window.isMaximized() })
  })
}

/** At least 100 by 50 pixels of the window's title area on the display. */
function overlapsEnough(window: Rectangle, area: Rectangle): boolean {
  const width = Math.min(window.x + window.width, area.x + area.width) - Math.max(window.x, area.x)
  const height = Math.min(window.y + 50, area.y + area.height) - Math.max(window.y, area.y)
  return width >= 100 && height >= 50
}
