import { describe, expect, it, vi } from 'vitest'
import { openInSystemBrowser } from '../../../electron/main/system-browser'
import * as electron from '../../mocks/electron'

// Electron's binary is not available here: the adapter runs against the stand-in shell.
vi.mock('electron', () => import('../../mocks/electron'))

describe('the sign-in opener over Electron’s shell.openExternal', () => {
  it('hands an https sign-in address to the system browser unchanged', async () => {
    const url =
      'https://login.microsoftonline.com/common/oauth2/v2.0/authorize?client_id=abc&redirect_uri=http%3A%2F%2F127.0.0.1%3A5123%2F&code_challenge_method=S256'
    await openInSystemBrowser(url)
    expect(electron.shell.opened.at(-1)).toBe(url)
  })

  it('allows http only for a provider on this machine', async () => {
    await openInSystemBrowser('http://127.0.0.1:8080/auth?x=1')
    expect(electron.shell.opened.at(-1)).toBe('http://127.0.0.1:8080/auth?x=1')
  })

  it.each(['http://login.example.com/auth', 'file:///etc/passwd', 'javascript:alert(1)', 'smb://host/share'])(
    'refuses %s and opens nothing',
    async (url) => {
      const before = electron.shell.opened.length
      await expect(openInSystemBrowser(url)).rejects.toThrow(/Refusing/)
      expect(electron.shell.opened.length).toBe(before)
    },
  )
})
