import { isIP } from 'node:net'
import { checkServerIdentity, rootCertificates, type ConnectionOptions, type PeerCertificate } from 'node:tls'
import type { Account } from '../../../shared/contract'

/** `sha256:` and the lower-case hex SHA-256 of the certificate, as accounts store it. */
export function fingerprintOf(cert: Pick<PeerCertificate, 'fingerprint256'>): string {
  return `sha256:${cert.fingerprint256.replace(/:/g, '').toLowerCase()}`
}

/**
 * TLS options for one account. Verification is always on. An account may add trust in two ways,
 * for itself only: a CA certificate (a company CA) and one pinned certificate (`accounts:trust`),
 * which is trusted as it is, for this server name, and nothing else with it.
 */
export function tlsTrustOptions(account: Pick<Account, 'host' | 'ca' | 'trustedCertificate'>): ConnectionOptions {
  const extra = [account.ca, account.trustedCertificate?.pem].filter((pem): pem is string => Boolean(pem && pem.trim()))
  const pinned = account.trustedCertificate?.fingerprint
  return {
    rejectUnauthorized: true,
    servername: isIP(account.host) ? undefined : account.host,
    minVersion: 'TLSv1.2',
    // The system roots stay trusted; the account's own certificates are added to them.
    ...(extra.length > 0 && { ca: [...rootCertificates, ...extra], allowPartialTrustChain: true }),
    // A pinned certificate was accepted by the user for this account as it is, name included.
    ...(pinned && {
      checkServerIdentity: (host: string, cert: PeerCertificate) =>
        fingerprintOf(cert) === pinned ? undefined : checkServerIdentity(host, cert),
    }),
  }
}
