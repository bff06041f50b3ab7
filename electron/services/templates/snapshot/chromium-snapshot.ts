import { chromium, type Browser } from 'playwright-core'
import { SendsmithError } from '../../errors/app-error'
import { trimBottom } from './png-image'

/** Launch flags for a quiet, throwaway headless Chromium that talks to no Google service. */
export const chromiumFlags = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
]

export interface PageShot {
  html: string
  width: number
  dark: boolean
  /** Viewport height; the whole page is captured whatever it is. */
  height?: number
}

/**
 * A full-page PNG of the HTML in a system Chromium driven by playwright-core. The page gets no
 * network: remote images stay out, as in the preview until the user allows them.
 */
export async function chromiumSnapshot(executablePath: string, shot: PageShot): Promise<Buffer> {
  return (await chromiumSnapshots(executablePath, [shot]))[0]
}

/** Several pages in one browser launch (a diff's two versions): launching is most of the time. */
export async function chromiumSnapshots(executablePath: string, shots: PageShot[]): Promise<Buffer[]> {
  let browser
  try {
    browser = await chromium.launch({ executablePath, args: chromiumFlags, timeout: 60_000 })
  } catch (error) {
    throw new SendsmithError(
      {
        code: 'INTERNAL',
        field: 'browser',
        message: `Chromium could not be started (${executablePath}): ${(error as Error).message.split('\n')[0]}`,
        hint: 'Name another Chromium or Chrome binary with --browser PATH.',
      },
      { cause: error },
    )
  }
  try {
    const pngs: Buffer[] = []
    for (const shot of shots) pngs.push(await shoot(browser, shot))
    return pngs
  } finally {
    await browser.close()
  }
}

async function shoot(browser: Browser, shot: PageShot): Promise<Buffer> {
  const context = await browser.newContext({
    viewport: { width: shot.width, height: shot.height ?? 600 },
    colorScheme: shot.dark ? 'dark' : 'light',
    javaScriptEnabled: false, // mail clients run no scripts
  })
  try {
    await context.route(/^(?!data:|about:)/, (route) => route.abort())
    const page = await context.newPage()
    await page.setContent(shot.html, { waitUntil: 'load', timeout: 30_000 })
    const png = await page.screenshot({ fullPage: true, type: 'png', animations: 'disabled' })
    // Cut like the Gecko capture, so both engines give pictures of the same height for the same mail.
    return shot.height === undefined ? trimBottom(png) : png
  } finally {
    await context.close()
  }
}
