import { homedir } from 'node:os'
import { join } from 'node:path'

/** The app's name as Electron uses it for the userData folder (package.json productName). */
export const appFolderName = 'Sendsmith'

/**
 * Electron's userData folder, computed without Electron so the CLI finds the app's data:
 * ~/.config/Sendsmith on Linux, ~/Library/Application Support/Sendsmith on macOS,
 * %APPDATA%\Sendsmith on Windows.
 */
export function defaultUserDataDir(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
  home = homedir(),
): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), appFolderName)
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', appFolderName)
  return join(env.XDG_CONFIG_HOME || join(home, '.config'), appFolderName)
}

/** The data folder for settings, drafts and outbox: `SENDSMITH_HOME` when set, else userData. */
export function resolveDataDir(
  env: NodeJS.ProcessEnv = process.env,
  userDataDir: string = defaultUserDataDir(),
): string {
  const override = env.SENDSMITH_HOME?.trim()
  return override ? override : userDataDir
}
