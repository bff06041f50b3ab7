import { app } from 'electron'
import { resolve } from 'node:path'
import { isMailtoUrl } from '../../shared/mailto'
import { isOpenableFile } from '../services/desktop/openable-files'

/**
 * The system's mail app: mailto: links and opened files arrive as `open-url` / `open-file` on
 * macOS and as command-line arguments on Windows and Linux (for a second instance, through
 * `second-instance`). Everything found is handed to `open`.
 */
export type OpenRequest = { kind: 'mailto'; url: string } | { kind: 'file'; path: string }

/** The mailto: links and openable files in a command line (the executable and flags are skipped). */
export function openRequestsFromArgv(argv: string[], cwd: string = process.cwd()): OpenRequest[] {
  const requests: OpenRequest[] = []
  for (const arg of argv.slice(1)) {
    if (isMailtoUrl(arg)) requests.push({ kind: 'mailto', url: arg.trim() })
    else if (!arg.startsWith('-') && isOpenableFile(arg)) requests.push({ kind: 'file', path: resolve(cwd, arg) })
  }
  return requests
}

/** Listens for links and files from the system; call before `ready` (macOS sends open-url early). */
export function listenForOpenRequests(open: (request: OpenRequest) => void): void {
  app.on('open-url', (event, url) => {
    event.preventDefault()
    if (isMailtoUrl(url)) open({ kind: 'mailto', url })
  })
  app.on('open-file', (event, path) => {
    event.preventDefault()
    if (isOpenableFile(path)) open({ kind: 'file', path })
  })
}

/** Whether the system opens mailto: links with Sendsmith. */
export function isDefaultMailApp(): boolean {
  const dev = devLaunch()
  return dev ? app.isDefaultProtocolClient('mailto', dev.path, dev.args) : app.isDefaultProtocolClient('mailto')
}

/**
 * Makes Sendsmith the system's mail app, or stops being it. On Linux this runs `xdg-settings` with
 * package.json's desktopName (sendsmith.desktop, installed by the deb with
 * MimeType=x-scheme-handler/mailto). Returns whether Sendsmith is the default afterwards.
 */
export function setDefaultMailApp(on: boolean): boolean {
  const dev = devLaunch()
  if (on)
    void (dev ? app.setAsDefaultProtocolClient('mailto', dev.path, dev.args) : app.setAsDefaultProtocolClient('mailto'))
  else
    void (dev
      ? app.removeAsDefaultProtocolClient('mailto', dev.path, dev.args)
      : app.removeAsDefaultProtocolClient('mailto'))
  return isDefaultMailApp()
}

/** An unpackaged app runs as `electron <folder>`: the folder must be part of the registered command. */
function devLaunch(): { path: string; args: string[] } | undefined {
  return process.defaultApp && process.argv[1]
    ? { path: process.execPath, args: [resolve(process.argv[1])] }
    : undefined
}
