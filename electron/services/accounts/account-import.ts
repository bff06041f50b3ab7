import { X509Certificate } from 'node:crypto'
import {
  accountInputSchema,
  importAcceptSchema,
  securitySchema,
  trustedCertificateSchema,
  type Account,
  type AccountInput,
  type ImportAccept,
  type ImportCandidate,
  type TrustedCertificate,
} from '../../../shared/contract/accounts'
import { SendsmithError } from '../errors/app-error'

export const exportFormat = 'sendsmith-accounts'

/** What importing needs of the account store. */
export interface ImportTarget {
  save(input: AccountInput): Promise<Account>
  trust(id: string, certificate: TrustedCertificate): Account
}

export interface ImportResult {
  imported: Account[]
  skipped: { name: string; reason: string }[]
}

/**
 * The accounts of an export file with the trust each would bring in: an extra CA, a pinned
 * certificate, the consent to send the password unencrypted. A file from someone else can carry
 * any of these, so the user sees them and chooses before anything is imported.
 */
export function previewImport(json: string): ImportCandidate[] {
  return entriesOf(json).map((entry, index) => {
    const str = (key: string) => (typeof entry[key] === 'string' ? (entry[key] as string) : '')
    const security = securitySchema.safeParse(entry.security)
    const pin = trustedCertificateSchema.safeParse(entry.trustedCertificate)
    const ca = str('ca').trim() ? describeCertificate(str('ca')) : undefined
    return {
      index,
      name: str('name') || '(no name)',
      email: str('email'),
      host: str('host'),
      port: typeof entry.port === 'number' && Number.isInteger(entry.port) ? entry.port : 0,
      security: security.success ? security.data : 'none',
      auth: entry.auth === true,
      trust: {
        ...(ca && { ca }),
        ...(pin.success && {
          trustedCertificate: {
            subject: pin.data.subject,
            fingerprint: pin.data.fingerprint,
            validTo: pin.data.validTo,
          },
        }),
        allowInsecureAuth: entry.allowInsecureAuth === true,
      },
    }
  })
}

/**
 * Imports the accounts of an export file, each validated on its own and skipped with the reason
 * when it fails. A CA, a pinned certificate or the plaintext-password consent comes in only when
 * `accept` names it for that account; without it the account comes without it (and an account that
 * cannot work without the plaintext consent is skipped, saying so).
 */
export async function importAccounts(
  target: ImportTarget,
  json: string,
  accept: ImportAccept[] = [],
): Promise<ImportResult> {
  const entries = entriesOf(json)
  const accepted = new Map(accept.map((a) => [a.index, importAcceptSchema.parse(a)]))
  const imported: Account[] = []
  const skipped: ImportResult['skipped'] = []
  for (const [index, entry] of entries.entries()) {
    const name = typeof entry.name === 'string' ? entry.name : '(no name)'
    const allowed = accepted.get(index)
    const { trustedCertificate, password: _ignored, ca, allowInsecureAuth, ...fields } = entry
    const input = accountInputSchema.safeParse({
      ...fields,
      ...(allowed?.ca && ca !== undefined && { ca }),
      allowInsecureAuth: allowed?.allowInsecureAuth === true && allowInsecureAuth === true,
    })
    if (!input.success) {
      const plaintext = entry.auth === true && entry.security === 'none' && allowInsecureAuth === true
      skipped.push({
        name,
        reason:
          plaintext && !allowed?.allowInsecureAuth
            ? 'It sends the password without encryption, which you did not allow: import it again and allow it, or change its security'
            : (input.error.issues[0]?.message ?? 'not a valid account'),
      })
      continue
    }
    try {
      const saved = await target.save({ ...input.data, id: undefined })
      const pin = allowed?.trustedCertificate ? trustedCertificateSchema.safeParse(trustedCertificate) : undefined
      imported.push(pin?.success ? target.trust(saved.id, pin.data) : saved)
    } catch (error) {
      skipped.push({ name, reason: (error as Error).message })
    }
  }
  return { imported, skipped }
}

/** The account objects of an export file, or a VALIDATION error naming what is wrong with it. */
function entriesOf(json: string): Record<string, unknown>[] {
  let parsed: unknown
  try {
    parsed = JSON.parse(json)
  } catch (error) {
    throw new SendsmithError({
      code: 'VALIDATION',
      field: 'json',
      message: `The file is not JSON: ${(error as Error).message}`,
      hint: 'Choose a file made by "Export" in Sendsmith.',
    })
  }
  const file = (parsed ?? {}) as { format?: unknown; accounts?: unknown }
  if (file.format !== exportFormat || !Array.isArray(file.accounts)) {
    throw new SendsmithError({
      code: 'VALIDATION',
      field: 'json',
      message: 'The file is not a Sendsmith account export',
      hint: 'Choose a file made by "Export" in Sendsmith.',
    })
  }
  return file.accounts.map((entry) =>
    entry !== null && typeof entry === 'object' && !Array.isArray(entry)
      ? Object.fromEntries(Object.entries(entry as object))
      : {},
  )
}

/** Subject, SHA-256 fingerprint and expiry of a PEM certificate, for the user to judge it. */
function describeCertificate(pem: string): { subject: string; fingerprint: string; validTo: string } {
  try {
    const cert = new X509Certificate(pem)
    return {
      subject: cert.subject.replace(/\n/g, ', '),
      fingerprint: `sha256:${cert.fingerprint256.replace(/:/g, '').toLowerCase()}`,
      validTo: cert.validTo,
    }
  } catch {
    return { subject: '(not a readable certificate)', fingerprint: '', validTo: '' }
  }
}
