import { net, powerMonitor } from 'electron'
import type { Logger } from '../services/log/logger'

/** How often main looks whether the network came back (Electron's main process has no online event). */
export const onlineCheckMs = 15_000

/**
 * After sleep, an unlocked screen, or the network coming back, mail waiting out a retry backoff
 * (up to an hour) is tried at once. Returns the function that stops watching.
 */
export function retryOutboxOnWake(retryWaitingNow: () => Promise<unknown>, logger: Logger): () => void {
  const retry = (reason: string) => {
    logger.log('info', 'outbox.wake-retry', { reason })
    retryWaitingNow().catch((error: unknown) =>
      logger.log('warn', 'outbox.wake-retry-failed', { message: (error as Error).message }),
    )
  }
  const onResume = () => retry('resume')
  const onUnlock = () => retry('unlock-screen')
  powerMonitor.on('resume', onResume)
  powerMonitor.on('unlock-screen', onUnlock)
  let online = net.isOnline()
  const timer = setInterval(() => {
    const now = net.isOnline()
    if (now && !online) retry('online')
    online = now
  }, onlineCheckMs)
  timer.unref()
  return () => {
    clearInterval(timer)
    powerMonitor.removeListener('resume', onResume)
    powerMonitor.removeListener('unlock-screen', onUnlock)
  }
}
