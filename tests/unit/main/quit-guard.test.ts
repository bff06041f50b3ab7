import { beforeEach, describe, expect, it, vi } from 'vitest'
import { installQuitGuard } from '../../../electron/main/quit-guard'
import type { OutboxStatus } from '../../../electron/main/outbox-status'
import * as electron from '../../mocks/electron'

vi.mock('electron', () => import('../../mocks/electron'))

const logger = { log: () => {} }
let status: OutboxStatus = { waiting: 0, sending: 0, scheduled: 0 }

async function settled(): Promise<void> {
  for (let i = 0; i < 10; i++) await new Promise((r) => setImmediate(r))
}

describe('the quit guard', () => {
  beforeEach(() => {
    electron.app.listeners.clear()
    electron.app.quitted = false
    electron.dialog.messages.length = 0
    installQuitGuard({ status: async () => status, logger })
  })

  it('with unsent mail, asks and says what happens; "Keep Sending in Background" hides the window and does not quit', async () => {
    status = { waiting: 3, sending: 1, scheduled: 1 }
    const window = new electron.BrowserWindow({ webPreferences: {} })
    window.show()
    electron.dialog.messageAnswers = [0]
    electron.app.quit()
    await settled()
    expect(electron.app.quitted).toBe(false)
    expect(window.isVisible()).toBe(false)
    const [asked] = electron.dialog.messages
    expect(asked.options.message).toBe('3 messages are still in the outbox')
    expect(asked.options.detail).toContain('go out the next time Sendsmith starts')
    expect(asked.options.detail).toContain('1 message is scheduled for later')
    expect(asked.options.detail).toContain('may have been delivered')
    expect(asked.options.buttons).toEqual(['Keep Sending in Background', 'Quit Anyway', 'Cancel'])
  })

  it('"Quit Anyway" quits; "Cancel" stays', async () => {
    status = { waiting: 1, sending: 0, scheduled: 0 }
    electron.dialog.messageAnswers = [2]
    electron.app.quit()
    await settled()
    expect(electron.app.quitted).toBe(false)
    electron.dialog.messageAnswers = [1]
    electron.app.quit()
    await settled()
    expect(electron.app.quitted).toBe(true)
    expect(electron.dialog.messages[0].options.message).toBe('1 message is still in the outbox')
  })

  it('with an empty outbox, quits without asking', async () => {
    status = { waiting: 0, sending: 0, scheduled: 0 }
    electron.app.quit()
    await settled()
    expect(electron.app.quitted).toBe(true)
    expect(electron.dialog.messages).toEqual([])
  })

  it.skipIf(process.platform === 'darwin')(
    'closing the last window keeps the app (in the tray) while mail waits, and quits when none does',
    async () => {
      status = { waiting: 2, sending: 0, scheduled: 0 }
      electron.app.emit('window-all-closed')
      await settled()
      expect(electron.app.quitted).toBe(false)
      status = { waiting: 0, sending: 0, scheduled: 0 }
      electron.app.emit('window-all-closed')
      await settled()
      expect(electron.app.quitted).toBe(true)
    },
  )
})
