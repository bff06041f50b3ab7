import { describe, expect, it } from 'vitest'
import type { Account } from '../../../../shared/contract'
import { checkConnection } from '../../../../electron/services/smtp/connection-test/connection-check'
import { fetchServerCertificate } from '../../../../electron/services/smtp/server-certificate'
import { testCertificate } from '../../../helpers/test-certificate'
import { account, password, secondCertificate, server, sha256Of, statuses, testNetwork, testOptions } from './fixtures'

/** What `accounts:trust` stores: the certificate the server presents, pinned for this account. */
async function pinned(base: Account): Promise<Account> {
  const { info, pem } = await fetchServerCertificate(base, testNetwork)
  return {
    ...base,
    trustedCertificate: {
      fingerprint: info.fingerprint,
      pem,
      subject: info.subject,
      validTo: info.validTo,
      trustedAt: new Date().toISOString(),
    },
  }
}

describe('Test account settings: certificates and trust', () => {
  it('a self-signed certificate the account does not trust fails the TLS step, yet is shown as untrusted', async () => {
    const smtp = await server({ security: 'starttls', users: { ada: password } })
    const report = await checkConnection(account(smtp.port, { ca: undefined }), password, testOptions())

    expect(report.ok).toBe(false)
    expect(statuses(report.steps)).toEqual([
      ['resolve', 'ok'],
      ['connect', 'ok'],
      ['tls', 'failed'],
      ['ehlo', 'skipped'],
      ['auth', 'skipped'],
      ['envelope', 'skipped'],
      ['message', 'skipped'],
      ['imap', 'skipped'],
    ])
    expect(report.error).toMatchObject({
      code: 'CERTIFICATE_INVALID',
      message: expect.stringMatching(/self[- ]signed/i),
    })
    expect(report.certificate).toMatchObject({
      fingerprint: sha256Of(testCertificate().cert),
      subject: 'CN=localhost',
      selfSigned: true,
      trust: 'untrusted',
      untrustedReason: 'The certificate is self-signed, and this account does not trust it',
    })
    const tls = report.steps.find((s) => s.id === 'tls')!
    expect(tls.details).toContainEqual({ label: 'SHA-256 fingerprint', value: sha256Of(testCertificate().cert) })
    expect(tls.details).toContainEqual({
      label: 'What to do',
      value: expect.stringMatching(/trust it for this account/),
    })
    expect(report.steps[3].summary).toBe('Not run: an earlier step failed')
    // The password never went to a server whose certificate was refused.
    expect(smtp.authAttempts).toEqual([])
    expect(report.transcript.some((l) => l.direction === 'client' && l.text.startsWith('AUTH'))).toBe(false)
  })

  it('over SSL/TLS too: the refused certificate is shown and nothing is sent', async () => {
    const smtp = await server({ security: 'tls', users: { ada: password } })
    const report = await checkConnection(
      account(smtp.port, { security: 'tls', ca: undefined }),
      password,
      testOptions(),
    )
    expect(report.steps.find((s) => s.id === 'tls')?.status).toBe('failed')
    expect(report.certificate).toMatchObject({ trust: 'untrusted', fingerprint: sha256Of(testCertificate().cert) })
    expect(smtp.authAttempts).toEqual([])
  })

  it('fetchServerCertificate returns the certificate and its PEM for the trust prompt', async () => {
    const smtp = await server({ security: 'starttls' })
    const { info, pem } = await fetchServerCertificate(account(smtp.port, { ca: undefined }), testNetwork)
    expect(info).toMatchObject({
      fingerprint: sha256Of(testCertificate().cert),
      trust: 'untrusted',
      hostnameMatches: true,
      protocol: expect.stringMatching(/^TLSv1\.[23]$/),
    })
    expect(sha256Of(pem)).toBe(info.fingerprint)
    expect(pem).toMatch(/^-----BEGIN CERTIFICATE-----\n/)
  })

  it('after the user trusts that certificate (pinned), the test passes with trust "pinned"', async () => {
    const smtp = await server({ security: 'starttls', users: { ada: password } })
    const trusting = await pinned(account(smtp.port, { ca: undefined }))

    const report = await checkConnection(trusting, password, testOptions())

    expect(report.error).toBeNull()
    expect(report.ok).toBe(true)
    expect(report.certificate).toMatchObject({ trust: 'pinned', fingerprint: sha256Of(testCertificate().cert) })
    expect(report.steps.find((s) => s.id === 'tls')?.details).toContainEqual({
      label: 'Trust',
      value: 'Pinned for this account',
    })
    expect(smtp.authAttempts).toEqual([{ method: 'PLAIN', username: 'ada', ok: true }])
  })

  it('a different certificate later is refused again, saying it is not the one the user trusted', async () => {
    const first = await server({ security: 'tls', users: { ada: password } })
    const trusting = await pinned(account(first.port, { security: 'tls', ca: undefined }))
    const replaced = await server({ security: 'tls', users: { ada: password }, certificate: secondCertificate() })

    const report = await checkConnection({ ...trusting, port: replaced.port }, password, testOptions())

    expect(report.ok).toBe(false)
    expect(report.steps.find((s) => s.id === 'tls')?.status).toBe('failed')
    expect(report.error).toMatchObject({
      code: 'CERTIFICATE_INVALID',
      message: expect.stringContaining('presents a different certificate from the one you trusted'),
    })
    expect(report.certificate).toMatchObject({
      fingerprint: sha256Of(secondCertificate().cert),
      subject: 'CN=localhost, O=Replaced',
      trust: 'untrusted',
      untrustedReason: expect.stringContaining(
        `not the certificate you trusted for this account (${sha256Of(testCertificate().cert)})`,
      ),
    })
    expect(replaced.authAttempts).toEqual([])
  })
})
