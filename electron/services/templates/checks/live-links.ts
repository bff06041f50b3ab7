import type { Finding } from '../../../../shared/contract'
import { guardedFetch, GuardedFetchError, type GuardedFetchOptions } from '../../net/guarded-fetch'
import type { RenderedDocument } from './rendered-document'

export interface LiveLinkOptions {
  /** How names resolve (the app's Network.lookup; tests point it at local servers). */
  lookup: GuardedFetchOptions['lookup']
  /** Hosts the user allows although they are not public (links to an intranet, a local test server). */
  allowHosts?: readonly string[]
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
      const problem = await probe(url, options, timeoutMs)
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

async function probe(url: string, options: LiveLinkOptions, timeoutMs: number): Promise<string | null> {
  const ask = async (method: 'HEAD' | 'GET') =>
    (await guardedFetch(url, { ...options, method, timeoutMs, readBody: false })).status
  try {
    let status = await ask('HEAD')
    if (status === 405 || status === 501) status = await ask('GET')
    return status >= 400 ? `answered ${status}` : null
  } catch (error) {
    if (error instanceof GuardedFetchError && error.kind === 'timeout') return `did not answer within ${timeoutMs} ms`
    if (error instanceof GuardedFetchError && error.kind === 'refused')
      return `was not checked: ${error.message.replace(`${url} is refused: `, '')}`
    return `could not be reached (${(error as Error).message.replace(`${url} could not be reached: `, '')})`
  }
}
