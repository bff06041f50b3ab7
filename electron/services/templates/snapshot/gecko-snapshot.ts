import { spawn } from 'node:child_process'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { SendsmithError } from '../../errors/app-error'
import type { PageShot } from './chromium-snapshot'
import { trimBottom } from './png-image'

/** Tall enough for most mails: Firefox captures the window, not the page, so the empty rest is cut. */
const captureHeight = 6000

// A throwaway profile: no network (remote images stay out, nothing phones home), light or dark.
const prefs = (dark: boolean) =>
  [
    ['network.proxy.type', 1],
    ['network.proxy.http', '"127.0.0.1"'],
    ['network.proxy.http_port', 9],
    ['network.proxy.ssl', '"127.0.0.1"'],
    ['network.proxy.ssl_port', 9],
    ['network.proxy.allow_hijacking_localhost', true],
    ['app.update.enabled', false],
    ['browser.shell.checkDefaultBrowser', false],
    ['datareporting.policy.dataSubmissionEnabled', false],
    ['toolkit.telemetry.enabled', false],
    ['javascript.enabled', false],
    ['layout.css.prefers-color-scheme.content-override', dark ? 0 : 1],
    ['ui.systemUsesDarkTheme', dark ? 1 : 0],
  ]
    .map(([name, value]) => `user_pref("${name}", ${value});`)
    .join('\n')

/**
 * A PNG of the HTML in Gecko (Firefox, the engine of Thunderbird), with Firefox's own headless
 * `--screenshot` and a fresh profile that is removed afterwards.
 */
export async function geckoSnapshot(executablePath: string, shot: PageShot): Promise<Buffer> {
  const dir = await mkdtemp(join(tmpdir(), 'sendsmith-gecko-'))
  try {
    const profile = join(dir, 'profile')
    const page = join(dir, 'page.html')
    const out = join(dir, 'shot.png')
    await mkdir(profile)
    await writeFile(join(profile, 'user.js'), prefs(shot.dark))
    await writeFile(page, shot.html)
    const height = shot.height ?? captureHeight
    await run(executablePath, [
      '--headless',
      '--no-remote',
      '--profile',
      profile,
      '--screenshot',
      out,
      `--window-size=${shot.width},${height}`,
      pathToFileURL(page).href,
    ])
    let png: Buffer
    try {
      png = await readFile(out)
    } catch {
      throw new SendsmithError({
        code: 'INTERNAL',
        field: 'browser',
        message: `Firefox (${executablePath}) ran but wrote no screenshot`,
      })
    }
    return shot.height === undefined ? trimBottom(png) : png
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, MOZ_HEADLESS: '1' },
    })
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)))
    const timer = setTimeout(() => child.kill('SIGKILL'), 90_000)
    child.on('error', (error) =>
      reject(
        new SendsmithError(
          {
            code: 'INTERNAL',
            field: 'browser',
            message: `Firefox could not be started (${command}): ${error.message}`,
          },
          { cause: error },
        ),
      ),
    )
    child.on('close', (code) => {
      clearTimeout(timer)
      if (code === 0) resolve()
      else
        reject(
          new SendsmithError({
            code: 'INTERNAL',
            field: 'browser',
            message: `Firefox (${command}) failed with exit code ${code}: ${stderr.trim().split('\n').at(-1) ?? ''}`,
          }),
        )
    })
  })
}
