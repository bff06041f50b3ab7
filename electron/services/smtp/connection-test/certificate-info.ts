import { X509Certificate } from 'node:crypto'
import { checkServerIdentity, type DetailedPeerCertificate, type PeerCertificate, type TLSSocket } from 'node:tls'
import type { Account, CertificateInfo } from '../../../../shared/contract'
import { fingerprintOf } from '../tls-trust'

type Trust = CertificateInfo['trust']

/** The leaf certificate the server presented, as the test and the trust prompt show it. */
export function certificateInfo(
  socket: TLSSocket,
  host: string,
  trust: Trust,
  untrustedReason?: string,
): CertificateInfo {
  const cert = socket.getPeerCertificate(true)
  const cipher = socket.getCipher()
  const bare = host.replace(/^\[(.*)\]$/, '$1')
  return {
    subject: distinguishedName(cert.subject),
    issuer: distinguishedName(cert.issuer),
    validFrom: isoDate(cert.valid_from),
    validTo: isoDate(cert.valid_to),
    subjectAltNames: (cert.subjectaltname ?? '')
      .split(/,\s*/)
      .filter((name) => name !== '')
      .map((name) => name.replace(/^IP Address:/, 'IP:')),
    fingerprint: fingerprintOf(cert),
    selfSigned: isSelfSigned(cert),
    hostnameMatches: checkServerIdentity(bare, cert) === undefined,
    trust,
    ...(untrustedReason !== undefined && { untrustedReason }),
    protocol: socket.getProtocol() ?? '',
    cipher: cipher.standardName || cipher.name,
  }
}

/** The leaf certificate as PEM, built from its DER bytes: what a pin stores. */
export function certificatePem(socket: TLSSocket): string {
  return new X509Certificate(socket.getPeerCertificate().raw).toString()
}

/**
 * How a verified certificate is trusted: by this account's pin when it is the pinned one (the
 * pin is what made a self-signed certificate pass), else by a certificate authority.
 */
export function trustOf(
  info: Pick<CertificateInfo, 'fingerprint'>,
  account: Pick<Account, 'trustedCertificate'>,
): Trust {
  return account.trustedCertificate?.fingerprint === info.fingerprint ? 'pinned' : 'ca'
}

/**
 * Why a certificate is not trusted, in words a user can act on; `code` is Node's verify error
 * code (authorizationError or the handshake error's code).
 */
export function untrustedReasonOf(
  code: string | undefined,
  info: CertificateInfo,
  account: Pick<Account, 'host' | 'trustedCertificate'>,
): string {
  const pinned = account.trustedCertificate
  if (pinned && pinned.fingerprint !== info.fingerprint) {
    return `This is not the certificate you trusted for this account (${pinned.fingerprint}); the server now presents ${info.fingerprint}`
  }
  switch (code) {
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
      return 'The certificate is self-signed, and this account does not trust it'
    case 'SELF_SIGNED_CERT_IN_CHAIN':
      return 'The certificate chain ends in a self-signed root that this computer does not trust'
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
    case 'UNABLE_TO_GET_ISSUER_CERT':
      return `It is issued by "${info.issuer}", an authority this computer does not trust (or the server does not send the intermediate certificate)`
    case 'CERT_HAS_EXPIRED':
      return `The certificate expired on ${info.validTo}`
    case 'CERT_NOT_YET_VALID':
      return `The certificate is not valid before ${info.validFrom}`
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return `The certificate is for ${info.subjectAltNames.join(', ') || info.subject}, not ${account.host}`
    default:
      return code ? `The certificate could not be verified (${code})` : 'The certificate could not be verified'
  }
}

function distinguishedName(name: PeerCertificate['subject'] | undefined): string {
  if (!name) return ''
  return Object.entries(name)
    .flatMap(([key, value]) => (Array.isArray(value) ? value : [value]).map((v) => `${key}=${v}`))
    .join(', ')
}

function isoDate(text: string): string {
  const date = new Date(text)
  return Number.isNaN(date.getTime()) ? text : date.toISOString()
}

function isSelfSigned(cert: DetailedPeerCertificate): boolean {
  const issuer = cert.issuerCertificate
  if (issuer && issuer.fingerprint256) return issuer.fingerprint256 === cert.fingerprint256
  return distinguishedName(cert.subject) === distinguishedName(cert.issuer)
}
