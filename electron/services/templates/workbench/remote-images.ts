import type { FetchedImage } from '../../../../shared/contract'

export interface RemoteImageOptions {
  fetch: typeof fetch
  timeoutMs: number
  maxBytes: number
  concurrency: number
}

const defaults = { timeoutMs: 8000, maxBytes: 5 * 1024 * 1024, concurrency: 6 }

/**
 * Fetches the images of a preview whose user allowed remote images, as data: URLs: the renderer has
 * no network (its CSP allows images from 'self' and data: only), so main does the fetching.
 */
export async function fetchRemoteImages(
  urls: string[],
  options: Partial<RemoteImageOptions> & Pick<RemoteImageOptions, 'fetch'>,
): Promise<FetchedImage[]> {
  const { fetch, timeoutMs, maxBytes, concurrency } = { ...defaults, ...options }
  const unique = [...new Set(urls)]
  const results = new Map<string, FetchedImage>()
  let next = 0
  const worker = async () => {
    while (next < unique.length) {
      const url = unique[next++]
      results.set(url, await fetchOne(fetch, url, timeoutMs, maxBytes))
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, unique.length) }, worker))
  return unique.map((url) => results.get(url)!)
}

async function fetchOne(
  fetchImpl: typeof fetch,
  url: string,
  timeoutMs: number,
  maxBytes: number,
): Promise<FetchedImage> {
  try {
    const response = await fetchImpl(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'follow' })
    if (!response.ok) return { url, error: `answered ${response.status}` }
    const type = (response.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase()
    // An SVG could carry script; the frame is sandboxed anyway, but only raster types are needed here.
    if (!/^image\/(png|jpe?g|gif|webp|avif|bmp|x-icon|vnd\.microsoft\.icon)$/.test(type))
      return { url, error: `not an image (${type || 'no type'})` }
    const declared = Number(response.headers.get('content-length') ?? 0)
    if (declared > maxBytes) return { url, error: `larger than ${Math.round(maxBytes / 1024 / 1024)} MB` }
    const bytes = Buffer.from(await response.arrayBuffer())
    if (bytes.length > maxBytes) return { url, error: `larger than ${Math.round(maxBytes / 1024 / 1024)} MB` }
    return { url, dataUrl: `data:${type};base64,${bytes.toString('base64')}` }
  } catch (error) {
    const name = (error as Error).name
    return { url, error: name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : (error as Error).message }
  }
}
