import { app, BrowserWindow, dialog, session } from 'electron'
import ElectronStore from 'electron-store'
import type { DesktopCommand, MergeProgress, OutboxEntry } from '../../shared/contract'
import { createAppServices } from '../services/app-services'
import { openInSystemBrowser } from './system-browser'
import { draftFromFile, draftFromMailto } from '../services/desktop/open-document'
import { startAppInbox } from '../services/inbox/default-account'
import { createSystemKeychain } from '../services/keychain/keychain'
import type { Logger } from '../services/log/logger'
import { openSettings } from '../services/settings/settings-file'
import { settingsFileMode, settingsFileName, type SettingsStore } from '../services/settings/settings-store'
import { installAppMenu } from './app-menu'
import { checkForUpdates } from './auto-update'
import { showMergeProgress, showOutboxBadge } from './badge'
import { attachContextMenu } from './context-menu'
import { trackOpenDrafts, watchChildProcesses, watchWindowHealth } from './crash-recovery'
import { electronFileDialog } from './file-dialog'
import { registerIpc } from './ipc'
import { launchesAtLogin, setLaunchAtLogin, startedHidden, supportsLaunchAtLogin } from './login-item'
import { isDefaultMailApp, setDefaultMailApp, type OpenRequest } from './mail-links'
import { createOutboxNotifier } from './notifications'
import { outboxStatus } from './outbox-status'
import { installQuitGuard } from './quit-guard'
import { rendererSource } from './renderer-source'
import { createRouter } from './router'
import { installSecurityHooks } from './security'
import { applySpellcheckConsent, spellcheckConsentKey, spellcheckLanguageKey } from './spellcheck'
import { systemClipboard } from './system-clipboard'
import { createAppTray } from './tray'
import { retryOutboxOnWake } from './wake-retry'
import { rememberPlacement, restoredPlacement } from './window-state'
import { broadcast, createAppWindow, mainWindow, reveal, sendWhenLoaded } from './windows'

export interface StartOptions {
  dataDir: string
  settingsPath: string
  logger: Logger
  preload: string
  rendererIndex: URL
  /** Hands over the mailto: links and files that arrived (or will arrive) from the system. */
  onOpenRequest: (handler: (request: OpenRequest) => void) => void
}

/**
 * Everything after the single-instance lock: services, IPC, the window, the tray, menus and the
 * system integration. Loaded with a dynamic import, so a second launch quits before paying for it.
 * Any throw here reaches index.ts, which shows the cause and a way out.
 */
export async function startApp(options: StartOptions): Promise<void> {
  const { dataDir, logger } = options
  installSecurityHooks(logger)
  watchChildProcesses(logger)
  await app.whenReady()

  const settings = openSettings(
    dataDir,
    options.settingsPath,
    () =>
      new ElectronStore<Record<string, unknown>>({
        cwd: dataDir,
        name: settingsFileName,
        configFileMode: settingsFileMode,
      }),
  )
  const services = createAppServices({
    dataDir,
    settings,
    keychain: createSystemKeychain(),
    openBrowser: openInSystemBrowser,
    logger,
    clipboard: systemClipboard(),
  })
  services.templateFiles.useFileDialog(electronFileDialog())
  const renderer = rendererSource(process.env, app.isPackaged, options.rendererIndex)
  if (app.isPackaged && process.env.ELECTRON_RENDERER_URL) logger.log('warn', 'security.renderer-url-ignored')
  const openDrafts = trackOpenDrafts((id) => services.drafts.get(id).then(() => true))
  registerIpc(createRouter(services), renderer, logger, openDrafts.saw)
  // Messages left by a crash or waiting for a retry go out without the user asking.
  services.outbox.start()
  services.imap.copier.start() // copies for the Sent folder that wait for IMAP
  services.events.on(broadcast)
  // The local test inbox runs with the app; on first start its account is created (the default on a
  // fresh install) before the window asks for accounts. A failure is logged, never blocks the window.
  await startAppInbox({ inbox: services.inbox, accounts: services.accounts, settings, logger })
  app.on('will-quit', () => void services.inbox.stop())
  const applySpelling = () =>
    applySpellcheckConsent(
      session.defaultSession,
      settings.get(spellcheckConsentKey) === true,
      app.getLocale(),
      process.platform,
      settings.get(spellcheckLanguageKey) as string | undefined,
    )
  applySpelling()
  app.on('web-contents-created', (_event, contents) =>
    attachContextMenu(contents, (language) => {
      settings.set(spellcheckLanguageKey, language)
      applySpelling()
    }),
  )

  const openWindow = (): BrowserWindow => {
    const window = createAppWindow({ preload: options.preload, renderer, placement: restoredPlacement(settings) })
    rememberPlacement(window, settings)
    watchWindowHealth(window, openDrafts, logger)
    return window
  }
  const show = (): BrowserWindow => {
    const window = mainWindow() ?? openWindow()
    reveal(window)
    return window
  }
  const command = (name: DesktopCommand) => sendWhenLoaded(show(), 'desktop:command', { command: name })
  installDesktopMenu(settings, command)

  const tray = createAppTray({ open: show, newMessage: () => command('new-message'), quit: () => app.quit() })
  const notify = createOutboxNotifier(show)
  const status = async () => outboxStatus(await services.outbox.list())
  const refresh = () =>
    status()
      .then((now) => {
        tray.update(now)
        showOutboxBadge(now.waiting)
      })
      .catch((error: Error) => logger.log('warn', 'outbox.status-failed', { message: error.message }))
  services.events.on((event, payload) => {
    if (event === 'outbox:changed') {
      notify(payload as OutboxEntry)
      void refresh()
    } else if (event === 'outbox:removed') void refresh()
    else if (event === 'merge:progress') showMergeProgress(mainWindow(), payload as MergeProgress)
  })
  void refresh()
  installQuitGuard({ status, logger })
  retryOutboxOnWake(() => services.outbox.retryWaitingNow(), logger)

  // Started at login: only the tray, until the user opens the window.
  if (!startedHidden()) openWindow()
  app.on('activate', () => void show())
  // A second launch shows the window, opening one if the app was left running in the tray.
  app.on('second-instance', () => void show())

  const openDocument = async (request: OpenRequest) => {
    const draft =
      request.kind === 'mailto' ? draftFromMailto(request.url) : await draftFromFile(request.path, services.templates)
    if (request.kind === 'file') app.addRecentDocument(request.path)
    const accountId = services.accounts.list().find((a) => a.isDefault)?.id ?? ''
    const { id } = await services.drafts.save({ ...draft, accountId })
    sendWhenLoaded(show(), 'desktop:openDraft', { id })
  }
  options.onOpenRequest((request) =>
    openDocument(request).catch((error: Error) => {
      logger.log('warn', 'desktop.open-failed', { kind: request.kind })
      dialog.showErrorBox('Sendsmith could not open this', error.message)
    }),
  )

  const quarantined = services.accounts.quarantined()
  if (quarantined.length > 0) {
    logger.log('warn', 'accounts.quarantined', { count: quarantined.length })
    void dialog.showMessageBox({
      type: 'warning',
      title: 'Account settings could not be read',
      message: `${quarantined.length === 1 ? 'One account record' : `${quarantined.length} account records`} could not be read`,
      detail: `${quarantined.map((q) => `• ${q.reason}`).join('\n')}\n\nNothing was deleted: the records are kept in ${settings.path} under "accountsQuarantine". A newer Sendsmith may read them; or add the accounts again.`,
      buttons: ['OK'],
    })
  }
  void checkForUpdates(app.isPackaged, logger)
}

/** The application menu, rebuilt when one of its checkboxes changes what it should show. */
function installDesktopMenu(settings: SettingsStore, command: (name: DesktopCommand) => void): void {
  const install = () =>
    installAppMenu({
      command,
      isPackaged: app.isPackaged,
      isDefaultMailApp,
      setDefaultMailApp: (on) => {
        setDefaultMailApp(on)
        install()
      },
      ...(supportsLaunchAtLogin() && {
        launchAtLogin: {
          enabled: launchesAtLogin,
          set: (on: boolean) => {
            setLaunchAtLogin(on)
            install()
          },
        },
      }),
      spellcheck: {
        consented: () => settings.get(spellcheckConsentKey) === true,
        setConsent: (on) => {
          settings.set(spellcheckConsentKey, on)
          applySpellcheckConsent(
            session.defaultSession,
            on,
            app.getLocale(),
            process.platform,
            settings.get(spellcheckLanguageKey) as string | undefined,
          )
          install()
        },
      },
    })
  install()
}
