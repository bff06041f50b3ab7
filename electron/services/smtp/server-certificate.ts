import type { TLSSocket } from 'node:tls'
import type { Account, CertificateInfo } from '../../../shared/contract'
import { SendsmithError } from '../errors/app-error'
import { toAppError } from '../errors/to-app-error'
import { connectTcp } from '../net/connect-tcp'
import type { Network } from '../net/network'
import { certificateInfo, certificatePem, trustOf, untrustedReasonOf } from './connection-test/certificate-info'
import { readGreeting, sayHello, upgradeWithStartTls } from './connection-test/smtp-client/smtp-commands'
import { isAbortError } from './connection-test/smtp-client/smtp-errors'
import { SmtpSession } from './connection-test/smtp-client/smtp-session'
import { tlsHandshake } from './connection-test/smtp-client/tls-handshake'
import { tlsTrustOptions } from './tls-trust'
import { TranscriptRecorder } from './transcript/transcript-recorder'

export interface ReadCertificateOptions {
  signal?: AbortSignal
  /** Where this connection's lines go; by default they are dropped (no credentials are ever sent here). */
  transcript?: TranscriptRecorder
}

export interface ServerCertificate {
  info: CertificateInfo
  pem: string
  /** Node's reason the certificate would be refused under the account's trust settings, if it would. */
  verifyError?: string
}

/**
 * Connects to the account's server (TLS directly, or after STARTTLS; for security "none" STARTTLS
 * is tried) and returns the certificate it presents, without trusting it: what `accounts:trust`
 * pins and the trust prompt shows. Never signs in, never sends mail.
 */
export async function fetchServerCertificate(
  account: Account,
  network: Network,
  options: { signal?: AbortSignal } = {},
): Promise<{ info: CertificateInfo; pem: string }> {
  try {
    const { info, pem } = await readServerCertificate(account, network, options)
    return { info, pem }
  } catch (error) {
    if (error instanceof SendsmithError || isAbortError(error)) throw error
    throw new SendsmithError(
      toAppError(error, { host: account.host, port: account.port, security: account.security }),
      { cause: error },
    )
  }
}

/** fetchServerCertificate, also saying why verification would fail; the connection test shows that. */
export async function readServerCertificate(
  account: Account,
  network: Network,
  options: ReadCertificateOptions = {},
): Promise<ServerCertificate> {
  const timeoutMs = account.timeoutSeconds * 1000
  const { signal } = options
  const transcript = options.transcript ?? new TranscriptRecorder({ secrets: [] })
  // Read-only: verification is off ONLY so the certificate can be shown to the user for a trust
  // decision. This session is closed right after; nothing is ever sent over it. The rest of the
  // account's trust options stay, so `authorized` tells exactly what a real session would decide.
  const readOnly = { ...tlsTrustOptions(account), rejectUnauthorized: false }
  const { socket } = await connectTcp(network, account.host, account.port, { timeoutMs, signal })
  let session: SmtpSession | undefined
  try {
    let secure: TLSSocket
    if (account.security === 'tls') {
      secure = await tlsHandshake(socket, readOnly, { host: account.host, timeoutMs, signal })
      session = new SmtpSession(secure, { timeoutMs, signal, transcript })
    } else {
      session = new SmtpSession(socket, { timeoutMs, signal, transcript })
      await readGreeting(session)
      const ehlo = await sayHello(session, account.clientName)
      secure = await upgradeWithStartTls(session, ehlo, readOnly, account.host)
    }
    const base = certificateInfo(secure, account.host, 'untrusted')
    const verifyError = secure.authorized ? undefined : String(secure.authorizationError ?? 'UNKNOWN')
    const info: CertificateInfo = secure.authorized
      ? { ...base, trust: trustOf(base, account) }
      : { ...base, untrustedReason: untrustedReasonOf(verifyError, base, account) }
    const pem = certificatePem(secure)
    if (account.security === 'tls') await readGreeting(session).catch(() => undefined) // be polite before QUIT; the certificate is what counts
    return { info, pem, ...(verifyError !== undefined && { verifyError }) }
  } finally {
    if (session) await session.quit()
    else socket.destroy()
  }
}
