import { dialog } from 'electron'
import type { Logger } from '../services/log/logger'

/** At most one error box per this many milliseconds: a failure in a loop must not bury the screen. */
const quietMs = 60_000

/**
 * Errors nobody caught in main are logged and shown (once a minute at most), and the app keeps
 * running: the outbox and the windows are independent of whatever failed.
 */
export function installGlobalErrorHandlers(logger: Logger, clock: () => number = Date.now): void {
  let lastShown = -Infinity
  const report = (kind: string) => (error: unknown) => {
    const message = (error instanceof Error ? error.message : String(error)).slice(0, 500)
    logger.log('error', `main.${kind}`, {
      message,
      stack: error instanceof Error ? error.stack?.slice(0, 2000) : undefined,
    })
    if (clock() - lastShown < quietMs) return
    lastShown = clock()
    dialog.showErrorBox(
      'Sendsmith ran into a problem',
      `${message}\n\nSendsmith keeps running; mail in the outbox is safe on disk. The details are in the log.`,
    )
  }
  process.on('uncaughtException', report('uncaught-exception'))
  process.on('unhandledRejection', report('unhandled-rejection'))
}
