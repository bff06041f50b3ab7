import { app, dialog, type BrowserWindow } from 'electron'
import type { Logger } from '../services/log/logger'
import { sendWhenLoaded } from './windows'

/** The drafts a window has saved since it loaded: its open compose tabs, to reopen after a crash. */
export interface OpenDrafts {
  ids(): Promise<string[]>
}

/**
 * A window whose page crashed or was killed is reloaded, and the drafts it had open (they are on
 * disk) are opened again; a hung page gets the choice to wait or reload. Child processes (GPU,
 * utility) that die are logged: Chromium restarts them itself.
 */
export function watchWindowHealth(window: BrowserWindow, openDrafts: OpenDrafts, logger: Logger): void {
  window.webContents.on('render-process-gone', (_event, details) => {
    logger.log('error', 'window.render-process-gone', { reason: details.reason, exitCode: details.exitCode })
    if (details.reason === 'clean-exit' || window.isDestroyed()) return
    window.webContents.reload()
    void openDrafts.ids().then((drafts) => {
      for (const id of drafts) sendWhenLoaded(window, 'desktop:openDraft', { id })
    })
  })
  window.on('unresponsive', () => {
    logger.log('warn', 'window.unresponsive')
    void dialog
      .showMessageBox(window, {
        type: 'warning',
        title: 'Sendsmith is not responding',
        message: 'The Sendsmith window is not responding',
        detail:
          'You can wait, or reload the window. Drafts are saved as you type and open again after a reload; the outbox keeps sending either way.',
        buttons: ['Wait', 'Reload'],
        defaultId: 0,
        cancelId: 0,
        noLink: true,
      })
      .then(({ response }) => {
        if (response !== 1 || window.isDestroyed()) return
        window.webContents.forcefullyCrashRenderer()
        window.webContents.reload()
        void openDrafts.ids().then((drafts) => {
          for (const id of drafts) sendWhenLoaded(window, 'desktop:openDraft', { id })
        })
      })
  })
  window.on('responsive', () => logger.log('info', 'window.responsive'))
}

/** Logs child processes that end abnormally (Chromium restarts GPU and utility processes itself). */
export function watchChildProcesses(logger: Logger): void {
  app.on('child-process-gone', (_event, details) => {
    if (details.reason === 'clean-exit') return
    logger.log('warn', 'app.child-process-gone', {
      type: details.type,
      reason: details.reason,
      exitCode: details.exitCode,
      name: details.name,
    })
  })
}

/**
 * Keeps the ids of drafts saved through this door and not deleted: the window's open compose tabs.
 * Those that no longer exist (sent meanwhile) are left out when asked.
 */
export function trackOpenDrafts(
  exists: (id: string) => Promise<boolean>,
): OpenDrafts & { saw(channel: string, request: unknown, value: unknown): void } {
  const ids = new Set<string>()
  return {
    ids: async () => {
      const all = [...ids]
      const present = await Promise.all(all.map((id) => exists(id).catch(() => false)))
      return all.filter((_id, i) => present[i])
    },
    saw(channel, request, value) {
      if (channel === 'drafts:save') {
        const id = (value as { id?: unknown } | undefined)?.id
        if (typeof id === 'string') ids.add(id)
      } else if (channel === 'drafts:delete') {
        const id = (request as { id?: unknown } | undefined)?.id
        if (typeof id === 'string') ids.delete(id)
      }
    },
  }
}
