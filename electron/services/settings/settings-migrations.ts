import { withSettingsLock } from './settings-lock'
import type { SettingsStore } from './settings-store'

/** The key that records which version of the settings format the file is in. */
export const schemaVersionKey = 'schemaVersion'

/**
 * One step of the settings format. Each migration changes only what it names and leaves every
 * other key alone, so a file written by a newer or older Sendsmith keeps what this one does not know.
 */
export interface SettingsMigration {
  version: number
  describe: string
  migrate(settings: SettingsStore): void
}

/** Every settings format since versions were recorded, oldest first. */
export const settingsMigrations: readonly SettingsMigration[] = [
  {
    version: 1,
    describe: 'Files from before versions were recorded already have the version 1 layout; only the number is added.',
    migrate: () => {},
  },
]

export const currentSettingsVersion = settingsMigrations[settingsMigrations.length - 1].version

export type MigrationOutcome =
  | { kind: 'current'; version: number }
  | { kind: 'migrated'; from: number; to: number }
  /** Written by a newer Sendsmith: left exactly as it is (nothing is downgraded or dropped). */
  | { kind: 'newer'; version: number }

/** Brings the settings file up to the current format, one recorded step at a time. */
export function migrateSettings(
  settings: SettingsStore,
  migrations: readonly SettingsMigration[] = settingsMigrations,
): MigrationOutcome {
  return withSettingsLock(settings.path, () => runMigrations(settings, migrations))
}

function runMigrations(settings: SettingsStore, migrations: readonly SettingsMigration[]): MigrationOutcome {
  const stored = settings.get(schemaVersionKey)
  const from = typeof stored === 'number' && Number.isInteger(stored) && stored >= 0 ? stored : 0
  const latest = migrations.length > 0 ? migrations[migrations.length - 1].version : 0
  if (from > latest) return { kind: 'newer', version: from }
  if (from === latest) return { kind: 'current', version: from }
  for (const step of migrations) {
    if (step.version <= from) continue
    step.migrate(settings)
    // Recorded after each step, so an interrupted run resumes where it stopped.
    settings.set(schemaVersionKey, step.version)
  }
  return { kind: 'migrated', from, to: latest }
}
