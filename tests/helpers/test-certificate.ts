import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export interface TestCertificate {
  key: string
  cert: string
}

const made = new Map<string, TestCertificate>()

/** A self-signed certificate with its own key, made by openssl once per subject in this test run. */
export function makeCertificate(
  subject: string,
  altNames = 'DNS:localhost,DNS:example.test,DNS:*.example.test,IP:127.0.0.1',
): TestCertificate {
  const key = `${subject}|${altNames}`
  const known = made.get(key)
  if (known) return known
  const dir = mkdtempSync(join(tmpdir(), 'sendsmith-cert-'))
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
      '-days',
      '2',
      '-subj',
      subject,
      '-addext',
      `subjectAltName=${altNames}`,
    ],
    { stdio: 'ignore' },
  )
  const certificate = {
    key: readFileSync(join(dir, 'key.pem'), 'utf8'),
    cert: readFileSync(join(dir, 'cert.pem'), 'utf8'),
  }
  made.set(key, certificate)
  return certificate
}

/**
 * The test servers' self-signed certificate, for localhost, 127.0.0.1 and *.example.test (the
 * tests' DNS zone). Accounts trust it by carrying it as their CA, as a user adds a company CA.
 */
export function testCertificate(): TestCertificate {
  return makeCertificate('/CN=localhost')
}

/** Another certificate for the same names with its own key: "the server's certificate changed". */
export function replacedCertificate(): TestCertificate {
  return makeCertificate('/CN=localhost/O=Replaced', 'DNS:localhost,IP:127.0.0.1')
}
