import { describe, expect, it, vi } from 'vitest'
import { electronFileDialog } from '../../../electron/main/file-dialog'
import * as electron from '../../mocks/electron'

// Electron's binary is not available here: the adapter runs against the stand-in dialog.
vi.mock('electron', () => import('../../mocks/electron'))

const filters = [{ name: 'Email templates', extensions: ['html', 'mjml', 'hbs'] }]

describe("the services' file dialog over Electron's", () => {
  it('asks for one file with the given filters, attached to the focused window, and returns its path', async () => {
    const window = new electron.BrowserWindow({ webPreferences: {} })
    electron.BrowserWindow.focused = window
    electron.dialog.nextAnswer = { canceled: false, filePaths: ['/home/ada/welcome.mjml'] }
    expect(await electronFileDialog().openFile(filters)).toBe('/home/ada/welcome.mjml')
    expect(electron.dialog.asked.at(-1)).toEqual({ parent: window, options: { properties: ['openFile'], filters } })
  })

  it('returns null when the user cancels', async () => {
    electron.BrowserWindow.focused = null
    electron.dialog.nextAnswer = { canceled: true, filePaths: [] }
    expect(await electronFileDialog().openFile(filters)).toBeNull()
    expect(electron.dialog.asked.at(-1)).toEqual({ parent: undefined, options: { properties: ['openFile'], filters } })
  })
})
