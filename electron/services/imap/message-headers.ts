import type { ReceivedHop, RoundTripReport } from '../../../shared/contract'

/** The header block of a raw message, unfolded: one [name, value] per header, in order. */
export function headerFields(raw: string): [string, string][] {
  const end = raw.search(/\r?\n\r?\n/)
  const block = end === -1 ? raw : raw.slice(0, end)
  const fields: [string, string][] = []
  for (const line of block.split(/\r?\n/)) {
    if (/^[ \t]/.test(line) && fields.length) fields[fields.length - 1][1] += ` ${line.trim()}`
    else {
      const colon = line.indexOf(':')
      if (colon > 0) fields.push([line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim()])
    }
  }
  return fields
}

/** Removes (comments), which RFC 8601 allows anywhere, keeping what is outside them. */
function withoutComments(value: string): string {
  let out = ''
  let depth = 0
  for (const ch of value) {
    if (ch === '(') depth++
    else if (ch === ')') depth = Math.max(0, depth - 1)
    else if (depth === 0) out += ch
  }
  return out.replace(/\s+/g, ' ').trim()
}

/**
 * One Authentication-Results header (RFC 8601): the authserv-id, then `method=result properties`
 * per method (spf, dkim, dmarc, arc ...), as the receiving provider computed them.
 */
export function parseAuthenticationResults(value: string): RoundTripReport['authenticationResults'][number] {
  const parts = withoutComments(value)
    .split(';')
    .map((p) => p.trim())
    .filter(Boolean)
  const authservId = (parts.shift() ?? '').split(' ')[0]
  const verdicts = parts.flatMap((part) => {
    const match = /^([a-z0-9_.-]+)\s*=\s*([a-z0-9_-]+)\s*(.*)$/i.exec(part)
    return match ? [{ method: match[1].toLowerCase(), result: match[2].toLowerCase(), properties: match[3] }] : []
  })
  return { authservId, verdicts }
}

/**
 * One Received header: from, by, with, the date, and the TLS the hop says it used, in the forms
 * the big servers write (Postfix "using TLSv1.3 with cipher ...", Google "version=TLS1_3 cipher=...",
 * Exim "X=TLS1.3:...", Microsoft "version=TLS1_2, cipher=..."), else "ESMTPS" words, else none.
 */
export function parseReceived(value: string): ReceivedHop {
  const semicolon = value.lastIndexOf(';')
  const date = semicolon === -1 ? null : value.slice(semicolon + 1).trim() || null
  const body = semicolon === -1 ? value : value.slice(0, semicolon)
  const word = (name: string) => new RegExp(`(?:^|\\s)${name}\\s+([^\\s;()]+)`, 'i').exec(body)?.[1] ?? ''
  const tls =
    /using\s+(TLSv?[\d.]+)\s+with\s+cipher\s+([A-Z0-9_-]+)/i.exec(body)?.slice(1).join(' ') ??
    /version=(TLS1_\d)[,\s]+cipher=([A-Z0-9_-]+)/i
      .exec(body)
      ?.slice(1)
      .join(' ')
      .replace(/TLS1_(\d)/, 'TLS1.$1') ??
    /X=(TLS[\d.]+):([A-Z0-9_:-]+)/i.exec(body)?.slice(1).join(' ') ??
    /\((TLSv?1\.\d[^)]*)\)/i.exec(body)?.[1] ??
    (/\bwith\s+(ESMTPS|ESMTPSA|ESMTPSA?|UTF8SMTPS|LMTPS)\b/i.test(body) ? 'TLS (cipher not recorded)' : null)
  return { from: word('from'), by: word('by'), with: word('with'), tls, date, raw: value }
}
