import { SendsmithError } from '../../errors/app-error'

/** One line of the open dialog's file-type menu, as Electron's dialog takes it. */
export interface FileFilter {
  name: string
  /** Extensions without the dot. */
  extensions: string[]
}

/**
 * The "open file" dialog, the only source of paths main will read for the renderer (ARCHITECTURE.md,
 * security rules). Electron's dialog in the app (electron/main/file-dialog.ts), a stand-in in tests.
 */
export interface FileDialog {
  /** The path the user picked, or null when they cancelled. */
  openFile(filters: FileFilter[]): Promise<string | null>
}

/** Where no window can show a dialog (the CLI, a harness that did not give one). */
export const noFileDialog: FileDialog = {
  openFile: () =>
    Promise.reject(new SendsmithError({ code: 'INTERNAL', message: 'Files can only be opened from the app window' })),
}
