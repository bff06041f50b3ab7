import { app, dialog, shell } from 'electron'
import { existsSync } from 'node:fs'
import { setAsideSettingsFile } from '../services/settings/settings-file'

/**
 * Start-up failed (seen: a truncated settings.json). Instead of a windowless process that holds
 * the single-instance lock (every later launch then quits silently), say what happened and offer a
 * way out: start again with a fresh settings file (the old one kept beside it), open the data
 * folder, or quit. The process ends in every case, so the lock is released.
 */
export async function showStartupError(
  error: unknown,
  where: { dataDir: string; settingsPath: string },
): Promise<void> {
  await app.whenReady()
  const cause = error instanceof Error ? error.message : String(error)
  const settingsBroken = (error as { code?: string } | null)?.code === 'SETTINGS_UNREADABLE'
  const buttons = [...(settingsBroken ? ['Start with Fresh Settings'] : ['Try Again']), 'Open Data Folder', 'Quit']
  const { response } = await dialog.showMessageBox({
    type: 'error',
    title: 'Sendsmith could not start',
    message: 'Sendsmith could not start',
    detail: `${cause}\n\nData folder: ${where.dataDir}${
      settingsBroken
        ? '\n\n"Start with Fresh Settings" keeps the unreadable file beside the new one (settings.unreadable-….json). Accounts will need to be added again; passwords stay in the system keychain.'
        : ''
    }`,
    buttons,
    defaultId: 0,
    cancelId: buttons.length - 1,
    noLink: true,
  })
  const choice = buttons[response]
  if (choice === 'Start with Fresh Settings') {
    if (existsSync(where.settingsPath)) setAsideSettingsFile(where.settingsPath)
    app.relaunch()
  } else if (choice === 'Try Again') app.relaunch()
  else if (choice === 'Open Data Folder') await shell.openPath(where.dataDir)
  app.exit(1)
}
