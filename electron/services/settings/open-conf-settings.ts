import Conf from 'conf'
import { settingsFileName, type SettingsStore } from './settings-store'

/** Opens the settings file with `conf`, electron-store's base library, for the CLI and tests. */
export function openConfSettings(dataDir: string): SettingsStore {
  return new Conf<Record<string, unknown>>({ cwd: dataDir, configName: settingsFileName, projectName: 'sendsmith' })
}
