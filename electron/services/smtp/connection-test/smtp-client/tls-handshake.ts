import type { Socket } from 'node:net'
import { connect, type ConnectionOptions, type TLSSocket } from 'node:tls'
import { abortError, smtpError } from './smtp-errors'

export interface HandshakeOptions {
  /** The host name as the account has it (brackets allowed): for SNI and the certificate check. */
  host: string
  timeoutMs: number
  signal?: AbortSignal
}

/**
 * Runs a TLS handshake over an open socket (implicit TLS at once, or after STARTTLS 220) and
 * resolves with the secured socket; the certificate is judged by `tlsOptions` alone.
 */
export function tlsHandshake(
  socket: Socket,
  tlsOptions: ConnectionOptions,
  { host, timeoutMs, signal }: HandshakeOptions,
): Promise<TLSSocket> {
  if (signal?.aborted) return Promise.reject(abortError())
  // `host` names the server for the identity check when servername is unset (an IP address).
  const secure = connect({ ...tlsOptions, socket, host: host.replace(/^\[(.*)\]$/, '$1') })
  return new Promise((resolve, reject) => {
    const fail = (error: Error) => {
      cleanup()
      secure.destroy()
      reject(error)
    }
    const timer = setTimeout(
      () =>
        fail(
          smtpError('ETIMEDOUT', `The TLS handshake did not finish within ${Math.round(timeoutMs / 1000)} s`, {
            command: 'TLS',
          }),
        ),
      timeoutMs,
    )
    const onAbort = () => fail(abortError())
    const onClose = () =>
      fail(smtpError('ECONNECTION', 'The server closed the connection during the TLS handshake', { command: 'TLS' }))
    const cleanup = () => {
      clearTimeout(timer)
      signal?.removeEventListener('abort', onAbort)
      secure.off('error', fail)
      secure.off('close', onClose)
    }
    signal?.addEventListener('abort', onAbort, { once: true })
    secure.once('error', fail)
    secure.once('close', onClose)
    secure.once('secureConnect', () => {
      cleanup()
      resolve(secure)
    })
  })
}
