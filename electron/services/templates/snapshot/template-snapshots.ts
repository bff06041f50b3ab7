import type { Snapshot, SnapshotEngine, SnapshotOptions, VisualDiff } from '../../../../shared/contract'
import { snapshotOptionsSchema } from '../../../../shared/contract'
import { renderTemplate, type RenderInput } from '../render-template'
import type { PageShot } from './chromium-snapshot'
import { engineAvailability, findBrowser } from './find-browsers'

/** Takes a PNG of a page; the app passes its own Chromium (an offscreen window) in place of a system one. */
export type PageCamera = (shot: PageShot) => Promise<Buffer>

// playwright-core, pngjs, pixelmatch and the client filter load with the first snapshot, not with the
// app or the CLI (issue 19, CLI start).

/** Snapshots of rendered templates in real engines, and visual diffs between two versions. */
export class TemplateSnapshots {
  constructor(private readonly deps: { chromiumCamera?: PageCamera } = {}) {}

  engines() {
    return engineAvailability()
  }

  /** Renders the template (optionally as a client sees it) and photographs it in one engine. */
  async snapshot(input: RenderInput, options: SnapshotOptions, browserPath?: string): Promise<Snapshot> {
    return (await this.snapshots([input], options, browserPath))[0]
  }

  private async snapshots(inputs: RenderInput[], options: SnapshotOptions, browserPath?: string): Promise<Snapshot[]> {
    const parsed = snapshotOptionsSchema.parse(options)
    const { filterForClient } = await import('../client-filter/filter-for-client')
    const pages: string[] = []
    for (const input of inputs) {
      const { html } = await renderTemplate(input)
      pages.push(parsed.client ? filterForClient(html, parsed.client).html : html)
    }
    return this.photograph(pages, parsed.engine, { width: parsed.width, dark: parsed.dark }, browserPath)
  }

  /** Snapshots of two versions in the same engine and width, and the share of pixels that changed. */
  async diff(
    before: RenderInput,
    after: RenderInput,
    options: SnapshotOptions,
    browserPath?: string,
  ): Promise<VisualDiff & { beforePng: Buffer; afterPng: Buffer; diffPng: Buffer }> {
    const [a, b] = await this.snapshots([before, after], options, browserPath)
    const beforePng = Buffer.from(a.pngBase64, 'base64')
    const afterPng = Buffer.from(b.pngBase64, 'base64')
    const { diffImages } = await import('../visual-diff/diff-images')
    const diff = diffImages(beforePng, afterPng)
    return {
      before: a,
      after: b,
      diffPngBase64: diff.diffPng.toString('base64'),
      changedPixels: diff.changedPixels,
      totalPixels: diff.totalPixels,
      changedPercent: diff.changedPercent,
      beforePng,
      afterPng,
      diffPng: diff.diffPng,
    }
  }

  private async photograph(
    pages: string[],
    engine: SnapshotEngine,
    shot: Omit<PageShot, 'html'>,
    browserPath?: string,
  ): Promise<Snapshot[]> {
    const started = performance.now()
    const camera = this.deps.chromiumCamera
    let pngs: Buffer[] = []
    if (engine === 'chromium' && camera && browserPath === undefined)
      for (const html of pages) pngs.push(await camera({ html, ...shot }))
    else {
      const path = await findBrowser(engine, browserPath)
      if (engine === 'gecko') {
        const { geckoSnapshot } = await import('./gecko-snapshot')
        for (const html of pages) pngs.push(await geckoSnapshot(path, { html, ...shot }))
      } else
        pngs = await (
          await import('./chromium-snapshot')
        ).chromiumSnapshots(
          path,
          pages.map((html) => ({ html, ...shot })),
        )
    }
    const { pngSize } = await import('./png-image')
    const ms = Math.round((performance.now() - started) / pages.length)
    return pngs.map((png) => ({ engine, pngBase64: png.toString('base64'), ...pngSize(png), ms }))
  }
}
