import { createHash } from 'node:crypto'
import sign from 'nodemailer/lib/dkim/sign'
import type { DkimSigningKey } from './dkim-key'

/**
 * Adds a DKIM-Signature (rsa-sha256, relaxed/relaxed) to a built message, synchronously, so the
 * outbox and the merge's per-recipient builder sign the same way. The header list is nodemailer's
 * (10.6.1 and later include List-Unsubscribe-Post, which RFC 8058 requires to be signed).
 */
export function signMessage(raw: Buffer, key: DkimSigningKey): Buffer {
  const text = raw.toString('latin1')
  const split = text.indexOf('\r\n\r\n')
  const head = split < 0 ? text : text.slice(0, split + 2)
  const body = split < 0 ? '' : text.slice(split + 4)
  const bodyHash = createHash('sha256').update(relaxedBody(body), 'latin1').digest('base64')
  const line = sign(headerLines(head), 'sha256', bodyHash, {
    domainName: key.domain,
    keySelector: key.selector,
    privateKey: key.privateKeyPem,
  })
  if (line === false) throw new Error('The DKIM key could not sign the message')
  return Buffer.concat([Buffer.from(`${line}\r\n`, 'latin1'), raw])
}

/** Header fields as nodemailer's signer takes them: lower-case key and the whole (folded) line. */
function headerLines(head: string): { key: string; line: string }[] {
  const lines: { key: string; line: string }[] = []
  for (const physical of head.split('\r\n')) {
    if (physical === '') continue
    if (/^[ \t]/.test(physical) && lines.length > 0) lines[lines.length - 1].line += `\r\n${physical}`
    else lines.push({ key: physical.slice(0, physical.indexOf(':')).trim().toLowerCase(), line: physical })
  }
  return lines
}

/** RFC 6376 3.4.4: runs of whitespace become one space, none at line ends, no empty lines at the end. */
export function relaxedBody(body: string): string {
  const lines = body.split(/\r?\n/).map((l) => l.replace(/[ \t]+/g, ' ').replace(/ $/, ''))
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop()
  return lines.length === 0 ? '' : `${lines.join('\r\n')}\r\n`
}
