import { describe, expect, it, vi } from 'vitest'
import {
  isDefaultMailApp,
  listenForOpenRequests,
  openRequestsFromArgv,
  setDefaultMailApp,
  type OpenRequest,
} from '../../../electron/main/mail-links'
import * as electron from '../../mocks/electron'

vi.mock('electron', () => import('../../mocks/electron'))

describe('Sendsmith as the system mail app', () => {
  it('finds mailto: links and openable files in a command line (Windows, Linux, a second instance)', () => {
    expect(
      openRequestsFromArgv(
        ['/opt/Sendsmith/sendsmith', '--no-sandbox', 'MAILTO:ann@example.com?subject=Hi', 'notes.txt', 'welcome.mjml'],
        '/home/ada',
      ),
    ).toEqual([
      { kind: 'mailto', url: 'MAILTO:ann@example.com?subject=Hi' },
      { kind: 'file', path: '/home/ada/welcome.mjml' },
    ])
  })

  it('takes open-url (macOS) for mailto: only, and open-file for .eml, .html and .mjml', () => {
    const seen: OpenRequest[] = []
    listenForOpenRequests((r) => seen.push(r))
    let prevented = 0
    const event = { preventDefault: () => prevented++ }
    electron.app.emit('open-url', event, 'mailto:bo@example.com')
    electron.app.emit('open-url', event, 'https://example.com/')
    electron.app.emit('open-file', event, '/Users/ada/offer.eml')
    electron.app.emit('open-file', event, '/Users/ada/run.sh')
    expect(seen).toEqual([
      { kind: 'mailto', url: 'mailto:bo@example.com' },
      { kind: 'file', path: '/Users/ada/offer.eml' },
    ])
    expect(prevented).toBe(4)
  })

  it('registers and unregisters as the mailto: handler', () => {
    const proc = process as { defaultApp?: boolean }
    const packaged = proc.defaultApp
    proc.defaultApp = false
    try {
      expect(setDefaultMailApp(true)).toBe(true)
      expect(isDefaultMailApp()).toBe(true)
      expect(setDefaultMailApp(false)).toBe(false)
      expect(electron.app.protocolCalls).toEqual([
        ['set', 'mailto'],
        ['remove', 'mailto'],
      ])
    } finally {
      proc.defaultApp = packaged
    }
  })
})
