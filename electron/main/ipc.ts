import { ipcMain, type IpcMainInvokeEvent } from 'electron'
import { pathToFileURL } from 'node:url'
import type { Logger } from '../services/log/logger'
import type { Router } from './router'
import { isOwnWebContents, type RendererSource } from './windows'

/**
 * Registers one ipcMain handler per contract channel. Every call is first checked to come from the
 * main frame of one of our windows, showing our renderer; anything else is refused and logged.
 */
export function registerIpc(
  router: Router,
  renderer: RendererSource,
  logger: Logger,
  /** Told about every call that succeeded (crash recovery keeps the open drafts from it). */
  observe?: (channel: string, request: unknown, value: unknown) => void,
): void {
  for (const channel of router.channels) {
    ipcMain.handle(channel, async (event, payload: unknown) => {
      if (!isTrustedSender(event, renderer)) {
        logger.log('warn', 'ipc.refused-sender', { channel })
        return {
          ok: false,
          error: { code: 'FORBIDDEN_SENDER', message: 'This request did not come from the Sendsmith window' },
        }
      }
      const result = await router.handle(channel, payload, (name, value) => {
        if (!event.sender.isDestroyed()) event.sender.send(name, value)
      })
      if (result.ok) observe?.(channel, payload, result.value)
      return result
    })
  }
}

/** Our window, its top frame, and our renderer's address: all three must hold. */
export function isTrustedSender(
  event: Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>,
  renderer: RendererSource,
): boolean {
  const frame = event.senderFrame
  if (!frame || frame.parent !== null || !isOwnWebContents(event.sender.id)) return false
  return isRendererUrl(frame.url, renderer)
}

export function isRendererUrl(url: string, renderer: RendererSource): boolean {
  try {
    const actual = new URL(url)
    if (renderer.kind === 'url') return actual.origin === new URL(renderer.url).origin
    const expected = pathToFileURL(renderer.path)
    return actual.protocol === 'file:' && actual.pathname === expected.pathname
  } catch {
    return false
  }
}
