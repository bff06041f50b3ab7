import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto'
import { SendsmithError } from '../errors/app-error'

/** What signs an account's mail: the d= domain, the s= selector and the RSA private key (PEM). */
export interface DkimSigningKey {
  domain: string
  selector: string
  privateKeyPem: string
}

/** The TXT record to publish, as a DNS zone editor asks for it. */
export interface DkimTxtRecord {
  name: string
  value: string
}

/** Key sizes we generate: 1024 is the least receivers accept, 2048 what Gmail and Yahoo recommend. */
export const dkimKeySizes = [1024, 2048, 3072, 4096] as const

/** A new RSA key pair for DKIM (nodemailer signs RSA; ed25519 is not understood by every receiver yet). */
export function generateDkimKey(bits = 2048): string {
  if (!(dkimKeySizes as readonly number[]).includes(bits))
    throw new SendsmithError({
      code: 'VALIDATION',
      field: 'bits',
      message: `A DKIM key has ${dkimKeySizes.join(', ')} bits, not ${bits}`,
      hint: 'Use 2048: it fits in one DNS TXT record and every receiver accepts it.',
    })
  return generateKeyPairSync('rsa', { modulusLength: bits }).privateKey.export({
    type: 'pkcs8',
    format: 'pem',
  }) as string
}

/**
 * Reads a private key the user imports (PEM, PKCS#1 or PKCS#8) and returns it as PKCS#8 PEM. Only
 * RSA keys of 1024 bits or more: receivers treat a shorter key as no signature at all.
 */
export function importDkimKey(pem: string): string {
  let key: KeyObject
  try {
    key = createPrivateKey(pem.trim())
  } catch (error) {
    throw new SendsmithError({
      code: 'VALIDATION',
      field: 'key',
      message: `That is not a private key Sendsmith can read: ${(error as Error).message}`,
      hint: 'Give an unencrypted RSA private key in PEM format (-----BEGIN PRIVATE KEY----- or -----BEGIN RSA PRIVATE KEY-----).',
    })
  }
  if (key.asymmetricKeyType !== 'rsa')
    throw new SendsmithError({
      code: 'VALIDATION',
      field: 'key',
      message: `The key is ${key.asymmetricKeyType ?? 'of an unknown type'}, not RSA`,
      hint: 'Sendsmith signs with RSA keys; generate one with --generate.',
    })
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0
  if (bits < 1024)
    throw new SendsmithError({
      code: 'VALIDATION',
      field: 'key',
      message: `The key has ${bits} bits; receivers ignore DKIM keys shorter than 1024 bits`,
      hint: 'Generate a 2048-bit key instead.',
    })
  return key.export({ type: 'pkcs8', format: 'pem' }) as string
}

/** The public half as the base64 SubjectPublicKeyInfo that goes into p=. */
export function dkimPublicKey(privateKeyPem: string): string {
  return (createPublicKey(privateKeyPem).export({ type: 'spki', format: 'der' }) as Buffer).toString('base64')
}

/** The record to publish: `selector._domainkey.domain` with `v=DKIM1; k=rsa; p=...`. */
export function dkimTxtRecord(key: { domain: string; selector: string; privateKeyPem: string }): DkimTxtRecord {
  return {
    name: `${key.selector}._domainkey.${key.domain}`,
    value: `v=DKIM1; k=rsa; p=${dkimPublicKey(key.privateKeyPem)}`,
  }
}

/** The tags of a DKIM key record (`v=DKIM1; k=rsa; p=...`); tag names lower-cased, whitespace removed from p=. */
export function parseDkimRecord(value: string): Record<string, string> {
  const tags: Record<string, string> = {}
  for (const part of value.split(';')) {
    const eq = part.indexOf('=')
    if (eq < 0) continue
    const name = part.slice(0, eq).trim().toLowerCase()
    if (name)
      tags[name] = part
        .slice(eq + 1)
        .replace(/\s+/g, name === 'p' ? '' : ' ')
        .trim()
  }
  return tags
}

/** The size in bits of the RSA key in a record's p= tag, or undefined when it does not parse. */
export function publicKeyBits(p: string): number | undefined {
  try {
    const key = createPublicKey({ key: Buffer.from(p, 'base64'), format: 'der', type: 'spki' })
    return key.asymmetricKeyDetails?.modulusLength
  } catch {
    return undefined
  }
}
