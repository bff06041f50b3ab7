import { build } from 'esbuild'
import { chromium, type Browser, type Page } from 'playwright-core'
import { fileURLToPath } from 'node:url'
import { createRouter } from '../../../electron/main/router'
import type { AccountInput } from '../../../shared/contract'
import type { AppServices } from '../../../electron/services/app-services'
import { startAppInbox } from '../../../electron/services/inbox/default-account'
import type { DnsResolver } from '../../../electron/services/domain-check/dns-resolver'
import type { Network } from '../../../electron/services/net/network'
import type { OpenBrowser } from '../../../electron/services/oauth/oauth-service'
import { openConfSettings } from '../../../electron/services/settings/open-conf-settings'
import type { FileDialog } from '../../../electron/services/templates/workbench/file-dialog'
import { testServices } from '../../helpers/services'
import { tempHome } from '../../helpers/temp-home'
import { serveDirectory } from './static-server'

const rendererDir = fileURLToPath(new URL('../../../out/renderer', import.meta.url))
const bridgeEntry = fileURLToPath(new URL('./bridge-entry.ts', import.meta.url))

/** Flags for Debian's Chromium on a machine with no network but loopback. */
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
]

export interface RunningApp {
  page: Page
  services: AppServices
  /** Console errors and Content-Security-Policy violations the page reported. */
  pageErrors: string[]
  /** Every reply the window received from main, as JSON with its channel (to assert what never reaches it). */
  ipcReplies: string[]
  close(): Promise<void>
}

let bridgeScript: Promise<string> | undefined

/**
 * The built renderer in Chromium with window.sendsmith wired to the real router and services,
 * exactly as Electron's preload and ipcMain would wire them (ARCHITECTURE.md, "three doors").
 */
export async function launchApp(
  options: {
    home?: string
    viewport?: { width: number; height: number }
    network?: Network
    fileDialog?: FileDialog
    localInbox?: boolean
    /** The "system browser" for OAuth2 sign-in (a scripted one in tests). */
    openBrowser?: OpenBrowser
    /** Accounts saved before the page loads, so the window lists them from its first render (no race, no reload). */
    accounts?: AccountInput[]
    /** DNS for the domain check and the inbox's authentication results (a local test DNS server). */
    dnsResolver?: DnsResolver
  } = {},
): Promise<RunningApp> {
  bridgeScript ??= build({
    entryPoints: [bridgeEntry],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    write: false,
  }).then((r) => r.outputFiles[0].text)
  const home = options.home ?? tempHome()
  const services = testServices(home, options.network, {
    openBrowser: options.openBrowser,
    ...(options.dnsResolver && { dnsResolver: options.dnsResolver }),
  })
  // Headless Chromium has no native file dialog: a test gives a stand-in that returns the path it chose.
  if (options.fileDialog) services.templateFiles.useFileDialog(options.fileDialog)
  const router = createRouter(services)
  const site = await serveDirectory(rendererDir)
  const browser: Browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', // Debian's Chromium unless told otherwise
    headless: true,
    args: chromiumArgs,
  })
  const context = await browser.newContext({
    viewport: options.viewport ?? { width: 1180, height: 820 },
    // Fluent shortens its transitions to nothing: checks (axe's contrast, layout) see the settled state.
    reducedMotion: 'reduce',
  })
  const page = await context.newPage()
  page.setDefaultTimeout(10_000) // fail with the locator's name, well before the test's own timeout
  const pageErrors: string[] = []
  const ipcReplies: string[] = []
  page.on('console', (msg) => {
    if (msg.type() === 'error') pageErrors.push(msg.text())
  })
  page.on('pageerror', (error) => pageErrors.push(error.message))

  await page.exposeBinding('__sendsmithInvoke', ({ frame }, channel: string, payload: unknown) => {
    // The same sender rule as ipc.ts: only the top frame of our page may call.
    if (frame !== page.mainFrame())
      return { ok: false, error: { code: 'FORBIDDEN_SENDER', message: 'Not the Sendsmith window' } }
    return router
      .handle(channel, payload, (event, eventPayload) => emitToPage(event, eventPayload))
      .then((reply: unknown) => (ipcReplies.push(`${channel} ${JSON.stringify(reply)}`), reply))
  })
  const emitToPage = (event: string, eventPayload: unknown) =>
    void page
      .evaluate(
        ([e, p]) => (globalThis as unknown as { __sendsmithEmit(e: string, p: unknown): void }).__sendsmithEmit(e, p),
        [event, eventPayload] as const,
      )
      .catch(() => {})
  // As in main: background events (the outbox worker) reach the window too.
  const stopEvents = services.events.on(emitToPage)
  services.outbox.start()
  // As main does at start: the local test inbox listens and its account exists before the page loads.
  if (options.localInbox)
    await startAppInbox({
      inbox: services.inbox,
      accounts: services.accounts,
      settings: openConfSettings(home),
      logger: services.logger,
    })
  for (const account of options.accounts ?? []) await services.accounts.save(account)
  await page.addInitScript({ content: await bridgeScript })
  await page.goto(site.url)
  return {
    page,
    services,
    pageErrors,
    ipcReplies,
    async close() {
      stopEvents()
      services.outbox.stop()
      services.templateFiles.closeAll()
      if (options.localInbox) await services.inbox.stop()
      await browser.close()
      await site.close()
    },
  }
}
