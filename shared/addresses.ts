import addressparser from 'nodemailer/lib/addressparser'

/** One mailbox as the user wrote it, parsed: `Ada Lovelace <ada@example.com>`. */
export interface Mailbox {
  name: string
  address: string
}

export interface AddressListParse {
  mailboxes: Mailbox[]
  /** Each entry the parser could not read as a mailbox, with the reason in words. */
  invalid: { input: string; reason: string }[]
}

// A DNS label: letters (any script, for IDN), digits and inner hyphens.
const labelPattern = /^[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?$/u

/** Why an address (the part inside <>) is not deliverable, or null when it is well-formed. */
export function addressProblem(address: string): string | null {
  if (address.length === 0) return 'the address is empty'
  if (/[\s\u0000-\u001f\u007f]/.test(address)) return 'it contains a space or a control character'
  const at = address.lastIndexOf('@')
  if (at === -1) return 'it has no @ sign'
  const local = address.slice(0, at)
  const domain = address.slice(at + 1)
  if (local.length === 0) return 'nothing comes before the @ sign'
  if (local.length > 64) return 'the part before the @ sign is longer than 64 characters'
  if (local.includes('@') && !/^".*"$/.test(local)) return 'it has more than one @ sign'
  if (!local.startsWith('"') && (local.startsWith('.') || local.endsWith('.') || local.includes('..'))) {
    return 'the part before the @ sign has a misplaced dot'
  }
  if (domain.length === 0) return 'nothing comes after the @ sign'
  if (domain.length > 253) return 'the domain is longer than 253 characters'
  if (/^\[.*\]$/.test(domain)) return null // address literal such as [127.0.0.1]
  const labels = domain.split('.')
  if (labels.length < 2) return `the domain "${domain}" has no dot (such as example.com)`
  const bad = labels.find((label) => !labelPattern.test(label))
  if (bad !== undefined) return `the domain "${domain}" is not a valid host name`
  return null
}

/**
 * Parses a comma- or semicolon-separated address field (display names, quoted names and groups
 * allowed) into mailboxes, and lists every entry that is not a valid address with the reason.
 */
export function parseAddressList(field: string): AddressListParse {
  const mailboxes: Mailbox[] = []
  const invalid: AddressListParse['invalid'] = []
  // addressparser treats ';' as a group terminator; people type it as a separator (Outlook does).
  const normalised = field.replace(/;(?=(?:[^"]*"[^"]*")*[^"]*$)/g, ',')
  for (const part of splitTopLevel(normalised)) {
    const trimmed = part.trim()
    if (trimmed === '') continue
    const parsed = addressparser(trimmed, { flatten: true })
    if (parsed.length === 0) {
      invalid.push({ input: trimmed, reason: 'it is not an address' })
      continue
    }
    for (const box of parsed) {
      // addressparser turns a bare word into a name with an empty address: judge what was typed.
      const shown = box.address === '' ? trimmed : box.address
      const problem = addressProblem(box.address === '' ? trimmed : box.address)
      if (problem === null) mailboxes.push({ name: box.name, address: box.address })
      else invalid.push({ input: shown, reason: problem })
    }
  }
  return { mailboxes, invalid }
}

/** Splits on commas outside quotes, angle brackets and groups (`team: a@x, b@y;`). */
function splitTopLevel(field: string): string[] {
  const parts: string[] = []
  let current = ''
  let quoted = false
  let angle = 0
  let group = false
  for (let i = 0; i < field.length; i++) {
    const ch = field[i]
    if (ch === '\\' && quoted) {
      current += ch + (field[i + 1] ?? '')
      i++
      continue
    }
    if (ch === '"') quoted = !quoted
    else if (!quoted && ch === '<') angle++
    else if (!quoted && ch === '>') angle = Math.max(0, angle - 1)
    else if (!quoted && angle === 0 && ch === ':') group = true
    else if (!quoted && angle === 0 && ch === ';') group = false
    if (ch === ',' && !quoted && angle === 0 && !group) {
      parts.push(current)
      current = ''
    } else current += ch
  }
  parts.push(current)
  return parts
}

/**
 * The address with an international domain in its ASCII (punycode) form, as DNS and every SMTP
 * server understand it: `jörg@bücher.example` -> `jörg@xn--bcher-kva.example`. A non-ASCII local
 * part stays as it is; only a server offering SMTPUTF8 can take that.
 */
export function asciiDomain(address: string): string {
  const at = address.lastIndexOf('@')
  const domain = address.slice(at + 1)
  if (at === -1 || /^[\x00-\x7f]*$/.test(domain) || domain.startsWith('[')) return address
  try {
    // WHATWG URL applies IDNA (UTS #46), the same mapping browsers and mail clients use.
    return `${address.slice(0, at)}@${new URL(`http://${domain}`).hostname}`
  } catch {
    return address
  }
}

/** `"Name" <address>` for a header, or the bare address when there is no name. */
export function formatMailbox(box: Mailbox): string {
  if (box.name === '') return box.address
  const needsQuotes = /[^\p{L}\p{N}!#$%&'*+\-/=?^_`{|}~ ]/u.test(box.name)
  return needsQuotes ? `"${box.name.replace(/(["\\])/g, '\\$1')}" <${box.address}>` : `${box.name} <${box.address}>`
}

/** True when a header value would smuggle in another header line. */
export function hasLineBreak(value: string): boolean {
  return /[\r\n]/.test(value)
}
