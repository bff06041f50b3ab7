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
