import { PNG } from 'pngjs'

/** Width and height of a PNG, read from its header. */
export function pngSize(png: Buffer): { width: number; height: number } {
  const image = PNG.sync.read(png)
  return { width: image.width, height: image.height }
}

/**
 * Cuts the rows at the bottom that are all the colour of the last row: the empty canvas under the
 * content of a page captured in a window taller than it (Firefox's --screenshot has no full-page mode).
 */
export function trimBottom(png: Buffer, minHeight = 1): Buffer {
  const image = PNG.sync.read(png)
  const { width, height, data } = image
  const rowBytes = width * 4
  const last = data.subarray((height - 1) * rowBytes, height * rowBytes)
  let keep = height
  while (keep > minHeight) {
    const row = data.subarray((keep - 1) * rowBytes, keep * rowBytes)
    if (!row.equals(last)) break
    keep--
  }
  keep = Math.min(height, keep + 8) // the body's bottom margin, as a full-page capture would have it
  if (keep === height) return png
  const out = new PNG({ width, height: keep })
  data.copy(out.data, 0, 0, keep * rowBytes)
  return PNG.sync.write(out)
}
