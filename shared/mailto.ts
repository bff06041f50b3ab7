/**
 * mailto: links (RFC 6068) into the fields of a new message. Only to, cc, bcc, subject and body are
 * taken; every other header (from, reply-to, attach, in-reply-to, x-...) is listed in `ignored` and
 * never applied, since a web page writes these links and must not set them (RFC 6068 section 7).
 */
export interface MailtoFields {
  to: string[]
  cc: string[]
  bcc: string[]
  subject: string
  body: string
  /** Header names present in the link and left out on purpose, lower-cased. */
  ignored: string[]
}

/** The longest link we read; longer ones are refused rather than cut at a random byte. */
export const mailtoMaxLength = 256 * 1024

const addressFields = new Set(['to', 'cc', 'bcc'])

/** True when the text is a mailto: URI (scheme names are case-insensitive). */
export function isMailtoUrl(text: string): boolean {
  return /^mailto:/i.test(text.trim())
}

/**
 * Parses a mailto: URI. Returns null when it is not one or is too long. Percent-encoded UTF-8 is
 * decoded (a broken sequence is kept as written); '+' is a plus sign, not a space; several `to`
 * fields and the path's addresses are combined; header names are case-insensitive; line breaks in
 * the body become "\n" and are removed from the subject and addresses (no header injection).
 */
export function parseMailto(uri: string): MailtoFields | null {
  const text = uri.trim()
  if (!isMailtoUrl(text) || text.length > mailtoMaxLength) return null
  const rest = text.slice('mailto:'.length).split('#')[0]
  const query = rest.indexOf('?')
  const path = query === -1 ? rest : rest.slice(0, query)
  const fields: MailtoFields = { to: splitAddresses(decode(path)), cc: [], bcc: [], subject: '', body: '', ignored: [] }
  if (query === -1) return fields
  let subjectSeen = false
  let bodySeen = false
  for (const pair of rest.slice(query + 1).split('&')) {
    if (pair === '') continue
    const eq = pair.indexOf('=')
    const name = decode(eq === -1 ? pair : pair.slice(0, eq))
      .trim()
      .toLowerCase()
    const value = eq === -1 ? '' : decode(pair.slice(eq + 1))
    if (addressFields.has(name)) fields[name as 'to' | 'cc' | 'bcc'].push(...splitAddresses(value))
    else if (name === 'subject' && !subjectSeen) {
      subjectSeen = true
      fields.subject = oneLine(value)
    } else if (name === 'body' && !bodySeen) {
      bodySeen = true
      fields.body = value.replace(/\r\n?/g, '\n')
    } else if (name !== 'subject' && name !== 'body' && !fields.ignored.includes(name)) fields.ignored.push(name)
  }
  return fields
}

/** Decodes %XX sequences as UTF-8; a malformed sequence is left as written instead of failing the link. */
function decode(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text.replace(/(%[0-9a-f]{2})+/gi, (run) => {
      try {
        return decodeURIComponent(run)
      } catch {
        return run
      }
    })
  }
}

function oneLine(value: string): string {
  return value.replace(/[\r\n]+/g, ' ').trim()
}

/** Splits an address list on commas outside quotes and angle brackets. */
function splitAddresses(value: string): string[] {
  const out: string[] = []
  let current = ''
  let quoted = false
  let angle = 0
  for (const ch of oneLine(value)) {
    if (ch === '"') quoted = !quoted
    else if (!quoted && ch === '<') angle++
    else if (!quoted && ch === '>') angle = Math.max(0, angle - 1)
    if (ch === ',' && !quoted && angle === 0) {
      out.push(current)
      current = ''
    } else current += ch
  }
  out.push(current)
  return out.map((a) => a.trim()).filter((a) => a !== '')
}

/** The draft a mailto: link becomes: addresses as typed lists, the body as simple HTML paragraphs. */
export function mailtoDraft(fields: MailtoFields): {
  to: string
  cc: string
  bcc: string
  subject: string
  html: string
} {
  const html = fields.body
    .split(/\n{2,}/)
    .filter((paragraph) => paragraph !== '')
    .map((paragraph) => `<p>${escapeHtml(paragraph).replace(/\n/g, '<br>')}</p>`)
    .join('')
  return {
    to: fields.to.join(', ').slice(0, 20_000),
    cc: fields.cc.join(', ').slice(0, 20_000),
    bcc: fields.bcc.join(', ').slice(0, 20_000),
    subject: fields.subject.slice(0, 2_000),
    html,
  }
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`)
}
