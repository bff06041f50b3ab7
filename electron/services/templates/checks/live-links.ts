import type { Finding } from '../../../../shared/contract'
import type { RenderedDocument } from './rendered-document'

export interface LiveLinkOptions {
  /** The fetch to use (the app's Network.fetch; tests pass one over local servers). */
  fetch: typeof fetch
  /** Per request, in milliseconds (default 8000). */
  timeoutMs?: number
  /** Requests in flight at once (default 4). */
  concurrency?: number
}

/**
 * Optional live check: asks every distinct http(s) link once (HEAD, then GET when HEAD is
 * refused) and reports those that fail or answer 4xx/5xx. Not part of the default checks: it
 * reaches the network and takes seconds.
 */
export async function checkLinksLive(doc: RenderedDocument, options: LiveLinkOptions): Promise<Finding[]> {
  const timeoutMs = options.timeoutMs ?? 8000
  const concurrency = Math.max(1, options.concurrency ?? 4)
  const lines = new Map<string, number>()
  for (const element of [...doc.elements('a'), ...doc.elements('area')]) {
    const href = element.attribs.href?.trim()
    if (href && /^https?:\/\//i.test(href) && !lines.has(href) && URL.canParse(href))
      lines.set(href, doc.lineOf(element))
  }
  const queue = [...lines.keys()]
  const findings: Finding[] = []
  const worker = async () => {
    for (let url = queue.shift(); url !== undefined; url = queue.shift()) {
      const problem = await probe(url, options.fetch, timeoutMs)
      if (problem)
        findings.push({
          check: 'links',
          severity: 'error',
          message: `The link ${url} ${problem}.`,
          line: lines.get(url) ?? 1,
        })
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, queue.length) }, worker))
  return findings.sort((a, b) => a.line - b.line)
}

async function probe(url: string, fetchImpl: typeof fetch, timeoutMs: number): Promise<string | null> {
  const ask = async (method: 'HEAD' | 'GET') => {
    const response = await fetchImpl(url, { method, redirect: 'follow', signal: AbortSignal.timeout(timeoutMs) })
    await response.body?.cancel()
    return response.status
  }
  try {
    let status = await ask('HEAD')
    if (status === 405 || status === 501) status = await ask('GET')
    return status >= 400 ? `answered ${status}` : null
  } catch (error) {
    const name = (error as Error).name
    return name === 'TimeoutError' || name === 'AbortError'
      ? `did not answer within ${timeoutMs} ms`
      : `could not be reached (${(error as Error).message})`
  }
}
