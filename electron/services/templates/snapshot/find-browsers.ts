import { execFile } from 'node:child_process'
import { access, constants } from 'node:fs/promises'
import type { EngineAvailability, SnapshotEngine } from '../../../../shared/contract'
import { SendsmithError } from '../../errors/app-error'

// Where Linux distributions, macOS and Windows put the browsers each engine can be driven through.
const candidates: Record<SnapshotEngine, string[]> = {
  chromium: [
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
    '/usr/bin/google-chrome-stable',
    '/snap/bin/chromium',
    '/Applications/Chromium.app/Contents/MacOS/Chromium',
    '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
    'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
  ],
  gecko: [
    '/usr/bin/firefox-esr',
    '/usr/bin/firefox',
    '/snap/bin/firefox',
    '/Applications/Firefox.app/Contents/MacOS/firefox',
    'C:\\Program Files\\Mozilla Firefox\\firefox.exe',
  ],
  // WebKitGTK's MiniBrowser (Debian's webkit2gtk-driver) could not take screenshots headless here;
  // no WebKit driver is used yet, so WebKit is reported as missing with what was looked for.
  webkit: [],
}

const install: Record<SnapshotEngine, string> = {
  chromium: 'Install Chromium (Debian: apt install chromium) or name a Chromium or Chrome binary with --browser PATH.',
  gecko: 'Install Firefox (Debian: apt install firefox-esr) or name a Firefox binary with --browser PATH.',
  webkit:
    'WebKit snapshots are not available here: no headless WebKit browser that can take screenshots was found (Debian MiniBrowser under Xvfb did not work). Use chromium or gecko.',
}

async function executable(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK)
    return true
  } catch {
    return false
  }
}

/** The browser binary for an engine: the one named, or the first found; a clear error when there is none. */
export async function findBrowser(engine: SnapshotEngine, named?: string): Promise<string> {
  if (engine === 'webkit') throw new SendsmithError({ code: 'NOT_FOUND', field: 'engine', message: install.webkit })
  if (named !== undefined) {
    if (await executable(named)) return named
    throw new SendsmithError({
      code: 'NOT_FOUND',
      field: 'browser',
      message: `${named} is not an executable browser`,
      hint: install[engine],
    })
  }
  for (const path of candidates[engine]) if (await executable(path)) return path
  throw new SendsmithError({
    code: 'NOT_FOUND',
    field: 'engine',
    message: `No ${engine === 'gecko' ? 'Firefox (Gecko)' : 'Chromium'} browser was found (looked in ${candidates[engine].slice(0, 3).join(', ')}, ...)`,
    hint: install[engine],
  })
}

/** Each engine, and the browser that would be used for it (with its version), or why none can. */
export async function engineAvailability(): Promise<EngineAvailability[]> {
  const engines: SnapshotEngine[] = ['chromium', 'gecko', 'webkit']
  return Promise.all(
    engines.map(async (engine) => {
      try {
        const path = await findBrowser(engine)
        return { engine, available: true, detail: `${await version(path)} (${path})` }
      } catch (error) {
        return { engine, available: false, detail: (error as Error).message }
      }
    }),
  )
}

function version(path: string): Promise<string> {
  return new Promise((resolve) =>
    execFile(path, ['--version'], { timeout: 10_000 }, (error, stdout) =>
      resolve(error ? 'version unknown' : stdout.trim().split('\n').at(-1)!.trim()),
    ),
  )
}
