import Conf from 'conf'
import { join } from 'node:path'
import { openSettings } from './settings-file'
import { settingsFileMode, settingsFileName, type SettingsStore } from './settings-store'

/** Opens the settings file with `conf`, electron-store's base library, for the CLI and tests. */
export function openConfSettings(dataDir: string): SettingsStore {
  return openSettings(
    dataDir,
    join(dataDir, `${settingsFileName}.json`),
    () =>
      new Conf<Record<string, unknown>>({
        cwd: dataDir,
        configName: settingsFileName,
        projectName: 'sendsmith',
        configFileMode: settingsFileMode,
      }),
  )
}
