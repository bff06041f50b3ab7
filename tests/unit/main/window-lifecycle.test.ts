import { describe, expect, it, vi } from 'vitest'
import { trackOpenDrafts, watchWindowHealth } from '../../../electron/main/crash-recovery'
import { installGlobalErrorHandlers } from '../../../electron/main/global-errors'
import { onlineCheckMs, retryOutboxOnWake } from '../../../electron/main/wake-retry'
import { rememberPlacement, restoredPlacement, windowStateKey } from '../../../electron/main/window-state'
import { createAppWindow } from '../../../electron/main/windows'
import * as electron from '../../mocks/electron'

vi.mock('electron', () => import('../../mocks/electron'))

const logged: string[] = []
const logger = { log: (_level: string, event: string) => void logged.push(event) }
const draftA = '1b0c2a4e-8a7f-4b51-9a57-2f1c6f0e6b3a'
const draftB = '2b0c2a4e-8a7f-4b51-9a57-2f1c6f0e6b3a'

async function settled(): Promise<void> {
  for (let i = 0; i < 10; i++) await new Promise((r) => setImmediate(r))
}

/** A window from the real factory, seen as the stand-in it is. */
const open = (placement?: Parameters<typeof createAppWindow>[0]['placement']) =>
  createAppWindow({
    preload: '/p.cjs',
    renderer: { kind: 'file', path: '/r/index.html' },
    placement,
  }) as unknown as electron.BrowserWindow

function memorySettings() {
  const data = new Map<string, unknown>()
  return { get: (k: string) => data.get(k), set: (k: string, v: unknown) => void data.set(k, v), path: '/x' }
}

describe('a crashed or hung window', () => {
  it('is reloaded after its page crashed, and the drafts it had open come back (those still on disk)', async () => {
    const window = open()
    window.webContents.finishLoad()
    const drafts = trackOpenDrafts(async (id) => id !== draftB)
    drafts.saw('drafts:save', {}, { id: draftA, updatedAt: 'x' })
    drafts.saw('drafts:save', {}, { id: draftB, updatedAt: 'x' })
    watchWindowHealth(window as never, drafts, logger)
    window.webContents.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 139 })
    await settled()
    expect(window.webContents.reloads).toBe(1)
    window.webContents.finishLoad()
    expect(window.webContents.sent).toContainEqual(['desktop:openDraft', { id: draftA }])
    expect(window.webContents.sent).not.toContainEqual(['desktop:openDraft', { id: draftB }])
    expect(logged).toContain('window.render-process-gone')
  })

  it('a deleted draft is not reopened; a clean exit does not reload', async () => {
    const window = open()
    const drafts = trackOpenDrafts(async () => true)
    drafts.saw('drafts:save', {}, { id: draftA })
    drafts.saw('drafts:delete', { id: draftA }, { id: draftA })
    expect(await drafts.ids()).toEqual([])
    watchWindowHealth(window as never, drafts, logger)
    window.webContents.emit('render-process-gone', {}, { reason: 'clean-exit', exitCode: 0 })
    expect(window.webContents.reloads).toBe(0)
  })

  it('a hung window offers Wait or Reload; Reload restarts the page', async () => {
    const window = open()
    watchWindowHealth(
      window as never,
      trackOpenDrafts(async () => true),
      logger,
    )
    electron.dialog.messageAnswers = [1]
    window.emit('unresponsive')
    await settled()
    expect(electron.dialog.messages.at(-1)?.options.buttons).toEqual(['Wait', 'Reload'])
    expect([window.webContents.crashed, window.webContents.reloads]).toEqual([1, 1])
  })
})

describe('waking up', () => {
  it('tries waiting mail at once after sleep, an unlocked screen, or the network coming back', async () => {
    vi.useFakeTimers()
    try {
      const retry = vi.fn(async () => [])
      electron.net.online = false
      const stop = retryOutboxOnWake(retry, logger)
      electron.powerMonitor.emit('resume')
      electron.powerMonitor.emit('unlock-screen')
      vi.advanceTimersByTime(onlineCheckMs)
      expect(retry).toHaveBeenCalledTimes(2)
      electron.net.online = true
      vi.advanceTimersByTime(onlineCheckMs)
      vi.advanceTimersByTime(onlineCheckMs) // still online: no second retry
      expect(retry).toHaveBeenCalledTimes(3)
      stop()
      electron.powerMonitor.emit('resume')
      expect(retry).toHaveBeenCalledTimes(3)
    } finally {
      vi.useRealTimers()
    }
  })
})

describe('window size and position', () => {
  it('are remembered on close and restored when they still fit on a display', () => {
    const settings = memorySettings()
    const window = open()
    window.bounds = { x: 200, y: 100, width: 1300, height: 900 }
    window.maximized = true
    rememberPlacement(window as never, settings)
    window.emit('close')
    expect(settings.get(windowStateKey)).toEqual({ x: 200, y: 100, width: 1300, height: 900, maximized: true })
    expect(restoredPlacement(settings)).toEqual({ x: 200, y: 100, width: 1300, height: 900, maximized: true })
    const reopened = open(restoredPlacement(settings))
    expect(reopened.options).toMatchObject({ x: 200, y: 100, width: 1300, height: 900 })
  })

  it('a position on a monitor that is gone is dropped (size kept), and a tiny size is raised to the minimum', () => {
    const settings = memorySettings()
    settings.set(windowStateKey, { x: 4000, y: 100, width: 300, height: 200 })
    expect(restoredPlacement(settings)).toEqual({ width: 760, height: 520, maximized: false })
  })
})

describe('errors nobody caught', () => {
  it('are logged and shown once a minute at most; the app keeps running', () => {
    let now = 0
    const before = process.listeners('uncaughtException').length
    installGlobalErrorHandlers(logger, () => now)
    const handler = process.listeners('uncaughtException').at(-1)!
    try {
      handler(new Error('disk full'), 'uncaughtException')
      handler(new Error('disk full again'), 'uncaughtException')
      now = 61_000
      handler(new Error('third'), 'uncaughtException')
      expect(electron.dialog.errorBoxes.map((b) => b.content.split('\n')[0])).toEqual(['disk full', 'third'])
      expect(logged.filter((e) => e === 'main.uncaught-exception')).toHaveLength(3)
    } finally {
      process.removeListener('uncaughtException', handler)
      process.removeListener('unhandledRejection', process.listeners('unhandledRejection').at(-1)!)
      expect(process.listeners('uncaughtException').length).toBe(before)
    }
  })
})
