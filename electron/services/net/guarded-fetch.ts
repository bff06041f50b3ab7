import { request as httpRequest, type IncomingMessage } from 'node:http'
import { request as httpsRequest } from 'node:https'
import { isIP, type LookupFunction } from 'node:net'
import { SendsmithError } from '../errors/app-error'
import { nonPublicReason } from './address-ranges'
import type { Network } from './network'

export interface GuardedFetchOptions {
  /** Resolves host names (the app's Network.lookup; tests point it at local servers). */
  lookup: Network['lookup']
  /** Hosts (names or IP literals) the user allows even though they are not public, e.g. an intranet server. */
  allowHosts?: readonly string[]
  method?: 'GET' | 'HEAD'
  /** The whole exchange, redirects included (default 8 s). */
  timeoutMs?: number
  /** The body is read up to this many bytes; one more ends the download (default 5 MB). */
  maxBytes?: number
  /** Redirects followed, each one checked again (default and at most 5). */
  maxRedirects?: number
  /** false: stop after the status and headers (a link check needs no body). */
  readBody?: boolean
  signal?: AbortSignal
}

export interface GuardedResponse {
  status: number
  /** Header names in lower case. */
  headers: Record<string, string>
  /** The URL that answered, after redirects. */
  url: string
  body: Buffer
}

/** Why a guarded fetch failed: a stable kind for callers, and a message naming the URL. */
export class GuardedFetchError extends SendsmithError {
  constructor(
    readonly kind: 'refused' | 'too-large' | 'timeout' | 'redirects' | 'network',
    message: string,
    options?: { cause?: unknown },
  ) {
    super({ code: kind === 'timeout' ? 'TIMEOUT' : 'VALIDATION', field: 'url', message }, options)
  }
}

const redirectStatuses = new Set([301, 302, 303, 307, 308])

/**
 * Every fetch main makes for content a template or message names (remote images, live links).
 * Only http(s); the host is resolved first and every address must be public unless the user
 * allows the host; the connection goes to the checked address (a second DNS answer cannot swap
 * in 127.0.0.1); each redirect is checked the same way, at most 5; the body streams with a byte
 * cap (the download ends at the first byte too many) and the whole exchange has a time limit.
 */
export async function guardedFetch(url: string, options: GuardedFetchOptions): Promise<GuardedResponse> {
  const timeoutMs = options.timeoutMs ?? 8000
  const maxRedirects = Math.min(options.maxRedirects ?? 5, 5)
  const timeout = AbortSignal.timeout(timeoutMs)
  const signal = options.signal ? AbortSignal.any([timeout, options.signal]) : timeout
  let method = options.method ?? 'GET'
  let current = url
  for (let redirects = 0; ; redirects++) {
    const target = await checkedTarget(current, options)
    let response: IncomingMessage
    try {
      response = await send(target, method, signal)
    } catch (error) {
      throw failure(error, current, timeout, timeoutMs)
    }
    const location = response.headers.location
    if (redirectStatuses.has(response.statusCode ?? 0) && location) {
      response.destroy()
      if (redirects >= maxRedirects)
        throw new GuardedFetchError('redirects', `${url} redirects more than ${maxRedirects} times`)
      current = new URL(location, current).href
      if (response.statusCode === 303 && method !== 'HEAD') method = 'GET'
      continue
    }
    const headers = Object.fromEntries(
      Object.entries(response.headers).map(([name, value]) => [
        name,
        Array.isArray(value) ? value.join(', ') : (value ?? ''),
      ]),
    )
    if (options.readBody === false || method === 'HEAD') {
      response.destroy()
      return { status: response.statusCode ?? 0, headers, url: current, body: Buffer.alloc(0) }
    }
    try {
      const body = await readCapped(response, options.maxBytes ?? 5 * 1024 * 1024, current)
      return { status: response.statusCode ?? 0, headers, url: current, body }
    } catch (error) {
      throw failure(error, current, timeout, timeoutMs)
    }
  }
}

interface Target {
  url: URL
  host: string
  address: string
  family: 4 | 6
}

/** Parses, resolves and checks one hop: the address the connection will use. */
async function checkedTarget(text: string, options: GuardedFetchOptions): Promise<Target> {
  let url: URL
  try {
    url = new URL(text)
  } catch {
    throw new GuardedFetchError('refused', `${text} is not a URL`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new GuardedFetchError('refused', `${url.href} is refused: only http and https addresses are fetched`)
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase()
  const allowed = (options.allowHosts ?? []).some(
    (h) =>
      h
        .trim()
        .toLowerCase()
        .replace(/^\[(.*)\]$/, '$1') === host,
  )
  let addresses: { address: string; family: 4 | 6 }[]
  if (isIP(host)) addresses = [{ address: host, family: isIP(host) as 4 | 6 }]
  else {
    try {
      addresses = await options.lookup(host)
    } catch (error) {
      throw new GuardedFetchError('network', `${url.href} could not be reached: ${host} was not found`, {
        cause: error,
      })
    }
  }
  if (addresses.length === 0)
    throw new GuardedFetchError('network', `${url.href} could not be reached: ${host} was not found`)
  if (!allowed) {
    // Every address must be public: otherwise a name with one public and one private answer could go either way.
    for (const { address } of addresses) {
      const reason = nonPublicReason(address)
      if (reason)
        throw new GuardedFetchError(
          'refused',
          `${url.href} is refused: ${host === address ? host : `${host} (${address})`} is ${reason}`,
        )
    }
  }
  return { url, host, ...addresses[0] }
}

function send(target: Target, method: string, signal: AbortSignal): Promise<IncomingMessage> {
  // Connect to the address that was checked, whatever the name resolves to now; TLS still checks the name.
  const lookup: LookupFunction = (_hostname, options, callback) => {
    if ((options as { all?: boolean }).all) callback(null, [{ address: target.address, family: target.family }])
    else callback(null, target.address, target.family)
  }
  const request = target.url.protocol === 'https:' ? httpsRequest : httpRequest
  return new Promise((resolve, reject) => {
    const outgoing = request(target.url, {
      method,
      lookup,
      signal,
      headers: { 'user-agent': 'Sendsmith', accept: '*/*' },
    })
    outgoing.once('response', resolve)
    outgoing.once('error', reject)
    outgoing.end()
  })
}

/** Reads a body up to `maxBytes`; one byte more ends the download at once. */
function readCapped(response: IncomingMessage, maxBytes: number, url: string): Promise<Buffer> {
  const declared = Number(response.headers['content-length'] ?? 0)
  const tooLarge = () =>
    new GuardedFetchError('too-large', `${url} is larger than ${formatBytes(maxBytes)}, so it was not downloaded`)
  if (declared > maxBytes) {
    response.destroy()
    return Promise.reject(tooLarge())
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    response.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > maxBytes) {
        response.destroy()
        reject(tooLarge())
        return
      }
      chunks.push(chunk)
    })
    response.once('end', () => resolve(Buffer.concat(chunks)))
    response.once('error', reject)
    response.once('close', () => {
      if (!response.complete) reject(new Error('The connection closed before the whole answer arrived'))
    })
  })
}

function failure(error: unknown, url: string, timeout: AbortSignal, timeoutMs: number): Error {
  if (error instanceof GuardedFetchError) return error
  if (timeout.aborted)
    return new GuardedFetchError('timeout', `${url} did not answer within ${timeoutMs} ms`, { cause: error })
  if ((error as Error).name === 'AbortError') return error as Error
  return new GuardedFetchError('network', `${url} could not be reached: ${(error as Error).message}`, { cause: error })
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB` : `${Math.round(bytes / 1024)} KB`
}
