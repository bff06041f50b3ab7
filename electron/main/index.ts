import { app, BrowserWindow } from 'electron'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createFileLogger } from '../services/log/logger'
import { resolveDataDir } from '../services/settings/data-dir'
import { ensureDataDir } from '../services/settings/settings-file'
import { installGlobalErrorHandlers } from './global-errors'
import { listenForOpenRequests, openRequestsFromArgv, type OpenRequest } from './mail-links'
import { showStartupError } from './startup-error'

// Only light modules above: the single-instance check runs before the services, mailparser, MJML
// and the rest are loaded (start-app.ts, imported below once this process is the one to run).

const cliFlag = process.argv.indexOf('--cli')
if (cliFlag !== -1) runCommandLine(process.argv.slice(cliFlag + 1))
else if (!app.requestSingleInstanceLock()) app.quit()
else boot()

function boot(): void {
  const dataDir = resolveDataDir(process.env, app.getPath('userData'))
  const settingsPath = join(dataDir, 'settings.json')
  ensureDataDir(dataDir) // before the log file, so the folder is created for its owner only
  const logger = createFileLogger(dataDir)
  installGlobalErrorHandlers(logger)

  // Links and files that arrive before the app is up wait here (macOS sends open-url very early).
  const early: OpenRequest[] = openRequestsFromArgv(process.argv)
  let deliver: ((request: OpenRequest) => void) | undefined
  const open = (request: OpenRequest) => (deliver ? deliver(request) : early.push(request))
  listenForOpenRequests(open)
  app.on('second-instance', (_event, argv, cwd) => {
    const [window] = BrowserWindow.getAllWindows()
    if (window) {
      if (window.isMinimized()) window.restore()
      window.show()
      window.focus()
    }
    for (const request of openRequestsFromArgv(argv, cwd)) open(request)
  })

  import('./start-app')
    .then(({ startApp }) =>
      startApp({
        dataDir,
        settingsPath,
        logger,
        preload: fileURLToPath(new URL('../preload/index.cjs', import.meta.url)),
        rendererIndex: new URL('../renderer/index.html', import.meta.url),
        onOpenRequest: (handler) => {
          deliver = handler
          for (const request of early.splice(0)) handler(request)
        },
      }),
    )
    .catch((error: unknown) => {
      logger.log('error', 'app.start-failed', {
        message: error instanceof Error ? error.message : String(error),
        code: (error as { code?: string } | null)?.code,
      })
      return showStartupError(error, { dataDir, settingsPath })
    })
}

/**
 * `sendsmith --cli ...` (what /usr/bin/sendsmith runs in the deb): the command-line tool inside the
 * app's own runtime, since the RunAsNode fuse is off. No window, no single-instance lock.
 */
function runCommandLine(args: string[]): void {
  app.dock?.hide()
  import('../cli/run-cli')
    .then(({ runCli }) => runCli(args))
    .then(
      (code) => app.exit(code),
      (error: unknown) => {
        process.stderr.write(`sendsmith: ${error instanceof Error ? error.message : String(error)}\n`)
        app.exit(1)
      },
    )
}
