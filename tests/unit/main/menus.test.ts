import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { appMenuTemplate, type AppMenuOptions } from '../../../electron/main/app-menu'
import { attachContextMenu, contextMenuTemplate } from '../../../electron/main/context-menu'
import { launchesAtLogin, setLaunchAtLogin, startedHidden } from '../../../electron/main/login-item'
import { applySpellcheckConsent } from '../../../electron/main/spellcheck'
import { tempHome } from '../../helpers/temp-home'
import * as electron from '../../mocks/electron'

vi.mock('electron', () => import('../../mocks/electron'))

type Item = electron.MenuTemplateItem
const flatten = (items: Item[]): Item[] => items.flatMap((i) => [i, ...flatten(i.submenu ?? [])])

function options(overrides: Partial<AppMenuOptions> = {}): AppMenuOptions {
  return {
    command: vi.fn(),
    isDefaultMailApp: () => false,
    setDefaultMailApp: vi.fn(),
    spellcheck: { consented: () => false, setConsent: vi.fn() },
    isPackaged: true,
    platform: 'linux',
    ...overrides,
  }
}

describe('the application menu', () => {
  it('has New Message, Send, Send Later, Save Draft and Preferences with shortcuts, each sending its command', () => {
    const opts = options()
    const items = flatten(appMenuTemplate(opts) as Item[])
    const find = (label: string) => items.find((i) => i.label === label)!
    expect(
      ['New Message', 'Send', 'Send Later…', 'Save Draft', 'Preferences…'].map((l) => [l, find(l).accelerator]),
    ).toEqual([
      ['New Message', 'CmdOrCtrl+N'],
      ['Send', 'CmdOrCtrl+Enter'],
      ['Send Later…', 'CmdOrCtrl+Shift+Enter'],
      ['Save Draft', 'CmdOrCtrl+S'],
      ['Preferences…', 'CmdOrCtrl+,'],
    ])
    for (const label of ['New Message', 'Send', 'Send Later…', 'Save Draft', 'Preferences…'])
      find(label).click?.({ checked: false })
    expect(vi.mocked(opts.command).mock.calls.map(([c]) => c)).toEqual([
      'new-message',
      'send',
      'send-later',
      'save-draft',
      'preferences',
    ])
  })

  it('keeps the standard Edit roles (Cmd+C/V on macOS) and Open Recent on macOS', () => {
    const roles = flatten(appMenuTemplate(options({ platform: 'darwin' })) as Item[]).map((i) => i.role)
    for (const role of ['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll', 'recentDocuments', 'quit'])
      expect(roles).toContain(role)
  })

  it('offers Reload and DevTools only in an unpackaged build', () => {
    const roles = (packaged: boolean) =>
      flatten(appMenuTemplate(options({ isPackaged: packaged })) as Item[]).map((i) => i.role)
    expect(roles(true)).not.toContain('reload')
    expect(roles(true)).not.toContain('forceReload')
    expect(roles(true)).not.toContain('toggleDevTools')
    expect(roles(false)).toEqual(expect.arrayContaining(['reload', 'toggleDevTools']))
  })

  it('"Make Sendsmith the Default Mail App" and the spelling consent are checkboxes that call their setters', () => {
    const opts = options({ isDefaultMailApp: () => true })
    const items = flatten(appMenuTemplate(opts) as Item[])
    const mail = items.find((i) => i.label === 'Make Sendsmith the Default Mail App')!
    expect(mail).toMatchObject({ type: 'checkbox', checked: true })
    mail.click?.({ checked: false })
    expect(opts.setDefaultMailApp).toHaveBeenCalledWith(false)
    const spelling = items.find((i) => i.label === 'Check Spelling (downloads dictionaries)')!
    expect(spelling).toMatchObject({ type: 'checkbox', checked: false })
    spelling.click?.({ checked: true })
    expect(opts.spellcheck?.setConsent).toHaveBeenCalledWith(true)
  })
})

describe('starting at login', () => {
  it('a checkbox in the menu (macOS, Windows) registers a hidden start, and such a start shows no window', () => {
    const set = vi.fn()
    const items = flatten(
      appMenuTemplate(options({ platform: 'win32', launchAtLogin: { enabled: () => false, set } })) as Item[],
    )
    items.find((i) => i.label === 'Start Sendsmith at Login')!.click?.({ checked: true })
    expect(set).toHaveBeenCalledWith(true)
    setLaunchAtLogin(true, 'win32')
    expect(electron.app.loginItem).toEqual({ openAtLogin: true, openAsHidden: true, args: ['--hidden'] })
    expect(launchesAtLogin('win32')).toBe(true)
    expect(startedHidden(['Sendsmith.exe', '--hidden'])).toBe(true)
    expect(startedHidden(['Sendsmith.exe'])).toBe(false)
  })

  it('on Linux, writes and removes an XDG autostart entry that starts Sendsmith hidden', () => {
    const config = tempHome()
    const saved = process.env.XDG_CONFIG_HOME
    process.env.XDG_CONFIG_HOME = config
    try {
      expect(launchesAtLogin('linux')).toBe(false)
      setLaunchAtLogin(true, 'linux')
      const entry = readFileSync(join(config, 'autostart', 'sendsmith.desktop'), 'utf8')
      expect(entry).toContain(`Exec="${process.execPath}" --hidden`)
      expect(launchesAtLogin('linux')).toBe(true)
      setLaunchAtLogin(false, 'linux')
      expect(launchesAtLogin('linux')).toBe(false)
    } finally {
      if (saved === undefined) delete process.env.XDG_CONFIG_HOME
      else process.env.XDG_CONFIG_HOME = saved
    }
  })
})

describe('the context menu', () => {
  const params = (overrides: Record<string, unknown>) =>
    ({
      misspelledWord: '',
      dictionarySuggestions: [],
      isEditable: true,
      selectionText: '',
      editFlags: { canCut: true, canCopy: true, canPaste: true, canSelectAll: true },
      ...overrides,
    }) as never

  it('offers spelling suggestions that replace the misspelt word, and Add to Dictionary', () => {
    const contents = new electron.FakeWebContents()
    const items = contextMenuTemplate(
      contents as never,
      params({ misspelledWord: 'recieve', dictionarySuggestions: ['receive', 'relieve'] }),
    ) as Item[]
    expect(items.map((i) => i.label ?? i.role ?? i.type)).toEqual([
      'receive',
      'relieve',
      'Add to Dictionary',
      'separator',
      'cut',
      'copy',
      'paste',
      'separator',
      'selectAll',
    ])
    items[0].click?.({ checked: false })
    items[2].click?.({ checked: false })
    expect(contents.replaced).toEqual(['receive'])
    expect(contents.session.addedWords).toEqual(['recieve'])
  })

  it('in text that cannot be edited, offers Copy for a selection and nothing otherwise; pops up on right-click', () => {
    const contents = new electron.FakeWebContents()
    expect(
      (contextMenuTemplate(contents as never, params({ isEditable: false, selectionText: 'hi' })) as Item[]).map(
        (i) => i.role,
      ),
    ).toEqual(['copy'])
    expect(contextMenuTemplate(contents as never, params({ isEditable: false }))).toEqual([])
    attachContextMenu(contents as never)
    const before = electron.Menu.popups.length
    contents.emit('context-menu', {}, params({ isEditable: true }))
    expect(electron.Menu.popups.length).toBe(before + 1)
  })
})

describe('the spelling language', () => {
  it('is chosen from the context menu and remembered over the system language', () => {
    const contents = new electron.FakeWebContents()
    contents.session.spellCheckerLanguages = ['en-US']
    const chosen: string[] = []
    const items = contextMenuTemplate(
      contents as never,
      { misspelledWord: '', dictionarySuggestions: [], isEditable: true, selectionText: '', editFlags: {} } as never,
      (language) => chosen.push(language),
    ) as Item[]
    const languages = items.find((i) => i.label === 'Spelling Language')!.submenu!
    expect(languages.map((l) => [l.label, l.checked])).toEqual([
      ['en-US', true],
      ['en-GB', false],
      ['de', false],
      ['fr', false],
    ])
    languages[2].click?.({ checked: true })
    expect(chosen).toEqual(['de'])
    const session = new electron.FakeSession()
    applySpellcheckConsent(session as never, true, 'en-US', 'linux', 'de')
    expect(session.spellCheckerLanguages).toEqual(['de'])
  })

  it('is not offered while the spellchecker is off (no consent)', () => {
    const contents = new electron.FakeWebContents()
    contents.session.spellCheckerLanguages = []
    const items = contextMenuTemplate(
      contents as never,
      { misspelledWord: '', dictionarySuggestions: [], isEditable: true, selectionText: '', editFlags: {} } as never,
      () => {},
    ) as Item[]
    expect(items.some((i) => i.label === 'Spelling Language')).toBe(false)
  })
})

describe('spelling dictionaries', () => {
  it('download nothing without consent on Windows and Linux; with it, check the system language', () => {
    const session = new electron.FakeSession()
    applySpellcheckConsent(session as never, false, 'de-DE', 'linux')
    expect([session.spellCheckerEnabled, session.spellCheckerLanguages]).toEqual([false, []])
    applySpellcheckConsent(session as never, true, 'de-DE', 'win32')
    expect([session.spellCheckerEnabled, session.spellCheckerLanguages]).toEqual([true, ['de']])
  })

  it('leave macOS alone: its own spellchecker downloads nothing', () => {
    const session = new electron.FakeSession()
    applySpellcheckConsent(session as never, false, 'en-US', 'darwin')
    expect(session.spellCheckerEnabled).toBe(true)
  })
})
