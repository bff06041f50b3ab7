import { app, BrowserWindow, dialog } from 'electron'
import type { Logger } from '../services/log/logger'
import { messages, type OutboxStatus } from './outbox-status'

/**
 * Quitting with unsent mail asks first and says what will happen: keep Sendsmith running in the
 * background (the tray) to send it, or quit and send it the next time Sendsmith starts. Closing
 * the last window on Windows and Linux keeps the app in the tray while mail waits.
 */
export function installQuitGuard(deps: { status: () => Promise<OutboxStatus>; logger: Logger }): void {
  let confirmed = false
  app.on('before-quit', (event) => {
    if (confirmed) return
    event.preventDefault()
    void deps
      .status()
      .catch(() => ({ waiting: 0, sending: 0, scheduled: 0 }))
      .then(async (status) => {
        if (status.waiting === 0 || (await askBeforeQuit(status)) === 'quit') {
          confirmed = true
          deps.logger.log('info', 'app.quit', { waiting: status.waiting })
          app.quit()
        } else if (status.waiting > 0) {
          deps.logger.log('info', 'app.quit-declined', { waiting: status.waiting })
        }
      })
  })
  app.on('window-all-closed', () => {
    if (process.platform === 'darwin') return // the app stays in the dock, as macOS users expect
    void deps
      .status()
      .catch(() => ({ waiting: 0, sending: 0, scheduled: 0 }))
      .then((status) => {
        if (status.waiting === 0) app.quit()
        else deps.logger.log('info', 'app.background', { waiting: status.waiting })
      })
  })
}

/** The question, in words that say what happens to the mail either way. */
export async function askBeforeQuit(status: OutboxStatus): Promise<'quit' | 'background' | 'cancel'> {
  const buttons = ['Keep Sending in Background', 'Quit Anyway', 'Cancel']
  const details = [
    `If you quit, ${status.waiting === 1 ? 'it stays' : 'they stay'} in the outbox and ${status.waiting === 1 ? 'goes' : 'go'} out the next time Sendsmith starts (or when you run "sendsmith outbox flush").`,
    status.scheduled > 0
      ? `${messages(status.scheduled)} ${status.scheduled === 1 ? 'is' : 'are'} scheduled for later and will only go out while Sendsmith runs.`
      : '',
    status.sending > 0
      ? `${messages(status.sending)} ${status.sending === 1 ? 'is' : 'are'} being sent right now: quitting may leave ${status.sending === 1 ? 'it' : 'them'} marked "may have been delivered".`
      : '',
    'In the background, Sendsmith keeps sending from the tray; its icon shows how many are left.',
  ].filter(Boolean)
  const { response } = await dialog.showMessageBox({
    type: 'warning',
    title: 'Unsent mail',
    message: `${messages(status.waiting)} ${status.waiting === 1 ? 'is' : 'are'} still in the outbox`,
    detail: details.join('\n\n'),
    buttons,
    defaultId: 0,
    cancelId: 2,
    noLink: true,
  })
  if (response === 0) {
    for (const window of BrowserWindow.getAllWindows()) window.hide()
    return 'background'
  }
  return response === 1 ? 'quit' : 'cancel'
}
