import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer, request, type RequestOptions } from 'node:https'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** What the server answers for one host and path. */
export interface HttpsResponseSpec {
  status?: number
  body?: string
  /** Default application/xml. */
  contentType?: string
  /** Wait this long before answering, to test timeouts and cancelling. */
  delayMs?: number
  /** Sent as the Location header (use with a 3xx status). */
  location?: string
}

export interface HttpsTestServer {
  /** The port on 127.0.0.1. */
  port: number
  /** The server's self-signed certificate (PEM), valid for `hostnames`; `fetch` trusts it and nothing else. */
  cert: string
  hostnames: string[]
  /** Every request so far: the Host it named and its path with the query. */
  requests: { host: string; path: string }[]
  /** Serves `response` (a string is an XML body) for GET https://<host><pathname>, whatever the query. */
  route(host: string, pathname: string, response: HttpsResponseSpec | string): void
  /** Serves `xml` (or a full response) at https://autoconfig.<domain>/mail/config-v1.1.xml, Thunderbird's first place to look. */
  serveAutoconfig(domain: string, xml: HttpsResponseSpec | string): void
  /**
   * A fetch that sends every https request for one of `hostnames` to this server, with the URL's
   * Host header and SNI, verifying the certificate under that name as the real fetch would. Any
   * other name fails with ENOTFOUND, like a name that does not exist; plain http is refused.
   */
  fetch: typeof fetch
  close(): Promise<void>
}

/**
 * A real HTTPS server on 127.0.0.1 playing any number of web hosts (autoconfig.example.test,
 * example.test, ...). It makes its own certificate for those names, since the shared test
 * certificate only names localhost, and hostname checks must stay on.
 *
 *   const https = await startHttpsTestServer({ hostnames: ['autoconfig.example.test', 'example.test'] })
 *   https.serveAutoconfig('example.test', autoconfigXml({ domain: 'example.test', servers: [...] }))
 *   const network = testNetwork({ dnsPort: dns.port, fetch: https.fetch })
 */
export async function startHttpsTestServer(options: { hostnames: string[] }): Promise<HttpsTestServer> {
  const hostnames = options.hostnames.map((h) => h.toLowerCase())
  const { key, cert } = certificateFor(hostnames)
  const routes = new Map<string, HttpsResponseSpec>()
  const requests: HttpsTestServer['requests'] = []
  const server = createServer({ key, cert }, (req, res) => {
    const host = (req.headers.host ?? '').replace(/:\d+$/, '').toLowerCase()
    const path = req.url ?? '/'
    requests.push({ host, path })
    const spec = routes.get(`${host}${path.split('?')[0]}`) ?? {
      status: 404,
      body: 'Not found',
      contentType: 'text/plain',
    }
    const send = () => {
      res.writeHead(spec.status ?? 200, {
        'content-type': spec.contentType ?? 'application/xml',
        ...(spec.location && { location: spec.location }),
      })
      res.end(spec.body ?? '')
    }
    if (!spec.delayMs) return send()
    const timer = setTimeout(send, spec.delayMs)
    res.on('close', () => clearTimeout(timer))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  const route: HttpsTestServer['route'] = (host, pathname, response) => {
    routes.set(`${host.toLowerCase()}${pathname}`, typeof response === 'string' ? { body: response } : response)
  }
  return {
    port,
    cert,
    hostnames,
    requests,
    route,
    serveAutoconfig: (domain, xml) => route(`autoconfig.${domain}`, '/mail/config-v1.1.xml', xml),
    fetch: localHttpsFetch({ port, ca: cert, hostnames }),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

/**
 * A fetch-compatible function over node:https that reaches 127.0.0.1:`port` for the given host
 * names, trusting only `ca`. Honours `signal` and `redirect` ('follow' by default, as fetch does).
 */
export function localHttpsFetch(target: { port: number; ca: string; hostnames: string[] }): typeof fetch {
  const served = (hostname: string) =>
    target.hostnames.some((h) => h === hostname || (h.startsWith('*.') && hostname.endsWith(h.slice(1))))
  const fetchOnce = async (input: string | URL | Request, init: RequestInit = {}, hops = 0): Promise<Response> => {
    const requestInput = input instanceof Request ? input : undefined
    const url = new URL(requestInput ? requestInput.url : String(input))
    const signal = init.signal ?? requestInput?.signal
    const redirect = init.redirect ?? requestInput?.redirect ?? 'follow'
    const hostname = url.hostname.toLowerCase()
    signal?.throwIfAborted()
    if (url.protocol !== 'https:')
      throw fetchFailed(`connect ECONNREFUSED ${hostname}:${url.port || 80}`, 'ECONNREFUSED')
    if (!served(hostname)) throw fetchFailed(`getaddrinfo ENOTFOUND ${hostname}`, 'ENOTFOUND')
    const headers = Object.fromEntries(new Headers(init.headers ?? requestInput?.headers).entries())
    const options: RequestOptions = {
      host: '127.0.0.1',
      port: target.port,
      // The socket goes to 127.0.0.1, but SNI and the certificate check use the URL's host, as fetch would.
      servername: hostname,
      path: `${url.pathname}${url.search}`,
      method: init.method ?? requestInput?.method ?? 'GET',
      headers: { ...headers, host: url.host },
      ca: target.ca,
      signal: signal ?? undefined,
    }
    const { status, statusText, responseHeaders, body } = await new Promise<{
      status: number
      statusText: string
      responseHeaders: Headers
      body: Buffer
    }>((resolve, reject) => {
      const req = request(options, (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('error', reject)
        res.on('end', () => {
          const responseHeaders = new Headers()
          for (const [name, value] of Object.entries(res.headers)) {
            for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value])
              responseHeaders.append(name, v)
          }
          resolve({
            status: res.statusCode ?? 0,
            statusText: res.statusMessage ?? '',
            responseHeaders,
            body: Buffer.concat(chunks),
          })
        })
      })
      req.on('error', (error: Error & { code?: string }) =>
        reject(
          error.name === 'AbortError' ? (signal?.reason ?? error) : new TypeError('fetch failed', { cause: error }),
        ),
      )
      const body = init.body
      if (typeof body === 'string' || body instanceof Uint8Array) req.end(body)
      else req.end()
    })
    const location = responseHeaders.get('location')
    if (status >= 300 && status < 400 && location && redirect !== 'manual') {
      if (redirect === 'error') throw new TypeError('fetch failed', { cause: new Error('unexpected redirect') })
      if (hops >= 20) throw new TypeError('fetch failed', { cause: new Error('redirect count exceeded') })
      const next = await fetchOnce(new URL(location, url), { ...init, redirect, ...(signal && { signal }) }, hops + 1)
      Object.defineProperty(next, 'redirected', { value: true })
      return next
    }
    const response = new Response(status === 204 || status === 304 || body.length === 0 ? null : body, {
      status,
      statusText,
      headers: responseHeaders,
    })
    Object.defineProperty(response, 'url', { value: url.href })
    return response
  }
  return (input, init) => fetchOnce(input, init)
}

function fetchFailed(message: string, code: string): TypeError {
  return new TypeError('fetch failed', { cause: Object.assign(new Error(message), { code }) })
}

/** A self-signed certificate naming `hostnames` (wildcards allowed), made by openssl for this run. */
function certificateFor(hostnames: string[]): { key: string; cert: string } {
  const dir = mkdtempSync(join(tmpdir(), 'sendsmith-https-'))
  try {
    const key = join(dir, 'key.pem')
    const cert = join(dir, 'cert.pem')
    const names = [...hostnames.map((h) => `DNS:${h}`), 'IP:127.0.0.1'].join(',')
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-keyout',
        key,
        '-out',
        cert,
        '-days',
        '2',
        '-subj',
        `/CN=${hostnames[0] ?? 'localhost'}`,
        '-addext',
        `subjectAltName=${names}`,
      ],
      { stdio: 'ignore' },
    )
    return { key: readFileSync(key, 'utf8'), cert: readFileSync(cert, 'utf8') }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** One outgoing server for `autoconfigXml`, in Thunderbird's terms. */
export interface AutoconfigServerSpec {
  hostname: string
  port: number
  socketType: 'SSL' | 'STARTTLS' | 'plain'
  /** Default %EMAILADDRESS%. */
  username?: string
  /** Default password-cleartext. */
  authentication?: string
}

/** A Thunderbird config-v1.1.xml with an IMAP server and the given SMTP servers, as a provider would publish it. */
export function autoconfigXml(options: {
  domain: string
  displayName?: string
  servers: AutoconfigServerSpec[]
}): string {
  const smtp = options.servers
    .map(
      (s) => `    <outgoingServer type="smtp">
      <hostname>${s.hostname}</hostname>
      <port>${s.port}</port>
      <socketType>${s.socketType}</socketType>
      <authentication>${s.authentication ?? 'password-cleartext'}</authentication>
      <username>${s.username ?? '%EMAILADDRESS%'}</username>
    </outgoingServer>`,
    )
    .join('\n')
  return `<?xml version="1.0" encoding="UTF-8"?>
<clientConfig version="1.1">
  <emailProvider id="${options.domain}">
    <domain>${options.domain}</domain>
    <displayName>${options.displayName ?? `${options.domain} Mail`}</displayName>
    <incomingServer type="imap">
      <hostname>imap.${options.domain}</hostname>
      <port>993</port>
      <socketType>SSL</socketType>
      <authentication>password-cleartext</authentication>
      <username>%EMAILADDRESS%</username>
    </incomingServer>
${smtp}
  </emailProvider>
</clientConfig>
`
}
