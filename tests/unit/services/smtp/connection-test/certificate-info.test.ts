import { describe, expect, it } from 'vitest'
import type { CertificateInfo } from '../../../../../shared/contract'
import { trustOf, untrustedReasonOf } from '../../../../../electron/services/smtp/connection-test/certificate-info'

const info: CertificateInfo = {
  subject: 'CN=mail.example.test',
  issuer: 'CN=Example Corp CA',
  validFrom: '2025-01-01T00:00:00.000Z',
  validTo: '2025-04-01T00:00:00.000Z',
  subjectAltNames: ['DNS:mail.example.test'],
  fingerprint: `sha256:${'b'.repeat(64)}`,
  selfSigned: false,
  hostnameMatches: false,
  trust: 'untrusted',
  protocol: 'TLSv1.3',
  cipher: 'TLS_AES_128_GCM_SHA256',
}
const account = { host: 'smtp.example.test', trustedCertificate: undefined }
const pin = { fingerprint: `sha256:${'a'.repeat(64)}`, pem: '', subject: 'CN=old', validTo: '', trustedAt: '' }

describe('why a certificate is not trusted', () => {
  it('names the cause in words', () => {
    expect(untrustedReasonOf('DEPTH_ZERO_SELF_SIGNED_CERT', info, account)).toBe(
      'The certificate is self-signed, and this account does not trust it',
    )
    expect(untrustedReasonOf('CERT_HAS_EXPIRED', info, account)).toBe(
      'The certificate expired on 2025-04-01T00:00:00.000Z',
    )
    expect(untrustedReasonOf('ERR_TLS_CERT_ALTNAME_INVALID', info, account)).toBe(
      'The certificate is for DNS:mail.example.test, not smtp.example.test',
    )
    expect(untrustedReasonOf('UNABLE_TO_VERIFY_LEAF_SIGNATURE', info, account)).toMatch(
      /issued by "CN=Example Corp CA", an authority this computer does not trust/,
    )
  })

  it('says first that the certificate is not the pinned one, with both fingerprints', () => {
    const reason = untrustedReasonOf('DEPTH_ZERO_SELF_SIGNED_CERT', info, { ...account, trustedCertificate: pin })
    expect(reason).toBe(
      `This is not the certificate you trusted for this account (${pin.fingerprint}); the server now presents ${info.fingerprint}`,
    )
  })

  it('a verified certificate counts as pinned only when it is the pinned one', () => {
    expect(trustOf(info, { trustedCertificate: pin })).toBe('ca')
    expect(trustOf(info, { trustedCertificate: { ...pin, fingerprint: info.fingerprint } })).toBe('pinned')
    expect(trustOf(info, {})).toBe('ca')
  })
})
