import type { TLSSocket } from 'node:tls'
import type { CertificateInfo } from '../../../../../shared/contract'
import { SendsmithError } from '../../../errors/app-error'
import { toAppError } from '../../../errors/to-app-error'
import { readServerCertificate } from '../../server-certificate'
import { tlsTrustOptions } from '../../tls-trust'
import { certificateInfo, trustOf, untrustedReasonOf } from '../certificate-info'
import { parseCapabilities } from '../capabilities'
import { sayHello, upgradeWithStartTls } from '../smtp-client/smtp-commands'
import { isAbortError } from '../smtp-client/smtp-errors'
import { SmtpSession } from '../smtp-client/smtp-session'
import { tlsHandshake } from '../smtp-client/tls-handshake'
import { StepFailure, type StepOutcome } from '../step-runner'
import type { CheckContext } from '../check-context'

/** A certificate this close to expiry makes the step a warning (unless it is short-lived by design). */
const expiryWarningDays = 7

/**
 * The TLS handshake: at once for SSL/TLS, after EHLO and STARTTLS otherwise, with exactly the
 * trust settings sending uses (tlsTrustOptions). A refused certificate fails the step, and is
 * still shown so the user can decide to trust it.
 */
export async function tlsStep(ctx: CheckContext): Promise<StepOutcome> {
  const { account } = ctx
  if (account.security === 'none') {
    return {
      status: 'warning',
      summary: account.auth
        ? 'Not encrypted: the password and the mail cross the network in clear'
        : 'Not encrypted (security: None)',
      details: [
        {
          label: 'What to do',
          value: 'Choose STARTTLS (usually port 587) or SSL/TLS (usually port 465) if the server offers it.',
        },
      ],
    }
  }
  const tlsOptions = tlsTrustOptions(account)
  let secure: TLSSocket
  try {
    if (account.security === 'tls') {
      ctx.transcript.info('Starting TLS (SSL/TLS: from the first byte)')
      secure = await tlsHandshake(ctx.socket!, tlsOptions, {
        host: account.host,
        timeoutMs: ctx.timeoutMs,
        signal: ctx.signal,
      })
      ctx.session = new SmtpSession(secure, {
        timeoutMs: ctx.timeoutMs,
        signal: ctx.signal,
        transcript: ctx.transcript,
      })
      ctx.socket = undefined
    } else {
      const ehlo = await sayHello(ctx.session!, account.clientName)
      ctx.offeredStartTls = parseCapabilities(ehlo.lines).startTls
      secure = await upgradeWithStartTls(ctx.session!, ehlo, tlsOptions, account.host)
    }
  } catch (error) {
    if (isAbortError(error) || toAppError(error).code !== 'CERTIFICATE_INVALID') throw error
    throw await refusedCertificate(ctx, error)
  }
  const seen = certificateInfo(secure, account.host, 'ca')
  const info: CertificateInfo = { ...seen, trust: trustOf(seen, account) }
  ctx.report.certificate = info
  ctx.transcript.info(
    `TLS started: ${info.protocol} ${info.cipher}; certificate ${info.subject} (${info.trust === 'pinned' ? 'trusted: pinned for this account' : 'trusted: verified by a certificate authority'})`,
  )
  const daysLeft = (Date.parse(info.validTo) - Date.now()) / 86_400_000
  const lifetimeDays = (Date.parse(info.validTo) - Date.parse(info.validFrom)) / 86_400_000
  // Short-lived certificates (days) are renewed all the time; warn only when most of the life is used up.
  const expiresSoon = daysLeft < expiryWarningDays && daysLeft < lifetimeDays / 4
  return {
    status: expiresSoon ? 'warning' : 'ok',
    summary: `${info.protocol} ${info.cipher}`,
    details: [
      ...certificateDetails(info),
      ...(expiresSoon
        ? [{ label: 'Warning', value: `The certificate expires in ${Math.max(0, Math.floor(daysLeft))} day(s)` }]
        : []),
    ],
  }
}

/**
 * The handshake refused the certificate. To show it for a trust decision, a second connection
 * completes a handshake with verification off (readServerCertificate) and is closed at once:
 * nothing of this test continues over it, so a refused certificate never carries the session.
 */
async function refusedCertificate(ctx: CheckContext, error: unknown): Promise<StepFailure> {
  const { account } = ctx
  ctx.transcript.info(`TLS handshake failed: ${(error as Error).message}`)
  ctx.transcript.info('Reading the certificate over a second connection, only to show it (nothing is sent over it)')
  let info: CertificateInfo
  try {
    const read = await readServerCertificate(account, ctx.network, { signal: ctx.signal })
    // Whatever the second connection saw, this session refused the certificate: it stays untrusted.
    const reason = read.verifyError
      ? read.info.untrustedReason
      : untrustedReasonOf((error as { code?: string }).code, read.info, account)
    info = { ...read.info, trust: 'untrusted', ...(reason !== undefined && { untrustedReason: reason }) }
  } catch (readError) {
    if (isAbortError(readError)) throw readError
    ctx.transcript.info(`The certificate could not be read: ${(readError as Error).message}`)
    return new StepFailure(error, [])
  }
  ctx.report.certificate = info
  const pinned = account.trustedCertificate
  const cause =
    pinned && pinned.fingerprint !== info.fingerprint
      ? new SendsmithError({
          code: 'CERTIFICATE_INVALID',
          message: `${account.host}:${account.port} presents a different certificate from the one you trusted for this account`,
          hint: 'If the server’s administrator replaced the certificate, compare the new fingerprint with theirs before trusting it; otherwise someone may be intercepting the connection.',
        })
      : error
  return new StepFailure(cause, certificateDetails(info))
}

function certificateDetails(info: CertificateInfo): { label: string; value: string }[] {
  const trust = {
    ca: 'Verified by a certificate authority',
    pinned: 'Pinned for this account',
    untrusted: `Not trusted: ${info.untrustedReason ?? ''}`,
  }[info.trust]
  return [
    { label: 'Subject', value: info.subject },
    { label: 'Issuer', value: info.issuer + (info.selfSigned ? ' (self-signed)' : '') },
    { label: 'Valid', value: `${info.validFrom} to ${info.validTo}` },
    { label: 'Names', value: info.subjectAltNames.join(', ') || '(none)' },
    { label: 'SHA-256 fingerprint', value: info.fingerprint },
    { label: 'Host name matches', value: info.hostnameMatches ? 'yes' : 'no' },
    { label: 'Trust', value: trust },
    { label: 'Protocol', value: `${info.protocol} ${info.cipher}` },
  ]
}
