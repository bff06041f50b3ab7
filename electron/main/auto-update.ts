import type { Logger } from '../services/log/logger'

/**
 * Checks for a newer release when the app is packaged (electron-updater reads the `publish` feed
 * written into the build by electron-builder) and installs it on the next quit. Loaded on demand so
 * a development run does not load it at all; a failed check is logged, never shown.
 */
export async function checkForUpdates(isPackaged: boolean, logger: Logger): Promise<void> {
  if (!isPackaged || process.env.SENDSMITH_NO_UPDATES === '1') return
  try {
    const { autoUpdater } = (await import('electron-updater')).default
    autoUpdater.autoInstallOnAppQuit = true
    autoUpdater.on('error', (error: Error) => logger.log('warn', 'update.error', { message: error.message }))
    autoUpdater.on('update-downloaded', (info: { version: string }) =>
      logger.log('info', 'update.downloaded', { version: info.version }),
    )
    await autoUpdater.checkForUpdatesAndNotify()
  } catch (error) {
    logger.log('warn', 'update.unavailable', { message: (error as Error).message })
  }
}
