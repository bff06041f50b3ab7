import { chmodSync, existsSync, mkdirSync, renameSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { SendsmithError } from '../errors/app-error'
import { migrateSettings } from './settings-migrations'
import { lockedSettings, type SettingsStore } from './settings-store'

/** The data folder holds drafts, mail and account records: its owner's only. */
export const dataDirMode = 0o700

/** Creates the data folder for its owner only (an existing folder is left as the user set it). */
export function ensureDataDir(dataDir: string): void {
  if (existsSync(dataDir)) return
  mkdirSync(dataDir, { recursive: true, mode: dataDirMode })
  // mkdir's mode is filtered by the umask; say it once more, exactly.
  chmodSync(dataDir, dataDirMode)
}

/**
 * Opens settings.json with electron-store or conf (`open`), then wraps it with the cross-process
 * lock and brings it to the current format. A file that is not JSON (truncated by a crash or a full
 * disk) becomes a SETTINGS_UNREADABLE error naming the file, never an empty store that the next
 * write would save over the user's accounts.
 */
export function openSettings(dataDir: string, settingsPath: string, open: () => SettingsStore): SettingsStore {
  ensureDataDir(dataDir)
  let store: SettingsStore
  try {
    store = open()
  } catch (error) {
    if (error instanceof SyntaxError) throw settingsUnreadable(settingsPath, error)
    throw error
  }
  const locked = lockedSettings(store)
  migrateSettings(locked)
  return locked
}

export function settingsUnreadable(path: string, cause: Error): SendsmithError {
  return new SendsmithError(
    {
      code: 'SETTINGS_UNREADABLE',
      message: `The settings file ${path} cannot be read: ${cause.message}`,
      field: 'settings',
      hint: 'Start with a fresh settings file (the old one is kept beside it, renamed), or repair the file by hand.',
    },
    { cause },
  )
}

/** Moves an unreadable settings file aside (`settings.unreadable-<time>.json`) and returns where it went. */
export function setAsideSettingsFile(path: string, now: Date = new Date()): string {
  const stamp = now.toISOString().replace(/[:.]/g, '-')
  const target = join(dirname(path), `${basename(path, '.json')}.unreadable-${stamp}.json`)
  renameSync(path, target)
  return target
}
