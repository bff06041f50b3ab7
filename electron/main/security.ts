import { app, session, shell } from 'electron'
import type { Logger } from '../services/log/logger'
import { isSafeExternalUrl } from './external-links'

/**
 * App-wide guards for every web contents, present and future: no navigation away from the app, no
 * new windows (safe links go to the system browser), no webviews, no permission grants.
 */
export function installSecurityHooks(logger: Logger): void {
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event, url) => {
      event.preventDefault()
      logger.log('warn', 'security.navigation-denied', { scheme: safeScheme(url) })
    })
    contents.on('will-attach-webview', (event) => event.preventDefault())
    contents.setWindowOpenHandler(({ url }) => {
      if (isSafeExternalUrl(url)) void shell.openExternal(url)
      else logger.log('warn', 'security.window-open-denied', { scheme: safeScheme(url) })
      return { action: 'deny' }
    })
  })
  app.whenReady().then(() => {
    session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false))
    session.defaultSession.setPermissionCheckHandler(() => false)
  })
}

function safeScheme(url: string): string {
  return url.split(':')[0].slice(0, 16)
}
