import { BrowserWindow, dialog, type OpenDialogOptions } from 'electron'
import type { FileDialog } from '../services/templates/workbench/file-dialog'

/** The services' file dialog over Electron's native one, attached to the focused window. */
export function electronFileDialog(): FileDialog {
  return {
    async openFile(filters) {
      const options: OpenDialogOptions = { properties: ['openFile'], filters }
      const parent = BrowserWindow.getFocusedWindow()
      const result = parent ? await dialog.showOpenDialog(parent, options) : await dialog.showOpenDialog(options)
      return result.canceled ? null : (result.filePaths[0] ?? null)
    },
  }
}
