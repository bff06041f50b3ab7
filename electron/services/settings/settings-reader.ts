import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { currentSettingsVersion, schemaVersionKey } from './settings-migrations'
import { settingsFileName, type SettingsStore } from './settings-store'

/**
 * settings.json read once, for commands that only read (`sendsmith accounts list`): no conf (and
 * its ajv), no lock, no write. The services on top (AccountStore) are the same as on the full path,
 * so records are read and checked by the one account reader. Returns undefined when the file is
 * missing, unreadable or not in the current format: the full path (conf, migrations under the lock)
 * creates, reports or upgrades it, so the caller takes that path instead.
 */
export function openSettingsReader(dataDir: string): SettingsStore | undefined {
  const path = join(dataDir, `${settingsFileName}.json`)
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch {
    return undefined // the full path reports an unreadable file, and offers to set it aside
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return undefined
  const record = data as Record<string, unknown>
  if (record[schemaVersionKey] !== currentSettingsVersion) return undefined
  return {
    path,
    // As conf (dot-prop) reads a key: `network.allowedHosts` is a path into nested objects.
    get: (key) =>
      key
        .split('.')
        .reduce<unknown>(
          (value, part) =>
            typeof value === 'object' && value !== null && Object.hasOwn(value, part)
              ? (value as Record<string, unknown>)[part]
              : undefined,
          record,
        ),
    set: () => {
      throw new Error('This settings reader is read-only; open the settings with conf to write')
    },
  }
}
