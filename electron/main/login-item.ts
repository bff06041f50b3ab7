import { app } from 'electron'
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'

/** The flag a login start carries: Sendsmith starts in the tray, sending waiting mail, without a window. */
export const hiddenFlag = '--hidden'

/** macOS and Windows start apps at login through the system; Linux desktops through an XDG autostart file. */
export function supportsLaunchAtLogin(platform: NodeJS.Platform = process.platform): boolean {
  return platform === 'darwin' || platform === 'win32' || platform === 'linux'
}

/** ~/.config/autostart/sendsmith.desktop (XDG Autostart), read by GNOME, KDE, Xfce and others. */
export function autostartFile(env: NodeJS.ProcessEnv = process.env, home = homedir()): string {
  return join(env.XDG_CONFIG_HOME || join(home, '.config'), 'autostart', 'sendsmith.desktop')
}

export function launchesAtLogin(platform: NodeJS.Platform = process.platform): boolean {
  if (platform === 'linux')
    return existsSync(autostartFile()) && !/^Hidden=true$/m.test(readFileSync(autostartFile(), 'utf8'))
  return app.getLoginItemSettings({ args: [hiddenFlag] }).openAtLogin
}

/** Starts Sendsmith at login, in the background, so mail scheduled for later goes out after a restart. */
export function setLaunchAtLogin(on: boolean, platform: NodeJS.Platform = process.platform): void {
  if (platform !== 'linux') {
    app.setLoginItemSettings({ openAtLogin: on, openAsHidden: true, args: [hiddenFlag] })
    return
  }
  const file = autostartFile()
  if (!on) return rmSync(file, { force: true })
  mkdirSync(join(file, '..'), { recursive: true })
  // An AppImage runs from a temporary mount: the file it was started from is what must run at login.
  const executable = process.env.APPIMAGE || process.execPath
  writeFileSync(
    file,
    [
      '[Desktop Entry]',
      'Type=Application',
      'Name=Sendsmith',
      'Comment=Keeps sending the outbox in the background',
      `Exec="${executable.replace(/(["`$\\])/g, '\\$1')}" ${hiddenFlag}`,
      'X-GNOME-Autostart-enabled=true',
      '',
    ].join('\n'),
  )
}

/** True when this process was started at login (it shows no window until asked). */
export function startedHidden(argv: string[] = process.argv): boolean {
  return argv.includes(hiddenFlag) || (process.platform === 'darwin' && app.getLoginItemSettings().wasOpenedAsHidden)
}
