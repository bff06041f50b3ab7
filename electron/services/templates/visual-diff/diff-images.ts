import pixelmatch from 'pixelmatch'
import { PNG } from 'pngjs'

export interface ImageDiff {
  /** Changed pixels in red over a faded copy of the second image. */
  diffPng: Buffer
  changedPixels: number
  totalPixels: number
  /** 0-100, rounded to 3 decimals. */
  changedPercent: number
}

/**
 * Compares two PNGs pixel by pixel (pixelmatch, anti-aliasing ignored). Images of different sizes
 * are compared on the larger canvas: the area only one of them covers counts as changed.
 */
export function diffImages(before: Buffer, after: Buffer, colourThreshold = 0.1): ImageDiff {
  const a = PNG.sync.read(before)
  const b = PNG.sync.read(after)
  const width = Math.max(a.width, b.width)
  const height = Math.max(a.height, b.height)
  const output = new PNG({ width, height })
  const changedPixels = pixelmatch(onCanvas(a, width, height), onCanvas(b, width, height), output.data, width, height, {
    threshold: colourThreshold,
  })
  const totalPixels = width * height
  return {
    diffPng: PNG.sync.write(output),
    changedPixels,
    totalPixels,
    changedPercent: totalPixels === 0 ? 0 : Math.round((changedPixels / totalPixels) * 100_000) / 1000,
  }
}

/** The image's pixels on a canvas of the given size; the rest is transparent magenta, unlike any page. */
function onCanvas(image: PNG, width: number, height: number): Uint8Array {
  if (image.width === width && image.height === height) return image.data
  const canvas = Buffer.alloc(width * height * 4)
  for (let i = 0; i < canvas.length; i += 4) canvas.set([255, 0, 255, 255], i)
  for (let y = 0; y < image.height; y++)
    image.data.copy(canvas, y * width * 4, y * image.width * 4, (y + 1) * image.width * 4)
  return canvas
}
