import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export interface TestCertificate {
  key: string
  cert: string
}

let cached: TestCertificate | undefined

/**
 * A self-signed certificate for localhost, 127.0.0.1 and *.example.test (the tests' DNS zone), made by openssl for this test run.
 * Accounts trust it by carrying it as their CA, exactly as a user would add a company CA.
 */
export function testCertificate(): TestCertificate {
  if (cached) return cached
  const dir = mkdtempSync(join(tmpdir(), 'sendsmith-cert-'))
  const key = join(dir, 'key.pem')
  const cert = join(dir, 'cert.pem')
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '2', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,DNS:example.test,DNS:*.example.test,IP:127.0.0.1'], { stdio: 'ignore' })
  cached = { key: readFileSync(key, 'utf8'), cert: readFileSync(cert, 'utf8') }
  return cached
}
