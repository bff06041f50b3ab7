import { app } from 'electron'

/** The flag a login start carries: Sendsmith starts in the tray, sending waiting mail, without a window. */
export const hiddenFlag = '--hidden'

/** macOS and Windows start apps at login through the system; Linux desktops use autostart files (not yet). */
export function supportsLaunchAtLogin(platform: NodeJS.Platform = process.platform): boolean {
  return platform === 'darwin' || platform === 'win32'
}

export function launchesAtLogin(): boolean {
  return app.getLoginItemSettings({ args: [hiddenFlag] }).openAtLogin
}

/** Starts Sendsmith at login, in the background, so mail scheduled for later goes out after a restart. */
export function setLaunchAtLogin(on: boolean): void {
  app.setLoginItemSettings({ openAtLogin: on, openAsHidden: true, args: [hiddenFlag] })
}

/** True when this process was started at login (it shows no window until asked). */
export function startedHidden(argv: string[] = process.argv): boolean {
  return argv.includes(hiddenFlag) || app.getLoginItemSettings().wasOpenedAsHidden
}
