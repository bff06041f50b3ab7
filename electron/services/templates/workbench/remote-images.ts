import type { FetchedImage } from '../../../../shared/contract'
import { guardedFetch, GuardedFetchError, type GuardedFetchOptions } from '../../net/guarded-fetch'

export interface RemoteImageOptions {
  /** How names resolve, and the hosts the user allows although they are not public. */
  lookup: GuardedFetchOptions['lookup']
  allowHosts?: readonly string[]
  timeoutMs: number
  maxBytes: number
  concurrency: number
}

const defaults = { timeoutMs: 8000, maxBytes: 5 * 1024 * 1024, concurrency: 6 }

/**
 * Fetches the images of a preview whose user allowed remote images, as data: URLs: the renderer has
 * no network (its CSP allows images from 'self' and data: only), so main does the fetching, through
 * the guarded fetch (public addresses only, redirects checked, a byte cap and a time limit).
 */
export async function fetchRemoteImages(
  urls: string[],
  options: Partial<RemoteImageOptions> & Pick<RemoteImageOptions, 'lookup'>,
): Promise<FetchedImage[]> {
  const { concurrency, ...fetchOptions } = { ...defaults, ...options }
  const unique = [...new Set(urls)]
  const results = new Map<string, FetchedImage>()
  let next = 0
  const worker = async () => {
    while (next < unique.length) {
      const url = unique[next++]
      results.set(url, await fetchOne(url, fetchOptions))
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, unique.length) }, worker))
  return unique.map((url) => results.get(url)!)
}

async function fetchOne(url: string, options: Omit<RemoteImageOptions, 'concurrency'>): Promise<FetchedImage> {
  try {
    const response = await guardedFetch(url, options)
    if (response.status < 200 || response.status > 299) return { url, error: `answered ${response.status}` }
    const type = (response.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase()
    // An SVG could carry script; the frame is sandboxed anyway, but only raster types are needed here.
    if (!/^image\/(png|jpe?g|gif|webp|avif|bmp|x-icon|vnd\.microsoft\.icon)$/.test(type))
      return { url, error: `not an image (${type || 'no type'})` }
    return { url, dataUrl: `data:${type};base64,${response.body.toString('base64')}` }
  } catch (error) {
    if (!(error instanceof GuardedFetchError)) return { url, error: (error as Error).message }
    if (error.kind === 'timeout') return { url, error: `no answer within ${options.timeoutMs} ms` }
    if (error.kind === 'too-large')
      return { url, error: `larger than ${Math.round(options.maxBytes / 1024 / 1024)} MB` }
    return { url, error: error.message }
  }
}
