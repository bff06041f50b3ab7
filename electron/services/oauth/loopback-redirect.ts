import { createHash } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { SendsmithError } from '../errors/app-error'

/** The browser came back: the address it was sent to, and a way to show it the outcome. */
export interface Redirect {
  url: URL
  /** Shows the small result page in the browser tab, then closes the listener. */
  finish(outcome: { ok: boolean; title: string; detail: string }): void
}

export interface LoopbackListener {
  /** `http://127.0.0.1:<port>/`: the redirect URI of RFC 8252 §7.3 (the provider ignores the port). */
  redirectUri: string
  /** Resolves on the first request that carries an authorization response; rejects on cancel or timeout. */
  redirect: Promise<Redirect>
  close(): void
}

const pageStyle =
  'body{font:16px/1.5 system-ui,sans-serif;margin:15vh auto;max-width:32em;padding:0 1em;color:#242424}h1{font-size:1.4em}.ok{color:#107c10}.bad{color:#c50f1f}'
const styleHash = createHash('sha256').update(pageStyle).digest('base64')
/** The result page runs nothing and loads nothing: its one inline style is allowed by hash. */
export const resultPageCsp = `default-src 'none'; style-src 'sha256-${styleHash}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`

/**
 * A one-shot HTTP listener on 127.0.0.1 and a random port for the authorization response (RFC 8252
 * §7.3). It answers only requests addressed to itself (no DNS rebinding), takes the first response,
 * and stops at cancel, timeout or once the result page is shown.
 */
export async function listenForRedirect(options: {
  signal?: AbortSignal
  timeoutMs: number
}): Promise<LoopbackListener> {
  let settle: { resolve: (r: Redirect) => void; reject: (e: Error) => void } | undefined
  const redirect = new Promise<Redirect>((resolve, reject) => (settle = { resolve, reject }))
  let taken = false
  let port = 0
  const server = createServer((request, response) => {
    const host = request.headers.host ?? ''
    if (host !== `127.0.0.1:${port}` || request.method !== 'GET') return plain(response, 400, 'Bad request')
    const url = new URL(request.url ?? '/', `http://${host}`)
    const isResponse = url.pathname === '/' && (url.searchParams.has('code') || url.searchParams.has('error'))
    if (!isResponse) return plain(response, 404, 'Not found')
    if (taken) return page(response, { ok: false, title: 'Already done', detail: 'You can close this tab.' })
    taken = true
    settle?.resolve({
      url,
      finish: (outcome) => {
        page(response, outcome)
        stop()
      },
    })
  })
  const timer = setTimeout(
    () =>
      fail(
        new SendsmithError({
          code: 'SIGN_IN_FAILED',
          message: 'The sign-in timed out: the browser did not come back to Sendsmith',
          hint: 'Sign in again and finish in the browser tab that opens; if you closed it, start over.',
        }),
      ),
    options.timeoutMs,
  )
  const onAbort = () =>
    fail(
      new SendsmithError({
        code: 'SIGN_IN_FAILED',
        message: 'The sign-in was cancelled',
        hint: 'Sign in again when you are ready.',
      }),
    )
  options.signal?.addEventListener('abort', onAbort, { once: true })
  function stop() {
    clearTimeout(timer)
    options.signal?.removeEventListener('abort', onAbort)
    server.close()
    server.closeAllConnections()
  }
  function fail(error: Error) {
    if (!taken) settle?.reject(error)
    taken = true
    stop()
  }
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  port = (server.address() as AddressInfo).port
  if (options.signal?.aborted) onAbort()
  return { redirectUri: `http://127.0.0.1:${port}/`, redirect, close: () => fail(new Error('closed')) }
}

function plain(response: ServerResponse<IncomingMessage>, status: number, text: string) {
  response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' })
  response.end(text)
}

function page(response: ServerResponse<IncomingMessage>, outcome: { ok: boolean; title: string; detail: string }) {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sendsmith: ${escapeHtml(outcome.title)}</title><style>${pageStyle}</style></head><body><h1 class="${outcome.ok ? 'ok' : 'bad'}">${escapeHtml(outcome.title)}</h1><p>${escapeHtml(outcome.detail)}</p></body></html>`
  response.writeHead(outcome.ok ? 200 : 400, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Security-Policy': resultPageCsp,
    'Cache-Control': 'no-store',
    'Referrer-Policy': 'no-referrer',
    'X-Content-Type-Options': 'nosniff',
    Connection: 'close',
  })
  response.end(html)
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}
