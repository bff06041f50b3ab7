import { createPrivateKey, X509Certificate } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { writeFileAtomic } from '../storage/atomic-file'

/** The local test inbox's TLS identity: a self-signed certificate for localhost, 127.0.0.1 and ::1. */
export interface InboxCertificate {
  key: string
  cert: string
  /** `sha256:` and 64 lower-case hex digits, as accounts pin certificates. */
  fingerprint: string
  /** Where the certificate alone is, for clients to trust (Python: `ssl.create_default_context(cafile=...)`). */
  certPath: string
}

const validDays = 825 // the longest validity macOS accepts for a TLS server certificate
const renewBeforeMs = 7 * 24 * 60 * 60 * 1000

/**
 * Loads the certificate made at first use, or makes one (and again when it is near its end). Key
 * and certificate live in one file written atomically, so two processes can never pair one's key
 * with the other's certificate; `cert.pem` beside it is a public copy for clients.
 */
export async function loadOrCreateCertificate(dataDir: string, now: Date = new Date()): Promise<InboxCertificate> {
  const dir = join(dataDir, 'inbox', 'tls')
  const identityPath = join(dir, 'identity.pem')
  const certPath = join(dir, 'cert.pem')
  const existing = await readIdentity(identityPath, now)
  if (existing) {
    const copy = await readFile(certPath, 'utf8').catch(() => '')
    if (copy !== existing.cert) await writeFileAtomic(certPath, existing.cert)
    return { ...existing, certPath }
  }
  const notBefore = new Date(now.getTime() - 60 * 60 * 1000) // an hour of slack for clock skew
  // Loaded on first use: the CLI and the app start without it (issue 19, CLI start).
  const { generate } = await import('selfsigned')
  const pems = await generate(
    [
      { name: 'commonName', value: 'localhost' },
      { name: 'organizationName', value: 'Sendsmith local test inbox' },
    ],
    {
      keyType: 'ec',
      curve: 'P-256',
      algorithm: 'sha256',
      notBeforeDate: notBefore,
      notAfterDate: new Date(notBefore.getTime() + validDays * 24 * 60 * 60 * 1000),
      extensions: [
        { name: 'basicConstraints', cA: false, critical: true },
        { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
        { name: 'extKeyUsage', serverAuth: true },
        {
          name: 'subjectAltName',
          altNames: [
            { type: 2, value: 'localhost' },
            { type: 7, ip: '127.0.0.1' },
            { type: 7, ip: '::1' },
          ],
        },
      ],
    },
  )
  const cert = normalizePem(pems.cert)
  const key = normalizePem(pems.private)
  await writeFileAtomic(identityPath, `${key}${cert}`)
  await writeFileAtomic(certPath, cert)
  return { key, cert, fingerprint: fingerprintOf(cert), certPath }
}

/** The stored identity when it is whole, its key matches, and it is not about to expire. */
async function readIdentity(path: string, now: Date): Promise<Omit<InboxCertificate, 'certPath'> | undefined> {
  const text = await readFile(path, 'utf8').catch(() => undefined)
  if (text === undefined) return undefined
  const key = /-----BEGIN PRIVATE KEY-----[\s\S]+?-----END PRIVATE KEY-----\s*/.exec(text)?.[0]
  const cert = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----\s*/.exec(text)?.[0]
  if (!key || !cert) return undefined
  try {
    const x509 = new X509Certificate(cert)
    if (!x509.checkPrivateKey(createPrivateKey(key))) return undefined
    if (Date.parse(x509.validTo) - now.getTime() < renewBeforeMs) return undefined
    return { key: normalizePem(key), cert: normalizePem(cert), fingerprint: fingerprintOf(cert) }
  } catch {
    return undefined
  }
}

function fingerprintOf(cert: string): string {
  return `sha256:${new X509Certificate(cert).fingerprint256.replace(/:/g, '').toLowerCase()}`
}

function normalizePem(pem: string): string {
  return `${pem.replace(/\r\n/g, '\n').trim()}\n`
}
