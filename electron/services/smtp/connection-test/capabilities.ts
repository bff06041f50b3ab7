import type { Capabilities } from '../../../../shared/contract'

/**
 * Reads the EHLO reply's lines ("250-SIZE 35882577", "250 AUTH PLAIN LOGIN") into capabilities.
 * The first line is the server's greeting-like hello and carries no extension. Both AUTH forms
 * are read: "AUTH PLAIN LOGIN" and the old "AUTH=PLAIN LOGIN".
 */
export function parseCapabilities(ehloLines: string[]): Capabilities {
  const raw = ehloLines
    .slice(1)
    .map((line) => line.replace(/^\d{3}[ -]?/, '').trim())
    .filter((line) => line !== '')
  const keyword = (line: string) => line.split(/[\s=]/, 1)[0].toUpperCase()
  const has = (name: string) => raw.some((line) => keyword(line) === name)
  const sizeLine = raw.find((line) => keyword(line) === 'SIZE')
  const size = sizeLine ? Number.parseInt(sizeLine.split(/\s+/)[1] ?? '', 10) : Number.NaN
  const authMechanisms = raw
    .filter((line) => keyword(line) === 'AUTH')
    .flatMap((line) => line.slice(5).trim().split(/\s+/))
    .map((mechanism) => mechanism.toUpperCase())
    .filter((mechanism, i, all) => mechanism !== '' && all.indexOf(mechanism) === i)
  return {
    raw,
    // "SIZE" alone (or "SIZE 0") means the server announces no fixed limit.
    size: Number.isFinite(size) && size > 0 ? size : null,
    authMechanisms,
    startTls: has('STARTTLS'),
    pipelining: has('PIPELINING'),
    eightBitMime: has('8BITMIME'),
    smtpUtf8: has('SMTPUTF8'),
  }
}

/** One line for the EHLO step: "SIZE 10 MB, AUTH PLAIN LOGIN, PIPELINING, 8BITMIME, SMTPUTF8". */
export function describeCapabilities(caps: Capabilities): string {
  const parts = [
    caps.size !== null ? `SIZE ${formatSize(caps.size)}` : undefined,
    caps.authMechanisms.length > 0 ? `AUTH ${caps.authMechanisms.join(' ')}` : 'no AUTH',
    caps.startTls ? 'STARTTLS' : undefined,
    caps.pipelining ? 'PIPELINING' : undefined,
    caps.eightBitMime ? '8BITMIME' : undefined,
    caps.smtpUtf8 ? 'SMTPUTF8' : undefined,
  ]
  return parts.filter((p): p is string => p !== undefined).join(', ')
}

function formatSize(bytes: number): string {
  const mb = bytes / (1024 * 1024)
  return mb >= 1 ? `${Math.round(mb * 10) / 10} MB` : `${Math.round(bytes / 1024)} KB`
}
