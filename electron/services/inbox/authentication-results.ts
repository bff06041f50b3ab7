import type { AuthStatus } from 'mailauth'
import type { AuthenticationResults } from '../../../shared/contract'
import type { DnsResolver } from '../domain-check/dns-resolver'

/** The SMTP client as the test inbox saw it: its address and what it said in EHLO/HELO. */
export interface SmtpClient {
  ip: string
  helo: string
}

/**
 * DKIM, SPF, DMARC and ARC for a received message, as a receiving server would compute them
 * (mailauth `authenticate` with the connecting IP, the HELO name and the MAIL FROM address).
 */
export async function authenticationResults(
  raw: Buffer,
  client: SmtpClient,
  sender: string,
  resolver: DnsResolver,
): Promise<AuthenticationResults> {
  const ip = client.ip.replace(/^::ffff:/, '')
  // Loaded on first use: the CLI and the app start without it (issue 19, CLI start).
  const { authenticate } = await import('mailauth')
  const result = await authenticate(raw, {
    ip,
    helo: client.helo,
    sender,
    mta: 'sendsmith-test-inbox',
    resolver,
    disableBimi: true,
  })
  const dmarc = result.dmarc
  const arc = result.arc
  return {
    // An unsigned message has one result without a domain: we list signatures only (none = empty).
    dkim: result.dkim.results
      .flatMap((r) => (r.signingDomain ? [r] : []))
      .map((r) => ({
        result: normal(r.status.result),
        domain: r.signingDomain,
        ...(r.selector && { selector: r.selector }),
        ...(r.status.aligned !== undefined && { aligned: Boolean(r.status.aligned) }),
        ...(r.status.comment && { comment: r.status.comment }),
      })),
    spf: result.spf
      ? {
          result: normal(result.spf.status.result),
          domain: result.spf.domain,
          ...(result.spf.status.comment && { comment: result.spf.status.comment }),
        }
      : null,
    dmarc: dmarc
      ? {
          result: normal(dmarc.status.result),
          domain: dmarc.domain,
          ...(dmarc.policy && { policy: dmarc.policy }),
          ...(dmarc.status.comment && { comment: dmarc.status.comment }),
        }
      : null,
    arc:
      arc && arc.status.result !== 'none'
        ? {
            result: normal(arc.status.result),
            ...(typeof arc.i === 'number' && { instance: arc.i }),
            ...(arc.status.comment && { comment: arc.status.comment }),
          }
        : null,
    header: result.headers.replace(/\r?\n$/, ''),
    client: { ip, helo: client.helo },
  }
}

/** mailauth spells one result two ways. */
function normal(result: AuthStatus['result']): Exclude<AuthStatus['result'], 'temperr'> {
  return result === 'temperr' ? 'temperror' : result
}
