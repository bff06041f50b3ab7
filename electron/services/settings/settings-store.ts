import { withSettingsLock } from './settings-lock'

/**
 * The part of electron-store / conf the services use. The app passes an electron-store, the CLI and
 * the tests a `conf` over the same file (`settings.json` in the data folder), so both see one truth.
 */
export interface SettingsStore {
  get(key: string): unknown
  set(key: string, value: unknown): void
  readonly path: string
}

/** The settings file's name (without `.json`), shared by electron-store and conf. */
export const settingsFileName = 'settings'

/** settings.json is readable by its owner only: it names servers, users and certificates. */
export const settingsFileMode = 0o600

/**
 * A settings store whose every write holds the cross-process settings lock (settings-lock.ts).
 * conf and electron-store write the whole file on each `set`, so an unlocked write from another
 * process could put back a stale copy of keys it never meant to touch.
 */
export function lockedSettings(store: SettingsStore): SettingsStore {
  return {
    get: (key) => store.get(key),
    set: (key, value) => withSettingsLock(store.path, () => store.set(key, value)),
    get path() {
      return store.path
    },
  }
}

/**
 * Read-modify-write of one key under the lock: `change` sees what is on disk now, not what this
 * process read before it awaited something (the keychain, a prompt).
 */
export function updateSetting<T>(store: SettingsStore, key: string, change: (current: unknown) => T): T {
  return withSettingsLock(store.path, () => {
    const next = change(store.get(key))
    store.set(key, next)
    return next
  })
}
